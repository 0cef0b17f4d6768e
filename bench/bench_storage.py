"""Storage benchmark (`make bench`): the encrypted profile against a plain SQLite copy of itself.

A 2,000-case demo profile is created once under bench/out/ (gitignored) and reused. Each run
exports it with SQLCipher's `sqlcipher_export` into an unencrypted database (deleted at the end)
and, on a copy of its own, reads or writes the rows each operation touches with hand-written SQL
through the standard library's sqlite3 (no ORM, no services): the floor. A second column opens
the plain copy through the same SQLAlchemy engine set-up and the same services, with the
standard library's sqlite3 driver (the application on a plain copy). A third column opens the same
copy with sqlcipher3 and no key, so that what is left between it and the encrypted profile is the
encryption alone (the two SQLite builds differ too: 3.51 in SQLCipher, the system's in Python).
Every operation is repeated, the sides interleaved, and the medians compared (ratios against a
floor measured in the same run, because the machines are noisy: docs/architecture.md §14). Run on
demand, never as a timed test.

    .venv/bin/python bench/bench_storage.py [--repeat N] [--cases N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import sqlite3
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.pool import QueuePool

from minorifamiglie.config import DATABASE_FILE, PROFILE_FILE, ProfilePaths
from minorifamiglie.domain.enums import AuditAction, MemberRole, Role, VisitKind
from minorifamiglie.services import cases, demo, overview, profiles, visits
from minorifamiglie.storage import audit, migrate, profile
from minorifamiglie.storage import models as m
from minorifamiglie.storage.database import BUSY_TIMEOUT_MS, READ_ONLY, raw_connection
from minorifamiglie.storage.keyfile import read_keyfile
from minorifamiglie.storage.profile import OpenProfile
from minorifamiglie.storage.queries import SEARCH_NOTES

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
    raw: float  # the floor: hand-written SQL of the same rows, plain sqlite3, the plain copy
    goal: str
    ok: bool

    @property
    def ratio(self) -> float:
        return self.encrypted / self.plain

    @property
    def raw_ratio(self) -> float:
        return self.encrypted / self.raw

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


# ---------------------------------------------------------------- the floor: raw SQL


# Ambiti joined, the minors' names as list_cases shows them, every live case, in its order.
RAW_LIST = (
    "SELECT c.id, c.code, a.code, c.service, c.status, c.title, c.opened_on,"
    " (SELECT group_concat(p.first_name || ' ' || p.last_name, ', ') FROM persons p"
    "  JOIN case_members cm ON cm.person_id = p.id WHERE cm.case_id = c.id"
    "  AND cm.role = ? AND cm.deleted_at IS NULL AND p.deleted_at IS NULL)"
    " FROM cases c JOIN ambiti a ON a.id = c.ambito_id WHERE c.deleted_at IS NULL"
    " ORDER BY c.code, c.id"
)
CASE_TABLES = (
    "case_operators", "case_members", "measures", "service_activations", "goals", "deadlines",
    "placements", "attachments", "paper_sheets",
)  # fmt: skip


def raw_unlock(root: Path, plain_db: Path) -> None:
    """The KDF and unwrapping of the key, a connection to the plain copy, this device's state."""
    read_keyfile(root / PROFILE_FILE).unwrap(PASSPHRASE)
    conn = plain_connect(plain_db, sqlite3)
    try:
        conn.execute("SELECT key, value FROM local_state").fetchall()
    finally:
        conn.close()


def raw_list(conn: sqlite3.Connection) -> list[Any]:
    return conn.execute(RAW_LIST, (MemberRole.MINOR.value,)).fetchall()


def _copy_last(conn: sqlite3.Connection, table: str, key: str) -> None:
    """Append a row like the last one of `table` (a new sequence number)."""
    cur = conn.execute(f"SELECT * FROM {table} ORDER BY {key} DESC LIMIT 1")
    names = [d[0] for d in cur.description]
    row = list(cur.fetchone())
    row[names.index(key)] += 1
    marks = ", ".join("?" * len(names))
    conn.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", row)


def raw_show(conn: sqlite3.Connection, code: str) -> int:
    """The case, its ambito, every live row of the tables naming it, its people, its visits
    (newest first) and their amendments; then the view's audit row, in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    case_id, ambito = conn.execute(
        "SELECT id, ambito_id FROM cases WHERE upper(code) = upper(?) AND deleted_at IS NULL",
        (code,),
    ).fetchone()
    rows = conn.execute("SELECT * FROM cases WHERE id = ?", (case_id,)).fetchall()
    rows += conn.execute("SELECT * FROM ambiti WHERE id = ?", (ambito,)).fetchall()
    for table in CASE_TABLES:
        rows += conn.execute(
            f"SELECT * FROM {table} WHERE case_id = ? AND deleted_at IS NULL", (case_id,)
        ).fetchall()
    rows += conn.execute(
        "SELECT p.* FROM persons p JOIN case_members cm ON cm.person_id = p.id"
        " WHERE cm.case_id = ? AND cm.deleted_at IS NULL",
        (case_id,),
    ).fetchall()
    rows += conn.execute(
        "SELECT * FROM visits WHERE case_id = ? AND deleted_at IS NULL"
        " ORDER BY date DESC, start_time DESC",
        (case_id,),
    ).fetchall()
    rows += conn.execute(
        "SELECT a.* FROM visit_amendments a JOIN visits v ON v.id = a.visit_id"
        " WHERE v.case_id = ? AND a.deleted_at IS NULL",
        (case_id,),
    ).fetchall()
    _copy_last(conn, "audit_events", "seq")
    conn.execute("COMMIT")
    return len(rows)


def same_shape(old: Any) -> Any:
    """A new random id stored as `old` is (32 hex digits, 36 characters or 16 bytes)."""
    fresh = uuid.uuid4()
    if isinstance(old, bytes):
        return fresh.bytes
    return fresh.hex if len(old) == 32 else str(fresh)


def raw_add_visit(conn: sqlite3.Connection, code: str) -> None:
    """A visit row like one of the case's (a new id), its change-log row, one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    cur = conn.execute(
        "SELECT v.* FROM visits v JOIN cases c ON c.id = v.case_id WHERE c.code = ? LIMIT 1",
        (code,),
    )
    names = [d[0] for d in cur.description]
    row = list(cur.fetchone())
    visit_id = row[names.index("id")] = same_shape(row[names.index("id")])
    marks = ", ".join("?" * len(names))
    conn.execute(f"INSERT INTO visits ({', '.join(names)}) VALUES ({marks})", row)
    cur = conn.execute("SELECT * FROM changes ORDER BY seq DESC LIMIT 1")
    names = [d[0] for d in cur.description]
    change = list(cur.fetchone())
    change[names.index("seq")] += 1
    change[names.index("op_id")] = same_shape(change[names.index("op_id")])
    change[names.index("entity")], change[names.index("entity_id")] = "visits", visit_id
    marks = ", ".join("?" * len(names))
    conn.execute(f"INSERT INTO changes ({', '.join(names)}) VALUES ({marks})", change)
    conn.execute("COMMIT")


def raw_search(conn: sqlite3.Connection, query: str) -> list[Any]:
    """The application's own FTS5 statement, as plain sqlite3 runs it."""
    terms = [t for t in re.findall(r"\w+", query, flags=re.UNICODE) if t]
    match = " ".join(f'"{t}"*' for t in terms)
    return conn.execute(str(SEARCH_NOTES), {"q": match, "limit": 50}).fetchall()


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
    # The raw SQL floor writes rows of its own (audit, visits, change log): on a copy of its own,
    # so that the application's counters on the other copy never meet them.
    raw_db = OUT / f"plain-sql-{n_cases}" / DATABASE_FILE
    raw_db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(plain_root / DATABASE_FILE, raw_db)
    plain = unlock_plain(plain_root, device_id)
    plain_lib = unlock_plain(plain_root, device_id, sqlcipher3)
    sides = (enc, plain, plain_lib)
    raw = plain_connect(raw_db, sqlite3)
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

        e_unlock, p_unlock, l_unlock, r_unlock = medians(
            [
                unlocked(lambda: profiles.unlock(root, PASSPHRASE)),
                unlocked(lambda: unlock_plain(plain_root, device_id)),
                unlocked(lambda: unlock_plain(plain_root, device_id, sqlcipher3)),
                lambda: raw_unlock(root, raw_db),
            ],
            repeat,
        )
        results.append(
            Result("unlock (Argon2id + apertura)", e_unlock, p_unlock, l_unlock, r_unlock,
                   "< 1 s", e_unlock < 1.0)
        )  # fmt: skip

        def compare(
            name: str,
            fn: Callable[[OpenProfile], object],
            floor: Callable[[], object],
            limit: float | None,
        ) -> None:
            fns: list[Callable[[], object]] = [lambda o=o: fn(o) for o in sides]  # type: ignore[misc]
            e_time, p_time, l_time, r_time = medians([*fns, floor], repeat)
            if limit is None:
                goal, ok = "< 1.3x SQL", e_time / r_time < 1.3
            else:
                goal, ok = f"< {limit * 1000:.0f} ms", e_time < limit
            results.append(Result(name, e_time, p_time, l_time, r_time, goal, ok))

        assert len(raw_list(raw)) == len(cases.list_cases(enc))
        compare("list_cases (tutte)", cases.list_cases, lambda: raw_list(raw), None)
        compare(
            "show_case + list_visits",
            lambda o: (cases.show_case(o, case), visits.list_visits(o, case)),
            lambda: raw_show(raw, case),
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
            lambda: raw_add_visit(raw, case),
            None,
        )
        for query in SEARCHES:
            assert len(raw_search(raw, query)) == len(visits.search_notes(enc, query))
            compare(
                f"search_notes '{query}'",
                lambda o, q=query: visits.search_notes(o, q),  # type: ignore[misc]
                lambda q=query: raw_search(raw, q),  # type: ignore[misc]
                0.050,
            )
        return results
    finally:
        raw.close()
        for opened in sides:
            opened.close()
        # Synthetic data, but a plaintext database is not left lying around all the same.
        for suffix in ("", "-wal", "-shm"):
            Path(f"{plain_root / DATABASE_FILE}{suffix}").unlink(missing_ok=True)
            Path(f"{raw_db}{suffix}").unlink(missing_ok=True)


def print_table(results: list[Result]) -> None:
    head = (
        f"{'operazione':<34} {'cifrato':>9} {'SQL':>9} {'rapporto':>8} {'chiaro':>9}"
        f" {'cifr./ch':>8} {'chiaro*':>9} {'cifr./*':>8}  obiettivo"
    )
    print(head)
    print("-" * (len(head) + 14))
    for r in results:
        print(
            f"{r.name:<34} {ms(r.encrypted)} {ms(r.raw)} {r.raw_ratio:>7.2f}x"
            f" {ms(r.plain)} {r.ratio:>7.2f}x"
            f" {ms(r.plain_lib)} {r.cipher_ratio:>7.2f}x  {r.goal} {'ok' if r.ok else 'NO'}"
        )
    print(
        "\nTempi in millisecondi. SQL (il floor): le stesse righe lette o scritte con SQL scritto"
        "\na mano, sqlite3 della libreria standard, sulla copia non cifrata (sblocco: Argon2id e"
        "\nchiave, connessione, stato locale; show_case: le righe della cartella e la riga di"
        "\naudit; add_visit: la riga della visita e quella del registro; ricerca: la stessa"
        "\nquery FTS5). chiaro: l'applicazione stessa (ORM e servizi) sulla copia non cifrata"
        "\ncon sqlite3; chiaro*: la stessa copia con sqlcipher3 senza chiave (stessa build di"
        "\nSQLite del profilo), così cifr./* è il costo della sola cifratura."
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
