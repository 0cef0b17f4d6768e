"""Hand-off and backup benchmark (`make bench`), on a copy of bench_storage.py's 2,000-case
profile.

1. `backup` of the whole profile beside a floor measured in the same run on the same database:
   the stdlib sqlite3 online backup of its plain copy (made once with SQLCipher's exporter) plus
   AES-256-GCM of as many bytes in memory. Then `restore` (which unwraps the key with the real
   Argon2 parameters and runs the full integrity check) beside the same floor the other way.
2. `export` of 1 and of 20 case files to an age recipient, beside the age encryption alone of
   the very zip it wrote; and the share of the case summary PDFs in it.
3. `import` of the 20 cases into an empty profile: the dry run (what the dialog shows before
   importing) and the import itself.

Medians of interleaved repetitions (ratios against a floor of the same run, the machines being
noisy: docs/architecture.md §14); a report, not a gate. The copy lives in bench/out/handoff-2000/
(gitignored) and is made again when missing.

    .venv/bin/python bench/bench_handoff.py [--repeat N]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pyrage
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from minorifamiglie import portable
from minorifamiglie.config import DATABASE_FILE, PROFILE_FILE
from minorifamiglie.domain.enums import Role
from minorifamiglie.services import backup, case_summary, cases, handoff, handoff_import, profiles
from minorifamiglie.storage.database import raw_connection
from minorifamiglie.storage.keyfile import KdfParams
from minorifamiglie.storage.profile import OpenProfile

OUT = Path(__file__).resolve().parent / "out"
SOURCE = OUT / "profile-2000"
COPY = OUT / "handoff-2000"
PASSPHRASE = "bench bench bench"  # bench_storage.py's synthetic profile
CHEAP_KDF = KdfParams(time_cost=1, memory_cost_kib=8 * 1024, parallelism=1)
CHUNK = 1 << 20


def median_of(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def ensure_copy() -> None:
    if not (SOURCE / PROFILE_FILE).exists():
        sys.exit("Manca bench/out/profile-2000: eseguire prima bench/bench_storage.py")
    if not (COPY / PROFILE_FILE).exists():
        print("Copio il profilo di 2.000 cartelle (una volta sola)…")
        shutil.copytree(SOURCE, COPY)


def plain_copy(opened: OpenProfile, target: Path) -> None:
    with raw_connection(opened.paths.database, opened.master_key()) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(target),))
        conn.execute("SELECT sqlcipher_export('plain')")
        conn.execute("DETACH DATABASE plain")


def floor_backup(plain: Path, work: Path) -> None:
    """stdlib sqlite3 backup of the plain copy, then AES-256-GCM over its bytes."""
    dest = work / "floor.db"
    with sqlite3.connect(plain) as src, sqlite3.connect(dest) as out:
        src.backup(out)
    aes = AESGCM(AESGCM.generate_key(bit_length=256))
    with dest.open("rb") as fh:
        for index, chunk in enumerate(iter(lambda: fh.read(CHUNK), b"")):
            aes.encrypt(index.to_bytes(12, "big"), chunk, None)


def floor_restore(sealed: list[bytes], key: bytes, work: Path) -> None:
    aes = AESGCM(key)
    with (work / "floor-restored.db").open("wb") as out:
        for index, chunk in enumerate(sealed):
            out.write(aes.decrypt(index.to_bytes(12, "big"), chunk, None))
        out.flush()
        os.fsync(out.fileno())


def timed(fn: Callable[[], object], clear: list[Path]) -> float:
    """One run of `fn`, after removing what its last run wrote and flushing the disk (outside
    the time): each side pays for its own writes, not for the other's write-back or discard."""
    for path in clear:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    os.sync()
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def interleaved(
    runs: dict[str, tuple[Callable[[], object], list[Path]]], repeat: int
) -> dict[str, float]:
    """Medians of `repeat` rounds, each running every entry once, in turn."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, (fn, clear) in runs.items():
            times[name].append(timed(fn, clear))
    return {name: statistics.median(values) for name, values in times.items()}


def load() -> str:
    return "load " + " ".join(f"{value:.2f}" for value in os.getloadavg())


def backup_api_route(opened: OpenProfile, target: Path) -> None:
    """The route backups took before the pinned copy (and take when nothing can be pinned):
    SQLite's backup API, which decrypts and re-encrypts every page."""
    readable = portable.can_read_open_database
    portable.can_read_open_database = lambda *args: False
    try:
        backup.backup(opened, target)
    finally:
        portable.can_read_open_database = readable


def bench_backup(opened: OpenProfile, work: Path, repeat: int) -> None:
    plain = work / "plain.db"
    plain_copy(opened, plain)
    target = work / "profilo.mfbk"
    old = work / "profilo-api.mfbk"
    floor_db = work / "floor.db"
    print(f"\nBackup of the whole profile ({load()})")
    medians = interleaved(
        {
            "ours": (lambda: backup.backup(opened, target), [target]),
            "floor": (lambda: floor_backup(plain, work), [floor_db]),
            "api": (lambda: backup_api_route(opened, old), [old]),
        },
        repeat,
    )
    ours, floor = medians["ours"], medians["floor"]
    size = target.stat().st_size
    print(f"  backup ({size / 1_048_576:.0f} MiB)           {ours:7.2f} s")
    print(f"  floor: sqlite3 backup + AES-GCM {floor:7.2f} s   ratio {ours / floor:.2f}x")
    print(
        f"  backup API route (before; the fallback) {medians['api']:.2f} s   "
        f"ratio {medians['api'] / floor:.2f}x   ({load()})"
    )
    old.unlink(missing_ok=True)

    key = AESGCM.generate_key(bit_length=256)
    aes = AESGCM(key)
    with floor_db.open("rb") as fh:
        sealed = [
            aes.encrypt(i.to_bytes(12, "big"), c, None)
            for i, c in enumerate(iter(lambda: fh.read(CHUNK), b""))
        ]

    started = time.perf_counter()
    unlocked = profiles.unlock(opened.paths.root, PASSPHRASE)
    unlock_time = time.perf_counter() - started
    unlocked.close()
    restored = work / "ripristino"
    medians = interleaved(
        {
            "ours": (lambda: backup.restore(target, restored, PASSPHRASE), [restored]),
            "floor": (
                lambda: floor_restore(sealed, key, work),
                [work / "floor-restored.db"],
            ),
        },
        repeat,
    )
    ours_restore, floor_r = medians["ours"], medians["floor"]
    print(f"  restore (unlock + full check)  {ours_restore:7.2f} s")
    print(
        f"  floor: AES-GCM decrypt + write {floor_r:7.2f} s   ratio {ours_restore / floor_r:.2f}x"
        f"   (of which an unlock alone: {unlock_time:.2f} s; {load()})"
    )
    shutil.rmtree(restored, ignore_errors=True)


def bench_export(opened: OpenProfile, work: Path, repeat: int) -> Path:
    refs = [str(row.id) for row in cases.list_cases(opened)[:20]]
    identity = pyrage.x25519.Identity.generate()
    recipient = str(identity.to_public())
    print("\nHand-off export to an age recipient")
    bundle = work / "consegna-20.age"
    for count in (1, 20):
        target = work / f"consegna-{count}.age"

        def export(count: int = count, target: Path = target) -> None:
            handoff.export_cases(opened, refs[:count], recipient=recipient, target=target)

        ours = median_of(export, repeat)
        plain = pyrage.decrypt(target.read_bytes(), [identity])

        def encrypt(plain: bytes = plain) -> object:
            return pyrage.encrypt(plain, [identity.to_public()])

        def summaries(count: int = count) -> object:
            return [case_summary.case_summary_pdf(opened, ref) for ref in refs[:count]]

        floor = median_of(encrypt, repeat)
        pdfs = median_of(summaries, repeat)
        with zipfile.ZipFile(io.BytesIO(plain)) as archive:
            records = len(archive.namelist())
        print(
            f"  {count:2d} case(s): {ours:6.2f} s  ({target.stat().st_size / 1024:.0f} kB, "
            f"{records} files; summary PDFs {pdfs:.2f} s = {100 * pdfs / ours:.0f}%)  "
            f"floor age encryption of the zip {floor * 1000:.1f} ms"
        )
    identity_file = work / "chiave.txt"
    identity_file.write_text(f"{identity}\n", encoding="utf-8")
    return bundle


def bench_import(bundle: Path, work: Path, repeat: int) -> None:
    identity = (work / "chiave.txt").read_text(encoding="utf-8")
    print("\nHand-off import of the 20 cases into an empty profile")

    def fresh() -> OpenProfile:
        root = work / "destinatario"
        shutil.rmtree(root, ignore_errors=True)
        profiles.init_profile(
            root, PASSPHRASE, "Assistente Bench", Role.SOCIAL_WORKER, kdf=CHEAP_KDF
        )
        return profiles.unlock(root, PASSPHRASE)

    dry, full = [], []
    info = None
    for _ in range(repeat):
        opened = fresh()
        try:
            started = time.perf_counter()
            handoff_import.import_bundle(opened, bundle, identity=identity, dry_run=True)
            dry.append(time.perf_counter() - started)
            started = time.perf_counter()
            info = handoff_import.import_bundle(opened, bundle, identity=identity)
            full.append(time.perf_counter() - started)
        finally:
            opened.close()
    assert info is not None
    print(f"  dry run (what the dialog shows)  {statistics.median(dry):6.2f} s")
    print(
        f"  import, one transaction          {statistics.median(full):6.2f} s   "
        f"({info.inserted} records, {info.attachments} attachments)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ensure_copy()
    opened = profiles.unlock(COPY, PASSPHRASE)
    with tempfile.TemporaryDirectory(prefix="bench-handoff-", dir=OUT) as tmp:
        work = Path(tmp)
        try:
            size = (COPY / DATABASE_FILE).stat().st_size
            print(f"Profile: {len(cases.list_cases(opened))} cases, database {size >> 20} MiB")
            bench_backup(opened, work, args.repeat)
            bundle = bench_export(opened, work, args.repeat)
        finally:
            opened.close()
        bench_import(bundle, work, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
