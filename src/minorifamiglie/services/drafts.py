"""Which visit editors are open, kept in the encrypted database (local state, never synced), so
that after a crash, a forced quit or a lock the next unlock reopens them with their drafts."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import VisitStatus
from minorifamiglie.domain.ids import CaseId, VisitId
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile, get_local, set_local
from minorifamiglie.storage.repository import Repository

OPEN_EDITORS_KEY = "open_editors"
# "closed" once the open editors were saved and closed by a lock or a quit; anything else when
# the application last ended with editors open (a crash, a kill, a power cut).
EDITORS_ENDED_KEY = "open_editors_ended"
CLOSED_CLEANLY = "closed"


@dataclass(frozen=True, slots=True)
class OpenEditor:
    case_id: CaseId
    visit_id: VisitId


def _read(session: Session) -> list[VisitId]:
    raw = get_local(session, OPEN_EDITORS_KEY)
    ids: list[VisitId] = []
    try:
        values = json.loads(raw) if raw else []
    except ValueError:
        return ids
    for value in values if isinstance(values, list) else []:
        try:
            ids.append(VisitId(uuid.UUID(str(value))))
        except ValueError:
            continue
    return ids


def _write(session: Session, ids: list[VisitId]) -> None:
    set_local(session, OPEN_EDITORS_KEY, json.dumps([str(i) for i in ids]))


def remember_open_editor(opened: OpenProfile, visit_id: VisitId) -> None:
    """An editor shows this draft: reopen it after the next unlock unless it is closed first."""
    with opened.session() as session:
        remember_open_editor_in(session, visit_id)


def remember_open_editor_in(session: Session, visit_id: VisitId) -> None:
    """`remember_open_editor` in the caller's unit of work (the one that creates the draft)."""
    ids = _read(session)
    if visit_id not in ids:
        _write(session, [*ids, visit_id])


def forget_open_editor(opened: OpenProfile, visit_id: VisitId) -> None:
    """The editor was closed by the user (or the visit signed): nothing to reopen."""
    with opened.session() as session:
        forget_open_editor_in(session, visit_id)


def forget_open_editor_in(session: Session, visit_id: VisitId) -> None:
    """`forget_open_editor` in the caller's unit of work (the one that signs the visit)."""
    ids = _read(session)
    if visit_id in ids:
        _write(session, [i for i in ids if i != visit_id])


def open_editor_ids(opened: OpenProfile) -> list[OpenEditor]:
    """The drafts whose editors were open, in the order they were opened. Visits since closed
    or deleted (on this device or by sync) are dropped from the list.

    Read without the write lock; only when some were dropped does a short write forget them
    (from the list as it is then: an editor opened meanwhile stays)."""
    with opened.read_session() as session:
        ids = _read(session)
        if not ids:
            return []
        drafts = {
            v.id: v
            for v in Repository(session).find(e.Visit, m.VisitRow.id.in_(ids))
            if v.status is VisitStatus.DRAFT
        }
    kept = [i for i in ids if i in drafts]
    if kept != ids:
        gone = set(ids) - set(kept)
        with opened.session() as session:
            _write(session, [i for i in _read(session) if i not in gone])
    return [OpenEditor(drafts[i].case_id, i) for i in kept]


@dataclass(frozen=True, slots=True)
class Reopening:
    editors: list[OpenEditor]
    after_crash: bool  # the application ended without closing them: "Bozza recuperata"


def editors_closed_cleanly(opened: OpenProfile) -> None:
    """A lock or a quit saved and closed the open editors (called after their last saves)."""
    with opened.session() as session:
        set_local(session, EDITORS_ENDED_KEY, CLOSED_CLEANLY)


def reopen_after_unlock(opened: OpenProfile) -> Reopening:
    """The editors to reopen, and whether they were left open by an unexpected end rather than
    by a lock; from now on they are open again (a crash before the next lock is unexpected)."""
    editors = open_editor_ids(opened)
    with opened.read_session() as session:
        ended = get_local(session, EDITORS_ENDED_KEY)
    if editors or ended is not None:
        with opened.session() as session:
            set_local(session, EDITORS_ENDED_KEY, "open")
    return Reopening(editors, after_crash=bool(editors) and ended != CLOSED_CLEANLY)


# An amendment being written after the signed text: kept like a draft (local, encrypted, never
# synced) until it is saved or cancelled, so a crash does not lose it.
AMENDMENT_DRAFT_KEY = "amendment_draft:"


def save_amendment_draft(opened: OpenProfile, visit_id: VisitId, text: str) -> None:
    with opened.session() as session:
        set_local(session, AMENDMENT_DRAFT_KEY + str(visit_id), text)


def amendment_draft(opened: OpenProfile, visit_id: VisitId) -> str:
    """The amendment being written for the visit, "" when there is none."""
    with opened.read_session() as session:
        return get_local(session, AMENDMENT_DRAFT_KEY + str(visit_id)) or ""


# What was typed in a draft's date and time fields that the visit cannot hold: a text that is
# no date ("31/02/2026") or no time ("25:70"), or times whose end is not after the start. The
# visit keeps its last valid values (nothing else is stored in their place); this keeps the text,
# local and encrypted like the open editors, so that the editor shows it again exactly as typed,
# with its message, after a crash, a lock or a close (issue 13).
DRAFT_TEXTS_KEY = "draft_texts:"
WHEN_FIELDS = ("date", "start_time", "end_time")
MAX_WHEN_TEXT = 40  # the fields take 16 characters


def save_draft_texts(opened: OpenProfile, visit_id: VisitId, texts: dict[str, str]) -> None:
    """Keep `texts` (field -> text as typed, fields of WHEN_FIELDS) for the draft; an empty
    `texts` forgets them: every field holds a value again."""
    with opened.session() as session:
        save_draft_texts_in(session, visit_id, texts)


def save_draft_texts_in(session: Session, visit_id: VisitId, texts: Mapping[str, str]) -> None:
    """`save_draft_texts` in the caller's unit of work (the one that saves the draft)."""
    kept = {k: v[:MAX_WHEN_TEXT] for k, v in texts.items() if k in WHEN_FIELDS}
    key = DRAFT_TEXTS_KEY + str(visit_id)
    if kept:
        set_local(session, key, json.dumps(kept, ensure_ascii=False, sort_keys=True))
        return
    row = session.get(m.LocalStateRow, key)
    if row is not None:
        session.delete(row)


def draft_texts(opened: OpenProfile, visit_id: VisitId) -> dict[str, str]:
    """The texts kept for the draft's date and time fields, {} when they all hold values."""
    with opened.read_session() as session:
        raw = get_local(session, DRAFT_TEXTS_KEY + str(visit_id))
    try:
        values = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    if not isinstance(values, dict):
        return {}
    return {
        k: v[:MAX_WHEN_TEXT] for k, v in values.items() if k in WHEN_FIELDS and isinstance(v, str)
    }
