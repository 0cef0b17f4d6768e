"""Making a document on the worker and opening its preview when it is ready."""

from __future__ import annotations

import weakref
from collections.abc import Callable

import shiboken6

from PySide6.QtWidgets import QWidget

from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.ui.common import weak_callback
from minorifamiglie.ui.printing.job import Printable
from minorifamiglie.ui.printing.preview import PrintPreviewDialog
from minorifamiglie.ui.workspace import Workspace


class PreviewLauncher:
    """Owned by a widget that offers printing: at most one preview open at a time, closed with
    `close()` (on lock, in visit mode). `on_error`, a method of the owner (held weakly), shows
    why a document could not be made."""

    def __init__(
        self,
        parent: QWidget,
        workspace: Workspace,
        on_error: Callable[[BaseException], None],
    ) -> None:
        # Weakly: the launcher is an attribute of its parent, and a cycle would keep a widget
        # deleted by Qt alive on the Python side.
        self._parent = weakref.ref(parent)
        self.workspace = workspace
        self._on_error = weak_callback(on_error)
        self.dialog: PrintPreviewDialog | None = None
        self._serial = 0

    def open(self, make: Callable[[OpenProfile], Printable], *, write: bool = False) -> None:
        """Run `make` on the worker (`write=True` when it records something, as the blank sheet
        does), then show its preview."""
        self._serial += 1
        serial = self._serial

        def done(printable: Printable) -> None:
            parent = self._parent()
            if serial == self._serial and parent is not None and shiboken6.isValid(parent):
                self._show(printable, parent)

        def failed(error: BaseException) -> None:
            if serial == self._serial:
                self._on_error(error)

        if write:
            self.workspace.write(make, done, failed)
        else:
            self.workspace.call(make, done, failed)

    def _show(self, printable: Printable, parent: QWidget) -> None:
        self.close()
        dialog = PrintPreviewDialog(self.workspace, printable, parent)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.dialog = dialog
        dialog.open()

    def _forget(self, dialog: PrintPreviewDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def close(self) -> None:
        """Forget a document being made and close the preview on screen."""
        self._serial += 1
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog = None
