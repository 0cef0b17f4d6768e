"""The dialogs ask the file system about a path the educator typed or chose (is the backup
there, would a file be replaced, is the folder of the key there) off the Qt thread: a USB stick
pulled out or a network share gone can hang a `stat()` for tens of seconds, and the window with
it (issue 15, point 6)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from minorifamiglie.ui import file_dialogs
from minorifamiglie.ui.dialogs.team import RecoveryKeyDialog
from minorifamiglie.ui.path_field import PathField
from minorifamiglie.ui.printing.save_dialog import SaveFileDialog
from minorifamiglie.ui.restore_dialog import RestoreDialog
from minorifamiglie.ui.tasks import file_tasks

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class StatSpy:
    """Which paths under `folder` were looked at on the Qt thread (Path.stat and Path.lstat:
    exists, is_dir, is_file and is_symlink all go through them)."""

    def __init__(self, folder: Path) -> None:
        self.folder = str(folder)
        self.on_qt_thread: list[str] = []
        self.elsewhere = 0

    def seen(self, path: Path) -> None:
        if str(path).startswith(self.folder):
            if threading.current_thread() is threading.main_thread():
                self.on_qt_thread.append(Path(path).name)
            else:
                self.elsewhere += 1


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    folder = tmp_path / "chiavetta"
    folder.mkdir()
    return folder


@pytest.fixture
def spy(usb: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[StatSpy]:
    spy = StatSpy(usb.parent)
    stat, lstat = Path.stat, Path.lstat

    def spied_stat(self: Path, *args: Any, **kwargs: Any) -> Any:
        spy.seen(self)
        return stat(self, *args, **kwargs)

    def spied_lstat(self: Path) -> Any:
        spy.seen(self)
        return lstat(self)

    monkeypatch.setattr(Path, "stat", spied_stat)
    monkeypatch.setattr(Path, "lstat", spied_lstat)
    yield spy


def answered(qtbot: Any) -> None:
    qtbot.waitUntil(lambda: not file_tasks().busy, timeout=10_000)


def test_the_restore_dialog_looks_for_the_backup_off_the_qt_thread(
    qtbot: Any, usb: Path, spy: StatSpy
) -> None:
    dialog = RestoreDialog()
    qtbot.addWidget(dialog)
    # A backup file that is not there: said, once the stick answered
    dialog.file.setText(str(usb / "assente.mfbk"))
    dialog.passphrase.setText("nebbia sul ponte")
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    answered(qtbot)
    assert dialog.error.text() == "There is no backup file at this path."
    # The file there: the restore is asked for
    backup = usb / "backup.mfbk"
    backup.write_bytes(b"finto")
    dialog.file.setText(str(backup))
    dialog.passphrase.setText("nebbia sul ponte")
    with qtbot.waitSignal(dialog.restoreRequested) as asked:
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert asked.args[0].path == backup
    assert spy.on_qt_thread == [] and spy.elsewhere >= 2


def test_the_save_dialog_asks_which_files_it_would_replace_off_the_qt_thread(
    qtbot: Any, usb: Path, spy: StatSpy, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = usb / "ore.csv"
    totals = usb / "ore-totali.csv"
    target.write_text("vecchio")
    totals.write_text("vecchio")
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *args: Any) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    dialog = SaveFileDialog(
        "Salva CSV",
        target,
        with_password=False,
        companions=lambda path: [path.with_name(path.stem + "-totali.csv")],
    )
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.saveRequested) as saved:
        dialog.submit()
    assert saved.args == [target, None]
    assert len(asked) == 1 and "ore.csv" in asked[0] and "ore-totali.csv" in asked[0]
    assert spy.on_qt_thread == [] and spy.elsewhere >= 2


def test_the_recovery_key_dialog_checks_its_file_off_the_qt_thread(
    qtbot: Any, workspace: Any, wait_tasks: Any, usb: Path, spy: StatSpy
) -> None:
    existing = usb / "appunti.txt"
    existing.write_text("lista della spesa")
    dialog = RecoveryKeyDialog(workspace, None)
    qtbot.addWidget(dialog)
    for path, expected in (
        (existing, "This file already exists and is never overwritten: choose another name."),
        (usb, "This is a folder: add the name of the file, e.g. recupero-equipe.txt."),
        (usb / "assente" / "k.txt", f"The folder {usb / 'assente'} does not exist"),
    ):
        dialog.file.setText(str(path))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        wait_tasks()
        assert dialog.error.text().startswith(expected)
    assert existing.read_text() == "lista della spesa"
    assert spy.on_qt_thread == [] and spy.elsewhere >= 3


def test_choosers_and_proposed_names_ask_nothing_on_the_qt_thread(
    qtbot: Any, usb: Path, spy: StatSpy
) -> None:
    # Given the last folder used on the USB stick
    file_dialogs.remember(str(usb / "consegna.age"))
    # A name proposed in a field asks nothing of the disk
    assert file_dialogs.start_path("sintesi.pdf") == str(usb / "sintesi.pdf")
    # A chooser opens there once the stick answered
    field = PathField("File", "Scegli il file", ["*.age"], save=False)
    qtbot.addWidget(field)
    qtbot.mouseClick(field.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: field.dialog is not None)
    assert field.dialog is not None
    field.dialog.reject()
    assert spy.on_qt_thread == [] and spy.elsewhere >= 1
