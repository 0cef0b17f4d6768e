"""First start on a new laptop: which backup file to bring back, and its passphrase.

The dialog only asks and checks what it can see (the file is there, a passphrase was typed);
the restore itself runs on the worker, driven by the AppController."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.ui.common import make_error_label
from minorifamiglie.ui.path_field import PathField

BACKUP_SUFFIX = ".mfbk"


@dataclass(frozen=True, slots=True)
class BackupToRestore:
    path: Path
    passphrase: str

    def __repr__(self) -> str:  # never print the passphrase
        return f"BackupToRestore(path={self.path!r})"


class RestoreDialog(QDialog):
    """The backup file (typed or chosen) and the passphrase the profile had when it was written.
    `restoreRequested` carries a `BackupToRestore` once both look right; the dialog then closes."""

    restoreRequested = Signal(object)  # BackupToRestore

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle(self.tr("Restore from a backup"))
        self.intro = _note(
            self.tr(
                "Choose the backup file of your profile, for example the one the scheduled "
                "backup writes on the USB stick, and type its passphrase."
            )
        )
        self.file = PathField(
            self.tr("Backup file"),
            self.tr("Backup file"),
            [self.tr("Backups of Minori e Famiglie (*.mfbk)"), self.tr("All files (*)")],
            save=False,
            button_text=self.tr("&Choose…"),
        )
        self.file.edit.setPlaceholderText("minorifamiglie-backup-….mfbk")  # the name, any language
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase of the backup"))
        self.file.chosen.connect(lambda _path: self.passphrase.setFocus())
        form = QFormLayout()
        path_caption = QLabel(self.tr("Backup &file"))
        path_caption.setBuddy(self.file.edit)
        form.addRow(path_caption, self.file)
        passphrase_caption = QLabel(self.tr("&Passphrase"))
        passphrase_caption.setBuddy(self.passphrase)
        form.addRow(passphrase_caption, self.passphrase)
        self.passphrase_note = _note(
            self.tr(
                "The passphrase is the one the profile had when the backup was written, "
                "even if you changed it afterwards."
            )
        )
        self.device_note = _note(
            self.tr(
                "The restored profile is the same device as the old laptop: do not use the "
                "old laptop alongside it."
            )
        )
        self.device_note.setStyleSheet("color: #8a4b00;")
        self.error = make_error_label()
        self.error.setObjectName("restoreError")
        self.error.setAccessibleName(self.tr("Error message"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.restore_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.restore_button.setText(self.tr("Restore"))
        self.restore_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.passphrase_note)
        layout.addWidget(self.device_note)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def request(self) -> BackupToRestore | str:
        """What to restore, or why not yet (one line)."""
        text = self.file.text()
        if not text:
            return self.tr("Choose the backup file.")
        path = Path(text).expanduser()
        if not path.is_file():
            return self.tr("There is no backup file at this path.")
        if not self.passphrase.text():
            return self.tr("Type the passphrase of the backup.")
        return BackupToRestore(path.absolute(), self.passphrase.text())

    def submit(self) -> None:
        request = self.request()
        if isinstance(request, str):
            self.show_error(request)
            return
        self.error.setVisible(False)
        self.passphrase.clear()  # the secret does not stay in a hidden widget
        self.accept()
        self.restoreRequested.emit(request)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)
        if Path(self.file.text()).expanduser().is_file():
            self.passphrase.setFocus()
        else:
            self.file.edit.setFocus()


def _note(text: str) -> QLabel:
    note = QLabel(text)
    note.setWordWrap(True)
    return note
