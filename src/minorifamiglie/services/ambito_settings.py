"""The settings of an Ambito: its hours rules, its deadline rules, and the cooperative named (with
its logo) on the documents of its cases. Set by the coordinator, synchronised to the team like
any record, and dated: a row holds from its `valid_from` day until the next row of the same
Ambito, so a rule changed in 2027 leaves the report of a 2026 month as it was.

On a day, the settings in effect are those of the live row with the greatest `valid_from` on or
before it (two rows of one day, written on two laptops, are told apart by their clocks, then by
id: every device picks the same); with none, today's defaults (`HoursRules()`,
`DeadlineRules()`) and the cooperative this device names on its documents. A row's empty
cooperative name means the same: "not said", this device's name."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from minorifamiglie.domain import entities as e
from minorifamiglie.domain import value_bounds as vb
from minorifamiglie.domain.enums import AuditAction, Role
from minorifamiglie.domain.errors import DomainError, NotFoundError, ValidationError
from minorifamiglie.domain.hours import HoursRules
from minorifamiglie.domain.ids import AmbitoId, CaseId, SettingsId
from minorifamiglie.domain.rules import DeadlineRules
from minorifamiglie.domain.validation import LOGO_MAX_BYTES
from minorifamiglie.reports.layout import LogoError, check_logo
from minorifamiglie.services.case_refs import resolve_ambito
from minorifamiglie.storage import audit, bounds
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile, get_local
from minorifamiglie.storage.repository import Repository

# The cooperative of this device (a local setting, not synchronised): the name documents carry
# when the Ambito's settings name none. services/printing.py sets it.
COOPERATIVE_KEY = "cooperative_name"
DEFAULT_COOPERATIVE = "Cooperativa sociale del Consorzio Solco Città Aperta"
TABLE = m.AmbitoSettingsRow.__tablename__
COOPERATIVE_MAX = 200
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
NOT_COORDINATOR = "Solo il coordinatore può cambiare le impostazioni dell'Ambito"

# What `set_settings` changes, with the Italian name each is called by in messages.
LABELS = {
    "count_missed": "Conteggio delle assenze non comunicate",
    "count_phone_calls": "Conteggio delle telefonate",
    "foster_review_months": "Mesi tra le verifiche dell'affido",
    "placement_max_months": "Durata massima dell'affido in mesi",
    "missing_pei_after_days": "Giorni senza PEI prima della segnalazione",
    "cooperative_name": "Nome della cooperativa",
    "logo": "Logo",
}
_FLAGS = ("count_missed", "count_phone_calls")
_FEW = 500  # case ids asked for by an IN list; more are picked from one pass over all cases
_NUMBERS = ("foster_review_months", "placement_max_months", "missing_pei_after_days")


@dataclass(frozen=True, slots=True)
class EffectiveSettings:
    """What holds for an Ambito on a day. `valid_from` and `settings_id` name the row it comes
    from (None: no row yet, the defaults); `own_cooperative` False when the name is this
    device's (no row, or a row that names none)."""

    ambito_id: AmbitoId
    ambito_code: str
    ambito_name: str
    on: dt.date
    hours: HoursRules
    deadlines: DeadlineRules
    cooperative: str
    logo: bytes | None
    valid_from: dt.date | None = None
    settings_id: SettingsId | None = None
    own_cooperative: bool = False


@dataclass(frozen=True, slots=True)
class SettingsVersion:
    """One dated row of an Ambito's history. `cooperative_name` "" when it names none;
    `logo_bytes` the logo's size (None: no logo); `set_by` the operator of the laptop that
    last wrote it, when known."""

    id: uuid.UUID
    ambito_id: uuid.UUID
    valid_from: dt.date
    count_missed: bool
    count_phone_calls: bool
    foster_review_months: int
    placement_max_months: int
    missing_pei_after_days: int
    cooperative_name: str
    logo_bytes: int | None
    updated_at: dt.datetime
    set_by: str = ""


# ------------------------------------------------------------------ reading


def fallback_cooperative(session: Session) -> str:
    """The cooperative this device names when the Ambito's settings name none."""
    return get_local(session, COOPERATIVE_KEY) or DEFAULT_COOPERATIVE


def _rank(row: e.AmbitoSettings) -> tuple[dt.date, str, str]:
    return row.valid_from, row.version_hlc, str(row.id)


def live_rows(
    session: Session, ambito_ids: Iterable[AmbitoId] | None = None
) -> dict[uuid.UUID, list[e.AmbitoSettings]]:
    """The live rows of each Ambito (all, or those of `ambito_ids`), oldest first; without the
    logos' bytes. A handful of rows per Ambito at most: read whole."""
    r = m.AmbitoSettingsRow
    where = [] if ambito_ids is None else [r.ambito_id.in_(sorted(set(ambito_ids)))]
    out: dict[uuid.UUID, list[e.AmbitoSettings]] = {}
    for row in Repository(session).find(e.AmbitoSettings, *where):
        out.setdefault(row.ambito_id, []).append(row)
    for rows in out.values():
        rows.sort(key=_rank)
    return out


def row_on(rows: Iterable[e.AmbitoSettings], on: dt.date) -> e.AmbitoSettings | None:
    """The row in effect on `on`: the greatest `valid_from` not after it, ties by clock, id."""
    best: e.AmbitoSettings | None = None
    for row in rows:
        if row.valid_from <= on and (best is None or _rank(row) > _rank(best)):
            best = row
    return best


def hours_rules_of(row: e.AmbitoSettings | None) -> HoursRules:
    if row is None:
        return HoursRules()
    return HoursRules(count_missed=row.count_missed, count_phone_calls=row.count_phone_calls)


def deadline_rules_of(row: e.AmbitoSettings | None) -> DeadlineRules:
    if row is None:
        return DeadlineRules()
    return DeadlineRules(
        foster_review_months=row.foster_review_months,
        placement_max_months=row.placement_max_months,
        missing_pei_after_days=row.missing_pei_after_days,
    )


def hours_rules_on(
    session: Session, ambito_ids: Iterable[AmbitoId], on: dt.date
) -> dict[AmbitoId, HoursRules]:
    """The hours rules of each Ambito on `on` (the defaults for one without settings)."""
    wanted = set(ambito_ids)
    rows = live_rows(session, wanted)
    return {a: hours_rules_of(row_on(rows.get(a, ()), on)) for a in wanted}


def deadline_rules_on(
    session: Session, ambito_ids: Iterable[AmbitoId], on: dt.date
) -> dict[AmbitoId, DeadlineRules]:
    """The deadline rules of each Ambito on `on` (the defaults for one without settings)."""
    wanted = set(ambito_ids)
    rows = live_rows(session, wanted)
    return {a: deadline_rules_of(row_on(rows.get(a, ()), on)) for a in wanted}


def case_ambiti(session: Session, case_ids: Iterable[CaseId]) -> dict[CaseId, AmbitoId]:
    """The Ambito of each case: a few by their ids, many (Scadenze's thousands) in one pass."""
    wanted = set(case_ids)
    if not wanted:
        return {}
    stmt = select(m.CaseRow.id, m.CaseRow.ambito_id)
    if len(wanted) <= _FEW:
        stmt = stmt.where(m.CaseRow.id.in_(sorted(wanted)))
    return {CaseId(c): AmbitoId(a) for c, a in session.execute(stmt) if c in wanted}


def deadline_rules_by_case(
    session: Session, case_ids: Iterable[CaseId], on: dt.date
) -> dict[uuid.UUID, DeadlineRules]:
    """The deadline rules of each case's Ambito on `on`. Empty while no Ambito has settings:
    the defaults then hold for every case."""
    rows = live_rows(session)
    if not rows:
        return {}
    of_ambito = {a: deadline_rules_of(row_on(found, on)) for a, found in rows.items()}
    return {c: of_ambito.get(a, DeadlineRules()) for c, a in case_ambiti(session, case_ids).items()}


def shortest_missing_pei_days(session: Session) -> int:
    """The fewest days any Ambito waits before flagging an ADM activation without a PEI (the
    default among them): a query that may leave out what no rule can flag yet uses it."""
    r = m.AmbitoSettingsRow
    shortest = session.execute(
        select(func.min(r.missing_pei_after_days)).where(r.deleted_at.is_(None))
    ).scalar_one_or_none()
    default = DeadlineRules().missing_pei_after_days
    return default if shortest is None else min(default, int(shortest))


def hours_rules_for_case(session: Session, case_id: CaseId, on: dt.date) -> HoursRules:
    """The hours rules of a case's Ambito on `on`."""
    ambito = case_ambiti(session, [case_id]).get(case_id)
    if ambito is None:
        return HoursRules()
    return hours_rules_on(session, [ambito], on)[ambito]


def logo_of(session: Session, settings_id: SettingsId | None) -> bytes | None:
    """A row's logo (deferred: read only for a document that shows it)."""
    if settings_id is None:
        return None
    logo = session.execute(
        select(m.AmbitoSettingsRow.logo).where(m.AmbitoSettingsRow.id == settings_id)
    ).scalar_one_or_none()
    return bytes(logo) if logo else None


def effective(
    session: Session, ambito_id: AmbitoId, on: dt.date, *, with_logo: bool = True
) -> EffectiveSettings:
    """The settings of an Ambito in effect on `on`."""
    ambito = Repository(session).get(e.Ambito, ambito_id)
    row = row_on(live_rows(session, [ambito_id]).get(ambito_id, ()), on)
    own = row is not None and bool(row.cooperative_name)
    return EffectiveSettings(
        ambito_id=ambito.id,
        ambito_code=ambito.code,
        ambito_name=ambito.name,
        on=on,
        hours=hours_rules_of(row),
        deadlines=deadline_rules_of(row),
        cooperative=row.cooperative_name if own and row else fallback_cooperative(session),
        logo=logo_of(session, row.id) if with_logo and row else None,
        valid_from=row.valid_from if row else None,
        settings_id=row.id if row else None,
        own_cooperative=own,
    )


def cooperative_for(session: Session, ambito_id: AmbitoId, on: dt.date) -> str:
    """The cooperative named on a document of an Ambito's case about the day `on`: the
    Ambito's settings in effect then, else this device's (services/printing.py offers the
    same; this one can be imported by modules printing.py itself imports)."""
    return effective(session, ambito_id, on, with_logo=False).cooperative


def logo_for(session: Session, ambito_id: AmbitoId, on: dt.date) -> bytes | None:
    """The cooperative's logo on a document of an Ambito's case about the day `on`, if any."""
    return effective(session, ambito_id, on).logo


def settings_on(opened: OpenProfile, ambito: str, on: dt.date) -> EffectiveSettings:
    """The settings of an Ambito (code or name) in effect on `on` (read without the write
    lock)."""
    with opened.read_session() as session:
        return effective(session, resolve_ambito(session, ambito).id, on)


def _versions(session: Session, ambito_id: AmbitoId) -> list[SettingsVersion]:
    from minorifamiglie.services.team import operators_by_device

    r = m.AmbitoSettingsRow
    sizes: dict[uuid.UUID, int] = dict(
        session.execute(
            select(r.id, func.length(r.logo)).where(r.ambito_id == ambito_id, r.logo.is_not(None))
        ).all()
    )
    authors = operators_by_device(session)
    rows = live_rows(session, [ambito_id]).get(ambito_id, [])
    return [
        SettingsVersion(
            id=row.id,
            ambito_id=row.ambito_id,
            valid_from=row.valid_from,
            count_missed=row.count_missed,
            count_phone_calls=row.count_phone_calls,
            foster_review_months=row.foster_review_months,
            placement_max_months=row.placement_max_months,
            missing_pei_after_days=row.missing_pei_after_days,
            cooperative_name=row.cooperative_name,
            logo_bytes=sizes.get(row.id) or None,
            updated_at=row.updated_at,
            set_by=authors.get(row.origin_device, ""),
        )
        for row in reversed(rows)
    ]


def history(opened: OpenProfile, ambito: str) -> list[SettingsVersion]:
    """Every dated row of an Ambito (code or name), the latest `valid_from` first."""
    with opened.read_session() as session:
        return _versions(session, resolve_ambito(session, ambito).id)


@dataclass(frozen=True, slots=True)
class AmbitoOverview:
    """What the settings dialog shows of an Ambito: in effect on a day, and the history."""

    current: EffectiveSettings
    history: tuple[SettingsVersion, ...]
    can_edit: bool


def overview(opened: OpenProfile, ambito: str, on: dt.date) -> AmbitoOverview:
    """The settings of an Ambito in effect on `on`, its history, and whether this profile's
    operator may change them (a coordinator)."""
    with opened.read_session() as session:
        found = resolve_ambito(session, ambito)
        return AmbitoOverview(
            effective(session, found.id, on),
            tuple(_versions(session, found.id)),
            _is_coordinator(session, _profile_operator(session)),
        )


# ------------------------------------------------------------------ writing


def _profile_operator(session: Session) -> uuid.UUID | None:
    ctx = session.info.get("write_context")
    if ctx is not None:
        operator: uuid.UUID | None = ctx.operator_id
        return operator
    from minorifamiglie.storage.profile import OPERATOR_KEY

    local = get_local(session, OPERATOR_KEY)
    return uuid.UUID(local) if local else None


def _is_coordinator(session: Session, operator_id: uuid.UUID | None) -> bool:
    if operator_id is None:
        return False
    role = session.execute(
        select(m.OperatorRow.role).where(
            m.OperatorRow.id == operator_id, m.OperatorRow.deleted_at.is_(None)
        )
    ).scalar_one_or_none()
    return role is Role.COORDINATOR


def can_edit(opened: OpenProfile) -> bool:
    """Whether this profile's operator may change an Ambito's settings."""
    with opened.read_session() as session:
        return _is_coordinator(session, _profile_operator(session))


def check_logo_bytes(data: bytes) -> bytes:
    """A logo for documents: PNG or JPEG (by its first bytes), at most LOGO_MAX_BYTES, and an
    image reportlab can draw (its size in pixels bounded before anything is decoded)."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ValidationError("Logo non valido", "logo")
    data = bytes(data)
    if not data:
        raise ValidationError("Il file del logo è vuoto", "logo")
    if len(data) > LOGO_MAX_BYTES:
        raise ValidationError(
            f"Logo troppo grande: al massimo {LOGO_MAX_BYTES // 1024} KiB", "logo"
        )
    if not (data.startswith(PNG_MAGIC) or data.startswith(JPEG_MAGIC)):
        raise ValidationError("Il logo deve essere un'immagine PNG o JPEG", "logo")
    try:
        check_logo(data)
    except LogoError as exc:
        raise ValidationError(f"Logo non valido: {exc}", "logo") from None
    return data


def _flag(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("si", "sì", "no"):
        return value.strip().lower() != "no"
    raise ValidationError(f"{LABELS[name]}: indicare sì o no", name)


def _number(name: str, value: object) -> int:
    narrow = bounds.DOMAIN_BOUNDS[(TABLE, name)]
    low, high = int(narrow.low), int(narrow.high)
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if number is None or not low <= number <= high:
        raise ValidationError(f"{LABELS[name]}: un numero da {low} a {high}", name)
    return number


def _cooperative_name(value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError("Nome della cooperativa non valido", "cooperative_name")
    clean = " ".join(value.split())
    if not clean.isprintable():
        raise ValidationError(
            "Il nome della cooperativa contiene caratteri di controllo", "cooperative_name"
        )
    if len(clean) > COOPERATIVE_MAX:
        raise ValidationError(
            f"Il nome della cooperativa è troppo lungo: al massimo {COOPERATIVE_MAX} caratteri",
            "cooperative_name",
        )
    return clean


def clean_changes(changes: Mapping[str, object]) -> dict[str, Any]:
    """Every change checked and made the column's value; an unknown name is refused."""
    unknown = sorted(set(changes) - set(LABELS))
    if unknown:
        raise ValidationError(f"Impostazione sconosciuta: {unknown[0]}", unknown[0])
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name in _FLAGS:
            out[name] = _flag(name, value)
        elif name in _NUMBERS:
            out[name] = _number(name, value)
        elif name == "cooperative_name":
            out[name] = _cooperative_name(value)
        else:  # the logo; None removes it
            out[name] = None if value is None else check_logo_bytes(value)  # type: ignore[arg-type]
    return out


def _valid_from(day: object) -> dt.date:
    if isinstance(day, dt.datetime):
        day = day.date()
    if not isinstance(day, dt.date):
        raise ValidationError("Data di decorrenza non valida", "valid_from")
    if not vb.DATE_MIN <= day <= vb.DATE_MAX:
        raise ValidationError("Data di decorrenza fuori dall'intervallo ammesso", "valid_from")
    return day


def _carried(row: e.AmbitoSettings | None, logo: bytes | None) -> dict[str, Any]:
    """The values a new row starts from: the row in effect the day before, or the defaults."""
    hours, deadlines = hours_rules_of(row), deadline_rules_of(row)
    return {
        "count_missed": hours.count_missed,
        "count_phone_calls": hours.count_phone_calls,
        "foster_review_months": deadlines.foster_review_months,
        "placement_max_months": deadlines.placement_max_months,
        "missing_pei_after_days": deadlines.missing_pei_after_days,
        "cooperative_name": row.cooperative_name if row else "",
        "logo": logo,
    }


def set_settings(
    opened: OpenProfile, ambito_code: str, valid_from: dt.date, **changes: object
) -> SettingsVersion:
    """Change an Ambito's settings from `valid_from` on: a new dated row that carries the
    values in effect that day for what is not changed, or, when a row of that very day is
    there already, that row edited. Only a coordinator may; all or nothing.

    `changes`: count_missed, count_phone_calls (bool, or "si"/"no"); foster_review_months,
    placement_max_months, missing_pei_after_days (int); cooperative_name (str, "" for this
    device's name); logo (PNG or JPEG bytes, None to remove it)."""
    day = _valid_from(valid_from)
    values = clean_changes(changes)
    if not values:
        raise ValidationError("Indicare almeno un'impostazione da cambiare", "settings")
    with opened.session() as session:
        if not _is_coordinator(session, session.info["write_context"].operator_id):
            raise DomainError(NOT_COORDINATOR)
        ambito = resolve_ambito(session, ambito_code)
        repo = Repository(session)
        rows = live_rows(session, [ambito.id]).get(ambito.id, [])
        same_day = row_on([r for r in rows if r.valid_from == day], day)
        if same_day is not None:
            # The logo is no field of the record (its bytes are read apart): the row is
            # edited as the ORM object, and the change capture logs what differs.
            row = repo.row(e.AmbitoSettings, same_day.id)
            diff = sorted(k for k, v in values.items() if getattr(row, k) != v)
            for key in diff:
                setattr(row, key, values[key])
            if diff:
                session.flush()
                audit.append(session, AuditAction.UPDATE, TABLE, row.id, None, {"fields": diff})
            written = same_day.id
        else:
            before = row_on(rows, day)
            start = _carried(before, logo_of(session, before.id if before else None))
            row = m.AmbitoSettingsRow(ambito_id=ambito.id, valid_from=day, **(start | values))
            session.add(row)
            session.flush()
            audit.append(
                session, AuditAction.CREATE, TABLE, row.id, None, {"fields": sorted(values)}
            )
            written = SettingsId(row.id)
        found = [v for v in _versions(session, ambito.id) if v.id == written]
    if not found:  # pragma: no cover - written in this very transaction
        raise NotFoundError("Impostazioni non trovate")
    return found[0]
