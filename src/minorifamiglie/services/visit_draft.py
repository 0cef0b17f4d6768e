"""The visit editor's draft without its widgets: what the form holds as a `VisitDraft`, what an
editor opens with, and a `DraftWriter` that saves a draft with what belongs to it in one unit
of work, so that no crash leaves a draft that the next unlock would not reopen.

The clock is a parameter (`now`, the local wall clock by default): it gives the day a draft is
checked against (a visit in the future cannot be signed) and the time a save is reported at."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import Service, VisitKind, VisitOutcome, VisitStatus
from minorifamiglie.domain.ids import CaseId, GoalId, VisitId
from minorifamiglie.domain.observations import Observations
from minorifamiglie.domain.present import PresentPersons
from minorifamiglie.services import cases, drafts, visits
from minorifamiglie.services.cases import CaseDetail
from minorifamiglie.services.visits import VisitView
from minorifamiglie.storage.profile import OpenProfile

Clock = Callable[[], dt.datetime]


@dataclass(frozen=True, slots=True)
class VisitDraft:
    """What the visit editor's form holds. `date`, `start_time` and `end_time` are None when
    their field holds no date or time; `*_text` are the fields as typed."""

    kind: VisitKind
    outcome: VisitOutcome
    date: dt.date | None
    start_time: dt.time | None
    end_time: dt.time | None
    place: str = ""
    notes: str = ""
    facts: str = ""
    statements: str = ""
    evaluations: str = ""
    evaluation_method: str = ""
    next_steps: str = ""
    observations: Observations = visits.NO_OBSERVATIONS
    present: tuple[uuid.UUID, ...] = ()  # the persons present (any order)
    goals: tuple[GoalId, ...] = ()  # the goals worked on, in their order
    date_text: str = ""
    start_text: str = ""
    end_text: str = ""

    @property
    def times_valid(self) -> bool:
        start, end = self.start_time, self.end_time
        return start is not None and end is not None and end > start

    def fields(self) -> dict[str, object]:
        """The draft as the visit's fields. A date that is no day, and times that are no times
        or whose end is not after the start, are left out: the visit keeps its last valid ones
        until the form holds valid ones again (the form says why), and nothing else is stored
        in their place."""
        values: dict[str, object] = {
            "kind": self.kind,
            "outcome": self.outcome,
            "place": self.place,
            "notes": self.notes,
            "facts": self.facts,
            "statements": self.statements,
            "evaluations": self.evaluations,
            "next_steps": self.next_steps,
            "observations": self.observations,
            "present_person_ids": PresentPersons.of(self.present),
            "goal_ids": visits.goal_list(self.goals),
            "evaluation_method": self.evaluation_method,
        }
        if self.date is not None:
            values["date"] = self.date
        if self.times_valid:
            values["start_time"], values["end_time"] = self.start_time, self.end_time
        return values

    def kept_texts(self) -> dict[str, str]:
        """The date and time fields that `fields` leaves out, as typed (services.drafts keeps
        them beside the draft): a date that is no day; both times when either is no time or
        the end is not after the start."""
        texts: dict[str, str] = {}
        if self.date is None:
            texts["date"] = self.date_text
        if not self.times_valid:
            texts["start_time"], texts["end_time"] = self.start_text, self.end_text
        return texts


def _ids(text: str | None) -> tuple[GoalId, ...]:
    """The ids of a JSON list (`Visit.goal_ids`), in their order; anything that is not one is
    skipped."""
    try:
        values = json.loads(text or "[]")
    except ValueError:
        return ()
    ids: list[GoalId] = []
    for value in values if isinstance(values, list) else []:
        try:
            ids.append(GoalId(uuid.UUID(str(value))))
        except ValueError:
            continue
    return tuple(ids)


def draft_of(visit: e.Visit) -> VisitDraft:
    """What the form shows of a visit."""
    return VisitDraft(
        kind=visit.kind,
        outcome=visit.outcome,
        date=visit.date,
        start_time=visit.start_time,
        end_time=visit.end_time,
        place=visit.place,
        notes=visit.notes,
        facts=visit.facts,
        statements=visit.statements,
        evaluations=visit.evaluations,
        evaluation_method=visit.evaluation_method or "",
        next_steps=visit.next_steps,
        observations=visit.observations,
        present=visit.present_person_ids.ids,
        goals=_ids(visit.goal_ids),
    )


def default_times(now: dt.datetime) -> tuple[dt.time, dt.time]:
    """The visit just ended: from an hour ago to now, on the quarter hour."""
    end = (now.hour * 60 + now.minute) // 15 * 15
    start = end - 60
    if start < 0:
        start, end = 9 * 60, 10 * 60
    return dt.time(start // 60, start % 60), dt.time(end // 60, end % 60)


def new_draft(case: e.Case, now: dt.datetime) -> VisitDraft:
    """A new visit of the case, typed right after it: today, the hour just ended, done; a
    facilitated meeting in that service, a home visit otherwise."""
    start, end = default_times(now)
    kind = (
        VisitKind.FACILITATED_MEETING
        if case.service is Service.FACILITATED_MEETINGS
        else VisitKind.HOME_VISIT
    )
    return VisitDraft(kind, VisitOutcome.DONE, now.date(), start, end)


@dataclass(frozen=True, slots=True)
class EditorOpened:
    """What an editor shows: the case, the visit (None for a new one) and, of a draft, the
    date and time texts kept as typed; of a signed visit, the amendment being written."""

    detail: CaseDetail
    view: VisitView | None
    texts: dict[str, str]
    amendment: str
    overlapping: tuple[e.Visit, ...]


def open_editor(
    opened: OpenProfile,
    case_id: CaseId,
    visit_id: VisitId | None,
    *,
    now: Clock = dt.datetime.now,
) -> EditorOpened:
    """Read what an editor of the case's visit (None: a new one) shows; a draft shown is
    marked to be reopened after a crash, until its editor is closed."""
    detail = cases.show_case(opened, str(case_id), today=now().date())
    if visit_id is None:
        return EditorOpened(detail, None, {}, "", ())
    view = visits.get_visit(opened, visit_id)
    texts: dict[str, str] = {}
    amendment = ""
    if view.visit.status is VisitStatus.DRAFT:
        drafts.remember_open_editor(opened, view.visit.id)
        texts = drafts.draft_texts(opened, view.visit.id)
    else:
        amendment = drafts.amendment_draft(opened, view.visit.id)
    return EditorOpened(detail, view, texts, amendment, visits.overlapping(opened, visit_id))


@dataclass(frozen=True, slots=True)
class DraftSaved:
    """What a save wrote: the visit as it is now (None when nothing had changed), the other
    visits its times cross, whether it was signed, and when (by the writer's clock)."""

    visit: e.Visit | None
    overlapping: tuple[e.Visit, ...]
    closed: bool
    at: dt.datetime


class DraftWriter:
    """The worker's side of one editor: which visit it writes and what was last written.

    Only jobs on the single worker use it, one at a time and in submission order (so a save
    queued while the first one is still creating the visit finds the new id); the editor tells
    it what it opened with (`opened_with`) before it queues any save. What it remembers changes
    only once a save is committed: after a failure the next save writes the same again."""

    def __init__(
        self, case_id: uuid.UUID, visit_id: VisitId | None = None, *, now: Clock = dt.datetime.now
    ) -> None:
        self.case_id = case_id
        self.visit_id = visit_id
        self.now = now
        self._saved: dict[str, object] = {}  # the visit's fields as last written (or opened)
        self._texts: dict[str, str] = {}  # the date and time texts kept beside it

    def opened_with(self, draft: VisitDraft, texts: Mapping[str, str]) -> None:
        """What the editor shows once filled, as the database holds it: nothing to write."""
        self._saved = draft.fields()
        self._texts = dict(texts)

    def save(self, opened: OpenProfile, draft: VisitDraft, *, close: bool = False) -> DraftSaved:
        """Write the draft, then (`close`) sign it.

        The draft is one unit of work: the visit (created by the first save, then only the
        fields that changed), the mark that reopens its editor after a crash (set with the
        visit) and the date and time texts kept as typed. Signing is a second one, the seal
        and the mark's removal together, so that a signature refused leaves the draft saved."""
        today = self.now().date()
        values = draft.fields()
        texts = draft.kept_texts()
        visit: e.Visit | None = None
        with opened.session() as session:
            if self.visit_id is None:
                saved = {**self._saved, **values}
                visit = visits.add_visit_in(session, str(self.case_id), saved, today=today)
                visit_id = visit.id
                drafts.remember_open_editor_in(session, visit_id)
            else:
                visit_id = self.visit_id
                changes = {k: v for k, v in values.items() if self._saved.get(k) != v}
                saved = {**self._saved, **changes}
                visit = (
                    visits.update_draft_in(session, visit_id, changes, today=today)
                    if changes
                    else None
                )
            if texts != self._texts:
                drafts.save_draft_texts_in(session, visit_id, texts)
        self.visit_id, self._saved, self._texts = visit_id, saved, texts
        if close:
            with opened.session() as session:
                visit = visits.close_visit_in(session, visit_id, today=today)
                drafts.forget_open_editor_in(session, visit_id)
        return DraftSaved(visit, visits.overlapping(opened, visit_id), close, self.now())

    def forget(self, opened: OpenProfile) -> None:
        """The editor was closed by the user: its draft is not reopened after the next unlock."""
        if self.visit_id is not None:
            drafts.forget_open_editor(opened, self.visit_id)
