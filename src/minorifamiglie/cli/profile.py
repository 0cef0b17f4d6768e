"""Commands on the profile as a whole: `init` creates it; `dump`, `check`, `passwd` and
`demo-data` work on an unlocked one."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from minorifamiglie.cli.common import (
    JsonSafeOutput,
    UsageError,
    add_text_option,
    int_in,
    print_json,
    profile_dir,
    profile_held,
    read_new_passphrase,
    read_passphrase,
    say,
    with_profile,
)
from minorifamiglie.domain.enums import Role
from minorifamiglie.domain.errors import IntegrityError


def cmd_init(args: argparse.Namespace) -> int:
    from minorifamiglie.services import profiles

    role = Role.parse(args.role, "Ruolo")
    info = profiles.init_profile(
        profile_dir(args),
        read_passphrase(args, confirm=True),
        args.operator,
        Role(role),
        args.device_name,
    )
    say(f"Profilo creato in {info.root}")
    say(f"Dispositivo {info.device_id}")
    return 0


@with_profile
def cmd_dump(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import dump

    # streamed: memory stays bounded at any size
    dump.write_dump(opened, JsonSafeOutput(sys.stdout))
    return 0


@with_profile
def cmd_check(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import integrity

    report = integrity.check(opened)
    if args.json:
        print_json(report)
    if not report.sound:
        raise IntegrityError("Integrità compromessa: " + "; ".join(report.problems()))
    if not args.json:
        say(
            f"Integrità verificata: pagine cifrate, {report.audit_events} eventi di accesso, "
            f"{report.changes} modifiche, {report.rows_checked} righe"
        )
        for note in report.notes():  # informational: a causal gap is not damage
            say(note)
    return 0


@with_profile
def cmd_passwd(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import profiles

    new_passphrase = read_new_passphrase(args)
    with profile_held(opened.paths.root):
        profiles.change_passphrase(opened, new_passphrase)
    say("Passphrase cambiata", err=True)
    return 0


@with_profile
def cmd_demo_data(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import demo

    if args.cases < 0 or args.cases > 100_000:
        raise UsageError("--cases deve essere tra 0 e 100000")
    summary = demo.generate(opened, cases=args.cases, seed=args.seed)
    say(
        f"Dati dimostrativi: {summary.cases} cartelle, {summary.persons} persone, "
        f"{summary.visits} visite, {summary.foster_families} famiglie affidatarie",
        err=True,
    )
    return 0


def add_init_command(sub: Any) -> None:
    """`init`, listed first after `gui`: what one does before anything else."""
    s = sub.add_parser("init", help="crea un nuovo profilo cifrato")
    add_text_option(s, "operator", required=True, metavar="NOME")
    s.add_argument("--role", required=True, choices=[r.value for r in Role])
    add_text_option(s, "device-name", metavar="NOME", help="il nome di questo portatile")
    s.set_defaults(handler=cmd_init)


def add_commands(sub: Any) -> None:
    s = sub.add_parser("dump", help="tutti i record, in ordine canonico")
    s.add_argument("--json", action="store_true", required=True)
    s.set_defaults(handler=cmd_dump)
    s = sub.add_parser("check", help="verifica integrità: esce con 4 se qualcosa è stato alterato")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_check)
    s = sub.add_parser("passwd", help="cambia la passphrase (il database non viene riscritto)")
    s.add_argument("--new-passphrase-file", metavar="FILE")
    s.set_defaults(handler=cmd_passwd)
    s = sub.add_parser("demo-data", help="aggiunge dati dimostrativi sintetici")
    s.add_argument("--cases", type=int_in(1, 20_000), default=200)
    s.add_argument("--seed", type=int_in(0, 2**31 - 1), default=1)
    s.set_defaults(handler=cmd_demo_data)
