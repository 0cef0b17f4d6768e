"""Équipe: Giulia creates the team on the shared folder, Marco asks to join it and reads his
fingerprint to her by phone; she admits his device only after comparing it, and can revoke it."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QMessageBox

from minorifamiglie.services import syncing, team
from minorifamiglie.services.team import TeamError
from minorifamiglie.ui.dialogs.team import AdmitDialog, FingerprintDialog, TeamFolderDialog
from minorifamiglie.ui.models.device_table import DeviceTableModel
from minorifamiglie.ui.pages.team import TeamPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def open_page(qtbot, workspace, wait_tasks) -> TeamPage:
    page = TeamPage(workspace)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.refresh()
    wait_tasks()
    return page


def fill(qtbot, dialog: TeamFolderDialog, folder: Path, name: str = "") -> None:
    if name:
        qtbot.keyClicks(dialog.name, name)
    dialog.folder.setText(str(folder))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_creating_a_team(
    qtbot, workspace, wait_tasks, on_worker, share: Path, tmp_path: Path, qtmodeltester
) -> None:
    # Given a device in no team
    page = open_page(qtbot, workspace, wait_tasks)
    mine = on_worker(team.show).fingerprint
    assert page.stack.currentWidget() is page.no_team
    assert page.lone_fingerprint.text() == mine

    # When Giulia creates a team on a folder that is not there
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, TeamFolderDialog)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Choose the shared folder."
    fill(qtbot, dialog, tmp_path / "non-esiste", "Équipe Valle Brembana")
    wait_tasks()
    # Then the dialog stays open and says why
    assert dialog.isVisible()
    assert "Cartella condivisa non raggiungibile" in dialog.error.text()

    # When she chooses the real shared folder
    dialog.folder.setText(str(share))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_tasks()

    # Then the dialog closes and the team is there, with her device as its coordinator
    assert page.dialog is None
    assert page.stack.currentWidget() is page.team_box
    assert page.name_label.text() == "Équipe Valle Brembana"
    assert page.share_label.text() == str(share)
    assert page.my_fingerprint.text() == mine
    assert page.coordinator_fingerprint.text() == mine
    assert page.admission_note.text() == "This device is the coordinator of the team."
    model = page.model
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    assert model.index(0, DeviceTableModel.OPERATOR).data() == "Giulia Bianchi"
    assert model.index(0, DeviceTableModel.ROLE).data() == "Educator"
    assert (
        model.index(0, DeviceTableModel.DEVICE).data()
        == "portatile-test (team coordinator, this device)"
    )
    assert model.index(0, DeviceTableModel.FINGERPRINT).data() == mine
    assert model.index(0, DeviceTableModel.STATUS).data() == "Active"
    assert page.coordinator_row.isVisible()
    page.table.selectRow(0)
    assert not page.revoke_button.isEnabled()  # not her own device
    assert not page.admit_button.isEnabled()


def test_joining_shows_the_fingerprints_to_compare_by_phone(
    qtbot, workspace, wait_tasks, on_worker, share: Path, colleague
) -> None:
    # Given Marco coordinates a team on the shared folder
    team.create_team(colleague, "Équipe Valle Brembana", share)
    coordinator = team.show(colleague).fingerprint

    # When Giulia asks to join it
    page = open_page(qtbot, workspace, wait_tasks)
    qtbot.mouseClick(page.join_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, TeamFolderDialog)
    assert not dialog.name.isVisible()
    fill(qtbot, dialog, share)
    wait_tasks()

    # Then the two fingerprints are shown large, to be read out by phone
    shown = page.dialog
    assert isinstance(shown, FingerprintDialog)
    mine = on_worker(team.show).fingerprint
    assert shown.mine.text() == mine
    assert shown.coordinator.text() == coordinator
    assert shown.mine.font().pointSizeF() > page.font().pointSizeF() * 1.4
    assert shown.mine.font().styleHint() == QFont.StyleHint.Monospace
    shown.reject()

    # And the page says her device waits to be admitted
    assert page.name_label.text() == "(known once this device is admitted)"
    assert "Waiting for the coordinator" in page.admission_note.text()
    assert page.coordinator_fingerprint.text() == coordinator
    assert not page.coordinator_row.isVisible()

    # When Marco admits her device and she synchronises, she is a member
    team.admit(colleague, on_worker(team.show).device_id)
    on_worker(syncing.sync)
    page.refresh()
    wait_tasks()
    assert page.name_label.text() == "Équipe Valle Brembana"
    assert page.admission_note.text() == "This device is a member of the team."
    assert page.model.rowCount() == 2


def test_the_coordinator_admits_a_device_after_comparing_its_fingerprint(
    qtbot, workspace, wait_tasks, on_worker, share: Path, colleague
) -> None:
    # Given Giulia's team, and Marco's request to join
    on_worker(lambda opened: team.create_team(opened, "Équipe Valle Brembana", share))
    sent = team.join_team(colleague, share)
    page = open_page(qtbot, workspace, wait_tasks)

    # Then his device is listed as waiting
    model = page.model
    assert model.rowCount() == 2
    assert model.index(1, DeviceTableModel.OPERATOR).data() == "Marco Locatelli"
    assert model.index(1, DeviceTableModel.STATUS).data() == "Waiting for admission"
    assert page.pending_label.text() == "1 request(s) to join waiting"

    # When she selects it and asks to admit it
    page.table.selectRow(1)
    assert page.admit_button.isEnabled() and not page.revoke_button.isEnabled()
    qtbot.mouseClick(page.admit_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, AdmitDialog)

    # Then the dialog shows his fingerprint and admits only once she confirms she compared it
    assert dialog.fingerprint.text() == sent.fingerprint
    assert dialog.who.text() == (
        "Marco Locatelli (Educator) asks to join the team with the device “portatile-marco”."
    )
    assert not dialog.admit_button.isEnabled()
    dialog.compared.setChecked(True)
    qtbot.mouseClick(dialog.admit_button, Qt.MouseButton.LeftButton)
    wait_tasks()

    # And his device is active: it can synchronise
    assert model.index(1, DeviceTableModel.STATUS).data() == "Active"
    assert page.pending_label.text() == ""
    report = syncing.sync(colleague)
    assert report.refused == []


def test_the_coordinator_revokes_a_device(
    qtbot, workspace, wait_tasks, on_worker, team_of_two
) -> None:
    colleague = team_of_two
    page = open_page(qtbot, workspace, wait_tasks)
    row = next(i for i, d in enumerate(page.model.rows) if d.operator == "Marco Locatelli")
    page.table.selectRow(row)
    assert page.revoke_button.isEnabled()

    # When Giulia revokes Marco's laptop (stolen) and cancels first
    qtbot.mouseClick(page.revoke_button, Qt.MouseButton.LeftButton)
    box = page.dialog
    assert isinstance(box, QMessageBox) and "portatile-marco" in box.text()
    box.reject()
    wait_tasks()
    assert page.model.index(row, DeviceTableModel.STATUS).data() == "Active"

    # Then confirms
    page.revoke()
    assert page.revoke_button_in_box is not None
    qtbot.mouseClick(page.revoke_button_in_box, Qt.MouseButton.LeftButton)
    wait_tasks()

    # Then the device is revoked and can no longer synchronise
    row = next(i for i, d in enumerate(page.model.rows) if d.operator == "Marco Locatelli")
    assert page.model.index(row, DeviceTableModel.STATUS).data() == "Revoked"
    with pytest.raises(TeamError):
        syncing.sync(colleague)
