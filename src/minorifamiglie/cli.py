"""The command line (DESIGN 7): a stable contract for scripts and tests.

Errors are one line on stderr, never a traceback; exit codes: 1 user error, 2 usage,
3 wrong passphrase, 4 integrity or tampering detected, 5 profile in use by another program
(its write lock held past the busy timeout: nothing written, try again)."""

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
from collections.abc import Callable, Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn

import minorifamiglie
from minorifamiglie.config import ENV_NEW_PASSPHRASE, ENV_PASSPHRASE, resolve_profile_dir
from minorifamiglie.domain.enums import CaseClosure, Role, Service, VisitKind, VisitOutcome
from minorifamiglie.domain.errors import (
    DomainError,
    IntegrityError,
    ValidationError,
    WrongPassphraseError,
)

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


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; `argv` None: this process's own command line (sys.argv), the
    program's entry, where start-up is tuned for a process of its own (see `loading`)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        if (argv is None and len(sys.argv) == 1) or argv == []:
            args = parser.parse_args(["gui"])  # the GUI is the default command
        else:
            parser.print_help()
            return EXIT_USAGE
    args.own_process = argv is None
    try:
        resolve_text_options(args)
        code = int(args.handler(args) or 0)
        sys.stdout.flush()  # a reader that went away shows up here, not at interpreter exit
        return code
    except BrokenPipeError:
        # `minorifamiglie case list | head -1`: the reader has what it wanted. End quietly,
        # as Unix tools do, whatever was left to print.
        _stdout_to_devnull()
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


def fail(message: str, code: int) -> int:
    print(f"minorifamiglie: {message}", file=sys.stderr)
    return code


def _stdout_to_devnull() -> None:
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
        return _read_secret_file(args.passphrase_file)
    if os.environ.get(ENV_PASSPHRASE):
        return os.environ[ENV_PASSPHRASE]
    return _prompt("Passphrase: ", confirm)


def read_new_passphrase(args: argparse.Namespace) -> str:
    if args.new_passphrase_file:
        return _read_secret_file(args.new_passphrase_file)
    if os.environ.get(ENV_NEW_PASSPHRASE):
        return os.environ[ENV_NEW_PASSPHRASE]
    return _prompt("Nuova passphrase: ", confirm=True)


def _read_secret_file(path: str) -> str:
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
    from minorifamiglie.config import ProfilePaths

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


# ---------------------------------------------------------------- output


def to_jsonable(value: Any) -> Any:
    from minorifamiglie.storage.types import encode_value

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
    return day.strftime("%d/%m/%Y") if day else "—"


# ---------------------------------------------------------------- commands


def cmd_init(args: argparse.Namespace) -> int:
    from minorifamiglie.services import profiles

    role = Role.parse(args.role, "Ruolo")
    info = profiles.init_profile(
        profile_dir(args),
        read_passphrase(args, confirm=True),
        args.operator,
        Role(role),
        args.device_name,
    )
    print(f"Profilo creato in {info.root}")
    print(f"Dispositivo {info.device_id}")
    return 0


def parse_kv(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--set vuole CAMPO=VALORE, non '{item.split('=')[0]}'")
        out[key.strip()] = value
    return out


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


def goal_arg(text: str) -> uuid.UUID:
    """argparse `type=` of `--goal`: a goal's id (`case show --json`), else a usage error."""
    from minorifamiglie.domain.ids import parse_uuid

    try:
        return parse_uuid(text)
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


def _optional_date(text: str | None, option: str) -> dt.date | None:
    """A date option that also has a `-file` twin (read after parsing, so not an argparse
    type): the same forms and the same usage error, without repeating the text."""
    if not text:
        return None
    problem = date_problem(text, echo=False)
    if problem is not None:
        raise UsageError(f"{option}: {problem}")
    return date_arg(text)


@with_profile
def cmd_case_add(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import cases, person_checks

    created = cases.open_case(
        opened,
        ambito=args.ambito,
        service=Service(Service.parse(args.service, "Servizio")),
        title=args.title or "",
        summary=args.summary or "",
        minor_name=args.minor,
        birth_date=_optional_date(args.birth_date, "--birth-date"),
        tax_code=args.tax_code,
        sex=args.sex,
        birthplace=args.birthplace,
        citizenship=args.citizenship,
        msna=args.msna,
        comune=args.comune,
    )
    print(created.case.id)
    # Saved all the same: warnings, one line each, for a script to see (exit 0).
    for line in person_checks.warning_lines(created.warnings):
        print(line, file=sys.stderr)
    _print_age_warnings(opened, created.case.id)
    return 0


@with_profile
def cmd_case_list(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.domain.enums import CaseStatus
    from minorifamiglie.services import cases
    from minorifamiglie.storage.queries import CaseFilter

    flt = CaseFilter(
        text=args.search or "",
        ambito_id=cases.find_ambito(opened, args.ambito).id if args.ambito else None,
        service=Service(Service.parse(args.service, "Servizio")) if args.service else None,
        status=CaseStatus(CaseStatus.parse(args.status, "Stato")) if args.status else None,
    )
    rows = cases.list_cases(opened, flt)
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        print(
            f"{r.code:<20} {r.status.value:<8} {r.service.value:<20} {r.minors or r.title}  {r.id}"
        )
    print(f"{len(rows)} cartelle", file=sys.stderr)
    return 0


@with_profile
def cmd_case_show(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.domain import places
    from minorifamiglie.services import cases

    detail = cases.show_case(opened, args.id)
    c = detail.case
    comune = detail.comune_name
    if args.json:
        doc = to_jsonable(c) | {
            "ambito": {"code": detail.ambito.code, "name": detail.ambito.name},
            "comune_name": comune or None,  # None: not given, or a code unknown here
            "members": [
                to_jsonable(mv.person)
                | {"role": mv.member.role.value, "member_id": str(mv.member.id)}
                for mv in detail.members
            ],
            "operators": to_jsonable(detail.operators),
            "measures": to_jsonable(detail.measures),
            "activations": to_jsonable(detail.activations),
            "goals": to_jsonable(detail.goals),
            "placements": to_jsonable(detail.placements),
            "community_placements": to_jsonable(detail.community_placements),
            "goal_actions": to_jsonable(detail.goal_actions),
            "deadlines": to_jsonable(detail.deadlines),
            "attachments": to_jsonable(detail.attachments),
            "visit_count": detail.visit_count,
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    print(f"Cartella {c.code}  ({c.status.label()})")
    print(f"  Ambito:    {detail.ambito.name}")
    print(f"  Comune:    {comune or places.NOT_GIVEN}")
    print(f"  Servizio:  {c.service.label()}")
    print(f"  Apertura:  {it_date(c.opened_on)}   Chiusura: {it_date(c.closed_on)}")
    if c.closed_on is not None or c.closure_reason is not None:
        reason = c.closure_reason.label() if c.closure_reason else "non indicato"
        print(f"  Motivo della chiusura: {reason}")
    if c.title:
        print(f"  Titolo:    {c.title}")
    if c.summary:
        print(f"  Sintesi:   {c.summary}")
    for mv in detail.members:
        print(f"  {mv.member.role.label()}: {mv.person.full_name} ({_person_facts(mv.person)})")
    for d in detail.deadlines:
        done = ""
        if d.done_on is not None:
            done = f" (completata il {it_date(d.done_on)}{f' da {d.done_by}' if d.done_by else ''})"
        print(f"  Scadenza {it_date(d.due_on)}: {d.title}{done}")
    for w in detail.age_warnings:  # the case file shows them; so does its text here
        print(f"  Attenzione: {w.with_name()}")
    print(f"  Visite nel diario: {detail.visit_count}")
    return 0


def _person_facts(person: Any) -> str:
    """ "12/04/2016, F, nata a Zogno, cittadinanza Italia, C.F. …, MSNA": what is known."""
    from minorifamiglie.domain import places
    from minorifamiglie.domain.enums import Sex

    facts = [it_date(person.birth_date)]
    if person.sex is not None:
        facts.append(person.sex.value)
    if person.birthplace:
        born = "nata" if person.sex is Sex.FEMALE else "nato"
        where = places.place(person.birthplace)
        if where is None:  # a code the tables do not know (a newer version wrote it)
            facts.append(f"{born} a {person.birthplace}")
        elif where.foreign:
            facts.append(f"{born} all'estero ({where.name})")
        else:
            facts.append(f"{born} a {where.label}")
    if person.citizenship:
        facts.append(f"cittadinanza {places.country_name(person.citizenship)}")
    if person.tax_code:
        facts.append(f"C.F. {person.tax_code}")
    if person.msna:
        facts.append("MSNA")
    return ", ".join(facts)


@with_profile
def cmd_case_edit(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import cases

    changes = parse_kv(args.set)
    if args.comune is not None:
        if "comune" in changes:
            raise UsageError("--comune e --set comune=… insieme: indicarne uno solo")
        changes["comune"] = args.comune
    if args.reason is not None:
        if "closure_reason" in changes:
            raise UsageError("--reason e --set closure_reason=… insieme: indicarne uno solo")
        changes["closure_reason"] = args.reason
    if not changes:
        raise UsageError("indicare almeno un --set CAMPO=VALORE, --set-file CAMPO=FILE o --comune")
    try:
        case = cases.edit_case(opened, args.id, changes)
    except ValidationError as exc:
        if exc.field != "closure_reason" or "closure_reason" in changes:
            raise
        reasons = ", ".join(r.value for r in CaseClosure)
        raise ValidationError(f"{exc}: --reason {reasons}", exc.field) from None
    print(case.id)
    _print_age_warnings(opened, case.id)
    return 0


def _print_age_warnings(opened: Any, case_id: uuid.UUID) -> None:
    """The ages that do not fit the case's services (saved all the same: exit 0), one line
    each on stderr, without names or birth dates."""
    from minorifamiglie.services import age_checks

    for line in age_checks.warning_lines(age_checks.check_case_ages(opened, case_id)):
        print(line, file=sys.stderr)


@with_profile
def cmd_case_delete(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import case_removal

    deleted = case_removal.delete_empty_case(opened, args.id)
    print(deleted.case_id)
    print(f"Cartella {deleted.code} eliminata", file=sys.stderr)
    return 0


@with_profile
def cmd_visit_add(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.domain import validation
    from minorifamiglie.services import visits

    visit = visits.add_visit(
        opened,
        case=args.case,
        date=args.date,
        start=validation.parse_time(args.start, "start"),
        end=validation.parse_time(args.end, "end"),
        kind=VisitKind(VisitKind.parse(args.kind, "Tipo di visita")),
        outcome=VisitOutcome(VisitOutcome.parse(args.outcome, "Esito")),
        place=args.place or "",
        notes=args.notes or "",
        close=args.close,
        goals=tuple(args.goal),
    )
    print(visit.id)
    warning = visits.overlap_warning(visits.overlapping(opened, visit.id))
    if warning:  # recorded all the same: a warning, not an error
        print(warning, file=sys.stderr)
    return 0


@with_profile
def cmd_visit_close(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import visits

    print(visits.close_visit(opened, args.id).id)
    return 0


@with_profile
def cmd_visit_amend(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import visits

    print(visits.amend_visit(opened, args.id, args.notes).id)
    return 0


@with_profile
def cmd_visit_list(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import visits

    kind = VisitKind(VisitKind.parse(args.kind, "Tipo di visita")) if args.kind else None
    views = visits.list_visits(opened, args.case, kind)
    if args.json:
        print_json(
            [to_jsonable(v.visit) | {"amendments": to_jsonable(v.amendments)} for v in views]
        )
        return 0
    for v in views:
        vi = v.visit
        print(
            f"{it_date(vi.date)} {vi.start_time:%H:%M}-{vi.end_time:%H:%M} "
            f"{vi.kind.label():<22} {vi.status.label():<16} {vi.id}"
        )
    return 0


@with_profile
def cmd_search(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import visits

    hits = visits.search_notes(opened, args.query, args.limit)
    if args.json:
        print_json(hits)
        return 0
    for h in hits:
        print(f"{it_date(h.date)}  {h.snippet}  {h.visit_id}")
    return 0


@with_profile
def cmd_dump(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import dump

    dump.write_dump(opened, sys.stdout)  # streamed: memory stays bounded at any size
    return 0


@with_profile
def cmd_check(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import integrity

    report = integrity.check(opened)
    if args.json:
        print_json(report)
    if not report.sound:
        raise IntegrityError("Integrità compromessa: " + "; ".join(report.problems()))
    if not args.json:
        print(
            f"Integrità verificata: pagine cifrate, {report.audit_events} eventi di accesso, "
            f"{report.changes} modifiche, {report.rows_checked} righe"
        )
        for note in report.notes():  # informational: a causal gap is not damage
            print(note)
    return 0


@with_profile
def cmd_passwd(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import profiles

    new_passphrase = read_new_passphrase(args)
    with profile_held(opened.paths.root):
        profiles.change_passphrase(opened, new_passphrase)
    print("Passphrase cambiata", file=sys.stderr)
    return 0


@with_profile
def cmd_demo_data(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import demo

    if args.cases < 0 or args.cases > 100_000:
        raise UsageError("--cases deve essere tra 0 e 100000")
    summary = demo.generate(opened, cases=args.cases, seed=args.seed)
    print(
        f"Dati dimostrativi: {summary.cases} cartelle, {summary.persons} persone, "
        f"{summary.visits} visite, {summary.foster_families} famiglie affidatarie",
        file=sys.stderr,
    )
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    # The demo service (Faker, the whole storage stack: 0.6 s of imports) only for --demo: the
    # unlock screen is drawn before the database layers are imported.
    root = profile_dir(args)
    hint = None
    if args.demo:
        from minorifamiglie.config import demo_profile_dir
        from minorifamiglie.services import demo

        root, hint = demo_profile_dir(), demo.DEMO_PASSPHRASE
        if not (root / "profile.json").exists():
            demo.ensure_demo_profile(root)
    if args.self_test:
        if not (root / "profile.json").exists():
            raise DomainError(f"Nessun profilo in {root}: la prova di funzionamento ne vuole uno")
        passphrase = hint or read_passphrase(args)
        from minorifamiglie.ui import self_test

        return self_test.run(root, passphrase, Path(args.self_test), args.language or "it")
    from minorifamiglie.ui.app import run

    return run(root, language=args.language, demo_hint=hint)


# ---------------------------------------------------------------- parser


class VersionAction(argparse.Action):
    """`--version`: the version is read (importlib.metadata) only when it is asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.update(
            nargs=0, default=argparse.SUPPRESS, help="show program's version number and exit"
        )
        super().__init__(option_strings, dest, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> NoReturn:
        print(f"minorifamiglie {minorifamiglie.__version__}")
        parser.exit(0)


COMUNE_HELP = "comune di residenza (es. 'Zogno' o 'Castro (BG)') o codice catastale (M184)"


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

    s = sub.add_parser("gui", help="apre l'applicazione (comando predefinito)")
    s.add_argument("--demo", action="store_true", help="apre il profilo dimostrativo")
    s.add_argument(
        "--self-test",
        metavar="DIR",
        help="prova di funzionamento: sblocca, apre l'anteprima di stampa di una visita chiusa "
        "e scrive in DIR le schermate e report.json, poi esce (0 se tutto funziona)",
    )
    s.add_argument(
        "--language", choices=["it", "en"], help="lingua (altrimenti quella delle impostazioni)"
    )
    s.set_defaults(handler=cmd_gui)

    s = sub.add_parser("init", help="crea un nuovo profilo cifrato")
    add_text_option(s, "operator", required=True, metavar="NOME")
    s.add_argument("--role", required=True, choices=[r.value for r in Role])
    s.add_argument("--device-name", metavar="NOME")
    s.set_defaults(handler=cmd_init)

    case = sub.add_parser("case", help="cartelle").add_subparsers(
        title="azioni", metavar="AZIONE", parser_class=ArgumentParser
    )
    s = case.add_parser("add", help="apre una nuova cartella; stampa il suo id")
    s.add_argument("--ambito", required=True, help="codice o nome dell'ambito (es. VBR)")
    s.add_argument("--service", required=True, choices=[x.value for x in Service])
    add_text_option(s, "title")
    add_text_option(s, "summary")
    add_text_option(s, "minor", metavar="'NOME COGNOME'")
    add_text_option(s, "birth-date", metavar="GG/MM/AAAA", help="o AAAA-MM-GG")
    add_text_option(s, "tax-code", metavar="CF", help="16 caratteri, o 11 cifre se provvisorio")
    s.add_argument("--sex", choices=["F", "M"], help="sesso del minore, come nel codice fiscale")
    add_text_option(
        s,
        "birthplace",
        metavar="LUOGO",
        help="comune (es. 'Zogno' o 'Castro (BG)'), stato estero o codice catastale (A794)",
    )
    add_text_option(
        s, "citizenship", metavar="STATO", help="cittadinanza: stato o codice ISO (IT, MA)"
    )
    s.add_argument("--msna", action="store_true", help="minore straniero non accompagnato")
    add_text_option(s, "comune", metavar="COMUNE", help=COMUNE_HELP)
    s.set_defaults(handler=cmd_case_add)
    s = case.add_parser("list", help="elenca le cartelle")
    add_text_option(s, "search", help="nome, codice cartella o codice fiscale")
    s.add_argument("--ambito")
    s.add_argument("--service", choices=[x.value for x in Service])
    s.add_argument("--status", choices=["aperta", "sospesa", "chiusa"])
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_case_list)
    s = case.add_parser("show", help="mostra una cartella (id o codice)")
    s.add_argument("id")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_case_show)
    s = case.add_parser("edit", help="modifica campi: --set title=… --set status=chiusa")
    s.add_argument("id")
    s.add_argument("--set", action="append", metavar="CAMPO=VALORE", default=[])
    s.add_argument(
        "--set-file",
        action="append",
        metavar="CAMPO=FILE",
        default=[],
        help="come --set, con il valore letto da FILE in UTF-8 ('-': dallo standard input)",
    )
    add_text_option(s, "comune", metavar="COMUNE", help=COMUNE_HELP + "; '' per toglierlo")
    s.add_argument(
        "--reason",
        choices=[r.value for r in CaseClosure],
        help="motivo della chiusura: obbligatorio con --set status=chiusa",
    )
    s.set_defaults(handler=cmd_case_edit)
    s = case.add_parser(
        "delete",
        help="elimina una cartella ancora vuota (id o codice): senza visite, persone oltre al "
        "minore, provvedimenti, interventi, obiettivi, scadenze, abbinamenti, allegati",
    )
    s.add_argument("id")
    s.set_defaults(handler=cmd_case_delete)

    visit = sub.add_parser("visit", help="diario delle visite").add_subparsers(
        title="azioni", metavar="AZIONE", parser_class=ArgumentParser
    )
    s = visit.add_parser("add", help="registra una visita; stampa il suo id")
    s.add_argument("--case", required=True, metavar="ID")
    s.add_argument(
        "--date", required=True, type=date_arg, metavar="GG/MM/AAAA", help="o AAAA-MM-GG"
    )
    s.add_argument("--start", required=True, metavar="HH:MM")
    s.add_argument("--end", required=True, metavar="HH:MM")
    s.add_argument(
        "--kind", default=VisitKind.HOME_VISIT.value, choices=[k.value for k in VisitKind]
    )
    s.add_argument(
        "--outcome", default=VisitOutcome.DONE.value, choices=[o.value for o in VisitOutcome]
    )
    add_text_option(s, "place")
    add_text_option(s, "notes")
    s.add_argument(
        "--goal",
        action="append",
        default=[],
        type=goal_arg,
        metavar="ID",
        help="obiettivo del PEI su cui si è lavorato (ripetibile, nell'ordine)",
    )
    s.add_argument("--close", action="store_true", help="chiude e firma subito la visita")
    s.set_defaults(handler=cmd_visit_add)
    s = visit.add_parser("close", help="chiude e firma una visita")
    s.add_argument("id")
    s.set_defaults(handler=cmd_visit_close)
    s = visit.add_parser("amend", help="aggiunge un'integrazione a una visita chiusa")
    s.add_argument("id")
    add_text_option(s, "notes", required=True)
    s.set_defaults(handler=cmd_visit_amend)
    s = visit.add_parser("list", help="le visite di una cartella")
    s.add_argument("--case", required=True, metavar="ID")
    s.add_argument("--kind", choices=[k.value for k in VisitKind])
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_visit_list)

    s = sub.add_parser("search", help="ricerca nel testo di tutte le visite")
    s.add_argument("query", nargs="?", metavar="TESTO")
    register_text_option(s, TextOption("query", "TESTO", required=True))
    s.add_argument("--limit", type=int, default=50)
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_search)

    s = sub.add_parser("dump", help="tutti i record, in ordine canonico")
    s.add_argument("--json", action="store_true", required=True)
    s.set_defaults(handler=cmd_dump)
    s = sub.add_parser("check", help="verifica integrità: esce con 4 se qualcosa è stato alterato")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_check)
    s = sub.add_parser("passwd", help="cambia la passphrase (il database non viene riscritto)")
    s.add_argument("--new-passphrase-file", metavar="FILE")
    s.set_defaults(handler=cmd_passwd)
    s = sub.add_parser("demo-data", help="aggiunge dati dimostrativi sintetici")
    s.add_argument("--cases", type=int, default=200)
    s.add_argument("--seed", type=int, default=1)
    s.set_defaults(handler=cmd_demo_data)

    from minorifamiglie.cli_team import add_commands

    add_commands(sub)
    from minorifamiglie.cli_print import add_commands as add_print_commands

    add_print_commands(sub)
    from minorifamiglie.cli_handoff import add_commands as add_handoff_commands

    add_handoff_commands(sub)
    from minorifamiglie.cli_backup import add_commands as add_backup_commands

    add_backup_commands(sub)
    from minorifamiglie.cli_projects import add_commands as add_project_commands

    add_project_commands(sub)
    from minorifamiglie.cli_community import add_commands as add_community_commands

    add_community_commands(sub)
    from minorifamiglie.cli_plan import add_commands as add_plan_commands

    add_plan_commands(sub)
    from minorifamiglie.cli_measures import add_commands as add_measure_commands

    add_measure_commands(sub)
    from minorifamiglie.cli_ambito import add_commands as add_ambito_commands

    add_ambito_commands(sub)
    return p


if __name__ == "__main__":
    raise SystemExit(main())
