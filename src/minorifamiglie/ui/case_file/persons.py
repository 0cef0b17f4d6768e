"""Anagrafica: the persons of the case and their roles; add, edit, remove from the case.

Saving a person first asks services.person_checks for warnings: a codice fiscale that does not
match the person, or that another person has, is shown under the field before it is saved; for
a new person with another person's code the form offers to use that person instead."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QPushButton, QWidget

from minorifamiglie.domain import places
from minorifamiglie.domain import tax_code as cf
from minorifamiglie.domain.enums import MemberRole, Sex
from minorifamiglie.domain.ids import PersonId
from minorifamiglie.ui.case_file.base import TableTab
from minorifamiglie.ui.case_file.models import Column, RowTableModel
from minorifamiglie.ui.common import error_text, filled, fmt_date
from minorifamiglie.ui.forms import FormField, FormWarning, RecordFormDialog
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.place_completer import complete_birthplaces
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.services.cases import MemberView
    from minorifamiglie.services.person_checks import PersonWarning
    from minorifamiglie.storage.profile import OpenProfile


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
            Column(self.tr("Role"), self._role),
            Column(self.tr("Born"), lambda r: fmt_date(r.person.birth_date)),
            Column(self.tr("Birthplace"), lambda r: places.place_label(r.person.birthplace)),
            Column(self.tr("Tax code"), self._tax_code),
            Column(self.tr("Phone"), lambda r: r.person.phone),
            Column(self.tr("Notes"), self._notes, self._notes),
        )

    def _role(self, row: MemberView) -> str:
        role = label(row.member.role)
        return f"{role} · MSNA" if row.person.msna else role

    def _tax_code(self, row: MemberView) -> str:
        code = row.person.tax_code or ""
        if code and not cf.is_valid(code):  # typed before codes were checked: kept as it was
            return self.tr("%1 (to verify)").replace("%1", code)
        return code

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


def person_fields(with_role: bool, with_notes: bool, with_msna: bool = True) -> list[FormField]:
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
    not_said = QCoreApplication.translate("PersonsTab", "Not specified")
    fields += [
        FormField(
            "birth_date", QCoreApplication.translate("PersonsTab", "Date of birth"), "optional-date"
        ),
        FormField(
            "sex",
            QCoreApplication.translate("PersonsTab", "Sex"),
            "enum",
            enum_type=Sex,
            none_label=not_said,
        ),
        FormField(
            "birthplace",
            QCoreApplication.translate("PersonsTab", "Birthplace"),
            "text",
            max_length=120,
            placeholder=QCoreApplication.translate("PersonsTab", "Comune or foreign state"),
            completer=complete_birthplaces,
        ),
        FormField(
            "citizenship",
            QCoreApplication.translate("PersonsTab", "Citizenship"),
            "combo",
            choices=[(c.name, c.code) for c in places.countries()],
            none_label=not_said,
        ),
        FormField(
            "tax_code",
            QCoreApplication.translate("PersonsTab", "Tax code"),
            "text",
            max_length=40,
            placeholder=QCoreApplication.translate(
                "PersonsTab", "16 characters, or 11 digits if provisional"
            ),
        ),
    ]
    if with_msna:
        fields.append(
            FormField(
                "msna",
                QCoreApplication.translate("PersonsTab", "MSNA"),
                "check",
                placeholder=QCoreApplication.translate("PersonsTab", "Unaccompanied foreign minor"),
            )
        )
    fields += [
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


CHECKED = ("first_name", "last_name", "sex", "birth_date", "birthplace", "tax_code")


def precheck_person(
    person_id: PersonId | None = None,
) -> Callable[[OpenProfile, dict[str, Any]], tuple[PersonWarning, ...]]:
    """The form's precheck: what saving these values would warn about."""

    def check(opened: OpenProfile, values: dict[str, Any]) -> tuple[PersonWarning, ...]:
        from minorifamiglie.services import person_checks

        given = {k: values[k] for k in CHECKED if k in values}
        return person_checks.check_person(opened, person_id=person_id, **given)

    return check


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

        dialog = self.open_form(
            self.tr("New person"),
            person_fields(with_role=True, with_notes=not self.visit_mode),
            add,
            values={"role": MemberRole.MOTHER, "birth_date": None},
            precheck=precheck_person(),
        )
        dialog.warned.connect(lambda found: self._offer_same_person(dialog, found))

    def _offer_same_person(self, dialog: RecordFormDialog, found: tuple[Any, ...]) -> None:
        """ "La stessa persona?": the person who already has this codice fiscale joins the case
        with the role chosen, instead of a second record of the same person."""
        from minorifamiglie.services import cases
        from minorifamiglie.services.person_checks import WarningKind

        same = next((w for w in found if w.kind is WarningKind.SAME_CODE), None)
        case_id = self.case_id
        if same is None or same.other_person_id is None or case_id is None:
            return
        where = ", ".join(same.other_cases) or self.tr("no case")
        text = filled(
            self.tr("The same person? %1 already has this codice fiscale (%2)."),
            same.other_name,
            where,
        )
        other_id = same.other_person_id

        def take() -> None:
            role = dialog.values().get("role") or MemberRole.OTHER
            writes = dialog.writes  # the form's (open_form ran run_with): bound to its life
            assert writes is not None
            dialog.set_busy(True)

            def failed(error: BaseException) -> None:
                dialog.set_busy(False)
                dialog.general_error.setText(error_text(error))
                dialog.general_error.setVisible(True)

            writes.run(
                lambda opened: cases.link_person(opened, str(case_id), other_id, role),
                lambda _view: dialog.accept(),
                failed,
            )

        dialog.show_offer(
            text, self.tr("Yes: add %1 to this case").replace("%1", same.other_name), take
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
        with_msna = row.member.role is MemberRole.MINOR or bool(person.msna)
        values: dict[str, object] = {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "birth_date": person.birth_date,
            "sex": person.sex,
            "birthplace": places.place_label(person.birthplace),
            "citizenship": person.citizenship,
            "tax_code": person.tax_code or "",
            "phone": person.phone,
            "address": person.address,
        }
        if with_msna:
            values["msna"] = bool(person.msna)
        if with_notes:
            values["notes"] = person.notes

        def update(opened: Any, v: dict[str, Any]) -> object:
            return persons.update_person(opened, person.id, **v)

        dialog = self.open_form(
            self.tr("Edit %1").replace("%1", person.full_name),
            person_fields(with_role=False, with_notes=with_notes, with_msna=with_msna),
            update,
            values=values,
            precheck=precheck_person(person.id),
        )
        if person.tax_code and not cf.is_valid(person.tax_code):
            note = self.tr(
                "To verify: not a valid codice fiscale (entered before codes were checked). "
                "It is kept as it is until corrected."
            )
            dialog.show_warnings([FormWarning("tax_code", note)])

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
        self.write(lambda opened: cases.remove_member(opened, member_id))
