"""storage/compiled_cache.py: the engines of one process share their compiled SQL, each still
reading its own encrypted file, and the cache keeps no closed profile (nor its key) alive."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, select

from minorifamiglie.domain.enums import Service
from minorifamiglie.services import cases, profiles
from minorifamiglie.storage.compiled_cache import CompiledCache
from minorifamiglie.storage.models import CaseRow
from support.clock import TODAY
from support.profiles import PASSPHRASE, ProfileCopies


def _codes_and_hit(engine: Engine) -> tuple[list[str], bool]:
    # A statement no other test runs, so the first engine here is the one that compiles it.
    query = select(CaseRow.code).where(CaseRow.title.like("%compilata una volta%"))
    with engine.connect() as conn:
        result = conn.execute(query.order_by(CaseRow.code.desc()))
        hit = result.context.cache_hit == engine.dialect.CACHE_HIT
        return list(result.scalars()), hit


def test_a_statement_compiled_for_one_profile_is_reused_by_another_which_reads_its_own_rows(
    tmp_path: Path, profile_copy: ProfileCopies
) -> None:
    first = profiles.unlock(profile_copy(tmp_path / "a"), PASSPHRASE)
    second = profiles.unlock(profile_copy(tmp_path / "b", device="portatile-b"), PASSPHRASE)
    try:
        for opened, title in ((first, "Famiglia R."), (second, "Famiglia T.")):
            cases.add_case(
                opened,
                ambito="VBR",
                service=Service.ADM,
                title=f"{title} compilata una volta",
                minor_first_name="Aurora",
                minor_last_name="Rota",
                today=TODAY,
            )
        assert first.engine.dialect is not second.engine.dialect  # two engines, two dialects
        codes_first, _ = _codes_and_hit(first.engine)
        codes_second, hit = _codes_and_hit(second.engine)
        assert hit  # the second engine did not compile it again
        # and each read its own file: the same statement, the other profile's case
        assert len(codes_first) == len(codes_second) == 1
        assert cases.list_cases(first)[0].title == "Famiglia R. compilata una volta"
        assert cases.list_cases(second)[0].title == "Famiglia T. compilata una volta"
        assert codes_first == [cases.list_cases(first)[0].code]
        assert codes_second == [cases.list_cases(second)[0].code]
    finally:
        first.close()
        second.close()


def test_a_write_on_a_second_profile_compiles_nothing_the_first_compiled(
    tmp_path: Path, profile_copy: ProfileCopies
) -> None:
    # The same write on two profiles: on the second, every statement SQLAlchemy compiles, the
    # queries and the flush's INSERTs and UPDATEs (cases, persons, the change log, the audit),
    # comes from the cache.
    first = profiles.unlock(profile_copy(tmp_path / "a"), PASSPHRASE)
    second = profiles.unlock(profile_copy(tmp_path / "b", device="portatile-b"), PASSPHRASE)
    seen: list[tuple[str, Any]] = []

    def note(_conn: Any, _cursor: Any, statement: str, _p: Any, context: Any, _m: Any) -> None:
        seen.append((statement.split("(", maxsplit=1)[0].strip(), context.cache_hit))

    try:
        for opened in (first, second):
            seen.clear()
            event.listen(opened.engine, "after_cursor_execute", note)
            cases.add_case(
                opened, ambito="VBR", service=Service.ADM, title="Famiglia R.",
                minor_first_name="Aurora", minor_last_name="Rota", today=TODAY,
            )  # fmt: skip
            event.remove(opened.engine, "after_cursor_execute", note)
        dialect = second.engine.dialect
        inserts = {s for s, hit in seen if s.startswith("INSERT INTO")}
        assert {"INSERT INTO cases", "INSERT INTO persons", "INSERT INTO changes"} <= inserts
        assert any(s.startswith("UPDATE") for s, _ in seen)  # the clock in local_state
        assert [s for s, hit in seen if hit == dialect.CACHE_MISS] == []
        assert [s for s, hit in seen if hit == dialect.CACHE_HIT]
    finally:
        first.close()
        second.close()


def test_a_closed_profiles_engine_is_not_kept_alive_by_the_cache(
    tmp_path: Path, profile_copy: ProfileCopies
) -> None:
    opened = profiles.unlock(profile_copy(tmp_path / "profilo"), PASSPHRASE)
    cases.list_cases(opened)  # compiles (or reuses) statements through this engine
    engine = weakref.ref(opened.engine)
    pool = weakref.ref(opened.engine.pool)  # holds the connection factory, and so the key
    opened.close()
    del opened
    gc.collect()
    assert engine() is None
    assert pool() is None


class _Dialect:
    def __init__(self, version: tuple[int, ...]) -> None:
        self.server_version_info = version


def test_keys_are_the_dialects_kind_and_the_least_recently_used_go_first() -> None:
    cache = CompiledCache(capacity=2)
    one, other = _Dialect((3, 46, 1)), _Dialect((3, 46, 1))
    older = _Dialect((3, 39, 0))
    compiled: list[Any] = [object() for _ in range(4)]
    cache[(one, "select a", (), False, False)] = compiled[0]
    assert cache.get((other, "select a", (), False, False)) is compiled[0]  # same kind
    assert cache.get((older, "select a", (), False, False)) is None  # another SQLite
    assert cache.get((one, "select a", (), False, True)) is None  # executemany differs
    cache[(one, "select b", (), False, False)] = compiled[1]
    cache.get((one, "select a", (), False, False))  # used: b is now the oldest
    cache[(one, "select c", (), False, False)] = compiled[2]
    assert len(cache) == 2
    assert cache.get((one, "select b", (), False, False), "no") == "no"
    assert cache.get((one, "select a", (), False, False)) is compiled[0]
    assert cache.get((one, "select c", (), False, False)) is compiled[2]
