"""Comunità: the registry of residential communities for minors and, for the one selected, the
children it hosts or hosted (inserimenti) with their six-monthly reports. A tab of the "Families
and communities" page (pages/families.py), beside the foster families; what the two registries
do alike is in pages/registry.py."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QVBoxLayout

from minorifamiglie.domain.entities import Community, CommunityPlacement
from minorifamiglie.domain.enums import CommunityKind, LegalBasis
from minorifamiglie.services import communities
from minorifamiglie.services.communities import CommunityPlacementView, CommunityView
from minorifamiglie.ui.community_forms import end_placement_fields
from minorifamiglie.ui.forms import FormField
from minorifamiglie.ui.models.community_table import (
    CommunityPlacementTableModel,
    CommunityTableModel,
)
from minorifamiglie.ui.pages.registry import Form, RegistryPage, RegistryTexts

if TYPE_CHECKING:
    from minorifamiglie.storage.profile import OpenProfile


def community_review_field() -> FormField:
    return FormField(
        "last_review_on",
        QCoreApplication.translate("CommunitiesPanel", "Report made on"),
        "date",
        required=True,
    )


class CommunitiesPanel(RegistryPage[Community, CommunityPlacementView]):
    """Emits `caseOpened(case_id)` when a placement is double-clicked (or Enter is pressed).
    The page that holds it calls `refresh`, `hide_all` (visit mode) and `clear` (lock)."""

    SOURCES = communities.SOURCES

    save_new = staticmethod(communities.add_community)
    save_changes = staticmethod(communities.update_community)
    placements_of = staticmethod(communities.list_community_placements)

    def build(self) -> None:
        self.setObjectName("communitiesPanel")
        kind = self.enum_filter(
            CommunityKind, self.tr("Kind of community"), self.tr("Any kind"), self.tr("&Kind:")
        )
        self.kind = kind[1]
        top, splitter = self.build_lists(
            [kind],
            CommunityTableModel(self),
            "communityTable",
            self.tr("Communities"),
            CommunityPlacementTableModel(self),
            "communityPlacements",
        )
        self.placement_table.setColumnHidden(CommunityPlacementTableModel.COMMUNITY, True)
        self.placements_title.setObjectName("communityPlacementsTitle")
        self.details.setObjectName("communityDetails")
        self.new_placement_button.setObjectName("newCommunityPlacementButton")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def registry_texts(self) -> RegistryTexts:
        return RegistryTexts(
            new_record=self.tr("&New community…"),
            new_record_accessible=self.tr("New community"),
            edit_record=self.tr("&Edit community…"),
            edit_record_accessible=self.tr("Edit the selected community"),
            placements_table=self.tr("Children placed in the community"),
            placements=self.tr("Placements"),
            hint=self.tr("Double-click a placement to open its case."),
            new_placement=self.tr("New &placement…"),
            new_placement_accessible=self.tr("Place a child in the selected community"),
            review=self.tr("&Record report…"),
            review_accessible=self.tr("Record the six-monthly report on the selected child"),
            end=self.tr("En&d placement…"),
            end_accessible=self.tr("End the selected placement"),
            missing_child=self.tr("Choose the child to place."),
        )

    @property
    def hidden(self) -> bool:
        """Visit mode: nothing loaded or shown."""
        return self.visit_mode

    def hide_all(self, on: bool) -> None:
        """Visit mode on: nothing on screen, nothing loaded (off: the page refreshes it)."""
        self.set_visit_mode(on)

    def current_community(self) -> Community | None:
        return self.current_record()

    # ------------------------------------------------------------------ the registry
    def records_loader(self) -> Callable[[OpenProfile], Sequence[CommunityView]]:
        code = self.kind.currentData()  # a StrEnum comes back from Qt as a str
        kind = CommunityKind(code) if code else None
        return lambda opened: communities.list_communities(opened, kind=kind)

    def count_text(self, count: int) -> str:
        return self.tr("%n communities", "", count)

    def describe(self, record: Community) -> tuple[str, str]:
        return (
            self.tr("Children in %1").replace("%1", record.name),
            " — ".join(t for t in (record.phone, record.notes) if t),
        )

    # ------------------------------------------------------------------ forms
    def record_fields(self) -> list[FormField]:
        return [
            FormField("name", self.tr("Name"), "text", required=True, max_length=200),
            FormField("kind", self.tr("Kind"), "enum", enum_type=CommunityKind),
            *self.where_fields(),
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

    def placement_form(self, record: Community) -> Form:
        community_id = record.id

        def save(opened: OpenProfile, values: dict[str, Any]) -> CommunityPlacement:
            chosen = values["minor_id"]
            return communities.place_in_community(
                opened,
                chosen.case_id,
                community_id=community_id,
                minor_id=chosen.minor_id,
                legal_basis=values["legal_basis"],
                start_on=values["start_on"],
                planned_end_on=values["planned_end_on"],
            )

        return Form(
            self.tr("New placement in %1").replace("%1", record.name),
            [
                FormField("legal_basis", self.tr("Legal basis"), "enum", enum_type=LegalBasis),
                FormField("start_on", self.tr("Start date"), "date", required=True),
                FormField("planned_end_on", self.tr("Planned end"), "optional-date"),
            ],
            save,
            {"legal_basis": LegalBasis.JUDICIAL, "start_on": self._today()},
        )

    def review_form(self, view: CommunityPlacementView) -> Form:
        placement_id = view.placement.id
        return Form(
            self.tr("Six-monthly report on %1").replace("%1", view.minor.full_name),
            [community_review_field()],
            lambda opened, values: communities.record_community_review(
                opened, placement_id, values["last_review_on"]
            ),
            {"last_review_on": self._today()},
        )

    def end_form(self, view: CommunityPlacementView) -> Form:
        placement_id = view.placement.id
        return Form(
            self.tr("End the placement of %1").replace("%1", view.minor.full_name),
            end_placement_fields(),
            lambda opened, values: communities.end_community_placement(
                opened, placement_id, reason=values["end_reason"], ended_on=values["ended_on"]
            ),
            {"ended_on": self._today()},
        )
