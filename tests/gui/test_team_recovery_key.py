"""Équipe, the recovery key: Giulia, the coordinator, saves the team's recovery key from the page
on a USB stick; with that file a forgotten passphrase is reset (docs/recovery.md). Replacing it
asks her to confirm that the old key stops working; an existing file is never overwritten; the
other members do not see the button."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from minorifamiglie.services import profiles, recovery, syncing, team
from minorifamiglie.storage.keyfile import read_keyfile
from minorifamiglie.ui.common import plain_html
from minorifamiglie.ui.dialogs.team import RecoveryKeyDialog, short_recipient
from minorifamiglie.ui.pages.team import TeamPage
from private_modes import is_private_file

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

NEW_PASSPHRASE = "nuova passphrase dopo il recupero"


def open_page(qtbot, workspace, wait_tasks) -> TeamPage:
    page = TeamPage(workspace)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.refresh()
    wait_tasks()
    return page


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    """The USB stick that goes into the office safe."""
    folder = tmp_path / "chiavetta"
    folder.mkdir()
    return folder


def open_dialog(qtbot, page: TeamPage) -> RecoveryKeyDialog:
    assert page.recovery_button.isVisible()
    qtbot.mouseClick(page.recovery_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, RecoveryKeyDialog)
    return dialog


def save_to(qtbot, dialog: RecoveryKeyDialog, path: Path) -> None:
    dialog.file.setText(str(path))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_the_coordinator_saves_the_recovery_key_and_it_resets_a_forgotten_passphrase(
    qtbot, workspace, wait_tasks, on_worker, gui_profile: Path, usb: Path, team_of_two
) -> None:
    colleague = team_of_two
    # Given Giulia's team without a recovery key
    page = open_page(qtbot, workspace, wait_tasks)
    assert page.recovery_row.isVisible()
    assert page.recovery_label.text() == (
        "Recovery key: none — a forgotten passphrase cannot be recovered"
    )
    assert page.recovery_button.text() == "Recovery &key…"

    # When she opens the dialog, it says what the file is for and where to keep it
    dialog = open_dialog(qtbot, page)
    assert dialog.windowTitle() == "Recovery key"
    assert "only way to open a profile again" in dialog.intro.text()
    assert "can open every profile of the team" in dialog.warning.text()
    assert "USB stick kept in the office safe" in dialog.warning.text()
    assert not dialog.understood.isVisible()
    assert dialog.ok_button.isEnabled() and not dialog.close_button.isVisible()

    # When she confirms without choosing a file, the dialog asks for one
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Choose where to save the recovery key."

    # When she chooses the USB stick in the file chooser, which suggests a name
    qtbot.mouseClick(dialog.file.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.file.dialog is not None)  # once its folder answered
    chooser = dialog.file.dialog
    assert chooser is not None and chooser.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    chooser.setDirectory(str(usb))
    chooser.selectFile("recupero-equipe.txt")
    chooser.accept()
    target = usb / "recupero-equipe.txt"
    assert dialog.file.text() == str(target)

    # And saves the key there
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_tasks()

    # Then the file is there, readable only by her, and holds an age identity
    assert is_private_file(target)
    text = target.read_text()
    assert text.count("AGE-SECRET-KEY-") == 1
    recipient = str(recovery.read_identity_file(target).to_public())

    # And the dialog stays open to say where it was saved and which recipient it has
    assert dialog.isVisible() and page.dialog is dialog
    assert not dialog.form_box.isVisible() and dialog.done_box.isVisible()
    assert dialog.saved_path.text() == str(target)
    assert dialog.saved_recipient.text() == recipient
    assert dialog.saved is not None and dialog.saved.recipient == recipient
    assert dialog.close_button.isVisible() and not dialog.ok_button.isVisible()

    # And the page shows the key, the roster publishes it, her profile is wrapped to it
    assert page.recovery_label.text() == f"Recovery key: set ({short_recipient(recipient)})"
    assert page.recovery_label.toolTip() == plain_html(recipient)
    assert page.recovery_button.text() == "Replace recovery &key…"
    assert on_worker(team.show).recovery_recipient == recipient
    keyfile = read_keyfile(gui_profile / "profile.json")
    assert keyfile.recovery is not None and keyfile.recovery.recipient == recipient
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert page.dialog is None

    # And Marco's laptop wraps its key to it at its next synchronisation
    syncing.sync(colleague)
    assert recovery.status(colleague.paths.root) == recipient

    # When Giulia forgets her passphrase, the file sets a new one on her locked profile
    done: list[object] = []
    workspace.lock(done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    recovered = recovery.recover(gui_profile, target, NEW_PASSPHRASE)
    assert recovered.device_id == keyfile.device_id
    profiles.unlock(gui_profile, NEW_PASSPHRASE).close()


def test_replacing_the_recovery_key_needs_the_checkbox(
    qtbot, workspace, wait_tasks, on_worker, share: Path, usb: Path
) -> None:
    # Given Giulia's team with a recovery key
    on_worker(lambda opened: team.create_team(opened, "Équipe Valle Brembana", share))
    first = on_worker(lambda opened: team.create_recovery_key(opened, usb / "vecchia.txt"))
    page = open_page(qtbot, workspace, wait_tasks)
    assert page.recovery_button.text() == "Replace recovery &key…"

    # When she asks to replace it
    dialog = open_dialog(qtbot, page)
    assert dialog.windowTitle() == "Replace the recovery key"
    assert short_recipient(first.recipient) in dialog.intro.text()
    assert dialog.understood.isVisible() and not dialog.understood.isChecked()

    # Then nothing is written until she ticks that the old key stops working
    target = usb / "nuova.txt"
    dialog.file.setText(str(target))
    assert not dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    dialog.submit()
    wait_tasks()
    assert dialog.error.text() == "Tick the box to confirm that the old key stops working."
    assert not target.exists()
    assert on_worker(team.show).recovery_recipient == first.recipient

    # When she ticks it, the new key replaces the old one
    dialog.understood.setChecked(True)
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_tasks()
    new = str(recovery.read_identity_file(target).to_public())
    assert new != first.recipient
    assert dialog.saved_recipient.text() == new
    assert on_worker(team.show).recovery_recipient == new
    assert page.recovery_label.text() == f"Recovery key: set ({short_recipient(new)})"
    assert (usb / "vecchia.txt").exists()  # the old file is hers to destroy


def test_a_file_that_exists_or_a_folder_that_does_not_is_refused(
    qtbot, workspace, wait_tasks, on_worker, share: Path, usb: Path, tmp_path: Path
) -> None:
    on_worker(lambda opened: team.create_team(opened, "Équipe Valle Brembana", share))
    page = open_page(qtbot, workspace, wait_tasks)
    dialog = open_dialog(qtbot, page)

    # An existing file is refused and left as it is
    existing = usb / "appunti.txt"
    existing.write_text("lista della spesa")
    save_to(qtbot, dialog, existing)
    wait_tasks()
    assert dialog.error.text() == (
        "This file already exists and is never overwritten: choose another name."
    )
    assert existing.read_text() == "lista della spesa"

    # A folder that is not there (the USB stick not plugged in) is refused
    missing = tmp_path / "chiavetta-assente" / "recupero-equipe.txt"
    save_to(qtbot, dialog, missing)
    wait_tasks()
    assert dialog.error.text() == (
        f"The folder {missing.parent} does not exist: plug in the USB stick or choose another "
        "folder."
    )
    assert not missing.parent.exists()

    # A folder instead of a file, and a relative path, too
    save_to(qtbot, dialog, usb)
    wait_tasks()
    assert (
        dialog.error.text()
        == "This is a folder: add the name of the file, e.g. recupero-equipe.txt."
    )
    dialog.file.setText("recupero-equipe.txt")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Give the full path of the file, or use Choose…."

    # Nothing was written, no key was published, the dialog is still open
    wait_tasks()
    assert sorted(p.name for p in usb.iterdir()) == ["appunti.txt"]
    assert on_worker(team.show).recovery_recipient is None
    assert dialog.isVisible() and dialog.saved is None
    assert page.recovery_label.text().startswith("Recovery key: none")


def test_an_error_of_the_service_shows_in_the_dialog(
    qtbot, workspace, wait_tasks, on_worker, share: Path, usb: Path
) -> None:
    # Given the shared folder is not reachable (the network share is down)
    on_worker(lambda opened: team.create_team(opened, "Équipe Valle Brembana", share))
    page = open_page(qtbot, workspace, wait_tasks)
    dialog = open_dialog(qtbot, page)
    share.rename(share.with_name("condivisa-spostata"))

    # When she saves the key, the dialog stays open and says why; no file is left behind
    target = usb / "recupero-equipe.txt"
    save_to(qtbot, dialog, target)
    wait_tasks()
    assert dialog.isVisible() and dialog.saved is None
    assert "Cartella condivisa non raggiungibile" in dialog.error.text()
    assert dialog.ok_button.isEnabled() and dialog.form_box.isVisible()
    assert not target.exists()


def test_a_member_does_not_see_the_recovery_key(
    qtbot, workspace, wait_tasks, on_worker, share: Path, colleague
) -> None:
    # Given Marco coordinates the team and Giulia's device is admitted to it
    team.create_team(colleague, "Équipe Valle Brembana", share)
    on_worker(lambda opened: team.join_team(opened, share))
    team.admit(colleague, on_worker(team.show).device_id)
    page = open_page(qtbot, workspace, wait_tasks)
    assert page.admission_note.text() == "This device is a member of the team."

    # Then the page shows no recovery key nor its button, and the action does nothing
    assert not page.recovery_row.isVisible()
    assert not page.recovery_button.isVisible()
    assert page.recovery_key() is None
    assert page.dialog is None
