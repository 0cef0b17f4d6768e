"""A registry and the placements of the record selected in it: the foster families
(pages/families.py) and, in a tab beside them, the communities (pages/communities.py).

Both list their records through filters, keep the selection across reloads, show the children a
record hosts or hosted, and place a child, record the six-monthly review and end a placement in a
form; a result that arrives after the filters, the selection or visit mode changed is dropped.
This base does all of that; a subclass says what its records, filters, forms and words are.

Its words are the subclass's (tr() in the subclass, whose context Qt looks in first): the same
English reads differently in Italian for a family's abbinamento and a community's inserimento.
The few tr() here read the same for both."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain.ambiti import AMBITI, ambito_id
from minorifamiglie.domain.changes import Changes
from minorifamiglie.domain.entities import (
    Community,
    CommunityPlacement,
    FosterFamily,
    Placement,
)
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.services import placements
from minorifamiglie.services.communities import CommunityPlacementView
from minorifamiglie.services.placements import PlacementCandidate, PlacementView
from minorifamiglie.ui.common import (
    error_text,
    one_line,
    plain_html,
    plain_label,
    read_only_table,
    shown,
)
from minorifamiglie.ui.forms import FormField, RecordFormDialog
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.models.registry_table import PlacementRowsModel, RegistryTableModel
from minorifamiglie.ui.operations import QueryOperation
from minorifamiglie.ui.pages.base import Page
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.storage.profile import OpenProfile

T = TypeVar("T", bound=FosterFamily | Community)  # a record of the registry
V = TypeVar("V", bound=PlacementView | CommunityPlacementView)  # a placement in it
Save = Callable[["OpenProfile", dict[str, Any]], Any]


# The details under a record's placements (its telephone and notes) shown up to this many
# characters, about three lines of the page: the rest in the tooltip.
DETAILS_CHARS = 300


@dataclass(frozen=True, slots=True)
class Form:
    """A form to open: its title, its fields, their first values and what Save writes (on the
    worker: it holds ids, never the page). `name` is the dialog's object name, `tooltips` those
    of some fields by name."""

    title: str
    fields: Sequence[FormField]
    save: Save
    values: Mapping[str, object] | None = None
    name: str = ""
    tooltips: Mapping[str, str] | None = None


@dataclass(frozen=True, slots=True)
class RegistryTexts:
    """The words of a registry page that are its own (tr() in the subclass)."""

    new_record: str  # the "New…" button
    new_record_accessible: str  # and the title of its form
    edit_record: str
    edit_record_accessible: str
    placements_table: str  # the placements table's accessible name
    placements: str  # their title with no record selected
    hint: str  # how to open a placement's case
    new_placement: str
    new_placement_accessible: str
    review: str
    review_accessible: str
    end: str
    end_accessible: str
    missing_child: str  # a new placement saved with no child chosen


class RegistryPage(Page, Generic[T, V]):
    """Emits `caseOpened(case_id)` when a placement is double-clicked (or Enter is pressed).

    A subclass names the tables whose changes reload it (`SOURCES`, its service's) and the
    services it calls on the worker (`save_new`, `save_changes`, `placements_of`, as
    staticmethods: they never hold the page); in `build` it makes its filters (`enum_filter`)
    and lays out what `build_lists` returns; it overrides the methods under "to override"."""

    caseOpened = Signal(object)

    SOURCES: frozenset[str] = frozenset()
    save_new: Callable[..., T]  # save_new(opened, **values)
    save_changes: Callable[..., T]  # save_changes(opened, record_id, **changed)
    # placements_of(opened, record_id): most recent first; the id is the record's own kind
    placements_of: Callable[[OpenProfile, Any], Sequence[V]]

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(workspace, parent)
        self.texts = self.registry_texts()
        self._today = today
        self._records = QueryOperation(self, workspace)
        self._placements = QueryOperation(self, workspace)
        self._candidates = QueryOperation(self, workspace)
        self._loaded = False
        self._selected: uuid.UUID | None = None
        self._new_placement: uuid.UUID | None = None  # selected once the placements reload
        self.dialog: RecordFormDialog | None = None
        self.build()
        workspace.changesApplied.connect(self._changes_applied)

    # ------------------------------------------------------------------ to override
    def registry_texts(self) -> RegistryTexts:
        raise NotImplementedError

    def build(self) -> None:
        """The filters, then `build_lists`, and their layout."""
        raise NotImplementedError

    def records_loader(self) -> Callable[[OpenProfile], Sequence[Any]]:
        """What loads the registry's rows, as the filters say now."""
        raise NotImplementedError

    def count_text(self, count: int) -> str:
        raise NotImplementedError

    def describe(self, record: T) -> tuple[str, str]:
        """The placements' title when `record` is selected, and the details shown under it."""
        raise NotImplementedError

    def hosting_refusal(self, record: T) -> str:
        """Why `record` cannot host a child now ("": it can)."""
        return ""

    def record_fields(self) -> list[FormField]:
        raise NotImplementedError

    def placement_form(self, record: T) -> Form:
        """The new placement's form but the child, asked first: its `save` finds the chosen
        PlacementCandidate under "minor_id"."""
        raise NotImplementedError

    def review_form(self, view: V) -> Form:
        raise NotImplementedError

    def end_form(self, view: V) -> Form:
        raise NotImplementedError

    # ------------------------------------------------------------------ building
    def enum_filter(
        self, values: type[StrEnum], accessible: str, any_text: str, caption: str
    ) -> tuple[QLabel, QComboBox]:
        """A filter on an enum ("Any…" first: no filter), its label its buddy; it reloads."""
        combo = QComboBox()
        combo.setAccessibleName(accessible)
        combo.addItem(any_text, None)
        for value in values:
            combo.addItem(label(value), value)
        combo.currentIndexChanged.connect(self.refresh)
        caption_label = QLabel(caption)
        caption_label.setBuddy(combo)
        return caption_label, combo

    def build_lists(
        self,
        filters: Sequence[tuple[QLabel, QComboBox]],
        model: RegistryTableModel[Any, T],
        table_name: str,
        table_accessible: str,
        placement_model: PlacementRowsModel[V],
        placement_table_name: str,
    ) -> tuple[QHBoxLayout, QSplitter]:
        """The bar (filters, count, New and Edit), then the registry over the placements."""
        self.model = model
        self.table = read_only_table(model, table_accessible, table_name)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.table.activated.connect(lambda _index: self.edit_record())
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self._build_placements(placement_model, placement_table_name))
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        bar = self._build_bar(filters)
        self._show_placements_of(None)
        self._update_buttons()
        return bar, splitter

    def _build_bar(self, filters: Sequence[tuple[QLabel, QComboBox]]) -> QHBoxLayout:
        texts = self.texts
        self.add_button = QPushButton(texts.new_record)
        self.add_button.setAccessibleName(texts.new_record_accessible)
        self.add_button.clicked.connect(self.add_record)
        self.edit_button = QPushButton(texts.edit_record)
        self.edit_button.setAccessibleName(texts.edit_record_accessible)
        self.edit_button.clicked.connect(self.edit_record)
        self.count_label = plain_label()
        bar = QHBoxLayout()
        for caption, combo in filters:
            bar.addWidget(caption)
            bar.addWidget(combo)
            bar.addSpacing(12)
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.edit_button)
        return bar

    def _build_placements(self, model: PlacementRowsModel[V], table_name: str) -> QWidget:
        """The placements of the selected record: title, hint and buttons, details, table."""
        texts = self.texts
        self.placement_model = model
        self.placement_table = read_only_table(model, texts.placements_table, table_name)
        self.placement_table.activated.connect(self._open_case)
        self.placement_table.selectionModel().selectionChanged.connect(
            lambda *_: self._update_buttons()
        )
        self.placements_title = plain_label()
        font = self.placements_title.font()
        font.setBold(True)
        self.placements_title.setFont(font)
        self.details = plain_label()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The title names the selected record (as long as a name can be): it gives way rather
        # than widen the window past a laptop's screen; the hint has a line of its own.
        self.placements_title.setSizePolicy(
            QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred
        )
        self.placements_title.setMinimumWidth(120)
        self.placements_hint = QLabel(texts.hint)
        self.placements_hint.setEnabled(False)
        self.placements_hint.setWordWrap(True)
        self.new_placement_button = self._button(
            texts.new_placement, texts.new_placement_accessible, self.new_placement
        )
        self.review_button = self._button(texts.review, texts.review_accessible, self.record_review)
        self.end_button = self._button(texts.end, texts.end_accessible, self.end_placement)
        row = QHBoxLayout()
        row.addWidget(self.placements_title, 1)
        row.addWidget(self.new_placement_button)
        row.addWidget(self.review_button)
        row.addWidget(self.end_button)
        lower = QWidget()
        column = QVBoxLayout(lower)
        column.setContentsMargins(0, 6, 0, 0)
        column.addLayout(row)
        column.addWidget(self.placements_hint)
        column.addWidget(self.details)
        column.addWidget(self.placement_table, 1)
        return lower

    @staticmethod
    def _button(text: str, accessible: str, action: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible)
        button.clicked.connect(action)
        return button

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        self.reload()

    def reload(self) -> None:
        """The registry, as the filters say (its placements follow the selection)."""
        if self.visit_mode or not self.workspace.unlocked:
            return
        self._records.run(self.records_loader(), self._records_loaded, self._load_failed)

    def _records_loaded(self, rows: Sequence[Any]) -> None:
        self._loaded = True
        keep = self._selected
        self.model.set_rows(rows)
        self.count_label.setText(self.count_text(len(rows)))
        row = self.model.row_of(keep) if keep is not None else -1
        if row < 0 and rows:
            row = 0
        if row >= 0:
            self.table.selectRow(row)
        else:
            self._show_placements_of(None)
        self._update_buttons()

    def _load_failed(self, error: BaseException) -> None:
        self.count_label.setText(error_text(error))

    def _selection_changed(self) -> None:
        self._show_placements_of(self.current_record())
        self._update_buttons()

    def current_record(self) -> T | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record_at(rows[0].row()) if rows else None

    def current_placement(self) -> V | None:
        rows = self.placement_table.selectionModel().selectedRows()
        return self.placement_model.placement_at(rows[0].row()) if rows else None

    def _show_placements_of(self, record: T | None) -> None:
        self._placements.cancel()
        self._selected = record.id if record is not None else self._selected
        self.placement_model.today = self._today()
        if record is None:
            self.placement_model.clear()
            self.placements_title.setText(self.texts.placements)
            self.details.clear()
            return
        title, details = self.describe(record)  # stored names and notes in them: shown()
        # a few lines at most, whole in the tooltip: long notes left the placements no room
        cut = details if len(details) <= DETAILS_CHARS else details[:DETAILS_CHARS] + "…"
        self.details.setText(shown(cut))
        self.details.setToolTip(plain_html(details) if cut != details else "")
        self.placements_title.setText(one_line(title))
        self.placements_title.setToolTip(plain_html(title))  # whole, where the line cuts it
        record_id = record.id
        load = self.placements_of
        self._placements.run(
            lambda opened: load(opened, record_id), self._placements_loaded, self._load_failed
        )

    def _placements_loaded(self, rows: Sequence[V]) -> None:
        self.placement_model.set_rows(rows)
        new, self._new_placement = self._new_placement, None
        if rows:
            ids: list[uuid.UUID] = [view.placement.id for view in rows]
            self.placement_table.selectRow(ids.index(new) if new in ids else 0)
        else:
            self.placements_title.setText(
                self.placements_title.text() + " — " + self.tr("none so far")
            )
        self._update_buttons()

    def _changes_applied(self, changes: Changes) -> None:
        if self._loaded and changes.touches(self.SOURCES):
            self.reload()

    def _update_buttons(self) -> None:
        record = self.current_record()
        self.edit_button.setEnabled(record is not None)
        refusal = self.hosting_refusal(record) if record is not None else ""
        self.new_placement_button.setEnabled(record is not None and not refusal)
        self.new_placement_button.setToolTip(refusal)
        placement = self.current_placement()
        running = placement is not None and placement.placement.ended_on is None
        self.review_button.setEnabled(running)
        self.end_button.setEnabled(running)

    def _open_case(self, index: QModelIndex) -> None:
        view = self.placement_model.placement_at(index.row())
        if view is not None and not self.visit_mode:
            self.caseOpened.emit(view.placement.case_id)

    # ------------------------------------------------------------------ editing
    def where_fields(self) -> list[FormField]:
        """The municipality and the Ambito of a record."""
        return [
            FormField("comune", self.tr("Municipality"), "text", max_length=120),
            FormField(
                "ambito_id",
                self.tr("Ambito"),
                "combo",
                choices=[(name, ambito_id(code)) for code, name in AMBITI],
                none_label=self.tr("(none)"),
            ),
        ]

    def add_record(self) -> None:
        if self.visit_mode:
            return
        save_new = self.save_new
        form = Form(
            self.texts.new_record_accessible,
            self.record_fields(),
            lambda opened, values: save_new(opened, **values),
        )
        self._open(form, self._record_saved)

    def edit_record(self) -> None:
        record = self.current_record()
        if record is None or self.visit_mode:
            return
        fields = self.record_fields()
        record_id, save_changes = record.id, self.save_changes
        form = Form(
            self.tr("Edit %1").replace("%1", record.name),
            fields,
            lambda opened, changed: save_changes(opened, record_id, **changed),
            {f.name: getattr(record, f.name) for f in fields},
        )
        self._open(form, self._record_saved)

    def _record_saved(self, record: T) -> None:
        self._selected = record.id

    def new_placement(self) -> None:
        """Loads the minors of the open cases, then asks whom to place and how."""
        record = self.current_record()
        if record is None or self.visit_mode or self.hosting_refusal(record):
            return
        self._candidates.run(
            placements.placement_candidates,
            partial(self._open_placement_dialog, record),
            self._load_failed,
        )

    def _open_placement_dialog(self, record: T, candidates: list[PlacementCandidate]) -> None:
        child = FormField(
            "minor_id",
            self.tr("Child"),
            "combo",
            required=True,
            choices=[(f"{c.case_code} — {c.minor_name}", c) for c in candidates],
            none_label=None if candidates else self.tr("(no open case with a child)"),
        )
        form = self.placement_form(record)
        place, missing = form.save, self.texts.missing_child

        def save(opened: OpenProfile, values: dict[str, Any]) -> Any:
            if not isinstance(values["minor_id"], PlacementCandidate):
                raise ValidationError(missing, "minor_id")
            return place(opened, values)

        self._open(
            dataclasses.replace(form, fields=[child, *form.fields], save=save),
            self._placement_saved,
        )

    def _placement_saved(self, placement: Placement | CommunityPlacement) -> None:
        self._new_placement = placement.id

    def record_review(self) -> None:
        view = self.current_placement()
        if view is None or self.visit_mode:
            return
        self._open(self.review_form(view))

    def end_placement(self) -> None:
        view = self.current_placement()
        if view is None or self.visit_mode or view.placement.ended_on is not None:
            return
        self._open(self.end_form(view))

    def _open(self, form: Form, on_saved: Callable[[Any], None] | None = None) -> None:
        """One form at a time: a new one closes the one open."""
        dialog = RecordFormDialog(form.title, form.fields, form.values, parent=self)
        if form.name:
            dialog.setObjectName(form.name)
        for name, tip in (form.tooltips or {}).items():
            dialog.editor(name).setToolTip(tip)
        dialog.run_with(self.workspace, form.save, on_saved=on_saved)
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: RecordFormDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    # ------------------------------------------------------------------ modes
    def set_visit_mode(self, on: bool) -> None:
        """On: nothing on screen, nothing loaded, no form open (off: `refresh` reloads)."""
        super().set_visit_mode(on)
        if on:
            if self.dialog is not None:
                self.dialog.reject()
            self.forget()

    def clear(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
        self.forget()
        self._loaded = False

    def forget(self) -> None:
        for query in (self._records, self._placements, self._candidates):
            query.cancel()
        self._new_placement = None
        self._selected = None
        self.model.clear()
        self.placement_model.clear()
        self.count_label.clear()
        self.placements_title.setText(self.texts.placements)
        self.details.clear()
        self._update_buttons()
