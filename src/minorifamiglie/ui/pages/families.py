"""Famiglie e comunità: the registry of foster families and, for the one selected, the children
it hosts or hosted (abbinamenti) with their six-monthly reviews; beside it, in a second tab, the
residential communities and their placements (pages/communities.py). What the two registries
do alike is in pages/registry.py."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from minorifamiglie.domain.entities import FosterFamily, Placement
from minorifamiglie.domain.enums import (
    Availability,
    FosterFamilyStatus,
    LegalBasis,
    PlacementEnd,
    PlacementKind,
)
from minorifamiglie.services import families, placements
from minorifamiglie.services.placements import PlacementView
from minorifamiglie.ui.forms import FormField
from minorifamiglie.ui.models.family_table import FamilyTableModel, PlacementTableModel
from minorifamiglie.ui.pages.communities import CommunitiesPanel
from minorifamiglie.ui.pages.registry import Form, RegistryPage, RegistryTexts

if TYPE_CHECKING:
    from minorifamiglie.storage.profile import OpenProfile


class FamiliesPage(RegistryPage[FosterFamily, PlacementView]):
    """Emits `caseOpened(case_id)` when a placement, of a family or of a community, is
    double-clicked (or Enter is pressed)."""

    SOURCES = families.SOURCES

    save_new = staticmethod(families.add_family)
    save_changes = staticmethod(families.update_family)
    placements_of = staticmethod(placements.list_family_placements)

    def build(self) -> None:
        self.setObjectName("familiesPage")
        filters = [
            self.enum_filter(
                FosterFamilyStatus, self.tr("Status"), self.tr("Any status"), self.tr("&Status:")
            ),
            self.enum_filter(
                Availability,
                self.tr("Availability"),
                self.tr("Any availability"),
                self.tr("A&vailability:"),
            ),
        ]
        self.status, self.availability = (combo for _caption, combo in filters)
        top, splitter = self.build_lists(
            filters,
            FamilyTableModel(self),
            "familyTable",
            self.tr("Foster families"),
            PlacementTableModel(self),
            "placementTable",
        )
        self.placements_title.setObjectName("placementsTitle")
        self.details.setObjectName("familyDetails")
        self.new_placement_button.setObjectName("newPlacementButton")
        self.end_button.setObjectName("endPlacementButton")

        families_tab = QWidget()
        content_layout = QVBoxLayout(families_tab)
        content_layout.setContentsMargins(0, 6, 0, 0)
        content_layout.addLayout(top)
        content_layout.addWidget(splitter, 1)
        self.content = self._build_tabs(families_tab)

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

    def registry_texts(self) -> RegistryTexts:
        return RegistryTexts(
            new_record=self.tr("&New family…"),
            new_record_accessible=self.tr("New foster family"),
            edit_record=self.tr("&Edit family…"),
            edit_record_accessible=self.tr("Edit the selected family"),
            placements_table=self.tr("Placements of the family"),
            placements=self.tr("Placements"),
            hint=self.tr("Double-click a placement to open its case."),
            new_placement=self.tr("New &placement…"),
            new_placement_accessible=self.tr("Place a child with the selected family"),
            review=self.tr("&Record review…"),
            review_accessible=self.tr("Record the six-monthly review of the selected placement"),
            end=self.tr("E&nd placement…"),
            end_accessible=self.tr("End the selected placement, saying why"),
            missing_child=self.tr("Choose the child to place."),
        )

    def _build_tabs(self, families_tab: QWidget) -> QTabWidget:
        """The foster families, and the communities beside them."""
        self.communities = CommunitiesPanel(self.workspace, today=self._today)
        self.communities.caseOpened.connect(self.caseOpened)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("familiesTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(families_tab, self.tr("Foster families"))
        self.tabs.addTab(self.communities, self.tr("Communities"))
        return self.tabs

    def title(self) -> str:
        return self.tr("Families and communities")

    @property
    def end_placement_button(self) -> QPushButton:
        return self.end_button

    def current_family(self) -> FosterFamily | None:
        return self.current_record()

    def add_family(self) -> None:
        self.add_record()

    # ------------------------------------------------------------------ the registry
    def records_loader(self) -> Callable[[OpenProfile], Sequence[FosterFamily]]:
        status_code = self.status.currentData()  # a StrEnum comes back from Qt as a str
        availability_code = self.availability.currentData()
        status = FosterFamilyStatus(status_code) if status_code else None
        availability = Availability(availability_code) if availability_code else None
        return lambda opened: families.list_families(
            opened, status=status, availability=availability
        )

    def count_text(self, count: int) -> str:
        return self.tr("%n families", "", count)

    def describe(self, record: FosterFamily) -> tuple[str, str]:
        return (
            self.tr("Placements of %1").replace("%1", record.name),
            " — ".join(t for t in (record.members, record.notes) if t),
        )

    def hosting_refusal(self, record: FosterFamily) -> str:
        if record.status is FosterFamilyStatus.WITHDRAWN:
            return self.tr("The family has withdrawn: it cannot host a child.")
        return ""

    # ------------------------------------------------------------------ forms
    def record_fields(self) -> list[FormField]:
        return [
            FormField("name", self.tr("Family name"), "text", required=True, max_length=200),
            FormField(
                "members",
                self.tr("Members"),
                "multiline",
                placeholder=self.tr("Who lives in the household, and their ages"),
            ),
            *self.where_fields(),
            FormField("availability", self.tr("Availability"), "enum", enum_type=Availability),
            FormField("status", self.tr("Status"), "enum", enum_type=FosterFamilyStatus),
            FormField("training_completed_on", self.tr("Training completed on"), "optional-date"),
            FormField("notes", self.tr("Notes"), "multiline"),
        ]

    def placement_form(self, record: FosterFamily) -> Form:
        family_id = record.id

        def save(opened: OpenProfile, values: dict[str, Any]) -> Placement:
            chosen = values["minor_id"]
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

        return Form(
            self.tr("New placement with %1").replace("%1", record.name),
            [
                FormField("legal_basis", self.tr("Legal basis"), "enum", enum_type=LegalBasis),
                FormField("kind", self.tr("Kind"), "enum", enum_type=PlacementKind),
                FormField("schedule", self.tr("Schedule"), "enum", enum_type=Availability),
                FormField("start_on", self.tr("Start date"), "date", required=True),
                FormField("planned_end_on", self.tr("Planned end"), "optional-date"),
            ],
            save,
            {"schedule": record.availability, "start_on": self._today()},
            tooltips={
                "planned_end_on": self.tr(
                    "If not set, the placement lasts 24 months from its start."
                )
            },
        )

    def review_form(self, view: PlacementView) -> Form:
        placement_id = view.placement.id
        return Form(
            self.tr("Six-monthly review of %1").replace("%1", view.minor.full_name),
            [FormField("last_review_on", self.tr("Review held on"), "date", required=True)],
            lambda opened, values: placements.record_placement_review(
                opened, placement_id, values["last_review_on"]
            ),
            {"last_review_on": self._today()},
        )

    def end_form(self, view: PlacementView) -> Form:
        """The affido ends: on which day, and why (PlacementEnd: asked, never guessed)."""
        placement_id = view.placement.id
        return Form(
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
            lambda opened, values: placements.end_placement(
                opened, placement_id, values["ended_on"], reason=values["end_reason"]
            ),
            {"ended_on": self._today(), "end_reason": None},
            name="endPlacementDialog",
        )

    # ------------------------------------------------------------------ modes
    def refresh(self) -> None:
        self.communities.refresh()
        self.reload()

    def set_visit_mode(self, on: bool) -> None:
        super().set_visit_mode(on)
        self.stack.setCurrentWidget(self.hidden_notice if on else self.content)
        self.communities.hide_all(on)
        if not on:
            self.refresh()

    def clear(self) -> None:
        super().clear()
        self.communities.clear()
