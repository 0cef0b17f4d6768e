"""Command line for backup and restore (docs/backup-format.md): `backup -o FILE`,
`restore FILE --to DIR`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from minorifamiglie.cli.common import (
    add_output_argument,
    profile_held,
    read_passphrase,
    require_regular,
    say,
    with_profile,
)
from minorifamiglie.domain.errors import DomainError


@with_profile
def cmd_backup(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import backup

    info = backup.backup(opened, Path(args.output))
    say(
        f"Backup scritto in {info.path} ({info.size / 1_048_576:.1f} MiB), cifrato: "
        "si apre solo con la passphrase di questo profilo",
        err=True,
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from minorifamiglie.services import backup

    target = Path(args.to).expanduser()
    if target.exists() and not target.is_dir():
        raise DomainError(f"--to {target} non è una cartella: indicare una cartella vuota o nuova")
    source = require_regular(Path(args.file).expanduser(), "di backup")
    with profile_held(target, create=False):
        info = backup.restore(source, target, read_passphrase(args))
    say(info.root)
    checked = (
        f"schema {info.revision}, pagine verificate; alla prima apertura sarà aggiornato, "
        "dopo una copia di sicurezza"
        if info.upgrade_pending
        else f"{info.rows_checked} righe"
    )
    say(
        f"Profilo ripristinato e verificato ({checked}); "
        "si apre con la stessa passphrase. Non usare insieme anche il profilo originale: "
        "sono lo stesso dispositivo.",
        err=True,
    )
    waiting = sum(info.waiting.values())
    if waiting:  # a causal gap the backup carried: not damage, the next sync completes it
        what = "modifica in attesa" if waiting == 1 else "modifiche in attesa"
        say(
            f"{waiting} {what} della loro scheda (arriveranno con la prossima sincronizzazione)",
            err=True,
        )
    return 0


def add_commands(sub: Any) -> None:
    s = sub.add_parser("backup", help="salva tutto il profilo in un file cifrato")
    add_output_argument(s, "-o", "--output", dest="output", required=True, metavar="FILE")
    s.set_defaults(handler=cmd_backup)
    s = sub.add_parser("restore", help="ripristina un backup in una cartella nuova")
    s.add_argument("file", metavar="FILE")
    add_output_argument(
        s, "--to", dest="to", may_be_profile=True, required=True, metavar="DIR",
        help="cartella vuota o nuova",
    )  # fmt: skip
    s.set_defaults(handler=cmd_restore)
