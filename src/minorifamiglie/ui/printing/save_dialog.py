""" "Salva PDF…": where, and an optional password typed twice (the saved file is then encrypted
with AES-256). Saving itself is the caller's: it goes through the worker and the audit log."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.ui import file_dialogs
from minorifamiglie.ui.common import make_error_label, plain_html

MIN_PASSWORD = 8


class SaveFileDialog(QDialog):
    """Emits `saveRequested(path, password or None)` when the form is complete; the caller
    closes the dialog once the file is written (`finish`) or shows why not (`show_error`).
    `with_password=False` for files that cannot carry one (CSV). `companions` names the
    files written beside the chosen one (the hours CSV's totals): before anything is replaced,
    the user is asked, once, about every file that exists already (the system's file chooser
    asks only about the one it chose, and a typed path was never asked about)."""

    saveRequested = Signal(object, object)  # Path, str | None

    def __init__(
        self,
        title: str,
        suggested: Path,
        parent: QWidget | None = None,
        *,
        with_password: bool = True,
        file_filter: str = "",
        companions: Callable[[Path], list[Path]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.companions = companions or (lambda _path: [])
        self._confirmed: Path | None = None  # replacing it was agreed in the file chooser
        self.setObjectName("saveFileDialog")
        self.setWindowTitle(title)
        self.file_filter = file_filter or self.tr("PDF documents (*.pdf)")
        self.suffix = suggested.suffix
        self.path_edit = QLineEdit(str(suggested))
        self.path_edit.setObjectName("savePath")
        self.path_edit.setAccessibleName(self.tr("File"))
        self.browse_button = QPushButton(self.tr("&Choose…"))
        self.browse_button.setAccessibleName(self.tr("Choose where to save"))
        self.browse_button.clicked.connect(self.browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.password = QLineEdit()
        self.password.setObjectName("savePassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.password.setPlaceholderText(self.tr("Leave empty to save without a password"))
        self.repeat = QLineEdit()
        self.repeat.setObjectName("saveRepeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName(self.tr("Repeat the password"))
        self.error = make_error_label()
        form = QFormLayout()
        file_caption = QLabel(self.tr("&File"))
        file_caption.setBuddy(self.path_edit)  # a row of two widgets: the label needs a buddy
        form.addRow(file_caption, path_row)
        if with_password:
            form.addRow(self.tr("&Password"), self.password)
            form.addRow(self.tr("&Repeat"), self.repeat)
        else:
            self.password.setVisible(False)
            self.repeat.setVisible(False)
        note = QLabel(
            self.tr(
                "The file contains personal data: protect it with a password (AES-256) if it "
                "leaves this computer."
            )
            if with_password
            else self.tr("The file contains personal data: keep it in a protected place.")
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

    def browse(self) -> None:
        """The system's chooser, once its folder answered (file_dialogs.when_ready)."""
        file_dialogs.when_ready(self.browse_button, self._browse_from, name=self.path_edit.text())

    def _browse_from(self, start: str) -> None:
        path, _selected = QFileDialog.getSaveFileName(
            self, self.windowTitle(), start, self.file_filter
        )
        if path:
            file_dialogs.remember(path)
            self.path_edit.setText(path)
            self._confirmed = Path(path)

    def submit(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self.show_error(self.tr("Choose the file to write."))
            return
        path = Path(text).expanduser()
        if self.suffix and path.suffix.lower() != self.suffix:
            path = path.with_name(path.name + self.suffix)
        password = self.password.text()
        if password != self.repeat.text():
            self.show_error(self.tr("The two passwords differ."))
            return
        if password and len(password) < MIN_PASSWORD:
            self.show_error(
                self.tr("The password must be at least %1 characters long.").replace(
                    "%1", str(MIN_PASSWORD)
                )
            )
            return
        self.error.setVisible(False)
        # Which files would be replaced: asked on a file task (the folder may be a slow share)
        asked = [p for p in (path, *self.companions(path)) if p != self._confirmed]
        file_dialogs.ask_files(
            self.save_button,
            lambda: [p for p in asked if p.exists()],
            lambda existing: self._checked(path, password, existing),
            lambda _error: self.show_error(self.tr("The folder could not be read.")),
        )

    @property
    def save_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def _checked(self, path: Path, password: str, existing: list[Path]) -> None:
        if existing and not self._may_replace(existing):
            return
        self.buttons.setEnabled(False)
        self.saveRequested.emit(path, password or None)

    def _may_replace(self, existing: list[Path]) -> bool:
        names = "\n".join(p.name for p in existing)
        answer = QMessageBox.question(
            self,
            self.windowTitle(),
            plain_html(
                self.tr(
                    "These files exist already and will be replaced:\n%1\n\nReplace them?"
                ).replace("%1", names)
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)
        self.buttons.setEnabled(True)

    def finish(self) -> None:
        self.password.clear()
        self.repeat.clear()
        self.accept()
