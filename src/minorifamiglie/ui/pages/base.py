"""What every page of the main window offers the window."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from minorifamiglie.ui.workspace import Workspace


class Page(QWidget):
    """A page loads its data through the workspace (never on the Qt thread) when shown."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.visit_mode = False

    def title(self) -> str:
        raise NotImplementedError

    def make_heading(self) -> QLabel:
        """The page's title in large bold type, the same on every page."""
        heading = QLabel(self.title())
        heading.setObjectName("pageTitle")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        return heading

    def refresh(self) -> None:
        """Reload from the database (asynchronously)."""

    def set_visit_mode(self, on: bool) -> None:
        """Modalità visita: hide what must not be on screen in front of a family."""
        self.visit_mode = on

    def clear(self) -> None:
        """Forget what is on screen: called when the application locks."""
