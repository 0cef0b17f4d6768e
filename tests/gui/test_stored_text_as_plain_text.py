"""Stored text is shown as written, never rendered as HTML. A title, a name, a file name may come
from a teammate's device or a hand-off file: one that looks like HTML must not turn bold, load a
local image or show a link in a label, a tooltip or a message (Qt's AutoText guesses rich text).

The screens are opened over a profile whose every free text is HTML; then every label and every
tooltip (of the widgets and of the models of every view) is walked: none may hold the raw markup
where Qt would render it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, QPoint, Qt
from PySide6.QtGui import Qt as QtGui
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QToolTip, QWidget

from minorifamiglie.domain.enums import Role, Service
from minorifamiglie.services import (
    attachments,
    cases,
    community_projects,
    deadlines,
    goal_actions,
    profiles,
    records,
    syncing,
    team,
    visits,
)
from minorifamiglie.ui.common import plain_html
from minorifamiglie.ui.main_window import MainWindow
from minorifamiglie.ui.visit_editor import VisitEditorWindow
from support.profiles import PASSPHRASE

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
TODAY = dt.date(2026, 3, 16)
RAW = "<img"  # what must never reach Qt unescaped where it renders rich text
MARK = '<b>X</b><img src="/nonexistent.png">'
FILE = 'X<img src="nx.png"><b>X.pdf'  # a file name has no "/"
OPERATOR = f"Giulia {MARK}"
COLLEAGUE = f"Marco {MARK}"


@pytest.fixture
def gui_profile(tmp_path: Path, profile_copy: Any) -> Path:
    """The GUI's profile, its operator's name HTML (as a tampered device could send it)."""
    root: Path = profile_copy(tmp_path / "profilo", OPERATOR, Role.COORDINATOR, "portatile-g")
    return root


@pytest.fixture
def colleague(tmp_path: Path, profile_copy: Any) -> Iterator[Any]:
    root = profile_copy(tmp_path / "collega", COLLEAGUE, Role.EDUCATOR, "portatile-m")
    opened = profiles.unlock(root, PASSPHRASE)
    yield opened
    opened.close()


def hostile_scene(on_worker: Any, share: Path, colleague: Any) -> tuple[Any, Any]:
    """A team named in HTML, a case whose every text is HTML, shared with a colleague whose name
    is HTML, and a conflict on its summary: (the case, a signed visit)."""
    on_worker(lambda o: team.create_team(o, MARK, share))
    team.join_team(colleague, share)
    on_worker(lambda o: team.admit(o, colleague.device_id))

    def scene(o: Any) -> tuple[Any, Any]:
        case = cases.add_case(
            o,
            ambito="VBR",
            service=Service.ADM,
            title=MARK,
            summary=f"{MARK}\n{MARK}",
            minor_name=MARK,
            birth_date=dt.date(2000, 1, 1),  # an adult among the minors: the age warning
            today=TODAY,
        )
        deadlines.add_deadline(o, case.id, title=MARK, due_on=TODAY + dt.timedelta(days=3))
        goal = records.add_goal(o, case.id, title=MARK, description=MARK)
        goal_actions.add_goal_action(o, goal.id, description=MARK, responsible=MARK)
        attachments.add_attachment(o, case.id, filename=FILE, content=b"%PDF-1.4\n")
        visit = visits.add_visit(
            o,
            case=str(case.id),
            date=TODAY - dt.timedelta(days=1),
            start=dt.time(9),
            end=dt.time(10),
            place=MARK,
            notes=MARK,
            close=True,
            today=TODAY,
        )
        visits.add_visit(
            o, case=str(case.id), date=TODAY, start=dt.time(15), end=dt.time(16), place=MARK
        )
        project = community_projects.add_project(
            o, ambito="VBR", title=MARK, start_on=TODAY, comune=MARK, description=MARK
        )
        community_projects.add_activity(
            o, project.id, date=TODAY, minutes=60, participants=3, description=MARK, today=TODAY
        )
        return case, visit

    case, visit = on_worker(scene)
    on_worker(syncing.sync)
    syncing.sync(colleague)
    # Both change the summary before synchronising: a conflict, the colleague's name on it
    on_worker(lambda o: cases.edit_case(o, str(case.id), {"summary": f"{MARK} mine"}))
    cases.edit_case(colleague, str(case.id), {"summary": f"{MARK} theirs"})
    syncing.sync(colleague)
    on_worker(syncing.sync)
    return case, visit


def _indexes(model: QAbstractItemModel, parent: QModelIndex) -> Iterator[QModelIndex]:
    flat = isinstance(model, QAbstractListModel)  # its columnCount is private in PySide
    for row in range(min(model.rowCount(parent), 200)):
        for column in range(1 if flat else model.columnCount(parent)):
            index = model.index(row, column, parent)
            yield index
            if column == 0 and not flat and _has_children(model, index):
                yield from _indexes(model, index)


def _has_children(model: QAbstractItemModel, index: QModelIndex) -> bool:
    try:
        return bool(model.hasChildren(index))
    except TypeError:  # a table model: hasChildren is private in PySide, and there are none
        return False


def rendered_markup(window: QWidget) -> list[str]:
    """Where `window` would render the raw markup: labels Qt reads as rich text, tooltips of
    its widgets and of its views' models."""
    found: list[str] = []
    widgets = [window, *window.findChildren(QWidget)]
    for widget in widgets:
        where = f"{type(widget).__name__} {widget.objectName()!r}"
        if RAW in widget.toolTip():
            found.append(f"tooltip of {where}: {widget.toolTip()!r}")
        if isinstance(widget, QLabel) and RAW in widget.text():
            text, fmt = widget.text(), widget.textFormat()
            rich = fmt == Qt.TextFormat.RichText or (
                fmt == Qt.TextFormat.AutoText and QtGui.mightBeRichText(text)
            )
            if rich:
                found.append(f"label {where}: {text!r}")
    views = {id(v): v for v in window.findChildren(QAbstractItemView)}
    for view in views.values():
        model = view.model()
        if model is None:
            continue
        for index in _indexes(model, QModelIndex()):
            tip = index.data(Qt.ItemDataRole.ToolTipRole)
            if isinstance(tip, str) and RAW in tip:
                found.append(f"tooltip of {view.objectName()!r} {index.row()},{index.column()}")
    return found


def shown_texts(window: QWidget) -> str:
    """Every label's text and every tooltip: to check the markup did reach the screens."""
    parts = [w.toolTip() for w in window.findChildren(QWidget)]
    parts += [label.text() for label in window.findChildren(QLabel)]
    return "\n".join(parts)


@pytest.mark.parametrize("text", [f"{MARK}\n& more", f"{MARK} " * 20 + "\n  & more"])
def test_the_helper_keeps_the_text_and_its_lines(qapp: QApplication, text: str) -> None:
    tip = plain_html(text)
    assert RAW not in tip and "&lt;img" in tip and "<br>" in tip and "&amp; more" in tip
    doc = QTextDocument()
    doc.setHtml(tip)
    assert doc.toPlainText().strip("\n") == text  # a table's cell stands on lines of its own
    assert plain_html("") == "" and plain_html(None) == ""


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen: a tooltip raises
@pytest.mark.parametrize(
    ("text", "lines"),
    [("Famiglia R. (Zogno)", 1), ("Relazione di aggiornamento.pdf\nVBR-2026-0001-ABC", 2)],
)
def test_a_short_tooltip_is_shown_on_its_own_lines_not_wrapped(
    qapp: QApplication, text: str, lines: int
) -> None:
    # Qt wraps a rich-text tooltip in a box narrower than a three-word title: two lines
    owner = QWidget()
    owner.resize(300, 200)
    owner.show()
    try:
        QToolTip.showText(QPoint(10, 10), plain_html(text), owner)
        qapp.processEvents()
        (tip,) = [w for w in qapp.topLevelWidgets() if w.metaObject().className() == "QTipLabel"]
        line = tip.fontMetrics().lineSpacing()
        assert tip.sizeHint().height() < (lines + 1) * line
        widest = max(tip.fontMetrics().horizontalAdvance(part) for part in text.splitlines())
        assert tip.sizeHint().width() >= widest
    finally:
        QToolTip.hideText()
        owner.close()


def test_no_screen_renders_stored_html(
    qtbot: Any,
    main: MainWindow,
    workspace: Any,
    wait_tasks: Any,
    on_worker: Any,
    share: Path,
    colleague: Any,
) -> None:
    # Given a profile whose every stored text looks like HTML
    case, visit = hostile_scene(on_worker, share, colleague)
    main.after_unlock()
    wait_tasks()

    # When every page of the main window is shown
    problems: list[str] = []
    seen: list[str] = []
    for page in main.pages:
        main.show_page(page)
        page.refresh()
        wait_tasks()
        QApplication.processEvents()
        problems += [f"{page.objectName()}: {p}" for p in rendered_markup(main)]
        seen.append(shown_texts(main))

    # and the case list is searched (the "Found in" column), then the case opened, tab by tab
    main.show_page(main.cases_page)
    main.focus_search()
    qtbot.keyClicks(QApplication.focusWidget(), "X")
    wait_tasks()
    qtbot.wait(400)
    wait_tasks()
    problems += [f"search: {p}" for p in rendered_markup(main)]
    main.open_case(case.id)
    view = main.case_file
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    wait_tasks()
    main.resize(900, 720)  # the title cut: whole in the tooltip
    QApplication.processEvents()
    for tab in range(view.tabs.count()):
        view.tabs.setCurrentIndex(tab)
        wait_tasks()
        QApplication.processEvents()
        problems += [f"case tab {view.tabs.tabText(tab)}: {p}" for p in rendered_markup(main)]
        seen.append(shown_texts(main))
    header = view.header
    assert header.code.elided and "&lt;img" in header.code.toolTip()
    assert MARK in header.minors.text() and MARK in header.summary.text()
    assert MARK in header.operators.text() and MARK in header.age_warnings.text()

    # and the visit editor of the signed visit, and of the draft
    editor = VisitEditorWindow(workspace, case.id, visit.id)
    qtbot.addWidget(editor)
    editor.show()
    wait_tasks()
    qtbot.waitUntil(lambda: MARK in editor.title_label.text(), timeout=10_000)
    problems += [f"visit editor: {p}" for p in rendered_markup(editor)]

    # Then the markup reached the screens, and nowhere is it rendered
    everything = "\n".join(seen)
    assert MARK in everything  # labels, as plain text
    assert "&lt;img" in everything  # tooltips, escaped
    assert not problems, "\n".join(problems)
