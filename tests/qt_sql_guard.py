"""Catching SQL run on the Qt thread by the application (issue 15, point 7).

Every statement goes through SQLAlchemy's `before_cursor_execute`, listened to on the `Engine`
class (so on every engine, including the ones a test opens itself). A statement is a violation
when it runs on the main thread (the Qt thread) *and* a frame of the application's screens
(`minorifamiglie.ui`) is on the stack: a slot, an event handler or a method of a widget asked
the database directly instead of going through the worker (ui/tasks.py). A test's own set-up
that calls the services from the test body has no such frame and passes; SQL on the worker has
no business with this guard at all. The stack is only walked in the first case (the main
thread), so the worker's statements cost one thread comparison.

What a violation records is the screen's function (module, qualified name, line) and the
statement's first words (its verb and its table): never a bound value."""

from __future__ import annotations

import re
import sys
import threading
from dataclasses import dataclass
from types import FrameType
from typing import Any

from sqlalchemy import Engine, event

UI_PACKAGE = "minorifamiglie.ui"
_TABLE = re.compile(r"\b(?:FROM|INTO|UPDATE|TABLE)\s+([\w.\"]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Violation:
    where: str  # "minorifamiglie.ui.pages.cases:CasesPage.reload (line 123)"
    statement: str  # "SELECT … FROM cases"

    def __str__(self) -> str:
        return f"{self.statement} on the Qt thread, from {self.where}"


def statement_words(statement: str) -> str:
    """The verb and the first table of `statement`: enough to find it, nothing of its data
    (the values are bound parameters, but a literal in the text would not be shown either)."""
    words = statement.split(maxsplit=1)
    verb = words[0].upper() if words else "?"
    table = _TABLE.search(statement)
    return f"{verb} … {table.group(1).strip(chr(34))}" if table else verb


def _describe(frame: FrameType) -> str:
    code = frame.f_code
    return f"{frame.f_globals.get('__name__', '?')}:{code.co_qualname} (line {frame.f_lineno})"


class QtThreadSqlGuard:
    """Installed with `install()`, removed with `remove()`; `violations` holds what it saw.
    `package`: the modules whose frames count as the application's screens."""

    def __init__(self, package: str = UI_PACKAGE) -> None:
        self.package = package
        self.violations: list[Violation] = []
        self._main = threading.main_thread()

    def install(self) -> None:
        event.listen(Engine, "before_cursor_execute", self._before_execute)

    def remove(self) -> None:
        if event.contains(Engine, "before_cursor_execute", self._before_execute):
            event.remove(Engine, "before_cursor_execute", self._before_execute)

    def take(self) -> list[Violation]:
        """The violations seen so far, forgotten (a test that provokes one on purpose)."""
        seen, self.violations = self.violations, []
        return seen

    def _before_execute(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if threading.current_thread() is not self._main:
            return  # the worker: where SQL belongs
        frame = self._screen_frame(sys._getframe(1))
        if frame is not None:
            self.violations.append(Violation(_describe(frame), statement_words(statement)))

    def _screen_frame(self, frame: FrameType | None) -> FrameType | None:
        """The innermost frame of the screens' code on the stack, if any."""
        package, dotted = self.package, self.package + "."
        while frame is not None:
            name = frame.f_globals.get("__name__", "")
            if name == package or name.startswith(dotted):
                return frame
            frame = frame.f_back
        return None
