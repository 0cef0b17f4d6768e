"""Lock (Ctrl+L) and visit mode (F9) work from every window, the visit editor included, and visit
mode hides in the editor what it hides elsewhere (issue 13, point 5)."""

from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import Qt

from minorifamiglie.domain.enums import Service
from minorifamiglie.services import cases, profiles
from minorifamiglie.ui.main_window import MainWindow

# The offscreen platform logs these for top-level windows and raise(); nothing else is ignored.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)
TODAY = dt.date(2026, 3, 16)


@pytest.fixture
def editor_and_main(qtbot, workspace, wait_tasks, on_worker):
    case = on_worker(
        lambda op: cases.add_case(op, ambito="VBR", service=Service.ADM, title="F.", today=TODAY)
    )
    main = MainWindow(workspace, on_worker(profiles.info), today=lambda: TODAY)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.after_unlock()
    wait_tasks()
    main.open_visit(case.id, None)
    (editor,) = main.editors
    qtbot.waitExposed(editor)
    qtbot.waitUntil(editor.body.isEnabled, timeout=10_000)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    editor.notes_edit.setFocus()
    qtbot.waitUntil(editor.notes_edit.hasFocus)
    yield editor, main
    main.before_lock()
    wait_tasks()


def test_ctrl_l_in_the_visit_editor_locks(qtbot, editor_and_main) -> None:
    editor, main = editor_and_main
    with qtbot.waitSignal(main.lockRequested, timeout=2_000):
        qtbot.keyClick(editor.notes_edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)


def test_f9_in_the_visit_editor_hides_the_adults_the_risks_and_the_evaluations(
    qtbot, editor_and_main
) -> None:
    editor, main = editor_and_main
    form = editor.observation_form
    assert editor.evaluations_edit.isVisible()
    assert form.texts["sugli_adulti"].isVisible() and form.texts["rischi"].isVisible()

    qtbot.keyClick(editor.notes_edit, Qt.Key.Key_F9)

    assert main.visit_mode_action.isChecked()
    assert not editor.evaluations_edit.isVisible()
    assert not form.texts["sugli_adulti"].isVisible()
    assert not form.texts["rischi"].isVisible()
    assert form.texts["sul_minore"].isVisible()  # what the child did stays
    assert editor.notes_edit.isVisible()

    qtbot.keyClick(editor.notes_edit, Qt.Key.Key_F9)  # and back
    assert not main.visit_mode_action.isChecked()
    assert editor.evaluations_edit.isVisible() and form.texts["sugli_adulti"].isVisible()


def test_ctrl_f_in_the_visit_editor_brings_the_search_forward(qtbot, editor_and_main) -> None:
    editor, main = editor_and_main
    qtbot.keyClick(editor.notes_edit, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert main.stack.currentWidget() is main.cases_page
