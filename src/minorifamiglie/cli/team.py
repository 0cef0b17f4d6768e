"""The team (docs/team-folder.md): `team create|join|admit|revoke|show|recovery-key`; `recover` (a
forgotten passphrase, with the coordinator's recovery identity: docs/recovery.md)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from minorifamiglie.cli.common import (
    ArgumentParser,
    add_output_argument,
    add_text_option,
    inline,
    parse_id,
    print_json,
    profile_dir,
    profile_held,
    read_new_passphrase,
    require_regular,
    say,
    share_dir,
    with_profile,
)
from minorifamiglie.config import ENV_NEW_PASSPHRASE
from minorifamiglie.domain.errors import DomainError
from minorifamiglie.domain.ids import DeviceId, TeamId


def _print_team(view: Any) -> None:
    say(f"Équipe: {view.name or '—'} ({view.team_id})")
    say(f"Questo dispositivo: {view.device_id}  impronta {view.fingerprint}")
    if view.coordinator_fingerprint:
        say(f"Coordinatore: impronta {view.coordinator_fingerprint}")
    if not view.admitted:
        say("Stato: in attesa di ammissione")
    if view.recovery_recipient:
        say(f"Chiave di recupero dell'équipe: {view.recovery_recipient}")
    for d in view.devices:
        tags = []
        if d.coordinator:
            tags.append("coordinatore")
        if d.this_device:
            tags.append("questo dispositivo")
        status = {"active": "attivo", "revoked": "revocato", "pending": "in attesa"}[d.status]
        extra = f" [{', '.join(tags)}]" if tags else ""
        say(
            f"  {d.device_id}  {status:<10} {inline(d.operator)} ({d.role}), "
            f"{inline(d.device_name)}{extra}\n"
            f"      impronta {d.fingerprint}"
        )
        if d.warning:
            say(f"      attenzione: {d.warning}")


@with_profile
def cmd_team_create(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import team

    view = team.create_team(opened, args.name, Path(args.share).expanduser())
    say(view.team_id)
    say(
        f"Équipe creata. Impronta del coordinatore: {view.fingerprint}\n"
        "Comunicarla agli operatori per il confronto quando si uniscono.",
        err=True,
    )
    return 0


@with_profile
def cmd_team_join(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import team

    team_id = TeamId(parse_id(args.team, "--team")) if args.team else None
    sent = team.join_team(opened, Path(args.share).expanduser(), team_id)
    say(sent.device_id)
    say(sent.fingerprint)
    say(
        f"Richiesta di adesione inviata all'équipe {sent.team_id}.\n"
        f"Impronta di questo dispositivo: {sent.fingerprint}\n"
        f"Impronta del coordinatore (fissata): {sent.coordinator_fingerprint}\n"
        "Confrontare le impronte a voce o di persona con il coordinatore.",
        err=True,
    )
    return 0


@with_profile
def cmd_team_admit(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import team

    device_id = DeviceId(parse_id(args.device_id, "DEVICE_ID"))
    device = team.admit(opened, device_id, share_dir(args))
    say(
        f"Ammesso {device.device_id} ({inline(device.operator)}, {device.role}); "
        f"impronta {device.fingerprint}",
        err=True,
    )
    _say_set_aside(device.set_aside)
    return 0


def _say_set_aside(files: tuple[str, ...]) -> None:
    for name in files:
        say(
            f"  messo da parte {name}: file estraneo al posto del registro dell'équipe "
            "(lasciato dov'è), il registro è stato scritto alla versione successiva",
            err=True,
        )


@with_profile
def cmd_team_revoke(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import team

    device_id = DeviceId(parse_id(args.device_id, "DEVICE_ID"))
    device = team.revoke(opened, device_id, share_dir(args))
    say(f"Revocato {device.device_id} ({inline(device.operator)})", err=True)
    _say_set_aside(device.set_aside)
    return 0


@with_profile
def cmd_team_show(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import team

    view = team.show(opened, share_dir(args))
    if args.json:
        print_json(view.to_json())
    elif view.team_id is None:
        say(f"Nessuna équipe. Impronta di questo dispositivo: {view.fingerprint}")
    else:
        _print_team(view)
    return 0


@with_profile
def cmd_team_recovery_key(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import team

    key = team.create_recovery_key(
        opened, Path(args.output).expanduser(), share_dir(args), replace=args.replace
    )
    say(key.recipient)
    say(
        f"Identità di recupero scritta in {key.path} (versione {key.roster_version} "
        "dell'elenco dell'équipe).\n"
        "Stamparla o copiarla su un supporto custodito e cancellarla da questo portatile: "
        "chi la possiede può reimpostare la passphrase di ogni profilo dell'équipe.",
        err=True,
    )
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    from minorifamiglie.services import recovery

    def new_passphrase() -> str:
        given = args.new_passphrase_file or os.environ.get(ENV_NEW_PASSPHRASE)
        if not given and not sys.stdin.isatty():
            raise DomainError(
                "Serve la nuova passphrase: usare --new-passphrase-file o la variabile "
                f"{ENV_NEW_PASSPHRASE}"
            )
        return read_new_passphrase(args)

    root = profile_dir(args)
    with profile_held(root):
        identity = require_regular(Path(args.identity).expanduser(), "dell'identità")
        done = recovery.recover(root, identity, new_passphrase)
    if done.upgrade is not None:
        from minorifamiglie.services.profiles import upgrade_message

        say(upgrade_message(done.upgrade), err=True)
    attempts = done.failed_attempts
    say(
        "Passphrase reimpostata con l'identità di recupero"
        + (f" (tentativi falliti registrati: {attempts})" if attempts else ""),
        err=True,
    )
    return 0


def add_commands(sub: Any) -> None:
    team = sub.add_parser("team", help="équipe: dispositivi e chiavi").add_subparsers(
        title="azioni", metavar="AZIONE", parser_class=ArgumentParser, required=True
    )
    s = team.add_parser("create", help="crea l'équipe (coordinatore); stampa il suo id")
    add_text_option(s, "name", required=True, metavar="NOME")
    add_output_argument(s, "--share", dest="share", metavar="DIR", required=True)
    s.set_defaults(handler=cmd_team_create)
    s = team.add_parser("join", help="chiede di unirsi; stampa id e impronta del dispositivo")
    add_output_argument(s, "--share", dest="share", metavar="DIR", required=True)
    s.add_argument("--team", metavar="ID")
    s.set_defaults(handler=cmd_team_join)
    s = team.add_parser("admit", help="ammette un dispositivo (coordinatore)")
    s.add_argument("device_id", metavar="DEVICE_ID")
    add_output_argument(s, "--share", dest="share", metavar="DIR")
    s.set_defaults(handler=cmd_team_admit)
    s = team.add_parser("revoke", help="revoca un dispositivo (coordinatore)")
    s.add_argument("device_id", metavar="DEVICE_ID")
    add_output_argument(s, "--share", dest="share", metavar="DIR")
    s.set_defaults(handler=cmd_team_revoke)
    s = team.add_parser("show", help="dispositivi, operatori, ruoli, impronte")
    add_output_argument(s, "--share", dest="share", metavar="DIR")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_team_show)
    s = team.add_parser(
        "recovery-key", help="crea l'identità di recupero dell'équipe (coordinatore)"
    )
    add_output_argument(s, "-o", "--output", dest="output", metavar="FILE", required=True)
    add_output_argument(s, "--share", dest="share", metavar="DIR")
    s.add_argument("--replace", action="store_true", help="sostituisce la chiave esistente")
    s.set_defaults(handler=cmd_team_recovery_key)

    s = sub.add_parser(
        "recover", help="reimposta una passphrase dimenticata con l'identità di recupero"
    )
    s.add_argument("--identity", metavar="FILE", required=True)
    s.add_argument("--new-passphrase-file", metavar="FILE")
    s.set_defaults(handler=cmd_recover)
