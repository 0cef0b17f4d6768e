"""The parser: the program's own options, then every group's commands, registered by its
module in the order `--help` lists them."""

from __future__ import annotations

import argparse
import functools
from collections.abc import Sequence
from typing import Any, NoReturn

import minorifamiglie
from minorifamiglie.cli import (
    ambito,
    backup,
    cases,
    community,
    gui,
    handoff,
    measures,
    plan,
    printing,
    profile,
    projects,
    sync,
    team,
    visits,
)
from minorifamiglie.cli.common import ArgumentParser, say

# Each adds its commands to the parser's sub-commands, in this order.
GROUPS = (
    gui.add_commands,
    profile.add_init_command,
    cases.add_commands,
    visits.add_commands,
    profile.add_commands,
    team.add_commands,
    sync.add_commands,
    printing.add_commands,
    handoff.add_commands,
    backup.add_commands,
    projects.add_commands,
    community.add_commands,
    plan.add_commands,
    measures.add_commands,
    ambito.add_commands,
)


class VersionAction(argparse.Action):
    """`--version`: the version is read (importlib.metadata) only when it is asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.update(
            nargs=0, default=argparse.SUPPRESS, help="show program's version number and exit"
        )
        super().__init__(option_strings, dest, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> NoReturn:
        say(f"minorifamiglie {minorifamiglie.__version__}")
        parser.exit(0)


def build_parser() -> ArgumentParser:
    p = ArgumentParser(
        prog="minorifamiglie",
        description="Cartelle di tutela minori e famiglie, cifrate e offline.",
    )
    p.add_argument("--version", action=VersionAction)
    p.add_argument(
        "--profile", metavar="DIR", help="cartella del profilo (o MINORIFAMIGLIE_PROFILE)"
    )
    p.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help="file con la passphrase (o MINORIFAMIGLIE_PASSPHRASE, o richiesta)",
    )
    sub = p.add_subparsers(title="comandi", metavar="COMANDO", parser_class=ArgumentParser)
    for add_commands in GROUPS:
        add_commands(sub)
    return p


@functools.cache
def shared_parser() -> ArgumentParser:
    """The parser, built once per process (argparse takes some 70 ms for the hundred-odd
    sub-commands): parsing reads it and never changes it, so every `main` of a process (the
    tests run thousands) can share it."""
    return build_parser()
