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

from minorifamiglie.ui import file_dialogs
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
        self._file_found = False  # what the last check found at the path typed
        self.file.edit.textChanged.connect(self._forget_check)

    def _forget_check(self) -> None:
        self._file_found = False

    def submit(self) -> None:
        """Check what can be seen (a file chosen, that it is there, a passphrase typed), then
        close and emit `restoreRequested`. Whether the file is there is asked on a file task:
        the USB stick may be slow to answer, or gone."""
        text = self.file.text()
        if not text:
            self.show_error(self.tr("Choose the backup file."))
            return
        path = Path(text).expanduser().absolute()
        file_dialogs.ask_files(
            self.restore_button,
            path.is_file,
            lambda found: self._checked(path, found),
            lambda _error: self._checked(path, False),
        )

    def _checked(self, path: Path, found: bool) -> None:
        self._file_found = found
        if not found:
            self.show_error(self.tr("There is no backup file at this path."))
            return
        if not self.passphrase.text():
            self.show_error(self.tr("Type the passphrase of the backup."))
            return
        request = BackupToRestore(path, self.passphrase.text())
        self.error.setVisible(False)
        self.passphrase.clear()  # the secret does not stay in a hidden widget
        self.accept()
        self.restoreRequested.emit(request)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)
        if self.file.text() and self._file_found:  # as last checked: nothing asked of the disk
            self.passphrase.setFocus()
        else:
            self.file.edit.setFocus()


def _note(text: str) -> QLabel:
    note = QLabel(text)
    note.setWordWrap(True)
    return note
