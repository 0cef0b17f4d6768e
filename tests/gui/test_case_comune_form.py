"""The comune of residence in the GUI: chosen in the New case dialog and in the case's form
(completed from the comuni of today, a list built off the Qt thread), shown in the header."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from sqlalchemy import select

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from minorifamiglie.domain.enums import AuditAction, Service
from minorifamiglie.services import cases
from minorifamiglie.storage.models import AuditEventRow
from minorifamiglie.ui import place_completer
from minorifamiglie.ui.case_file.view import CaseFileView
from minorifamiglie.ui.dialogs.new_case import NewCaseDialog
from minorifamiglie.ui.forms import RecordFormDialog
from minorifamiglie.ui.place_completer import PlaceCompleter
from support.clock import TODAY

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def new_case(qtbot: Any, workspace: Any) -> NewCaseDialog:
    dialog = NewCaseDialog(workspace, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_comune_list_is_built_once_off_the_qt_thread(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given no list built yet in this process
    monkeypatch.setattr(place_completer, "_lists", {})
    monkeypatch.setattr(place_completer, "_started", set())
    built_on: list[threading.Thread] = []
    real = place_completer._labels_of

    def watched(kind: str) -> tuple[str, ...]:
        built_on.append(threading.current_thread())
        return real(kind)

    monkeypatch.setattr(place_completer, "_labels_of", watched)
    line, other = QLineEdit(), QLineEdit()
    qtbot.addWidget(line)
    qtbot.addWidget(other)
    # When two fields ask for the comuni
    first = PlaceCompleter(line, "comuni")
    second = PlaceCompleter(other, "comuni")
    # Then the first does not wait for the list (empty at first, filled when it is ready), nor
    # does the second (filled at once if the list was ready by then), and both get it
    assert not first.ready
    qtbot.waitUntil(lambda: first.ready and second.ready, timeout=10_000)
    assert built_on and all(t is not threading.main_thread() for t in built_on)
    assert len(built_on) == 1  # built once
    assert first.model().rowCount() == second.model().rowCount() > 7000
    # and a field made afterwards has it at once
    late = QLineEdit()
    qtbot.addWidget(late)
    assert PlaceCompleter(late, "comuni").ready and len(built_on) == 1


def test_a_new_case_with_its_comune(
    qtbot: Any, new_case: NewCaseDialog, on_worker: Any, wait_tasks: Any
) -> None:
    assert isinstance(new_case.comune.completer(), PlaceCompleter)
    assert isinstance(new_case.birthplace.completer(), PlaceCompleter)
    # Given a comune that is not one
    new_case.comune.setText("Atlantide")  # typed: the completer would pop up its list
    qtbot.mouseClick(new_case.save_button, Qt.MouseButton.LeftButton)
    wait_tasks()
    # Then it is named on its row and nothing is created
    qtbot.waitUntil(new_case.errors["comune"].isVisible)
    assert "Comune sconosciuto" in new_case.errors["comune"].text()
    assert on_worker(cases.count_cases) == 0
    # When it is corrected, the case is created with the comune's code
    new_case.comune.setText("Zogno (BG)")
    with qtbot.waitSignal(new_case.caseCreated, timeout=5_000) as created:
        qtbot.mouseClick(new_case.save_button, Qt.MouseButton.LeftButton)
    case = on_worker(lambda op: cases.show_case(op, str(created.args[0]))).case
    assert case.comune == "M184"


@pytest.fixture
def view(qtbot: Any, workspace: Any, wait_tasks: Any, on_worker: Any) -> CaseFileView:
    case = on_worker(
        lambda op: cases.add_case(
            op, ambito="VBR", service=Service.ADM, minor_name="Luca Rota", comune="Zogno"
        )
    )
    widget = CaseFileView(workspace, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1100, 680)
    widget.show()
    widget.load(case.id)
    qtbot.waitUntil(lambda: widget.data is not None, timeout=10_000)
    wait_tasks()
    return widget


def updated_fields(opened: Any, case_id: Any) -> list[list[str]]:
    """The fields each edit of the case changed, as the audit log names them."""
    with opened.read_session() as session:
        rows = session.execute(
            select(AuditEventRow.detail)
            .where(
                AuditEventRow.entity == "cases",
                AuditEventRow.entity_id == case_id,
                AuditEventRow.action == AuditAction.UPDATE.value,
            )
            .order_by(AuditEventRow.seq)
        ).scalars()
        return [json.loads(detail)["fields"] for detail in rows]


def edit_dialog(qtbot: Any, view: CaseFileView) -> RecordFormDialog:
    qtbot.mouseClick(view.header.edit_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, RecordFormDialog) and dialog.isVisible()
    return dialog


def save(qtbot: Any, dialog: RecordFormDialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def test_the_header_and_the_form_show_the_comune_and_change_it(
    qtbot: Any, view: CaseFileView, wait_tasks: Any, on_worker: Any
) -> None:
    # Given the case file of a family living in Zogno
    assert view.header.ambito.text() == "Valle Brembana — comune of Zogno"
    # When its form is saved with another field changed, the comune is not sent again
    dialog = edit_dialog(qtbot, view)
    comune = dialog.editor("comune")
    assert isinstance(comune, QLineEdit) and comune.text() == "Zogno (BG)"
    assert isinstance(comune.completer(), PlaceCompleter)
    title = dialog.editor("title")
    assert isinstance(title, QLineEdit)
    qtbot.keyClicks(title, "ADM")
    save(qtbot, dialog)
    wait_tasks()
    case_id = view.case_id
    assert on_worker(lambda op: updated_fields(op, case_id)) == [["title"]]
    # When the family moves and the form says so
    dialog = edit_dialog(qtbot, view)
    comune = dialog.editor("comune")
    assert isinstance(comune, QLineEdit)
    comune.setText("San Pellegrino Terme")
    save(qtbot, dialog)
    wait_tasks()
    # Then the header names the new comune
    qtbot.waitUntil(lambda: "San Pellegrino Terme" in view.header.ambito.text())
    assert on_worker(lambda op: cases.show_case(op, str(case_id))).case.comune == "I079"
    # And emptied, the header says it is not given
    dialog = edit_dialog(qtbot, view)
    comune = dialog.editor("comune")
    assert isinstance(comune, QLineEdit)
    comune.clear()
    save(qtbot, dialog)
    wait_tasks()
    qtbot.waitUntil(lambda: view.header.ambito.text() == "Valle Brembana — comune not given")


def test_a_comune_that_is_not_one_is_named_under_its_field(
    qtbot: Any, view: CaseFileView, wait_tasks: Any
) -> None:
    dialog = edit_dialog(qtbot, view)
    comune = dialog.editor("comune")
    assert isinstance(comune, QLineEdit)
    comune.setText("Marocco")
    save(qtbot, dialog)
    wait_tasks()
    assert dialog.isVisible()
    assert "non uno stato estero" in dialog.error_label("comune").text()
    assert view.header.ambito.text() == "Valle Brembana — comune of Zogno"


def test_case_changes_send_only_what_differs() -> None:
    """The form shows the comune by its label and the case stores its code: an unchanged
    comune is not an edit (the audit log names only what changed)."""
    from minorifamiglie.ui.case_file.view import case_changes

    class Case:
        comune = "M184"
        title = "ADM"

    assert case_changes(Case(), {"comune": "Zogno (BG)", "title": "ADM"}) == {}  # type: ignore[arg-type]
    assert case_changes(Case(), {"comune": " Zogno (BG) ", "title": "X"}) == {"title": "X"}  # type: ignore[arg-type]
    assert case_changes(Case(), {"comune": "Zogno"}) == {"comune": "Zogno"}  # type: ignore[arg-type]
    assert case_changes(Case(), {"comune": ""}) == {"comune": ""}  # type: ignore[arg-type]
