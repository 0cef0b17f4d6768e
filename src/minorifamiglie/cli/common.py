"""What the command groups share: exit codes and usage errors, the argument parser and
argument types, personal text read from files or stdin, passphrases, the profile unlocked for a
command, and output (JSON, dates).

The services and the storage stack are imported inside the functions that use them, here and
in every group module: a command loads only what it needs (the unlock screen is drawn, and a
passphrase asked for, before the database layer is imported: tests/integration/
test_cli_startup.py, test_gui_startup.py)."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import gc
import getpass
import json
import os
import sys
import uuid
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn

from minorifamiglie.config import (
    ENV_NEW_PASSPHRASE,
    ENV_PASSPHRASE,
    ProfilePaths,
    resolve_profile_dir,
)
from minorifamiglie.domain.errors import DomainError, WrongPassphraseError
from minorifamiglie.domain.ids import CaseId, GoalId
from minorifamiglie.domain.italian_format import fmt_date

EXIT_USER, EXIT_USAGE, EXIT_PASSPHRASE, EXIT_INTEGRITY = 1, 2, 3, 4
# Personal text read from a file or stdin: a long visit note is at most MAX_TEXT (100,000)
# characters, 400 KB of UTF-8 at worst; anything larger is not a note and is refused unread.
TEXT_FILE_MAX_BYTES = 1024 * 1024
SECRET_FILE_MAX_BYTES = 64 * 1024
STDIN = "-"


class UsageError(Exception):
    """Bad command-line usage detected after parsing."""


class ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: errore: {message}\n")


def fail(message: str, code: int) -> int:
    print(f"minorifamiglie: {message}", file=sys.stderr)
    return code


def stdout_to_devnull() -> None:
    """Point stdout at the null device, so the interpreter's final flush of what is still
    buffered has nowhere to fail (Python docs, signal module, "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (tests capture it): nothing will be flushed at exit


# ---------------------------------------------------------------- text from files or stdin


def read_text_source(
    source: str, what: str, *, limit: int = TEXT_FILE_MAX_BYTES, stdin: bool = True
) -> str:
    """The whole of a UTF-8 file, or of standard input when `source` is "-" and `stdin`,
    read without ever holding more than `limit` + 1 bytes. Errors name the file and `what`
    it was for, never its contents."""
    from_stdin = stdin and source == STDIN
    name = "lo standard input" if from_stdin else source
    try:
        if from_stdin:
            if sys.stdin is None:
                raise OSError("no standard input")
            data = sys.stdin.buffer.read(limit + 1)
        else:
            with Path(source).expanduser().open("rb") as f:
                data = f.read(limit + 1)
    except OSError:
        raise DomainError(f"Impossibile leggere il file {what}: {name}") from None
    if len(data) > limit:
        raise DomainError(f"Il file {what} supera {limit // 1024} KiB: {name}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise DomainError(f"Il file {what} non è testo UTF-8: {name}") from None


def read_text_file(source: str, option: str) -> str:
    """Personal text given by `option` (a file or "-"): one trailing newline is dropped, the
    one `echo` or an editor adds; everything else is kept as written."""
    text = read_text_source(source, f"di {option}")
    if text.endswith("\r\n"):
        return text[:-2]
    return text.removesuffix("\n")


@dataclasses.dataclass(frozen=True)
class TextOption:
    """A personal text that can come from the command line (`--notes TEXT`) or, better,
    from a file or stdin (`--notes-file F|-`): argv is readable by every local user in
    /proc/PID/cmdline and lands in shell history."""

    dest: str
    shown: str  # how the argument form is written in messages: "--notes", "TESTO"
    required: bool = False

    @property
    def file_option(self) -> str:
        return f"--{self.dest.replace('_', '-')}-file"


def add_text_option(
    parser: argparse.ArgumentParser,
    option: str,
    *,
    required: bool = False,
    metavar: str = "TESTO",
    help: str | None = None,
) -> None:
    """Add `--OPTION TEXT` and its twin `--OPTION-file FILE|-` (read by resolve_text_options)."""
    dest = option.replace("-", "_")
    parser.add_argument(f"--{option}", dest=dest, metavar=metavar, help=help)
    register_text_option(parser, TextOption(dest, f"--{option}", required))


def register_text_option(parser: argparse.ArgumentParser, text: TextOption) -> None:
    """Add the `--…-file FILE|-` twin of an argument already on `parser`."""
    parser.add_argument(
        text.file_option,
        dest=f"{text.dest}_file",
        metavar="FILE",
        help=f"come {text.shown}, letto da FILE in UTF-8 ('-': dallo standard input)",
    )
    known = parser.get_default("text_options") or ()
    parser.set_defaults(text_options=(*known, text))


def _set_file_items(items: list[str]) -> list[tuple[str, str]]:
    out = []
    for item in items:
        key, sep, source = item.partition("=")
        if not sep or not key.strip() or not source:
            raise UsageError(f"--set-file vuole CAMPO=FILE, non '{key}'")
        out.append((key.strip(), source))
    return out


def resolve_text_options(args: argparse.Namespace) -> None:
    """Replace every `--…-file` of the command by the text it names, before any work: both
    forms of one option, or stdin asked for twice, are usage errors (exit 2)."""
    texts: tuple[TextOption, ...] = getattr(args, "text_options", ())
    set_files = _set_file_items(getattr(args, "set_file", None) or [])
    sources: list[tuple[str, str]] = []  # (option, source) in the order given
    for text in texts:
        given, source = getattr(args, text.dest), getattr(args, f"{text.dest}_file")
        if given is not None and source is not None:
            raise UsageError(f"{text.shown} e {text.file_option} insieme: indicarne uno solo")
        if text.required and given is None and source is None:
            raise UsageError(f"serve {text.shown} o {text.file_option}")
        if source is not None:
            sources.append((text.file_option, source))
    if set_files:
        typed = {item.partition("=")[0].strip() for item in args.set}
        for key, source in set_files:
            if key in typed:
                raise UsageError(f"il campo {key} è sia in --set sia in --set-file")
            sources.append((f"--set-file {key}", source))
    from_stdin = [option for option, source in sources if source == STDIN]
    if len(from_stdin) > 1:
        raise UsageError(
            f"lo standard input si legge una volta sola: {' e '.join(from_stdin)} vogliono '-'"
        )
    for text in texts:
        source = getattr(args, f"{text.dest}_file")
        if source is not None:
            setattr(args, text.dest, read_text_file(source, text.file_option))
    if set_files:
        read = [f"{key}={read_text_file(source, '--set-file')}" for key, source in set_files]
        args.set = [*args.set, *read]


# ---------------------------------------------------------------- passphrases and profiles


def read_passphrase(args: argparse.Namespace, *, confirm: bool = False) -> str:
    if args.passphrase_file:
        return read_secret_file(args.passphrase_file)
    if os.environ.get(ENV_PASSPHRASE):
        return os.environ[ENV_PASSPHRASE]
    return _prompt("Passphrase: ", confirm)


def read_new_passphrase(args: argparse.Namespace) -> str:
    if args.new_passphrase_file:
        return read_secret_file(args.new_passphrase_file)
    if os.environ.get(ENV_NEW_PASSPHRASE):
        return os.environ[ENV_NEW_PASSPHRASE]
    return _prompt("Nuova passphrase: ", confirm=True)


def read_secret_file(path: str) -> str:
    text = read_text_source(path, "della passphrase", limit=SECRET_FILE_MAX_BYTES, stdin=False)
    secret = text.rstrip("\r\n")
    if not secret:
        raise DomainError(f"Il file della passphrase è vuoto: {path}")
    return secret


def _prompt(label: str, confirm: bool) -> str:
    if not sys.stdin.isatty():
        raise DomainError(
            f"Serve una passphrase: usare --passphrase-file o la variabile {ENV_PASSPHRASE}"
        )
    first = getpass.getpass(label)
    if confirm and getpass.getpass("Ripetere: ") != first:
        raise DomainError("Le due passphrase non coincidono")
    return first


def profile_dir(args: argparse.Namespace) -> Path:
    return resolve_profile_dir(args.profile)


@contextlib.contextmanager
def profile_held(root: Path, *, create: bool = True) -> Iterator[None]:
    """Hold the profile's lock while a command rewrites profile.json or replaces the
    database: refused while the application has this profile open. `create` False: only a
    folder the application has already locked once (its lock file exists) is checked."""
    from minorifamiglie import portable

    path = ProfilePaths(root).lock
    if not root.is_dir() or not (create or path.exists()):
        yield
        return
    try:
        held = portable.lock(path)
    except portable.ProfileLockedError:
        raise DomainError(
            "Il profilo è aperto in Minori e Famiglie: chiudere l'applicazione e riprovare"
        ) from None
    with held:
        yield


@contextlib.contextmanager
def loading(own_process: bool) -> Iterator[None]:
    """The start-up of a command: the storage stack imported, the profile opened. Python's
    cyclic collector would run some 150 times meanwhile and free nothing (what is imported
    lives as long as the process), then walk it all again, several times, as the interpreter
    exits: about 30 ms and 60 ms of a small `case list`. In a process of its own the collector
    pauses while loading, and what was loaded is then frozen, so that later collections, the
    ones at exit too, skip it (gc.disable early, gc.freeze, gc.enable: the gc module's own
    pattern). Called in-process (tests, `own_process` False), nothing changes."""
    if not own_process:
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def with_profile(
    handler: Callable[[argparse.Namespace, Any], int | None],
) -> Callable[[argparse.Namespace], int | None]:
    """Unlock the profile for one command and always close it (dropping the key)."""

    def run(args: argparse.Namespace) -> int | None:
        with loading(getattr(args, "own_process", False)):
            opened = _unlock(args)
        if opened.upgrade is not None:
            from minorifamiglie.services import profiles

            print(profiles.upgrade_message(opened.upgrade), file=sys.stderr)
        try:
            return handler(args, opened)
        finally:
            opened.close()

    return run


def _unlock(args: argparse.Namespace) -> Any:
    """The profile of `args` opened, with the wait of past failures said on stderr.

    The passphrase is asked for before the database layer is imported, and its Argon2id
    derivation runs in a thread while Python imports it (SQLAlchemy and the models, about a
    quarter of a second): the two overlap instead of adding up."""
    from minorifamiglie.storage.keyfile import DerivationAhead, read_keyfile, remaining_wait

    root = profile_dir(args)
    keyfile = read_keyfile(root / "profile.json")
    wait = remaining_wait(keyfile)
    if wait > 1:
        print(f"Troppi tentativi falliti: attendere {wait:.0f} secondi…", file=sys.stderr)
    passphrase = read_passphrase(args)
    ahead = DerivationAhead(keyfile.kdf, passphrase)
    from minorifamiglie.services import profiles

    try:
        return profiles.unlock(root, passphrase, ahead=ahead)
    except WrongPassphraseError as exc:  # its text may add "disco pieno"
        after = remaining_wait(read_keyfile(root / "profile.json"))
        raise WrongPassphraseError(f"{exc} (prossimo tentativo tra {after:.0f} s)") from None


def share_dir(args: argparse.Namespace) -> Path | None:
    """The shared folder given by `--share`, if any (else the one the team recorded)."""
    return Path(args.share).expanduser() if getattr(args, "share", None) else None


# ---------------------------------------------------------------- argument types


DATE_FORMS = "usare GG/MM/AAAA (o AAAA-MM-GG)"


def date_problem(text: str, *, echo: bool = True) -> str | None:
    """Why `text` is not a date of the command line, in one line; None when it is one.
    Dates are written as Italians write them, day first (15/03/2020, 5/3/2020), or as scripts
    do (2020-03-15): domain/validation.py reads them, for the forms and the GUI as well.
    `echo` False: the text is not repeated (a birth date is personal)."""
    from minorifamiglie.domain.validation import date_of, date_shaped

    if date_of(text) is not None:
        return None
    typed = text.strip()[:20]
    if date_shaped(text):  # the form is right, the day does not exist: 31/02/2026
        return f"{typed if echo else 'la data'} non è un giorno del calendario"
    return f"data non valida{f' {typed}' if echo else ''}: {DATE_FORMS}"


def date_arg(text: str) -> dt.date:
    """argparse `type=` of every date option: an impossible or malformed date is a usage
    error (exit 2), one line, before the profile is even opened."""
    from minorifamiglie.domain.validation import date_of

    problem = date_problem(text)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    day = date_of(text)
    assert day is not None
    return day


def goal_arg(text: str) -> GoalId:
    """argparse `type=` of `--goal`: a goal's id (`case show --json`), else a usage error."""
    from minorifamiglie.domain.ids import parse_uuid

    try:
        return GoalId(parse_uuid(text))
    except ValueError:
        raise argparse.ArgumentTypeError("identificativo di obiettivo non valido") from None


def month_arg(text: str) -> str:
    """argparse `type=` of a month: 03/2026, 3/2026 or 2026-03, given on as "2026-03"."""
    from minorifamiglie.domain.validation import month_of

    found = month_of(text)
    if found is None:
        raise argparse.ArgumentTypeError(
            f"mese non valido {text.strip()[:20]}: usare MM/AAAA (o AAAA-MM)"
        )
    return f"{found[0]:04d}-{found[1]:02d}"


def parse_id(text: str, what: str) -> uuid.UUID:
    """An identifier given as a positional argument or an option (`what`), else a usage error."""
    try:
        return uuid.UUID(text)
    except ValueError:
        raise UsageError(f"{what} non valido: atteso un identificativo (UUID)") from None


# ---------------------------------------------------------------- output


def to_jsonable(value: Any) -> Any:
    from minorifamiglie.storage.types import TEXT_VALUES, encode_value

    if isinstance(value, TEXT_VALUES):  # a visit's persons present, its observations
        return encode_value(value)  # as stored: the JSON text
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, StrEnum | uuid.UUID | dt.date | dt.time | bytes):
        return encode_value(value)
    return value


def print_json(value: Any) -> None:
    print(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2, sort_keys=True))


def it_date(day: dt.date | None) -> str:
    return fmt_date(day) if day else "—"


def print_age_warnings(opened: Any, case_id: CaseId) -> None:
    """The ages that do not fit the case's services (saved all the same: exit 0), one line
    each on stderr, without names or birth dates."""
    from minorifamiglie.services import age_checks

    for line in age_checks.warning_lines(age_checks.check_case_ages(opened, case_id)):
        print(line, file=sys.stderr)
