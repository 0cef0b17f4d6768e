"""A sync that only holds operations dated ahead of this clock is complete (outcome "ok"): the
held ones wait for the clock as a waiting operation waits for its record, and are said as a
notice, their number kept in the run's history; a real refusal in the same sync still makes it
partial. Real encrypted profiles, a real share folder, an injected wall clock."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from minorifamiglie.services import cases, syncing
from minorifamiglie.storage import models as m
from minorifamiglie.storage.types import utcnow
from sync_team import Team, make_trio, new_case, set_clock, stop_clocks, sync_all

YEAR = dt.timedelta(days=365)
trio = pytest.fixture(make_trio)


def edit_from_next_year(trio: Team) -> None:
    """Marco's laptop thinks it is next year when he edits the shared case, and publishes."""
    start = stop_clocks(trio)
    case_id = new_case(trio.coord)
    sync_all(trio)
    set_clock(trio.edu1, start + YEAR)
    cases.edit_case(trio.edu1, str(case_id), {"summary": "Scritta nel futuro"})
    assert syncing.sync(trio.edu1, trio.share).outcome == "ok"


def test_a_sync_that_only_holds_operations_is_complete_and_says_them(trio: Team) -> None:
    edit_from_next_year(trio)
    # When the coordinator syncs and holds Marco's edit
    report = syncing.sync(trio.coord, trio.share)
    # Then the sync is complete, the held edit said as a notice, not as a failure
    assert (report.outcome, report.held) == ("ok", 1)
    assert report.failures() == []
    assert [r.reason for r in report.refused] == ["clock_ahead"]  # kept, with its number
    assert report.notices("it")[0].startswith("1 modifiche ricevute portano una data nel futuro")
    assert report.to_json()["outcome"] == "ok"
    # And the history and the status say it complete, with the number held
    (run, *_) = syncing.history(trio.coord)
    assert (run.outcome, run.refused, run.held) == ("ok", (), 1)
    status = syncing.status(trio.coord)
    assert (status.last_outcome, status.held) == ("ok", 1)


def test_a_real_refusal_beside_held_operations_still_makes_the_sync_partial(trio: Team) -> None:
    edit_from_next_year(trio)
    folder = trio.folder()
    published = folder.bundles(trio.edu2.device_id)
    junk = folder.bundle(trio.edu2.device_id, len(published) + 1)  # Sara's next slot
    junk.parent.mkdir(parents=True, exist_ok=True)
    junk.write_bytes(b"spazzatura")
    report = syncing.sync(trio.coord, trio.share)
    assert report.held == 1
    assert report.failures() != [] and report.outcome == "partial"
    (run, *_) = syncing.history(trio.coord)
    assert run.outcome == "partial" and run.held == 1
    assert [r.reason for r in run.refused] == [r.reason for r in report.failures()]
    assert syncing.status(trio.coord).last_outcome == "partial"


def test_a_run_an_earlier_version_recorded_partial_for_held_operations_reads_complete(
    trio: Team,
) -> None:
    held = [{"file": "devices/x/000001.age", "reason": "clock_ahead", "detail": "2 operazioni"}]
    now = utcnow()
    with trio.coord.session() as session:
        session.add(
            m.SyncRunRow(
                started_at=now,
                finished_at=now,
                exported=0,
                imported=3,
                conflicts=0,
                refused=json.dumps(held),
                outcome="partial",
            )
        )
    (run, *_) = syncing.history(trio.coord)
    assert (run.outcome, run.refused, run.held) == ("ok", (), 2)
    assert syncing.status(trio.coord).last_outcome == "ok"
