"""Command line for the team and sync (DESIGN 7): `team`, `sync`, `conflicts`, and `recover`
(a forgotten passphrase, with the coordinator's recovery identity: docs/recovery.md)."""

from __future__ import annotations

import argparse
import os
import sys
import uuid
from pathlib import Path
from typing import Any

from minorifamiglie.cli import (
    ArgumentParser,
    TextOption,
    UsageError,
    print_json,
    profile_dir,
    profile_held,
    read_new_passphrase,
    with_profile,
)


def _uuid(text: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise UsageError(f"{what} non valido: atteso un identificativo (UUID)") from None


def _share(args: argparse.Namespace) -> Path | None:
    return Path(args.share).expanduser() if getattr(args, "share", None) else None


def _print_team(view: Any) -> None:
    print(f"Équipe: {view.name or '—'} ({view.team_id})")
    print(f"Questo dispositivo: {view.device_id}  impronta {view.fingerprint}")
    if view.coordinator_fingerprint:
        print(f"Coordinatore: impronta {view.coordinator_fingerprint}")
    if not view.admitted:
        print("Stato: in attesa di ammissione")
    if view.recovery_recipient:
        print(f"Chiave di recupero dell'équipe: {view.recovery_recipient}")
    for d in view.devices:
        tags = []
        if d.coordinator:
            tags.append("coordinatore")
        if d.this_device:
            tags.append("questo dispositivo")
        status = {"active": "attivo", "revoked": "revocato", "pending": "in attesa"}[d.status]
        extra = f" [{', '.join(tags)}]" if tags else ""
        print(
            f"  {d.device_id}  {status:<10} {d.operator} ({d.role}), {d.device_name}{extra}\n"
            f"      impronta {d.fingerprint}"
        )


@with_profile
def cmd_team_create(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import team

    view = team.create_team(opened, args.name, Path(args.share).expanduser())
    print(view.team_id)
    print(
        f"Équipe creata. Impronta del coordinatore: {view.fingerprint}\n"
        "Comunicarla agli operatori per il confronto quando si uniscono.",
        file=sys.stderr,
    )
    return 0


@with_profile
def cmd_team_join(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import team

    team_id = _uuid(args.team, "--team") if args.team else None
    sent = team.join_team(opened, Path(args.share).expanduser(), team_id)
    print(sent.device_id)
    print(sent.fingerprint)
    print(
        f"Richiesta di adesione inviata all'équipe {sent.team_id}.\n"
        f"Impronta di questo dispositivo: {sent.fingerprint}\n"
        f"Impronta del coordinatore (fissata): {sent.coordinator_fingerprint}\n"
        "Confrontare le impronte a voce o di persona con il coordinatore.",
        file=sys.stderr,
    )
    return 0


@with_profile
def cmd_team_admit(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import team

    device = team.admit(opened, _uuid(args.device_id, "DEVICE_ID"), _share(args))
    print(
        f"Ammesso {device.device_id} ({device.operator}, {device.role}); "
        f"impronta {device.fingerprint}",
        file=sys.stderr,
    )
    _say_set_aside(device.set_aside)
    return 0


def _say_set_aside(files: tuple[str, ...]) -> None:
    for name in files:
        print(
            f"  messo da parte {name}: file estraneo al posto del registro dell'équipe "
            "(lasciato dov'è), il registro è stato scritto alla versione successiva",
            file=sys.stderr,
        )


@with_profile
def cmd_team_revoke(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import team

    device = team.revoke(opened, _uuid(args.device_id, "DEVICE_ID"), _share(args))
    print(f"Revocato {device.device_id} ({device.operator})", file=sys.stderr)
    _say_set_aside(device.set_aside)
    return 0


@with_profile
def cmd_team_show(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import team

    view = team.show(opened, _share(args))
    if args.json:
        print_json(view.to_json())
    elif view.team_id is None:
        print(f"Nessuna équipe. Impronta di questo dispositivo: {view.fingerprint}")
    else:
        _print_team(view)
    return 0


@with_profile
def cmd_team_recovery_key(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import team

    key = team.create_recovery_key(
        opened, Path(args.output).expanduser(), _share(args), replace=args.replace
    )
    print(key.recipient)
    print(
        f"Identità di recupero scritta in {key.path} (versione {key.roster_version} "
        "dell'elenco dell'équipe).\n"
        "Stamparla o copiarla su un supporto custodito e cancellarla da questo portatile: "
        "chi la possiede può reimpostare la passphrase di ogni profilo dell'équipe.",
        file=sys.stderr,
    )
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    from minorifamiglie.config import ENV_NEW_PASSPHRASE
    from minorifamiglie.domain.errors import DomainError
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
        done = recovery.recover(root, Path(args.identity).expanduser(), new_passphrase)
    if done.upgrade is not None:
        from minorifamiglie.services.profiles import upgrade_message

        print(upgrade_message(done.upgrade), file=sys.stderr)
    attempts = done.failed_attempts
    print(
        "Passphrase reimpostata con l'identità di recupero"
        + (f" (tentativi falliti registrati: {attempts})" if attempts else ""),
        file=sys.stderr,
    )
    return 0


@with_profile
def cmd_sync(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.domain.errors import DomainError
    from minorifamiglie.services import syncing

    report = syncing.sync(opened, _share(args))
    if args.json:
        print_json(report.to_json())
    else:
        print(
            f"Inviate {report.exported} modifiche, ricevute {report.imported}; "
            f"conflitti aperti: {report.conflicts}"
        )
        for r in report.failures():  # the held operations are a notice, not a refusal
            print(f"  rifiutato {r.file}: {r.message('it')}")
        for line in report.notices("it"):
            print(f"  {line}")
    if report.outcome == "interrupted":
        raise DomainError(
            "Cartella condivisa non più raggiungibile durante la sincronizzazione: quanto fatto "
            "è salvato, il resto alla prossima"
        )
    return 0


@with_profile
def cmd_conflicts(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import conflicts

    items = conflicts.list_conflicts(opened)
    if args.json:
        print_json([c.to_json() for c in items])
        return 0
    if not items:
        print("Nessun conflitto aperto")
    for c in items:
        if c.kind == "case-restored":
            print(f"{c.id}  {c.case_code or c.entity}  cartella ripristinata")
            print(f"    {c.message()}")
            continue
        where = c.case_code or c.entity
        what = c.field or "eliminazione"
        print(f"{c.id}  {where}  {c.entity}.{what}")
        print(f"    in vigore: {c.current.value!r}{' (mio)' if c.current.mine else ''}")
        print(f"    altro:     {c.other.value!r}{' (mio)' if c.other.mine else ''}")
    return 0


@with_profile
def cmd_conflicts_resolve(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import conflicts

    # --text-file (a file or "-") was read into args.text by cli.resolve_text_options
    view = conflicts.resolve(opened, _uuid(args.conflict_id, "ID"), args.keep, args.text)
    print(f"Conflitto {view.id} risolto", file=sys.stderr)
    return 0


def add_commands(sub: Any) -> None:
    team = sub.add_parser("team", help="équipe: dispositivi e chiavi").add_subparsers(
        title="azioni", metavar="AZIONE", parser_class=ArgumentParser, required=True
    )
    s = team.add_parser("create", help="crea l'équipe (coordinatore); stampa il suo id")
    s.add_argument("--name", required=True)
    s.add_argument("--share", metavar="DIR", required=True)
    s.set_defaults(handler=cmd_team_create)
    s = team.add_parser("join", help="chiede di unirsi; stampa id e impronta del dispositivo")
    s.add_argument("--share", metavar="DIR", required=True)
    s.add_argument("--team", metavar="ID")
    s.set_defaults(handler=cmd_team_join)
    s = team.add_parser("admit", help="ammette un dispositivo (coordinatore)")
    s.add_argument("device_id", metavar="DEVICE_ID")
    s.add_argument("--share", metavar="DIR")
    s.set_defaults(handler=cmd_team_admit)
    s = team.add_parser("revoke", help="revoca un dispositivo (coordinatore)")
    s.add_argument("device_id", metavar="DEVICE_ID")
    s.add_argument("--share", metavar="DIR")
    s.set_defaults(handler=cmd_team_revoke)
    s = team.add_parser("show", help="dispositivi, operatori, ruoli, impronte")
    s.add_argument("--share", metavar="DIR")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_team_show)
    s = team.add_parser(
        "recovery-key", help="crea l'identità di recupero dell'équipe (coordinatore)"
    )
    s.add_argument("-o", "--output", metavar="FILE", required=True)
    s.add_argument("--share", metavar="DIR")
    s.add_argument("--replace", action="store_true", help="sostituisce la chiave esistente")
    s.set_defaults(handler=cmd_team_recovery_key)

    s = sub.add_parser(
        "recover", help="reimposta una passphrase dimenticata con l'identità di recupero"
    )
    s.add_argument("--identity", metavar="FILE", required=True)
    s.add_argument("--new-passphrase-file", metavar="FILE")
    s.set_defaults(handler=cmd_recover)

    s = sub.add_parser("sync", help="sincronizza con la cartella condivisa")
    s.add_argument("--share", metavar="DIR")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_sync)

    conflicts = sub.add_parser("conflicts", help="conflitti da risolvere")
    conflicts.add_argument("--json", action="store_true")
    conflicts.set_defaults(handler=cmd_conflicts)
    actions = conflicts.add_subparsers(
        title="azioni", metavar="AZIONE", parser_class=ArgumentParser
    )
    s = actions.add_parser("resolve", help="risolve un conflitto")
    s.add_argument("conflict_id", metavar="ID")
    group = s.add_mutually_exclusive_group(required=True)
    group.add_argument("--keep", choices=["mine", "theirs"])
    group.add_argument("--text", help="il testo unito")
    group.add_argument(
        "--text-file", metavar="FILE", help="file con il testo unito ('-': dallo standard input)"
    )
    s.set_defaults(text_options=(TextOption("text", "--text"),))
    s.set_defaults(handler=cmd_conflicts_resolve)
