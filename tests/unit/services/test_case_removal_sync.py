"""An empty case deleted on one laptop is deleted on every laptop of the team after a sync:
real encrypted profiles over a real shared folder (tests/sync_team.py)."""

from __future__ import annotations

import json

import pytest

from minorifamiglie.domain.enums import Service
from minorifamiglie.domain.errors import NotFoundError
from minorifamiglie.services import (
    case_removal,
    case_summary,
    cases,
    dump,
    integrity,
    overview,
    search,
)
from sync_team import TODAY, Team, make_trio, sync_all

trio = pytest.fixture(make_trio)


def test_an_empty_case_deleted_on_one_laptop_disappears_from_every_other(trio: Team) -> None:
    # Given a case Marco opened with a child, which every laptop received
    case = cases.add_case(
        trio.edu1,
        ambito="VBR",
        service=Service.ADM,
        title="Famiglia N.",
        minor_first_name="Zoë",
        minor_last_name="Nguyễn",
        today=TODAY,
    )
    sync_all(trio)
    for who in (trio.coord, trio.edu2):
        assert [r.code for r in cases.list_cases(who)] == [case.code]
        assert [h.code for h in search.search(who, "zoe nguyen").hits] == [case.code]

    # When Sara, on her laptop, deletes it as empty, and everyone syncs
    case_removal.delete_empty_case(trio.edu2, case.code)
    sync_all(trio)

    # Then no laptop lists it, finds it, counts it or prints it any longer
    for who in trio.all:
        assert cases.list_cases(who) == []
        assert cases.count_cases(who) == 0
        for words in ("zoe nguyen", case.code, "Famiglia"):
            assert search.search(who, words).hits == ()
        assert overview.overview(who, TODAY).cases == 0
        with pytest.raises(NotFoundError):
            case_summary.case_summary_pdf(who, case.code, TODAY, TODAY, today=TODAY)
        doc = json.loads(dump.dump_json(who))
        assert doc["cases"] == [] and doc["persons"] == [] and doc["case_members"] == []
        assert integrity.check(who).sound
    # and the three laptops hold the same records
    assert len({dump.dump_json(who) for who in trio.all}) == 1
