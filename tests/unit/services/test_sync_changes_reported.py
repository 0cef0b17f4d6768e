"""A sync reports the tables it wrote like any other write: the rows another device made arrive
by plain SQL in bulk, and the screens still hear of them (domain/changes.py)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from minorifamiglie.services import syncing
from sync_team import make_trio, new_case

team_of = contextmanager(make_trio)


def test_the_rows_a_sync_brings_are_reported(tmp_path: Path) -> None:
    with team_of(tmp_path) as t:
        # Given a case written on the coordinator's laptop and published
        new_case(t.coord)
        syncing.sync(t.coord, t.share)
        t.edu1.take_changes()  # what joining the team wrote

        # When Marco's laptop syncs
        report = syncing.sync(t.edu1, t.share)

        # Then the tables the case arrived in are reported, with the change log and the run
        assert report.refused == []
        changes = t.edu1.take_changes()
        assert {"cases", "changes", "sync_runs"} <= changes, changes
        assert changes.touches(syncing.SOURCES)
