"""The bounds of every synchronised column: derived from the models (a String(N) holds at most N
characters, a Date a plausible day, an Enum its members, a Uuid a UUID), narrowed by a table of
domain bounds where the model is not enough (an attachment's size, the authorised hours, the
JSON documents inside visits' text columns, the shape of an HLC stamp).

Every value that crosses a trust boundary goes through these converters (bundle and snapshot
operations in services/apply.py, hand-off case files in services/handoff_import.py), so a column
added to a model is bounded, and fuzzed by tests/fuzz, without further work. A refusal is a
`ValueRefused` naming `table.column` and the rule broken, never the value."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Enum,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Time,
    Uuid,
    inspect,
)

from minorifamiglie.domain import value_bounds as vb
from minorifamiglie.domain.validation import ATTACHMENT_MAX_BYTES, LOGO_MAX_BYTES, MAX_TEXT
from minorifamiglie.storage import models as m
from minorifamiglie.storage.types import TextEncoded, UTCDateTime, decoder_for, raw_for

Convert = Callable[[Any], Any]

FLOAT_LIMIT = 1e15  # any other float column: finite and within ±FLOAT_LIMIT
HLC = re.compile(r"[0-9]{15}:[0-9]{6}:[0-9a-f]{32}")
# The one form storage.types.encode_value writes for each kind: the change log keeps the value
# as sent and `check` compares it with the row re-encoded, so another spelling of the same day
# ("20261124"), time ("10"), instant (an offset) or id (upper case) would read as tampering.
CANONICAL: dict[str, re.Pattern[str]] = {
    "date": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
    "time": re.compile(r"[0-9]{2}:[0-9]{2}"),
    "datetime": re.compile(
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}\+00:00"
    ),
    "uuid": re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
}
SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class ColumnBound:
    """What a value of one column may be (None: the column's type says enough)."""

    table: str
    column: str
    kind: str  # text | enum | integer | number | boolean | date | datetime | time | uuid | bytes
    nullable: bool
    max_chars: int | None = None
    low: Any = None
    high: Any = None
    pattern: re.Pattern[str] | None = None
    document: Callable[[Any], None] | None = None  # a JSON document held in a text column
    choices: tuple[str, ...] = ()

    @property
    def field(self) -> str:
        return f"{self.table}.{self.column}"


@dataclass(frozen=True, slots=True)
class Narrowing:
    """A domain bound for one column, where the model's type is not enough."""

    low: Any = None
    high: Any = None
    pattern: re.Pattern[str] | None = None
    document: Callable[[Any], None] | None = None
    max_chars: int | None = None  # instead of the column's length


# The domain bounds (docs/bundle-format.md, "Values an importer checks").
DOMAIN_BOUNDS: dict[tuple[str, str], Narrowing] = {
    ("attachments", "size"): Narrowing(low=0, high=ATTACHMENT_MAX_BYTES),
    ("attachments", "sha256"): Narrowing(pattern=SHA256),
    ("attachments", "filename"): Narrowing(document=vb.file_name),
    ("service_activations", "authorised_hours"): Narrowing(low=0, high=1000),
    ("visits", "present_person_ids"): Narrowing(document=vb.uuid_list),
    ("visits", "observations"): Narrowing(
        document=vb.observations, max_chars=vb.MAX_OBSERVATIONS_CHARS
    ),
    # domain/places.py: a Belfiore code (A794, Z330), an ISO 3166-1 alpha-2 code (IT, MA)
    ("persons", "birthplace"): Narrowing(pattern=re.compile(r"[A-Z][0-9]{3}")),
    ("persons", "citizenship"): Narrowing(pattern=re.compile(r"[A-Z]{2}")),
    # Revision 0007
    ("cases", "comune"): Narrowing(pattern=re.compile(r"[A-Z][0-9]{3}")),
    ("visits", "goal_ids"): Narrowing(document=vb.goal_list),
    ("visits", "frozen"): Narrowing(document=vb.frozen_document, max_chars=vb.MAX_FROZEN_CHARS),
    ("ambito_settings", "foster_review_months"): Narrowing(low=1, high=24),
    ("ambito_settings", "placement_max_months"): Narrowing(low=1, high=60),
    ("ambito_settings", "missing_pei_after_days"): Narrowing(low=1, high=365),
    ("ambito_settings", "logo"): Narrowing(low=0, high=LOGO_MAX_BYTES),
    ("communities", "places"): Narrowing(low=0, high=500),
    ("community_activities", "minutes"): Narrowing(low=1, high=24 * 60),
    ("community_activities", "participants"): Narrowing(low=0, high=100_000),
}
# Every synchronised table: its version is an HLC stamp.
ALL_TABLES_BOUNDS: dict[str, Narrowing] = {"version_hlc": Narrowing(pattern=HLC)}


class ValueRefused(ValueError):
    """A value outside its column's bounds: names the field and the rule, never the value."""

    def __init__(self, field: str, rule: str) -> None:
        self.field = field
        self.rule = rule
        super().__init__(f"{field} {rule}")


def italian(rule: str) -> str:
    """A rule broken, in Italian, for the messages a person reads (CLI, GUI)."""
    if rule == "is required":
        return "è obbligatorio"
    if rule.startswith("out of range"):
        return "fuori dall'intervallo ammesso " + rule.removeprefix("out of range ")
    if rule.startswith("is longer than"):
        return "supera " + rule.removeprefix("is longer than ").replace("characters", "caratteri")
    if rule == "is not a finite number":
        return "non è un numero finito"
    if rule == "has more than 6 decimals":
        return "ha più di 6 decimali"
    return "non è valido: tipo o forma non ammessi"


def _kind(column_type: Any) -> str:
    if isinstance(column_type, Enum):
        return "enum"
    kinds: tuple[tuple[type, str], ...] = (
        (UTCDateTime, "datetime"),
        (Uuid, "uuid"),
        (Boolean, "boolean"),
        (Integer, "integer"),
        (Float, "number"),
        (Numeric, "number"),
        (Date, "date"),
        (Time, "time"),
        (LargeBinary, "bytes"),
        (String, "text"),
        (TextEncoded, "text"),  # a typed value bounded as the text it is stored as
    )
    for cls, kind in kinds:
        if isinstance(column_type, cls):
            return kind
    raise ValueError(f"no bound for {type(column_type).__name__}")


def _bound(table: str, column: str, column_type: Any, nullable: bool) -> ColumnBound:
    kind = _kind(column_type)
    narrow = DOMAIN_BOUNDS.get((table, column)) or ALL_TABLES_BOUNDS.get(column) or Narrowing()
    max_chars = None
    low, high = narrow.low, narrow.high
    choices: tuple[str, ...] = ()
    if kind == "text":
        max_chars = narrow.max_chars or column_type.length or MAX_TEXT
    elif kind == "enum":
        choices = tuple(member.value for member in column_type.enum_class)
    elif kind == "integer":
        low = vb.INT_MIN if low is None else low
        high = vb.INT_MAX if high is None else high
    elif kind == "number":
        low = -FLOAT_LIMIT if low is None else low
        high = FLOAT_LIMIT if high is None else high
    elif kind == "date":
        low, high = vb.DATE_MIN, vb.DATE_MAX
    elif kind == "datetime":
        low, high = vb.DATETIME_MIN, vb.DATETIME_MAX
    return ColumnBound(
        table,
        column,
        kind,
        nullable,
        max_chars,
        low,
        high,
        narrow.pattern,
        narrow.document,
        choices,
    )


def _table_bounds(model: type[m.SyncBase]) -> dict[str, ColumnBound]:
    out: dict[str, ColumnBound] = {}
    for attr in inspect(model).mapper.column_attrs:
        column = attr.columns[0]
        out[attr.key] = _bound(model.__tablename__, attr.key, column.type, bool(column.nullable))
    return out


# table -> column -> its bound, for every synchronised table.
BOUNDS: dict[str, dict[str, ColumnBound]] = {
    table: _table_bounds(model) for table, model in m.MODEL_BY_TABLE.items()
}


def describe(bound: ColumnBound) -> str:
    """The rule of a column in words (docs and tests)."""
    parts = [bound.kind]
    if bound.max_chars is not None:
        parts.append(f"at most {bound.max_chars} characters")
    if bound.low is not None:
        parts.append(f"{bound.low}..{bound.high}")
    if bound.pattern is not None:
        parts.append(f"matching {bound.pattern.pattern}")
    if bound.document is not None:
        parts.append(f"JSON checked by {bound.document.__name__}")
    if not bound.nullable:
        parts.append("required")
    return ", ".join(parts)


# ------------------------------------------------------------------------------ converters


def _range_check(bound: ColumnBound, raw: bool) -> Callable[[Any], str]:
    """The range rule on a converted value: stored text for dates and times in raw form (ISO
    text sorts as the dates do), Python values otherwise. Returns the rule broken, or ""."""
    low, high = bound.low, bound.high
    if bound.kind == "date" and raw:
        low, high = low.isoformat(), high.isoformat()
    elif bound.kind == "datetime" and raw:
        low, high = low.isoformat(timespec="microseconds"), high.isoformat(timespec="microseconds")
    shown = (
        f"{bound.low:%Y-%m-%d}..{bound.high:%Y-%m-%d}"
        if bound.kind in ("date", "datetime")
        else f"{bound.low}..{bound.high}"
    )
    rule = f"out of range ({shown})"

    def check(value: Any) -> str:
        return "" if low <= value <= high else rule  # NaN compares false: refused

    return check


def _text_check(bound: ColumnBound) -> Callable[[Any], str]:
    limit = bound.max_chars or MAX_TEXT
    pattern, document = bound.pattern, bound.document
    too_long = f"is longer than {limit} characters"
    shape = "has not the expected shape"

    def check(value: Any) -> str:
        if len(value) > limit:
            return too_long
        if pattern is not None and not pattern.fullmatch(value):
            return shape
        if document is not None:
            try:
                document(value)
            except vb.BoundError as exc:
                return exc.rule
        return ""

    return check


def _number_rule(value: float) -> str:
    """A float as the change log encodes it (storage.types.encode_value rounds to 6 decimals):
    a finer one would be stored as sent but logged rounded, and `check` would then fail."""
    if not math.isfinite(value):
        return "is not a finite number"
    if round(value, 6) != value:
        return "has more than 6 decimals"
    return ""


def _checker(bound: ColumnBound, raw: bool) -> Callable[[Any], str] | None:
    if bound.kind == "text":
        return _text_check(bound)
    if bound.kind == "bytes" and bound.high is not None:
        high, too_big = bound.high, f"is larger than {bound.high} bytes"
        return lambda v: too_big if len(v) > high else ""
    if bound.kind in ("integer", "number", "date", "datetime"):
        finite = bound.kind == "number"
        check = _range_check(bound, raw)
        if finite:
            return lambda v: _number_rule(v) or check(v)
        return check
    return None


def _bounded(bound: ColumnBound, convert: Convert, raw: bool) -> Convert:
    check = _checker(bound, raw)
    field, nullable = bound.field, bound.nullable
    canonical = CANONICAL.get(bound.kind)
    wrong = "has the wrong type or shape"

    def run(value: Any) -> Any:
        if value is None:
            if nullable:
                return None
            raise ValueRefused(field, "is required")
        if canonical is not None and not (isinstance(value, str) and canonical.fullmatch(value)):
            raise ValueRefused(field, "is not in its canonical form")
        try:
            out = convert(value)
            rule = "" if check is None else check(out)
        except (ValueError, TypeError, OverflowError):
            raise ValueRefused(field, wrong) from None
        if rule:
            raise ValueRefused(field, rule)
        return out

    return run


def _missing(bound: ColumnBound, value: Any, rule: str) -> None:
    """None where the column allows it; otherwise the refusal (`rule` for a value)."""
    if value is None:
        if bound.nullable:
            return None
        raise ValueRefused(bound.field, "is required")
    raise ValueRefused(bound.field, rule)


def _fast_raw(bound: ColumnBound) -> Convert | None:
    """The same checks as `_bounded` in raw form, in one closure, for the kinds most values
    are (plain text, enums, ids): apply checks 10,000 operations a bundle."""
    field = bound.field
    wrong = "has the wrong type or shape"
    if bound.kind == "text" and bound.pattern is None and bound.document is None:
        limit = bound.max_chars or MAX_TEXT
        too_long = f"is longer than {limit} characters"

        def text_raw(value: Any) -> Any:
            if isinstance(value, str):
                if len(value) <= limit:
                    return value
                raise ValueRefused(field, too_long)
            return _missing(bound, value, wrong)

        return text_raw
    if bound.kind == "enum":
        allowed = frozenset(bound.choices)

        def enum_raw(value: Any) -> Any:
            if isinstance(value, str) and value in allowed:
                return value
            return _missing(bound, value, wrong)

        return enum_raw
    if bound.kind == "uuid":
        canonical = CANONICAL["uuid"].fullmatch

        def uuid_raw(value: Any) -> Any:
            if isinstance(value, str) and canonical(value):
                return value.replace("-", "")
            return _missing(bound, value, "is not in its canonical form")

        return uuid_raw
    if bound.kind in ("date", "datetime"):
        return _fast_instant(bound)
    if bound.kind == "time":
        time_form = CANONICAL["time"].fullmatch

        def time_raw(value: Any) -> Any:
            if isinstance(value, str) and time_form(value):
                if int(value[:2]) < 24 and int(value[3:]) < 60:
                    return f"{value}:00.000000"
                raise ValueRefused(field, wrong)
            return _missing(bound, value, "is not in its canonical form")

        return time_raw
    return None


def _fast_instant(bound: ColumnBound) -> Convert:
    """A date or UTC instant in canonical form is stored as sent: it sorts as its value, so the
    range is compared on the text; `fromisoformat` only says it is a real day and time."""
    field = bound.field
    form = CANONICAL[bound.kind].fullmatch
    parse = dt.date.fromisoformat if bound.kind == "date" else dt.datetime.fromisoformat
    check = _range_check(bound, raw=True)

    def instant_raw(value: Any) -> Any:
        if isinstance(value, str) and form(value):
            try:
                parse(value)
            except ValueError:
                raise ValueRefused(field, "has the wrong type or shape") from None
            rule = check(value)
            if rule:
                raise ValueRefused(field, rule)
            return value
        return _missing(bound, value, "is not in its canonical form")

    return instant_raw


def _converters(table: str, make: Callable[[Any], Convert], raw: bool) -> dict[str, Convert]:
    model = m.MODEL_BY_TABLE[table]
    out: dict[str, Convert] = {}
    for attr in inspect(model).mapper.column_attrs:
        bound = BOUNDS[table][attr.key]
        column_type = attr.columns[0].type
        fast = _fast_raw(bound) if raw else None
        if isinstance(column_type, TextEncoded) and not raw:
            # the text is bounded, then read as the typed value the ORM takes
            out[attr.key] = _typed(_bounded(bound, raw_for(column_type), raw), column_type)
            continue
        out[attr.key] = fast or _bounded(bound, make(column_type), raw)
    return out


def _typed(checked: Convert, column_type: TextEncoded[Any]) -> Convert:
    decode = column_type.decode

    def run(value: Any) -> Any:
        text = checked(value)
        return None if text is None else decode(text)

    return run


def raw_converters(table: str) -> dict[str, Convert]:
    """Per column, JSON value -> the value SQLite stores, bounded (ValueRefused otherwise)."""
    return _converters(table, raw_for, raw=True)


def decoders(table: str) -> dict[str, Convert]:
    """Per column, JSON value -> the column's Python value, bounded (ValueRefused otherwise)."""
    return _converters(table, decoder_for, raw=False)
