"""The dialogs of Équipe: create or join a team (name, shared folder), the fingerprints to read
out by phone, the confirmation before admitting a device, and the coordinator's recovery key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.services.recovery import RecoveryKey
from minorifamiglie.services.team import DeviceView, create_recovery_key
from minorifamiglie.ui import file_dialogs
from minorifamiglie.ui.common import error_text, filled, make_error_label, plain_label
from minorifamiglie.ui.models.device_table import role_label
from minorifamiglie.ui.operations import WriteOperation
from minorifamiglie.ui.path_field import PathField
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.storage.profile import OpenProfile

T = TypeVar("T")

# The name the file chooser suggests for the recovery key (as in docs/recovery.md).
RECOVERY_FILE_NAME = "recupero-equipe.txt"


def target_problem(path: Path) -> str | None:
    """Runs on a file task (the USB stick may be slow, or gone): why a new file cannot be
    written at `path` ("folder", "exists", "no folder"), or None."""
    if path.is_dir():
        return "folder"
    if path.exists() or path.is_symlink():
        return "exists"
    if not path.parent.is_dir():
        return "no folder"
    return None


def fingerprint_label(fingerprint: str, scale: float = 1.6) -> QLabel:
    """A fingerprint in large monospace type, selectable, easy to read out over the phone."""
    label = plain_label(fingerprint)
    font = QFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    font.setStyleHint(QFont.StyleHint.Monospace)  # whatever the system's fixed font is called
    font.setPointSizeF(max(font.pointSizeF(), 9.0) * scale)
    font.setBold(True)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet("padding: 6px; background: #f3f5f7; border: 1px solid #c8ccd2;")
    label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    return label


def _note(text: str) -> QLabel:
    label = plain_label(text)  # a name or a device's name from a join request, a path
    label.setWordWrap(True)
    return label


def short_recipient(recipient: str) -> str:
    """An age recipient (62 characters) shortened to be recognised at a glance: age1abc…xyz."""
    return recipient if len(recipient) <= 20 else f"{recipient[:10]}…{recipient[-6:]}"


class TeamFolderDialog(QDialog):
    """The shared folder (and, to create a team, its name); the service runs on Save and its
    error, if any, is shown in the dialog, which stays open."""

    def __init__(
        self,
        title: str,
        intro: str,
        action: str,
        with_name: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("teamFolderDialog")
        self.setWindowTitle(title)
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Name of the team"))
        self.name.setPlaceholderText(self.tr("e.g. Équipe ADM Valle Brembana"))
        self.name.setMaxLength(120)
        self.folder = QLineEdit()
        self.folder.setAccessibleName(self.tr("Shared folder"))
        self.browse_button = QPushButton(self.tr("&Choose…"))
        self.browse_button.clicked.connect(self.browse)
        self.folder_dialog: QFileDialog | None = None
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse_button)
        form = QFormLayout()
        if with_name:
            name_caption = QLabel(self.tr("&Name"))
            name_caption.setBuddy(self.name)
            form.addRow(name_caption, self.name)
        else:
            self.name.setVisible(False)
        folder_caption = QLabel(self.tr("Shared &folder"))
        folder_caption.setBuddy(self.folder)
        form.addRow(folder_caption, folder_row)
        self.error = make_error_label()
        policy = self.error.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # the dialog need not grow to show an error
        self.error.setSizePolicy(policy)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(action)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_note(intro))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def browse(self) -> None:
        """A folder chooser, opened once its folder (the one typed, else the last used)
        answered: a share that went away would hang it (file_dialogs.when_ready)."""
        file_dialogs.when_ready(
            self.browse_button, self._open_chooser, preferred=self.folder.text()
        )

    def _open_chooser(self, start: str) -> None:
        dialog = QFileDialog(self, self.tr("Shared folder"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setDirectory(start)
        # Not remembered as the last folder used: the documents saved next (a hand-off file,
        # a printout) would be proposed inside the team's folder, which a sync client may
        # copy to every laptop. It opens on the share in effect anyway.
        dialog.fileSelected.connect(self.folder.setText)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        self.folder_dialog = dialog
        dialog.open()

    def show_error(self, error: BaseException) -> None:
        self.error.setText(error_text(error))
        self.error.setVisible(True)

    def run_with(
        self,
        workspace: Workspace,
        fn: Callable[[OpenProfile, str, Path], T],
        on_saved: Callable[[T], None] | None = None,
    ) -> None:
        """On OK, run `fn(opened, name, folder)` on the worker as a write; its answer reaches
        the dialog only while it exists."""
        writes = WriteOperation(self, workspace)
        missing = self.tr("Choose the shared folder.")

        def done(result: T) -> None:
            self.buttons.setEnabled(True)
            self.accept()
            if on_saved is not None:
                on_saved(result)

        def failed(error: BaseException) -> None:
            self.buttons.setEnabled(True)
            self.show_error(error)

        def submit() -> None:
            folder = self.folder.text().strip()
            if not folder:
                self.show_error(ValidationError(missing, "share"))
                return
            name = self.name.text()
            self.error.setVisible(False)
            self.buttons.setEnabled(False)
            writes.run(lambda opened: fn(opened, name, Path(folder)), done, failed)

        self.buttons.accepted.connect(submit)


class FingerprintDialog(QDialog):
    """After a join request: the two fingerprints to compare with the coordinator by phone."""

    def __init__(self, mine: str, coordinator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fingerprintDialog")
        self.setWindowTitle(self.tr("Compare the fingerprints"))
        self.mine = fingerprint_label(mine)
        self.mine.setObjectName("myFingerprint")
        self.coordinator = fingerprint_label(coordinator)
        self.coordinator.setObjectName("coordinatorFingerprint")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _note(
                self.tr(
                    "The request to join has been left in the shared folder. Call the "
                    "coordinator and read out this device's fingerprint: it must match, "
                    "character by character, what the coordinator sees before admitting it."
                )
            )
        )
        layout.addWidget(QLabel(self.tr("This device's fingerprint:")))
        layout.addWidget(self.mine)
        layout.addSpacing(8)
        layout.addWidget(
            QLabel(self.tr("The coordinator's fingerprint (ask them to read out theirs):"))
        )
        layout.addWidget(self.coordinator)
        layout.addWidget(
            _note(
                self.tr(
                    "If either differs, do not go on: someone else may have written in the "
                    "shared folder."
                )
            )
        )
        layout.addWidget(buttons)


class AdmitDialog(QDialog):
    """Admit a device only after its fingerprint was compared out of band."""

    def __init__(self, device: DeviceView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("admitDialog")
        self.device = device
        self.setWindowTitle(self.tr("Admit a device"))
        self.who = _note(
            filled(
                self.tr("%1 (%2) asks to join the team with the device “%3”."),
                device.operator,
                role_label(device.role),
                device.device_name,
            )
        )
        self.fingerprint = fingerprint_label(device.fingerprint)
        self.fingerprint.setObjectName("requestFingerprint")
        self.compared = QCheckBox(
            self.tr(
                "I compared this fingerprint with the one shown on that device, by phone or in "
                "person, and they are the same"
            )
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.admit_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.admit_button.setText(self.tr("Admit"))
        self.admit_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.compared.toggled.connect(self.admit_button.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.who)
        layout.addWidget(QLabel(self.tr("Fingerprint of the device:")))
        layout.addWidget(self.fingerprint)
        layout.addWidget(
            _note(
                self.tr(
                    "Once admitted, the device receives every case file of the team. Admit it "
                    "only if the person read you the same fingerprint."
                )
            )
        )
        layout.addWidget(self.compared)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        if self.compared.isChecked():
            super().accept()


class RecoveryKeyDialog(QDialog):
    """Coordinator: write the team's recovery key (a new age identity) to a file chosen here,
    to be kept off the laptop, and publish its recipient in the roster. With `recipient` (the
    team has a key already) the new key replaces it, once the coordinator ticks that the old
    one stops working. The service runs on the worker; its error, if any, is shown in the
    dialog, which stays open. Once written, the dialog says where and which recipient."""

    def __init__(
        self, workspace: Workspace, recipient: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryKeyDialog")
        self.workspace = workspace
        # The key may be saved after the dialog was closed and deleted (the profile locked).
        self._writes = WriteOperation(self, workspace)
        self.replacing = recipient is not None
        self.saved: RecoveryKey | None = None
        self.setWindowTitle(
            self.tr("Replace the recovery key") if self.replacing else self.tr("Recovery key")
        )
        self.form_box = self._build_form(recipient)
        self.done_box = self._build_done()
        self.error = make_error_label()
        self.buttons = self._build_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(self.form_box)
        layout.addWidget(self.done_box)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def _build_form(self, recipient: str | None) -> QWidget:
        """What the file is, where to keep it, where to save it (and, to replace, the box)."""
        box = QWidget()
        box.setObjectName("recoveryKeyForm")
        self.intro = _note(
            self.tr(
                "The team already has a recovery key (%1). A new key replaces it: every profile "
                "is wrapped to the new key at its next synchronisation, and from then on the "
                "old file no longer opens it."
            ).replace("%1", short_recipient(recipient))
            if recipient is not None
            else self.tr(
                "The recovery key is a file: it is the only way to open a profile again when "
                "its passphrase is forgotten. With it, the coordinator sets a new passphrase."
            )
        )
        self.warning = _note(
            self.tr(
                "Whoever has this file can open every profile of the team. Keep it off the "
                "laptop: save it on a USB stick kept in the office safe (or print it and lock "
                "it away), then delete any copy from this computer."
            )
        )
        self.warning.setObjectName("recoveryKeyWarning")
        self.warning.setStyleSheet(
            "color: #8a4b00; padding: 6px; background: #fff6e5; border: 1px solid #e5c48a;"
        )
        self.file = PathField(
            self.tr("File of the recovery key"),
            self.tr("Save the recovery key"),
            [self.tr("All files (*)")],
            save=True,
            default_name=RECOVERY_FILE_NAME,
            button_text=self.tr("&Choose…"),
        )
        self.file.edit.setObjectName("recoveryKeyPath")
        self.file.edit.setPlaceholderText(
            self.tr("e.g. /media/usb/%1").replace("%1", RECOVERY_FILE_NAME)
        )
        self.file.button.setObjectName("recoveryKeyBrowse")
        form = QFormLayout()
        path_caption = QLabel(self.tr("&Save to"))
        path_caption.setBuddy(self.file.edit)
        form.addRow(path_caption, self.file)
        self.understood = QCheckBox(
            self.tr(
                "I understand that the old key will no longer open the profiles once they "
                "synchronise"
            )
        )
        self.understood.setObjectName("recoveryKeyUnderstood")
        self.understood.setVisible(self.replacing)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addWidget(self.warning)
        layout.addLayout(form)
        layout.addWidget(self.understood)
        return box

    def _build_done(self) -> QWidget:
        """Once written: where, the recipient, and what to do with the file now."""
        box = QWidget()
        box.setObjectName("recoveryKeyDone")
        self.saved_path = _note("")
        self.saved_path.setObjectName("recoveryKeySavedPath")
        self.saved_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.saved_recipient = fingerprint_label("", scale=1.0)
        self.saved_recipient.setObjectName("recoveryKeyRecipient")
        self.saved_recipient.setAccessibleName(self.tr("Public part of the recovery key"))
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("The recovery key was saved in:")))
        layout.addWidget(self.saved_path)
        layout.addWidget(QLabel(self.tr("Its public part, now published to the team:")))
        layout.addWidget(self.saved_recipient)
        layout.addWidget(
            _note(
                self.tr(
                    "Now copy the file to the USB stick kept in the office safe (or print it), "
                    "then delete it from this laptop."
                )
            )
        )
        box.setVisible(False)
        return box

    def _build_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("recoveryKeySave")
        self.ok_button.setText(
            self.tr("Replace the recovery key") if self.replacing else self.tr("Save the key")
        )
        self.ok_button.setEnabled(not self.replacing)
        self.ok_button.clicked.connect(self.submit)
        self.understood.toggled.connect(self.ok_button.setEnabled)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Cancel"))
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("recoveryKeyClose")
        self.close_button.clicked.connect(self.accept)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button.setVisible(False)  # after addButton, which shows it
        buttons.rejected.connect(self.reject)
        return buttons

    def target(self) -> Path | str:
        """The file to write as typed, or why it cannot be (one line); whether it is free and
        its folder there is asked of the disk by `submit`, on a file task."""
        text = self.file.text()
        if not text:
            return self.tr("Choose where to save the recovery key.")
        path = Path(text).expanduser()
        if not path.is_absolute():
            return self.tr("Give the full path of the file, or use Choose….")
        return path

    def _problem_text(self, problem: str, path: Path) -> str:
        if problem == "folder":
            return self.tr("This is a folder: add the name of the file, e.g. %1.").replace(
                "%1", RECOVERY_FILE_NAME
            )
        if problem == "exists":
            return self.tr(
                "This file already exists and is never overwritten: choose another name."
            )
        return self.tr(
            "The folder %1 does not exist: plug in the USB stick or choose another folder."
        ).replace("%1", str(path.parent))

    def submit(self) -> None:
        if self.saved is not None:
            return
        if self.replacing and not self.understood.isChecked():
            self._show(self.tr("Tick the box to confirm that the old key stops working."))
            return
        target = self.target()
        if isinstance(target, str):
            self._show(target)
            return
        self.error.setVisible(False)
        file_dialogs.ask_files(
            self.ok_button,
            lambda: target_problem(target),
            lambda problem: self._checked(target, problem),
            self.show_error,
        )

    def _checked(self, target: Path, problem: str | None) -> None:
        if problem is not None:
            self._show(self._problem_text(problem, target))
            return
        replace = self.replacing
        self.buttons.setEnabled(False)
        self._writes.run(
            lambda opened: create_recovery_key(opened, target, replace=replace),
            self._saved,
            self.show_error,
        )

    def _saved(self, key: RecoveryKey) -> None:
        self.saved = key
        self.saved_path.setText(str(key.path))
        self.saved_recipient.setText(key.recipient)
        self.form_box.setVisible(False)
        self.done_box.setVisible(True)
        self.error.setVisible(False)
        self.ok_button.setVisible(False)
        self.cancel_button.setVisible(False)
        self.close_button.setVisible(True)
        self.close_button.setDefault(True)
        self.buttons.setEnabled(True)
        self.close_button.setFocus()

    def show_error(self, error: BaseException) -> None:
        self._show(error_text(error))

    def _show(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)
        self.buttons.setEnabled(True)
