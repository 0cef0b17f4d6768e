"""Issue 14 on screen: the codice fiscale checked against the person before it is saved, the
warning next to the field, "Save anyway"; the same code on another person asked as "the same
person?" with the existing person offered instead; sex, birthplace, citizenship and MSNA in the
person form and the new-case dialog."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from codicefiscale import codicefiscale

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialogButtonBox, QLineEdit

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import MemberRole, Service, Sex
from minorifamiglie.domain.ids import CaseId
from minorifamiglie.services import cases
from minorifamiglie.storage.repository import Repository
from minorifamiglie.ui.case_file import CaseFileView
from minorifamiglie.ui.dialogs.new_case import NewCaseDialog
from minorifamiglie.ui.forms import RecordFormDialog

# The offscreen platform logs these for top-level windows and for the birthplace completer's
# popup (raised, grabbing the keyboard); nothing else is ignored.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)
LUCA_BORN = dt.date(2015, 3, 12)
LUCA = codicefiscale.encode(
    lastname="Rota", firstname="Luca", gender="M", birthdate=LUCA_BORN.isoformat(),
    birthplace="Zogno",
)  # fmt: skip
GIULIA = "RTOGLI20C55A794P"  # synthetic: Giulia Rota, F, 15/03/(19)20, Bergamo


def run(qtbot: Any, workspace: Any, fn: Any) -> Any:
    out: list[Any] = []
    workspace.call(fn, lambda r: out.append(("ok", r)), lambda err: out.append(("error", err)))
    qtbot.waitUntil(lambda: bool(out), timeout=20_000)
    status, value = out[0]
    assert status == "ok", value
    return value


@pytest.fixture
def case_id(qtbot: Any, workspace: Any) -> CaseId:
    case = run(
        qtbot,
        workspace,
        lambda op: cases.add_case(
            op, ambito="VBR", service=Service.ADM, minor_name="Luca Rota", birth_date=LUCA_BORN
        ),
    )
    made: CaseId = case.id
    return made


@pytest.fixture
def view(qtbot: Any, workspace: Any, wait_tasks: Any, case_id: CaseId) -> CaseFileView:
    widget = CaseFileView(workspace)
    qtbot.addWidget(widget)
    widget.resize(1100, 680)
    widget.show()
    widget.load(case_id)
    qtbot.waitUntil(lambda: widget.data is not None, timeout=10_000)
    wait_tasks()
    return widget


def save_button(dialog: RecordFormDialog) -> Any:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def line(dialog: RecordFormDialog, name: str) -> QLineEdit:
    editor = dialog.editor(name)
    assert isinstance(editor, QLineEdit)
    return editor


def edit_child(qtbot: Any, view: CaseFileView) -> RecordFormDialog:
    tab = view.persons
    tab.select_row(0)
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    assert tab.dialog is not None
    return tab.dialog


def test_a_code_of_someone_else_is_warned_next_to_the_field_then_saved_anyway(
    qtbot: Any, view: CaseFileView, wait_tasks: Any
) -> None:
    # Given Luca's record open for editing
    dialog = edit_child(qtbot, view)
    # When a girl's code born elsewhere is typed for him, with punctuation, and saved
    qtbot.keyClicks(line(dialog, "tax_code"), "rtogli-20c55.a794p")
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    wait_tasks()
    # Then nothing is saved yet: the warning, in Italian, names what does not match
    warning = dialog.warnings["tax_code"]
    qtbot.waitUntil(warning.isVisible)
    assert "non corrisponde a: nome, data di nascita." in warning.text()  # his sex not given
    assert "20C55" not in warning.text()
    assert save_button(dialog).text() == "Save anyway"
    assert view.persons.model.rows[0].person.tax_code is None
    # And saved anyway, it is stored canonical
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    wait_tasks()
    qtbot.waitUntil(lambda: view.persons.model.rows[0].person.tax_code == GIULIA)
    assert view.persons.dialog is None


def test_his_own_code_with_his_birthplace_and_citizenship_saves_at_once(
    qtbot: Any, view: CaseFileView, wait_tasks: Any
) -> None:
    dialog = edit_child(qtbot, view)
    sex = dialog.editor("sex")
    assert isinstance(sex, QComboBox)
    sex.setCurrentIndex(dialog.find_option("sex", Sex.MALE))
    place = line(dialog, "birthplace")
    qtbot.keyClicks(place, "zogno")
    completer = place.completer()
    assert completer is not None
    completer.setCompletionPrefix(place.text())  # what typing with the focus there does
    proposed = completer.completionModel()
    shown = [proposed.index(i, 0).data() for i in range(proposed.rowCount())]
    assert "Zogno (BG)" in shown  # and Luzzogno, a comune merged long ago: any part matches
    place.setText("Zogno (BG)")
    citizenship = dialog.editor("citizenship")
    assert isinstance(citizenship, QComboBox)
    citizenship.setCurrentIndex(dialog.find_option("citizenship", "IT"))
    msna = dialog.editor("msna")
    assert isinstance(msna, QCheckBox)
    qtbot.keyClicks(line(dialog, "tax_code"), LUCA.lower())
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    wait_tasks()
    qtbot.waitUntil(lambda: view.persons.model.rows[0].person.tax_code == LUCA)
    person = view.persons.model.rows[0].person
    assert (person.sex, person.birthplace, person.citizenship, person.msna) == (
        Sex.MALE, "M184", "IT", False,
    )  # fmt: skip
    model = view.persons.model
    assert model.data(model.index(0, 3)) == "Zogno (BG)"


def test_the_same_code_on_a_new_person_offers_the_existing_one(
    qtbot: Any, view: CaseFileView, workspace: Any, wait_tasks: Any
) -> None:
    # Given Giulia, with her code, the child of another case
    other = run(
        qtbot,
        workspace,
        lambda op: cases.open_case(
            op, ambito="BG", service=Service.TUTELA, minor_name="Giulia Rota", tax_code=GIULIA
        ),
    )
    # When the educator adds a sister with the same code to Luca's case
    tab = view.persons
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None
    qtbot.keyClicks(line(dialog, "first_name"), "Giulia")
    qtbot.keyClicks(line(dialog, "last_name"), "Rota")
    role = dialog.editor("role")
    assert isinstance(role, QComboBox)
    role.setCurrentIndex(dialog.find_option("role", MemberRole.SIBLING))
    qtbot.keyClicks(line(dialog, "tax_code"), GIULIA)
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    wait_tasks()
    # Then the form asks whether she is the same person, naming her and her case
    qtbot.waitUntil(dialog.offer_button.isVisible)
    assert "Giulia Rota" in dialog.offer_label.text()
    assert other.case.code in dialog.offer_label.text()
    assert other.case.code in dialog.warnings["tax_code"].text()
    # And "yes" adds the existing person to this case: no second record of her
    qtbot.mouseClick(dialog.offer_button, Qt.MouseButton.LeftButton)
    wait_tasks()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    sister = next(r for r in tab.model.rows if r.member.role is MemberRole.SIBLING)
    assert other.minor is not None and sister.person.id == other.minor.id
    assert tab.dialog is None


def test_a_code_kept_from_before_the_checks_is_shown_to_verify_and_not_lost(
    qtbot: Any, view: CaseFileView, workspace: Any, wait_tasks: Any
) -> None:
    # Given a code that no check would let in now, as older versions stored it
    minor_id = view.persons.model.rows[0].person.id

    def legacy(op: Any) -> None:
        with op.session() as session:
            Repository(session).update(e.Person, minor_id, tax_code="RTO LCU 15?")

    run(qtbot, workspace, legacy)
    assert view.case_id is not None
    view.load(view.case_id)
    qtbot.waitUntil(lambda: view.persons.model.rows[0].person.tax_code == "RTO LCU 15?")
    # Then the table says to verify it, and so does the form, next to the field
    model = view.persons.model
    assert model.data(model.index(0, 4)) == "RTO LCU 15? (to verify)"
    dialog = edit_child(qtbot, view)
    assert dialog.warnings["tax_code"].isVisible()
    assert "To verify" in dialog.warnings["tax_code"].text()
    # And editing another field keeps it as it is
    qtbot.keyClicks(line(dialog, "phone"), "035 123456")
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    wait_tasks()
    qtbot.waitUntil(lambda: view.persons.model.rows[0].person.phone == "035 123456")
    assert view.persons.model.rows[0].person.tax_code == "RTO LCU 15?"


# ---------------------------------------------------------------- the new-case dialog


@pytest.fixture
def new_case(qtbot: Any, workspace: Any) -> NewCaseDialog:
    dialog = NewCaseDialog(workspace, today=dt.date(2026, 11, 24))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_new_case_dialog_warns_then_creates_anyway(
    qtbot: Any, new_case: NewCaseDialog, workspace: Any, wait_tasks: Any
) -> None:
    # Given Marco Bianchi, born in 2020, with a girl's code
    qtbot.keyClicks(new_case.first_name, "Marco")
    qtbot.keyClicks(new_case.last_name, "Bianchi")
    qtbot.keyClicks(new_case.birth_date.line, "01/06/2020")
    new_case.sex.setCurrentIndex(new_case.sex.findData("M"))
    qtbot.keyClicks(new_case.tax_code, GIULIA)
    qtbot.mouseClick(new_case.save_button, Qt.MouseButton.LeftButton)
    wait_tasks()
    # Then the warning sits under the codice fiscale, and nothing is created yet
    qtbot.waitUntil(new_case.tax_code_warning.isVisible)
    assert "cognome, nome, sesso, data di nascita" in new_case.tax_code_warning.text()
    assert new_case.save_button.text() == "Create anyway"
    assert run(qtbot, workspace, cases.count_cases) == 0
    assert not new_case.offer_box.isVisible()
    # And pressed again, the case is created with the code as typed, canonical
    with qtbot.waitSignal(new_case.caseCreated, timeout=5_000) as created:
        qtbot.mouseClick(new_case.save_button, Qt.MouseButton.LeftButton)
    detail = run(qtbot, workspace, lambda op: cases.show_case(op, str(created.args[0])))
    [member] = detail.members
    assert (member.person.full_name, member.person.tax_code) == ("Marco Bianchi", GIULIA)


def test_the_new_case_dialog_opens_the_case_for_the_same_person(
    qtbot: Any, new_case: NewCaseDialog, workspace: Any, wait_tasks: Any
) -> None:
    first = run(
        qtbot,
        workspace,
        lambda op: cases.open_case(
            op, ambito="BG", service=Service.TUTELA, minor_name="Giulia Rota", tax_code=GIULIA,
            msna=True,
        ),
    )  # fmt: skip
    qtbot.keyClicks(new_case.first_name, "Giulia")
    qtbot.keyClicks(new_case.last_name, "Rota")
    qtbot.keyClicks(new_case.birthplace, "Bergamo")
    new_case.citizenship.setCurrentIndex(new_case.citizenship.findData("IT"))
    qtbot.keyClicks(new_case.tax_code, GIULIA.lower())
    qtbot.mouseClick(new_case.save_button, Qt.MouseButton.LeftButton)
    wait_tasks()
    # Then "La stessa persona?" names her and her case
    qtbot.waitUntil(new_case.offer_box.isVisible)
    assert first.case.code in new_case.offer_text.text()
    assert "Giulia Rota" in new_case.offer_button.text()
    # And the answer opens the new case for her: no second record of the same child
    with qtbot.waitSignal(new_case.caseCreated, timeout=5_000) as created:
        qtbot.mouseClick(new_case.offer_button, Qt.MouseButton.LeftButton)
    detail = run(qtbot, workspace, lambda op: cases.show_case(op, str(created.args[0])))
    assert first.minor is not None
    assert [mv.person.id for mv in detail.members] == [first.minor.id]
    assert detail.members[0].person.msna is True  # her record as it was
