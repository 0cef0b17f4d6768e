"""Conflicts: what the merge could not settle alone, shown to a person and settled by a write.

The open conflicts are a local view (`sync_conflicts`) of the merge over the change log: every
device that applied the same operations lists the same conflicts with the same ids. Resolving one
is an ordinary write made with both versions in front of the writer (its `replaces`/`seen` name
both), so on every device that receives it the merge considers the conflict settled.

Kinds: `concurrent-edit` (one text written two ways), `delete-vs-edit` (a record deleted on one
device, changed on another: the deletion stands until someone brings the record back) and
`case-restored` (a case deleted on one device while something was written in it on another: the
write won and the case came back, services.case_removal). A case-restored conflict is settled
by keeping the case (a write confirming it, having the restore in front of it) or by deleting
it again, which the removal rule allows only if it is empty. Bringing a deleted case back from
a delete-vs-edit brings back the rows removed with it too, and is confirmed at once (the person
chose it: nothing to tell). After a resolution, a deleted case that now holds a live row (a
person in it brought back) is restored as after a sync."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from minorifamiglie.domain.canonical import canonical_json
from minorifamiglie.domain.enums import AuditAction
from minorifamiglie.domain.errors import DomainError
from minorifamiglie.domain.ids import CaseId, ConflictId
from minorifamiglie.services import case_removal
from minorifamiglie.services.case_removal import CaseContents
from minorifamiglie.services.merge_log import merge_records
from minorifamiglie.storage import audit, capture
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.types import decode_value, utcnow
from minorifamiglie.sync.merge import CASE_RESTORED, CONCURRENT_EDIT, DELETE_VS_EDIT, MergeState

# The table of the conflicts a sync left to settle.
SOURCES = frozenset({"sync_conflicts"})

KEEP_MINE, KEEP_THEIRS = "mine", "theirs"


@dataclass(frozen=True, slots=True)
class ConflictSideView:
    device_id: uuid.UUID
    hlc: str
    value: Any
    mine: bool  # written on this device


@dataclass(frozen=True, slots=True)
class ConflictView:
    id: ConflictId
    kind: str  # concurrent-edit | delete-vs-edit | case-restored
    entity: str
    entity_id: uuid.UUID
    field: str | None
    case_id: CaseId | None
    case_code: str | None
    current: ConflictSideView  # the version in effect now (for case-restored: the restore)
    other: ConflictSideView  # the version kept to be brought back (the deletion undone)
    # case-restored: what the case holds now (what was written while it was being deleted)
    contents: CaseContents | None = None

    def to_json(self) -> dict[str, Any]:
        def side(s: ConflictSideView) -> dict[str, Any]:
            return {"device_id": str(s.device_id), "hlc": s.hlc, "value": s.value, "mine": s.mine}

        out = {
            "id": str(self.id),
            "kind": self.kind,
            "entity": self.entity,
            "entity_id": str(self.entity_id),
            "field": self.field,
            "case_id": None if self.case_id is None else str(self.case_id),
            "case_code": self.case_code,
            "current": side(self.current),
            "other": side(self.other),
        }
        if self.kind == CASE_RESTORED:
            out["message"] = self.message()
            out["contents"] = None if self.contents is None else self.contents.counts()
        return out

    def message(self) -> str:
        """What happened, in plain Italian (the CLI's words; the GUI says it with tr())."""
        code = self.case_code or "?"
        if self.kind != CASE_RESTORED:
            what = "eliminazione" if self.field is None else self.field
            return f"{code}: {self.entity}.{what}"
        held = "" if self.contents is None else self.contents.italian()
        written = f"vi si scriveva ({held})" if held else "vi si scriveva"
        if self.other.mine:
            where = f"su questo portatile mentre su un altro {written}"
        else:
            where = f"su un altro portatile mentre {written}"
        text = f"La cartella {code} era stata eliminata {where}: è stata ripristinata."
        if self.contents is not None and self.contents.empty:
            text += " Se è davvero vuota si può eliminarla di nuovo."
        return text


def store_conflicts(
    session: Session, state: MergeState, keys: Iterable[tuple[str, uuid.UUID]]
) -> int:
    """Replace the stored conflicts of these records with the merge's; the number now open."""
    wanted = set(keys)
    if not wanted:
        return 0
    # Open conflicts are few: read them all rather than bind thousands of keys.
    existing = {
        row.id: row
        for row in session.execute(select(m.SyncConflictRow)).scalars()
        if (row.entity, row.entity_id) in wanted
    }
    current = {c.id: c for key in wanted for c in state.conflicts_of(*key)}
    for cid in set(existing) - set(current):
        session.delete(existing[cid])
    now = utcnow()
    for cid, c in current.items():
        winner = canonical_json(c.winner.to_json())
        loser = canonical_json(c.loser.to_json())
        row = existing.get(cid)
        if row is not None:
            # A case-restored conflict keeps its id when another restore of the same deletion
            # arrives, and shows the first one in order, as every other device does.
            if (row.winner, row.loser) != (winner, loser):
                row.winner, row.loser = winner, loser
            continue
        session.add(
            m.SyncConflictRow(
                id=cid,
                kind=c.kind,
                entity=c.entity,
                entity_id=c.entity_id,
                field_name=c.field,
                winner=winner,
                loser=loser,
                detected_at=now,
            )
        )
    session.flush()
    return len(current)


def refresh(session: Session, keys: Iterable[tuple[str, uuid.UUID]]) -> None:
    keys = list(keys)
    store_conflicts(session, merge_records(session, keys), keys)


def open_count(session: Session) -> int:
    return len(session.execute(select(m.SyncConflictRow.id)).all())


def list_conflicts(opened: OpenProfile) -> list[ConflictView]:
    """The open conflicts, recomputed first (a local edit may have settled one)."""
    with opened.session() as session:
        keys = {
            (r.entity, r.entity_id) for r in session.execute(select(m.SyncConflictRow)).scalars()
        }
        if keys:
            refresh(session, keys)
        rows = session.execute(
            select(m.SyncConflictRow).order_by(
                m.SyncConflictRow.entity,
                m.SyncConflictRow.entity_id,
                m.SyncConflictRow.field_name,
                m.SyncConflictRow.id,
            )
        ).scalars()
        return [_view(session, opened.device_id, row) for row in rows]


def _case_of(session: Session, entity: str, entity_id: uuid.UUID) -> CaseId | None:
    if entity == "cases":
        return CaseId(entity_id)
    model = m.MODEL_BY_TABLE.get(entity)
    if model is None:
        return None
    case_id = getattr(model, "case_id", None)
    if case_id is not None:
        found = session.execute(select(case_id).where(model.id == entity_id)).scalar()
        return CaseId(found) if isinstance(found, uuid.UUID) else None
    visit_id = getattr(model, "visit_id", None)
    if visit_id is not None:
        visit = session.execute(select(visit_id).where(model.id == entity_id)).scalar()
        if isinstance(visit, uuid.UUID):
            return _case_of(session, "visits", visit)
    return None


def _view(session: Session, me: uuid.UUID, row: m.SyncConflictRow) -> ConflictView:
    winner, loser = json.loads(row.winner), json.loads(row.loser)

    def side(data: dict[str, Any]) -> ConflictSideView:
        device = uuid.UUID(data["device_id"])
        return ConflictSideView(device, data["hlc"], data["value"], device == me)

    case_id = _case_of(session, row.entity, row.entity_id)
    code = None
    if case_id is not None:
        code = session.execute(select(m.CaseRow.code).where(m.CaseRow.id == case_id)).scalar()
    contents = None
    if row.kind == CASE_RESTORED and code is not None and case_id is not None:
        contents = case_removal.contents_of(session, case_id)
    return ConflictView(
        id=ConflictId(row.id),
        kind=row.kind,
        entity=row.entity,
        entity_id=row.entity_id,
        field=row.field_name,
        case_id=case_id,
        case_code=code,
        current=side(winner),
        other=side(loser),
        contents=contents,
    )


def resolve(
    opened: OpenProfile,
    conflict_id: ConflictId,
    keep: str | None = None,
    text: str | None = None,
) -> ConflictView:
    """Settle a conflict: keep `mine` (the version written here, or else the one in effect),
    `theirs` (the other one), or a merged `text`. The write syncs like any other.

    For a case-restored conflict the versions are the restored case (in effect) and its
    deletion: keeping the deletion deletes the case again, refused (ValidationError saying what
    it holds) unless it is empty."""
    if (keep is None) == (text is None):
        raise DomainError("Indicare --keep mine|theirs oppure un testo unito")
    if keep not in (None, KEEP_MINE, KEEP_THEIRS):
        raise DomainError("--keep accetta soltanto mine o theirs")
    view = {c.id: c for c in list_conflicts(opened)}.get(conflict_id)
    if view is None:
        raise DomainError("Conflitto non trovato o già risolto")
    chosen = None if keep is None else _chosen(view, keep)
    with opened.session() as session:
        keys = _write_choice(session, view, chosen, text)
        session.flush()
        # Something of a deleted case brought back (a person in it): the case comes back too.
        keys += case_removal.reinstate_written(session, keys)
        refresh(session, keys)
        audit.append(
            session,
            AuditAction.CONFLICT_RESOLVED,
            view.entity,
            view.entity_id,
            view.case_id,
            {"conflict": str(view.id), "kind": view.kind, "field": view.field or ""},
        )
    return view


def _write_choice(
    session: Session, view: ConflictView, chosen: ConflictSideView | None, text: str | None
) -> list[tuple[str, uuid.UUID]]:
    """The write that settles the conflict; the records it wrote."""
    model = m.MODEL_BY_TABLE[view.entity]
    row = session.get(model, view.entity_id)
    if row is None:
        raise DomainError("Il record del conflitto non è (ancora) presente")
    keys: list[tuple[str, uuid.UUID]] = [(view.entity, view.entity_id)]
    if view.kind == CONCURRENT_EDIT and view.field is not None:
        value = text if chosen is None else chosen.value
        column = model.__table__.columns[view.field].type
        setattr(row, view.field, decode_value(column, value))
        capture.force_write(session, row, {view.field})
    elif view.kind == DELETE_VS_EDIT and chosen is not None:
        if chosen is view.current:  # the delete stands: confirm it having seen the edit
            capture.force_write(session, row, {"deleted_at"})
        elif view.entity == "cases":  # the case, with the rows removed with it
            case_id = CaseId(view.entity_id)
            keys = case_removal.removed_with(session, case_id) or keys
            row.deleted_at = None
            case_removal.restore_removed(session, case_id, keys[1:])
            _confirm_restored(session, row)
        else:  # bring the edited record back
            row.deleted_at = None
    elif view.kind == CASE_RESTORED and chosen is not None:
        if chosen is view.current:  # keep the case: confirmed having seen the restore
            _confirm_restored(session, row)
        else:  # delete it again, if it is empty
            keys = list(case_removal.delete_in(session, CaseId(view.entity_id)).records)
    else:
        raise DomainError("Per un record eliminato scegliere --keep mine oppure theirs")
    return keys


def _confirm_restored(session: Session, row: m.SyncBase) -> None:
    """Write `deleted_at: null` again on a restored case, after its restore: a person has it
    in front of them, which settles its case-restored conflict (sync.merge)."""
    session.flush()
    capture.force_write(session, row, {"deleted_at"})
    flag_modified(row, "updated_at")  # a write even when the clock has not moved since


def _chosen(view: ConflictView, keep: str) -> ConflictSideView:
    """`mine` is the side written on this device; when neither or both are, the one in effect."""
    mine_is_current = view.current.mine or not view.other.mine
    return view.current if (keep == KEEP_MINE) == mine_is_current else view.other


def drop_all(session: Session) -> None:
    session.execute(delete(m.SyncConflictRow))
