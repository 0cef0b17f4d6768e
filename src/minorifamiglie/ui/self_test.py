"""`minorifamiglie gui --self-test DIR`: the installed application proves itself.

Run by the packaging smoke test against the *built* executable (packaging/smoke_test.py), and
by anyone who wants to know that an installation is whole: it starts the real application on
a profile, waits for the unlock screen, types the passphrase, waits for the main window, opens
the print preview of the first closed visit (QtPdf, the fonts, reportlab), and writes what it
saw in DIR: one PNG per step and `report.json` (window titles and visible labels, which Qt
translations loaded, the preview's page count). Nothing else is written; the screenshots show
the profile's data, so DIR must be a private folder (it is created 0700).

A missing data file or a module left out of a build shows up here as a failed step, not as a
crash on an educator's laptop."""

from __future__ import annotations

import json
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from minorifamiglie.portable import make_private_dir, write_atomic

QT_PROBES = (("QFileDialog", "Look in:"), ("QPlatformTheme", "Cancel"))
POLL_MS = 50
DEADLINE_S = 180.0  # a cold start of a frozen build on a slow disk, plus a real Argon2 unlock


@dataclass
class SelfTestReport:
    steps: list[str] = field(default_factory=list)
    screenshots: list[str] = field(default_factory=list)
    texts: dict[str, list[str]] = field(default_factory=dict)
    translations: dict[str, str] = field(default_factory=dict)
    preview_pages: int = 0
    icon_sizes: list[int] = field(default_factory=list)
    error: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)


def _visible_texts(widget: QWidget) -> list[str]:
    texts = [widget.windowTitle()]
    texts += [label.text() for label in widget.findChildren(QLabel) if label.isVisible()]
    return [t for t in texts if t]


def _first_closed_visit(opened: Any) -> tuple[uuid.UUID, uuid.UUID, str] | None:
    from minorifamiglie.domain.enums import VisitStatus
    from minorifamiglie.services import cases, visits

    for row in cases.list_cases(opened):
        for view in visits.list_visits(opened, str(row.id)):
            if view.visit.status is not VisitStatus.DRAFT:
                return row.id, view.visit.id, row.code
    return None


class SelfTestDriver(QObject):
    """Steps the real AppController forward, one condition at a time, polling on a timer."""

    def __init__(self, controller: Any, passphrase: str, out: Path) -> None:
        super().__init__(controller)
        self.controller = controller
        self.passphrase = passphrase
        self.out = out
        self.report = SelfTestReport()
        self.started = time.monotonic()
        self.exit_code = 1
        self._waiting: tuple[str, Callable[[], bool], Callable[[], None]] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._visit: tuple[uuid.UUID, uuid.UUID, str] | None = None
        self._visit_looked_up = False
        self._printing: Any = None
        self._ended = False

    def start(self) -> None:
        self._wait("unlock screen", self._unlock_screen_shown, self._type_passphrase)
        self._timer.start()

    # ------------------------------------------------------------------ steps
    def _unlock_screen_shown(self) -> bool:
        window = self.controller.unlock_window
        return bool(window.isVisible() and window.button.isEnabled())

    def _type_passphrase(self) -> None:
        window = self.controller.unlock_window
        self._shot("1-sblocco", window)
        window.passphrase.setText(self.passphrase)
        window.button.click()
        self._wait("main window", self._main_window_shown, self._find_visit)

    def _main_window_shown(self) -> bool:
        window = self.controller.main_window
        return window is not None and window.isVisible()

    def _find_visit(self) -> None:
        self._shot("2-finestra-principale", self.controller.main_window)

        def found(visit: tuple[uuid.UUID, uuid.UUID, str] | None) -> None:
            self._visit = visit
            self._visit_looked_up = True

        self.controller.workspace.call(_first_closed_visit, found, self._failed)
        self._wait("a closed visit", lambda: self._visit_looked_up, self._open_preview)

    def _open_preview(self) -> None:
        if self._visit is None:
            self.fail("the profile has no closed visit to print")
            return
        from minorifamiglie.ui.printing.visit import VisitPrinting

        case_id, visit_id, code = self._visit
        self._printing = VisitPrinting(
            self.controller.main_window, self.controller.workspace, self._failed
        )
        self._printing.preview_sheet(case_id, visit_id, code)
        self._wait("print preview", self._preview_ready, self._finish)

    def _preview_ready(self) -> bool:
        dialog = self._printing.launcher.dialog
        return dialog is not None and dialog.isVisible() and dialog.page_count() > 0

    def _finish(self) -> None:
        dialog = self._printing.launcher.dialog
        self.report.preview_pages = dialog.page_count()
        # Let the view lay out and paint its pages before the picture is taken.
        QTimer.singleShot(500, self, self._finish_after_paint)

    def _finish_after_paint(self) -> None:
        dialog = self._printing.launcher.dialog
        self._shot("3-anteprima-di-stampa", dialog)
        # Qt's own catalogue: the file chooser's "Look in:" in Italian means qtbase_it.qm was
        # found and loaded (variables, so that lupdate leaves Qt's strings to Qt).
        self.report.translations = {
            f"{context}/{text}": QCoreApplication.translate(context, text)
            for context, text in QT_PROBES
        }
        # The window icon: the PNG sizes shipped in resources/icons.
        icon = QApplication.windowIcon()
        self.report.icon_sizes = sorted(size.width() for size in icon.availableSizes())
        self.exit_code = 0
        self._end()

    # ------------------------------------------------------------------ machinery
    def _wait(self, name: str, condition: Callable[[], bool], then: Callable[[], None]) -> None:
        self._waiting = (name, condition, then)

    def _poll(self) -> None:
        if self._waiting is None:
            return
        name, condition, then = self._waiting
        elapsed = time.monotonic() - self.started
        if elapsed > DEADLINE_S:
            self.fail(f"timed out waiting for: {name}")
            return
        error = self.controller.unlock_window.error.text()
        if error:
            self.fail(f"the unlock screen shows an error: {error}")
            return
        if condition():
            self._waiting = None
            self.report.steps.append(name)
            self.report.seconds[name] = round(elapsed, 3)
            then()

    def _shot(self, name: str, widget: QWidget) -> None:
        path = self.out / f"{name}.png"
        widget.grab().save(str(path))
        self.report.screenshots.append(path.name)
        self.report.texts[name] = _visible_texts(widget)

    def _failed(self, error: BaseException) -> None:
        from minorifamiglie.domain.errors import DomainError

        # A user-facing message says what went wrong; other errors are named by type only, as
        # a database error's message can quote row values.
        shown = f": {error}" if isinstance(error, DomainError) else ""
        self.fail(f"{type(error).__name__}{shown}")

    def fail(self, message: str) -> None:
        if self._ended:
            return
        self.report.error = message
        self.exit_code = 1
        self._end()

    def _end(self) -> None:
        self._ended = True
        self._timer.stop()
        self._waiting = None
        write_atomic(
            self.out / "report.json",
            json.dumps(self.report.__dict__, ensure_ascii=False, indent=2).encode("utf-8"),
        )
        app = QApplication.instance()
        if app is not None:
            app.exit(self.exit_code)


def run(root: Path, passphrase: str, out: Path, language: str = "it") -> int:
    """The real application on `root`, driven through unlock to a print preview. Holds the
    profile's lock as the application does: an open window on the profile refuses it."""
    from minorifamiglie.ui import i18n
    from minorifamiglie.ui.app import AppController, hold_profile, quiet_excepthook, set_identity

    make_private_dir(out)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    set_identity(app)
    i18n.install(app, language)
    profile_lock = hold_profile(root)
    if profile_lock is None:
        return 1
    try:
        controller = AppController(root, idle_minutes=120)
        driver = SelfTestDriver(controller, passphrase, out)

        def excepthook(exc_type: type[BaseException], exc: BaseException, tb: Any) -> None:
            quiet_excepthook(exc_type, exc, tb)  # type and code location only, no message
            driver.fail(f"unexpected {exc_type.__name__} in the application")

        sys.excepthook = excepthook
        app.aboutToQuit.connect(controller.shutdown)
        controller.start()
        driver.start()
        code = app.exec()
    finally:
        profile_lock.close()
    return code if driver.exit_code == 0 else 1
