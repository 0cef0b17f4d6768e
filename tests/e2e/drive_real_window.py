"""Drives the real application with real X input: run by tests/e2e/test_real_window.py in a
process of its own, with DISPLAY on an Xvfb server (openbox managing the windows) and
QT_QPA_PLATFORM=xcb.

The Qt main thread runs the program through its real command line entry (`minorifamiglie
--profile DIR gui`), the very controller the installed program starts. A driver thread sends
key presses, typing and clicks with xdotool (XTEST: the X server delivers them to the focused
window like a keyboard's) and waits for conditions, each evaluated on the Qt thread (queued to
it by a signal) and polled until it holds or a generous timeout passes: nothing waits a fixed
time for something to happen. Widgets are found as a user or a screen reader finds them (object
and accessible names, types, visible texts), never through private attributes.

The outcome is a JSON file: the steps passed with their times, the step that failed and why,
and the screenshots taken at the failure."""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import gc
import html
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QCursor, QImage, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QWidget,
)

CONDITION_TIMEOUT = 60.0  # seconds: a slow, loaded 2-core machine still gets there
POLL = 0.05  # between two evaluations of a condition
SLOW_WAIT = 2.0  # seconds: a wait this long is noted in the result
XDOTOOL_TIMEOUT = 60.0
# Pixels of the page that may differ between the screen and its own rendering: a blinking
# text cursor, nothing like another page drawn over or under it.
MAX_DIFFERING_FRACTION = 0.005

STEPS = (
    "unlock screen",
    "unlock",
    "search a note word without accents",
    "the visit found opens",
    "open the case by its name without accents",
    "only the case file is on screen",
    "new visit",
    "an impossible date",
    "nothing stored for it",
    "a valid past date",
    "close and sign with missing fields",
    "Ctrl+L from the editor",
    "quit",
)


class StepFailedError(Exception):
    """A condition of the story did not hold."""


# ---------------------------------------------------------------------------------- Qt thread
class QtBridge(QObject):
    """Runs callables on the Qt thread: emitted from the driver thread, delivered queued."""

    call = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.call.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def _run(self, job: Callable[[], None]) -> None:
        job()


def visible_top_level(name: str) -> QWidget | None:
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == name and widget.isVisible():
            return widget
    return None


def child(parent: QWidget | None, kind: type[Any], name: str) -> Any:
    """The descendant of `parent` of this type with this object name, or None."""
    if parent is None:
        return None
    return parent.findChild(kind, name)


def by_accessible_name(parent: QWidget | None, kind: type[Any], name: str) -> Any:
    if parent is None:
        return None
    for widget in parent.findChildren(kind):
        if widget.accessibleName() == name:
            return widget
    return None


def passphrase_field(window: QWidget | None) -> QLineEdit | None:
    """The unlock screen's line that hides what is typed."""
    if window is None:
        return None
    for line in window.findChildren(QLineEdit):
        if line.isVisible() and line.echoMode() == QLineEdit.EchoMode.Password:
            return line
    return None


def line_of(field: QWidget | None) -> QLineEdit | None:
    """The text line of a date or time field (the widget named after the field)."""
    if field is None:
        return None
    if isinstance(field, QLineEdit):
        return field
    return field.findChild(QLineEdit)


def has_focus_inside(widget: QWidget | None) -> bool:
    focused = QApplication.focusWidget()
    return (
        widget is not None
        and focused is not None
        and (focused is widget or widget.isAncestorOf(focused))
    )


def main_stack(window: QMainWindow) -> QStackedWidget | None:
    """The stack of pages: the one directly inside the central widget, beside the navigation."""
    central = window.centralWidget()
    if central is None:
        return None
    return central.findChild(QStackedWidget, "", Qt.FindChildOption.FindDirectChildrenOnly)


def visible_pages(window: QWidget | None) -> list[QWidget]:
    stack = main_stack(window) if isinstance(window, QMainWindow) else None
    if stack is None:
        return []
    pages = (stack.widget(i) for i in range(stack.count()))
    return [page for page in pages if page is not None and page.isVisible()]


def row_cells(table: QAbstractItemView) -> list[dict[str, str]]:
    """Each row as the texts of its visible cells, by the titles of their columns."""
    model = table.model()
    hidden = getattr(table, "isColumnHidden", lambda _column: False)
    columns = [c for c in range(model.columnCount()) if not hidden(c)]
    titles = [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in columns]
    return [
        {
            title: str(model.index(row, column).data() or "")
            for title, column in zip(titles, columns, strict=True)
        }
        for row in range(model.rowCount())
    ]


def row_texts(table: QAbstractItemView) -> list[str]:
    """Each row as the texts of its visible cells, joined."""
    return [" | ".join(cells.values()) for cells in row_cells(table)]


def plain(text: str) -> str:
    """A label's rich text as it reads on screen."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def no_message_box() -> bool:
    return not any(
        isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()
    )


def screen_and_own_grab(page: QWidget) -> tuple[QImage, QImage]:
    """What the X server shows over the page's rectangle, and the page's own rendering over the
    window's background (a page paints no background of its own: the window's shows through)."""
    screen = page.screen()
    shot = screen.grabWindow(0)  # the root window: what is on the screen, every window
    origin = page.mapToGlobal(QPoint(0, 0)) - screen.geometry().topLeft()
    ratio = shot.devicePixelRatio()
    area = QRect(
        round(origin.x() * ratio),
        round(origin.y() * ratio),
        round(page.width() * ratio),
        round(page.height() * ratio),
    )
    on_screen = shot.copy(area).toImage().convertToFormat(QImage.Format.Format_RGB32)
    own = QImage(area.size(), QImage.Format.Format_RGB32)
    own.setDevicePixelRatio(ratio)
    own.fill(page.window().palette().window().color())
    painter = QPainter(own)
    painter.drawPixmap(0, 0, page.grab())
    painter.end()
    own.setDevicePixelRatio(1.0)
    return on_screen, own


def image_bytes(image: QImage) -> tuple[bytes, int, int, int]:
    return bytes(image.constBits()), image.width(), image.height(), image.bytesPerLine()


def differing_fraction(a: tuple[bytes, int, int, int], b: tuple[bytes, int, int, int]) -> float:
    """The share of pixels whose colour differs (1.0 when the sizes differ)."""
    data_a, width, height, stride = a
    data_b, width_b, height_b, stride_b = b
    if (width, height, stride) != (width_b, height_b, stride_b) or not width or not height:
        return 1.0
    if data_a == data_b:
        return 0.0
    differing = 0
    for y in range(height):
        start = y * stride
        row_a = data_a[start : start + width * 4]
        row_b = data_b[start : start + width * 4]
        if row_a != row_b:
            differing += sum(
                1 for x in range(0, width * 4, 4) if row_a[x : x + 3] != row_b[x : x + 3]
            )
    return differing / (width * height)


# ---------------------------------------------------------------------------------- driver
class Driver:
    """The story, told with real input; each step waits for what the user would see."""

    def __init__(
        self, bridge: QtBridge, story: dict[str, Any], passphrase: str, out: Path, result: Path
    ) -> None:
        self.bridge = bridge
        self.result_path = result
        self.started = time.monotonic()
        self._last_grabs: tuple[QImage, QImage] | None = None
        self._workspace: Any = None  # the application's, found at the first database read
        self.story = story
        self.passphrase = passphrase
        self.out = out
        self.every_step_shot = bool(story.get("screenshot_every_step"))
        self.passed: list[dict[str, Any]] = []
        self.failure: dict[str, Any] | None = None
        self.notes: dict[str, Any] = {}
        self.slow_waits: list[dict[str, Any]] = []
        self.app_finished = threading.Event()

    # ------------------------------------------------------------------ plumbing
    def on_qt(self, fn: Callable[[], Any], timeout: float = CONDITION_TIMEOUT) -> Any:
        """`fn()` evaluated on the Qt thread, its result (or its exception) returned here."""
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()

        def job() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(fn())
            except BaseException as exc:
                future.set_exception(exc)

        self.bridge.call.emit(job)
        deadline = time.monotonic() + timeout
        while True:
            try:
                return future.result(POLL * 4)
            except concurrent.futures.TimeoutError:
                if self.app_finished.is_set() and future.cancel():
                    raise StepFailedError("the application has ended") from None
                if time.monotonic() > deadline and future.cancel():
                    raise StepFailedError(
                        f"the Qt thread did not answer within {timeout:.0f} s"
                    ) from None

    def wait_for(self, what: str, condition: Callable[[], Any]) -> Any:
        """Poll `condition` on the Qt thread until it is true; its value."""
        started = time.monotonic()
        deadline = started + CONDITION_TIMEOUT
        while True:
            value = self.on_qt(condition)
            if value:
                waited = time.monotonic() - started
                if waited > SLOW_WAIT:  # said in the result: where a slow run spent its time
                    self.slow_waits.append({"waited for": what, "seconds": round(waited, 1)})
                return value
            if time.monotonic() > deadline:
                raise StepFailedError(f"after {CONDITION_TIMEOUT:.0f} s, still not: {what}")
            time.sleep(POLL)

    def check(self, what: str, condition: Callable[[], Any]) -> Any:
        """`condition` must hold now (after a wait for the state it describes)."""
        value = self.on_qt(condition)
        if not value:
            raise StepFailedError(f"not so: {what}")
        return value

    def xdotool(self, *args: str, stdin: str | None = None) -> None:
        started = time.monotonic()
        done = subprocess.run(
            ["xdotool", *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=XDOTOOL_TIMEOUT,
            check=False,
        )
        if done.returncode != 0:
            raise StepFailedError(f"xdotool {args[0]} failed: {done.stderr.strip()}")
        took = time.monotonic() - started
        if took > SLOW_WAIT:
            self.slow_waits.append({"xdotool": args[0], "seconds": round(took, 1)})

    def key(self, *keys: str) -> None:
        self.xdotool("key", *keys)

    def type_text(self, text: str) -> None:
        # From standard input: a passphrase never appears in a process's arguments.
        self.xdotool("type", "--delay", "30", "--file", "-", stdin=text)

    def click(self, what: str, find: Callable[[], QWidget | None]) -> None:
        """Move the pointer to the widget's centre on the screen and press the left button,
        once the widget is shown, enabled, and the one under that point (nothing covers it)."""

        def centre() -> tuple[int, int] | None:
            widget = find()
            if widget is None or not widget.isVisible() or not widget.isEnabled():
                return None
            if not widget.window().isActiveWindow():
                return None
            point = widget.mapToGlobal(widget.rect().center())
            under = QApplication.widgetAt(point)
            if under is None or not (under is widget or widget.isAncestorOf(under)):
                return None
            return point.x(), point.y()

        x, y = self.wait_for(f"{what} shown, enabled and uncovered", centre)
        self.move_pointer(x, y)
        self.xdotool("click", "1")

    def move_pointer(self, x: int, y: int) -> None:
        """The pointer to (x, y), known to be there (xdotool's own --sync waits 15 s when the
        pointer is there already)."""
        self.xdotool("mousemove", str(x), str(y))
        self.wait_for(f"the pointer at {x}, {y}", lambda: QCursor.pos() == QPoint(x, y))

    def move_pointer_away(self) -> None:
        """Out of every window of the application: no hover, no tooltip on what is compared."""

        def spot() -> tuple[int, int]:
            screen = QApplication.primaryScreen().geometry()
            windows = [w.frameGeometry() for w in QApplication.topLevelWidgets() if w.isVisible()]
            for x, y in (
                (screen.right(), screen.bottom()),
                (screen.right(), screen.top()),
                (screen.left(), screen.bottom()),
            ):
                if not any(frame.contains(x, y) for frame in windows):
                    return x, y
            return screen.right(), screen.bottom()

        self.move_pointer(*self.on_qt(spot))

    def describe_windows(self) -> list[dict[str, Any]] | str:
        """The windows shown at a failure, with the texts of their visible labels and buttons
        and where the focus is: what the screenshot shows, in words."""

        def describe() -> list[dict[str, Any]]:
            focused = QApplication.focusWidget()
            windows = []
            for window in QApplication.topLevelWidgets():
                if not window.isVisible():
                    continue
                texts = [
                    plain(w.text())
                    for w in window.findChildren(QLabel) + window.findChildren(QPushButton)
                    if w.isVisible() and w.text()
                ]
                windows.append(
                    {
                        "window": window.objectName() or type(window).__name__,
                        "title": window.windowTitle(),
                        "active": window.isActiveWindow(),
                        "focus": (
                            f"{type(focused).__name__} {focused.objectName()!r}"
                            if focused is not None and window.isAncestorOf(focused)
                            else None
                        ),
                        "texts": texts[:40],
                    }
                )
            return windows

        try:
            described: list[dict[str, Any]] | str = self.on_qt(describe, timeout=20)
            return described
        except Exception as exc:
            return f"not available: {exc}"

    def screenshot(self, name: str) -> str | None:
        path = self.out / f"{name}.png"

        def grab() -> bool:
            return QApplication.primaryScreen().grabWindow(0).save(str(path))

        try:
            if self.on_qt(grab, timeout=20):
                return str(path)
        except Exception:  # the Qt thread may be stuck: ask the X server directly
            pass
        if shutil.which("import"):
            subprocess.run(["import", "-window", "root", str(path)], timeout=60, check=False)
            if path.exists():
                return str(path)
        return None

    # ------------------------------------------------------------------ the story
    def run(self) -> None:
        """Every step in order; at the first failure, screenshots, then the application is
        asked to quit (and the process ends anyway if it cannot)."""
        steps = self.steps()
        assert [name for name, _ in steps] == list(STEPS)
        for index, (name, step) in enumerate(steps, 1):
            started = time.monotonic()
            try:
                step()
            except Exception as exc:
                error = str(exc) if isinstance(exc, StepFailedError) else traceback.format_exc()
                shot = self.screenshot(f"failure-{index:02d}")
                self.failure = {
                    "step": name,
                    "error": error,
                    "screenshots": [shot] if shot else [],
                    "windows": self.describe_windows(),
                }
                self.give_up()
                return
            entry: dict[str, Any] = {"step": name, "seconds": round(time.monotonic() - started, 2)}
            if self.every_step_shot and name != "quit":
                entry["screenshot"] = self.screenshot(f"step-{index:02d}")
            self.passed.append(entry)

    def steps(self) -> list[tuple[str, Callable[[], None]]]:
        return [
            ("unlock screen", self.unlock_screen),
            ("unlock", self.unlock),
            ("search a note word without accents", self.search_note_word),
            ("the visit found opens", self.visit_found_opens),
            ("open the case by its name without accents", self.open_case_by_name),
            ("only the case file is on screen", self.one_page_on_screen),
            ("new visit", self.new_visit),
            ("an impossible date", self.impossible_date),
            ("nothing stored for it", self.nothing_stored),
            ("a valid past date", self.valid_date),
            ("close and sign with missing fields", self.sign_with_missing_fields),
            ("Ctrl+L from the editor", self.lock_from_editor),
            ("quit", self.quit),
        ]

    def give_up(self) -> None:
        """After a failure: the application quits (saving and locking as at any quit); if the
        Qt thread cannot even do that, the result is written and the process ends here."""
        if self.app_finished.is_set():
            return
        with contextlib.suppress(StepFailedError):
            self.on_qt(QApplication.quit, timeout=CONDITION_TIMEOUT)
        if not self.app_finished.wait(CONDITION_TIMEOUT):
            self.write_result(exit_code=None)
            os._exit(1)

    def write_result(self, exit_code: int | None) -> None:
        result = {
            "passed": self.passed,
            "failed": self.failure,
            "expected_steps": list(STEPS),
            "exit_code": exit_code,
            "seconds": round(time.monotonic() - self.started, 1),
            "notes": self.notes,
            "slow_waits": self.slow_waits,
        }
        self.result_path.write_text(json.dumps(result, indent=2, ensure_ascii=False), "utf-8")

    def unlock_screen(self) -> None:
        def ready() -> bool:
            window = visible_top_level("unlockWindow")
            field = passphrase_field(window)
            return bool(
                window is not None
                and window.isActiveWindow()
                and field is not None
                and field.isEnabled()
                and field.hasFocus()
            )

        self.wait_for("the unlock screen, active, its passphrase field focused", ready)

    def unlock(self) -> None:
        self.type_text(self.passphrase)
        self.key("Return")

        def oggi_populated() -> bool:
            main = visible_top_level("mainWindow")
            if main is None or not main.isActiveWindow() or visible_top_level("unlockWindow"):
                return False
            today = child(main, QWidget, "todayPage")
            visits = child(today, QAbstractItemView, "todayTable")
            drafts = child(today, QAbstractItemView, "draftTable")
            summary = child(today, QLabel, "todaySummary")
            return bool(
                today is not None
                and today.isVisible()
                and visits is not None
                and visits.isVisible()
                and visits.model().rowCount() >= 1
                and drafts is not None
                and drafts.model().rowCount() >= 1
                and summary is not None
                and summary.text()
                and "…" not in summary.text()
            )

        self.wait_for("the main window active on a populated Oggi page", oggi_populated)
        minor = self.story["minor"]
        self.check(
            "Oggi lists today's visit of the child",
            lambda: any(
                minor in text
                for text in row_texts(
                    child(visible_top_level("mainWindow"), QAbstractItemView, "todayTable")
                )
            ),
        )
        self.check(
            "Oggi is the only page shown",
            lambda: (
                [p.objectName() for p in visible_pages(visible_top_level("mainWindow"))]
                == ["todayPage"]
            ),
        )

    def _search(
        self, query: str, expect: Callable[[list[dict[str, str]]], bool], what: str
    ) -> None:
        """Ctrl+F, the query typed, then the results the user expects (not the ones of the
        search before), Down into them, Enter."""
        self.wait_for(
            "the main window active",
            lambda: (m := visible_top_level("mainWindow")) is not None and m.isActiveWindow(),
        )
        self.key("ctrl+f")

        def search_focused() -> bool:
            box = child(visible_top_level("mainWindow"), QLineEdit, "caseSearch")
            return bool(box is not None and box.isVisible() and box.hasFocus())

        self.wait_for("the search box focused by Ctrl+F", search_focused)
        self.key("ctrl+a")  # whatever an earlier search left is replaced
        self.type_text(query)

        def results() -> list[dict[str, str]] | None:
            main = visible_top_level("mainWindow")
            box = child(main, QLineEdit, "caseSearch")
            table = child(main, QAbstractItemView, "caseTable")
            if box is None or table is None or box.text() != query or not table.isVisible():
                return None
            rows = row_cells(table)
            return rows if expect(rows) else None

        rows = self.wait_for(what, results)
        self.notes[f"results for {query!r}"] = rows
        self.key("Down")

        def in_results() -> bool:
            table = child(visible_top_level("mainWindow"), QAbstractItemView, "caseTable")
            return bool(table is not None and table.hasFocus() and table.currentIndex().isValid())

        self.wait_for("Down moved into the results", in_results)
        self.key("Return")

    def search_note_word(self) -> None:
        minor, word = self.story["minor"], self.story["note_word"]
        found_in = f"Visita del {self.story['note_visit_date']}:"

        def one_hit_in_the_note(rows: list[dict[str, str]]) -> bool:
            return (
                len(rows) == 1
                and minor in rows[0].get("Minori", "")
                and rows[0].get("Trovato in", "").startswith(found_in)
                and word in rows[0]["Trovato in"]
            )

        self._search(
            self.story["note_query"],
            one_hit_in_the_note,
            f"one result: the case of {minor}, found in the note of its visit with {word!r}",
        )

    def _editor(self) -> QWidget | None:
        editor = visible_top_level("visitEditor")
        return editor if editor is not None and editor.isActiveWindow() else None

    def visit_found_opens(self) -> None:
        minor, word = self.story["minor"], self.story["note_word"]

        def opened() -> bool:
            editor = self._editor()
            title = child(editor, QLabel, "visitTitle")
            notes = child(editor, QPlainTextEdit, "notes")
            date = line_of(child(editor, QWidget, "visitDate"))
            return bool(
                title is not None
                and minor in title.text()
                and notes is not None
                and word in notes.toPlainText()
                and date is not None
                and date.text() == self.story["note_visit_date"]
            )

        self.wait_for(f"the editor of the visit of {self.story['note_visit_date']}", opened)
        self.key("Escape")

        def closed() -> bool:
            main = visible_top_level("mainWindow")
            return visible_top_level("visitEditor") is None and bool(
                main is not None and main.isActiveWindow()
            )

        self.wait_for("Esc closed the editor, back to the main window", closed)

    def open_case_by_name(self) -> None:
        minor, code = self.story["minor"], self.story["case_code"]

        def one_hit_by_name(rows: list[dict[str, str]]) -> bool:
            found_in = rows[0].get("Trovato in", "") if rows else ""
            return (
                len(rows) == 1
                and rows[0].get("Codice") == code
                and minor in found_in
                and not found_in.startswith("Visita del")
            )

        self._search(
            self.story["name_query"], one_hit_by_name, f"one result: the case of {minor}, by name"
        )

        def case_shown() -> bool:
            view = child(visible_top_level("mainWindow"), QWidget, "caseFileView")
            children = child(view, QLabel, "caseChildren")
            case_code = child(view, QLabel, "caseCode")
            return bool(
                view is not None
                and view.isVisible()
                and children is not None
                and children.isVisible()
                and minor in children.text()
                and case_code is not None
                and code in case_code.text()
            )

        self.wait_for(f"the case file of {minor} shown", case_shown)

    def one_page_on_screen(self) -> None:
        self.check(
            "the case file is the only page of the main window shown",
            lambda: (
                [p.objectName() for p in visible_pages(visible_top_level("mainWindow"))]
                == ["caseFileView"]
            ),
        )
        self.move_pointer_away()

        def grabs() -> tuple[tuple[bytes, int, int, int], ...] | None:
            main = visible_top_level("mainWindow")
            page = child(main, QWidget, "caseFileView")
            if main is None or page is None or not main.isActiveWindow():
                return None
            on_screen = QRect(page.mapToGlobal(QPoint(0, 0)), page.size())
            if not page.screen().geometry().contains(on_screen):
                raise StepFailedError("the case file is not entirely on the screen")
            screen, own = screen_and_own_grab(page)
            self._last_grabs = (screen, own)
            return image_bytes(screen), image_bytes(own)

        deadline = time.monotonic() + CONDITION_TIMEOUT
        fraction = 1.0
        while True:
            pair = self.on_qt(grabs)
            if pair is not None:
                fraction = differing_fraction(*pair)
                if fraction <= MAX_DIFFERING_FRACTION:
                    break
            if time.monotonic() > deadline:
                if self._last_grabs is not None:
                    screen, own = self._last_grabs
                    screen.save(str(self.out / "page-on-screen.png"))
                    own.save(str(self.out / "page-own-grab.png"))
                raise StepFailedError(
                    f"the screen differs from the case file's own rendering in "
                    f"{fraction:.1%} of its pixels (page-on-screen.png, page-own-grab.png)"
                )
            time.sleep(POLL)
        self.notes["differing pixels, screen against the page's own grab"] = round(fraction, 5)

    def new_visit(self) -> None:
        self.click(
            "the New visit button of the case file",
            lambda: by_accessible_name(
                child(visible_top_level("mainWindow"), QWidget, "caseFileView"),
                QPushButton,
                "Nuova visita",
            ),
        )

        def editor_ready() -> str | None:
            editor = self._editor()
            title = child(editor, QLabel, "visitTitle")
            date = line_of(child(editor, QWidget, "visitDate"))
            if (
                title is None
                or self.story["minor"] not in title.text()
                or date is None
                or not date.isEnabled()
                or not date.text()
            ):
                return None
            return date.text()

        self.notes["new visit's date at first"] = self.wait_for(
            "a new visit's editor, loaded", editor_ready
        )

    def _type_date(self, text: str) -> None:
        """Click into the date field, select what it holds, type, leave it with Tab."""

        def date() -> QLineEdit | None:
            return line_of(child(self._editor(), QWidget, "visitDate"))

        self.click("the visit's date field", date)
        self.wait_for("the date field focused by the click", lambda: (d := date()) and d.hasFocus())
        self.key("ctrl+a")
        self.type_text(text)
        self.wait_for(f"{text!r} in the date field", lambda: (d := date()) and d.text() == text)
        self.key("Tab")
        self.wait_for("the focus left the date field", lambda: (d := date()) and not d.hasFocus())

    def _date_message(self) -> str:
        """What is written next to the date field (on its row), "" when nothing is."""
        editor = self._editor()
        line = line_of(child(editor, QWidget, "visitDate"))
        if editor is None or line is None:
            return ""
        field = QRect(line.mapToGlobal(QPoint(0, 0)), line.size())
        # Beside the field (after its calendar button) or right under it, in its column.
        near = field.adjusted(0, 0, field.width() + 8 * line.height(), field.height())
        texts = [
            label.text()
            for label in editor.findChildren(QLabel)
            if label.isVisible()
            and label.text()
            and near.contains(label.mapToGlobal(QPoint(0, label.height() // 2)))
        ]
        return " ".join(texts)

    def impossible_date(self) -> None:
        typed = self.story["invalid_date"]
        self._type_date(typed)

        def refused() -> str | None:
            message = self._date_message()
            date = line_of(child(self._editor(), QWidget, "visitDate"))
            if date is None or date.text() != typed or "data non valida" not in message.lower():
                return None
            return message

        self.notes["message for an impossible date"] = self.wait_for(
            "'Data non valida' next to the field, the text kept as typed", refused
        )

    def nothing_stored(self) -> None:
        """Saved now (Ctrl+S): the draft keeps the text as typed beside it, and its date is still
        the one the field held before; 31/02 never became another day."""
        self.key("ctrl+s")
        typed = self.story["invalid_date"]
        known = set(self.story["seeded_visit_ids"])
        case_code = self.story["case_code"]

        def read(opened: Any) -> list[tuple[str, str, str, dict[str, str]]]:
            from minorifamiglie.services import drafts, visits

            return [
                (
                    str(view.visit.id),
                    view.visit.date.isoformat(),
                    str(view.visit.status),
                    drafts.draft_texts(opened, view.visit.id),
                )
                for view in visits.list_visits(opened, case_code)
                if str(view.visit.id) not in known
            ]

        def saved() -> list[tuple[str, str, str, dict[str, str]]] | None:
            rows = self.read_database(read)
            return rows if rows and all(r[3].get("date") == typed for r in rows) else None

        deadline = time.monotonic() + CONDITION_TIMEOUT
        while (rows := saved()) is None:
            if time.monotonic() > deadline:
                raise StepFailedError(
                    f"after {CONDITION_TIMEOUT:.0f} s, no draft keeps {typed!r} as typed"
                )
            time.sleep(POLL)
        self.notes["draft after the impossible date"] = rows
        first = self.story_date(self.notes["new visit's date at first"])
        if len(rows) != 1 or rows[0][1] != first:
            raise StepFailedError(f"stored {rows}, expected one draft still dated {first}")

    @staticmethod
    def story_date(text: str) -> str:
        day, month, year = text.split("/")
        return f"{year}-{month}-{day}"

    def read_database(self, fn: Callable[[Any], Any]) -> Any:
        """`fn(opened profile)` on the application's own worker, as its screens read.

        The workspace is found among the live objects (the controller keeps it; there is no
        global to reach it by): reading, never driving."""
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()

        def submit() -> None:
            if self._workspace is None:
                from minorifamiglie.ui.workspace import Workspace

                profile = Path(self.story["profile"]).resolve()
                spaces = [
                    o
                    for o in gc.get_objects()
                    if isinstance(o, Workspace) and Path(o.root).resolve() == profile
                ]
                if len(spaces) != 1:
                    raise StepFailedError(f"{len(spaces)} workspaces on the profile")
                self._workspace = spaces[0]
            self._workspace.call(fn, future.set_result, future.set_exception)

        self.on_qt(submit)
        return future.result(CONDITION_TIMEOUT)

    def valid_date(self) -> None:
        typed = self.story["valid_date"]
        self._type_date(typed)

        def exactly() -> bool:
            date = line_of(child(self._editor(), QWidget, "visitDate"))
            return bool(
                date is not None
                and date.text() == typed
                and not self._date_message()
                and no_message_box()
            )

        self.wait_for(f"the date field holding exactly {typed}, no message", exactly)

    def sign_with_missing_fields(self) -> None:
        self.click(
            "Chiudi e firma",
            lambda: child(self._editor(), QPushButton, "closeAndSign"),
        )
        missing = self.story["missing_to_sign"]

        def listed() -> list[str] | None:
            status = child(self._editor(), QLabel, "saveStatus")
            if status is None or not status.isVisible():
                return None
            links = [plain(name) for name in re.findall(r"<a [^>]*>(.*?)</a>", status.text())]
            return links if sorted(links) == sorted(missing) else None

        self.wait_for(f"every missing field listed by its label: {missing}", listed)
        editor_text = self.on_qt(lambda: plain(child(self._editor(), QLabel, "saveStatus").text()))
        self.notes["status after Chiudi e firma"] = editor_text

        def beside_fields() -> bool:
            editor = self._editor()
            labels = [child(editor, QLabel, f"error_{name}") for name in ("place", "notes")]
            return all(label is not None and label.isVisible() and label.text() for label in labels)

        self.check("each missing field says so next to itself", beside_fields)

        def not_signed() -> bool:
            editor = self._editor()
            sign = child(editor, QPushButton, "closeAndSign")
            notes = child(editor, QPlainTextEdit, "notes")
            return bool(
                no_message_box()
                and sign is not None
                and sign.isVisible()
                and notes is not None
                and not notes.isReadOnly()
            )

        self.check("nothing asked and nothing signed: the visit is still a draft", not_signed)

    def lock_from_editor(self) -> None:
        self.wait_for(
            "the focus in the visit editor",
            lambda: (editor := self._editor()) is not None and has_focus_inside(editor),
        )
        self.key("ctrl+l")

        def locked() -> bool:
            unlock = visible_top_level("unlockWindow")
            field = passphrase_field(unlock)
            return bool(
                unlock is not None
                and visible_top_level("mainWindow") is None
                and visible_top_level("visitEditor") is None
                and field is not None
                and field.isEnabled()
                and not field.text()
            )

        self.wait_for("the unlock screen alone, the main window and editor hidden", locked)
        reason = self.on_qt(
            lambda: (
                label.text()
                if (label := child(visible_top_level("unlockWindow"), QLabel, "lockReasonLabel"))
                and label.isVisible()
                else ""
            )
        )
        self.notes["unlock screen after Ctrl+L"] = reason

    def quit(self) -> None:
        """Closed as a user closes a window: Alt+F4, which the window manager turns into a
        close request; the last window closed ends the application."""
        self.wait_for(
            "the unlock screen active",
            lambda: (w := visible_top_level("unlockWindow")) is not None and w.isActiveWindow(),
        )
        self.key("alt+F4")
        if not self.app_finished.wait(CONDITION_TIMEOUT):
            raise StepFailedError(f"the application still runs {CONDITION_TIMEOUT:.0f} s later")


# ---------------------------------------------------------------------------------- main
def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", required=True)
    parser.add_argument("--passphrase-file", required=True)
    parser.add_argument("--story", required=True, help="JSON: what the seeded profile holds")
    parser.add_argument("--result", required=True, help="JSON written at the end")
    parser.add_argument("--out", required=True, help="folder for the screenshots")
    args = parser.parse_args()
    story = json.loads(Path(args.story).read_text(encoding="utf-8"))
    story["profile"] = args.profile
    passphrase = Path(args.passphrase_file).read_text(encoding="utf-8")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    # The program's own command line, as `minorifamiglie --profile DIR gui` receives it. The
    # application object is made first (the entry takes the one that exists) so that the
    # bridge to the driver lives on the Qt thread.
    sys.argv = ["minorifamiglie", "--profile", args.profile, "gui", "--language", "it"]
    app = QApplication(sys.argv)
    bridge = QtBridge()
    driver = Driver(bridge, story, passphrase, out, Path(args.result))
    thread = threading.Thread(target=driver.run, name="driver", daemon=True)
    thread.start()

    from minorifamiglie import cli

    exit_code = cli.main()
    driver.app_finished.set()
    thread.join(CONDITION_TIMEOUT * 2)
    if thread.is_alive() and driver.failure is None:
        driver.failure = {"step": "quit", "error": "the driver never ended", "screenshots": []}
    driver.write_result(exit_code)
    del app
    passed = driver.failure is None and len(driver.passed) == len(STEPS)
    return 0 if passed and exit_code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
