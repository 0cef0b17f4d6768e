"""Alembic environment: always run on a keyed connection handed over by storage.migrate."""

from __future__ import annotations

from alembic import context

from minorifamiglie.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only through storage.migrate
    raise RuntimeError("migrations run through minorifamiglie.storage.migrate only")

context.configure(
    connection=connection, target_metadata=Base.metadata, render_as_batch=True, compare_type=True
)
with context.begin_transaction():
    context.run_migrations()
