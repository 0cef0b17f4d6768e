"""Whole-profile streams (`make bench`): `dump --json`, the first publish and `team admit`,
through the real command line on the demo profiles, beside a plain scan of the same tables.

Each command runs in its own process on a copy of bench_storage.py's demo profile (2,000 and,
with --cases, 10,000 cases; the real Argon2 settings, so the unlock's own peak is in the
figure), and its wall time and peak resident memory (the child's ru_maxrss) are read. The floor
is the same work done the plainest way, in its own process too: the rows the command reads,
selected with raw SQL through the standard library's sqlite3 on a plain copy of the database
(exported once with sqlcipher_export), fetched and dropped (every live row of the synced tables
by id for dump; the whole change log by seq for publish and admit). Goals (issue 12): peak under
300 MB at 10,000 cases, time within 5x the floor. A report, not a gate.

    .venv/bin/python bench/bench_stream.py [--cases 2000 10000] [--cache DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_storage  # noqa: E402  - the demo profiles, made once and reused
from minorifamiglie.config import DATABASE_FILE  # noqa: E402
from minorifamiglie.services import dump  # noqa: E402

PASSPHRASE = bench_storage.PASSPHRASE
CLI = [sys.executable, "-m", "minorifamiglie"]
GOAL_MB = 300


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float


def measured(argv: list[str]) -> Run:
    """Wall time and peak RSS of a child process (its output thrown away). Through
    /usr/bin/time: Linux carries the forking process's high-water mark into the child's
    ru_maxrss across exec, so a child forked from this (large) process would report ours."""
    started = time.perf_counter()
    proc = subprocess.run(
        ["/usr/bin/time", "-f", "maxrss-kib %M", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    spent = time.perf_counter() - started
    lines = proc.stderr.strip().splitlines()
    if proc.returncode != 0 or not lines or not lines[-1].startswith("maxrss-kib "):
        raise SystemExit(f"{argv[3:6]} failed ({proc.returncode}): {proc.stderr[-300:]}")
    return Run(spent, int(lines[-1].split()[1]) / 1024)


def _floor_sql(what: str) -> list[str]:
    tables = [model.__tablename__ for model in dump.DUMPED]
    if what == "dump":
        return [f"SELECT * FROM {t} WHERE deleted_at IS NULL ORDER BY id" for t in tables]
    return ["SELECT * FROM changes ORDER BY seq"]


def floor_scan(plain_db: Path, what: str) -> Run:
    code = (
        "import sqlite3, sys\n"
        f"conn = sqlite3.connect({str(plain_db)!r})\n"
        f"for q in {_floor_sql(what)!r}:\n"
        "    cur = conn.execute(q)\n"
        "    while cur.fetchmany(1000):\n"
        "        pass\n"
    )
    return measured([sys.executable, "-c", code])


def cipher_scan(db: Path, key_file: Path, what: str) -> Run:
    """The same scan on the encrypted database itself (sqlcipher3, the profile's raw key read
    from a private file): what reading costs before any work, as bench_check's floor."""
    code = (
        "import sqlcipher3\n"
        f"key = open({str(key_file)!r}).read().strip()\n"
        f"conn = sqlcipher3.connect({str(db)!r})\n"
        'conn.execute(f"PRAGMA key = \\"x\'{key}\'\\"")\n'
        f"for q in {_floor_sql(what)!r}:\n"
        "    cur = conn.execute(q)\n"
        "    while cur.fetchmany(1000):\n"
        "        pass\n"
    )
    return measured([sys.executable, "-c", code])


def plain_copy(root: Path, target: Path, key_file: Path) -> None:
    """The plain copy of the floor, and the profile's raw key in `key_file` (0600) for the
    scan of the encrypted file."""
    from minorifamiglie.services import profiles

    opened = profiles.unlock(root, PASSPHRASE)
    try:
        bench_storage.export_plain(opened, target)
        key_file.touch(mode=0o600)
        key_file.write_text(opened.master_key().hex())
    finally:
        opened.close()


def cli(root: Path, pass_file: Path, *args: str) -> list[str]:
    return [*CLI, "--profile", str(root), "--passphrase-file", str(pass_file), *args]


def stream_rows(n_cases: int, cache: Path, source: Path | None) -> list[tuple[str, Run, Run, Run]]:
    if source is None:
        source = bench_storage.OUT / f"profile-{n_cases}"
        bench_storage.ensure_profile(source, n_cases)
    work = cache / f"stream-{n_cases}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(mode=0o700, parents=True)
    try:
        coord = work / "coordinatore"
        coord.mkdir(mode=0o700)
        for name in os.listdir(source):  # -wal and -shm come and go while others read it
            with contextlib.suppress(FileNotFoundError, IsADirectoryError):  # not backup/
                shutil.copy2(source / name, coord / name)
        pass_file = work / "passphrase"
        pass_file.write_text(PASSPHRASE)
        pass_file.chmod(0o600)
        plain = work / "plain" / DATABASE_FILE
        plain.parent.mkdir(mode=0o700)
        key_file = work / "chiave"
        plain_copy(coord, plain, key_file)
        database = coord / DATABASE_FILE
        rows = [
            (
                "dump --json",
                measured(cli(coord, pass_file, "dump", "--json")),
                floor_scan(plain, "dump"),
                cipher_scan(database, key_file, "dump"),
            )
        ]
        share = work / "condivisa"
        share.mkdir()
        subprocess.run(
            cli(coord, pass_file, "team", "create", "--name", "Bench", "--share", str(share)),
            check=True,
            capture_output=True,
        )
        publish = measured(cli(coord, pass_file, "sync", "--share", str(share)))
        rows.append(
            (
                "sync: prima pubblicazione",
                publish,
                floor_scan(plain, "log"),
                cipher_scan(database, key_file, "log"),
            )
        )
        member = work / "membro"
        subprocess.run(
            [*CLI, "--profile", str(member), "--passphrase-file", str(pass_file), "init",
             "--operator", "Marco Locatelli", "--role", "educatore", "--device-name", "p2"],
            check=True,
            capture_output=True,
        )  # fmt: skip
        joined = subprocess.run(
            cli(member, pass_file, "team", "join", "--share", str(share)),
            check=True,
            capture_output=True,
            text=True,
        )
        device = joined.stdout.split()[0]
        admit = measured(cli(coord, pass_file, "team", "admit", device, "--share", str(share)))
        rows.append(
            (
                "team admit (istantanea)",
                admit,
                floor_scan(plain, "log"),
                cipher_scan(database, key_file, "log"),
            )
        )
        return rows
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[2000])
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument(
        "--source", type=Path, help="a copy of the demo profile to use (one --cases value)"
    )
    args = parser.parse_args()
    head = (
        f"{'operazione':<30} {'tempo s':>8} {'floor s':>8} {'rapporto':>8} "
        f"{'cifrato s':>9} {'rapporto':>8} {'picco MB':>9}"
    )
    print(f"{head}  obiettivo: picco < {GOAL_MB} MB a 10.000 cartelle, tempo < 5x floor")
    for n in args.cases:
        print(f"-- {n} cartelle")
        for name, ours, floor, cipher in stream_rows(n, args.cache, args.source):
            ratio = ours.seconds / floor.seconds
            ok = ratio < 5 and (n < 10_000 or ours.peak_mb < GOAL_MB)
            print(
                f"{name:<30} {ours.seconds:8.2f} {floor.seconds:8.2f} {ratio:7.2f}x "
                f"{cipher.seconds:9.2f} {ours.seconds / cipher.seconds:7.2f}x "
                f"{ours.peak_mb:9.0f}  (floor {floor.peak_mb:.0f} MB) {'ok' if ok else 'NO'}"
            )
    print(
        "\nfloor: le stesse righe lette con SQL semplice (sqlite3 della libreria standard) da una"
        "\ncopia in chiaro, in un processo a sé; cifrato: la stessa lettura sul file SQLCipher"
        "\n(il pavimento di bench_check); picco: ru_maxrss del processo (sblocco Argon2 incluso)."
    )
    return 0  # a report, not a gate


if __name__ == "__main__":
    sys.exit(main())
