"""The visit editor's draft (services/visit_draft.py): the form's values as the visit's fields,
and saves that write a draft with the mark that reopens its editor after a crash and the texts
kept as typed in one unit of work, on an injected clock."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import replace
from typing import Any

import pytest

from minorifamiglie.domain.enums import Service, VisitKind, VisitOutcome, VisitStatus
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.domain.ids import CaseId, VisitId
from minorifamiglie.domain.present import PresentPersons
from minorifamiglie.services import cases, drafts, visit_draft, visits
from minorifamiglie.services.visit_draft import DraftWriter, VisitDraft
from minorifamiglie.storage.profile import OpenProfile

NOW = dt.datetime(2026, 11, 24, 10, 42, 7)  # the clock of these tests


def clock() -> dt.datetime:
    return NOW


def typed(**fields: Any) -> VisitDraft:
    """A draft as the form says it on the morning of NOW."""
    draft = VisitDraft(
        VisitKind.HOME_VISIT,
        VisitOutcome.DONE,
        NOW.date(),
        dt.time(9, 30),
        dt.time(10, 30),
        place="Domicilio",
        notes="Compiti.",
        date_text="24/11/2026",
        start_text="09:30",
        end_text="10:30",
    )
    return replace(draft, **fields)


def new_case(opened: OpenProfile, service: Service = Service.ADM) -> CaseId:
    return cases.add_case(opened, ambito="VBR", service=service).id


def crash(*_args: object) -> None:
    raise RuntimeError("stopped halfway")


def first_save(opened: OpenProfile, writer: DraftWriter) -> VisitId:
    """Open a new visit in `writer` and save it: its id."""
    writer.opened_with(typed(), {})
    writer.save(opened, typed())
    assert writer.visit_id is not None
    return writer.visit_id


def test_the_first_save_writes_the_draft_and_its_reopening_mark_together(
    opened: OpenProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = new_case(opened)
    writer = DraftWriter(case_id, now=clock)
    writer.opened_with(typed(notes=""), {})

    # When the save stops between the visit and the mark that reopens its editor
    monkeypatch.setattr(drafts, "_write", crash)
    with pytest.raises(RuntimeError):
        writer.save(opened, typed())

    # Then neither is written, and the writer still has a visit to create
    assert visits.list_visits(opened, str(case_id)) == []
    assert drafts.open_editor_ids(opened) == []
    assert writer.visit_id is None

    # When the next save goes through, both are
    monkeypatch.undo()
    saved = writer.save(opened, typed())
    assert saved.visit is not None and writer.visit_id == saved.visit.id
    assert saved.visit.notes == "Compiti." and saved.visit.place == "Domicilio"
    assert drafts.open_editor_ids(opened) == [drafts.OpenEditor(case_id, saved.visit.id)]
    assert saved.at == NOW and not saved.closed


def test_a_save_writes_only_what_changed_and_the_texts_with_it_or_nothing(
    opened: OpenProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = new_case(opened)
    writer = DraftWriter(case_id, now=clock)
    visit_id = first_save(opened, writer)

    # Nothing changed: nothing written
    assert writer.save(opened, typed()).visit is None

    # A date that is no day and new notes: the visit keeps its date, the text is kept as typed;
    # when the texts cannot be written, the notes are not written either
    bad = typed(date=None, date_text="31/02/2026", notes="Compiti e merenda.")
    monkeypatch.setattr(drafts, "set_local", crash)
    with pytest.raises(RuntimeError):
        writer.save(opened, bad)
    assert visits.get_visit(opened, visit_id).visit.notes == "Compiti."
    assert drafts.draft_texts(opened, visit_id) == {}
    monkeypatch.undo()

    saved = writer.save(opened, bad)
    assert saved.visit is not None
    assert (saved.visit.notes, saved.visit.date) == ("Compiti e merenda.", NOW.date())
    assert drafts.draft_texts(opened, visit_id) == {"date": "31/02/2026"}

    # The date fixed: taken by the visit, the text forgotten
    saved = writer.save(opened, typed(notes="Compiti e merenda.", date=dt.date(2026, 11, 23)))
    assert saved.visit is not None and saved.visit.date == dt.date(2026, 11, 23)
    assert drafts.draft_texts(opened, visit_id) == {}


def test_signing_seals_the_visit_and_removes_its_mark_together(
    opened: OpenProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = new_case(opened)
    writer = DraftWriter(case_id, now=clock)
    visit_id = first_save(opened, writer)

    # When signing stops before the mark is removed: still a draft, still reopened
    monkeypatch.setattr(drafts, "_write", crash)
    with pytest.raises(RuntimeError):
        writer.save(opened, typed(notes="Compiti, firmati."), close=True)
    monkeypatch.undo()
    view = visits.get_visit(opened, visit_id)
    assert view.visit.status is VisitStatus.DRAFT
    assert view.visit.notes == "Compiti, firmati."  # the draft was saved before signing
    assert drafts.open_editor_ids(opened) == [drafts.OpenEditor(case_id, visit_id)]

    # When it goes through: signed, and nothing left to reopen
    saved = writer.save(opened, typed(notes="Compiti, firmati."), close=True)
    assert saved.closed and saved.visit is not None
    assert saved.visit.status is VisitStatus.CLOSED
    assert drafts.open_editor_ids(opened) == []


def test_a_signature_refused_leaves_the_draft_saved(opened: OpenProfile) -> None:
    case_id = new_case(opened)
    writer = DraftWriter(case_id, now=clock)
    visit_id = first_save(opened, writer)

    with pytest.raises(ValidationError):
        writer.save(opened, typed(place="", notes="Senza luogo."), close=True)

    view = visits.get_visit(opened, visit_id)
    assert (view.visit.status, view.visit.notes) == (VisitStatus.DRAFT, "Senza luogo.")
    assert drafts.open_editor_ids(opened) == [drafts.OpenEditor(case_id, visit_id)]


def test_the_day_a_draft_is_checked_against_is_the_writers_clock(opened: OpenProfile) -> None:
    case_id = new_case(opened)
    tomorrow = NOW.date() + dt.timedelta(days=1)
    early = DraftWriter(case_id, now=clock)
    early.opened_with(typed(), {})
    early.save(opened, typed(date=tomorrow))

    # A visit of tomorrow cannot be signed today...
    with pytest.raises(ValidationError):
        early.save(opened, typed(date=tomorrow), close=True)

    # ...but can tomorrow, by a writer whose clock says so
    late = DraftWriter(case_id, early.visit_id, now=lambda: NOW + dt.timedelta(days=1))
    late.opened_with(typed(date=tomorrow), {})
    saved = late.save(opened, typed(date=tomorrow), close=True)
    assert saved.visit is not None and saved.visit.status is VisitStatus.CLOSED
    assert saved.at == NOW + dt.timedelta(days=1)


def test_a_new_draft_is_the_hour_just_ended_today_of_the_services_kind(
    opened: OpenProfile,
) -> None:
    meetings = cases.add_case(opened, ambito="VBR", service=Service.FACILITATED_MEETINGS)
    draft = visit_draft.new_draft(meetings, NOW)
    assert (draft.date, draft.start_time, draft.end_time) == (
        NOW.date(),
        dt.time(9, 30),
        dt.time(10, 30),
    )
    assert (draft.kind, draft.outcome) == (VisitKind.FACILITATED_MEETING, VisitOutcome.DONE)
    home = cases.add_case(opened, ambito="VBR", service=Service.ADM)
    assert visit_draft.new_draft(home, NOW).kind is VisitKind.HOME_VISIT
    # just after midnight there is no hour before: the morning's first
    assert visit_draft.default_times(dt.datetime(2026, 11, 24, 0, 20)) == (
        dt.time(9),
        dt.time(10),
    )


def test_the_fields_leave_out_what_the_visit_cannot_hold_and_keep_it_as_typed() -> None:
    a, b, c = (uuid.UUID(int=n) for n in (3, 1, 2))
    draft = typed(
        start_time=dt.time(11),
        end_time=dt.time(10),
        start_text="11:00",
        present=(a, b),
        goals=(c, a, c),
    )
    fields = draft.fields()
    assert "start_time" not in fields and "end_time" not in fields
    assert fields["date"] == NOW.date()
    assert fields["present_person_ids"] == PresentPersons.of((a, b))
    assert PresentPersons.of((a, b)).ids == (b, a)  # sorted
    assert json.loads(str(fields["goal_ids"])) == [str(c), str(a)]  # in order, once each
    assert draft.kept_texts() == {"start_time": "11:00", "end_time": "10:30"}
    assert typed(date=None, date_text="31/02").kept_texts() == {"date": "31/02"}
    assert typed().kept_texts() == {}


def test_a_visit_opened_shows_what_it_holds(opened: OpenProfile) -> None:
    case_id = new_case(opened)
    visit = visits.add_visit(
        opened,
        case=str(case_id),
        date=dt.date(2026, 11, 20),
        start=dt.time(15),
        end=dt.time(16, 30),
        place="Scuola",
        notes="Colloquio.",
        evaluation_method="Osservazione diretta",
        today=NOW.date(),
    )
    draft = visit_draft.draft_of(visit)
    assert (draft.date, draft.start_time, draft.end_time) == (
        dt.date(2026, 11, 20),
        dt.time(15),
        dt.time(16, 30),
    )
    assert (draft.place, draft.notes, draft.evaluation_method) == (
        "Scuola",
        "Colloquio.",
        "Osservazione diretta",
    )
    assert {k: getattr(visit, k) for k in draft.fields()} == draft.fields()

    shown = visit_draft.open_editor(opened, case_id, visit.id, now=clock)
    assert shown.view is not None and shown.view.visit.id == visit.id
    assert (shown.texts, shown.amendment, shown.overlapping) == ({}, "", ())
    assert drafts.open_editor_ids(opened) == [drafts.OpenEditor(case_id, visit.id)]


def test_a_note_pasted_with_control_characters_saves_without_them(opened: OpenProfile) -> None:
    # Word's plain text has its line and page breaks as \x0b and \x0c; a NUL or an ESC from
    # another program would reach other devices and printouts: never a refusal (drafts
    # autosave), the note saved as it reads
    case_id = new_case(opened)
    visit = visits.add_visit(
        opened,
        case=str(case_id),
        date=dt.date(2026, 11, 20),
        start=dt.time(15),
        end=dt.time(16),
        place="Scuola",
        notes="Riga\x0bpagina\x0cfine\x00\x1b",
        today=NOW.date(),
    )
    assert visit.notes == "Riga\npagina\nfine"
    saved = visits.update_draft(opened, visit.id, today=NOW.date(), facts="Fatto\x07 uno")
    assert saved.facts == "Fatto uno"
