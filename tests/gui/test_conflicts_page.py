"""Conflitti: two educators changed the same case summary before synchronising. Giulia sees both
versions side by side, keeps one (or writes one that joins them), and the choice reaches Marco
with the next synchronisation. A record deleted on one device and changed on the other can be
brought back."""

from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import Qt

from minorifamiglie.domain.enums import Service
from minorifamiglie.services import case_removal, cases, conflicts, deadlines, syncing, visits
from minorifamiglie.storage.types import utcnow
from minorifamiglie.ui.models.conflict_table import ConflictTableModel
from minorifamiglie.ui.pages.conflicts import ConflictsPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
TODAY = dt.date(2026, 3, 16)
GIULIA = "Il padre ha ripreso il lavoro; la madre segue il corso di italiano."
MARCO = "Il padre ha ripreso il lavoro a Zogno; incontri settimanali con la scuola."


def a_shared_case(on_worker, colleague):
    """A case Giulia opened and both devices have."""
    case = on_worker(
        lambda opened: cases.add_case(
            opened,
            ambito="VBR",
            service=Service.ADM,
            title="Famiglia R.",
            summary="Sintesi iniziale",
            today=TODAY,
        )
    )
    on_worker(syncing.sync)
    syncing.sync(colleague)
    return case


def both_edit_the_summary(on_worker, colleague, case_id) -> None:
    """Giulia, then Marco, change the summary before synchronising; then both synchronise."""
    on_worker(lambda opened: cases.edit_case(opened, str(case_id), {"summary": GIULIA}))
    # Marco's clock reads a second later: his version is the one in effect
    colleague.now = lambda: utcnow() + dt.timedelta(seconds=1)
    cases.edit_case(colleague, str(case_id), {"summary": MARCO})
    syncing.sync(colleague)
    on_worker(syncing.sync)
    syncing.sync(colleague)


def open_page(qtbot, workspace, wait_tasks) -> ConflictsPage:
    page = ConflictsPage(workspace)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.refresh()
    wait_tasks()
    return page


def summary_of(on_worker, case_id) -> str:
    summary: str = on_worker(lambda opened: cases.show_case(opened, str(case_id)).case.summary)
    return summary


def test_both_versions_side_by_side_and_keeping_mine(
    qtbot, workspace, wait_tasks, on_worker, team_of_two, qtmodeltester
) -> None:
    # Given Giulia and Marco changed the same summary before synchronising
    colleague = team_of_two
    case = a_shared_case(on_worker, colleague)
    both_edit_the_summary(on_worker, colleague, case.id)

    # When Giulia opens Conflitti
    page = open_page(qtbot, workspace, wait_tasks)

    # Then the conflict is listed with the case code, what it is about and what happened
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 1
    assert page.model.index(0, ConflictTableModel.CASE).data() == case.code
    assert page.model.index(0, ConflictTableModel.WHAT).data() == "Summary of the case file"
    assert page.model.index(0, ConflictTableModel.KIND).data() == "Changed on two devices"
    assert page.count_label.text() == "1 open conflict(s)"

    # And the two versions side by side: Marco's (the later) in effect, hers the other, "mine"
    assert page.current_panel.text.toPlainText() == MARCO
    assert page.current_panel.text.isReadOnly()
    assert page.current_panel.title() == "In effect"
    assert page.current_panel.author.text() == "Written by Marco Locatelli on their device"
    assert page.other_panel.text.toPlainText() == GIULIA
    assert page.other_panel.title() == "Other version — mine"
    assert page.other_panel.author.text() == "Written on this device"
    assert page.merge_box.isVisible()
    assert GIULIA in page.merged.toPlainText() and MARCO in page.merged.toPlainText()

    # When she keeps her own version
    qtbot.mouseClick(page.other_panel.keep_button, Qt.MouseButton.LeftButton)
    wait_tasks()

    # Then the conflict is gone and the summary is hers
    assert page.model.rowCount() == 0
    assert page.count_label.text() == "No open conflicts."
    assert not page.detail.isVisible()
    assert summary_of(on_worker, case.id) == GIULIA
    assert on_worker(conflicts.list_conflicts) == []

    # And after the next synchronisations Marco has her version and no conflict either
    on_worker(syncing.sync)
    syncing.sync(colleague)
    assert cases.show_case(colleague, str(case.id)).case.summary == GIULIA
    assert conflicts.list_conflicts(colleague) == []


def test_keeping_the_version_in_effect(
    qtbot, workspace, wait_tasks, on_worker, team_of_two
) -> None:
    colleague = team_of_two
    case = a_shared_case(on_worker, colleague)
    both_edit_the_summary(on_worker, colleague, case.id)
    page = open_page(qtbot, workspace, wait_tasks)

    qtbot.mouseClick(page.current_panel.keep_button, Qt.MouseButton.LeftButton)
    wait_tasks()

    assert page.model.rowCount() == 0
    assert summary_of(on_worker, case.id) == MARCO


def test_a_merged_text_settles_it(qtbot, workspace, wait_tasks, on_worker, team_of_two) -> None:
    colleague = team_of_two
    case = a_shared_case(on_worker, colleague)
    both_edit_the_summary(on_worker, colleague, case.id)
    page = open_page(qtbot, workspace, wait_tasks)

    # When Giulia writes a text that joins the two and saves it
    merged = "Il padre ha ripreso il lavoro a Zogno; la madre segue il corso di italiano."
    page.merged.clear()
    qtbot.keyClicks(page.merged, merged)
    qtbot.mouseClick(page.merge_button, Qt.MouseButton.LeftButton)
    wait_tasks()

    # Then that is the summary, here and, after synchronising, on Marco's laptop
    assert page.model.rowCount() == 0
    assert summary_of(on_worker, case.id) == merged
    on_worker(syncing.sync)
    syncing.sync(colleague)
    assert cases.show_case(colleague, str(case.id)).case.summary == merged


def a_deadline_deleted_here_and_changed_there(on_worker, colleague):
    case = a_shared_case(on_worker, colleague)
    deadline = on_worker(
        lambda opened: deadlines.add_deadline(
            opened, case.id, title="Relazione al tribunale", due_on=TODAY
        )
    )
    on_worker(syncing.sync)
    syncing.sync(colleague)
    on_worker(lambda opened: deadlines.remove_deadline(opened, deadline.id))
    deadlines.update_deadline(colleague, deadline.id, title="Relazione al tribunale (rinviata)")
    syncing.sync(colleague)
    on_worker(syncing.sync)
    return case, deadline


def test_a_deleted_record_changed_elsewhere_can_be_restored(
    qtbot, workspace, wait_tasks, on_worker, team_of_two
) -> None:
    # Given Giulia deleted a deadline that Marco renamed meanwhile
    case, deadline = a_deadline_deleted_here_and_changed_there(on_worker, team_of_two)
    assert on_worker(lambda opened: deadlines.list_deadlines(opened, case.id)) == []

    # When she opens Conflitti
    page = open_page(qtbot, workspace, wait_tasks)

    # Then the deletion is in effect, Marco's change is the other version, nothing to merge
    assert page.model.index(0, ConflictTableModel.WHAT).data() == "Deadline"
    assert (
        page.model.index(0, ConflictTableModel.KIND).data()
        == "Deleted on one device, changed on another"
    )
    assert page.current_panel.text.toPlainText() == "This record was deleted."
    assert page.current_panel.author.text() == "Deleted on this device"
    assert page.current_panel.keep_button.text() == "Keep the &deletion"
    assert "Description of the deadline: Relazione al tribunale (rinviata)" in (
        page.other_panel.text.toPlainText()
    )
    assert page.other_panel.keep_button.text() == "&Restore the record"
    assert not page.merge_box.isVisible()

    # When she brings the record back
    qtbot.mouseClick(page.other_panel.keep_button, Qt.MouseButton.LeftButton)
    wait_tasks()

    # Then the deadline is there again, with Marco's title, and the conflict is gone
    (back,) = on_worker(lambda opened: deadlines.list_deadlines(opened, case.id))
    assert back.id == deadline.id
    assert back.title == "Relazione al tribunale (rinviata)"
    assert page.model.rowCount() == 0


def test_keeping_the_deletion(qtbot, workspace, wait_tasks, on_worker, team_of_two) -> None:
    case, _deadline = a_deadline_deleted_here_and_changed_there(on_worker, team_of_two)
    page = open_page(qtbot, workspace, wait_tasks)

    qtbot.mouseClick(page.current_panel.keep_button, Qt.MouseButton.LeftButton)
    wait_tasks()

    assert page.model.rowCount() == 0
    assert on_worker(lambda opened: deadlines.list_deadlines(opened, case.id)) == []
    assert on_worker(conflicts.list_conflicts) == []


def test_a_case_deleted_here_while_a_visit_was_written_there_is_back_and_said_so(
    qtbot, workspace, wait_tasks, on_worker, team_of_two
) -> None:
    # Given Giulia deleted an empty case while Marco, offline, wrote a visit in it
    colleague = team_of_two
    case = on_worker(
        lambda opened: cases.add_case(
            opened, ambito="VBR", service=Service.ADM, title="Famiglia N.",
            minor_first_name="Zoë", minor_last_name="Nguyễn", today=TODAY,
        )
    )  # fmt: skip
    on_worker(syncing.sync)
    syncing.sync(colleague)
    on_worker(lambda opened: case_removal.delete_empty_case(opened, case.id))
    visit = visits.add_visit(
        colleague, case=case.code, date=TODAY, start=dt.time(9), end=dt.time(10),
        notes="Visita a casa.", today=TODAY,
    )  # fmt: skip
    syncing.sync(colleague)
    on_worker(syncing.sync)  # the visit arrives: the case comes back

    # When she opens Conflitti
    page = open_page(qtbot, workspace, wait_tasks)

    # Then one conflict tells her, in plain words, that the case is back and why
    assert page.model.rowCount() == 1
    assert page.model.index(0, ConflictTableModel.CASE).data() == case.code
    assert page.model.index(0, ConflictTableModel.WHAT).data() == "Case file"
    assert (
        page.model.index(0, ConflictTableModel.KIND).data()
        == "Deleted on one device while written in on another: restored"
    )
    assert page.current_panel.text.toPlainText() == (
        f"The case file {case.code} was deleted on this device while something was being "
        "written in it on another device (1 visit(s)): it has been restored."
    )
    assert page.current_panel.author.text() == "Restored on this device"
    assert page.current_panel.keep_button.text() == "&Keep the case file"
    assert page.other_panel.author.text() == "Deleted on this device"
    assert page.other_panel.text.toPlainText() == (
        "The case file had been deleted as empty.\n"
        "It can be deleted again only once it is empty: it now holds 1 visit(s)."
    )
    assert not page.other_panel.keep_button.isEnabled()  # not empty: cannot go again
    assert not page.merge_box.isVisible()

    # When she keeps the case
    qtbot.mouseClick(page.current_panel.keep_button, Qt.MouseButton.LeftButton)
    wait_tasks()

    # Then the conflict is gone, here and, after a sync, on Marco's laptop; the visit is there
    assert page.model.rowCount() == 0
    on_worker(syncing.sync)
    syncing.sync(colleague)
    assert conflicts.list_conflicts(colleague) == []
    listed = on_worker(lambda opened: visits.list_visits(opened, case.code))
    assert [v.visit.id for v in listed] == [visit.id]


def test_a_restored_case_emptied_meanwhile_can_be_deleted_again(
    qtbot, workspace, wait_tasks, on_worker, team_of_two
) -> None:
    colleague = team_of_two
    case = on_worker(
        lambda opened: cases.add_case(
            opened, ambito="VBR", service=Service.ADM, title="Famiglia N.", today=TODAY
        )
    )
    on_worker(syncing.sync)
    syncing.sync(colleague)
    on_worker(lambda opened: case_removal.delete_empty_case(opened, case.id))
    visit = visits.add_visit(
        colleague, case=case.code, date=TODAY, start=dt.time(9), end=dt.time(10),
        notes="Visita a casa.", today=TODAY,
    )  # fmt: skip
    syncing.sync(colleague)
    on_worker(syncing.sync)
    # Marco deletes his draft (typed in the wrong case): the case holds nothing again
    syncing.sync(colleague)
    visits.delete_draft(colleague, visit.id)
    syncing.sync(colleague)
    on_worker(syncing.sync)
    page = open_page(qtbot, workspace, wait_tasks)
    assert page.other_panel.text.toPlainText() == "The case file had been deleted as empty."
    assert page.other_panel.keep_button.isEnabled()

    qtbot.mouseClick(page.other_panel.keep_button, Qt.MouseButton.LeftButton)
    wait_tasks()

    assert page.model.rowCount() == 0
    assert on_worker(cases.list_cases) == []


def test_visit_mode_and_lock_hide_the_texts(
    qtbot, workspace, wait_tasks, on_worker, team_of_two
) -> None:
    colleague = team_of_two
    case = a_shared_case(on_worker, colleague)
    both_edit_the_summary(on_worker, colleague, case.id)
    page = open_page(qtbot, workspace, wait_tasks)
    assert page.current_panel.text.toPlainText() == MARCO

    # In front of a family nothing of the case files is on screen
    page.set_visit_mode(True)
    assert page.hidden_notice.isVisible()
    assert page.model.rowCount() == 0
    assert page.current_panel.text.toPlainText() == ""
    assert page.merged.toPlainText() == ""
    page.set_visit_mode(False)
    wait_tasks()
    assert page.model.rowCount() == 1

    # When the application locks, the texts are forgotten
    page.clear()
    assert page.model.rowCount() == 0
    assert page.other_panel.text.toPlainText() == ""
