"""Making a document on the worker and opening its preview when it is ready."""

from __future__ import annotations

import weakref
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.ui.operations import QueryOperation, WriteOperation
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
        self._on_error = weakref.WeakMethod(on_error)
        self.dialog: PrintPreviewDialog | None = None
        # Owned by the parent: nothing reaches it once it is gone; the latest document wins.
        self._read = QueryOperation(parent, workspace)
        self._write = WriteOperation(parent, workspace)

    def open(self, make: Callable[[OpenProfile], Printable], *, write: bool = False) -> None:
        """Run `make` on the worker (`write=True` when it records something, as the blank sheet
        does), then show its preview."""
        self._forget_document()

        def done(printable: Printable) -> None:
            parent = self._parent()
            if parent is not None:
                self._show(printable, parent)

        def failed(error: BaseException) -> None:
            on_error = self._on_error()
            if on_error is not None:
                on_error(error)

        if write:
            self._write.run(make, done, failed)
        else:
            self._read.run(make, done, failed)

    def _forget_document(self) -> None:
        self._read.cancel()
        self._write.forget()  # a blank sheet asked for still gets its number, not its preview

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
        self._forget_document()
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog = None
