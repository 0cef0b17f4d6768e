"""Sync status benchmark: the status bar's count of what this device has to publish, after a
write, on the demo profiles (2,000 and 10,000 cases), through the real service.

Three columns, measured in the same run, interleaved, medians:
- `status`: `syncing.status(opened)` right after `visits.add_visit` (the GUI refreshes the
  status bar after every write), on the encrypted profile;
- `scan`: the count as it was before revision 0005, a range of the change log's rowid reading
  every operation logged since the last export (`NOT INDEXED`), on the same keyed connection;
- `floor`: the same count with the index, as raw SQL on a plain sqlite3 copy of the database
  (exported with `sqlcipher_export`, deleted at the end).

The demo profiles have never published anything, so every operation of the device is pending:
the worst case of a count that is O(pending). Run on demand, never as a timed test.

Measured here (2 shared cores, 7 repeats), everything pending: 2,000 cases (114,151 operations)
status 4.8 ms, floor 4.1 ms, scan 368 ms; 10,000 cases (582,700 operations) status 18 ms,
floor 19 ms, scan 2,233 ms.

    .venv/bin/python bench/bench_status.py [--cases 2000 10000] [--repeat N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_storage import OUT, PASSPHRASE, ensure_profile, export_plain, medians
from minorifamiglie.config import DATABASE_FILE
from minorifamiglie.domain.enums import VisitKind
from minorifamiglie.services import overview, profiles, syncing, visits
from minorifamiglie.storage.database import raw_connection
from minorifamiglie.storage.profile import get_local

COUNT = "SELECT count(*) FROM changes{hint} WHERE seq > ? AND device_id = ?"


def run(n_cases: int, repeat: int) -> None:
    root = OUT / f"profile-{n_cases}"
    ensure_profile(root, n_cases)
    started = time.perf_counter()
    opened = profiles.unlock(root, PASSPHRASE)  # upgrades to revision 0005 once (index built)
    print(
        f"\n{n_cases} cartelle: sblocco (e aggiornamento) in {time.perf_counter() - started:.1f} s"
    )
    plain_path = OUT / f"plain-status-{n_cases}" / DATABASE_FILE
    try:
        case = overview.overview(opened).busiest_case
        assert case is not None
        export_plain(opened, plain_path)
        plain = sqlite3.connect(str(plain_path))
        device = opened.device_id.hex
        with opened.read_session() as session:
            upto = int(get_local(session, syncing.EXPORTED_KEY) or 0)

        def write() -> None:
            visits.add_visit(
                opened,
                case=case,
                date=dt.date.today(),
                start=dt.time(15, 0),
                end=dt.time(16, 0),
                kind=VisitKind.HOME_VISIT,
                place="Domicilio",
                notes="Visita di prova del banco di misura dello stato di sincronizzazione.",
            )

        status_times: list[float] = []

        def status_after_write() -> None:
            write()
            t0 = time.perf_counter()
            syncing.status(opened)
            status_times.append(time.perf_counter() - t0)

        with raw_connection(opened.paths.database, opened.master_key()) as keyed:

            def scan() -> None:
                keyed.execute(COUNT.format(hint=" NOT INDEXED"), (upto, device)).fetchone()

            def floor() -> None:
                plain.execute(COUNT.format(hint=""), (upto, device)).fetchone()

            _, scan_s, floor_s = medians([status_after_write, scan, floor], repeat)
            pending = syncing.status(opened).pending
        plain.close()
        status_s = sorted(status_times)[len(status_times) // 2]
        print(f"  operazioni da pubblicare: {pending}")
        print(f"  status dopo una scrittura: {status_s * 1000:8.1f} ms")
        print(f"  conteggio per scansione (prima della 0005): {scan_s * 1000:8.1f} ms")
        print(f"  pavimento (SQL su copia in chiaro, indice): {floor_s * 1000:8.1f} ms")
        print(f"  status / pavimento: {status_s / floor_s:.1f}x; scansione / status: "
              f"{scan_s / status_s:.0f}x")  # fmt: skip
    finally:
        opened.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{plain_path}{suffix}").unlink(missing_ok=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    for n in args.cases:
        run(n, args.repeat)
    return 0  # a report, not a gate


if __name__ == "__main__":
    sys.exit(main())
