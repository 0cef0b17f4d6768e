"""`dump --json`: every live record in a canonical order; converged devices print the same bytes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from minorifamiglie.storage import models as m
from minorifamiglie.storage.capture import row_values
from minorifamiglie.storage.chain import canonical_json
from minorifamiglie.storage.profile import OpenProfile

DUMPED = tuple(sorted(m.SYNCED_MODELS, key=lambda model: model.__tablename__))


def dump(opened: OpenProfile) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    with opened.session() as session:
        for model in DUMPED:
            rows = session.execute(
                select(model).where(model.deleted_at.is_(None)).order_by(model.id)
            ).scalars()
            out[model.__tablename__] = [row_values(r) for r in rows]
    return out


def dump_json(opened: OpenProfile) -> str:
    return canonical_json(dump(opened))
