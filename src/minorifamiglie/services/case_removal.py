"""Deleting a case file that holds nothing yet: a case opened by mistake (one click on "Crea
cartella") can be removed again; a case with anything written in it cannot (issue 13). And the
other half of the rule, across the team: a deletion never hides what someone wrote in the case
meanwhile on another laptop; the write wins and the case comes back.

What "nothing" means is decided here and only here. Besides its own fields (code, ambito,
service, title, summary, dates, status), a case may hold what the New case dialog enters with
it, and nothing else: the operators who follow it, and one child in care with a name, a birth
date and a codice fiscale. Anything more makes it a case to keep: a visit (a draft too), another
person, contacts or notes on the child, a court measure, a service, a goal, a deadline, a foster
placement, an attachment, a printed blank sheet not yet marked destroyed.

Removing it tombstones the case and those rows in one transaction (never a hard delete:
docs/architecture.md §3), all with the same `deleted_at` (that is how every device later knows
which rows went with the case), so the deletion reaches the other devices with the next sync,
and writes each to the audit log. The child's person stays when another case names them.

Written while deleted (issue 13, "never lose data")
---------------------------------------------------
The rule is checked on the deleting device's data. On another laptop someone may be writing in
the case before the deletion reaches it: a visit typed offline, a draft, a person, a measure, an
operator assigned, notes on the child. When the deletion and such a write meet on any device,
in either order, the write wins:

* **What counts as a write the deletion had not seen.** With the case deleted (a standing
  tombstone), either a live row of the case (any synchronised table with a `case_id`), or an
  edit concurrent with the tombstone of a row removed with the case (a `delete-vs-edit` of the
  merge on the child's membership or person, an operator link, a sheet). A live row is always
  one the deleting device had not seen: had it been there, live, the removal would have been
  refused or would have tombstoned it (members, operator links, sheets), so it was written, or
  brought back, concurrently (or, rarely, after it, from an editor left open on the case:
  that write wins the same way); no clock comparison is needed. The case's own fields (title,
  summary) do not count, as they do not stop a removal: an edit of them stays the merge's
  ordinary delete-vs-edit conflict, and bringing the case back from there brings back the rows
  removed with it too.
* **Who repairs it.** Whichever device notices, after applying operations (`reinstate_written`,
  called by services.apply) or after settling a conflict: it writes, through change capture, a
  restore (`deleted_at: null`, naming the tombstone in `replaces`/`seen`) of the case and of
  every row removed with it (same device, same `deleted_at` as the case's tombstone; within
  two seconds, for removals written by the first version, which stamped each row apart). The
  restores are ordinary operations with this device's HLC: they sync like any write, `check`
  verifies them against the log, and the merge makes the records live again on every device
  (a tombstone seen by a restore no longer stands). A device writes them only while the case
  is still deleted in its own data, so a device that received someone else's restore first
  writes nothing; several devices noticing at once write several restores, which all undo the
  same tombstone and merge to the same rows (their `updated_at` by last writer wins).
* **Who is told.** The merge turns a case restore into a `case-restored` conflict
  (sync/merge.py), one per case whatever the number of restores, with the same id on every
  device, listed in Conflitti until someone confirms the case (`conflicts.resolve`, keeping
  the restored case) or deletes it again, which the removal rule here still allows only if it
  is empty. A concurrent re-deletion made without seeing the restore wins as any delete does;
  if it meets a new write in turn, the case comes back again.

Only the deleted cases of the records just applied or written are looked at (by primary key
and indexed columns: a small bundle costs a few lookups in any profile; a snapshot reads the
cases table once instead). So a write typed on a
laptop that already has the deletion (a draft saved from an editor left open) is noticed by the
other laptops when it reaches them, and their restores bring the case back there too."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import AuditAction, MemberRole, SheetStatus
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.domain.ids import CaseId
from minorifamiglie.services.case_refs import CaseRef, resolve_case_id
from minorifamiglie.services.merge_log import merge_records
from minorifamiglie.storage import audit
from minorifamiglie.storage import models as m
from minorifamiglie.storage.capture import context_of
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository
from minorifamiglie.sync.merge import DELETE_VS_EDIT, MergeState

# Italian names of what a case holds, singular and plural, in the order they are listed.
_NAMES: dict[str, tuple[str, str]] = {
    "visits": ("visita", "visite"),
    "persons": ("persona", "persone"),
    "measures": ("provvedimento", "provvedimenti"),
    "activations": ("intervento", "interventi"),
    "goals": ("obiettivo", "obiettivi"),
    "deadlines": ("scadenza", "scadenze"),
    "placements": ("abbinamento", "abbinamenti"),
    "community_placements": ("inserimento in comunità", "inserimenti in comunità"),
    "attachments": ("allegato", "allegati"),
    "paper_sheets": ("scheda cartacea stampata", "schede cartacee stampate"),
}
# The rows counted for each, by their case: live ones only (a deleted visit is not content).
_COUNTED: dict[str, type[m.SyncBase]] = {
    "visits": m.VisitRow,
    "measures": m.MeasureRow,
    "activations": m.ServiceActivationRow,
    "goals": m.GoalRow,
    "deadlines": m.DeadlineRow,
    "placements": m.PlacementRow,
    "community_placements": m.CommunityPlacementRow,
    "attachments": m.AttachmentRow,
}


@dataclass(frozen=True, slots=True)
class CaseContents:
    """What a case holds beyond what opening it enters; all zero when it can be deleted."""

    visits: int = 0
    persons: int = 0  # persons other than the one child in care entered with the case
    child_details: bool = False  # contacts or notes written about that child since
    measures: int = 0
    activations: int = 0
    goals: int = 0
    deadlines: int = 0  # the manual ones (the others come from measures, goals…)
    placements: int = 0
    community_placements: int = 0
    attachments: int = 0
    paper_sheets: int = 0  # printed blank sheets not marked destroyed

    @property
    def empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))

    def counts(self) -> dict[str, int]:
        """What it holds, by kind (the keys of _NAMES), only the kinds it holds."""
        return {name: getattr(self, name) for name in _NAMES if getattr(self, name)}

    def italian(self) -> str:
        """ "3 visite e 1 allegato"; "" when empty."""
        parts = [
            f"{count} {_NAMES[name][0] if count == 1 else _NAMES[name][1]}"
            for name, count in self.counts().items()
        ]
        if self.child_details:
            parts.append("recapiti o note del minore")
        if len(parts) <= 1:
            return "".join(parts)
        return ", ".join(parts[:-1]) + " e " + parts[-1]


@dataclass(frozen=True, slots=True)
class DeletedCase:
    case_id: CaseId
    code: str
    # Every record tombstoned with it, as (table, id): the case first.
    records: tuple[tuple[str, uuid.UUID], ...]


@dataclass(frozen=True, slots=True)
class _Found:
    contents: CaseContents
    members: tuple[e.CaseMember, ...]
    child: e.CaseMember | None


def _count_live(session: Session, model: type[m.SyncBase], case_id: uuid.UUID) -> int:
    column = model.case_id  # type: ignore[attr-defined]
    return int(
        session.execute(
            select(func.count())
            .select_from(model)
            .where(column == case_id, model.deleted_at.is_(None))
        ).scalar_one()
    )


def _find(session: Session, case_id: uuid.UUID) -> _Found:
    repo = Repository(session)
    counts = {name: _count_live(session, model, case_id) for name, model in _COUNTED.items()}
    sheets = int(
        session.execute(
            select(func.count())
            .select_from(m.PaperSheetRow)
            .where(
                m.PaperSheetRow.case_id == case_id,
                m.PaperSheetRow.deleted_at.is_(None),
                m.PaperSheetRow.status != SheetStatus.DESTROYED,
            )
        ).scalar_one()
    )
    members = tuple(
        repo.by_case(e.CaseMember, case_id, [m.CaseMemberRow.created_at, m.CaseMemberRow.id])
    )
    child = next((mb for mb in members if mb.role is MemberRole.MINOR), None)
    details = False
    if child is not None:
        person = repo.row(e.Person, child.person_id, include_deleted=True)
        details = bool(
            child.notes.strip()
            or person.phone.strip()
            or person.address.strip()
            or person.notes.strip()
        )
    contents = CaseContents(
        persons=len(members) - (1 if child is not None else 0),
        child_details=details,
        paper_sheets=sheets,
        **counts,
    )
    return _Found(contents, members, child)


def case_contents(opened: OpenProfile, ref: CaseRef) -> CaseContents:
    """What the case holds that stops its deletion (read only; nothing audited)."""
    with opened.read_session() as session:
        case_id = resolve_case_id(session, str(ref))
        return _find(session, case_id).contents


def contents_of(session: Session, case_id: CaseId) -> CaseContents:
    """`case_contents` inside a session the caller already holds."""
    return _find(session, case_id).contents


def refusal(contents: CaseContents) -> str:
    return f"La cartella contiene già {contents.italian()}: non si può eliminare"


def delete_empty_case(opened: OpenProfile, ref: CaseRef) -> DeletedCase:
    """Tombstone a case that holds nothing (see the module), with its operators' links, the
    child entered with it and that child's person (unless another case names them), in one
    transaction; ValidationError naming what it holds otherwise, and nothing written."""
    with opened.session() as session:
        return delete_in(session, resolve_case_id(session, str(ref)))


def delete_in(session: Session, case_id: CaseId) -> DeletedCase:
    """`delete_empty_case` inside a session the caller holds (a live case)."""
    repo = Repository(session)
    case = repo.get(e.Case, case_id)
    found = _find(session, case_id)
    if not found.contents.empty:
        raise ValidationError(refusal(found.contents), "case")
    # One instant for every row: what tells, on every device, the rows removed together.
    moment = context_of(session).now()
    records: list[tuple[str, uuid.UUID]] = [("cases", case_id)]
    _tombstone(session, m.CaseRow, case_id, moment)
    for link in repo.by_case(e.CaseOperator, case_id):
        _tombstone(session, m.CaseOperatorRow, link.id, moment)
        records.append(("case_operators", link.id))
    for member in found.members:
        _tombstone(session, m.CaseMemberRow, member.id, moment)
        records.append(("case_members", member.id))
        if _person_goes_too(session, member.person_id, case_id):
            _tombstone(session, m.PersonRow, member.person_id, moment)
            records.append(("persons", member.person_id))
    for sheet in repo.by_case(e.PaperSheet, case_id):  # destroyed ones: none else is left
        _tombstone(session, m.PaperSheetRow, sheet.id, moment)
        records.append(("paper_sheets", sheet.id))
    for table, record_id in records:
        detail = {"empty_case": True} if table == "cases" else None
        audit.append(session, AuditAction.DELETE, table, record_id, case_id, detail)
    return DeletedCase(case_id, case.code, tuple(records))


def _tombstone(
    session: Session, model: type[m.SyncBase], record_id: uuid.UUID, moment: dt.datetime
) -> None:
    row = session.get(model, record_id)
    assert row is not None  # found live in this transaction
    row.deleted_at = moment
    session.flush()


def _person_goes_too(session: Session, person_id: uuid.UUID, case_id: uuid.UUID) -> bool:
    """The person is live and no other live case names them (as a member, or in a placement):
    they were entered for this case alone."""
    person = session.get(m.PersonRow, person_id)
    if person is None or person.deleted_at is not None:
        return False
    member = session.execute(
        select(m.CaseMemberRow.id)
        .join(m.CaseRow, m.CaseRow.id == m.CaseMemberRow.case_id)
        .where(
            m.CaseMemberRow.person_id == person_id,
            m.CaseMemberRow.case_id != case_id,
            m.CaseMemberRow.deleted_at.is_(None),
            m.CaseRow.deleted_at.is_(None),
        )
        .limit(1)
    ).first()
    placed = session.execute(
        select(m.PlacementRow.id)
        .where(m.PlacementRow.minor_id == person_id, m.PlacementRow.deleted_at.is_(None))
        .limit(1)
    ).first()
    return member is None and placed is None


# ------------------------------------------------------------------------ written while deleted

# The tables whose rows belong to one case: what can be written in a case.
CASE_TABLES: tuple[type[m.SyncBase], ...] = tuple(
    model for model in m.SYNCED_MODELS if "case_id" in model.__table__.columns
)
# How far apart the rows of one removal may have been stamped (the first version stamped each
# row with its own instant, within one transaction).
_SAME_REMOVAL = dt.timedelta(seconds=2)
_CHUNK = 400
# Beyond this many records touched, the deleted cases are found by reading the cases table
# (a few milliseconds at 10,000 cases) rather than by looking up each record's case.
_MANY = 2000


@dataclass
class _Scene:
    """A deleted case's records as this database holds them, deleted or not: (table, id) of
    every row with its case_id, and the persons its members name."""

    rows: list[tuple[str, uuid.UUID]] = field(default_factory=list)
    persons: set[uuid.UUID] = field(default_factory=set)

    def keys(self, case_id: uuid.UUID) -> list[tuple[str, uuid.UUID]]:
        persons = [("persons", p) for p in sorted(self.persons, key=str)]
        return [("cases", case_id), *self.rows, *persons]


def reinstate_written(
    session: Session, touched: Iterable[tuple[str, uuid.UUID]]
) -> list[tuple[str, uuid.UUID]]:
    """Bring back every deleted case, among those of the records just written or applied
    (`touched`: the case itself, a row of it, the person of one of its members), in which
    something was written that its deletion had not seen (see the module), with the rows
    removed with it, by ordinary captured restores in the session's transaction. Returns the
    records restored, for the caller to refresh their conflicts."""
    touched = set(touched)
    if len(touched) > _MANY:  # a snapshot: every deleted case, those it touches kept below
        scan = select(m.CaseRow.id).where(m.CaseRow.deleted_at.is_not(None))
        deleted = sorted(session.execute(scan).scalars(), key=str)
    else:
        deleted = _deleted_cases(session, _cases_of(session, touched))
    if not deleted:
        return []
    scenes = _scenes(session, deleted)
    out: list[tuple[str, uuid.UUID]] = []
    for case_id in deleted:
        scene = scenes[case_id]
        if touched.isdisjoint(scene.keys(case_id)):
            continue
        state = merge_records(session, scene.keys(case_id))
        group = _removed_with(state, case_id, scene)
        if group and _written_meanwhile(state, scene, group):
            _restore(session, case_id, group, "written_while_deleted")
            out.extend(group)
    return out


def removed_with(session: Session, case_id: CaseId) -> list[tuple[str, uuid.UUID]]:
    """The records the standing deletion of this case removed, the case first; [] when the
    case is not deleted."""
    scene = _scenes(session, [case_id])[case_id]
    return _removed_with(merge_records(session, scene.keys(case_id)), case_id, scene)


def restore_removed(
    session: Session, case_id: CaseId, records: Iterable[tuple[str, uuid.UUID]]
) -> None:
    """Restore these records (`removed_with`) of a case a person brought back."""
    _restore(session, case_id, list(records), "case_restored")


def _cases_of(session: Session, touched: Iterable[tuple[str, uuid.UUID]]) -> set[uuid.UUID]:
    """The cases these records belong to: found by primary key and indexed columns only, so a
    bundle of a few operations costs a few lookups whatever the size of the profile."""
    by_table: dict[str, list[uuid.UUID]] = {}
    for table, record_id in touched:
        by_table.setdefault(table, []).append(record_id)
    out = set(by_table.get("cases", ()))
    for model in CASE_TABLES:
        column = model.case_id  # type: ignore[attr-defined]
        out |= _column_of(session, column, model.id, by_table.get(model.__tablename__))
    member = m.CaseMemberRow
    out |= _column_of(session, member.case_id, member.person_id, by_table.get("persons"))
    return out


def _column_of(
    session: Session, column: Any, key: Any, ids: list[uuid.UUID] | None, *where: Any
) -> set[uuid.UUID]:
    """`column` of the rows whose `key` is among `ids`, chunked."""
    found: set[uuid.UUID] = set()
    ids = ids or []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        found.update(session.execute(select(column).where(key.in_(chunk), *where)).scalars())
    return found


def _deleted_cases(session: Session, case_ids: set[uuid.UUID]) -> list[uuid.UUID]:
    """Those of these cases that are deleted here, in a stable order."""
    case = m.CaseRow
    deleted = _column_of(session, case.id, case.id, list(case_ids), case.deleted_at.is_not(None))
    return sorted(deleted, key=str)


def _scenes(session: Session, case_ids: list[uuid.UUID]) -> dict[uuid.UUID, _Scene]:
    scenes = {case_id: _Scene() for case_id in case_ids}
    for model in CASE_TABLES:
        column = model.case_id  # type: ignore[attr-defined]
        person = m.CaseMemberRow.person_id if model is m.CaseMemberRow else None
        for start in range(0, len(case_ids), _CHUNK):
            chunk = case_ids[start : start + _CHUNK]
            picked = [model.id, column] if person is None else [model.id, column, person]
            for row in session.execute(select(*picked).where(column.in_(chunk))):
                scene = scenes[row[1]]
                scene.rows.append((model.__tablename__, row[0]))
                if person is not None:
                    scene.persons.add(row[2])
    for scene in scenes.values():
        scene.rows.sort(key=lambda key: (key[0], str(key[1])))
    return scenes


def _removed_with(
    state: MergeState, case_id: uuid.UUID, scene: _Scene
) -> list[tuple[str, uuid.UUID]]:
    """The case and the records its standing tombstone removed with it: deleted by the same
    device at the same instant (see `_SAME_REMOVAL`); [] when the case is not deleted."""
    if not state.is_deleted("cases", case_id):
        return []
    tomb = state.versions("cases", case_id).get("deleted_at")
    if tomb is None:
        return []
    group: list[tuple[str, uuid.UUID]] = [("cases", case_id)]
    for key in scene.keys(case_id)[1:]:
        if not state.is_deleted(*key):
            continue
        mark = state.versions(*key).get("deleted_at")
        if mark is not None and mark.device_id == tomb.device_id and _close(mark.value, tomb.value):
            group.append(key)
    return group


def _close(a: object, b: object) -> bool:
    """Two `deleted_at` values of one removal."""
    if a == b:
        return True
    try:
        first = dt.datetime.fromisoformat(str(a))
        second = dt.datetime.fromisoformat(str(b))
        return abs(first - second) <= _SAME_REMOVAL
    except (TypeError, ValueError):
        return False


def _written_meanwhile(
    state: MergeState, scene: _Scene, group: list[tuple[str, uuid.UUID]]
) -> bool:
    """A live row of the case, or an edit concurrent with the tombstone of a row removed with
    it (its delete-vs-edit conflict, the standing tombstone on one side)."""
    if any(state.record(*key) is not None for key in scene.rows):
        return True
    for key in group[1:]:
        mark = state.versions(*key)["deleted_at"]
        if any(
            c.kind == DELETE_VS_EDIT and c.winner.op_id == mark.op_id
            for c in state.conflicts_of(*key)
        ):
            return True
    return False


def _restore(
    session: Session, case_id: uuid.UUID, records: list[tuple[str, uuid.UUID]], why: str
) -> None:
    """Restores of these records, captured as ordinary writes (they name the tombstones they
    undo), each in the audit log."""
    restored: list[tuple[str, uuid.UUID]] = []
    for table, record_id in records:
        row = session.get(m.MODEL_BY_TABLE[table], record_id)
        if row is not None and row.deleted_at is not None:
            row.deleted_at = None
            restored.append((table, record_id))
    session.flush()
    for table, record_id in restored:
        audit.append(session, AuditAction.UPDATE, table, record_id, case_id, {"restored": why})
