"""Anagrafica: the persons of the case and their roles; add, edit, remove from the case."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QPushButton, QWidget

from minorifamiglie.domain.enums import MemberRole
from minorifamiglie.ui.case_file.base import TableTab
from minorifamiglie.ui.case_file.models import Column, RowTableModel
from minorifamiglie.ui.common import fmt_date
from minorifamiglie.ui.forms import FormField
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.services.cases import MemberView

CHANGES = {"persons", "case_members"}


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


class PersonTableModel(RowTableModel["MemberView"]):
    """The members of a case; in visit mode the notes of adults are not shown."""

    def __init__(self, parent: Any = None) -> None:
        self.visit_mode = False
        super().__init__(parent)

    def columns(self) -> Sequence[Column[MemberView]]:
        return (
            Column(self.tr("Name"), lambda r: r.person.full_name),
            Column(self.tr("Role"), lambda r: label(r.member.role)),
            Column(self.tr("Born"), lambda r: fmt_date(r.person.birth_date)),
            Column(self.tr("Tax code"), lambda r: r.person.tax_code or ""),
            Column(self.tr("Phone"), lambda r: r.person.phone),
            Column(self.tr("Notes"), self._notes, self._notes),
        )

    def _notes(self, row: MemberView) -> str:
        if self.visit_mode and row.member.role is not MemberRole.MINOR:
            return ""
        return _first_line(row.person.notes)

    def row_id(self, row: MemberView) -> object:
        return row.member.id

    def bold(self, row: MemberView, column: int) -> bool:
        return column == 0 and row.member.role is MemberRole.MINOR

    def set_visit_mode(self, on: bool) -> None:
        self.beginResetModel()
        self.visit_mode = on
        self.endResetModel()


def person_fields(with_role: bool, with_notes: bool) -> list[FormField]:
    fields = [
        FormField(
            "first_name",
            QCoreApplication.translate("PersonsTab", "First name"),
            "text",
            required=True,
            max_length=120,
        ),
        FormField(
            "last_name",
            QCoreApplication.translate("PersonsTab", "Last name"),
            "text",
            required=True,
            max_length=120,
        ),
    ]
    if with_role:
        fields.append(
            FormField(
                "role",
                QCoreApplication.translate("PersonsTab", "Role in the case"),
                "enum",
                enum_type=MemberRole,
            )
        )
    fields += [
        FormField(
            "birth_date", QCoreApplication.translate("PersonsTab", "Date of birth"), "optional-date"
        ),
        FormField(
            "tax_code", QCoreApplication.translate("PersonsTab", "Tax code"), "text", max_length=40
        ),
        FormField(
            "phone", QCoreApplication.translate("PersonsTab", "Phone"), "text", max_length=60
        ),
        FormField(
            "address", QCoreApplication.translate("PersonsTab", "Address"), "text", max_length=300
        ),
    ]
    if with_notes:
        fields.append(
            FormField("notes", QCoreApplication.translate("PersonsTab", "Notes"), "multiline")
        )
    return fields


class PersonsTab(TableTab["MemberView"]):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, PersonTableModel(), self.tr("Persons of the case"), parent)
        self.add_button = self.button(self.tr("&Add person…"), self.add_person)
        self.edit_button = self.button(
            self.tr("&Edit…"), self.edit_selected, self.tr("Edit person")
        )
        self.remove_button = self.button(self.tr("&Remove from the case"), self.remove_selected)
        self.add_buttons(self.add_button)
        self.add_buttons(self.edit_button, self.remove_button, needs_row=True)
        self.finish_buttons()

    @property
    def person_model(self) -> PersonTableModel:
        assert isinstance(self.model, PersonTableModel)
        return self.model

    def refresh_view(self) -> None:
        self.person_model.visit_mode = self.visit_mode
        members = self.data.detail.members if self.data is not None else ()
        # The children first, then the adults, each by name.
        order = list(MemberRole)
        rows = sorted(
            members,
            key=lambda mv: (order.index(mv.member.role), mv.person.last_name, mv.person.first_name),
        )
        self.model.set_rows(rows)

    def can_act_on(self, row: MemberView, button: QPushButton) -> bool:
        return (
            not self.visit_mode
            or row.member.role is MemberRole.MINOR
            or button is not self.edit_button
        )

    # ------------------------------------------------------------------ actions
    def add_person(self) -> None:
        case_id = self.case_id
        if case_id is None:
            return
        from minorifamiglie.services import cases

        def add(opened: Any, v: dict[str, Any]) -> MemberView:
            return cases.add_member(opened, str(case_id), **v)

        self.open_form(
            self.tr("New person"),
            person_fields(with_role=True, with_notes=not self.visit_mode),
            add,
            changes=CHANGES,
            values={"role": MemberRole.MOTHER, "birth_date": None},
        )

    def activated(self, row: MemberView) -> None:
        self.edit(row)

    def edit_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.edit(row)

    def edit(self, row: MemberView) -> None:
        from minorifamiglie.services import persons

        # In visit mode the notes about an adult must not appear on screen.
        with_notes = not self.visit_mode or row.member.role is MemberRole.MINOR
        person = row.person
        values: dict[str, object] = {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "birth_date": person.birth_date,
            "tax_code": person.tax_code or "",
            "phone": person.phone,
            "address": person.address,
        }
        if with_notes:
            values["notes"] = person.notes

        def update(opened: Any, v: dict[str, Any]) -> object:
            return persons.update_person(opened, person.id, **v)

        self.open_form(
            self.tr("Edit %1").replace("%1", person.full_name),
            person_fields(with_role=False, with_notes=with_notes),
            update,
            changes=CHANGES,
            values=values,
        )

    def remove_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        question = self.tr("Remove %1 from this case? The person's record stays.").replace(
            "%1", row.person.full_name
        )
        if not self.confirm(question):
            return
        from minorifamiglie.services import cases

        member_id = row.member.id
        self.write(lambda opened: cases.remove_member(opened, member_id), CHANGES)
