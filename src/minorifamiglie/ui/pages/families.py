"""Famiglie e comunità: the registry of foster families and, for the one selected, the children
it hosts or hosted (abbinamenti) with their six-monthly reviews; beside it, in a second tab, the
residential communities and their placements (pages/communities.py)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain.ambiti import AMBITI, ambito_id
from minorifamiglie.domain.entities import FosterFamily, Placement
from minorifamiglie.domain.enums import (
    Availability,
    FosterFamilyStatus,
    LegalBasis,
    PlacementEnd,
    PlacementKind,
)
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.services import families, placements
from minorifamiglie.services.placements import PlacementCandidate, PlacementView
from minorifamiglie.ui.common import error_text, read_only_table, weak_callback
from minorifamiglie.ui.forms import FormField, RecordFormDialog
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.models.family_table import FamilyTableModel, PlacementTableModel
from minorifamiglie.ui.pages.base import Page
from minorifamiglie.ui.pages.communities import CommunitiesPanel
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.storage.profile import OpenProfile

WATCHED = frozenset({"foster_families", "placements", "cases", "persons", "case_members"})


def _table(name: str, accessible: str, model: Any) -> QTableView:
    return read_only_table(model, accessible, name, fit="all")


class FamiliesPage(Page):
    """Emits `caseOpened(case_id)` when a placement is double-clicked (or Enter is pressed)."""

    caseOpened = Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(workspace, parent)
        self.setObjectName("familiesPage")
        self._today = today
        self._serial = 0
        self._placement_serial = 0
        self._loaded = False
        self._selected: uuid.UUID | None = None
        self._new_placement: uuid.UUID | None = None  # selected once the placements reload
        self._candidates_serial = 0
        self.dialog: RecordFormDialog | None = None
        top = self._build_filters()

        # ---- the registry
        self.model = FamilyTableModel(self)
        self.table = _table("familyTable", self.tr("Foster families"), self.model)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(lambda _index: self.edit_family())

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self._build_placements())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        families_tab = QWidget()
        content_layout = QVBoxLayout(families_tab)
        content_layout.setContentsMargins(0, 6, 0, 0)
        content_layout.addLayout(top)
        content_layout.addWidget(splitter, 1)
        self.content = self._build_tabs(families_tab, workspace, today)

        self.hidden_notice = QLabel(
            self.tr(
                "Visit mode: the registry of foster families and communities is hidden.\n"
                "Turn visit mode off (F9) to see it."
            )
        )
        self.hidden_notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hidden_notice.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.content)
        self.stack.addWidget(self.hidden_notice)
        layout = QVBoxLayout(self)
        layout.addWidget(self.make_heading())
        layout.addWidget(self.stack, 1)

        self.status.currentIndexChanged.connect(self.refresh)
        self.availability.currentIndexChanged.connect(self.refresh)
        self.add_button.clicked.connect(self.add_family)
        self.edit_button.clicked.connect(self.edit_family)
        self.review_button.clicked.connect(self.record_review)
        self.end_placement_button.clicked.connect(self.end_placement)
        self.new_placement_button.clicked.connect(self.new_placement)
        workspace.changesApplied.connect(self._changes_applied)
        self._show_placements_of(None)

    def _build_tabs(
        self, families_tab: QWidget, workspace: Workspace, today: Callable[[], dt.date]
    ) -> QTabWidget:
        """The foster families, and the communities beside them."""
        self.communities = CommunitiesPanel(workspace, today=today)
        self.communities.caseOpened.connect(self.caseOpened)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("familiesTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(families_tab, self.tr("Foster families"))
        self.tabs.addTab(self.communities, self.tr("Communities"))
        return self.tabs

    def _build_filters(self) -> QHBoxLayout:
        """Status and availability filters, the count, New and Edit."""
        self.status = QComboBox()
        self.status.setAccessibleName(self.tr("Status"))
        self.status.addItem(self.tr("Any status"), None)
        for status in FosterFamilyStatus:
            self.status.addItem(label(status), status)
        self.availability = QComboBox()
        self.availability.setAccessibleName(self.tr("Availability"))
        self.availability.addItem(self.tr("Any availability"), None)
        for availability in Availability:
            self.availability.addItem(label(availability), availability)
        status_label = QLabel(self.tr("&Status:"))
        status_label.setBuddy(self.status)
        availability_label = QLabel(self.tr("A&vailability:"))
        availability_label.setBuddy(self.availability)
        self.add_button = QPushButton(self.tr("&New family…"))
        self.add_button.setAccessibleName(self.tr("New foster family"))
        self.edit_button = QPushButton(self.tr("&Edit family…"))
        self.edit_button.setAccessibleName(self.tr("Edit the selected family"))
        self.edit_button.setEnabled(False)
        self.count_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(status_label)
        top.addWidget(self.status)
        top.addSpacing(12)
        top.addWidget(availability_label)
        top.addWidget(self.availability)
        top.addSpacing(12)
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        return top

    def _build_placements(self) -> QWidget:
        """The placements of the selected family, with "Record review"."""
        self.placement_model = PlacementTableModel(self)
        self.placement_table = _table(
            "placementTable", self.tr("Placements of the family"), self.placement_model
        )
        self.placement_table.activated.connect(self._open_case)
        self.placement_table.selectionModel().selectionChanged.connect(
            lambda *_: self._update_buttons()
        )
        self.placements_title = QLabel()
        self.placements_title.setObjectName("placementsTitle")
        font = self.placements_title.font()
        font.setBold(True)
        self.placements_title.setFont(font)
        self.review_button = QPushButton(self.tr("&Record review…"))
        self.review_button.setAccessibleName(
            self.tr("Record the six-monthly review of the selected placement")
        )
        self.review_button.setEnabled(False)
        self.end_placement_button = QPushButton(self.tr("E&nd placement…"))
        self.end_placement_button.setObjectName("endPlacementButton")
        self.end_placement_button.setAccessibleName(
            self.tr("End the selected placement, saying why")
        )
        self.end_placement_button.setEnabled(False)
        self.new_placement_button = QPushButton(self.tr("New &placement…"))
        self.new_placement_button.setObjectName("newPlacementButton")
        self.new_placement_button.setAccessibleName(
            self.tr("Place a child with the selected family")
        )
        self.new_placement_button.setEnabled(False)
        self.placements_hint = QLabel(self.tr("Double-click a placement to open its case."))
        self.placements_hint.setEnabled(False)
        self.family_details = QLabel()
        self.family_details.setObjectName("familyDetails")
        self.family_details.setWordWrap(True)
        self.family_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        placements_top = QHBoxLayout()
        placements_top.addWidget(self.placements_title)
        placements_top.addStretch(1)
        placements_top.addWidget(self.placements_hint)
        placements_top.addWidget(self.new_placement_button)
        placements_top.addWidget(self.review_button)
        placements_top.addWidget(self.end_placement_button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 6, 0, 0)
        lower_layout.addLayout(placements_top)
        lower_layout.addWidget(self.family_details)
        lower_layout.addWidget(self.placement_table, 1)
        return lower

    def title(self) -> str:
        return self.tr("Families and communities")

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        self.communities.refresh()
        self._refresh_families()

    def _refresh_families(self) -> None:
        if self.visit_mode or not self.workspace.unlocked:
            return
        self._serial += 1
        serial = self._serial
        status_code = self.status.currentData()  # a StrEnum comes back from Qt as a str
        availability_code = self.availability.currentData()
        status = FosterFamilyStatus(status_code) if status_code else None
        availability = Availability(availability_code) if availability_code else None

        def load(opened: OpenProfile) -> list[FosterFamily]:
            return families.list_families(opened, status=status, availability=availability)

        self.workspace.call(
            load, weak_callback(self._families_loaded, serial), weak_callback(self._load_failed)
        )

    def _families_loaded(self, serial: int, rows: list[FosterFamily]) -> None:
        if serial != self._serial or self.visit_mode:
            return
        self._loaded = True
        keep = self._selected
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("%n families", "", len(rows)))
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

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_placements_of(self.current_family())
        self._update_buttons()

    def current_family(self) -> FosterFamily | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.family_at(rows[0].row()) if rows else None

    def _show_placements_of(self, family: FosterFamily | None) -> None:
        self._placement_serial += 1
        serial = self._placement_serial
        self._selected = family.id if family is not None else self._selected
        self.placement_model.today = self._today()
        if family is None:
            self.placement_model.clear()
            self.placements_title.setText(self.tr("Placements"))
            self.family_details.clear()
            return
        self.family_details.setText(" — ".join(t for t in (family.members, family.notes) if t))
        self.placements_title.setText(self.tr("Placements of %1").replace("%1", family.name))
        family_id = family.id

        def load(opened: OpenProfile) -> list[PlacementView]:
            return placements.list_family_placements(opened, family_id)

        self.workspace.call(
            load,
            weak_callback(self._placements_loaded, serial),
            weak_callback(self._load_failed),
        )

    def _placements_loaded(self, serial: int, rows: list[PlacementView]) -> None:
        if serial != self._placement_serial or self.visit_mode:
            return
        self.placement_model.set_rows(rows)
        new = self._new_placement
        self._new_placement = None
        if rows:
            ids = [view.placement.id for view in rows]
            self.placement_table.selectRow(ids.index(new) if new in ids else 0)
        else:
            self.placements_title.setText(
                self.placements_title.text() + " — " + self.tr("none so far")
            )
        self._update_buttons()

    def _changes_applied(self, changes: frozenset[str]) -> None:
        if self._loaded and (not changes or changes & WATCHED):
            self._refresh_families()  # the communities tab reloads on its own

    def _update_buttons(self) -> None:
        family = self.current_family()
        self.edit_button.setEnabled(family is not None)
        withdrawn = family is not None and family.status is FosterFamilyStatus.WITHDRAWN
        self.new_placement_button.setEnabled(family is not None and not withdrawn)
        self.new_placement_button.setToolTip(
            self.tr("The family has withdrawn: it cannot host a child.") if withdrawn else ""
        )
        placement = self.current_placement()
        running = placement is not None and placement.placement.ended_on is None
        self.review_button.setEnabled(running)
        self.end_placement_button.setEnabled(running)

    def current_placement(self) -> PlacementView | None:
        rows = self.placement_table.selectionModel().selectedRows()
        return self.placement_model.placement_at(rows[0].row()) if rows else None

    def _open_case(self, index: QModelIndex) -> None:
        view = self.placement_model.placement_at(index.row())
        if view is not None and not self.visit_mode:
            self.caseOpened.emit(view.placement.case_id)

    # ------------------------------------------------------------------ editing
    def _family_fields(self) -> list[FormField]:
        return [
            FormField("name", self.tr("Family name"), "text", required=True, max_length=200),
            FormField(
                "members",
                self.tr("Members"),
                "multiline",
                placeholder=self.tr("Who lives in the household, and their ages"),
            ),
            FormField("comune", self.tr("Municipality"), "text", max_length=120),
            FormField(
                "ambito_id",
                self.tr("Ambito"),
                "combo",
                choices=[(name, ambito_id(code)) for code, name in AMBITI],
                none_label=self.tr("(none)"),
            ),
            FormField("availability", self.tr("Availability"), "enum", enum_type=Availability),
            FormField("status", self.tr("Status"), "enum", enum_type=FosterFamilyStatus),
            FormField("training_completed_on", self.tr("Training completed on"), "optional-date"),
            FormField("notes", self.tr("Notes"), "multiline"),
        ]

    def add_family(self) -> None:
        if self.visit_mode:
            return
        dialog = RecordFormDialog(self.tr("New foster family"), self._family_fields(), parent=self)
        dialog.run_with(
            self.workspace,
            lambda opened, values: families.add_family(opened, **values),
            changes={"foster_families"},
            on_saved=self._saved,
        )
        self._open_dialog(dialog)

    def edit_family(self) -> None:
        family = self.current_family()
        if family is None or self.visit_mode:
            return
        fields = self._family_fields()
        values = {f.name: getattr(family, f.name) for f in fields}
        dialog = RecordFormDialog(
            self.tr("Edit %1").replace("%1", family.name), fields, values, parent=self
        )
        family_id = family.id
        dialog.run_with(
            self.workspace,
            lambda opened, changed: families.update_family(opened, family_id, **changed),
            changes={"foster_families"},
            on_saved=self._saved,
        )
        self._open_dialog(dialog)

    def _saved(self, family: FosterFamily) -> None:
        self._selected = family.id

    def record_review(self) -> None:
        view = self.current_placement()
        if view is None or self.visit_mode:
            return
        dialog = RecordFormDialog(
            self.tr("Six-monthly review of %1").replace("%1", view.minor.full_name),
            [FormField("last_review_on", self.tr("Review held on"), "date", required=True)],
            {"last_review_on": self._today()},
            parent=self,
        )
        placement_id = view.placement.id
        dialog.run_with(
            self.workspace,
            lambda opened, values: placements.record_placement_review(
                opened, placement_id, values["last_review_on"]
            ),
            changes={"placements"},
        )
        self._open_dialog(dialog)

    def end_placement(self) -> None:
        """The affido ends: on which day, and why (PlacementEnd: asked, never guessed)."""
        view = self.current_placement()
        if view is None or self.visit_mode or view.placement.ended_on is not None:
            return
        dialog = RecordFormDialog(
            self.tr("End of the placement of %1").replace("%1", view.minor.full_name),
            [
                FormField("ended_on", self.tr("Ended on"), "date", required=True),
                FormField(
                    "end_reason",
                    self.tr("Why it ended"),
                    "enum",
                    required=True,
                    enum_type=PlacementEnd,
                    none_label=self.tr("(choose)"),
                ),
            ],
            {"ended_on": self._today(), "end_reason": None},
            parent=self,
        )
        dialog.setObjectName("endPlacementDialog")
        placement_id = view.placement.id
        dialog.run_with(
            self.workspace,
            lambda opened, values: placements.end_placement(
                opened, placement_id, values["ended_on"], reason=values["end_reason"]
            ),
            changes={"placements"},
        )
        self._open_dialog(dialog)

    def new_placement(self) -> None:
        """Loads the minors of the open cases, then asks whom to place and how."""
        family = self.current_family()
        if family is None or self.visit_mode:
            return
        self._candidates_serial += 1
        self.workspace.call(
            placements.placement_candidates,
            weak_callback(self._open_placement_dialog, self._candidates_serial, family),
            weak_callback(self._load_failed),
        )

    def _open_placement_dialog(
        self, serial: int, family: FosterFamily, candidates: list[PlacementCandidate]
    ) -> None:
        if serial != self._candidates_serial or self.visit_mode or not self.workspace.unlocked:
            return
        fields = [
            FormField(
                "minor_id",
                self.tr("Child"),
                "combo",
                required=True,
                choices=[(f"{c.case_code} — {c.minor_name}", c) for c in candidates],
                none_label=None if candidates else self.tr("(no open case with a child)"),
            ),
            FormField("legal_basis", self.tr("Legal basis"), "enum", enum_type=LegalBasis),
            FormField("kind", self.tr("Kind"), "enum", enum_type=PlacementKind),
            FormField("schedule", self.tr("Schedule"), "enum", enum_type=Availability),
            FormField("start_on", self.tr("Start date"), "date", required=True),
            FormField("planned_end_on", self.tr("Planned end"), "optional-date"),
        ]
        dialog = RecordFormDialog(
            self.tr("New placement with %1").replace("%1", family.name),
            fields,
            {"schedule": family.availability, "start_on": self._today()},
            parent=self,
        )
        dialog.editor("planned_end_on").setToolTip(
            self.tr("If not set, the placement lasts 24 months from its start.")
        )
        family_id = family.id
        missing = self.tr("Choose the child to place.")

        def save(opened: OpenProfile, values: dict[str, Any]) -> Placement:
            chosen = values["minor_id"]
            if not isinstance(chosen, PlacementCandidate):
                raise ValidationError(missing, "minor_id")
            return placements.add_placement(
                opened,
                chosen.case_id,
                minor_id=chosen.minor_id,
                family_id=family_id,
                legal_basis=values["legal_basis"],
                kind=values["kind"],
                schedule=values["schedule"],
                start_on=values["start_on"],
                planned_end_on=values["planned_end_on"],
            )

        dialog.run_with(
            self.workspace, save, changes={"placements"}, on_saved=self._placement_saved
        )
        self._open_dialog(dialog)

    def _placement_saved(self, placement: Placement) -> None:
        self._new_placement = placement.id

    def _open_dialog(self, dialog: RecordFormDialog) -> None:
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
        super().set_visit_mode(on)
        self.stack.setCurrentWidget(self.hidden_notice if on else self.content)
        self.communities.hide_all(on)
        if on:
            if self.dialog is not None:
                self.dialog.reject()
            self._forget()
        else:
            self.refresh()

    def clear(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
        self._forget()
        self._loaded = False
        self.communities.clear()

    def _forget(self) -> None:
        self._serial += 1
        self._placement_serial += 1
        self._candidates_serial += 1
        self._new_placement = None
        self._selected = None
        self.model.clear()
        self.placement_model.clear()
        self.count_label.clear()
        self.placements_title.setText(self.tr("Placements"))
        self.family_details.clear()
        self._update_buttons()
