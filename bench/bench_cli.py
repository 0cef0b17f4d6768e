"""Command-line benchmark: the fixed cost of one `minorifamiglie` call.

`minorifamiglie --profile P case list` runs as a real process, through the real entry point, on a
small demo profile made with the REAL Argon2 parameters (`KdfParams()`), and its wall time is set
beside its floor, measured in the same run: the KDF alone (argon2id with the profile's own
parameters and salt) plus a bare `python -c pass` start. Goal (issue 12): the fixed cost, what the
call costs above the KDF, at most 0.3 s, i.e. wall ≤ floor + 0.3 s. (The call derives the key
in a thread while it imports the database layer, so on two cores part of the imports hides
behind the KDF; on one core they would add up again.) The sides are interleaved and
the medians compared (the machines are shared and noisy). Then one `-X importtime` run says where
the time goes and whether alembic was imported (it must not be, on a profile at the newest schema),
and a cProfile of the call once its modules are imported says where the rest goes.

Python code runs from bytecode, as in an installation (pip compiles it at install time, the frozen
build ships it): the calls get a bytecode cache of their own (PYTHONPYCACHEPREFIX, in the bench's
temporary folder), filled by one untimed call. A development shell that sets
PYTHONDONTWRITEBYTECODE (an editable install then compiles every module of the application at
every call) is timed too, on a line of its own.

With `--large DIR` (a profile whose passphrase is in MINORIFAMIGLIE_PASSPHRASE or is the bench's),
the same command is also timed there, and the case list is timed in-process with SQLCipher's
default page cache and with the engine's. Run on demand, never as a timed test.

    .venv/bin/python bench/bench_cli.py [--repeat N] [--cases N] [--large DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw

from minorifamiglie.config import PROFILE_FILE
from minorifamiglie.domain.enums import Role
from minorifamiglie.services import cases, demo, profiles
from minorifamiglie.storage import database
from minorifamiglie.storage.keyfile import read_keyfile
from minorifamiglie.storage.queries import CaseFilter

PASSPHRASE = "bench bench bench"  # synthetic profiles in temporary or gitignored folders
GOAL_OVER_FLOOR = 0.3
SEED = 1
COMMAND = ("case", "list")


def with_bytecode(env: dict[str, str], cache: Path) -> dict[str, str]:
    """`env` where Python reads and writes compiled modules in `cache` (an installation's
    state), whatever the shell says about writing bytecode."""
    out = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**out, "PYTHONPYCACHEPREFIX": str(cache)}


def wall(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def kdf_seconds(root: Path) -> float:
    """argon2id with the profile's own parameters: what an unlock cannot avoid."""
    kdf = read_keyfile(root / PROFILE_FILE).kdf
    started = time.perf_counter()
    hash_secret_raw(
        PASSPHRASE.encode("utf-8"),
        kdf.salt,
        time_cost=kdf.time_cost,
        memory_cost=kdf.memory_cost_kib,
        parallelism=kdf.parallelism,
        hash_len=32,
        type=Type.ID,
    )
    return time.perf_counter() - started


def medians(fns: list[Callable[[], float]], repeat: int) -> list[float]:
    """Each function `repeat` times, the functions interleaved; each returns its own time."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            times[i].append(fn())
    return [statistics.median(t) for t in times]


def import_profile(root: Path, env: dict[str, str]) -> tuple[list[tuple[float, str]], bool]:
    """The slowest top-level imports of one call (cumulative seconds), and whether alembic
    was among all the imports."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "minorifamiglie", "--profile", str(root),
         *COMMAND],
        env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    top: list[tuple[float, str]] = []
    names: set[str] = set()
    for line in done.stderr.splitlines():
        found = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)$", line)
        if not found:
            continue
        cumulative, indent, name = found.groups()
        names.add(name.split(".")[0])
        if len(indent) <= 2:  # imported by the program itself, not by another import
            top.append((int(cumulative) / 1e6, name))
    return sorted(top, reverse=True)[:10], "alembic" in names


# The call once its modules are imported: what start-up does besides importing, under cProfile.
POST_IMPORT = """
import cProfile, io, pstats, sys
from minorifamiglie import cli
from minorifamiglie.services import cases, profiles
from minorifamiglie.storage import keyfile, queries
profiler = cProfile.Profile()
out, sys.stdout = sys.stdout, io.StringIO()
profiler.runcall(cli.main, sys.argv[1:])
sys.stdout = out
pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
"""


def post_import_profile(root: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", POST_IMPORT, "--profile", str(root), *COMMAND],
        env=env, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    return "\n".join(f"    {line}" for line in lines)


def case_list_cache(root: Path, passphrase: str, repeat: int) -> tuple[float, float, int]:
    """The case list in-process, with SQLCipher's default page cache and with the engine's."""
    opened = profiles.unlock(root, passphrase)
    try:

        def timed(cache_kib: int | None) -> Callable[[], float]:
            def run() -> float:
                opened.engine.dispose()  # a fresh connection: a cold page cache each time
                with opened.engine.connect() as conn:
                    if cache_kib is not None:
                        conn.exec_driver_sql(f"PRAGMA cache_size = -{cache_kib}")
                started = time.perf_counter()
                cases.list_cases(opened, CaseFilter())
                return time.perf_counter() - started

            return run

        n = len(cases.list_cases(opened, CaseFilter()))
        default, sized = medians([timed(8000), timed(database.CACHE_KIB)], repeat)
    finally:
        opened.close()
    return default, sized, n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--cases", type=int, default=20)
    parser.add_argument("--large", type=Path, help="also a larger profile (e.g. 2,000 cases)")
    parser.add_argument(
        "--cprofile", action="store_true", help="also a cProfile of the call after its imports"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        root = Path(tmp) / "profilo"
        profiles.init_profile(root, PASSPHRASE, "Operatrice Bench", Role.EDUCATOR, "banco")
        opened = profiles.unlock(root, PASSPHRASE)
        try:
            demo.generate(opened, cases=args.cases, seed=SEED)
        finally:
            opened.close()
        shell = {**os.environ, "MINORIFAMIGLIE_PASSPHRASE": PASSPHRASE}
        env = with_bytecode(shell, Path(tmp) / "pycache")
        command = [sys.executable, "-m", "minorifamiglie", "--profile", str(root), *COMMAND]
        bare = [sys.executable, "-c", "pass"]
        wall(command, env)  # compiles the bytecode, as an installation does
        timed = [lambda: wall(command, env), lambda: wall(bare, env), lambda: kdf_seconds(root)]
        compiling = "PYTHONDONTWRITEBYTECODE" in shell
        if compiling:
            timed.append(lambda: wall(command, shell))
        call, start, kdf, *source = medians(timed, args.repeat)
        floor = start + kdf
        over = call - floor
        kdf_params = read_keyfile(root / PROFILE_FILE).kdf
        print(
            f"`minorifamiglie {' '.join(COMMAND)}`, {args.cases} cartelle, Argon2id "
            f"t={kdf_params.time_cost} m={kdf_params.memory_cost_kib} KiB "
            f"p={kdf_params.parallelism}; mediane di {args.repeat} ripetizioni.\n"
        )
        print(f"  chiamata intera        {call:6.3f} s")
        print(f"  pavimento              {floor:6.3f} s  (KDF {kdf:.3f} s + `python -c pass` "
              f"{start:.3f} s)")  # fmt: skip
        verdict = "ok" if over <= GOAL_OVER_FLOOR else "OLTRE L'OBIETTIVO"
        print(f"  costo fisso oltre      {over:6.3f} s  obiettivo ≤ {GOAL_OVER_FLOOR} s: {verdict}")
        if source:
            print(f"  senza bytecode         {source[0]:6.3f} s  (PYTHONDONTWRITEBYTECODE "
                  f"di questa shell: {source[0] - floor:.3f} s oltre il pavimento)")  # fmt: skip
        print(f"  carico (uptime)        {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        top, alembic = import_profile(root, env)
        print(f"\n  alembic importato: {'sì' if alembic else 'no'}; import più lenti (cumulativi):")
        for seconds, name in top:
            print(f"    {seconds:6.3f} s  {name}")
        if args.cprofile:
            print("\n  la chiamata dopo gli import (cProfile, per tempo proprio):")
            print(post_import_profile(root, env))
    if args.large is not None:
        passphrase = os.environ.get("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
        env = {**os.environ, "MINORIFAMIGLIE_PASSPHRASE": passphrase}
        command = [sys.executable, "-m", "minorifamiglie", "--profile", str(args.large), *COMMAND]
        (large_call,) = medians([lambda: wall(command, env)], args.repeat)
        default, sized, n = case_list_cache(args.large, passphrase, args.repeat)
        print(f"\n{args.large}: {n} cartelle")
        print(f"  chiamata intera        {large_call:6.3f} s")
        print(f"  elenco, cache 8000 KiB {default:6.3f} s  (predefinita di SQLCipher)")
        print(f"  elenco, cache {database.CACHE_KIB} KiB {sized:6.3f} s  (quella del profilo)")
    return 0  # a report, not a gate: the goals are read by people, on noisy machines


if __name__ == "__main__":
    sys.exit(main())
