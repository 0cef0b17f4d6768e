"""The guard of conftest.py (qt_sql_guard.py) reports SQL that a widget's slot runs on the Qt
thread, and nothing else: not the test's own set-up, not the worker (issue 15, point 7)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from minorifamiglie.ui.operations import WriteOperation
from minorifamiglie.ui.tasks import TaskRunner
from qt_sql_guard import QtThreadSqlGuard, statement_words


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    # A file and no pool: each thread opens its own connection, as SQLite wants
    engine = create_engine(f"sqlite:///{tmp_path / 'guard.db'}", poolclass=NullPool)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE cases (code TEXT)"))
        conn.execute(text("INSERT INTO cases VALUES ('VBR-2026-0001')"))
    yield engine
    engine.dispose()


class CountingWidget(QWidget):
    """A screen done wrong: its button counts the rows on the Qt thread."""

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine
        self.counted: list[int] = []
        self.button = QPushButton("Conta")
        QVBoxLayout(self).addWidget(self.button)

    def count_rows(self, _checked: bool = False) -> None:
        with self.engine.connect() as conn:
            self.counted.append(conn.execute(text("SELECT count(*) FROM cases")).scalar_one())


def test_a_slot_running_a_query_on_the_qt_thread_is_reported(qtbot: Any, engine: Engine) -> None:
    widget = CountingWidget(engine)
    qtbot.addWidget(widget)
    widget.button.clicked.connect(widget.count_rows)
    guard = QtThreadSqlGuard(package=__name__)  # this module plays the screens
    guard.install()
    try:
        qtbot.mouseClick(widget.button, Qt.MouseButton.LeftButton)
    finally:
        guard.remove()
    assert widget.counted == [1]
    [violation] = guard.violations
    assert violation.statement == "SELECT … cases"
    assert f"{__name__}:CountingWidget.count_rows" in violation.where
    assert "on the Qt thread, from" in str(violation)


def deliver_from_the_worker(qtbot: Any, widget: CountingWidget) -> None:
    """The screens' way back from the worker (ui/operations.py) calls the widget's slot."""
    runner = TaskRunner()
    WriteOperation(widget).run_on(runner, lambda: None, lambda _none: widget.count_rows())
    qtbot.waitUntil(lambda: bool(widget.counted), timeout=5000)
    runner.shutdown()


def test_the_conftest_guard_sees_the_screens_code(
    qtbot: Any, engine: Engine, sql_guard: QtThreadSqlGuard
) -> None:
    # A slot reached through the screens' own code (ui/operations.py) on the Qt thread
    widget = CountingWidget(engine)
    qtbot.addWidget(widget)
    deliver_from_the_worker(qtbot, widget)
    [violation] = sql_guard.take()  # taken: this test provoked it on purpose
    assert violation.statement == "SELECT … cases"
    assert violation.where.startswith("minorifamiglie.ui.operations:_Operation._bind.")


@pytest.mark.sql_on_qt_thread("proves the marker: the conftest guard lets a marked test through")
def test_a_marked_test_may_drive_sql_through_the_screens(
    qtbot: Any, engine: Engine, sql_guard: QtThreadSqlGuard
) -> None:
    widget = CountingWidget(engine)
    qtbot.addWidget(widget)
    deliver_from_the_worker(qtbot, widget)
    # Seen, and left for the teardown, which the marker lets pass
    assert [v.statement for v in sql_guard.violations] == ["SELECT … cases"]


def test_set_up_in_the_test_and_the_worker_are_not_reported(
    qtbot: Any, engine: Engine, sql_guard: QtThreadSqlGuard
) -> None:
    # The test body asks the database itself (its set-up), on the Qt thread
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO cases VALUES ('VBR-2026-0002')"))
    # The screens' runner asks it on the worker
    runner = TaskRunner()
    out: list[int] = []

    def count() -> int:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM cases")).scalar_one())

    runner.run(count, out.append)
    qtbot.waitUntil(lambda: bool(out))
    runner.shutdown()
    assert out == [2]
    assert sql_guard.violations == []


def test_the_report_holds_the_verb_and_the_table_never_a_value() -> None:
    assert statement_words("SELECT cases.id FROM cases WHERE code = ?") == "SELECT … cases"
    assert statement_words("INSERT INTO audit_events (id) VALUES (?)") == "INSERT … audit_events"
    assert statement_words("UPDATE visits SET notes = 'Rossi' WHERE id = ?") == "UPDATE … visits"
    assert statement_words("PRAGMA user_version") == "PRAGMA"
    assert "Rossi" not in statement_words("DELETE FROM people WHERE name = 'Rossi'")
