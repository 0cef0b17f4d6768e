"""Where the file choosers open: the last folder the educator used (kept in the settings), or
else the Documents folder, or else home; never the program's own folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

from minorifamiglie.ui.settings import open_settings

LAST_FOLDER_KEY = "files/last_folder"


def start_folder(settings: QSettings | None = None) -> str:
    """The folder a file chooser opens in."""
    settings = settings or open_settings()
    last = str(settings.value(LAST_FOLDER_KEY, "") or "")
    if last and Path(last).is_dir():
        return last
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return documents
    return str(Path.home())


def start_path(name: str, settings: QSettings | None = None) -> str:
    """`name` (a file name or a path) placed in `start_folder()` unless it is already absolute."""
    name = name.strip()
    if name and Path(name).expanduser().is_absolute():
        return str(Path(name).expanduser())
    folder = start_folder(settings)
    return str(Path(folder) / name) if name else folder


def remember(path: str, settings: QSettings | None = None) -> None:
    """Keep the folder of `path` (a folder itself or a file in it) for the next chooser."""
    if not path:
        return
    chosen = Path(path)
    folder = chosen if chosen.is_dir() else chosen.parent
    settings = settings or open_settings()
    settings.setValue(LAST_FOLDER_KEY, str(folder))
    settings.sync()
