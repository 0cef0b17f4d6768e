"""Équipe: the team this device belongs to, the fingerprints to compare by phone and the devices
of the roster. Without a team: create one (coordinator) or ask to join one. The coordinator
admits the devices waiting (after comparing their fingerprint out of band) and revokes them, and
makes (or replaces) the team's recovery key (docs/recovery.md)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain.changes import Changes
from minorifamiglie.services import team
from minorifamiglie.services.team import DeviceView, JoinRequestSent, TeamView
from minorifamiglie.ui.common import (
    error_text,
    filled,
    one_line,
    plain_html,
    plain_label,
    read_only_table,
    shown,
    unhidden,
)
from minorifamiglie.ui.dialogs.team import (
    AdmitDialog,
    FingerprintDialog,
    RecoveryKeyDialog,
    TeamFolderDialog,
    fingerprint_label,
    short_recipient,
)
from minorifamiglie.ui.models.device_table import DeviceTableModel
from minorifamiglie.ui.operations import QueryOperation, WriteOperation
from minorifamiglie.ui.pages.base import Page
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.storage.profile import OpenProfile


def _wrapped(text: str = "") -> QLabel:
    label = plain_label(text)
    label.setWordWrap(True)
    return label


class TeamPage(Page):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.setObjectName("teamPage")
        self._query = QueryOperation(self, workspace)
        self._writes = WriteOperation(self, workspace)
        self._loaded = False
        self.view: TeamView | None = None
        self.dialog: QDialog | None = None
        self.revoke_button_in_box: QPushButton | None = None

        self.stack = QStackedWidget()
        self.loading = QWidget()
        self.stack.addWidget(self.loading)
        self.stack.addWidget(self._build_no_team())
        self.stack.addWidget(self._build_team())
        self.error_label = _wrapped()
        self.error_label.setObjectName("teamError")
        self.error_label.setStyleSheet("color: #b00020;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.make_heading())
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.error_label)
        workspace.changesApplied.connect(self._changes_applied)

    def _build_no_team(self) -> QWidget:
        self.no_team = QWidget()
        self.no_team.setObjectName("noTeam")
        self.create_button = QPushButton(self.tr("&Create team…"))
        self.create_button.clicked.connect(self.create_team)
        self.join_button = QPushButton(self.tr("&Join a team…"))
        self.join_button.clicked.connect(self.join_team)
        buttons = QHBoxLayout()
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.join_button)
        buttons.addStretch(1)
        self.lone_fingerprint = fingerprint_label("", scale=1.2)
        layout = QVBoxLayout(self.no_team)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            _wrapped(
                self.tr(
                    "This device is not part of a team yet. A team shares its case files "
                    "through a shared folder (a network folder, a synchronised folder or a USB "
                    "stick): every device leaves its changes there, encrypted, and takes the "
                    "others'."
                )
            )
        )
        layout.addWidget(
            _wrapped(
                self.tr(
                    "The coordinator creates the team; everyone else asks to join it and is "
                    "admitted by the coordinator after comparing fingerprints by phone."
                )
            )
        )
        layout.addLayout(buttons)
        layout.addSpacing(12)
        layout.addWidget(QLabel(self.tr("This device's fingerprint:")))
        layout.addWidget(self.lone_fingerprint, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return self.no_team

    def _build_team(self) -> QWidget:
        self.team_box = QWidget()
        self.team_box.setObjectName("teamDetails")
        self.name_label = plain_label()
        self.name_label.setObjectName("teamName")
        font = self.name_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.name_label.setFont(font)
        self.share_label = plain_label()
        self.share_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The team's name may be as long as anyone made it: wrapped (shown() gives a long word
        # places to break). A folder's path, copied as it is, gets no such break: it gives way
        # rather than widen the window past the screen, whole in its tooltip.
        self.name_label.setWordWrap(True)
        self.share_label.setWordWrap(True)
        self.share_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.my_fingerprint = fingerprint_label("", scale=1.2)
        self.my_fingerprint.setObjectName("myFingerprint")
        self.coordinator_fingerprint = fingerprint_label("", scale=1.2)
        self.coordinator_fingerprint.setObjectName("coordinatorFingerprint")
        form = QFormLayout()
        form.addRow(self.tr("Team:"), self.name_label)
        form.addRow(self.tr("Shared folder:"), self.share_label)
        form.addRow(self.tr("This device's fingerprint:"), self.my_fingerprint)
        form.addRow(self.tr("Coordinator's fingerprint:"), self.coordinator_fingerprint)
        self.admission_note = _wrapped()
        self.admission_note.setObjectName("admissionNote")
        self.admission_note.setStyleSheet("color: #8a4b00;")
        self.recovery_row = self._build_recovery()

        devices_title = QLabel(self.tr("Devices"))
        bold = devices_title.font()
        bold.setBold(True)
        devices_title.setFont(bold)
        layout = QVBoxLayout(self.team_box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.admission_note)
        layout.addWidget(self.recovery_row)
        layout.addSpacing(6)
        layout.addWidget(devices_title)
        layout.addWidget(self._build_devices(), 1)
        return self.team_box

    def _build_recovery(self) -> QWidget:
        """For the coordinator: whether the team has a recovery key, and the button to make one."""
        self.recovery_label = _wrapped()
        self.recovery_label.setObjectName("recoveryKeyState")
        self.recovery_button = QPushButton(self.tr("Recovery &key…"))
        self.recovery_button.setObjectName("recoveryKeyButton")
        self.recovery_button.clicked.connect(self.recovery_key)
        row = QWidget()
        row.setObjectName("recoveryKeyRow")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.recovery_label, 1)
        layout.addWidget(self.recovery_button)
        row.setVisible(False)
        return row

    def _show_recovery(self, view: TeamView) -> None:
        self.recovery_row.setVisible(view.is_coordinator)
        recipient = view.recovery_recipient
        if recipient:
            self.recovery_label.setText(
                self.tr("Recovery key: set (%1)").replace("%1", short_recipient(recipient))
            )
            self.recovery_label.setToolTip(plain_html(recipient))
            self.recovery_label.setStyleSheet("color: #555;")
            self.recovery_button.setText(self.tr("Replace recovery &key…"))
            self.recovery_button.setAccessibleName(self.tr("Replace the team's recovery key"))
        else:
            self.recovery_label.setText(
                self.tr("Recovery key: none — a forgotten passphrase cannot be recovered")
            )
            self.recovery_label.setToolTip("")
            self.recovery_label.setStyleSheet("color: #8a4b00;")
            self.recovery_button.setText(self.tr("Recovery &key…"))
            self.recovery_button.setAccessibleName(self.tr("Make the team's recovery key"))

    def _build_devices(self) -> QWidget:
        """The roster's devices; for the coordinator, Admit and Revoke under them."""
        self.model = DeviceTableModel(self)
        self.table = read_only_table(self.model, self.tr("Devices of the team"), "deviceTable")
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.admit_button = QPushButton(self.tr("&Admit…"))
        self.admit_button.setAccessibleName(self.tr("Admit the selected device"))
        self.admit_button.clicked.connect(self.admit)
        self.revoke_button = QPushButton(self.tr("&Revoke…"))
        self.revoke_button.setAccessibleName(self.tr("Revoke the selected device"))
        self.revoke_button.clicked.connect(self.revoke)
        self.pending_label = plain_label()
        self.pending_label.setObjectName("pendingRequests")
        self.coordinator_row = QWidget()
        row = QHBoxLayout(self.coordinator_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.pending_label, 1)
        row.addWidget(self.admit_button)
        row.addWidget(self.revoke_button)
        devices = QWidget()
        layout = QVBoxLayout(devices)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.coordinator_row)
        return devices

    def title(self) -> str:
        return self.tr("Team")

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        if not self.workspace.unlocked:
            return

        def load(opened: OpenProfile) -> TeamView:
            return team.show(opened)

        self._query.run(load, self._loaded_view, self._failed)

    def _loaded_view(self, view: TeamView) -> None:
        self._loaded = True
        self.view = view
        self.error_label.clear()
        if view.team_id is None:
            self.lone_fingerprint.setText(view.fingerprint)
            self.stack.setCurrentWidget(self.no_team)
            self.model.clear()
            return
        self.stack.setCurrentWidget(self.team_box)
        self.name_label.setText(shown(view.name) or self.tr("(known once this device is admitted)"))
        self.share_label.setText(unhidden(view.share or "") or self.tr("none chosen"))
        self.share_label.setToolTip(plain_html(view.share))
        self.my_fingerprint.setText(view.fingerprint)
        self.coordinator_fingerprint.setText(view.coordinator_fingerprint or "")
        if view.is_coordinator:
            self.admission_note.setText(self.tr("This device is the coordinator of the team."))
            self.admission_note.setStyleSheet("color: #555;")
        elif view.admitted:
            self.admission_note.setText(self.tr("This device is a member of the team."))
            self.admission_note.setStyleSheet("color: #555;")
        else:
            self.admission_note.setText(
                self.tr(
                    "Waiting for the coordinator to admit this device: call them and read out "
                    "this device's fingerprint; check that theirs is the one shown here."
                )
            )
            self.admission_note.setStyleSheet("color: #8a4b00;")
        self._show_recovery(view)
        selected = self._selected_id()
        self.model.set_rows(view.devices)
        ids: list[uuid.UUID] = [d.device_id for d in view.devices]
        if selected in ids:
            self.table.selectRow(ids.index(selected))
        pending = sum(1 for d in view.devices if d.status == "pending")
        self.coordinator_row.setVisible(view.is_coordinator)
        self.pending_label.setText(
            self.tr("%n request(s) to join waiting", "", pending) if pending else ""
        )
        self._update_buttons()

    def _failed(self, error: BaseException) -> None:
        self.error_label.setText(error_text(error))

    def _changes_applied(self, changes: Changes) -> None:
        if self._loaded and changes.touches(team.SOURCES):
            self.refresh()

    def _selected_id(self) -> uuid.UUID | None:
        device = self.current_device()
        return device.device_id if device is not None else None

    def current_device(self) -> DeviceView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_device(self, device_id: uuid.UUID) -> None:
        for row, device in enumerate(self.model.rows):
            if device.device_id == device_id:
                self.table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        device = self.current_device()
        coordinator = self.view is not None and self.view.is_coordinator
        self.admit_button.setEnabled(
            coordinator and device is not None and device.status == "pending"
        )
        self.revoke_button.setEnabled(
            coordinator
            and device is not None
            and device.status == "active"
            and not device.this_device
        )

    # ------------------------------------------------------------------ create, join
    def create_team(self) -> TeamFolderDialog:
        dialog = TeamFolderDialog(
            self.tr("Create a team"),
            self.tr(
                "This device becomes the coordinator of a new team: it admits the others' "
                "devices. Choose a folder every member can reach."
            ),
            self.tr("Create team"),
            with_name=True,
            parent=self,
        )
        dialog.run_with(self.workspace, team.create_team)
        self._open(dialog)
        return dialog

    def join_team(self) -> TeamFolderDialog:
        dialog = TeamFolderDialog(
            self.tr("Join a team"),
            self.tr(
                "Choose the shared folder of the team. A request to join is left there; the "
                "coordinator admits this device after comparing fingerprints with you by phone."
            ),
            self.tr("Send the request"),
            with_name=False,
            parent=self,
        )
        dialog.run_with(self.workspace, _join, on_saved=self._joined)
        self._open(dialog)
        return dialog

    def _joined(self, sent: JoinRequestSent) -> None:
        self._open(FingerprintDialog(sent.fingerprint, sent.coordinator_fingerprint, self))

    # ------------------------------------------------------------------ admit, revoke
    def admit(self) -> AdmitDialog | None:
        device = self.current_device()
        if device is None or device.status != "pending":
            return None
        dialog = AdmitDialog(device, self)
        device_id = device.device_id
        dialog.accepted.connect(lambda: self._write(lambda o: team.admit(o, device_id)))
        self._open(dialog)
        return dialog

    def revoke(self) -> QMessageBox | None:
        device = self.current_device()
        if device is None or device.status != "active" or device.this_device:
            return None
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setTextFormat(Qt.TextFormat.PlainText)  # a device's name and operator: stored text
        box.setWindowTitle(self.tr("Revoke a device"))
        box.setText(
            filled(
                self.tr(
                    "Revoke the device “%1” of %2? It will no longer receive the team's changes, "
                    "and what it sends from now on is refused."
                ),
                shown(one_line(device.device_name)),  # from the roster: nothing hidden
                shown(one_line(device.operator)),
            )
        )
        confirm = box.addButton(self.tr("Revoke"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        self.revoke_button_in_box = confirm
        device_id = device.device_id

        def answered(_result: int) -> None:
            if box.clickedButton() is confirm:
                self._write(lambda o: team.revoke(o, device_id))

        box.finished.connect(answered)
        self._open(box)
        return box

    # ------------------------------------------------------------------ recovery key
    def recovery_key(self) -> RecoveryKeyDialog | None:
        """Coordinator: make the team's recovery key, or replace it (docs/recovery.md)."""
        if self.view is None or not self.view.is_coordinator:
            return None
        dialog = RecoveryKeyDialog(self.workspace, self.view.recovery_recipient, self)
        self._open(dialog)
        return dialog

    def _write(self, fn: Callable[[OpenProfile], object]) -> None:
        self.error_label.clear()
        self._writes.run(fn, None, self._write_failed)

    def _write_failed(self, error: BaseException) -> None:
        self.error_label.setText(error_text(error))

    # ------------------------------------------------------------------ dialogs
    def _open(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.reject()
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def clear(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
        self._query.cancel()
        self._loaded = False
        self.view = None
        self.model.clear()
        self.lone_fingerprint.clear()
        self.my_fingerprint.clear()
        self.coordinator_fingerprint.clear()
        self.recovery_label.clear()
        self.recovery_label.setToolTip("")
        self.recovery_row.setVisible(False)
        self.stack.setCurrentWidget(self.loading)


def _join(opened: OpenProfile, _name: str, folder: Path) -> JoinRequestSent:
    return team.join_team(opened, folder)
