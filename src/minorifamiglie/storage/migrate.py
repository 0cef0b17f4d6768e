"""Apply the packaged alembic migrations to a keyed engine.

Opening a profile at the newest schema, the common case, never imports alembic (with mako,
pygments and asyncio, about a tenth of a second before any work, and more to parse the scripts):
the stored revision is read with a plain query and compared with `PACKAGED_REVISIONS`. alembic is
imported only to build or upgrade a schema.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from minorifamiglie.domain.errors import NewerProfileError
from minorifamiglie.storage.database import reader_connection

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

# Every packaged revision, oldest first: add a new one here with its script. A test compares this
# list with alembic's own reading of migrations/versions, so the two cannot disagree.
PACKAGED_REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    location = resources.files("minorifamiglie.storage") / "migrations"
    cfg.set_main_option("script_location", str(location))
    cfg.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s")
    return cfg


def head_revision() -> str:
    """The newest packaged revision."""
    return PACKAGED_REVISIONS[-1]


def known_revisions() -> frozenset[str]:
    """Every packaged revision: a database at any other one was written by a newer version."""
    return frozenset(PACKAGED_REVISIONS)


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
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> bool:
    """Bring the database to the newest revision; True when something was applied."""
    if current_revision(engine) == head_revision():
        return False
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return True
