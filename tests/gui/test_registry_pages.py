"""What the foster families and the communities do alike (pages/registry.py), checked on both:
nothing can be pressed before the registry is loaded, and a result that arrives once visit
mode is on is dropped, not shown in front of a family."""

from __future__ import annotations

from typing import Any

import pytest

from minorifamiglie.domain.enums import Availability, CommunityKind
from minorifamiglie.services import communities, families
from minorifamiglie.ui.pages.families import FamiliesPage
from support.clock import TODAY

# The offscreen platform says so whenever a shown window's minimum size changes: not a defect.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def one_of_each(opened: Any) -> None:
    families.add_family(opened, name="Famiglia Locatelli", availability=Availability.DAYTIME)
    communities.add_community(opened, name="Comunità Il Ponte", kind=CommunityKind.EDUCATIONAL)


def a_page(qtbot: Any, workspace: Any) -> FamiliesPage:
    page = FamiliesPage(workspace, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    return page


def test_no_button_of_a_record_or_a_placement_works_before_the_registry_is_loaded(
    qtbot: Any, workspace: Any
) -> None:
    page = a_page(qtbot, workspace)
    for registry in (page.communities, page):
        buttons = (
            registry.edit_button,
            registry.new_placement_button,
            registry.review_button,
            registry.end_button,
        )
        assert [b.isEnabled() for b in buttons] == [False] * 4, registry.objectName()
        assert registry.add_button.isEnabled()


def test_a_registry_loaded_after_visit_mode_went_on_is_not_shown(
    qtbot: Any, workspace: Any, wait_tasks: Any, on_worker: Any
) -> None:
    on_worker(one_of_each)
    page = a_page(qtbot, workspace)
    page.refresh()  # both loads queued on the worker…
    page.set_visit_mode(True)  # …and visit mode on before they arrive
    wait_tasks()
    for registry in (page, page.communities):
        assert registry.model.rowCount() == 0, registry.objectName()
        assert registry.placement_model.rowCount() == 0
        assert registry.count_label.text() == ""

    page.set_visit_mode(False)
    wait_tasks()
    assert [page.model.rowCount(), page.communities.model.rowCount()] == [1, 1]


def test_a_long_community_name_does_not_widen_the_window_past_a_laptop_screen(
    qtbot: Any, workspace: Any, wait_tasks: Any, on_worker: Any
) -> None:
    # Given a community whose name is as long as names get, selected on its tab
    name = "Comunità educativa mamma-bambino " + "Casa Lucciola dei Colli di San Fermo " * 5
    on_worker(
        lambda op: communities.add_community(
            op, name=name[:200], kind=CommunityKind.MOTHER_CHILD, places=6
        )
    )
    page = a_page(qtbot, workspace)
    page.tabs.setCurrentWidget(page.communities)
    page.refresh()
    wait_tasks()
    qtbot.waitUntil(lambda: page.communities.model.rowCount() == 1)
    page.communities.table.selectRow(0)
    wait_tasks()

    # Then each tab asks for less width than a 1366-pixel screen leaves beside the navigation
    assert page.communities.placements_title.text().startswith("Children in")
    for registry in (page, page.communities):
        assert registry.minimumSizeHint().width() <= 1000, registry.objectName()
    assert page.minimumSizeHint().width() <= 1000
