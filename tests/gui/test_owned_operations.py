"""Forms and dialogs own their jobs on the worker (ui/operations.py): one closed and deleted
while its save or its check is still queued gets no answer and raises nothing, and a save
still runs to its end (issue 15, point 2). Their callbacks were closures over the dialog,
which the runner's generic check of the receiver cannot see: they touched deleted widgets."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
import shiboken6

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import Role, Service
from minorifamiglie.services import cases, operators
from minorifamiglie.storage.repository import Repository
from minorifamiglie.ui.case_file.operators import OperatorsDialog
from minorifamiglie.ui.dialogs.new_case import NewCaseDialog
from minorifamiglie.ui.forms import FormField, RecordFormDialog
from minorifamiglie.ui.workspace import Workspace
from support.worker import worker_held

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

BORN = dt.date(2015, 3, 12)


def delete_then_release(qtbot: Any, workspace: Workspace, dialog: QWidget, release: Any) -> Any:
    """Delete `dialog` while its job waits behind the held worker, then let the worker go on;
    the exceptions raised meanwhile on the Qt thread."""
    assert workspace.runner.busy
    dialog.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=5000)
    with qtbot.captureExceptions() as raised:
        release.set()
        workspace.runner.wait_idle()
        qtbot.waitUntil(lambda: not workspace.runner.busy, timeout=5000)
    return raised


def test_a_record_form_deleted_while_its_save_is_queued_gets_no_answer_and_the_save_runs(
    qtbot: Any, workspace: Workspace, on_worker: Any
) -> None:
    # Given a record form that creates a case, and the worker busy with a long job
    saved: list[Any] = []
    dialog = RecordFormDialog("New case", [FormField("name", "Child", "text", required=True)])
    dialog.run_with(
        workspace,
        lambda opened, values: cases.add_case(
            opened, ambito="VBR", service=Service.ADM, minor_name=values["name"], birth_date=BORN
        ),
        on_saved=saved.append,
    )
    dialog.saved.connect(saved.append)
    dialog.set_values({"name": "Luca Rota"})
    with worker_held(workspace.runner) as release:
        # When Save is pressed, and the form is closed and deleted before the worker gets to it
        dialog.save_button.click()
        raised = delete_then_release(qtbot, workspace, dialog, release)
    # Then nothing was called on the deleted form, and the case was written all the same
    assert raised == []
    assert saved == []
    assert on_worker(cases.count_cases) == 1


def test_the_operators_dialog_deleted_while_its_save_is_queued_gets_no_answer(
    qtbot: Any, workspace: Workspace, on_worker: Any
) -> None:
    # Given a case followed by Giulia Bianchi, and Marco Ferrari in the team
    case = on_worker(
        lambda op: cases.add_case(
            op, ambito="VBR", service=Service.ADM, minor_name="Luca Rota", birth_date=BORN
        )
    )

    def add_marco(op: Any) -> uuid.UUID:
        with op.session() as session:
            marco = Repository(session).add(
                e.Operator, name="Marco Ferrari", role=Role.SOCIAL_WORKER, active=True
            )
            return marco.id

    marco = on_worker(add_marco)
    team = on_worker(operators.list_operators)
    assigned = on_worker(lambda op: cases.show_case(op, str(case.id))).operators
    dialog = OperatorsDialog(workspace, case.id, team, assigned)
    saved: list[bool] = []
    dialog.saved.connect(lambda: saved.append(True))
    dialog.item("Marco Ferrari").setCheckState(Qt.CheckState.Checked)
    with worker_held(workspace.runner) as release:
        # When Save is pressed, and the dialog is deleted before the worker gets to it
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        raised = delete_then_release(qtbot, workspace, dialog, release)
    # Then the deleted dialog got nothing, and Marco follows the case
    assert raised == []
    assert saved == []
    detail = on_worker(lambda op: cases.show_case(op, str(case.id)))
    assert marco in {op.id for op in detail.operators}


def test_the_new_case_dialog_deleted_while_its_check_is_queued_gets_no_answer(
    qtbot: Any, workspace: Workspace, on_worker: Any
) -> None:
    # Given the new-case dialog filled in with a codice fiscale (checked before the save)
    dialog = NewCaseDialog(workspace, today=dt.date(2026, 11, 24))
    created: list[Any] = []
    dialog.caseCreated.connect(created.append)
    qtbot.keyClicks(dialog.first_name, "Marco")
    qtbot.keyClicks(dialog.last_name, "Bianchi")
    qtbot.keyClicks(dialog.tax_code, "RTOGLI20C55A794P")  # synthetic
    with worker_held(workspace.runner) as release:
        # When Create is pressed, and the dialog is deleted before the check ran
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        raised = delete_then_release(qtbot, workspace, dialog, release)
    # Then its answer went nowhere: no error, and no case created behind the user's back
    assert raised == []
    assert created == []
    assert on_worker(cases.count_cases) == 0
