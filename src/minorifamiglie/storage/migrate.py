"""Apply the packaged alembic migrations to a keyed engine."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from minorifamiglie.domain.errors import NewerProfileError
from minorifamiglie.storage.database import reader_connection


def alembic_config() -> Config:
    cfg = Config()
    location = resources.files("minorifamiglie.storage") / "migrations"
    cfg.set_main_option("script_location", str(location))
    cfg.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s")
    return cfg


@functools.cache
def head_revision() -> str:
    """The newest packaged revision (read once: parsing the scripts costs tens of ms)."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError("no migrations packaged")
    return head


@functools.cache
def known_revisions() -> frozenset[str]:
    """Every packaged revision: a database at any other one was written by a newer version."""
    script = ScriptDirectory.from_config(alembic_config())
    return frozenset(rev.revision for rev in script.walk_revisions())


def stored_revision(path: Path, master_key: bytes) -> str | None:
    """The database's revision, read without writing anything (None: no schema yet)."""
    with reader_connection(path, master_key) as conn:
        found = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        if found is None:
            return None
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    if len(rows) != 1:
        raise NewerProfileError  # several heads: a branch this version never wrote
    return str(rows[0][0])


def check_known(revision: str | None) -> None:
    """Refuse a database this version does not know: it comes from a newer one."""
    if revision is not None and revision not in known_revisions():
        raise NewerProfileError


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> bool:
    """Bring the database to the newest revision; True when something was applied."""
    if current_revision(engine) == head_revision():
        return False
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return True
