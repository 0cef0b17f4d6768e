"""The goals worked on and the method of the evaluations, in the visit editor: chosen among the
case's goals in progress, autosaved with the draft, back after a crash, frozen when signed; the
method hidden in visit mode with the evaluations."""

from __future__ import annotations

import json

import pytest
import shiboken6

from PySide6.QtWidgets import QMessageBox

from minorifamiglie.domain import frozen_document as fd
from minorifamiglie.domain.enums import GoalStatus, PlanKind, Service
from minorifamiglie.services import cases, records, visits
from minorifamiglie.ui.visit_editor import VisitEditorWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def open_editor(qtbot, workspace, case_id, visit_id=None):
    editor = VisitEditorWindow(workspace, case_id, visit_id)
    qtbot.addWidget(editor)
    editor.autosave_timer.setInterval(50)  # the real delay is 3 s; the logic is the same
    editor.show()
    qtbot.waitExposed(editor)
    qtbot.waitUntil(editor.body.isEnabled, timeout=10_000)
    return editor


def test_goals_chosen_in_a_draft_survive_autosave_a_crash_and_the_signature(
    qtbot, workspace, on_worker, wait_tasks, monkeypatch
) -> None:
    # Given a case with two goals in progress (one of the Progetto Quadro) and one achieved
    def setup(opened):
        case = cases.add_case(opened, ambito="VBR", service=Service.ADM, minor_name="Luca Rossi")
        homework = records.add_goal(opened, case.id, title="Autonomia nei compiti")
        home = records.add_goal(
            opened, case.id, title="Stabilità abitativa", plan=PlanKind.FRAMEWORK
        )
        done = records.add_goal(
            opened, case.id, title="Iscrizione al centro estivo", status=GoalStatus.ACHIEVED
        )
        return case, homework, home, done

    case, homework, home, done = on_worker(setup)

    # When the educator opens a new visit
    editor = open_editor(qtbot, workspace, case.id)
    # Then the goals in progress are offered, the PEI's first, none ticked; not the achieved one
    assert list(editor.goal_checks) == [homework.id, home.id]
    assert editor.goal_checks[home.id].text() == "Stabilità abitativa (Overall plan)"
    assert not any(c.isChecked() for c in editor.goal_checks.values())

    # When she ticks the Progetto Quadro goal, writes the method and types what happened
    editor.goal_checks[home.id].click()
    qtbot.keyClicks(editor.place_edit, "Domicilio")
    qtbot.keyClicks(editor.method_edit, "Osservazione diretta")
    with qtbot.waitSignal(editor.visitSaved, timeout=10_000):
        qtbot.keyClicks(editor.notes_edit, "Compiti con la madre.")
    wait_tasks()

    # Then the draft holds them, without any button pressed
    visit_id = editor.visit_id
    saved = on_worker(lambda opened: visits.get_visit(opened, visit_id)).visit
    assert json.loads(saved.goal_ids) == [str(home.id)]
    assert saved.evaluation_method == "Osservazione diretta"

    # When she ticks the other goal too and the application crashes right after the autosave
    with qtbot.waitSignal(editor.visitSaved, timeout=10_000):
        editor.goal_checks[homework.id].click()
    wait_tasks()
    shiboken6.delete(editor)
    wait_tasks()

    # Then the reopened draft shows both ticked and the method
    editor = open_editor(qtbot, workspace, case.id, visit_id)
    assert [c.isChecked() for c in editor.goal_checks.values()] == [True, True]
    assert editor.method_edit.text() == "Osservazione diretta"

    # In visit mode the family may see the screen: the method goes with the evaluations
    editor.set_visit_mode(True)
    assert not editor.method_edit.isVisible() and not editor.evaluations_edit.isVisible()
    assert editor.goals_group.isVisible()
    editor.set_visit_mode(False)
    assert editor.method_edit.isVisible()

    # When she closes and signs
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(editor.visitClosed, timeout=10_000):
        editor.close_and_sign()
    wait_tasks()

    # Then the goals are frozen with the visit, in the order of the list, and read-only
    signed = on_worker(lambda opened: visits.get_visit(opened, visit_id)).visit
    doc = fd.parse(signed.frozen)
    assert doc is not None
    assert doc.goals == ("Autonomia nei compiti", "Stabilità abitativa (Progetto Quadro)")
    assert not any(c.isEnabled() for c in editor.goal_checks.values())
    assert editor.method_edit.isReadOnly()

    # When a goal is achieved later, the signed visit still shows it ticked, with its status
    on_worker(lambda opened: records.update_goal(opened, homework.id, status=GoalStatus.ACHIEVED))
    editor.close()
    wait_tasks()
    again = open_editor(qtbot, workspace, case.id, visit_id)
    assert list(again.goal_checks) == [homework.id, home.id]
    assert again.goal_checks[homework.id].isChecked()
    assert again.goal_checks[homework.id].text() == "Autonomia nei compiti — Achieved"
    assert done.id not in again.goal_checks
