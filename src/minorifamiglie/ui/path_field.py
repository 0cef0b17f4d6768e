"""A file path typed, or chosen with the system's file dialog: the hand-off dialogs, the
recovery key and the restore at first start all ask for one the same way."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget

from minorifamiglie.ui import file_dialogs


class PathField(QWidget):
    """`edit` and a "Choose…" `button`; the chooser (`dialog` while open) is window-modal, not
    blocking, and what it picks lands in `edit` and in `chosen`. It opens once its folder
    answered (`pending` until then: file_dialogs.when_ready).

    `save`: a file to write (the chooser asks before overwriting; `default_suffix` is added to
    a name without one); otherwise a file that must exist. `default_name` is proposed when the
    field is empty."""

    chosen = Signal(str)

    def __init__(
        self,
        accessible_name: str,
        caption: str,
        name_filters: Sequence[str],
        *,
        save: bool,
        default_suffix: str = "",
        default_name: str = "",
        button_text: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.caption = caption
        self.name_filters = list(name_filters)
        self.save = save
        self.default_suffix = default_suffix
        self.default_name = default_name
        self.edit = QLineEdit()
        self.edit.setAccessibleName(accessible_name)
        self.button = QPushButton(button_text or self.tr("Choose…"))
        self.button.setAccessibleName(self.tr("Choose %1").replace("%1", accessible_name))
        self.button.setAutoDefault(False)  # Enter in a dialog goes to its own default button
        self.button.clicked.connect(self.browse)
        self.dialog: QFileDialog | None = None
        self.pending: file_dialogs.PendingCheck | None = None  # the folder's check, last asked
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)

    def text(self) -> str:
        return self.edit.text().strip()

    def setText(self, text: str) -> None:
        self.edit.setText(text)

    def browse(self) -> None:
        """Open the chooser once its folder answered (file_dialogs.when_ready: a stick or a
        share may be slow); it is `dialog` from then on."""
        if self.dialog is not None:
            self.dialog.reject()
        name = self.text() or self.default_name
        self.pending = file_dialogs.when_ready(
            self.button, lambda start: self._open(start, bool(name)), name=name
        )

    def _open(self, start: str, named: bool) -> None:
        dialog = QFileDialog(self, self.caption)
        dialog.setNameFilters(self.name_filters)
        if self.save:
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setFileMode(QFileDialog.FileMode.AnyFile)
            if self.default_suffix:
                dialog.setDefaultSuffix(self.default_suffix)
        else:
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setDirectory(str(Path(start).parent) if named else start)
        if named:
            dialog.selectFile(start)
        dialog.fileSelected.connect(self._chosen)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.dialog = dialog
        dialog.open()

    def _chosen(self, path: str) -> None:
        file_dialogs.remember(path)
        self.edit.setText(path)
        self.chosen.emit(path)

    def _forget(self, dialog: QFileDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
