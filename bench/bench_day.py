"""A day of sync (`make bench`): is its cost constant whatever the length of history?

Two teams of two devices on real team folders (temporary): A holds a long history (a COPY in a
temporary folder of the cached 2,000-case demo profile, bench/out/profile-2000, made by
bench_storage.py; `--cases 10000` takes bench/out/profile-10000 if it is there), and a small one
(a 20-case demo profile made on the spot). In each team A creates the team and publishes its
history, B (a new profile) joins, is admitted with a snapshot and syncs: all set-up, not timed.
Then, every repetition, on both teams in turn:

  1. A syncs with nothing new (`services.syncing.sync`), then again from locked: unlock with
     the real Argon2 settings, then sync (what `minorifamiglie sync` does after the passphrase);
  2. B records one day of work through the services (50 visits with notes, 35 of them closed,
     10 case summaries edited) and syncs, publishing them (timed: B's publishing sync);
  3. A syncs and applies B's day (timed).

The small team's time is the floor: the figure should be about constant whatever the history, so
the ratio should be about 1. Unlocks are outside every measurement but the one of 1 (all the
profiles have the real Argon2 settings: the cached ones as made, the small ones the defaults).
Medians of the repetitions, the teams interleaved (docs/architecture.md §14). A report, not a gate.

    .venv/bin/python bench/bench_day.py [--repeat N] [--cases 2000|10000] [--cprofile]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from minorifamiglie.config import PROFILE_FILE
from minorifamiglie.domain.enums import Role, VisitKind
from minorifamiglie.domain.ids import CaseId
from minorifamiglie.services import cases, demo, profiles, syncing, team, visits
from minorifamiglie.services import demo_phrases as ph
from minorifamiglie.storage import models as m
from minorifamiglie.storage.profile import OpenProfile

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
PASSPHRASE = "bench bench bench"  # the cached demo profiles' synthetic passphrase
SMALL_CASES = 20
VISITS_A_DAY = 50
CLOSED_A_DAY = 35
EDITS_A_DAY = 10
SEED = 11
OUTDOOR = (VisitKind.HOME_VISIT, VisitKind.INTERVIEW, VisitKind.SCHOOL, VisitKind.ACCOMPANIMENT)
SUMMARIES = tuple(dict.fromkeys(s for pool in ph.CASE_SUMMARIES.values() for s in pool))


@dataclass
class Team:
    label: str
    a: OpenProfile
    b: OpenProfile
    share: Path
    cases_b: list[CaseId]
    log_a: int  # operations in A's change log after set-up
    day: dt.date
    idle: list[float]
    unlocked_idle: list[float]
    publish: list[float]
    receive: list[float]
    received: list[int]


def copy_profile(source: Path, target: Path) -> None:
    """The cached profile, without its pre-upgrade backup/ folder; the cache is never opened."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("backup"))


def log_size(opened: OpenProfile) -> int:
    with opened.session() as session:
        return int(session.execute(select(func.count()).select_from(m.ChangeRow)).scalar_one())


def make_team(label: str, a_root: Path, work: Path, today: dt.date) -> Team:
    """A (already a profile at a_root) creates the team and publishes; B joins and catches up."""
    started = time.perf_counter()
    share = work / "condivisa"
    share.mkdir()
    a = profiles.unlock(a_root, PASSPHRASE)
    team.create_team(a, f"Équipe {label}", share)
    syncing.sync(a, share)  # the first publish of A's whole history
    b_root = work / "b"
    profiles.init_profile(b_root, PASSPHRASE, "Educatrice Bench", Role.EDUCATOR, "portatile-b")
    b = profiles.unlock(b_root, PASSPHRASE)
    team.join_team(b, share)
    team.admit(a, b.device_id)
    syncing.sync(b, share)  # the snapshot
    syncing.sync(a, share)  # B's join, if anything
    listed = cases.list_cases(b)
    chosen = [c.id for c in listed[:: max(1, len(listed) // 25)]][:25]
    log = log_size(a)
    print(
        f"  {label}: {len(listed)} cartelle, registro di A {log} operazioni, "
        f"preparata in {time.perf_counter() - started:.0f} s"
    )
    return Team(label, a, b, share, chosen, log, today, [], [], [], [], [])


def one_day(t: Team, rng: random.Random) -> None:
    """B's day: 50 visits (35 closed and signed, 15 drafts) and 10 case summaries edited."""
    day = t.day
    for k in range(VISITS_A_DAY):
        kind = rng.choice(OUTDOOR)
        hour = 8 + k % 9
        visits.add_visit(
            t.b,
            case=str(t.cases_b[k % len(t.cases_b)]),
            date=day,
            start=dt.time(hour, 0),
            end=dt.time(hour, 45),
            kind=kind,
            place=rng.choice(ph.PLACES[kind]),
            notes=" ".join(rng.sample(ph.NOTES_GENERAL, 2)).format_map(_Blank()),
            close=k < CLOSED_A_DAY,
            today=day,
        )
    for k in range(EDITS_A_DAY):
        case = t.cases_b[k % len(t.cases_b)]
        cases.edit_case(t.b, str(case), {"summary": rng.choice(SUMMARIES)}, today=day)


class _Blank(dict[str, str]):
    """Fills the phrases' placeholders ({nome}, {o}, …) with a neutral word."""

    def __missing__(self, key: str) -> str:
        return "Luca" if key == "nome" else "o"


def timed(fn: Callable[[], syncing.SyncReport]) -> tuple[float, syncing.SyncReport]:
    started = time.perf_counter()
    report = fn()
    return time.perf_counter() - started, report


def round_of(t: Team, rng: random.Random) -> None:
    spent, report = timed(lambda: syncing.sync(t.a, t.share))
    assert report.imported == 0 and report.exported == 0, report
    t.idle.append(spent)
    root = t.a.paths.root  # as `minorifamiglie sync` does: unlock (real Argon2), sync, close
    t.a.close()
    started = time.perf_counter()
    t.a = profiles.unlock(root, PASSPHRASE)
    report = syncing.sync(t.a, t.share)
    t.unlocked_idle.append(time.perf_counter() - started)
    assert report.imported == 0 and report.exported == 0, report
    one_day(t, rng)
    spent, report = timed(lambda: syncing.sync(t.b, t.share))
    assert report.exported >= VISITS_A_DAY, report
    t.publish.append(spent)
    spent, report = timed(lambda: syncing.sync(t.a, t.share))
    assert report.imported >= VISITS_A_DAY and not report.refused, report
    t.receive.append(spent)
    t.received.append(report.imported)
    t.day += dt.timedelta(days=1)


def profiled(label: str, fn: Callable[[], object]) -> None:
    prof = cProfile.Profile()
    prof.runcall(fn)
    print(f"\n--- cProfile: {label} (tottime, then cumulative)")
    stats = pstats.Stats(prof).strip_dirs()
    stats.sort_stats("tottime").print_stats(15)
    stats.sort_stats("cumulative").print_stats(25)


def ms(seconds: float | None) -> str:
    return f"{'—':>9}" if seconds is None else f"{seconds * 1000:9.1f}"


def print_table(large: Team, small: Team) -> None:
    head = f"{'operazione':<46} {'tempo':>9} {'floor':>9} {'rapporto':>8}  obiettivo"
    print(head)
    print("-" * (len(head) + 24))
    rows = [
        ("sync di A senza novità", large.idle, small.idle),
        ("sblocco di A + sync senza novità", large.unlocked_idle, small.unlocked_idle),
        ("sync di B che pubblica la sua giornata", large.publish, small.publish),
        ("sync di A che applica la giornata di B", large.receive, small.receive),
    ]
    for name, big, little in rows:
        value, floor = statistics.median(big), statistics.median(little)
        ratio = value / floor
        verdict = "ok" if ratio < 1.5 else "NO"
        print(
            f"{name:<46} {ms(value)} {ms(floor)} {ratio:7.2f}x  "
            f"< 1.5x floor (costante) {verdict}  (max {max(big) * 1000:.0f} ms)"
        )
    print(
        f"\nTempi in millisecondi, mediane di {len(large.idle)} giorni. tempo: {large.label} "
        f"(registro di A: {large.log_a} operazioni); floor: le stesse sync su {small.label} "
        f"(registro di A: {small.log_a} operazioni), misurate nello stesso giro. La giornata "
        f"di B: {VISITS_A_DAY} visite ({CLOSED_A_DAY} chiuse e firmate), {EDITS_A_DAY} sintesi "
        f"modificate; A ne ha applicate {statistics.median(large.received):.0f} operazioni."
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cases", type=int, default=2000, help="2000 or 10000 (cached profile)")
    parser.add_argument("--cprofile", action="store_true", help="profile one more day on A")
    args = parser.parse_args()
    source = OUT / f"profile-{args.cases}"
    if not (source / PROFILE_FILE).exists():
        if args.cases != 2000:
            print(f"Manca {source}: prima bench_storage.py --cases {args.cases}")
            return 1
        sys.path.insert(0, str(HERE))
        import bench_storage

        bench_storage.ensure_profile(source, 2000)
    today = dt.date.today()
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory(prefix="bench-day-") as tmp:
        root = Path(tmp)
        print("Preparo le due équipe (non misurato)…")
        (root / "grande").mkdir()
        copy_profile(source, root / "grande" / "a")
        large = make_team(f"profilo da {args.cases} cartelle", root / "grande" / "a",
                          root / "grande", today)  # fmt: skip
        (root / "piccola").mkdir()
        small_a = root / "piccola" / "a"
        profiles.init_profile(small_a, PASSPHRASE, "Coordinatrice", Role.COORDINATOR, "piccolo")
        opened = profiles.unlock(small_a, PASSPHRASE)
        try:
            demo.generate(opened, cases=SMALL_CASES, seed=SEED)
        finally:
            opened.close()
        small = make_team(f"profilo da {SMALL_CASES} cartelle", small_a, root / "piccola", today)
        try:
            for _ in range(args.repeat):
                round_of(small, rng)
                round_of(large, rng)
            if args.cprofile:
                profiled(
                    "sync di A senza novità (grande)", lambda: syncing.sync(large.a, large.share)
                )
                one_day(large, rng)
                syncing.sync(large.b, large.share)
                profiled(
                    "sync di A che applica la giornata di B (grande)",
                    lambda: syncing.sync(large.a, large.share),
                )
        finally:
            for t in (large, small):
                t.a.close()
                t.b.close()
    print()
    print_table(large, small)
    return 0  # a report, not a gate: the goals are read by people, on noisy machines


if __name__ == "__main__":
    sys.exit(main())
