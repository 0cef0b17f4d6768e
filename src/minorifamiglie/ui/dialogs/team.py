"""The dialogs of Équipe: create or join a team (name, shared folder), the fingerprints to read
out by phone, and the confirmation before admitting a device."""

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
from minorifamiglie.services.team import DeviceView
from minorifamiglie.ui.common import error_text, make_error_label
from minorifamiglie.ui.models.device_table import role_label
from minorifamiglie.ui.workspace import Workspace

if TYPE_CHECKING:
    from minorifamiglie.storage.profile import OpenProfile

T = TypeVar("T")


def fingerprint_label(fingerprint: str, scale: float = 1.6) -> QLabel:
    """A fingerprint in large monospace type, selectable, easy to read out over the phone."""
    label = QLabel(fingerprint)
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
    label = QLabel(text)
    label.setWordWrap(True)
    return label


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
        dialog = QFileDialog(self, self.tr("Shared folder"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        if self.folder.text().strip():
            dialog.setDirectory(self.folder.text().strip())
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
        """On OK, run `fn(opened, name, folder)` on the worker as a write announcing "team"."""
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
            workspace.write(
                lambda opened: fn(opened, name, Path(folder)), done, failed, changes={"team"}
            )

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
            self.tr("%1 (%2) asks to join the team with the device “%3”.")
            .replace("%1", device.operator)
            .replace("%2", role_label(device.role))
            .replace("%3", device.device_name)
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
