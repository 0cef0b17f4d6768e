"""The whole story of an educator, through the real application on an empty profile folder:
first start → a new case → the mother → a visit typed and autosaved → a forced quit, and the
draft back after the next unlock → close and sign → found again by searching → lock → a wrong
passphrase → unlock, back where she was."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
import shiboken6

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit, QMessageBox, QWizard

from minorifamiglie.domain.enums import MemberRole, Role, VisitStatus
from minorifamiglie.services import drafts, visits
from minorifamiglie.ui.app import AppController
from minorifamiglie.ui.dialogs.new_case import NewCaseDialog
from minorifamiglie.ui.labels import label
from minorifamiglie.ui.main_window import MainWindow
from minorifamiglie.ui.visit_editor import VisitEditorWindow
from support.profiles import FAST_KDF

# Showing top-level windows on the offscreen platform logs this; nothing else is ignored.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PASSPHRASE = "pioggia sul lago d'Iseo"
NOTES = "Luca ha mostrato i quaderni alla madre; compiti di matematica fatti insieme."


# ---------------------------------------------------------------------------------- helpers
@pytest.fixture
def controllers(qtbot: Any) -> Any:
    """Starts AppControllers on a folder; at the end, those still running are shut down."""
    started: list[AppController] = []

    def start(root: Path) -> AppController:
        controller = AppController(root, kdf=FAST_KDF)
        started.append(controller)
        controller.start()
        return controller

    yield start
    for controller in started:
        if shiboken6.isValid(controller):
            controller.shutdown()
            qtbot.waitUntil(lambda c=controller: not c.runner.busy, timeout=15_000)
            discard_windows(controller)


def discard_windows(controller: AppController) -> None:
    main = controller.main_window
    windows: list[Any] = [controller.unlock_window, controller.wizard, main]
    if main is not None:
        windows += main.editors
    for window in windows:
        if window is not None and shiboken6.isValid(window):
            window.hide()
            shiboken6.delete(window)


def run(qtbot: Any, controller: AppController, fn: Any) -> Any:
    """Look in the database through the services, on the application's own worker."""
    out: list[tuple[str, Any]] = []
    controller.workspace.call(
        fn, lambda r: out.append(("ok", r)), lambda e: out.append(("error", e))
    )
    qtbot.waitUntil(lambda: bool(out), timeout=10_000)
    status, value = out[0]
    assert status == "ok", value
    return value


def idle(qtbot: Any, controller: AppController) -> None:
    qtbot.waitUntil(lambda: not controller.runner.busy, timeout=15_000)


def choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def press(qtbot: Any, window: Any, key: Qt.Key, modifier: Any = Qt.KeyboardModifier.NoModifier):
    """A key on the focused widget of an active window, as the keyboard sends it."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2_000)
    target = window.focusWidget() or window
    qtbot.keyClick(target, key, modifier)


def unlock(qtbot: Any, controller: AppController, passphrase: str) -> None:
    window = controller.unlock_window
    qtbot.waitUntil(window.passphrase.isEnabled, timeout=10_000)
    qtbot.keyClicks(window.passphrase, passphrase)
    qtbot.keyClick(window.passphrase, Qt.Key.Key_Return)


def main_window_of(qtbot: Any, controller: AppController) -> MainWindow:
    qtbot.waitUntil(
        lambda: controller.main_window is not None and controller.main_window.isVisible(),
        timeout=15_000,
    )
    idle(qtbot, controller)
    window = controller.main_window
    assert isinstance(window, MainWindow)
    return window


def editor_of(qtbot: Any, window: MainWindow) -> VisitEditorWindow:
    qtbot.waitUntil(lambda: len(window.editors) == 1, timeout=10_000)
    editor = window.editors[0]
    assert isinstance(editor, VisitEditorWindow)
    qtbot.waitExposed(editor)
    qtbot.waitUntil(editor.body.isEnabled, timeout=10_000)
    return editor


def forced_quit(qtbot: Any, controller: AppController) -> None:
    """The laptop runs out of battery: no lock, no save, no closeEvent. The editor vanishes,
    the database is closed under the application's feet, the process is gone."""
    main = controller.main_window
    assert main is not None
    for editor in main.editors:
        editor.autosave_timer.stop()
        editor.max_wait_timer.stop()
        shiboken6.delete(editor)
    main.editors = []
    controller.idle.stop()
    controller.workspace.call(lambda opened: opened.close())
    idle(qtbot, controller)
    controller.runner.shutdown()
    discard_windows(controller)
    shiboken6.delete(controller)


# ---------------------------------------------------------------------------------- the story
def test_an_educators_day_from_first_start_to_a_signed_visit_found_again(
    qtbot: Any, tmp_path: Path, controllers: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "profilo"

    # Given a laptop where the application has never run
    app = controllers(root)
    wizard = app.wizard
    assert wizard is not None and wizard.isVisible()
    assert not app.unlock_window.isVisible()

    # When Giulia fills in the first-start wizard: who she is, then a passphrase twice
    operator = wizard.operator_page
    qtbot.keyClicks(operator.name, "Giulia Bianchi")
    choose(operator.role, label(Role.EDUCATOR))
    operator.device.setText("portatile-giulia")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    secret = wizard.passphrase_page
    qtbot.keyClicks(secret.first, PASSPHRASE)
    qtbot.keyClicks(secret.second, PASSPHRASE)
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()  # not before she says she understands the warning
    secret.understood.click()
    assert finish.isEnabled()
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)

    # Then the profile is created, opened, and the main window shows Oggi
    main = main_window_of(qtbot, app)
    assert (root / "profile.json").exists()
    assert app.workspace.unlocked
    assert not wizard.isVisible() and not app.unlock_window.isVisible()
    assert main.stack.currentWidget() is main.today_page
    assert main.operator_label.text() == "Giulia Bianchi"

    # When she goes to Cartelle and creates a case for Luca Rota
    rect = main.nav.visualItemRect(main.nav.item(1))
    qtbot.mouseClick(main.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert main.stack.currentWidget() is main.cases_page
    qtbot.mouseClick(main.cases_page.new_button, Qt.MouseButton.LeftButton)
    dialog = main.cases_page.findChild(NewCaseDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    choose(dialog.ambito, "Valle Brembana")
    choose(dialog.service, "Home educational support")
    qtbot.keyClicks(dialog.first_name, "Luca")
    qtbot.keyClicks(dialog.last_name, "Rota")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    # Then the new case file opens on its persons, with Luca
    case_file = main.case_file
    qtbot.waitUntil(lambda: case_file.data is not None, timeout=10_000)
    idle(qtbot, app)
    assert main.stack.currentWidget() is case_file
    case_id = case_file.case_id
    assert isinstance(case_id, uuid.UUID)
    assert case_file.tabs.currentWidget() is case_file.persons
    assert [r.person.full_name for r in case_file.persons.model.rows] == ["Luca Rota"]

    # When she adds his mother in Anagrafica
    qtbot.mouseClick(case_file.persons.add_button, Qt.MouseButton.LeftButton)
    form = case_file.persons.dialog
    assert form is not None
    for name, text in (("first_name", "Maria"), ("last_name", "Rota")):
        field = form.editor(name)
        assert isinstance(field, QLineEdit)
        qtbot.keyClicks(field, text)
    role = form.editor("role")
    assert isinstance(role, QComboBox)
    role.setCurrentIndex(form.find_option("role", MemberRole.MOTHER))
    qtbot.mouseClick(
        form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )

    # Then Maria is listed as the mother
    persons = case_file.persons.model
    qtbot.waitUntil(lambda: persons.rowCount() == 2, timeout=10_000)
    mother = persons.rows[1]
    assert (mother.person.full_name, mother.member.role) == ("Maria Rota", MemberRole.MOTHER)

    # When she presses Ctrl+N for a new visit and types what happened
    press(qtbot, main, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = editor_of(qtbot, main)
    assert editor.case_id == case_id and editor.visit_id is None
    editor.autosave_timer.setInterval(50)  # 3 s in real life; the same timer
    editor.present_checks[mother.person.id].click()
    qtbot.keyClicks(editor.place_edit, "Domicilio")
    qtbot.keyClicks(editor.notes_edit, NOTES)

    # Then, without any button pressed, the draft is saved in the database
    qtbot.waitUntil(
        lambda: editor.visit_id is not None and "Saved at" in editor.status_label.text(),
        timeout=10_000,
    )
    idle(qtbot, app)
    (draft,) = run(qtbot, app, lambda o: visits.list_visits(o, str(case_id)))
    assert draft.visit.status is VisitStatus.DRAFT
    assert draft.visit.notes == NOTES
    assert draft.visit.place == "Domicilio"
    visit_id = draft.visit.id
    assert run(qtbot, app, drafts.open_editor_ids) == [drafts.OpenEditor(case_id, visit_id)]

    # When the laptop dies: no lock, no save, the process is gone
    forced_quit(qtbot, app)

    # And the application is started again on the same folder and unlocked
    app = controllers(root)
    assert app.wizard is None  # the profile exists: straight to the unlock screen
    assert app.unlock_window.isVisible()
    unlock(qtbot, app, PASSPHRASE)
    main = main_window_of(qtbot, app)

    # Then the editor comes back by itself, with the text she had typed
    editor = editor_of(qtbot, main)
    assert editor.visit_id == visit_id
    assert editor.notes_edit.toPlainText() == NOTES
    assert editor.present_checks[mother.person.id].isChecked()
    assert not editor.read_only

    # When she presses "Chiudi e firma" and confirms
    asked: list[str] = []

    def yes(_parent: Any, _title: str, text: str, *_args: Any, **_kwargs: Any) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    with qtbot.waitSignal(editor.visitClosed, timeout=10_000):
        qtbot.mouseClick(editor.close_sign_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1

    # Then the visit is read-only and closed in the database; she closes the window
    assert editor.read_only and editor.notes_edit.isReadOnly()
    idle(qtbot, app)
    signed = run(qtbot, app, lambda o: visits.get_visit(o, visit_id)).visit
    assert signed.status is VisitStatus.CLOSED
    assert signed.notes == NOTES
    press(qtbot, editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not main.editors, timeout=5_000)

    # When later she presses Ctrl+F and types part of the child's name
    press(qtbot, main, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    cases_page = main.cases_page
    assert main.stack.currentWidget() is cases_page
    qtbot.waitUntil(cases_page.search.hasFocus, timeout=2_000)
    qtbot.keyClicks(cases_page.search, "rot")

    # Then Luca's case is the only row; a double-click opens it, the Diario lists the visit
    case_file = main.case_file
    qtbot.waitUntil(lambda: [r.id for r in cases_page.model.rows] == [case_id], timeout=5_000)
    idle(qtbot, app)
    row = cases_page.table.visualRect(cases_page.model.index(0, 1)).center()
    qtbot.mouseClick(cases_page.table.viewport(), Qt.MouseButton.LeftButton, pos=row)
    qtbot.mouseDClick(cases_page.table.viewport(), Qt.MouseButton.LeftButton, pos=row)
    qtbot.waitUntil(
        lambda: main.stack.currentWidget() is case_file and case_file.data is not None,
        timeout=10_000,
    )
    assert case_file.case_id == case_id
    tab_bar = case_file.tabs.tabBar()
    diary_index = case_file.tabs.indexOf(case_file.diary)
    qtbot.mouseClick(tab_bar, Qt.MouseButton.LeftButton, pos=tab_bar.tabRect(diary_index).center())
    assert case_file.tabs.currentWidget() is case_file.diary
    diary = case_file.diary.model
    assert [(v.visit.id, v.visit.status) for v in diary.rows] == [(visit_id, VisitStatus.CLOSED)]

    # When she steps away and presses Ctrl+L
    press(qtbot, main, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    # Then nothing of the case is on screen, the unlock window asks for the passphrase,
    # and the worker has closed the database: the workspace holds no key any more
    assert not main.isVisible()
    assert app.unlock_window.isVisible()
    idle(qtbot, app)
    assert not app.workspace.unlocked
    assert app.workspace._opened is None  # the OpenProfile, and with it the key, is gone
    assert case_file.data is None and diary.rowCount() == 0
    assert cases_page.model.rowCount() == 0 and cases_page.search.text() == ""

    # When someone types a wrong passphrase
    unlock(qtbot, app, "non e questa")  # keyClicks types ASCII only

    # Then the unlock window says so, makes them wait, and the application stays locked
    window = app.unlock_window
    qtbot.waitUntil(lambda: "Wrong passphrase" in window.error.text(), timeout=10_000)
    assert not main.isVisible()
    assert not app.workspace.unlocked

    # When Giulia comes back and types hers
    qtbot.waitUntil(window.button.isEnabled, timeout=10_000)
    unlock(qtbot, app, PASSPHRASE)

    # Then she is back where she was: Luca's case file, on the Diario, with the signed visit
    assert main_window_of(qtbot, app) is main
    qtbot.waitUntil(lambda: case_file.data is not None, timeout=10_000)
    assert not window.isVisible()
    assert main.stack.currentWidget() is case_file
    assert case_file.case_id == case_id
    assert case_file.tabs.currentWidget() is case_file.diary
    assert [v.visit.id for v in diary.rows] == [visit_id]
    assert main.editors == []  # a signed visit is not reopened
