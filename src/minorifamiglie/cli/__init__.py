"""The command line (docs/architecture.md §9): a stable contract for scripts and tests.

Errors are one line on stderr, never a traceback; exit codes: 1 user error, 2 usage,
3 wrong passphrase, 4 integrity or tampering detected, 5 profile in use by another program
(its write lock held past the busy timeout: nothing written, try again).

`common` holds what the command groups share; each group module (`cases`, `visits`, `team`,
`sync`, ...) defines its commands and registers them on the parser (`parser.build_parser`;
`shared_parser`: built once per process)."""

from __future__ import annotations

import argparse
import io
import logging
import os
import sys
from collections.abc import Sequence
from typing import Any

from minorifamiglie import portable
from minorifamiglie.cli.common import (
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
from minorifamiglie.domain import os_errors
from minorifamiglie.domain.errors import DomainError
from minorifamiglie.portable import NotAFileError

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; `argv` None: this process's own command line (sys.argv), the
    program's entry, where start-up is tuned for a process of its own (see `common.loading`)."""
    _closed_streams_to_devnull()
    if argv is None:
        _utf8_streams()
        _one_line_logging()
        portable.no_core_dumps()  # a crash must not leave the decrypted profile in a file
    real = sys.stdout
    sys.stdout = _GuardedOutput(real)
    try:
        return _main(argv)
    finally:
        sys.stdout = real


def _main(argv: Sequence[str] | None) -> int:
    problem = not_utf8_problem(sys.argv[1:] if argv is None else argv, os.environ)
    if problem is not None:
        return fail(problem, EXIT_USAGE)
    args = _parsed(argv)
    if isinstance(args, int):
        return args
    args.own_process = argv is None
    try:
        resolve_text_options(args)
        check_outputs(args)
        code = int(args.handler(args) or 0)
    except BrokenPipeError:
        # `minorifamiglie case list | head -1`: the reader has what it wanted. End quietly,
        # as Unix tools do, whatever was left to print.
        stdout_to_devnull()
        return 0
    except DomainError as exc:  # a wrong passphrase exits 3, damage 4, a busy profile 5
        return fail(str(exc), exc.exit_code)
    except UsageError as exc:
        return fail(str(exc), EXIT_USAGE)
    except KeyboardInterrupt:
        return fail("Interrotto: nessuna modifica parziale è stata salvata", EXIT_USER)
    except NotAFileError as exc:
        return fail(str(exc), EXIT_USER)
    except OutputError as exc:
        return _output_failed(exc)
    except OSError as exc:
        # The OS message names the problem (disk full, permission) but not the data.
        return fail(f"Errore di sistema: {os_errors.italian(exc)}", EXIT_USER)
    except Exception as exc:
        # Messages of database errors can carry row values: never print them.
        if os.environ.get("MINORIFAMIGLIE_DEBUG") == "1":
            raise
        return fail(
            f"Errore imprevisto ({type(exc).__name__}): nessuna modifica parziale è stata salvata",
            EXIT_USER,
        )
    return _flushed(code)


def _flushed(code: int) -> int:
    """The command has done its work (and committed what it writes): what is left is printing
    the rest of its output. A reader that went away shows up here, not at interpreter exit,
    and ends quietly; an output that cannot be written (a full disk) is named as such."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        stdout_to_devnull()
    except OutputError as exc:
        return _output_failed(exc)
    return code


class OutputError(OSError):
    """Standard output could not be written (a full disk, a closed device): not the command's
    own failure. A write command has committed before it prints, so it must not be reported
    as 'nothing saved': a script would run it again and record it twice."""


def _output_failed(exc: OutputError) -> int:
    stdout_to_devnull()
    return fail(
        f"L'uscita standard non si può scrivere ({os_errors.italian(exc)}): "
        "il comando non ha potuto mostrare il suo esito; quanto ha già salvato resta salvato",
        EXIT_USER,
    )


class _GuardedOutput:
    """sys.stdout, whose write errors (other than a reader gone away) are OutputError."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def write(self, text: str) -> int:
        try:
            return int(self._inner.write(text))
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(exc.errno, exc.strerror) from exc

    def flush(self) -> None:
        try:
            self._inner.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(exc.errno, exc.strerror) from exc

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _OneLine(logging.Formatter):
    """A warning of the application as one line on stderr, like its errors: the message only,
    never a traceback (a traceback's frames can hold values of the data being written)."""

    def format(self, record: logging.LogRecord) -> str:
        return f"minorifamiglie: {record.getMessage()}"


def _one_line_logging() -> None:
    """In a process of its own: the application's warnings one line each; the database
    library's own logs not at all (a cursor closed after Ctrl-C printed two tracebacks, and
    its messages can carry the statement's values)."""
    root = logging.getLogger()
    if not any(isinstance(h.formatter, _OneLine) for h in root.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(_OneLine())
        handler.setLevel(logging.WARNING)
        root.addHandler(handler)
    library = logging.getLogger("sqlalchemy")
    library.propagate = False
    library.addHandler(logging.NullHandler())


def _utf8_streams() -> None:
    """Standard output and error in UTF-8 whatever the locale says: a name like 'Ștefan' in a
    list redirected to a file on Windows (the ANSI code page there) or printed under LC_ALL=C
    ended in 'Errore imprevisto (UnicodeEncodeError)'. Every text the application holds
    encodes in UTF-8 (lone surrogates are refused where text comes in)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8") and isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8")


def _closed_streams_to_devnull() -> None:
    """A process started with its standard output or error closed (`>&-`) has None for them:
    what it prints goes to the null device instead of failing after the command's work."""
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the process)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def _parsed(argv: Sequence[str] | None) -> argparse.Namespace | int:
    """The command asked for, or the exit code when parsing alone ended it (--version printed
    into a pipe that closed, or onto a full disk; no command given)."""
    try:
        args = _parse(argv)  # --version and --help print here
        sys.stdout.flush()
    except BrokenPipeError:
        stdout_to_devnull()
        return 0
    except OutputError as exc:
        return _output_failed(exc)
    except SystemExit:  # argparse's own end (--help, a usage error): what it printed, flushed
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            stdout_to_devnull()
        except OutputError as exc:
            raise SystemExit(_output_failed(exc)) from None
        raise
    return EXIT_USAGE if args is None else args


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
