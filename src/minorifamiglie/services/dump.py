"""`dump --json`: every live record in a canonical order; converged devices print the same bytes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from minorifamiglie.domain.canonical import canonical_json
from minorifamiglie.storage import models as m
from minorifamiglie.storage.capture import NOT_LOGGED
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.types import encode_value, stored_encoder

DUMPED = tuple(sorted(m.SYNCED_MODELS, key=lambda model: model.__tablename__))
_BATCH = 1000


def _columns(model: type[m.SyncBase]) -> list[str]:
    """The dumped attributes in sorted order (canonical JSON sorts keys; so do we, once)."""
    skip = NOT_LOGGED.get(model.__tablename__, set())
    return sorted(a.key for a in inspect(model).mapper.column_attrs if a.key not in skip)


def _encoder(session: Session, column: Any) -> Callable[[Any], Any] | None:
    """How a value as SQLite stores it becomes what `encode_value` makes of the ORM's value,
    without the round trip through Python objects (None: as stored): `stored_encoder`, shared
    with `check`. Shapes the application does not write take the ORM's own way, so the bytes
    are those of the ORM whatever is stored."""
    process = column.type.result_processor(session.get_bind().dialect, None)

    def slow(raw: Any) -> Any:
        return encode_value(process(raw) if process else raw)

    return stored_encoder(column.type, slow)


def _rows(session: Session, model: type[m.SyncBase]) -> Iterator[list[dict[str, Any]]]:
    """Live rows by id as {attribute: encoded value}, in batches read straight from SQLite
    (memory stays bounded whatever the size of the table)."""
    names = _columns(model)
    columns = [getattr(model, name).property.columns[0] for name in names]
    encoders = [(i, enc) for i, c in enumerate(columns) if (enc := _encoder(session, c))]
    sql = (
        f"SELECT {', '.join(c.name for c in columns)} FROM {model.__tablename__} "  # noqa: S608
        "WHERE deleted_at IS NULL ORDER BY id"
    )
    result = session.connection().exec_driver_sql(sql)
    while batch := result.fetchmany(_BATCH):
        out = []
        for row in batch:
            values = list(row)
            for i, enc in encoders:
                values[i] = enc(values[i])
            out.append(dict(zip(names, values, strict=True)))
        yield out


def dump_chunks(opened: OpenProfile) -> Iterator[str]:
    """`dump_json`'s text piece by piece, one table row at a time, in one read transaction:
    the same bytes as `canonical_json` of the whole dump, without holding it."""
    with opened.read_session() as session:
        yield "{"
        for index, model in enumerate(DUMPED):
            yield ("," if index else "") + canonical_json(model.__tablename__) + ":["
            for number, batch in enumerate(_rows(session, model)):
                # one C-encoded list per batch, its brackets dropped: rows joined by commas
                yield ("," if number else "") + canonical_json(batch)[1:-1]
            yield "]"
        yield "}"


def dump(opened: OpenProfile) -> dict[str, list[dict[str, Any]]]:
    with opened.read_session() as session:
        return {
            model.__tablename__: [row for batch in _rows(session, model) for row in batch]
            for model in DUMPED
        }


def dump_json(opened: OpenProfile) -> str:
    return "".join(dump_chunks(opened))


class _Writer(Protocol):
    def write(self, text: str, /) -> int: ...


def write_dump(opened: OpenProfile, out: _Writer) -> None:
    """Stream the dump to `out` (the command line's standard output), followed by a newline."""
    pending: list[str] = []
    size = 0
    for piece in dump_chunks(opened):
        pending.append(piece)
        size += len(piece)
        if size >= 1 << 16:
            out.write("".join(pending))
            pending, size = [], 0
    pending.append("\n")
    out.write("".join(pending))
