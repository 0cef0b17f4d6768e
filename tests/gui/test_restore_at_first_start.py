"""A new laptop, first start: the educator brings her profile back from the backup file the
scheduled backup wrote on her USB stick, through the real application on an empty folder, with
a real profile, a real backup file and the real worker."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import shiboken6

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QWizard

from minorifamiglie.domain.enums import Role, Service
from minorifamiglie.services import backup, cases, profiles
from minorifamiglie.ui.app import AppController
from minorifamiglie.ui.first_run import FirstRunWizard
from minorifamiglie.ui.main_window import MainWindow
from minorifamiglie.ui.restore_dialog import RestoreDialog
from minorifamiglie.ui.tasks import file_tasks
from private_modes import is_private_dir
from support.profiles import FAST_KDF, PASSPHRASE, ProfileCopies

# Showing top-level windows on the offscreen platform logs this; nothing else is ignored.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@dataclass(frozen=True)
class OldLaptop:
    backup_file: Path
    device_id: uuid.UUID
    case_id: uuid.UUID
    case_code: str


# ---------------------------------------------------------------------------------- helpers
@pytest.fixture
def old_laptop(tmp_path: Path, profile_copy: ProfileCopies) -> OldLaptop:
    """Giulia's old laptop: a profile with one case, backed up on the USB stick."""
    root = profile_copy(
        tmp_path / "vecchio-portatile", "Giulia Bianchi", Role.EDUCATOR, "portatile-vecchio"
    )
    usb = tmp_path / "chiavetta"
    usb.mkdir()
    target = usb / "minorifamiglie-backup-20260410-083000.mfbk"
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        case = cases.add_case(opened, ambito="VBR", service=Service.ADM, minor_name="Sara Pesenti")
        backup.backup(opened, target)
        return OldLaptop(target, opened.device_id, case.id, case.code)
    finally:
        opened.close()


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
            main = controller.main_window
            for window in (controller.unlock_window, controller.wizard, main):
                if window is not None and shiboken6.isValid(window):
                    window.hide()
                    shiboken6.delete(window)


def wizard_of(controller: AppController) -> FirstRunWizard:
    wizard = controller.wizard
    assert isinstance(wizard, FirstRunWizard)
    return wizard


def open_restore(qtbot: Any, wizard: FirstRunWizard) -> RestoreDialog:
    qtbot.mouseClick(wizard.operator_page.restore_button, Qt.MouseButton.LeftButton)
    dialog = wizard.restore_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def fill(qtbot: Any, dialog: RestoreDialog, path: Path | str, passphrase: str) -> None:
    dialog.file.setText(str(path))
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, passphrase)


def click_restore(qtbot: Any, dialog: RestoreDialog) -> None:
    """Click Restore on a form that looks right: the dialog asks whether the file is there off
    the Qt thread, then asks for the restore (awaited up to that moment, not beyond)."""
    with qtbot.waitSignal(dialog.restoreRequested, timeout=15_000):
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)


def restore_and_wait_for_the_wizard(qtbot: Any, controller: AppController) -> RestoreDialog:
    """Click Restore on a restore that fails: the wizard comes back with the dialog open."""
    wizard = wizard_of(controller)
    dialog = wizard.restore_dialog
    assert dialog is not None
    click_restore(qtbot, dialog)
    qtbot.waitUntil(lambda: wizard.isVisible() and dialog.isVisible(), timeout=15_000)
    qtbot.waitUntil(lambda: not controller.runner.busy, timeout=15_000)
    return dialog


def main_window_of(qtbot: Any, controller: AppController) -> MainWindow:
    qtbot.waitUntil(
        lambda: controller.main_window is not None and controller.main_window.isVisible(),
        timeout=15_000,
    )
    qtbot.waitUntil(lambda: not controller.runner.busy, timeout=15_000)
    window = controller.main_window
    assert isinstance(window, MainWindow)
    return window


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


def assert_opened_on_the_backup(
    qtbot: Any, controller: AppController, root: Path, old: OldLaptop
) -> None:
    main = main_window_of(qtbot, controller)
    assert (root / "profile.json").exists()
    assert controller.workspace.unlocked
    assert not wizard_of(controller).isVisible() and not controller.unlock_window.isVisible()
    assert main.operator_label.text() == "Giulia Bianchi"
    # The same device as the old laptop, with its case
    info = run(qtbot, controller, profiles.info)
    assert info.device_id == old.device_id
    rows = run(qtbot, controller, cases.list_cases)
    assert [(r.id, r.code, r.minors) for r in rows] == [
        (old.case_id, old.case_code, "Sara Pesenti")
    ]
    # The unlock screen says its usual line again, for the next lock
    assert "Enter your passphrase" in controller.unlock_window.hint.text()
    # Nothing waits in this backup: no notice about waiting changes
    assert controller.waiting_notice is None


# ---------------------------------------------------------------------------------- tests
def test_a_new_laptop_brings_the_profile_back_from_the_usb_stick(
    qtbot: Any, tmp_path: Path, controllers: Any, old_laptop: OldLaptop
) -> None:
    root = tmp_path / "nuovo-portatile" / "profilo"

    # Given a new laptop where the application has never run
    app = controllers(root)
    wizard = wizard_of(app)
    assert wizard.isVisible() and wizard.currentPage() is wizard.operator_page

    # Then the first page offers, beside the new profile, to restore a backup
    page = wizard.operator_page
    assert page.restore_button.isVisible()
    assert page.restore_button.text() == "&Restore from a backup…"
    assert "USB stick" in page.restore_hint.text()
    assert not page.restore_button.autoDefault()

    # When Giulia opens it, the dialog says which passphrase and warns about the old laptop
    dialog = open_restore(qtbot, wizard)
    assert dialog.windowTitle() == "Restore from a backup"
    assert dialog.isModal()
    assert "when the backup was written" in dialog.passphrase_note.text()
    assert "do not use the old laptop alongside" in dialog.device_note.text()
    assert dialog.passphrase.echoMode() == dialog.passphrase.EchoMode.Password

    # When she chooses the file on the USB stick in the file chooser (window-modal, on .mfbk)
    qtbot.mouseClick(dialog.file.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.file.dialog is not None)  # once its folder answered
    chooser = dialog.file.dialog
    assert chooser is not None and chooser.isVisible()
    assert chooser.windowModality() == Qt.WindowModality.WindowModal
    assert chooser.fileMode() == QFileDialog.FileMode.ExistingFile
    assert "*.mfbk" in chooser.nameFilters()[0]
    chooser.setDirectory(str(old_laptop.backup_file.parent))
    # The name goes where she types it (selectFile leaves a focused name field alone)
    name_edit = chooser.findChild(QLineEdit, "fileNameEdit")
    assert name_edit is not None
    name_edit.setText(old_laptop.backup_file.name)
    chooser.accept()
    assert dialog.file.text() == str(old_laptop.backup_file)
    assert dialog.passphrase.hasFocus() or dialog.focusWidget() is dialog.passphrase

    # And types the passphrase the profile had and confirms
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    click_restore(qtbot, dialog)

    # Then the wizard gives way to the unlock screen, busy, saying checking takes a while
    unlock = app.unlock_window
    assert not wizard.isVisible() and not dialog.isVisible()
    assert unlock.isVisible()
    assert not unlock.passphrase.isEnabled() and not unlock.button.isEnabled()
    assert "may take a while" in unlock.hint.text()
    assert unlock.button.text() == "Restoring…"
    assert dialog.passphrase.text() == ""  # the secret does not stay in the dialog

    # And then the main window opens on the profile of the old laptop, with its case
    assert_opened_on_the_backup(qtbot, app, root, old_laptop)
    assert is_private_dir(root)


def test_a_wrong_passphrase_is_said_in_the_dialog_and_a_retry_works(
    qtbot: Any, tmp_path: Path, controllers: Any, old_laptop: OldLaptop
) -> None:
    root = tmp_path / "profilo"
    app = controllers(root)
    wizard = wizard_of(app)

    # When Giulia types the passphrase she uses now, not the one of the backup
    dialog = open_restore(qtbot, wizard)
    fill(qtbot, dialog, old_laptop.backup_file, "la passphrase di adesso")
    dialog = restore_and_wait_for_the_wizard(qtbot, app)

    # Then the wizard is back, the dialog open with the reason, nothing on the disk
    assert not app.unlock_window.isVisible()
    assert dialog.error.isVisible() and dialog.error.text() == "Passphrase errata"
    assert dialog.file.text() == str(old_laptop.backup_file)  # the file stays chosen
    assert dialog.passphrase.text() == ""
    assert not (root / "profile.json").exists()
    assert not root.exists()
    assert app.main_window is None

    # When she tries again with the right one
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    click_restore(qtbot, dialog)
    assert not dialog.error.isVisible()

    # Then the profile is back and open
    assert_opened_on_the_backup(qtbot, app, root, old_laptop)


def test_a_damaged_backup_is_said_damaged_and_leaves_nothing(
    qtbot: Any, tmp_path: Path, controllers: Any, old_laptop: OldLaptop
) -> None:
    # Given a backup file with a byte changed in its sealed database
    damaged = tmp_path / "rovinato.mfbk"
    data = bytearray(old_laptop.backup_file.read_bytes())
    data[-100] ^= 0x01
    damaged.write_bytes(bytes(data))
    root = tmp_path / "profilo"
    app = controllers(root)

    # When Giulia restores it with the right passphrase
    dialog = open_restore(qtbot, wizard_of(app))
    fill(qtbot, dialog, damaged, PASSPHRASE)
    dialog = restore_and_wait_for_the_wizard(qtbot, app)

    # Then the dialog says it is damaged, and nothing is left in the profile folder
    assert "danneggiato" in dialog.error.text()
    assert not app.unlock_window.isVisible()
    assert not root.exists()
    assert app.main_window is None


def test_a_folder_holding_other_files_is_refused_and_left_as_it_was(
    qtbot: Any, tmp_path: Path, controllers: Any, old_laptop: OldLaptop
) -> None:
    # Given a profile folder without a profile but with a stray file
    root = tmp_path / "profilo"
    root.mkdir()
    stray = root / "appunti.txt"
    stray.write_text("non toccare")
    app = controllers(root)

    # When Giulia restores a good backup into it
    dialog = open_restore(qtbot, wizard_of(app))
    fill(qtbot, dialog, old_laptop.backup_file, PASSPHRASE)
    dialog = restore_and_wait_for_the_wizard(qtbot, app)

    # Then the dialog says why, and the folder is as it was
    assert "non è vuota" in dialog.error.text()
    assert sorted(p.name for p in root.iterdir()) == ["appunti.txt"]
    assert stray.read_text() == "non toccare"


def test_what_is_missing_is_said_in_one_line_and_nothing_runs(
    qtbot: Any, tmp_path: Path, controllers: Any, old_laptop: OldLaptop
) -> None:
    root = tmp_path / "profilo"
    app = controllers(root)
    wizard = wizard_of(app)
    dialog = open_restore(qtbot, wizard)

    def confirm() -> str:
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not file_tasks().busy)  # whether the file is there, answered
        assert dialog.isVisible() and wizard.isVisible()
        assert not app.unlock_window.isVisible()
        assert not root.exists()
        assert dialog.error.isVisible()
        return dialog.error.text()

    # No file chosen
    fill(qtbot, dialog, "", PASSPHRASE)
    assert confirm() == "Choose the backup file."
    assert dialog.file.edit.hasFocus() or dialog.focusWidget() is dialog.file.edit

    # A file that is not there (the USB stick not plugged in)
    fill(qtbot, dialog, tmp_path / "chiavetta-assente" / "backup.mfbk", PASSPHRASE)
    assert confirm() == "There is no backup file at this path."

    # The file, but no passphrase
    fill(qtbot, dialog, old_laptop.backup_file, "")
    assert confirm() == "Type the passphrase of the backup."
    assert dialog.passphrase.hasFocus() or dialog.focusWidget() is dialog.passphrase

    # When she cancels, the wizard is where it was, ready for a new profile
    dialog.reject()
    assert not dialog.isVisible() and wizard.isVisible()
    assert wizard.currentPage() is wizard.operator_page
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert next_button.isVisible()
    assert app.main_window is None


@pytest.fixture
def laptop_with_a_waiting_edit(tmp_path: Path, old_laptop: OldLaptop) -> OldLaptop:
    """The old laptop received, through a sync, an edit of a case whose insert had not reached
    the share yet (a causal gap): the edit waits in its log, and in its backup."""
    from sqlalchemy import select

    from minorifamiglie.domain.enums import OpKind
    from minorifamiglie.domain.hlc import Timestamp
    from minorifamiglie.services.apply import apply_operations
    from minorifamiglie.storage import models as m
    from minorifamiglie.sync.operations import Operation

    opened = profiles.unlock(tmp_path / "vecchio-portatile", PASSPHRASE)
    try:
        with opened.session() as session:
            last = session.execute(select(m.ChangeRow).order_by(m.ChangeRow.seq.desc())).scalar()
            assert last is not None
            stamp, device = Timestamp.decode(last.hlc), uuid.uuid4()
            for counter in (1, 2):
                op = Operation(
                    op_id=uuid.uuid4(), device_id=device,
                    hlc=Timestamp(stamp.wall_ms, stamp.counter + counter, device.hex).encode(),
                    entity="cases", entity_id=uuid.uuid4(), kind=OpKind.UPDATE,
                    data={"title": "Titolo"},
                )  # fmt: skip
                apply_operations(session, [op])
        backup.backup(opened, old_laptop.backup_file)
    finally:
        opened.close()
    return old_laptop


def test_a_backup_with_edits_waiting_for_their_record_says_so_after_opening(
    qtbot: Any, tmp_path: Path, controllers: Any, laptop_with_a_waiting_edit: OldLaptop
) -> None:
    root = tmp_path / "profilo"
    app = controllers(root)
    # When Giulia restores the backup of a laptop holding two edits waiting for their case
    dialog = open_restore(qtbot, wizard_of(app))
    fill(qtbot, dialog, laptop_with_a_waiting_edit.backup_file, PASSPHRASE)
    click_restore(qtbot, dialog)
    main = main_window_of(qtbot, app)
    # Then the main window opens, and a notice (not modal) says what waits and for what
    notice = app.waiting_notice
    assert notice is not None
    qtbot.waitUntil(notice.isVisible, timeout=5_000)
    assert notice.objectName() == "restoreWaitingNotice"
    assert notice.windowModality() != Qt.WindowModality.ApplicationModal  # work can start
    assert notice.parent() is main
    assert notice.text() == (
        "2 changes are waiting for their record: they will arrive with the next synchronisation."
    )
    assert app.restored_waiting == 0  # said once
