"""Portable column types: UTC datetimes as ISO text, enums stored by value, typed domain values
as the JSON text they write (`TextEncoded`)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import Boolean, Enum, Integer, String, Text, Uuid
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from minorifamiglie.domain import observations as obs
from minorifamiglie.domain import present
from minorifamiglie.domain.present import PresentPersons

T = TypeVar("T")
_new_object = object.__new__
_set_slot = object.__setattr__
_SAFE_UNKNOWN = uuid.SafeUUID.unknown  # read once: each read of an enum member is a lookup


def uuid_from_stored(value: str) -> uuid.UUID:
    """The UUID of a stored id (32 lowercase hex digits, as `Uuid` writes it), without the
    general parser: `uuid.UUID(hex)` strips braces, dashes and "urn:" and checks the length
    for every one of the thousands of ids a list reads (32,000 for Oggi at 10,000 cases,
    a third of its time). Anything else goes through `uuid.UUID`, which names what is wrong."""
    if len(value) != 32 or not value.isascii() or not value.isalnum():
        return uuid.UUID(value)
    try:
        number = int(value, 16)
    except ValueError:  # a letter past f
        return uuid.UUID(value)
    made = _new_object(uuid.UUID)
    _set_slot(made, "int", number)
    _set_slot(made, "is_safe", _SAFE_UNKNOWN)
    return made


class FastUuid(Uuid[uuid.UUID]):
    """SQLAlchemy's `Uuid` (stored as 32 hex digits on SQLite), read by `uuid_from_stored`."""

    cache_ok = True

    def result_processor(self, dialect: Dialect, coltype: object) -> Callable[[Any], Any]:
        def process(value: Any) -> uuid.UUID | None:
            return None if value is None else uuid_from_stored(value)

        return process


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes, stored as sortable ISO-8601 text on every engine."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")

    def process_result_value(self, value: str | None, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else dt.datetime.fromisoformat(value)


class TextEncoded(TypeDecorator[T]):
    """A typed domain value stored as the text it encodes to (a JSON document in a TEXT column):
    the ORM gives and takes the value; SQLite, the change log, bundles, snapshots and hand-off
    files hold the text, byte for byte as before the value was typed. `decode` of a stored text
    and `encode` of that value give the text back exactly (the value keeps what it was read
    from), so the stored form is the logged form (`stored_encoder`: as stored), and the text
    alone crosses trust boundaries, bounded as text (storage/bounds.py)."""

    impl = Text
    cache_ok = True

    def encode(self, value: T) -> str:
        raise NotImplementedError

    def decode(self, text: str) -> T:
        raise NotImplementedError

    def process_bind_param(self, value: T | None, dialect: Dialect) -> str | None:
        return None if value is None else self.encode(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> T | None:
        return None if value is None else self.decode(value)


class PresentPersonsText(TextEncoded[PresentPersons]):
    """`Visit.present_person_ids`: domain/present.py, a JSON list of person ids."""

    cache_ok = True

    def encode(self, value: PresentPersons) -> str:
        return present.dump(value)

    def decode(self, text: str) -> PresentPersons:
        return present.parse(text)


class ObservationsText(TextEncoded[obs.Observations]):
    """`Visit.observations`: domain/observations.py, a JSON object of the observation items."""

    cache_ok = True

    def encode(self, value: obs.Observations) -> str:
        return obs.dump(value)

    def decode(self, text: str) -> obs.Observations:
        return obs.parse(text)


# The typed values stored as text: each logged, dumped and shown as that text.
TEXT_VALUES = (PresentPersons, obs.Observations)
_TEXT_OF: dict[type, Callable[[Any], str]] = {
    PresentPersons: present.dump,
    obs.Observations: obs.dump,
}


def enum_column(enum_cls: type[StrEnum]) -> Enum:
    return Enum(
        enum_cls,
        values_callable=lambda e: [m.value for m in e],
        native_enum=False,
        length=40,
        validate_strings=True,
        create_constraint=False,
    )


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def encode_value(value: Any) -> Any:
    """A column value as canonical JSON (for the change log, dumps and hashes)."""
    import base64
    import uuid

    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, TEXT_VALUES):
        return _TEXT_OF[type(value)](value)
    raise TypeError(f"cannot encode {type(value).__name__}")


def decode_value(column_type: Any, value: Any) -> Any:
    """The inverse of `encode_value` for a column's type: a JSON value from a synced operation
    back to what the column holds. Raises ValueError for a value of the wrong shape, so a
    malformed operation is refused instead of stored."""
    return decoder_for(column_type)(value)


def decoder_for(column_type: Any) -> Any:
    """The decoding function of a column type (None passes through), to look up once."""
    if isinstance(column_type, Enum) and column_type.enum_class is not None:
        enum_cls = column_type.enum_class
        return _nullable(lambda v: enum_cls(_text(v)))
    if isinstance(column_type, TextEncoded):
        typed = column_type.decode
        return _nullable(lambda v: typed(_text(v)))
    for kind, decode in _DECODERS:
        if isinstance(column_type, kind):
            return _nullable(decode)
    raise ValueError(f"no decoder for {type(column_type).__name__}")


def _nullable(decode: Any) -> Any:
    def run(value: Any) -> Any:
        return None if value is None else decode(value)

    return run


def _b64(value: Any) -> bytes:
    """Standard base64 written the one way encode_value writes it: with padding, and the
    unused low bits of the last character before it zero. Another spelling of the same bytes
    would be stored as sent but logged re-encoded, and `check` would then call it tampering."""
    import base64

    text = _text(value)
    if text.endswith("==") and text[-3:-2] not in _TWO_BITS_LAST:
        raise ValueError("base64 not canonical")
    if text.endswith("=") and not text.endswith("==") and text[-2:-1] not in _FOUR_BITS_LAST:
        raise ValueError("base64 not canonical")
    return base64.b64decode(text, validate=True)


_TWO_BITS_LAST = frozenset("AQgw")  # the 6-bit values whose low 4 bits are zero
_FOUR_BITS_LAST = frozenset("AEIMQUYcgkosw048")  # those whose low 2 bits are zero


def _uuid(value: Any) -> Any:
    import uuid

    return uuid.UUID(_text(value))


def _decoders() -> list[tuple[type, Any]]:
    from sqlalchemy import Boolean, Date, Float, Integer, LargeBinary, Numeric, Time, Uuid

    return [
        (UTCDateTime, _aware),
        (Uuid, _uuid),
        (Boolean, lambda v: _typed(v, bool)),
        (Integer, lambda v: _typed(v, int)),
        (Float, lambda v: float(_typed(v, int | float))),
        (Numeric, lambda v: float(_typed(v, int | float))),
        (Date, lambda v: dt.date.fromisoformat(_text(v))),
        (Time, lambda v: dt.time.fromisoformat(_text(v))),
        (LargeBinary, _b64),
        (String, _text),
    ]


def _aware(value: Any) -> dt.datetime:
    stamp = dt.datetime.fromisoformat(_text(value))
    if stamp.tzinfo is None:
        raise ValueError("naive datetime")
    return stamp


def _typed(value: Any, kind: Any) -> Any:
    if isinstance(value, bool) and kind is not bool:
        raise ValueError("a boolean where a number belongs")
    if not isinstance(value, kind):
        raise ValueError("wrong type")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value


_DECODERS = _decoders()


# ---------------------------------------------------------------------------- stored values
# The other way: what SQLite holds for a column, straight to `encode_value` of what the ORM
# would load (the inverse of `raw_for`), for readers that stream whole tables without objects
# (`dump`, `check`). Only the shapes the application writes are converted here; what to do with
# any other stored shape is the caller's: `dump` takes the ORM's own way, `check` reports it.

_ISO_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"\d{2}:\d{2}:\d{2}\.\d{6}")


def dashed_hex(raw: str) -> str:
    """A stored Uuid (32 hex digits) as `str(uuid.UUID(raw))`, without the object."""
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


def stored_encoder(column_type: Any, odd: Callable[[Any], Any]) -> Callable[[Any], Any] | None:
    """The function from a value as SQLite stores it in a column of this type to `encode_value`
    of the value the ORM loads; None where the two are the same (text, integers, enums). NULL
    stays None. A stored value of any shape the application does not write goes to `odd`: the
    caller decides (convert it the ORM's way, or raise to report it)."""
    if isinstance(column_type, Enum | String | Integer | TextEncoded) and not isinstance(
        column_type, Boolean | UTCDateTime
    ):
        return None
    for kind, make in _STORED:
        if isinstance(column_type, kind):
            return make(odd)
    raise ValueError(f"no stored form for {type(column_type).__name__}")


def _stored_datetime(odd: Callable[[Any], Any]) -> Callable[[Any], Any]:
    full = _ISO_UTC.fullmatch
    return lambda v: v if v is None or (type(v) is str and full(v)) else odd(v)


def _stored_uuid(odd: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def encode(v: Any) -> Any:
        if type(v) is str and len(v) == 32:
            return f"{v[:8]}-{v[8:12]}-{v[12:16]}-{v[16:20]}-{v[20:]}"
        return None if v is None else odd(v)

    return encode


def _stored_boolean(odd: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda v: None if v is None else (v == 1) if type(v) is int and v in (0, 1) else odd(v)


def _stored_number(odd: Callable[[Any], Any]) -> Callable[[Any], Any]:
    # REAL affinity: SQLite hands back a float for every number the application stores
    return lambda v: round(v, 6) if type(v) is float else None if v is None else odd(v)


def _stored_date(odd: Callable[[Any], Any]) -> Callable[[Any], Any]:
    full = _DATE.fullmatch
    return lambda v: v if v is None or (type(v) is str and full(v)) else odd(v)


def _stored_time(odd: Callable[[Any], Any]) -> Callable[[Any], Any]:
    full = _TIME.fullmatch
    return lambda v: v[:5] if type(v) is str and full(v) else None if v is None else odd(v)


def _stored_binary(odd: Callable[[Any], Any]) -> Callable[[Any], Any]:
    import base64

    encode = base64.b64encode
    return lambda v: (
        encode(v).decode("ascii") if type(v) is bytes else None if v is None else odd(v)
    )


def _stored_table() -> list[tuple[type, Callable[[Callable[[Any], Any]], Callable[[Any], Any]]]]:
    from sqlalchemy import Date, Float, LargeBinary, Numeric, Time, Uuid

    return [
        (UTCDateTime, _stored_datetime),
        (Uuid, _stored_uuid),
        (Boolean, _stored_boolean),
        (Float, _stored_number),
        (Numeric, _stored_number),
        (Date, _stored_date),
        (Time, _stored_time),
        (LargeBinary, _stored_binary),
    ]


_STORED = _stored_table()


# ------------------------------------------------------------------------------ raw values
# Sync inserts thousands of rows at once: for them a JSON value goes straight to what SQLite
# stores (the form SQLAlchemy's bind processors would produce), checked on the way. The unit
# test tests/unit/storage/test_types.py compares every synced table with the ORM's own writes.

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def raw_for(column_type: Any) -> Any:
    """The function from a JSON value to the value SQLite stores for this column type."""
    if isinstance(column_type, Enum) and column_type.enum_class is not None:
        allowed = frozenset(m.value for m in column_type.enum_class)

        def enum_raw(value: Any) -> Any:
            if value not in allowed:
                raise ValueError("not a known value")
            return value

        return _nullable(enum_raw)
    if isinstance(column_type, TextEncoded):
        return _nullable(_text)  # the text as sent: what the ORM would store of its value
    for kind, convert in _RAW:
        if isinstance(column_type, kind):
            return _nullable(convert)
    raise ValueError(f"no raw form for {type(column_type).__name__}")


def _raw_datetime(value: Any) -> str:
    if isinstance(value, str) and _ISO_UTC.fullmatch(value):
        _aware(value)  # a real date and time
        return value
    return _aware(value).astimezone(dt.UTC).isoformat(timespec="microseconds")


def _raw_uuid(value: Any) -> str:
    if isinstance(value, str) and _UUID.fullmatch(value):
        return value.replace("-", "")
    return str(_uuid(value).hex)


def _raw_time(value: Any) -> str:
    t = dt.time.fromisoformat(_text(value))
    return f"{t.hour:02d}:{t.minute:02d}:{t.second:02d}.{t.microsecond:06d}"


def _raw_date(value: Any) -> str:
    return dt.date.fromisoformat(_text(value)).isoformat()


def _raw_table() -> list[tuple[type, Any]]:
    from sqlalchemy import Boolean, Date, Float, Integer, LargeBinary, Numeric, Time, Uuid

    return [
        (UTCDateTime, _raw_datetime),
        (Uuid, _raw_uuid),
        (Boolean, lambda v: int(_typed(v, bool))),
        (Integer, lambda v: _typed(v, int)),
        (Float, lambda v: float(_typed(v, int | float))),
        (Numeric, lambda v: float(_typed(v, int | float))),
        (Date, _raw_date),
        (Time, _raw_time),
        (LargeBinary, _b64),
        (String, _text),
    ]


_RAW = _raw_table()
