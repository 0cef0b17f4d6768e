"""Synchronisation with the team (docs/team-folder.md): `sync` through the shared folder, and the
`conflicts` it leaves to settle (`conflicts resolve`)."""

from __future__ import annotations

import argparse
from typing import Any

from minorifamiglie.cli.common import (
    ArgumentParser,
    TextOption,
    add_output_argument,
    parse_id,
    print_json,
    say,
    share_dir,
    with_profile,
)
from minorifamiglie.domain.errors import DomainError
from minorifamiglie.domain.ids import ConflictId


@with_profile
def cmd_sync(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import syncing

    report = syncing.sync(opened, share_dir(args))
    if args.json:
        print_json(report.to_json())
    else:
        say(
            f"Inviate {report.exported} modifiche, ricevute {report.imported}; "
            f"conflitti aperti: {report.conflicts}"
        )
        for r in report.failures():  # the held operations are a notice, not a refusal
            say(f"  rifiutato {r.file}: {r.message('it')}")
        for line in report.notices("it"):
            say(f"  {line}")
    if report.outcome == "interrupted":
        what = INTERRUPTED.get(report.interrupted_by, INTERRUPTED[""])
        raise DomainError(f"{what}: quanto fatto è salvato, il resto alla prossima")
    return 0


# Why a sync stopped half-way, as the user can act on it (syncing.Interrupted.cause)
INTERRUPTED = {
    "": "Cartella condivisa non più raggiungibile durante la sincronizzazione",
    "full": "Cartella condivisa piena (spazio esaurito): liberare spazio",
    "read_only": "Cartella condivisa in sola lettura: va resa scrivibile",
    "denied": "Cartella condivisa non accessibile (permessi): va resa leggibile e scrivibile",
}


@with_profile
def cmd_conflicts(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import conflicts

    items = conflicts.list_conflicts(opened)
    if args.json:
        print_json([c.to_json() for c in items])
        return 0
    if not items:
        say("Nessun conflitto aperto")
    for c in items:
        if c.kind == "case-restored":
            say(f"{c.id}  {c.case_code or c.entity}  cartella ripristinata")
            say(f"    {c.message()}")
            continue
        where = c.case_code or c.entity
        what = c.field or "eliminazione"
        say(f"{c.id}  {where}  {c.entity}.{what}")
        say(f"    in vigore: {c.current.value!r}{' (mio)' if c.current.mine else ''}")
        say(f"    altro:     {c.other.value!r}{' (mio)' if c.other.mine else ''}")
    return 0


@with_profile
def cmd_conflicts_resolve(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import conflicts

    # --text-file (a file or "-") was read into args.text by common.resolve_text_options
    conflict_id = ConflictId(parse_id(args.conflict_id, "ID"))
    view = conflicts.resolve(opened, conflict_id, args.keep, args.text)
    say(f"Conflitto {view.id} risolto", err=True)
    return 0


def add_commands(sub: Any) -> None:
    s = sub.add_parser("sync", help="sincronizza con la cartella condivisa")
    add_output_argument(s, "--share", dest="share", metavar="DIR")
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
