"""Informazioni su Minori e Famiglie. A coordinator on the phone with support asks "which
version?": the educator opens the dialog from the toolbar, or from the unlock screen before
unlocking, reads the versions, copies them (without the profile folder, whose path holds the
user's name) and can read the licence of every third-party component shipped."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
import shiboken6

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtWidgets import QApplication, QTreeWidgetItem

from minorifamiglie.services import profiles
from minorifamiglie.ui.app import AppController
from minorifamiglie.ui.dialogs.about import AboutDialog
from minorifamiglie.ui.main_window import MainWindow
from support.profiles import FAST_KDF

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def loaded(qtbot: Any, dialog: AboutDialog) -> AboutDialog:
    qtbot.waitUntil(lambda: dialog.info is not None, timeout=10_000)
    return dialog


def component_item(dialog: AboutDialog, name: str) -> QTreeWidgetItem:
    tree = dialog.components
    for row in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(row)
        if item is not None and item.text(0).casefold() == name.casefold():
            return item
    raise AssertionError(f"{name} is not listed")


@pytest.fixture
def main_window(qtbot, workspace, on_worker, wait_tasks):
    main = MainWindow(workspace, on_worker(profiles.info))
    qtbot.addWidget(main)
    main.show()
    yield main
    main.before_lock()
    wait_tasks()


def test_opened_from_the_toolbar_it_shows_versions_and_licence(
    qtbot: Any, main_window: MainWindow, gui_profile: Path
) -> None:
    # When the educator clicks Informazioni in the toolbar
    main_window.about_action.trigger()
    dialog = main_window.about_dialog
    assert isinstance(dialog, AboutDialog)
    loaded(qtbot, dialog)
    # Then the version is the installed package's, with the EUPL and its name
    assert dialog.version_label.text().endswith(metadata.version("minorifamiglie"))
    assert dialog.licence_label.text() == "EUPL-1.2 (European Union Public Licence)"
    # and the versions of what it runs on
    assert dialog.sqlcipher_label.text().startswith("4.")
    assert dialog.qt_label.text().startswith(qVersion())
    assert "PySide6 6." in dialog.qt_label.text()
    assert dialog.python_label.text().startswith("3.")
    # and where the profile lives, selectable
    assert dialog.profile_label.text() == str(gui_profile)
    assert (
        dialog.profile_label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    )
    # Locking closes it
    main_window.before_lock()
    assert main_window.about_dialog is None


def test_a_component_shows_its_licence_text(qtbot: Any, main_window: MainWindow) -> None:
    dialog = loaded(qtbot, main_window.open_about())  # type: ignore[arg-type]
    # Given SQLAlchemy is listed under MIT
    item = component_item(dialog, "SQLAlchemy")
    assert item.text(2) == "MIT"
    assert item.text(1) == metadata.version("SQLAlchemy")
    # When it is picked, its licence text appears (read on the worker)
    dialog.components.setCurrentItem(item)
    qtbot.waitUntil(
        lambda: "Permission is hereby granted" in dialog.licence_text.toPlainText(),
        timeout=10_000,
    )
    # And nothing developers only install is listed
    items = [
        dialog.components.topLevelItem(i) for i in range(dialog.components.topLevelItemCount())
    ]
    names = {item.text(0).casefold() for item in items if item is not None}
    assert {"pyside6_essentials", "reportlab", "sqlcipher3", "qt", "sqlcipher"} <= names
    assert not names & {"pytest", "pytest-qt", "hypothesis", "mypy", "ruff"}


def test_copy_gives_the_versions_without_the_profile_folder(
    qtbot: Any, main_window: MainWindow, gui_profile: Path
) -> None:
    dialog = loaded(qtbot, main_window.open_about())  # type: ignore[arg-type]
    QApplication.clipboard().clear()
    # When the versions are copied for a support request
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    # Then they are all there
    assert copied.startswith(f"Minori e Famiglie {metadata.version('minorifamiglie')}\n")
    assert f"SQLCipher: {dialog.sqlcipher_label.text()}" in copied
    assert f"Qt: {qVersion()}" in copied
    assert "Python: 3." in copied
    # but not the profile folder, whose path holds the user's name
    assert str(gui_profile) not in copied
    assert gui_profile.name not in copied
    assert str(Path.home()) not in copied


def test_open_the_folder_opens_the_profile_folder(qtbot: Any, workspace, gui_profile) -> None:
    opened: list[QUrl] = []
    dialog = AboutDialog(gui_profile, workspace.runner, open_url=opened.append)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(gui_profile))]
    loaded(qtbot, dialog)


def test_reachable_from_the_unlock_screen(qtbot: Any, gui_profile: Path) -> None:
    # Given the application shows the unlock screen (the profile is still locked)
    controller = AppController(gui_profile, kdf=FAST_KDF)
    controller.start()
    try:
        window = controller.unlock_window
        assert window.isVisible()
        # When the educator clicks Informazioni
        qtbot.mouseClick(window.about_button, Qt.MouseButton.LeftButton)
        dialogs = window.findChildren(AboutDialog)
        assert len(dialogs) == 1
        dialog = loaded(qtbot, dialogs[0])
        # Then the version is there, before any passphrase
        assert dialog.version_label.text().endswith(metadata.version("minorifamiglie"))
        assert not controller.workspace.unlocked
        dialog.reject()
    finally:
        controller.shutdown()
        qtbot.waitUntil(lambda: not controller.runner.busy, timeout=15_000)
        if shiboken6.isValid(controller.unlock_window):
            controller.unlock_window.hide()
            shiboken6.delete(controller.unlock_window)
