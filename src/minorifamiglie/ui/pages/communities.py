"""Comunità: the registry of residential communities for minors and, for the one selected, the
children it hosts or hosted (inserimenti) with their six-monthly reports. A tab of the "Families
and communities" page (pages/families.py), beside the foster families."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain.ambiti import AMBITI, ambito_id
from minorifamiglie.domain.entities import Community, CommunityPlacement
from minorifamiglie.domain.enums import CommunityKind, LegalBasis, PlacementEnd
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.services import communities, placements
from minorifamiglie.services.communities import CommunityPlacementView, CommunityView
from minorifamiglie.services.placements import PlacementCandidate
from minorifamiglie.ui.common import error_text, read_only_table, weak_callback
from minorifamiglie.ui.forms import FormField, RecordFormDialog
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.models.community_table import (
    CommunityPlacementTableModel,
    CommunityTableModel,
)
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.storage.profile import OpenProfile

WATCHED = frozenset({"communities", "community_placements", "cases", "persons", "case_members"})
PLACEMENT_CHANGES = {"community_placements"}


def end_placement_fields() -> list[FormField]:
    """The form that ends a community placement: the day and the reason (also the case file's)."""
    return [
        FormField(
            "ended_on",
            QCoreApplication.translate("CommunitiesPanel", "Last day in the community"),
            "date",
            required=True,
        ),
        FormField(
            "end_reason",
            QCoreApplication.translate("CommunitiesPanel", "Why it ended"),
            "enum",
            enum_type=PlacementEnd,
        ),
    ]


def community_review_field() -> FormField:
    return FormField(
        "last_review_on",
        QCoreApplication.translate("CommunitiesPanel", "Report made on"),
        "date",
        required=True,
    )


class CommunitiesPanel(QWidget):
    """Emits `caseOpened(case_id)` when a placement is double-clicked (or Enter is pressed).
    The page that holds it calls `refresh`, `hide_all` (visit mode) and `clear` (lock)."""

    caseOpened = Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("communitiesPanel")
        self.workspace = workspace
        self._today = today
        self.hidden = False  # visit mode: nothing loaded or shown
        self._serial = 0
        self._placement_serial = 0
        self._candidates_serial = 0
        self._loaded = False
        self._selected: uuid.UUID | None = None
        self._new_placement: uuid.UUID | None = None
        self.dialog: RecordFormDialog | None = None

        self.model = CommunityTableModel(self)
        self.table = read_only_table(self.model, self.tr("Communities"), "communityTable")
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.table.activated.connect(lambda _index: self.edit_community())
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self._build_placements())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_filters())
        layout.addWidget(splitter, 1)

        self.kind.currentIndexChanged.connect(self.refresh)
        self.add_button.clicked.connect(self.add_community)
        self.edit_button.clicked.connect(self.edit_community)
        self.new_placement_button.clicked.connect(self.new_placement)
        self.review_button.clicked.connect(self.record_review)
        self.end_button.clicked.connect(self.end_placement)
        workspace.changesApplied.connect(self._changes_applied)
        self._show_placements_of(None)

    def _build_filters(self) -> QHBoxLayout:
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Kind of community"))
        self.kind.addItem(self.tr("Any kind"), None)
        for kind in CommunityKind:
            self.kind.addItem(label(kind), kind)
        kind_label = QLabel(self.tr("&Kind:"))
        kind_label.setBuddy(self.kind)
        self.add_button = QPushButton(self.tr("&New community…"))
        self.add_button.setAccessibleName(self.tr("New community"))
        self.edit_button = QPushButton(self.tr("&Edit community…"))
        self.edit_button.setAccessibleName(self.tr("Edit the selected community"))
        self.edit_button.setEnabled(False)
        self.count_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(kind_label)
        top.addWidget(self.kind)
        top.addSpacing(12)
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        return top

    def _build_placements(self) -> QWidget:
        self.placement_model = CommunityPlacementTableModel(self)
        self.placement_table = read_only_table(
            self.placement_model, self.tr("Children placed in the community"), "communityPlacements"
        )
        self.placement_table.setColumnHidden(CommunityPlacementTableModel.COMMUNITY, True)
        self.placement_table.activated.connect(self._open_case)
        self.placement_table.selectionModel().selectionChanged.connect(
            lambda *_: self._update_buttons()
        )
        self.placements_title = QLabel()
        self.placements_title.setObjectName("communityPlacementsTitle")
        font = self.placements_title.font()
        font.setBold(True)
        self.placements_title.setFont(font)
        self.details = QLabel()
        self.details.setObjectName("communityDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.new_placement_button = QPushButton(self.tr("New &placement…"))
        self.new_placement_button.setObjectName("newCommunityPlacementButton")
        self.new_placement_button.setAccessibleName(
            self.tr("Place a child in the selected community")
        )
        self.review_button = QPushButton(self.tr("&Record report…"))
        self.review_button.setAccessibleName(
            self.tr("Record the six-monthly report on the selected child")
        )
        self.end_button = QPushButton(self.tr("En&d placement…"))
        self.end_button.setAccessibleName(self.tr("End the selected placement"))
        hint = QLabel(self.tr("Double-click a placement to open its case."))
        hint.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.placements_title)
        row.addStretch(1)
        row.addWidget(hint)
        row.addWidget(self.new_placement_button)
        row.addWidget(self.review_button)
        row.addWidget(self.end_button)
        lower = QWidget()
        column = QVBoxLayout(lower)
        column.setContentsMargins(0, 6, 0, 0)
        column.addLayout(row)
        column.addWidget(self.details)
        column.addWidget(self.placement_table, 1)
        return lower

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        if self.hidden or not self.workspace.unlocked:
            return
        self._serial += 1
        code = self.kind.currentData()  # a StrEnum comes back from Qt as a str
        kind = CommunityKind(code) if code else None

        def load(opened: OpenProfile) -> list[CommunityView]:
            return communities.list_communities(opened, kind=kind)

        self.workspace.call(
            load,
            weak_callback(self._communities_loaded, self._serial),
            weak_callback(self._load_failed),
        )

    def _communities_loaded(self, serial: int, rows: list[CommunityView]) -> None:
        if serial != self._serial or self.hidden:
            return
        self._loaded = True
        keep = self._selected
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("%n communities", "", len(rows)))
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
        self._show_placements_of(self.current_community())
        self._update_buttons()

    def current_community(self) -> Community | None:
        rows = self.table.selectionModel().selectedRows()
        view = self.model.view_at(rows[0].row()) if rows else None
        return view.community if view is not None else None

    def current_placement(self) -> CommunityPlacementView | None:
        rows = self.placement_table.selectionModel().selectedRows()
        return self.placement_model.placement_at(rows[0].row()) if rows else None

    def _show_placements_of(self, community: Community | None) -> None:
        self._placement_serial += 1
        serial = self._placement_serial
        self._selected = community.id if community is not None else self._selected
        self.placement_model.today = self._today()
        if community is None:
            self.placement_model.clear()
            self.placements_title.setText(self.tr("Placements"))
            self.details.clear()
            return
        self.details.setText(" — ".join(t for t in (community.phone, community.notes) if t))
        self.placements_title.setText(self.tr("Children in %1").replace("%1", community.name))
        community_id = community.id

        def load(opened: OpenProfile) -> list[CommunityPlacementView]:
            return communities.list_community_placements(opened, community_id)

        self.workspace.call(
            load,
            weak_callback(self._placements_loaded, serial),
            weak_callback(self._load_failed),
        )

    def _placements_loaded(self, serial: int, rows: list[CommunityPlacementView]) -> None:
        if serial != self._placement_serial or self.hidden:
            return
        self.placement_model.set_rows(rows)
        new, self._new_placement = self._new_placement, None
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
            self.refresh()

    def _update_buttons(self) -> None:
        community = self.current_community()
        self.edit_button.setEnabled(community is not None)
        self.new_placement_button.setEnabled(community is not None)
        placement = self.current_placement()
        running = placement is not None and placement.placement.ended_on is None
        self.review_button.setEnabled(running)
        self.end_button.setEnabled(running)

    def _open_case(self, index: QModelIndex) -> None:
        view = self.placement_model.placement_at(index.row())
        if view is not None and not self.hidden:
            self.caseOpened.emit(view.placement.case_id)

    # ------------------------------------------------------------------ editing
    def _community_fields(self) -> list[FormField]:
        return [
            FormField("name", self.tr("Name"), "text", required=True, max_length=200),
            FormField("kind", self.tr("Kind"), "enum", enum_type=CommunityKind),
            FormField("comune", self.tr("Municipality"), "text", max_length=120),
            FormField(
                "ambito_id",
                self.tr("Ambito"),
                "combo",
                choices=[(name, ambito_id(code)) for code, name in AMBITI],
                none_label=self.tr("(none)"),
            ),
            FormField(
                "places",
                self.tr("Places"),
                "text",
                max_length=3,
                placeholder=self.tr("How many children it can host"),
            ),
            FormField("phone", self.tr("Phone"), "text", max_length=60),
            FormField("notes", self.tr("Notes"), "multiline"),
        ]

    def add_community(self) -> None:
        if self.hidden:
            return
        dialog = RecordFormDialog(self.tr("New community"), self._community_fields(), parent=self)
        dialog.run_with(
            self.workspace,
            lambda opened, values: communities.add_community(opened, **values),
            changes={"communities"},
            on_saved=self._saved,
        )
        self._open_dialog(dialog)

    def edit_community(self) -> None:
        community = self.current_community()
        if community is None or self.hidden:
            return
        fields = self._community_fields()
        values = {f.name: getattr(community, f.name) for f in fields}
        dialog = RecordFormDialog(
            self.tr("Edit %1").replace("%1", community.name), fields, values, parent=self
        )
        community_id = community.id
        dialog.run_with(
            self.workspace,
            lambda opened, changed: communities.update_community(opened, community_id, **changed),
            changes={"communities"},
            on_saved=self._saved,
        )
        self._open_dialog(dialog)

    def _saved(self, community: Community) -> None:
        self._selected = community.id

    def new_placement(self) -> None:
        """Loads the minors of the open cases, then asks whom to place and how."""
        community = self.current_community()
        if community is None or self.hidden:
            return
        self._candidates_serial += 1
        self.workspace.call(
            placements.placement_candidates,
            weak_callback(self._open_placement_dialog, self._candidates_serial, community),
            weak_callback(self._load_failed),
        )

    def _open_placement_dialog(
        self, serial: int, community: Community, candidates: list[PlacementCandidate]
    ) -> None:
        if serial != self._candidates_serial or self.hidden or not self.workspace.unlocked:
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
            FormField("start_on", self.tr("Start date"), "date", required=True),
            FormField("planned_end_on", self.tr("Planned end"), "optional-date"),
        ]
        dialog = RecordFormDialog(
            self.tr("New placement in %1").replace("%1", community.name),
            fields,
            {"legal_basis": LegalBasis.JUDICIAL, "start_on": self._today()},
            parent=self,
        )
        community_id = community.id
        missing = self.tr("Choose the child to place.")

        def save(opened: OpenProfile, values: dict[str, Any]) -> CommunityPlacement:
            chosen = values["minor_id"]
            if not isinstance(chosen, PlacementCandidate):
                raise ValidationError(missing, "minor_id")
            return communities.place_in_community(
                opened,
                chosen.case_id,
                community_id=community_id,
                minor_id=chosen.minor_id,
                legal_basis=values["legal_basis"],
                start_on=values["start_on"],
                planned_end_on=values["planned_end_on"],
            )

        dialog.run_with(
            self.workspace, save, changes=PLACEMENT_CHANGES, on_saved=self._placement_saved
        )
        self._open_dialog(dialog)

    def _placement_saved(self, placement: CommunityPlacement) -> None:
        self._new_placement = placement.id

    def record_review(self) -> None:
        view = self.current_placement()
        if view is None or self.hidden:
            return
        dialog = RecordFormDialog(
            self.tr("Six-monthly report on %1").replace("%1", view.minor.full_name),
            [community_review_field()],
            {"last_review_on": self._today()},
            parent=self,
        )
        placement_id = view.placement.id
        dialog.run_with(
            self.workspace,
            lambda opened, values: communities.record_community_review(
                opened, placement_id, values["last_review_on"]
            ),
            changes=PLACEMENT_CHANGES,
        )
        self._open_dialog(dialog)

    def end_placement(self) -> None:
        view = self.current_placement()
        if view is None or self.hidden:
            return
        dialog = RecordFormDialog(
            self.tr("End the placement of %1").replace("%1", view.minor.full_name),
            end_placement_fields(),
            {"ended_on": self._today()},
            parent=self,
        )
        placement_id = view.placement.id
        dialog.run_with(
            self.workspace,
            lambda opened, values: communities.end_community_placement(
                opened, placement_id, reason=values["end_reason"], ended_on=values["ended_on"]
            ),
            changes=PLACEMENT_CHANGES,
        )
        self._open_dialog(dialog)

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
    def hide_all(self, on: bool) -> None:
        """Visit mode on: nothing on screen, nothing loaded (off: the page refreshes it)."""
        self.hidden = on
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
        self._serial += 1
        self._placement_serial += 1
        self._candidates_serial += 1
        self._new_placement = None
        self._selected = None
        self.model.clear()
        self.placement_model.clear()
        self.count_label.clear()
        self.placements_title.setText(self.tr("Placements"))
        self.details.clear()
        self._update_buttons()
