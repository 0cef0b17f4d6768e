"""Informazioni su Minori e Famiglie: the version, the licence, what the application runs on,
where the profile lives and the third-party components with their licences.

Reachable before unlocking too (a coordinator asks for the version first). Everything is read
on the worker: the metadata when the dialog opens, a licence text when its component is picked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from minorifamiglie.services import about
from minorifamiglie.services.about import AboutInfo, Component
from minorifamiglie.ui.common import error_text
from minorifamiglie.ui.operations import QueryOperation
from minorifamiglie.ui.tasks import TaskRunner

COMPONENT_ROLE = Qt.ItemDataRole.UserRole


class AboutDialog(QDialog):
    """`open_url` opens the profile folder in the file manager (replaced by tests)."""

    def __init__(
        self,
        profile_dir: Path,
        runner: TaskRunner,
        parent: QWidget | None = None,
        open_url: Callable[[QUrl], object] = QDesktopServices.openUrl,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Minori e Famiglie"))
        self.runner = runner
        self.profile_dir = profile_dir
        self.open_url = open_url
        self.info: AboutInfo | None = None
        self._shown: Component | None = None

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        self.copy_button = buttons.addButton(
            self.tr("Copy to clipboard"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.setToolTip(
            self.tr("The versions, to paste into a support request (without the profile folder)")
        )
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy_versions)
        buttons.rejected.connect(self.reject)

        box = QVBoxLayout(self)
        box.addLayout(self._build_versions())
        box.addWidget(QLabel(self.tr("Third-party components")))
        box.addWidget(self._build_components(), 1)
        box.addWidget(buttons)
        self.resize(1040, 640)

        qt_version = qVersion()
        self._about = QueryOperation(self)
        self._licence = QueryOperation(self)  # the component picked last wins
        self._about.run_on(
            self.runner, lambda: about.about(profile_dir, qt_version), self._loaded, self._failed
        )

    def _build_versions(self) -> QVBoxLayout:
        self.title = QLabel(self.tr("Minori e Famiglie"))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.version_label = QLabel(self.tr("Version %1").replace("%1", "…"))
        self.version_label.setObjectName("aboutVersion")
        self.licence_label = self._value()
        self.sqlcipher_label = self._value()
        self.sqlite_label = self._value()
        self.qt_label = self._value(self.qt_versions())
        self.python_label = self._value()
        self.platform_label = self._value()
        self.profile_label = self._value(str(self.profile_dir))
        self.profile_label.setObjectName("aboutProfileFolder")
        self.profile_label.setWordWrap(True)
        self.open_folder_button = QPushButton(self.tr("Open the folder"))
        self.open_folder_button.clicked.connect(self.open_profile_folder)

        form = QFormLayout()
        form.addRow(self.tr("Licence:"), self.licence_label)
        form.addRow(self.tr("SQLCipher:"), self.sqlcipher_label)
        form.addRow(self.tr("SQLite:"), self.sqlite_label)
        form.addRow(self.tr("Qt:"), self.qt_label)
        form.addRow(self.tr("Python:"), self.python_label)
        form.addRow(self.tr("System:"), self.platform_label)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.profile_label, 1)
        folder_row.addWidget(self.open_folder_button, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow(self.tr("Profile folder:"), folder_row)
        column = QVBoxLayout()
        column.addWidget(self.title)
        column.addWidget(self.version_label)
        column.addLayout(form)
        return column

    def _build_components(self) -> QSplitter:

        self.components = QTreeWidget()
        self.components.setObjectName("aboutComponents")
        self.components.setAccessibleName(self.tr("Third-party components"))
        self.components.setRootIsDecorated(False)
        self.components.setAlternatingRowColors(True)
        self.components.setUniformRowHeights(True)
        self.components.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.components.setHeaderLabels(
            [self.tr("Component"), self.tr("Version"), self.tr("Licence")]
        )
        header = self.components.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.components.currentItemChanged.connect(self._component_picked)
        self.licence_text = QPlainTextEdit()
        self.licence_text.setObjectName("aboutLicenceText")
        self.licence_text.setReadOnly(True)
        # Licence files are laid out by their authors, line by line: keep their lines.
        self.licence_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.licence_text.setAccessibleName(self.tr("Licence text"))
        self.licence_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.licence_text.setPlaceholderText(self.tr("Pick a component to read its licence."))
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.components)
        split.addWidget(self.licence_text)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([420, 600])
        split.setChildrenCollapsible(False)
        return split

    @staticmethod
    def qt_versions() -> str:
        return f"{qVersion()} (PySide6 {PySide6.__version__})"

    def _value(self, text: str = "…") -> QLabel:
        label = QLabel(text)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    # ------------------------------------------------------------------ loading
    def _loaded(self, info: AboutInfo) -> None:
        self.info = info
        self.version_label.setText(self.tr("Version %1").replace("%1", info.version))
        licence = info.licence
        if info.licence_name:
            licence = f"{info.licence} ({info.licence_name})"
        self.licence_label.setText(licence)
        self.sqlcipher_label.setText(info.sqlcipher_version)
        self.sqlite_label.setText(info.sqlite_version)
        self.python_label.setText(f"{info.python_version} ({info.python_implementation})")
        self.platform_label.setText(info.platform)
        for component in info.components:
            item = QTreeWidgetItem([component.name, component.version, component.licence])
            item.setData(0, COMPONENT_ROLE, component)
            item.setToolTip(2, component.licence)
            self.components.addTopLevelItem(item)
        self.copy_button.setEnabled(True)

    def _failed(self, error: BaseException) -> None:
        self.version_label.setText(error_text(error))

    def _component_picked(self, item: QTreeWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        component = item.data(0, COMPONENT_ROLE)
        self._shown = component
        self.licence_text.setPlainText(self.tr("Loading…"))
        self._licence.run_on(
            self.runner,
            lambda: about.licence_text(component),
            self._licence_loaded,
            self._licence_failed,
        )

    def _licence_loaded(self, text: str) -> None:
        self.licence_text.setPlainText(text)

    def _licence_failed(self, error: BaseException) -> None:
        self.licence_text.setPlainText(error_text(error))

    # ------------------------------------------------------------------ actions
    def version_lines(self) -> list[str]:
        """What a coordinator pastes into a support request: versions only. The profile
        folder is left out, since its path holds the user's name."""
        info = self.info
        if info is None:
            return []
        return [
            f"{info.name} {info.version}",
            self.tr("Licence: %1").replace("%1", info.licence),
            f"SQLCipher: {info.sqlcipher_version}",
            f"SQLite: {info.sqlite_version}",
            f"Qt: {self.qt_versions()}",
            f"Python: {info.python_version} ({info.python_implementation})",
            self.tr("System: %1").replace("%1", info.platform),
        ]

    def copy_versions(self) -> None:
        lines = self.version_lines()
        if lines:
            QGuiApplication.clipboard().setText("\n".join(lines) + "\n")
            self.copy_button.setText(self.tr("Copied"))

    def open_profile_folder(self) -> None:
        self.open_url(QUrl.fromLocalFile(str(self.profile_dir)))
