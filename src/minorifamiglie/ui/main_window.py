"""The main window: side navigation, pages, toolbar actions, status bar."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from minorifamiglie.ui.pages.base import Page
from minorifamiglie.ui.workspace import Workspace


class MainWindow(QMainWindow):
    lockRequested = Signal()
    visitModeChanged = Signal(bool)

    def __init__(self, workspace: Workspace, info: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.workspace = workspace
        self.info = info
        self.setWindowTitle(self.tr("Minori e Famiglie"))
        self.nav = QListWidget()
        self.nav.setObjectName("sideNavigation")
        self.nav.setAccessibleName(self.tr("Navigation"))
        self.nav.setMaximumWidth(220)
        self.stack = QStackedWidget()
        self.pages: list[Page] = []
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)
        self.nav.currentRowChanged.connect(self._show_page)
        self._build_actions()
        self.operator_label = QLabel()
        self.busy_label = QLabel()
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addWidget(self.operator_label)
        workspace.runner.busyChanged.connect(
            lambda busy: self.busy_label.setText(self.tr("Working…") if busy else "")
        )
        self.set_profile_info(info)
        self.resize(1280, 720)

    # ------------------------------------------------------------------ structure
    def add_page(self, page: Page) -> None:
        self.pages.append(page)
        self.stack.addWidget(page)
        item = QListWidgetItem(page.title())
        item.setData(Qt.ItemDataRole.AccessibleTextRole, page.title())
        self.nav.addItem(item)

    def _show_page(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.stack.setCurrentIndex(row)
            self.pages[row].refresh()

    def _build_actions(self) -> None:
        bar = QToolBar(self.tr("Actions"))
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        self.lock_action = QAction(self.tr("Lock"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setToolTip(self.tr("Lock the application (Ctrl+L)"))
        self.lock_action.triggered.connect(self.lockRequested)
        self.visit_mode_action = QAction(self.tr("Visit mode"), self)
        self.visit_mode_action.setCheckable(True)
        self.visit_mode_action.setShortcut(QKeySequence("F9"))
        self.visit_mode_action.setToolTip(
            self.tr("Hide court measures, reports, other persons and other cases (F9)")
        )
        self.visit_mode_action.toggled.connect(self.set_visit_mode)
        bar.addAction(self.visit_mode_action)
        bar.addAction(self.lock_action)

    def set_profile_info(self, info: Any) -> None:
        self.info = info
        self.operator_label.setText(info.operator.name)

    # ------------------------------------------------------------------ modes
    def set_visit_mode(self, on: bool) -> None:
        for page in self.pages:
            page.set_visit_mode(on)
        self.visitModeChanged.emit(on)
        self.statusBar().showMessage(self.tr("Visit mode on") if on else "", 0 if on else 1)

    def after_unlock(self) -> None:
        if self.nav.currentRow() < 0 and self.pages:
            self.nav.setCurrentRow(0)
        else:
            self._show_page(self.nav.currentRow())

    def before_lock(self) -> None:
        for page in self.pages:
            page.clear()
