"""`make run`: a demo profile with synthetic data, created the first time and reused after.

The passphrase is the demo-only `demo demo demo` (README, `services.demo.DEMO_PASSPHRASE`): it
protects nothing real, and it is never written to a file. This prints what the demo profile
holds and which commands to try on it, then opens the application on it (`--no-gui` to stop
after the summary)."""

from __future__ import annotations

import argparse
import datetime as dt
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from minorifamiglie.config import ENV_PASSPHRASE, ENV_PROFILE, PROFILE_FILE, demo_profile_dir
from minorifamiglie.domain.errors import DomainError
from minorifamiglie.services import demo, overview, profiles
from minorifamiglie.services.demo import DEMO_CASES, DEMO_OPERATOR, DEMO_PASSPHRASE
from minorifamiglie.services.overview import ProfileOverview
from minorifamiglie.storage.keyfile import KdfParams


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m minorifamiglie.devdemo",
        description="Crea (la prima volta) e descrive il profilo dimostrativo.",
    )
    parser.add_argument("--profile", metavar="DIR", help="cartella del profilo dimostrativo")
    parser.add_argument("--no-gui", action="store_true", help="solo il riepilogo, senza finestra")
    parser.add_argument(
        "--language", choices=["it", "en"], help="lingua (altrimenti quella delle impostazioni)"
    )
    args = parser.parse_args(argv)
    root = Path(args.profile).expanduser() if args.profile else demo_profile_dir()
    try:
        run(root)
    except DomainError as exc:
        print(f"minorifamiglie: {exc}", file=sys.stderr)
        return exc.exit_code
    if args.no_gui:
        return 0
    from minorifamiglie.ui.app import run as run_gui

    return run_gui(root, language=args.language, demo_hint=DEMO_PASSPHRASE)


def ensure_demo_profile(root: Path) -> bool:
    """The demo profile, created and filled the first time (also for `gui --demo`)."""
    return demo.ensure_demo_profile(root)


def run(
    root: Path,
    today: dt.date | None = None,
    cases: int = DEMO_CASES,
    kdf: KdfParams | None = None,
) -> ProfileOverview:
    """Create and fill the demo profile unless it exists, then print what it holds."""
    if not (root / PROFILE_FILE).exists():
        print(f"Creo il profilo dimostrativo in {root} con {cases} cartelle…", file=sys.stderr)
    demo.ensure_demo_profile(root, cases=cases, today=today, kdf=kdf)
    opened = profiles.unlock(root, DEMO_PASSPHRASE)
    try:
        summary = overview.overview(opened, today)
    finally:
        opened.close()
    print(describe(root, summary))
    return summary


def describe(root: Path, ov: ProfileOverview) -> str:
    profile = shlex.quote(str(root))
    lines = [
        "Minori e Famiglie — profilo dimostrativo (dati sintetici, nessuna persona reale)",
        "",
        f"  Cartella del profilo: {root}",
        f"  Passphrase (solo per la demo): {DEMO_PASSPHRASE}",
        f"  Operatrice: {DEMO_OPERATOR} (educatrice)",
        "",
        f"Cartelle: {ov.cases}  ("
        + ", ".join(f"{s.label().lower()} {n}" for s, n in ov.by_status)
        + ")",
        "",
        "Per ambito:",
        *(f"  {name:<45} {n:>5}" for _, name, n in ov.by_ambito),
        "",
        "Per servizio:",
        *(f"  {s.label():<45} {n:>5}" for s, n in ov.by_service),
        "",
        f"Visite nel diario: {ov.visits} (di cui {ov.drafts} in bozza)",
        f"Scadenze nei prossimi 30 giorni: {ov.deadlines_upcoming}; "
        f"scadute: {ov.deadlines_overdue}",
        "",
        "Da provare (in una shell):",
        f"  export {ENV_PROFILE}={profile}",
        f"  export {ENV_PASSPHRASE}={shlex.quote(DEMO_PASSPHRASE)}",
        "  minorifamiglie case list --ambito VBR --status aperta",
        "  minorifamiglie case list --service incontri-facilitati --search 2025",
    ]
    if ov.busiest_case:
        lines += [
            f"  minorifamiglie case show {ov.busiest_case}",
            f"  minorifamiglie visit list --case {ov.busiest_case}",
        ]
    lines += [
        "  minorifamiglie search 'compiti matematica'",
        "  minorifamiglie check",
        "",
        "(minorifamiglie è in .venv/bin; ora si apre l'applicazione sul profilo dimostrativo)",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
