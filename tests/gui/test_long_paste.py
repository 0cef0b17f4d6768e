"""A paste of a whole document into a visit's text keeps what fits and says so; the counter
shows near the limit; the service names a field by its label (issue 13, point 7)."""

from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QApplication

from minorifamiglie.domain.enums import Service
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.domain.validation import MAX_TEXT
from minorifamiglie.services import cases, visits
from minorifamiglie.ui.limited_text import LimitedTextEdit
from minorifamiglie.ui.visit_editor import VisitEditorWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_a_paste_beyond_the_limit_keeps_what_fits(qtbot) -> None:
    edit = LimitedTextEdit(limit=1_000)
    qtbot.addWidget(edit)
    edit.show()
    edit.setPlainText("Inizio. ")
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    data = QMimeData()
    data.setText("x" * 5_000)
    with qtbot.waitSignal(edit.clipped) as clipped:
        edit.insertFromMimeData(data)
    assert edit.length() == 1_000
    assert clipped.args == [5_000 - (1_000 - len("Inizio. "))]
    assert edit.counter.isVisible() and edit.counter.text() == "1.000 / 1.000"


def test_a_paste_that_fits_is_pasted_whole(qtbot) -> None:
    edit = LimitedTextEdit(limit=1_000)
    qtbot.addWidget(edit)
    data = QMimeData()
    data.setText("Compiti fatti insieme.")
    edit.insertFromMimeData(data)
    assert edit.toPlainText() == "Compiti fatti insieme."
    assert not edit.counter.isVisible()


def test_a_megabyte_pasted_in_the_editor_is_cut_at_the_limit_and_said(
    qtbot, workspace, wait_tasks
) -> None:
    out: list[object] = []
    workspace.call(
        lambda o: cases.add_case(o, ambito="VBR", service=Service.ADM), out.append, out.append
    )
    wait_tasks()
    editor = VisitEditorWindow(workspace, out[0].id, None)  # type: ignore[attr-defined]
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(editor.body.isEnabled, timeout=10_000)
    QApplication.clipboard().setText("parola " * 150_000)  # about 1 MB
    editor.notes_edit.setFocus()
    qtbot.keyClick(editor.notes_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert editor.notes_edit.length() == MAX_TEXT
    assert "left out" in editor.status_label.text()


def test_the_service_names_a_too_long_field_by_its_label(opened) -> None:
    case = cases.add_case(opened, ambito="VBR", service=Service.ADM)
    with pytest.raises(ValidationError) as err:
        visits.add_visit(
            opened, case=case.code, date=dt.date(2026, 3, 2), start=dt.time(9),
            end=dt.time(10), notes="x" * (MAX_TEXT + 1),
        )  # fmt: skip
    assert str(err.value).startswith("Descrizione della visita:")
