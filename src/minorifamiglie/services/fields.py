"""Form values of the record services, checked field by field with Italian messages, and the
generic edit and removal every record shares.

Each service declares its editable fields once (label, kind, length); adding a record and
editing it then share the same checks, and an unknown field is refused by name."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal, TypeVar

from sqlalchemy.orm import Session

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import validation
from minorifamiglie.domain.enums import AuditAction
from minorifamiglie.domain.errors import NotFoundError, ValidationError
from minorifamiglie.domain.ids import CaseId, OperatorId, parse_uuid
from minorifamiglie.services.case_refs import resolve_case_id
from minorifamiglie.storage import audit
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import MODELS, Repository

E = TypeVar("E", bound=e.Record)
# A rule across fields, given the record as it would be written (and a repository to look up).
Check = Callable[[Repository, dict[str, Any]], None]
Kind = Literal["text", "date", "enum", "hours", "id", "count"]


@dataclass(frozen=True, slots=True)
class Spec:
    """One editable field. `max_len` marks a one-line text (stripped, bounded like its column);
    without it a text is free narrative up to validation.MAX_TEXT."""

    label: str
    kind: Kind
    required: bool = False
    max_len: int | None = None
    choices: type[StrEnum] | None = None
    nullable: bool = False  # an empty text is stored as NULL (an optional code)
    most: int | None = None  # the largest "count" (a whole number from `least`)
    least: int = 0


def text(
    label: str, max_len: int | None = None, *, required: bool = False, nullable: bool = False
) -> Spec:
    return Spec(label, "text", required=required, max_len=max_len, nullable=nullable)


def date(label: str, *, required: bool = False) -> Spec:
    return Spec(label, "date", required=required)


def choice(label: str, choices: type[StrEnum]) -> Spec:
    return Spec(label, "enum", required=True, choices=choices)


def count(label: str, most: int, *, required: bool = False, least: int = 0) -> Spec:
    """A whole number from `least` to `most` (places, participants), typed or given."""
    return Spec(label, "count", required=required, most=most, least=least)


def clean(specs: Mapping[str, Spec], values: Mapping[str, object]) -> dict[str, Any]:
    """Every value coerced to its column type; the first bad field raises ValidationError."""
    unknown = sorted(set(values) - set(specs))
    if unknown:
        raise ValidationError(f"Campo non modificabile: {unknown[0]}", unknown[0])
    return {name: clean_value(name, specs[name], value) for name, value in values.items()}


def clean_against(
    specs: Mapping[str, Spec], values: Mapping[str, object], current: e.Record
) -> dict[str, Any]:
    """`clean` for an edit: a value sent back exactly as the record holds it (a form sends
    every field, the changed one among them) is kept as it is, unchecked. A value stored before
    a rule was added (an address on two lines), or synced from a device that allowed it, would
    otherwise keep the user from changing any other field."""
    unchanged = {
        name for name, value in values.items() if name in specs and _same(current, name, value)
    }
    kept = {name: getattr(current, name) for name in unchanged}
    return kept | clean(specs, {k: v for k, v in values.items() if k not in unchanged})


def _same(current: e.Record, name: str, value: object) -> bool:
    stored = getattr(current, name, _MISSING)
    return stored is not _MISSING and type(stored) is type(value) and stored == value


_MISSING = object()


def clean_value(name: str, spec: Spec, value: object) -> Any:
    if spec.kind == "text":
        return _text(name, spec, value)
    if value is None or value == "":
        if spec.required:
            raise ValidationError(f"{spec.label}: campo obbligatorio", name)
        return None
    if spec.kind == "date":
        return _date(name, spec, value)
    if spec.kind == "enum":
        return _enum(name, spec, value)
    if spec.kind == "hours":
        return _hours(name, spec, value)
    if spec.kind == "count":
        return _count(name, spec, value)
    return _id(name, spec, value)


def _count(name: str, spec: Spec, value: object) -> int:
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        digits = value.strip()
        if digits.isascii() and digits.isdigit() and len(digits) <= 9:
            number = int(digits)
    most = spec.most if spec.most is not None else validation.MAX_TEXT
    if number is None or not spec.least <= number <= most:
        raise ValidationError(f"{spec.label}: un numero intero da {spec.least} a {most}", name)
    return number


def _text(name: str, spec: Spec, value: object) -> str | None:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"{spec.label}: valore non valido", name)
    if spec.required:
        value = validation.required(value, name, spec.label)
    if spec.max_len is None:
        return validation.long_text(value, name, spec.label)
    value = validation.one_line(value.strip(), name, spec.label)
    if len(value) > spec.max_len:
        raise ValidationError(f"{spec.label}: al massimo {spec.max_len} caratteri", name)
    return None if spec.nullable and not value else value


def _date(name: str, spec: Spec, value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationError(f"{spec.label}: data non valida, usare AAAA-MM-GG", name)


def _enum(name: str, spec: Spec, value: object) -> StrEnum:
    assert spec.choices is not None
    if isinstance(value, spec.choices):
        return value
    if isinstance(value, str):
        parse = getattr(spec.choices, "parse", None)
        try:
            found = parse(value, spec.label) if parse else spec.choices(value)
        except ValidationError as exc:
            raise ValidationError(str(exc), name) from None
        except ValueError:
            pass
        else:
            assert isinstance(found, spec.choices)
            return found
    raise ValidationError(f"{spec.label}: valore non valido", name)


def _hours(name: str, spec: Spec, value: object) -> float:
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            number = None
    if number is None:
        raise ValidationError(f"{spec.label}: valore non valido", name)
    return validation.hours(number, name)  # refuses NaN and infinities too


def _id(name: str, spec: Spec, value: object) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    if isinstance(value, str):
        try:
            return parse_uuid(value)
        except ValueError:
            pass
    raise ValidationError(f"{spec.label}: identificativo non valido", name)


def record_id(ref: str | uuid.UUID, field: str, label: str | None = None) -> uuid.UUID:
    """An id passed by the GUI (UUID) or typed on the command line (text)."""
    try:
        return _id(field, Spec(label or "", "id"), ref)
    except ValidationError:
        if label:
            raise
        raise ValidationError("Identificativo non valido", field) from None


def case_id_of(session: Session, case: str | uuid.UUID) -> CaseId:
    """A live case by id or human code."""
    return resolve_case_id(session, str(case))


def changed(current: e.Record, values: Mapping[str, object]) -> dict[str, Any]:
    """Only the values that differ from the record: the change log and the audit say what
    really changed, and an edit that changes nothing writes nothing."""
    return {k: v for k, v in values.items() if getattr(current, k) != v}


def not_future(day: dt.date | None, today: dt.date, field: str, message: str) -> None:
    if day is not None and day > today:
        raise ValidationError(message, field)


def not_future_check(field: str, message: str) -> Callable[[dt.date], Check]:
    """The check of a record whose only rule is that the date `field` (when set) is not ahead
    of `today`: a deadline met, an action done."""

    def checker(today: dt.date) -> Check:
        def check(_repo: Repository, values: dict[str, Any]) -> None:
            not_future(values[field], today, field, message)

        return check

    return checker


def live_operator(repo: Repository, operator_id: OperatorId | None, field: str) -> None:
    if operator_id is None:
        return
    try:
        repo.get(e.Operator, operator_id)
    except NotFoundError:
        raise ValidationError("Operatore non trovato", field) from None


def table_of(entity_cls: type[e.Record]) -> str:
    name: str = MODELS[entity_cls].__tablename__  # declared on every row class
    return name


def get_live(repo: Repository, entity_cls: type[E], record: uuid.UUID, missing: str) -> E:
    """A live record, or NotFoundError with a message that names what is missing."""
    try:
        return repo.get(entity_cls, record)
    except NotFoundError:
        raise NotFoundError(missing) from None


def by_id(repo: Repository, entity_cls: type[E], ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, E]:
    """The records with these ids, in one query; removed ones too (a list still names the
    family, the community or the measure a live record refers to)."""
    model: Any = MODELS[entity_cls]
    found = repo.find(entity_cls, model.id.in_(set(ids)), include_deleted=True)
    return {record.id: record for record in found}


def add_record(
    opened: OpenProfile,
    entity_cls: type[E],
    values: Mapping[str, Any],
    *,
    check: Check | None = None,
) -> E:
    """Insert one record that belongs to no case (a registry's) and audit it, in one
    transaction; `check` sees the values before anything is written (add_to_case: a case's)."""
    with opened.session() as session:
        repo = Repository(session)
        if check is not None:
            check(repo, dict(values))
        record = repo.add(entity_cls, **values)
        audit.append(session, AuditAction.CREATE, table_of(entity_cls), record.id)
    return record


def update_record(
    opened: OpenProfile,
    entity_cls: type[E],
    ref: str | uuid.UUID,
    specs: Mapping[str, Spec],
    changes: Mapping[str, object],
    *,
    missing: str,
    check: Check | None = None,
    guard: Callable[[E], None] | None = None,
) -> E:
    """Edit the fields in `changes`, all or none. `guard` may refuse the edit given the record
    as it is (e.g. ending what already ended); `check` sees it as it would be after the edit
    (every field of `specs`), for rules that tie fields together or look elsewhere."""
    with opened.session() as session:
        repo = Repository(session)
        current = get_live(repo, entity_cls, record_id(ref, "id"), missing)
        values = clean_against(specs, changes, current)
        if guard is not None:
            guard(current)
        if check is not None:
            check(repo, {name: getattr(current, name) for name in specs} | values)
        diff = changed(current, values)
        if not diff:
            return current
        updated = repo.update(entity_cls, current.id, **diff)
        audit.append(
            session,
            AuditAction.UPDATE,
            table_of(entity_cls),
            current.id,
            getattr(current, "case_id", None),
            {"fields": sorted(diff)},
        )
    return updated


def remove_record(
    opened: OpenProfile,
    entity_cls: type[E],
    ref: str | uuid.UUID,
    *,
    missing: str,
    guard: Callable[[Repository, E], None] | None = None,
    **also: object,
) -> E:
    """Tombstone a record (never a hard delete: the removal has to sync). `guard` may refuse;
    `also` sets other columns in the same write (e.g. wiping an attachment's bytes)."""
    with opened.session() as session:
        repo = Repository(session)
        current = get_live(repo, entity_cls, record_id(ref, "id"), missing)
        if guard is not None:
            guard(repo, current)
        row = repo.row(entity_cls, current.id)
        for key, value in also.items():
            setattr(row, key, value)
        removed = repo.tombstone(entity_cls, current.id)
        audit.append(
            session,
            AuditAction.DELETE,
            table_of(entity_cls),
            current.id,
            getattr(current, "case_id", None),
        )
    return removed


def add_to_case(
    opened: OpenProfile,
    entity_cls: type[E],
    case: str | uuid.UUID,
    *,
    check: Check | None = None,
    **values: Any,
) -> E:
    """Insert one record of a case and audit it, in one transaction; `check` (the same one
    the edit uses) sees the new values and the `case_id` before anything is written."""
    with opened.session() as session:
        repo = Repository(session)
        case_id = case_id_of(session, case)
        if check is not None:
            check(repo, values | {"case_id": case_id})
        record = repo.add(entity_cls, case_id=case_id, **values)
        audit.append(session, AuditAction.CREATE, table_of(entity_cls), record.id, case_id)
    return record
