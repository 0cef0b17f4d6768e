"""Command line for backup and restore (docs/backup-format.md): `backup -o FILE`,
`restore FILE --to DIR`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from minorifamiglie.cli.common import profile_held, read_passphrase, with_profile


@with_profile
def cmd_backup(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import backup

    info = backup.backup(opened, Path(args.output))
    print(
        f"Backup scritto in {info.path} ({info.size / 1_048_576:.1f} MiB), cifrato: "
        "si apre solo con la passphrase di questo profilo",
        file=sys.stderr,
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from minorifamiglie.services import backup

    target = Path(args.to).expanduser()
    with profile_held(target, create=False):
        info = backup.restore(Path(args.file), target, read_passphrase(args))
    print(info.root)
    checked = (
        f"schema {info.revision}, pagine verificate; alla prima apertura sarà aggiornato, "
        "dopo una copia di sicurezza"
        if info.upgrade_pending
        else f"{info.rows_checked} righe"
    )
    print(
        f"Profilo ripristinato e verificato ({checked}); "
        "si apre con la stessa passphrase. Non usare insieme anche il profilo originale: "
        "sono lo stesso dispositivo.",
        file=sys.stderr,
    )
    waiting = sum(info.waiting.values())
    if waiting:  # a causal gap the backup carried: not damage, the next sync completes it
        what = "modifica in attesa" if waiting == 1 else "modifiche in attesa"
        print(
            f"{waiting} {what} della loro scheda (arriveranno con la prossima sincronizzazione)",
            file=sys.stderr,
        )
    return 0


def add_commands(sub: Any) -> None:
    s = sub.add_parser("backup", help="salva tutto il profilo in un file cifrato")
    s.add_argument("-o", "--output", required=True, metavar="FILE")
    s.set_defaults(handler=cmd_backup)
    s = sub.add_parser("restore", help="ripristina un backup in una cartella nuova")
    s.add_argument("file", metavar="FILE")
    s.add_argument("--to", required=True, metavar="DIR", help="cartella vuota o nuova")
    s.set_defaults(handler=cmd_restore)
