"""storage/migrate.py: the revision list an opening compares with, without alembic, is the one
alembic reads from the packaged scripts."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory

from minorifamiglie.domain.errors import NewerProfileError
from minorifamiglie.storage import migrate


def test_the_packaged_revisions_are_alembics_own_oldest_first() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    walked = [rev.revision for rev in script.walk_revisions()]  # head first
    assert tuple(reversed(walked)) == migrate.PACKAGED_REVISIONS
    assert script.get_heads() == [migrate.head_revision()]


def test_a_revision_not_packaged_comes_from_a_newer_version() -> None:
    for revision in (None, *migrate.PACKAGED_REVISIONS):
        migrate.check_known(revision)
    with pytest.raises(NewerProfileError):
        migrate.check_known("9999")
