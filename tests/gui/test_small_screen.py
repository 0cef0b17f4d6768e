"""A case with a long title on a 1366×768 laptop (issue 13): the title ends in "…" in the case
file's header, whole in its tooltip, and the main window never asks for more than the screen."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from minorifamiglie.domain.enums import Service
from minorifamiglie.services import cases
from minorifamiglie.ui.common import plain_html
from minorifamiglie.ui.main_window import MainWindow
from support.window_size import ROOM_HEIGHT, SCREEN_WIDTH, settled

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
TODAY = dt.date(2026, 3, 16)
WORDS = "Sostegno educativo domiciliare e accompagnamento scolastico della famiglia Rota "


def long_title() -> str:
    """300 characters, the most a title can have, as an educator might type it."""
    return (WORDS * 4)[:299].strip() + "."


def test_a_300_character_title_keeps_the_window_within_a_1366_pixel_screen(
    qtbot: Any, main: MainWindow, wait_tasks: Any, on_worker: Any
) -> None:
    # Given a case whose title is as long as a title can be
    title = long_title()
    assert len(title) == 300
    case = on_worker(
        lambda o: cases.add_case(
            o, ambito="VBR", service=Service.ADM, title=title, minor_name="Luca Rota", today=TODAY
        )
    )
    # When the educator opens it
    main.open_case(case.id)
    view = main.case_file
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    wait_tasks()

    # Then the window asks for no more than the screen has, and stays as wide as it was put
    hint = settled(main)
    assert hint.width() <= SCREEN_WIDTH and hint.height() <= ROOM_HEIGHT, hint
    assert main.width() == 1280
    # And the header shows the code and the start of the title, ending in "…", within the
    # header; the whole title on hover
    label = view.header.code
    assert label.isVisible() and label.elided
    text = label.text()
    # the code whole and a readable start of the title (the navigation took some width)
    assert view.data is not None
    assert view.data.detail.case.code in text and "Sostegno educativo" in text
    assert text.endswith("…</span>") and title not in text
    assert label.toolTip() == plain_html(title)
    assert label.geometry().right() <= view.header.contentsRect().right()

    # When the window is made as narrow as it can be: still the code, the title cut shorter
    main.resize(hint.width(), 700)
    settled(main)
    assert view.data is not None
    assert view.data.detail.case.code in label.text() and label.toolTip() == plain_html(title)

    # When visit mode is on, the title goes from the header and from its tooltip
    main.resize(1280, 720)
    view.set_visit_mode(True)
    assert title[:20] not in label.text() and label.toolTip() == ""
    view.set_visit_mode(False)

    # When she goes back to the list of cases, the title is there on hover, and the window
    # still fits
    main.show_page(main.cases_page)
    wait_tasks()
    assert main.cases_page.model.rowCount() == 1
    assert settled(main).width() <= SCREEN_WIDTH
    assert main.width() == 1280


def test_a_short_title_is_whole_without_a_tooltip(
    qtbot: Any, main: MainWindow, wait_tasks: Any, on_worker: Any
) -> None:
    case = on_worker(
        lambda o: cases.add_case(
            o, ambito="VBR", service=Service.ADM, title="Famiglia Rota", today=TODAY
        )
    )
    main.open_case(case.id)
    view = main.case_file
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    wait_tasks()
    settled(main)
    label = view.header.code
    assert "Famiglia Rota</span>" in label.text() and "…" not in label.text()
    assert not label.elided and label.toolTip() == ""
