"""Reopening the visit editors after unlock says whether they were left open by a crash or
closed by a lock (issue 13, point 6: "Bozza recuperata dopo una chiusura imprevista"); the texts
of a draft's date and times that are no date or time are kept as typed."""

from __future__ import annotations

import datetime as dt
import uuid

from minorifamiglie.domain.enums import Service
from minorifamiglie.domain.ids import VisitId
from minorifamiglie.services import cases, drafts, visits
from minorifamiglie.storage.profile import get_local


def a_draft(opened):
    case = cases.add_case(opened, ambito="VBR", service=Service.ADM)
    visit = visits.add_visit(
        opened, case=case.code, date=dt.date(2026, 3, 2), start=dt.time(9), end=dt.time(10)
    )
    drafts.remember_open_editor(opened, visit.id)
    return case, visit


def test_editors_left_open_by_a_crash_are_reopened_as_recovered(opened) -> None:
    case, visit = a_draft(opened)
    reopening = drafts.reopen_after_unlock(opened)
    assert reopening.editors == [drafts.OpenEditor(case.id, visit.id)]
    assert reopening.after_crash


def test_editors_closed_by_a_lock_are_reopened_without_alarm(opened) -> None:
    a_draft(opened)
    drafts.editors_closed_cleanly(opened)
    assert not drafts.reopen_after_unlock(opened).after_crash
    # and once reopened, a crash before the next lock is unexpected again
    assert drafts.reopen_after_unlock(opened).after_crash


def test_nothing_to_reopen_is_no_crash(opened) -> None:
    reopening = drafts.reopen_after_unlock(opened)
    assert reopening.editors == [] and not reopening.after_crash


def test_the_texts_of_a_drafts_date_and_times_are_kept_as_typed_then_forgotten(opened) -> None:
    visit_id = VisitId(uuid.uuid4())
    assert drafts.draft_texts(opened, visit_id) == {}
    drafts.save_draft_texts(
        opened, visit_id, {"date": "31/02/2026", "start_time": "25:70", "notes": "ignored"}
    )
    assert drafts.draft_texts(opened, visit_id) == {"date": "31/02/2026", "start_time": "25:70"}
    assert drafts.draft_texts(opened, VisitId(uuid.uuid4())) == {}  # kept per draft
    drafts.save_draft_texts(opened, visit_id, {})
    assert drafts.draft_texts(opened, visit_id) == {}
    with opened.session() as session:  # forgotten, not left as an empty value
        assert get_local(session, drafts.DRAFT_TEXTS_KEY + str(visit_id)) is None
