"""Where the file choosers open: the last folder the educator used (kept in the settings), or
else the Documents folder, or else home; never the program's own folder.

Whether a folder is there is asked off the Qt thread (tasks.FileTasks): the last folder may be
on a network share that went away or a USB stick pulled out, and a `stat()` of it can hang for
tens of seconds; so would the chooser, which reads the folder it is given. So a chooser is
opened through `when_ready`, once its folder answered (or, if it does not answer within
PATIENCE_MS, at home). `start_folder` and `start_path`, which only propose a name in a field,
touch nothing: they use what the last check found."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import shiboken6

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths, QTimer
from PySide6.QtWidgets import QAbstractButton

from minorifamiglie.ui.settings_file import open_settings
from minorifamiglie.ui.tasks import file_tasks

T = TypeVar("T")
LAST_FOLDER_KEY = "files/last_folder"
PATIENCE_MS = 3_000  # a folder silent this long is skipped: the chooser opens at home
STATE_AFTER_MS = 250  # "Checking the folder…" shows only when the answer is that slow

# What the last checks found (Qt thread only): folder -> whether it was there.
_found: dict[str, bool] = {}


def _documents() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def _last(settings: QSettings | None) -> str:
    return str((settings or open_settings()).value(LAST_FOLDER_KEY, "") or "")


def _candidates(settings: QSettings | None, preferred: str = "") -> list[str]:
    """Where to open, best first (home is the last resort, never asked about); a relative
    `preferred` is no folder of ours (it would be the program's)."""
    preferred = preferred.strip()
    if preferred and not Path(preferred).expanduser().is_absolute():
        preferred = ""
    return [c for c in (preferred, _last(settings), _documents()) if c]


def _is_dir(folder: str) -> bool:
    try:
        return Path(folder).expanduser().is_dir()
    except OSError:
        return False


def locate(
    name: str, candidates: Iterable[str], is_dir: Callable[[str], bool] = _is_dir
) -> tuple[str, dict[str, bool]]:
    """Runs off the Qt thread: `name` (a file name, a path or nothing) placed in the first of
    `candidates` that is a folder, else in home; an absolute `name` stays where it is if its
    folder is there. Also what was found of each folder asked about."""
    name = name.strip()
    path = Path(name).expanduser() if name else None
    base = name
    if path is not None and path.is_absolute():
        candidates, base = [str(path.parent), *candidates], path.name
    found: dict[str, bool] = {}
    folder = str(Path.home())
    for candidate in candidates:
        if candidate not in found:
            found[candidate] = is_dir(candidate)
        if found[candidate]:
            folder = candidate
            break
    return (str(Path(folder) / base) if base else folder), found


def start_folder(settings: QSettings | None = None) -> str:
    """The folder a chooser would open in, without asking the file system: the last folder or
    Documents unless the last check found it missing, else home."""
    for candidate in _candidates(settings):
        if _found.get(candidate, True):
            return candidate
    return str(Path.home())


# What a proposed file name keeps of the text it is made of: a case code comes from the data,
# which a teammate's laptop can fill with '/', '..', '\\' or 'x:ads' (a path elsewhere, an
# NTFS stream)
_NOT_IN_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_HYPHENS = re.compile(r"-{2,}")


def safe_file_name(name: str) -> str:
    """`name` with every run of characters but ASCII letters, digits, '.', '_' and '-' made
    one '-', no dot or hyphen first or last: a file name in the folder it is proposed in."""
    return _HYPHENS.sub("-", _NOT_IN_NAME.sub("-", name)).strip(".-") or "documento"


def start_path(name: str, settings: QSettings | None = None) -> str:
    """`name` (a file name or a path) placed in `start_folder()` unless it is already absolute
    (no file-system access: a name proposed in a field)."""
    name = name.strip()
    if name and Path(name).expanduser().is_absolute():
        return str(Path(name).expanduser())
    folder = start_folder(settings)
    return str(Path(folder) / name) if name else folder


def remember(path: str, settings: QSettings | None = None, *, folder: bool = False) -> None:
    """Keep the folder of `path` for the next chooser: `path` itself when a folder was chosen
    (`folder=True`), else the folder of the file chosen. Nothing is asked of the disk."""
    if not path:
        return
    chosen = Path(path)
    kept = str(chosen if folder else chosen.parent)
    settings = settings or open_settings()
    settings.setValue(LAST_FOLDER_KEY, kept)
    settings.sync()
    _found[kept] = True  # the chooser has just shown it


def when_ready(
    button: QAbstractButton,
    then: Callable[[str], None],
    *,
    name: str = "",
    preferred: str = "",
    settings: QSettings | None = None,
) -> PendingCheck:
    """Find where a chooser opens (`preferred` first if given, then the last folder, Documents,
    home) off the Qt thread, then call `then(start)` on it, with `name` placed in that folder
    (see `locate`). `button`, the one that asked, is disabled meanwhile and says "Checking the
    folder…" if the answer is slow; after PATIENCE_MS without one, the chooser opens at home.
    Nothing is called if the button is deleted before."""
    candidates = _candidates(settings, preferred)

    def located(answer: tuple[str, dict[str, bool]]) -> None:
        start, found = answer
        _found.update(found)
        then(start)

    def at_home(_error: BaseException) -> None:
        then(locate(name, (), lambda _folder: False)[0])  # nothing is asked of the disk

    is_dir = _is_dir  # looked up now: a test may put a share that hangs in its place
    return PendingCheck(
        button, lambda: locate(name, candidates, is_dir), located, at_home, patience=True
    )


def ask_files(
    button: QAbstractButton,
    job: Callable[[], T],
    then: Callable[[T], None],
    failed: Callable[[BaseException], None],
) -> PendingCheck:
    """Run `job` (it only looks at the file system: whether a file or a folder is there) on a
    file task, then `then(result)` or `failed(error)` on the Qt thread; `button` is disabled
    meanwhile and says "Checking the folder…" if the answer is slow. Nothing is called if the
    button is deleted before."""
    return PendingCheck(button, job, then, failed, patience=False)


class PendingCheck:
    """One question asked for `button`. Its timer is a child of the button: made here, so
    PySide knows when it is gone with the button (the button itself may be a QDialogButtonBox's,
    made by Qt, whose end PySide cannot see); no answer is delivered once it is gone.
    `show_state` and `give_up` are what the timer calls (a test calls them rather than wait)."""

    def __init__(
        self,
        button: QAbstractButton,
        job: Callable[[], Any],
        then: Callable[[Any], None],
        failed: Callable[[BaseException], None],
        *,
        patience: bool,
    ) -> None:
        self.button = button
        self.then: Callable[[Any], None] | None = then
        self.failed = failed
        self.patience = patience
        self.shown = False
        self.text = button.text()
        self.enabled = button.isEnabled()
        button.setEnabled(False)
        self.timer = QTimer(button)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._timeout)
        self.timer.start(STATE_AFTER_MS)
        file_tasks().run(job, self._answered, self._failed)

    @property
    def pending(self) -> bool:
        """Not answered yet, and the button still there."""
        return self.then is not None and shiboken6.isValid(self.timer)

    def _timeout(self) -> None:
        """First the state; then, if the check has a patience, giving up."""
        if not self.shown:
            self.show_state()
            if self.patience:
                self.timer.start(max(0, PATIENCE_MS - STATE_AFTER_MS))
        else:
            self.give_up()

    def show_state(self) -> None:
        self.shown = True
        if self.pending:
            self.button.setText(QCoreApplication.translate("FileDialogs", "Checking the folder…"))

    def give_up(self) -> None:
        if self._finish() is not None:
            self.failed(TimeoutError())

    def _answered(self, result: Any) -> None:
        then = self._finish()
        if then is not None:
            then(result)

    def _failed(self, error: BaseException) -> None:
        if self._finish() is not None:
            self.failed(error)

    def _finish(self) -> Callable[[Any], None] | None:
        """The callback, the first time only and while the button is there (a late answer
        after giving up, or one for a closed dialog, finds None)."""
        if not self.pending:
            return None
        then, self.then = self.then, None
        self.timer.stop()
        self.timer.deleteLater()
        self.button.setText(self.text)
        self.button.setEnabled(self.enabled)
        return then
