"""Personal text never on the command line (issue 12): every option that takes notes, names or
summaries also reads them from a file or from standard input (`--notes-file F`, `--notes-file -`,
`--set-file CAMPO=FILE`), and what is stored is the same as with the argument form. The argv
of those runs holds no personal text: it would be readable in /proc/PID/cmdline and in the
shell's history."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from codicefiscale import codicefiscale

from minorifamiglie.cli import main
from minorifamiglie.cli.common import TEXT_FILE_MAX_BYTES
from minorifamiglie.domain.enums import Role, Service
from minorifamiglie.services import cases, profiles, visits
from support.profiles import PASSPHRASE, ProfileCopies, template_copy

NOTES = "Compiti svolti con la madre: è serena.\nLa scuola conferma «buona frequenza»;  a=b"
NAME = "Niccolò D'Angelo"
TAX_CODE = codicefiscale.encode(
    lastname="D'Angelo", firstname="Niccolò", gender="M", birthdate="2015-05-09",
    birthplace="Bergamo",
)  # fmt: skip
VOLATILE = {"id", "code", "created_at", "updated_at", "closed_at", "version_hlc", "origin_device",
            "case_code"}  # fmt: skip


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def one_error_line(self) -> str:
        assert "Traceback" not in self.err
        lines = self.err.splitlines()
        assert len(lines) == 1, self.err
        assert lines[0].startswith("minorifamiglie: ")
        return lines[0]


@dataclass
class Cli:
    """`cli.main` in-process; `stdin` is what the next run finds on standard input."""

    capsys: pytest.CaptureFixture[str]
    monkeypatch: pytest.MonkeyPatch
    argvs: list[list[str]]

    def __call__(self, *argv: str, stdin: str | bytes | None = None) -> Run:
        self.capsys.readouterr()
        data = stdin.encode() if isinstance(stdin, str) else stdin
        self.stdin = io.BytesIO(data or b"")
        self.monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(self.stdin, encoding="utf-8"))
        self.argvs.append(list(argv))
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse exits by itself on usage errors
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = self.capsys.readouterr()
        return Run(code, out, err)

    def ok(self, *argv: str, stdin: str | None = None) -> str:
        run = self(*argv, stdin=stdin)
        assert run.code == 0, run.err
        return run.out.strip()


def point_to(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands find the profile at `root` through the environment."""
    monkeypatch.setenv("MINORIFAMIGLIE_PROFILE", str(root))
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    for name in ("MINORIFAMIGLIE_NEW_PASSPHRASE", "MINORIFAMIGLIE_DEBUG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def cli(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    profile_copy: ProfileCopies,
) -> Cli:
    """An initialised profile with a cheap KDF (a copy of the session's template), found
    through the environment."""
    root = tmp_path / "profilo"
    point_to(root, monkeypatch)
    profile_copy(root, "Giulia Bianchi", Role.EDUCATOR, "prova")
    return Cli(capsys, monkeypatch, [])


@dataclass(frozen=True)
class Written:
    root: Path
    case_id: str
    visit_id: str


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Written:
    """`cli`'s profile with a case (VBR, ADM) and a signed visit of 20/11/2026 15:00-16:30 at
    "Casa" with the notes "Prima": made once for the module, through the services."""
    root = template_copy(
        tmp_path_factory.mktemp("text-input") / "profilo", "Giulia Bianchi", Role.EDUCATOR, "prova"
    )
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        case = cases.add_case(opened, ambito="VBR", service=Service.ADM)
        visit = visits.add_visit(
            opened, case=str(case.id), date=dt.date(2026, 11, 20), start=dt.time(15),
            end=dt.time(16, 30), place="Casa", notes="Prima", close=True,
        )  # fmt: skip
    finally:
        opened.close()
    return Written(root, str(case.id), str(visit.id))


@pytest.fixture
def cli_on_written(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    written: Written,
) -> Cli:
    """`cli` on this test's own copy of the module's `written` profile."""
    root = tmp_path / "profilo"
    point_to(root, monkeypatch)
    shutil.copytree(written.root, root, symlinks=True)
    return Cli(capsys, monkeypatch, [])


def stable(doc: Any) -> Any:
    """A record as JSON without what differs between two equal writes (ids, codes, clocks)."""
    if isinstance(doc, dict):
        return {
            k: stable(json.loads(v) if k == "frozen" and v else v)  # a signed visit's document
            for k, v in doc.items()
            if k not in VOLATILE and not k.endswith("_id")
        }
    if isinstance(doc, list):
        return [stable(v) for v in doc]
    return doc


def strings(doc: Any) -> list[str]:
    if isinstance(doc, dict):
        return [s for v in doc.values() for s in strings(v)]
    if isinstance(doc, list):
        return [s for v in doc for s in strings(v)]
    return [doc] if isinstance(doc, str) else []


def new_case(cli: Cli, *extra: str, stdin: str | None = None) -> str:
    return cli.ok("case", "add", "--ambito", "VBR", "--service", "adm", *extra, stdin=stdin)


def shown_case(cli: Cli, case_id: str) -> Any:
    return stable(json.loads(cli.ok("case", "show", case_id, "--json")))


def new_visit(cli: Cli, case_id: str, *extra: str, stdin: str | None = None) -> str:
    return cli.ok(
        "visit", "add", "--case", case_id, "--date", "2026-11-20", "--start", "15:00",
        "--end", "16:30", *extra, stdin=stdin,
    )  # fmt: skip


def listed_visits(cli: Cli, case_id: str) -> Any:
    return stable(json.loads(cli.ok("visit", "list", "--case", case_id, "--json")))


# Each personal-text option: how to write it given its argv form (a callable taking the
# option's words), and what to read back as JSON.
Scenario = Callable[[Cli, Callable[[], list[str]], str | None], Any]


def case_add(option: str) -> Scenario:
    def run(cli: Cli, words: Callable[[], list[str]], stdin: str | None) -> Any:
        extra = ["--minor", "Luca Carminati"] if option in ("tax-code", "birth-date") else []
        return shown_case(cli, new_case(cli, *extra, *words(), stdin=stdin))

    return run


def case_edit(field: str) -> Scenario:
    def run(cli: Cli, words: Callable[[], list[str]], stdin: str | None) -> Any:
        case_id = new_case(cli, "--title", "Prima")
        cli.ok("case", "edit", case_id, *words(), stdin=stdin)
        return shown_case(cli, case_id)

    return run


def visit_add(option: str) -> Scenario:
    def run(cli: Cli, words: Callable[[], list[str]], stdin: str | None) -> Any:
        case_id = new_case(cli)
        new_visit(cli, case_id, *words(), stdin=stdin)
        return listed_visits(cli, case_id)

    return run


def visit_amend(cli: Cli, words: Callable[[], list[str]], stdin: str | None) -> Any:
    case_id = new_case(cli)
    visit_id = new_visit(cli, case_id, "--place", "Casa", "--notes", "Prima", "--close")
    cli.ok("visit", "amend", visit_id, *words(), stdin=stdin)
    return listed_visits(cli, case_id)


def case_search(cli: Cli, words: Callable[[], list[str]], stdin: str | None) -> Any:
    if not cli.argvs:  # the first run: something to find
        new_case(cli, "--minor", NAME)
    return stable(json.loads(cli.ok("case", "list", "--json", *words(), stdin=stdin)))


def notes_search(cli: Cli, words: Callable[[], list[str]], stdin: str | None) -> Any:
    if not cli.argvs:  # the first run: something to find
        visit_add("notes")(cli, lambda: ["--notes", NOTES], None)
    found = json.loads(cli.ok("search", *words(), "--json", stdin=stdin))
    assert found, "the search finds the visit"
    return stable(found)


OPTIONS: list[tuple[str, str, str, Scenario]] = [
    # (id, argument form, value, scenario); the file form is ARG-file, `--set-file` for --set
    ("case add --title", "--title", "Sostegno educativo a D'Angelo", case_add("title")),
    ("case add --summary", "--summary", NOTES, case_add("summary")),
    ("case add --minor", "--minor", NAME, case_add("minor")),
    ("case add --tax-code", "--tax-code", TAX_CODE, case_add("tax-code")),
    ("case add --birth-date", "--birth-date", "2015-05-09", case_add("birth-date")),
    ("case edit --set summary", "--set summary", NOTES, case_edit("summary")),
    ("case edit --set title", "--set title", NAME, case_edit("title")),
    ("visit add --notes", "--notes", NOTES, visit_add("notes")),
    ("visit add --place", "--place", "Casa della nonna, via Roma 3", visit_add("place")),
    ("visit amend --notes", "--notes", NOTES, visit_amend),
    ("case list --search", "--search", "angelo", case_search),
    ("search TESTO", "TESTO", "frequenza", notes_search),
]


def argument_form(option: str, value: str) -> list[str]:
    if option.startswith("--set "):
        return ["--set", f"{option.split()[1]}={value}"]
    if option == "TESTO":
        return [value]
    return [option, value]


def file_form(option: str, source: str) -> list[str]:
    if option.startswith("--set "):
        return ["--set-file", f"{option.split()[1]}={source}"]
    if option == "TESTO":
        return ["--query-file", source]
    return [f"{option}-file", source]


@pytest.mark.parametrize(("option", "value", "scenario"), [o[1:] for o in OPTIONS],
                         ids=[o[0] for o in OPTIONS])  # fmt: skip
def test_text_from_a_file_or_stdin_is_stored_as_from_the_argument(
    cli: Cli, tmp_path: Path, option: str, value: str, scenario: Scenario
) -> None:
    # Given the text in a file written by an editor (one trailing newline)
    source = tmp_path / "appunti.txt"
    source.write_text(value + "\n", encoding="utf-8")

    # When the same text is given as an argument, as a file and on standard input
    typed = scenario(cli, lambda: argument_form(option, value), None)
    first = len(cli.argvs)
    from_file = scenario(cli, lambda: file_form(option, str(source)), None)
    from_stdin = scenario(cli, lambda: file_form(option, "-"), value + "\n")

    # Then what is stored (and found) is the same, and it holds the text
    assert from_file == typed
    assert from_stdin == typed
    for word in value.lower().split():  # a minor's name is stored as first and last name
        assert any(word in leaf.lower() for leaf in strings(typed)), word
    # And no argv of the file and stdin runs carried the text
    for argv in cli.argvs[first:]:
        assert not any(value in word for word in argv), argv


def test_only_one_trailing_newline_is_dropped_and_crlf_counts_as_one(
    cli: Cli, tmp_path: Path
) -> None:
    source = tmp_path / "nota.txt"
    for content, typed in [(b"Prima riga\r\n\r\n", "Prima riga\r\n"), (b"Riga\n\n", "Riga\n")]:
        source.write_bytes(content)
        from_file = shown_case(cli, new_case(cli, "--summary-file", str(source)))
        assert from_file == shown_case(cli, new_case(cli, "--summary", typed))


def test_a_real_process_reads_the_notes_from_its_stdin(cli: Cli, tmp_path: Path) -> None:
    case_id = new_case(cli)
    argv = [
        sys.executable, "-m", "minorifamiglie", "visit", "add", "--case", case_id,
        "--date", "2026-11-20", "--start", "15:00", "--end", "16:30", "--notes-file", "-",
    ]  # fmt: skip
    assert not any("madre" in word for word in argv)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINORIFAMIGLIE_")}
    env |= {"MINORIFAMIGLIE_PROFILE": str(tmp_path / "profilo"),
            "MINORIFAMIGLIE_PASSPHRASE": PASSPHRASE}  # fmt: skip
    done = subprocess.run(
        argv, input=NOTES.encode() + b"\n", env=env, capture_output=True, timeout=60, check=False
    )
    assert (done.returncode, done.stderr) == (0, b"")
    uuid.UUID(done.stdout.decode().strip())
    [visit] = listed_visits(cli, case_id)
    assert visit["notes"] == NOTES


# ---------------------------------------------------------------- refusals


def dump(cli: Cli) -> str:
    return cli.ok("dump", "--json")


@pytest.mark.parametrize(
    "argv",
    [
        ["visit", "add", "--case", "{case}", "--date", "2026-11-20", "--start", "9:00",
         "--end", "10:00", "--notes", "Scritta", "--notes-file", "{file}"],
        ["case", "add", "--ambito", "VBR", "--service", "adm", "--minor", "Luca Rota",
         "--minor-file", "{file}"],
        ["case", "edit", "{case}", "--set", "summary=Scritta", "--set-file", "summary={file}"],
        ["visit", "add", "--case", "{case}", "--date", "2026-11-20", "--start", "9:00",
         "--end", "10:00", "--notes-file", "-", "--place-file", "-"],
        ["case", "add", "--ambito", "VBR", "--service", "adm", "--title-file", "-",
         "--set-file", "x"],
        ["case", "edit", "{case}", "--set-file", "summary=-", "--set-file", "title=-"],
        ["case", "edit", "{case}", "--set-file", "summary"],
        ["visit", "amend", "{visit}"],
        ["search"],
        ["conflicts", "resolve", str(uuid.UUID(int=1)), "--text", "x", "--text-file", "{file}"],
    ],
    ids=lambda argv: " ".join(argv)[:70],
)  # fmt: skip
def test_both_forms_or_stdin_twice_is_a_usage_error_and_nothing_is_read_or_written(
    cli_on_written: Cli, written: Written, tmp_path: Path, argv: list[str]
) -> None:
    cli, case_id, visit_id = cli_on_written, written.case_id, written.visit_id
    source = tmp_path / "appunti.txt"
    source.write_text(NOTES, encoding="utf-8")
    before = dump(cli)
    words = [
        w.replace("{case}", case_id).replace("{visit}", visit_id).replace("{file}", str(source))
        for w in argv
    ]
    run = cli(*words, stdin=NOTES)
    assert run.code == 2, run.err
    assert run.out == ""
    assert "Traceback" not in run.err
    [line] = run.err.splitlines()  # argparse names the subcommand: "minorifamiglie case add: …"
    assert line.startswith("minorifamiglie")
    assert NOTES[:20] not in line
    assert cli.stdin.tell() == 0  # standard input was not consumed
    assert dump(cli) == before


@pytest.mark.parametrize("option", ["--notes-file", "--place-file"])
def test_a_missing_or_unreadable_file_is_named_and_nothing_is_written(
    cli: Cli, tmp_path: Path, option: str
) -> None:
    case_id = new_case(cli)
    before = dump(cli)
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(NAME.encode("latin-1"))
    for source, reason in [
        (tmp_path / "manca.txt", "Impossibile leggere il file di " + option),
        (tmp_path, "Impossibile leggere il file di " + option),  # a folder
        (latin1, "non è testo UTF-8"),
    ]:
        run = cli(
            "visit", "add", "--case", case_id, "--date", "2026-11-20", "--start", "9:00",
            "--end", "10:00", option, str(source),
        )  # fmt: skip
        assert run.code == 1, run.err
        line = run.one_error_line()
        assert reason in line and str(source) in line
        assert "Nicc" not in line and "Angelo" not in line
        assert run.out == ""
    assert dump(cli) == before


def test_an_oversize_file_or_stdin_is_refused_unread_and_nothing_is_written(
    cli: Cli, tmp_path: Path
) -> None:
    case_id = new_case(cli)
    before = dump(cli)
    big = (NOTES + "\n").encode() * (TEXT_FILE_MAX_BYTES // len(NOTES.encode()) + 2)
    assert len(big) > TEXT_FILE_MAX_BYTES
    source = tmp_path / "enorme.txt"
    source.write_bytes(big)

    from_file = cli("case", "edit", case_id, "--set-file", f"summary={source}")
    assert from_file.code == 1
    assert "supera 1024 KiB" in from_file.one_error_line()
    assert str(source) in from_file.one_error_line()

    from_stdin = cli("visit", "add", "--case", case_id, "--date", "2026-11-20", "--start", "9:00",
                     "--end", "10:00", "--notes-file", "-", stdin=big)  # fmt: skip
    assert from_stdin.code == 1
    assert "standard input" in from_stdin.one_error_line()
    assert cli.stdin.tell() == TEXT_FILE_MAX_BYTES + 1  # read up to the cap, no further
    assert dump(cli) == before


def test_the_largest_text_a_field_takes_fits_under_the_cap(cli: Cli, tmp_path: Path) -> None:
    from minorifamiglie.domain.validation import MAX_TEXT

    source = tmp_path / "lunga.txt"
    source.write_text("è" * MAX_TEXT, encoding="utf-8")  # two bytes a character
    case_id = new_case(cli, "--summary-file", str(source))
    assert shown_case(cli, case_id)["summary"] == "è" * MAX_TEXT


@pytest.mark.usefixtures("cheap_init_kdf")  # about the operator's name, not the KDF
def test_init_reads_the_operator_name_from_stdin_as_from_the_argument(
    cli: Cli, tmp_path: Path
) -> None:
    # real Argon2 here: `init` takes no KDF option
    typed, piped = tmp_path / "a", tmp_path / "b"
    cli.ok("--profile", str(typed), "init", "--operator", NAME, "--role", "educatore")
    cli.ok("--profile", str(piped), "init", "--operator-file", "-", "--role", "educatore",
           stdin=NAME + "\n")  # fmt: skip
    assert not any(NAME in word for word in cli.argvs[-1])
    operators = [
        stable(json.loads(cli.ok("--profile", str(root), "dump", "--json"))["operators"])
        for root in (typed, piped)
    ]
    assert operators[0] == operators[1]
    assert [op["name"] for op in operators[0]] == [NAME]
    assert cli("init", "--role", "educatore").code == 2  # one of the two forms is required


@pytest.mark.usefixtures("cheap_init_kdf")
def test_a_name_read_from_a_file_on_two_lines_is_refused_and_no_profile_made(
    cli: Cli, tmp_path: Path
) -> None:
    source = tmp_path / "nome.txt"
    source.write_text("Anna\tRossi\nseconda riga\n", encoding="utf-8")
    root = tmp_path / "nuovo"
    result = cli("--profile", str(root), "init", "--operator-file", str(source),
                 "--role", "educatore")  # fmt: skip
    assert result.code == 1 and "va scritto su una riga" in result.err
    assert "Traceback" not in result.err and not root.exists()


def test_every_option_that_takes_a_name_or_title_has_its_file_twin() -> None:
    # A name on the command line is readable by every local user in /proc/PID/cmdline (and
    # the README promises the twin for every option that takes a name or a title)
    from minorifamiglie.cli.parser import shared_parser

    named = [
        ("init", "--operator"), ("init", "--device-name"),
        ("project activity add", "--operator"), ("project add", "--title"),
        ("project add", "--partners"), ("community add", "--name"), ("team create", "--name"),
    ]  # fmt: skip
    parser = shared_parser()
    for command, option in named:
        args = parser.parse_args([*command.split(), f"{option}-file", "-", "--help"][:-1]
                                 + _required(command))  # fmt: skip
        twin = option.removeprefix("--").replace("-", "_") + "_file"
        assert getattr(args, twin) == "-", (command, option)


def _required(command: str) -> list[str]:
    """What `command` needs besides the option under test, to parse."""
    return {
        "init": ["--role", "educatore"],
        "project activity add": ["--project", "p", "--date", "01/10/2026", "--minutes", "30",
                                 "--participants", "3"],
        "project add": ["--ambito", "BG", "--start", "01/10/2026"],
        "community add": ["--kind", "educativa"],
        "team create": ["--share", "/tmp"],
    }[command]  # fmt: skip


def test_a_conflict_resolved_with_text_from_a_file_or_stdin_keeps_that_text(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, profile_copy: ProfileCopies
) -> None:
    # Given a coordinator and an educator who both edited the summaries of three cases offline
    share, coord, edu = tmp_path / "chiavetta", tmp_path / "profilo", tmp_path / "educatore"
    share.mkdir()
    profile_copy(edu, "Marco Locatelli", Role.EDUCATOR, "b")
    monkeypatch.delenv("MINORIFAMIGLIE_PROFILE")

    def on(root: Path, *argv: str, stdin: str | None = None) -> str:
        return cli.ok("--profile", str(root), *argv, stdin=stdin)

    on(coord, "team", "create", "--name", "Équipe", "--share", str(share))
    device = on(edu, "team", "join", "--share", str(share)).splitlines()[0]
    on(coord, "team", "admit", device)
    ids = [on(coord, "case", "add", "--ambito", "VBR", "--service", "adm") for _ in range(3)]
    for root in (coord, edu):
        on(root, "sync", "--share", str(share))
    for root, summary in ((coord, "Madre al lavoro"), (edu, "Madre a casa")):
        for case_id in ids:
            on(root, "case", "edit", case_id, "--set", f"summary={summary}")
    for root in (edu, coord, edu):
        on(root, "sync")
    conflicts = {c["entity_id"]: c["id"] for c in json.loads(on(edu, "conflicts", "--json"))}
    assert set(conflicts) == set(ids)

    # When each is resolved with the merged text as an argument, from a file, from stdin
    source = tmp_path / "unito.txt"
    source.write_text(NOTES + "\n", encoding="utf-8")
    on(edu, "conflicts", "resolve", conflicts[ids[0]], "--text", NOTES)
    first = len(cli.argvs)
    on(edu, "conflicts", "resolve", conflicts[ids[1]], "--text-file", str(source))
    on(edu, "conflicts", "resolve", conflicts[ids[2]], "--text-file", "-", stdin=NOTES + "\n")

    # Then the three cases hold the same text, and only the first run carried it in argv
    summaries = [json.loads(on(edu, "case", "show", i, "--json"))["summary"] for i in ids]
    assert summaries == [NOTES] * 3
    assert not any(NOTES in word for argv in cli.argvs[first:] for word in argv)
