"""Storage benchmark (`make bench`): the encrypted profile against a plain SQLite copy of itself.

A 2,000-case demo profile is created once under bench/out/ (gitignored) and reused. Each run
exports it with SQLCipher's `sqlcipher_export` into an unencrypted database (deleted at the end)
and opens that copy through the same SQLAlchemy engine set-up and the same services, with the
standard library's sqlite3 driver: the floor. A third column opens the same
copy with sqlcipher3 and no key, so that what is left between it and the encrypted profile is the
encryption alone (the two SQLite builds differ too: 3.51 in SQLCipher, the system's in Python).
Every operation is repeated, the sides interleaved, and the medians compared (DESIGN 8: ratios
against a floor measured in the same run, because the machines are noisy). Run on demand, never as
a timed test.

    .venv/bin/python bench/bench_storage.py [--repeat N] [--cases N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.pool import QueuePool

from minorifamiglie.config import DATABASE_FILE, PROFILE_FILE, ProfilePaths
from minorifamiglie.domain.enums import AuditAction, Role, VisitKind
from minorifamiglie.services import cases, demo, overview, profiles, visits
from minorifamiglie.storage import audit, migrate, profile
from minorifamiglie.storage import models as m
from minorifamiglie.storage.database import BUSY_TIMEOUT_MS, READ_ONLY, raw_connection
from minorifamiglie.storage.keyfile import read_keyfile
from minorifamiglie.storage.profile import OpenProfile

OUT = Path(__file__).resolve().parent / "out"
PASSPHRASE = "bench bench bench"  # a synthetic profile in a gitignored folder
SEED = 1
SEARCHES = ("compiti", "madre orari serali")


@dataclass(frozen=True)
class Result:
    name: str
    encrypted: float  # median seconds
    plain: float  # the plain copy through the standard library's sqlite3
    plain_lib: float  # the plain copy through sqlcipher3 without a key: the same SQLite build
    goal: str
    ok: bool

    @property
    def ratio(self) -> float:
        return self.encrypted / self.plain

    @property
    def cipher_ratio(self) -> float:
        return self.encrypted / self.plain_lib


# ---------------------------------------------------------------- the two profiles


def ensure_profile(root: Path, n_cases: int) -> None:
    if (root / PROFILE_FILE).exists():
        return
    print(f"Creo il profilo di prova con {n_cases} cartelle in {root} (una volta sola)…")
    started = time.perf_counter()
    profiles.init_profile(root, PASSPHRASE, "Operatrice Bench", Role.EDUCATOR, "banco di prova")
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        demo.generate(opened, cases=n_cases, seed=SEED)
    finally:
        opened.close()
    print(f"  creato in {time.perf_counter() - started:.0f} s")


def export_plain(opened: OpenProfile, target: Path) -> None:
    """The same database, decrypted, with SQLCipher's own exporter."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with raw_connection(opened.paths.database, opened.master_key()) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(target),))
        conn.execute("SELECT sqlcipher_export('plain')")
        conn.execute("DETACH DATABASE plain")


def plain_connect(path: Path, driver: Any) -> Any:
    """`storage.database.connect_raw` without the key: the same pragmas, no encryption."""
    conn = driver.connect(
        str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA secure_delete = ON")
    return conn


def plain_engine(path: Path, driver: Any) -> Engine:
    """`storage.database.open_engine` with the plain connection."""
    engine = create_engine(
        "sqlite://",
        creator=lambda: plain_connect(path, driver),
        module=driver,
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=0,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # as the application's engine: reads (read_session) begin a deferred transaction
        reading = conn.get_execution_options().get(READ_ONLY)
        conn.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

    with engine.connect():
        pass
    return engine


def unlock_plain(root: Path, device_id: Any, driver: Any = sqlite3) -> OpenProfile:
    """`services.profiles.unlock` minus the key: open, check migrations, log the unlock."""
    engine = plain_engine(root / DATABASE_FILE, driver)
    migrate.upgrade(engine)
    opened = profile._open(ProfilePaths(root), device_id, engine, bytes(32))
    with opened.session() as session:
        audit.append(session, AuditAction.UNLOCK)
    return opened


# ---------------------------------------------------------------- measuring


def medians(fns: list[Callable[[], object]], repeat: int) -> list[float]:
    """Median time of each function, run in turns so that noise hits them alike."""
    for fn in fns:
        fn()  # warm caches and pools first
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, spent in zip(fns, times, strict=True):
            started = time.perf_counter()
            fn()
            spent.append(time.perf_counter() - started)
    return [statistics.median(t) for t in times]


def run(n_cases: int, repeat: int) -> list[Result]:
    root = OUT / f"profile-{n_cases}"
    plain_root = OUT / f"plain-{n_cases}"
    ensure_profile(root, n_cases)
    device_id = read_keyfile(root / PROFILE_FILE).device_id

    enc = profiles.unlock(root, PASSPHRASE)
    started = time.perf_counter()
    export_plain(enc, plain_root / DATABASE_FILE)
    exported = time.perf_counter() - started
    plain = unlock_plain(plain_root, device_id)
    plain_lib = unlock_plain(plain_root, device_id, sqlcipher3)
    sides = (enc, plain, plain_lib)
    try:
        info = overview.overview(enc)
        case = info.busiest_case
        assert case is not None
        with enc.session() as session:
            n_visits = session.execute(select(func.count()).select_from(m.VisitRow)).scalar_one()
        size = (root / DATABASE_FILE).stat().st_size / 2**20
        print(
            f"Profilo: {info.cases} cartelle, {n_visits} visite, {size:.0f} MiB cifrati "
            f"(copia in chiaro esportata in {exported:.1f} s); cartella di prova {case} con "
            f"{len(visits.list_visits(enc, case))} visite; mediane di {repeat} ripetizioni.\n"
        )
        results = []

        def unlocked(opener: Callable[[], OpenProfile]) -> Callable[[], None]:
            return lambda: opener().close()

        e_unlock, p_unlock, l_unlock = medians(
            [
                unlocked(lambda: profiles.unlock(root, PASSPHRASE)),
                unlocked(lambda: unlock_plain(plain_root, device_id)),
                unlocked(lambda: unlock_plain(plain_root, device_id, sqlcipher3)),
            ],
            repeat,
        )
        results.append(
            Result("unlock (Argon2id + apertura)", e_unlock, p_unlock, l_unlock, "< 1 s",
                   e_unlock < 1.0)
        )  # fmt: skip

        def compare(name: str, fn: Callable[[OpenProfile], object], limit: float | None) -> None:
            e_time, p_time, l_time = medians([lambda o=o: fn(o) for o in sides], repeat)
            if limit is None:
                goal, ok = "< 1.3x chiaro", e_time / p_time < 1.3
            else:
                goal, ok = f"< {limit * 1000:.0f} ms", e_time < limit
            results.append(Result(name, e_time, p_time, l_time, goal, ok))

        compare("list_cases (tutte)", cases.list_cases, None)
        compare(
            "show_case + list_visits",
            lambda o: (cases.show_case(o, case), visits.list_visits(o, case)),
            None,
        )
        today = dt.date.today()
        compare(
            "add_visit (bozza)",
            lambda o: visits.add_visit(
                o,
                case=case,
                date=today,
                start=dt.time(15, 0),
                end=dt.time(16, 30),
                kind=VisitKind.HOME_VISIT,
                place="Domicilio",
                notes="Visita di prova del banco di misura: compiti e merenda.",
            ),
            None,
        )
        for query in SEARCHES:
            compare(f"search_notes '{query}'", lambda o, q=query: visits.search_notes(o, q), 0.050)
        return results
    finally:
        for opened in sides:
            opened.close()
        # Synthetic data, but a plaintext database is not left lying around all the same.
        for suffix in ("", "-wal", "-shm"):
            Path(f"{plain_root / DATABASE_FILE}{suffix}").unlink(missing_ok=True)


def print_table(results: list[Result]) -> None:
    head = (
        f"{'operazione':<34} {'cifrato':>9} {'chiaro':>9} {'rapporto':>8}"
        f" {'chiaro*':>9} {'cifr./*':>8}  obiettivo"
    )
    print(head)
    print("-" * (len(head) + 14))
    for r in results:
        print(
            f"{r.name:<34} {ms(r.encrypted)} {ms(r.plain)} {r.ratio:>7.2f}x"
            f" {ms(r.plain_lib)} {r.cipher_ratio:>7.2f}x  {r.goal} {'ok' if r.ok else 'NO'}"
        )
    print(
        "\nTempi in millisecondi. chiaro: la copia non cifrata con sqlite3 della libreria standard;"
        "\nchiaro*: la stessa copia con sqlcipher3 senza chiave (stessa build di SQLite del"
        "\nprofilo), così cifr./* è il costo della sola cifratura."
    )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:9.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    results = run(args.cases, args.repeat)
    print_table(results)
    return 0  # a report, not a gate: the goals are read by people, on noisy machines


if __name__ == "__main__":
    sys.exit(main())
