"""The command line (docs/architecture.md §9): a stable contract for scripts and tests.

Errors are one line on stderr, never a traceback; exit codes: 1 user error, 2 usage,
3 wrong passphrase, 4 integrity or tampering detected, 5 profile in use by another program
(its write lock held past the busy timeout: nothing written, try again).

`common` holds what the command groups share; each group module (`cases`, `visits`, `team`,
`sync`, ...) defines its commands and registers them on the parser (`parser.build_parser`;
`shared_parser`: built once per process)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from minorifamiglie.cli.common import (
    EXIT_INTEGRITY,
    EXIT_PASSPHRASE,
    EXIT_USAGE,
    EXIT_USER,
    UsageError,
    check_outputs,
    fail,
    not_utf8_problem,
    resolve_text_options,
    stdout_to_devnull,
)
from minorifamiglie.cli.parser import shared_parser
from minorifamiglie.domain.errors import DomainError, IntegrityError, WrongPassphraseError

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; `argv` None: this process's own command line (sys.argv), the
    program's entry, where start-up is tuned for a process of its own (see `common.loading`)."""
    problem = not_utf8_problem(sys.argv[1:] if argv is None else argv, os.environ)
    if problem is not None:
        return fail(problem, EXIT_USAGE)
    args = _parse(argv)
    if args is None:
        return EXIT_USAGE
    args.own_process = argv is None
    try:
        resolve_text_options(args)
        check_outputs(args)
        code = int(args.handler(args) or 0)
        sys.stdout.flush()  # a reader that went away shows up here, not at interpreter exit
        return code
    except BrokenPipeError:
        # `minorifamiglie case list | head -1`: the reader has what it wanted. End quietly,
        # as Unix tools do, whatever was left to print.
        stdout_to_devnull()
        return 0
    except WrongPassphraseError as exc:
        return fail(str(exc), EXIT_PASSPHRASE)
    except IntegrityError as exc:
        return fail(str(exc), EXIT_INTEGRITY)
    except DomainError as exc:
        return fail(str(exc), exc.exit_code)
    except UsageError as exc:
        return fail(str(exc), EXIT_USAGE)
    except KeyboardInterrupt:
        return fail("Interrotto: nessuna modifica parziale è stata salvata", EXIT_USER)
    except OSError as exc:
        # The OS message names the problem (disk full, permission) but not the data.
        return fail(f"Errore di sistema: {exc.strerror or type(exc).__name__}", EXIT_USER)
    except Exception as exc:
        # Messages of database errors can carry row values: never print them.
        if os.environ.get("MINORIFAMIGLIE_DEBUG") == "1":
            raise
        return fail(
            f"Errore imprevisto ({type(exc).__name__}): nessuna modifica parziale è stata salvata",
            EXIT_USER,
        )


def _parse(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The command asked for (the GUI when none is), or None after printing the help."""
    parser = shared_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        if (argv is None and len(sys.argv) == 1) or argv == []:
            return parser.parse_args(["gui"])  # the GUI is the default command
        parser.print_help()
        return None
    return args
