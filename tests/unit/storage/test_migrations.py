"""The packaged alembic migrations: the head builds exactly the models, seeds the 14 Ambiti with
ids every device agrees on, and keeps the visit-notes index in step through triggers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, select, text

from minorifamiglie.domain import entities as e
from minorifamiglie.domain.ambiti import AMBITI, ambito_id
from minorifamiglie.domain.enums import Role, Service
from minorifamiglie.services import cases, visits
from minorifamiglie.storage import migrate
from minorifamiglie.storage.models import AmbitoRow, Base
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.repository import Repository
from support.clock import TODAY

# The full-text index is SQLite-only by design, outside the models (docs/architecture.md §3).
FTS_TABLES = ("visit_fts", "visit_fts_data", "visit_fts_idx", "visit_fts_docsize",
              "visit_fts_config")  # fmt: skip


def differences(engine: Engine) -> list[Any]:
    def include_name(name: str | None, type_: str, _parents: dict[str, str | None]) -> bool:
        return not (type_ == "table" and name in FTS_TABLES)

    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "compare_server_default": True,
                "include_name": include_name,
            },
        )
        return list(compare_metadata(context, Base.metadata))


def test_a_new_profile_is_at_the_head_revision(opened: OpenProfile) -> None:
    assert migrate.current_revision(opened.engine) == migrate.head_revision()
    assert migrate.upgrade(opened.engine) is False  # nothing left to apply


def test_the_head_schema_matches_the_models(opened: OpenProfile) -> None:
    assert differences(opened.engine) == []


def test_the_fts_tables_are_the_only_tables_outside_the_models(opened: OpenProfile) -> None:
    with opened.engine.connect() as conn:
        tables = set(
            conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'")).scalars()
        )
    assert tables - set(Base.metadata.tables) == {*FTS_TABLES, "alembic_version"}


def test_the_14_ambiti_are_seeded_with_deterministic_ids(opened: OpenProfile) -> None:
    with opened.session() as session:
        rows = session.execute(select(AmbitoRow).order_by(AmbitoRow.code)).scalars().all()
    assert len(rows) == 14
    assert {(r.code, r.name) for r in rows} == set(AMBITI)
    assert all(r.id == ambito_id(r.code) for r in rows)
    assert all(r.deleted_at is None for r in rows)


def test_two_devices_seed_the_same_ambiti(opened: OpenProfile, tmp_path: Path) -> None:
    from minorifamiglie.services import profiles
    from minorifamiglie.storage.keyfile import KdfParams

    other = tmp_path / "altro"
    fast = KdfParams(time_cost=1, memory_cost_kib=8 * 1024, parallelism=1)
    profiles.init_profile(other, "un'altra passphrase", "Marco Rota", Role.COORDINATOR, kdf=fast)
    second = profiles.unlock(other, "un'altra passphrase")
    try:
        for op in (opened, second):
            with op.session() as session:
                ids = {a.code: a.id for a in Repository(session).find(e.Ambito)}
            assert ids == {code: ambito_id(code) for code, _ in AMBITI}
    finally:
        second.close()


def test_the_migration_keeps_its_own_frozen_copy_of_the_seed() -> None:
    # Migrations never import the live domain; the copy must agree with it at this revision.
    import importlib.util

    from minorifamiglie.domain.ids import SEED_NAMESPACE

    path = next(Path(migrate.__file__).parent.glob("migrations/versions/*_0001_*.py"))
    spec = importlib.util.spec_from_file_location("rev0001", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.AMBITI == AMBITI
    assert module.SEED_NAMESPACE == SEED_NAMESPACE


def fts_ids(opened: OpenProfile, word: str) -> list[str]:
    with opened.engine.connect() as conn:
        return list(
            conn.execute(
                text(
                    "SELECT v.id FROM visit_fts JOIN visits v ON v.rowid = visit_fts.rowid "
                    "WHERE visit_fts MATCH :q"
                ),
                {"q": word},
            ).scalars()
        )


def test_the_visit_index_follows_inserts_updates_and_deletes(opened: OpenProfile) -> None:
    case = cases.add_case(opened, ambito="VIM", service=Service.ADM, today=TODAY)
    visit = visits.add_visit(
        opened,
        case=str(case.id),
        date=TODAY,
        start=dt.time(14, 0),
        end=dt.time(15, 30),
        notes="Merenda e compiti di geografia",
        facts="Casa in ordine",
        next_steps="Prossima settimana ripasso",
        today=TODAY,
    )
    assert fts_ids(opened, "geografia") == [visit.id.hex]
    assert fts_ids(opened, "ordine") == [visit.id.hex]  # facts are indexed too
    assert fts_ids(opened, "ripasso") == [visit.id.hex]

    visits.update_draft(opened, visit.id, today=TODAY, notes="Uscita al parco giochi")
    assert fts_ids(opened, "geografia") == []
    assert fts_ids(opened, "parco") == [visit.id.hex]
    # remove_diacritics: "citta" finds "città"
    visits.update_draft(opened, visit.id, today=TODAY, notes="Giro in città")
    assert fts_ids(opened, "citta") == [visit.id.hex]

    # A hard delete never happens through the application; the trigger still keeps the index
    # consistent if a migration or a repair ever removes rows.
    with opened.engine.connect() as conn:
        conn.execute(text("DELETE FROM visits WHERE id = :id"), {"id": visit.id.hex})
        # Ask the index itself (rowids), not the join: a stale entry would still match.
        stale = conn.execute(text("SELECT rowid FROM visit_fts WHERE visit_fts MATCH 'citta'"))
        assert stale.all() == []
        conn.rollback()
    assert fts_ids(opened, "citta") == [visit.id.hex]


def test_the_schema_downgrades_to_nothing_and_upgrades_again(opened: OpenProfile) -> None:
    cfg = migrate.alembic_config()
    with opened.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    with opened.engine.connect() as conn:
        left = set(
            conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'")).scalars()
        )
    assert left <= {"alembic_version"}
    assert migrate.upgrade(opened.engine) is True
    assert differences(opened.engine) == []


GOLDEN_0005 = Path(__file__).resolve().parents[2] / "data" / "profile-0005"


def test_revision_0006_makes_an_old_code_canonical_through_the_change_log(tmp_path: Path) -> None:
    import shutil

    from minorifamiglie.services import integrity, profiles
    from minorifamiglie.storage.database import raw_connection
    from minorifamiglie.storage.keyfile import read_keyfile
    from minorifamiglie.storage.models import ChangeRow, PersonRow

    # Given a profile of revision 0005 whose child's code is stored as versions before the
    # check let it be typed (the shape: "RTOGLI-20C55A794P", 17 characters)
    root = tmp_path / "profilo"
    shutil.copytree(GOLDEN_0005, root)
    passphrase = "passphrase dorata di prova"  # tests/data/README.md
    key = read_keyfile(root / "profile.json").unwrap(passphrase)
    with raw_connection(root / "cartelle.db", key) as conn:
        [(stored,)] = conn.execute(
            "SELECT tax_code FROM persons WHERE tax_code IS NOT NULL"
        ).fetchall()
        conn.execute(
            "UPDATE persons SET tax_code = ? WHERE tax_code = ?",
            (f"{stored[:6]}-{stored[6:].lower()}", stored),
        )
        conn.commit()
    # When today's code opens it (revision 0006 and its data step, and every one after)
    opened = profiles.unlock(root, passphrase)
    try:
        assert migrate.current_revision(opened.engine) == migrate.head_revision()
        with opened.read_session() as session:
            person = session.execute(
                select(PersonRow).where(PersonRow.tax_code.is_not(None))
            ).scalar_one()
            last = session.execute(
                select(ChangeRow.kind, ChangeRow.data, ChangeRow.device_id)
                .where(ChangeRow.entity == "persons", ChangeRow.entity_id == person.id)
                .order_by(ChangeRow.seq.desc())
                .limit(1)
            ).one()
        # Then the code is canonical, written by an operation of this device (so teammates
        # receive it), and `check` finds every row as the log says
        assert person.tax_code == stored
        assert last.kind == "update" and stored in last.data
        assert last.device_id == opened.device_id
        assert (person.sex, person.birthplace, person.citizenship, person.msna) == (
            None, None, None, None,
        )  # fmt: skip
        assert integrity.check(opened).sound
        # And a value written in a new column behind the application's back is still found
        with opened.engine.begin() as conn:
            conn.execute(text("UPDATE persons SET msna = 1 WHERE first_name = 'Rosa'"))
        assert integrity.check(opened).rows_mismatched == {"persons": 1}
    finally:
        opened.close()
