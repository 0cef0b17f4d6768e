"""Command line for hand-off bundles (docs/handoff-format.md): `export` and `import`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from minorifamiglie.cli.common import (
    add_output_argument,
    read_regular,
    read_secret_file,
    require_regular,
    say,
    with_profile_after,
)
from minorifamiglie.domain.errors import DomainError


def _read_bundle_passphrase(args: argparse.Namespace) -> None:
    args.bundle_passphrase = (
        read_secret_file(args.bundle_passphrase_file) if args.bundle_passphrase_file else None
    )


@with_profile_after(_read_bundle_passphrase)
def cmd_export(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import handoff

    info = handoff.export_cases(
        opened,
        args.case,
        recipient=args.recipient,
        passphrase=args.bundle_passphrase,
        target=Path(args.output).expanduser(),
    )
    say(info.path)
    say(
        f"Cartelle esportate: {len(info.case_ids)} ({info.records} record, "
        f"{info.attachments} allegati) per "
        f"{'passphrase' if args.bundle_passphrase else 'il destinatario ' + str(args.recipient)}",
        err=True,
    )
    return 0


def _identity(path: str) -> str:
    """The text of an age identity file (`age-keygen` output), read bounded."""
    from minorifamiglie.services.handoff_import import MAX_IDENTITY_FILE

    raw = read_regular(Path(path).expanduser(), "di identità age", MAX_IDENTITY_FILE)
    if len(raw) > MAX_IDENTITY_FILE:
        raise DomainError("File di identità age non valido: troppo grande")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DomainError("File di identità age non valido: non è testo UTF-8") from None


def _read_import_files(args: argparse.Namespace) -> None:
    args.identity_text = _identity(args.identity) if args.identity else None
    _read_bundle_passphrase(args)
    args.source = require_regular(Path(args.file).expanduser(), "del pacchetto")


@with_profile_after(_read_import_files)
def cmd_import(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import handoff_import

    info = handoff_import.import_bundle(
        opened,
        args.source,
        identity=args.identity_text,
        passphrase=args.bundle_passphrase,
        device_key=args.device_key,
        dry_run=args.dry_run,
    )
    for case_id, code in zip(info.case_ids, info.codes, strict=True):
        say(f"{case_id}\t{code}")
    if info.dry_run:
        say(
            f"Prova, nulla importato. Cartelle: {len(info.case_ids)} (già presenti: "
            f"{info.cases_present}); record nuovi: {info.inserted} (allegati: "
            f"{info.attachments}); già presenti: {info.skipped}",
            err=True,
        )
        return 0
    say(
        f"Cartelle importate: {len(info.case_ids)}; {info.inserted} record nuovi "
        f"({info.attachments} allegati), {info.skipped} già presenti lasciati invariati",
        err=True,
    )
    return 0


def add_commands(sub: Any) -> None:
    s = sub.add_parser("export", help="pacchetto cifrato (age) di cartelle da consegnare")
    s.add_argument("--case", metavar="ID", action="append", required=True)
    group = s.add_mutually_exclusive_group(required=True)
    group.add_argument("--recipient", metavar="AGE_PUBLIC_KEY")
    group.add_argument("--bundle-passphrase-file", metavar="FILE")
    add_output_argument(s, "-o", "--output", dest="output", metavar="FILE", required=True)
    s.set_defaults(handler=cmd_export)

    s = sub.add_parser("import", help="importa un pacchetto di cartelle (stessi identificativi)")
    s.add_argument("file", metavar="FILE")
    group = s.add_mutually_exclusive_group(required=True)
    group.add_argument("--identity", metavar="AGE_IDENTITY_FILE")
    group.add_argument("--bundle-passphrase-file", metavar="FILE")
    group.add_argument(
        "--device-key",
        action="store_true",
        help="con la chiave age di questo dispositivo (pacchetto per un membro dell'équipe)",
    )
    s.add_argument(
        "--dry-run", action="store_true", help="controlla e conta soltanto, senza importare"
    )
    s.set_defaults(handler=cmd_import)
