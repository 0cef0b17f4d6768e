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
import stat
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn

from minorifamiglie.config import (
    ENV_NEW_PASSPHRASE,
    ENV_PASSPHRASE,
    ENV_PROFILE,
    ProfilePaths,
    resolve_profile_dir,
)
from minorifamiglie.domain.errors import DomainError, ProfileInUseError, WrongPassphraseError
from minorifamiglie.domain.hidden_text import HIDDEN_CODES
from minorifamiglie.domain.ids import CaseId, GoalId
from minorifamiglie.domain.italian_format import fmt_date

EXIT_USER, EXIT_USAGE, EXIT_PASSPHRASE, EXIT_INTEGRITY = 1, 2, 3, 4
# Personal text read from a file or stdin: a long visit note is at most MAX_TEXT (100,000)
# characters, 400 KB of UTF-8 at worst; anything larger is not a note and is refused unread.
TEXT_FILE_MAX_BYTES = 1024 * 1024
SECRET_FILE_MAX_BYTES = 64 * 1024
STDIN = "-"
# The environment variables the command line reads as text.
ENV_TEXT = (ENV_PASSPHRASE, ENV_NEW_PASSPHRASE, ENV_PROFILE)


class UsageError(Exception):
    """Bad command-line usage detected after parsing."""


class ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, printable(f"{self.prog}: errore: {message}") + "\n")

    def _print_message(self, message: str, file: Any = None) -> None:
        """As argparse prints, but a help or version that cannot be written to standard output
        (a full disk) is not passed over in silence with exit 0: the error reaches main."""
        if message and file is sys.stdout:
            file.write(message)
        else:
            super()._print_message(message, file)  # standard error: nowhere left to tell


def fail(message: str, code: int) -> int:
    say(f"minorifamiglie: {message}", err=True)
    return code


# ---------------------------------------------------------------- human-readable output

# What a terminal would act on instead of showing, or what shows as nothing
# (domain.hidden_text): each is shown as its escape (\x1b, \u202e, \u200b), never sent raw.
_ESCAPED = {
    c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" if c < 0x10000 else f"\\U{c:08x}"
    for c in HIDDEN_CODES
}


def _json_escape(code: int) -> str:
    """JSON's escape of one character: beyond U+FFFF, its UTF-16 surrogate pair."""
    if code < 0x10000:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


# In JSON the same, as JSON's own escapes (\u009b): json.dumps escapes only U+0000 to U+001F.
# They stand only inside strings there, whose values stay exactly as stored.
_JSON_ESCAPED = {c: _json_escape(c) for c in HIDDEN_CODES if c >= 0x7F}


def json_safe(text: str) -> str:
    """JSON text with every character `printable` escapes written as a JSON escape."""
    return text.translate(_JSON_ESCAPED)


class JsonSafeOutput:
    """A text stream that writes JSON through `json_safe` (the streamed dump)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def write(self, text: str) -> int:
        return int(self._inner.write(json_safe(text)))


def printable(text: str) -> str:
    """`text` with every control a terminal would act on replaced by its visible escape."""
    return text.translate(_ESCAPED)


def inline(text: str) -> str:
    """A stored name or title printed within a line of its own (a device of `team show`): its
    line breaks and tabs, which `printable` keeps for notes, as their escapes, so one device
    cannot spread over two lines and pass for two."""
    return text.replace("\n", "\\n").replace("\t", "\\t")


def say(text: object = "", *, err: bool = False) -> None:
    """Print one human-readable line (or lines) on stdout, or stderr when `err`: every line
    the command line shows a person goes through here (`printable`). JSON output goes through
    `json_safe`: its values must parse back exactly as stored."""
    print(printable(str(text)), file=sys.stderr if err else sys.stdout)


# ---------------------------------------------------------------- arguments that are not UTF-8


def not_utf8_problem(argv: Sequence[str], environ: Mapping[str, str]) -> str | None:
    """Why the command line cannot be taken as text, or None. On POSIX bytes that are not
    UTF-8 reach Python as lone surrogates (surrogateescape): no text field, passphrase or
    message can hold them, so they are refused once, here, before anything is done. Neither
    the value nor its bytes are repeated (it may be personal): the argument is named."""
    for name in ENV_TEXT:
        value = environ.get(name)
        if value is not None and not _is_utf8(value):
            return f"la variabile {name} non è testo UTF-8 valido"
    for i, arg in enumerate(argv):
        if _is_utf8(arg):
            continue
        option, sep, _ = arg.partition("=")
        if sep and option.startswith("--") and _is_utf8(option):
            return f"il valore di {option} non è testo UTF-8 valido"
        before = argv[i - 1] if i else ""
        if before.startswith("-") and _is_utf8(before):
            return f"il valore di {before.partition('=')[0]} non è testo UTF-8 valido"
        return f"l'argomento n. {i + 1} non è testo UTF-8 valido"
    return None


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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
    if from_stdin:
        try:
            if sys.stdin is None:
                raise OSError("no standard input")
            data = sys.stdin.buffer.read(limit + 1)
        except OSError:
            raise DomainError(f"Impossibile leggere il file {what}: {name}") from None
    else:
        data = read_regular(Path(source).expanduser(), what, limit)
    if len(data) > limit:
        raise DomainError(f"Il file {what} supera {limit // 1024} KiB: {name}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise DomainError(f"Il file {what} non è testo UTF-8: {name}") from None


def read_regular(path: Path, what: str, limit: int) -> bytes:
    """At most `limit` + 1 bytes of the regular file `path` (a symlink to one counts): the
    caller refuses more. A folder, a device (/dev/zero never ends), a FIFO or a socket is
    refused unread, saying which it is; so is a file that cannot be opened. Every file the
    command line reads from a path it was given is read here."""
    from minorifamiglie import portable

    try:
        fh, _ = portable.open_regular(path)
    except portable.NotAFileError:
        raise _not_regular(path, what) from None
    except OSError:
        raise DomainError(f"Impossibile leggere il file {what}: {path}") from None
    try:
        with fh:
            return fh.read(limit + 1)
    except OSError:
        raise DomainError(f"Impossibile leggere il file {what}: {path}") from None


def require_regular(path: Path, what: str) -> Path:
    """`path` when it names a regular file (a symlink to one counts), for a service that reads
    it itself; else one line saying what is there instead."""
    try:
        status = path.stat()
    except FileNotFoundError:
        raise DomainError(f"File {what} non trovato: {path}") from None
    except OSError:
        raise DomainError(f"Impossibile leggere il file {what}: {path}") from None
    if not stat.S_ISREG(status.st_mode):
        raise _not_regular(path, what)
    return path


def _not_regular(path: Path, what: str) -> DomainError:
    return DomainError(
        f"Impossibile leggere il file {what}: {path} non è un file normale ma {kind_of(path)}"
    )


def kind_of(path: Path) -> str:
    """What `path` is, when it is not a regular file, said in a few words."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return "inaccessibile"
    if stat.S_ISDIR(mode):
        return "una cartella"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "un dispositivo"
    if stat.S_ISFIFO(mode):
        return "una pipe"
    if stat.S_ISSOCK(mode):
        return "un socket"
    return "un file speciale"


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
            raise UsageError("--set-file vuole CAMPO=FILE: manca il campo, il segno '=' o il file")
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
    root = resolve_profile_dir(args.profile)
    if root.exists() and not root.is_dir():
        raise DomainError(f"{root} non è una cartella di profilo: è {_not_a_folder(root)}")
    return root


def _not_a_folder(path: Path) -> str:
    return "un file" if path.is_file() else kind_of(path)


# ---------------------------------------------------------------- files the commands write


@dataclasses.dataclass(frozen=True)
class OutputOption:
    """An option naming a file or folder a command writes (`-o FILE`, `restore --to DIR`):
    never inside the profile's folder, where it could replace profile.json or the database.
    `may_be_profile`: the profile's folder itself may be named (restore into an empty one)."""

    dest: str
    shown: str
    may_be_profile: bool = False


def add_output_argument(
    parser: argparse.ArgumentParser,
    *flags: str,
    dest: str,
    may_be_profile: bool = False,
    **kwargs: Any,
) -> None:
    """Add an option naming what the command writes; `check_outputs` checks it before the
    command runs."""
    parser.add_argument(*flags, dest=dest, **kwargs)
    known = parser.get_default("output_options") or ()
    parser.set_defaults(output_options=(*known, OutputOption(dest, flags[0], may_be_profile)))


def check_outputs(args: argparse.Namespace) -> None:
    """Every output the command was given, checked before anything is read or written."""
    root = resolve_profile_dir(getattr(args, "profile", None))
    for option in getattr(args, "output_options", ()):
        value = getattr(args, option.dest, None)
        if value:
            refuse_inside_profile(root, Path(value).expanduser(), option)
            refuse_special(Path(value).expanduser(), option)


def refuse_special(target: Path, option: OutputOption) -> None:
    """DomainError when `target` is there and is neither a regular file nor a folder: a pipe,
    a device (/dev/full), a socket. The write would rename a file over it and say it was
    written: as root, a device replaced by a file of case data."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return  # not there (yet): the write says what is wrong with its folder
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise DomainError(
            f"{option.shown} {target}: non è un file normale (è una pipe, un dispositivo o un "
            "socket); indicare il nome di un file"
        )


def refuse_inside_profile(root: Path, target: Path, option: OutputOption) -> None:
    """DomainError when `target`, once its symlinks and `..` are resolved, is the profile's
    folder `root` or lies anywhere inside it. Folders are compared as the file system sees
    them (device and inode, or their Windows equivalent), so letter case and links to the
    folder make no difference."""
    try:
        profile = os.stat(root)
    except OSError:
        return  # no profile folder: nothing there to overwrite
    resolved = Path(os.path.abspath(target)).resolve()
    for depth, folder in enumerate((resolved, *resolved.parents)):
        try:
            same = os.path.samestat(os.stat(folder), profile)
        except OSError:
            continue  # not there yet
        if same and depth == 0 and option.may_be_profile:
            return
        if same:
            raise DomainError(
                f"{option.shown} {target}: è nella cartella del profilo ({root}), dove non si "
                "scrive nulla che non sia del profilo; indicare un percorso fuori da essa"
            )


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
        raise ProfileInUseError() from None
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

            say(profiles.upgrade_message(opened.upgrade), err=True)
        try:
            return handler(args, opened)
        finally:
            opened.close()

    return run


def with_profile_after(
    prepare: Callable[[argparse.Namespace], None],
) -> Callable[
    [Callable[[argparse.Namespace, Any], int | None]], Callable[[argparse.Namespace], int | None]
]:
    """`with_profile`, with `prepare(args)` run first: the files the command reads (an
    identity, a passphrase file, a logo) read, and found wrong, before the passphrase is asked
    for and derived. A mistyped path costs no unlock, and no failed attempt when the
    passphrase is wrong too."""

    def wrap(
        handler: Callable[[argparse.Namespace, Any], int | None],
    ) -> Callable[[argparse.Namespace], int | None]:
        unlocked = with_profile(handler)

        def run(args: argparse.Namespace) -> int | None:
            prepare(args)
            return unlocked(args)

        return run

    return wrap


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
        say(f"Troppi tentativi falliti: attendere {wait:.0f} secondi…", err=True)
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
    from minorifamiglie.domain.value_bounds import DATE_MAX, DATE_MIN

    problem = date_problem(text)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    day = date_of(text)
    assert day is not None
    if not DATE_MIN <= day <= DATE_MAX:  # as every stored date; 9999 overflowed a report
        raise argparse.ArgumentTypeError(
            f"data fuori dall'intervallo ammesso ({DATE_MIN.year}-{DATE_MAX.year})"
        )
    return day


def goal_arg(text: str) -> GoalId:
    """argparse `type=` of `--goal`: a goal's id (`case show --json`), else a usage error."""
    from minorifamiglie.domain.ids import parse_uuid

    try:
        return GoalId(parse_uuid(text))
    except ValueError:
        raise argparse.ArgumentTypeError("identificativo di obiettivo non valido") from None


def int_in(low: int, high: int) -> Callable[[str], int]:
    """argparse `type=` of a whole number from `low` to `high`: a number past what the command
    can use is a usage error, not an OverflowError deep inside it."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"numero intero non valido: {text[:20]}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"atteso un numero da {low} a {high}")
        return value

    return parse


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
    print(json_safe(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2, sort_keys=True)))


def it_date(day: dt.date | None) -> str:
    return fmt_date(day) if day else "—"


def print_age_warnings(opened: Any, case_id: CaseId) -> None:
    """The ages that do not fit the case's services (saved all the same: exit 0), one line
    each on stderr, without names or birth dates."""
    from minorifamiglie.services import age_checks

    for line in age_checks.warning_lines(age_checks.check_case_ages(opened, case_id)):
        say(line, err=True)
