"""Names and notes from other devices (a roster's device and operator names, a community's or
a foster family's, the team's own name, a shared folder's path) on the screens an audit found
them breaking: a window wider than a 1366-pixel laptop's screen, the application's own words
turned backwards by a U+202E, a "%2" in one name taking another's place, columns pushed off the
screen. Real widgets offscreen, the real services."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import pytest

from PySide6.QtWidgets import QWidget

from minorifamiglie.domain.enums import Availability, CommunityKind
from minorifamiglie.services import communities, families, team
from minorifamiglie.ui.common import MAX_FITTED_COLUMN, filled, plain_html
from minorifamiglie.ui.pages.families import FamiliesPage
from minorifamiglie.ui.pages.team import TeamPage
from support.clock import TODAY
from support.window_size import SCREEN_WIDTH, settled

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
RLO = "\u202e"


def test_a_percent_sign_in_a_name_stays_as_written() -> None:
    # chained replace() put the operator's name inside the device's: "dev-Mario %2 Rossi-fine"
    template = "Revocare il dispositivo «%1» di %2?"
    assert filled(template, "dev-%2-fine", "Mario %1 Rossi") == (
        "Revocare il dispositivo «dev-%2-fine» di Mario %1 Rossi?"
    )
    assert filled("%1 (%2)", "solo uno") == "solo uno (%2)"  # a value missing: left as is
    assert filled("%n cartelle in %1", "Zogno") == "%n cartelle in Zogno"  # Qt's plural kept


def test_a_tooltip_breaks_a_word_longer_than_its_line() -> None:
    tip = plain_html("W" * 500)
    assert "\u200b" in tip and "W" * 31 not in tip


P = TypeVar("P", bound=QWidget)


def shown_page(qtbot: Any, page: P, wait_tasks: Any) -> P:
    """`page` on a laptop's screen, its data loaded."""
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.refresh()  # type: ignore[attr-defined]
    wait_tasks()
    return page


def families_page(qtbot: Any, workspace: Any, wait_tasks: Any) -> FamiliesPage:
    return shown_page(qtbot, FamiliesPage(workspace, today=lambda: TODAY), wait_tasks)


def test_a_community_with_notes_of_one_long_word_keeps_the_page_on_the_screen(
    qtbot: Any, workspace: Any, wait_tasks: Any, on_worker: Any
) -> None:
    on_worker(
        lambda opened: communities.add_community(
            opened,
            name=f"Il Ponte{RLO} & <b>casa</b>",
            kind=CommunityKind.EDUCATIONAL,
            phone="035 123456",
            notes="W" * 5000,
        )
    )
    page = families_page(qtbot, workspace, wait_tasks)
    page.tabs.setCurrentWidget(page.communities)
    wait_tasks()
    panel = page.communities
    assert panel.current_record() is not None
    assert settled(page).width() <= SCREEN_WIDTH
    title = panel.placements_title.text()
    assert RLO not in title and "\ufffd" in title
    assert "\u200b" in panel.details.text()  # places to break the word: it wraps
    # a few lines of it, whole in the tooltip: the placements keep their room
    assert len(panel.details.text()) < 400 and panel.details.text().endswith("…")
    assert "W" * 30 in panel.details.toolTip()


def test_a_foster_family_named_with_a_direction_override_cannot_turn_the_words_after_it(
    qtbot: Any, workspace: Any, wait_tasks: Any, on_worker: Any
) -> None:
    on_worker(
        lambda opened: families.add_family(
            opened,
            name=f"Famiglia Rossi {RLO}WWW",
            availability=Availability.RESIDENTIAL,
            members="<img src=x>" + "Q" * 800,
        )
    )
    page = families_page(qtbot, workspace, wait_tasks)
    wait_tasks()
    assert settled(page).width() <= SCREEN_WIDTH
    # "— nessuno finora" follows the name, which cannot reverse it
    title = page.placements_title.text()
    assert RLO not in title and title.startswith("Placements of Famiglia Rossi \ufffdWWW")


def test_a_long_team_name_and_folder_path_keep_the_team_page_on_the_screen(
    qtbot: Any, workspace: Any, wait_tasks: Any, on_worker: Any, share: Path
) -> None:
    deep = share / ("W" * 200) / ("X" * 200)
    deep.mkdir(parents=True)
    on_worker(lambda opened: team.create_team(opened, "T" * 110 + RLO + " fine", deep))
    page = shown_page(qtbot, TeamPage(workspace), wait_tasks)
    assert settled(page).width() <= SCREEN_WIDTH
    assert RLO not in page.name_label.text()
    assert page.share_label.text() == str(deep)  # as it is, to be copied; whole in its tip
    assert "X" * 30 in page.share_label.toolTip().replace("\u200b", "")
    header = page.table.horizontalHeader()
    assert header.maximumSectionSize() == MAX_FITTED_COLUMN
