"""Portable column types: UTC datetimes as ISO text, enums stored by value."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Any

from sqlalchemy import Enum, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


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
    for kind, decode in _DECODERS:
        if isinstance(column_type, kind):
            return _nullable(decode)
    raise ValueError(f"no decoder for {type(column_type).__name__}")


def _nullable(decode: Any) -> Any:
    def run(value: Any) -> Any:
        return None if value is None else decode(value)

    return run


def _b64(value: Any) -> bytes:
    import base64

    return base64.b64decode(_text(value), validate=True)


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


# ------------------------------------------------------------------------------ raw values
# Sync inserts thousands of rows at once: for them a JSON value goes straight to what SQLite
# stores (the form SQLAlchemy's bind processors would produce), checked on the way. The unit
# test tests/unit/storage/test_types.py compares every synced table with the ORM's own writes.

_ISO_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00")
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
