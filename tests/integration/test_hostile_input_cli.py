"""What an adversarial review fed the command line: outputs aimed at the profile's own files,
paths that never end (/dev/zero) or block (a FIFO), arguments and variables that are not
UTF-8, an `init` that fails or is killed halfway, and terminal control sequences stored in
text fields. Each is one line on stderr with its exit code, and nothing is written."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cli_runner import Cli, MakeProfile
from minorifamiglie import portable
from minorifamiglie.cli import common
from minorifamiglie.domain import entities as e
from minorifamiglie.domain.enums import Role
from minorifamiglie.services import profiles
from support.profiles import PASSPHRASE

POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX devices, FIFOs and byte arguments")
CLI_SOURCE = Path(common.__file__).parent
TESTS = Path(__file__).parents[1]


def files_of(root: Path) -> dict[str, bytes]:
    """Every file of the profile folder (and its backup/ folder), byte for byte."""
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def new_case(cli: Cli) -> str:
    return str(
        cli.ok_id("case", "add", "--ambito", "VBR", "--service", "adm", "--minor", "Luca Rota")
    )


def planted(root: Path, entity: Any, record_id: Any, **values: Any) -> None:
    """Values written as a teammate's tampered laptop writes them, past the checks of what is
    typed here (which refuse control characters in a title or a name): the command line must
    still show them harmlessly."""
    from minorifamiglie.storage.repository import Repository

    opened = profiles.unlock(root, PASSPHRASE)
    try:
        with opened.session() as session:
            Repository(session).update(entity, record_id, **values)
    finally:
        opened.close()


def case_id_of(cli: Cli, code: str) -> Any:
    return uuid.UUID(json.loads(cli.out("case", "show", code, "--json"))["id"])


# ---------------------------------------------------------------- 1: outputs inside the profile


def inside_profile(root: Path, tmp: Path) -> list[tuple[str, ...]]:
    """Commands that write a file, each aimed into the profile's folder some way."""
    (tmp / "altrove").mkdir()
    (tmp / "link-db").symlink_to(root / "cartelle.db")
    (tmp / "link-dir").symlink_to(root)
    dotdot = tmp / "altrove" / ".." / root.name
    return [
        ("export", "--case", "X", "--bundle-passphrase-file", "pp", "-o", f"{root}/profile.json"),
        ("backup", "-o", str(root / "cartelle.db")),
        ("backup", "-o", str(root / "backup" / "copia.mfbk")),
        ("backup", "-o", str(dotdot / "profile.json")),
        ("backup", "--output", str(tmp / "link-db")),
        ("backup", "-o", str(tmp / "link-dir" / "cartelle.db-wal")),
        ("backup", "-o", str(root)),
        ("print", "case", "X", "-o", str(root / "sintesi.pdf")),
        ("print", "visit-sheet", "X", "-o", str(dotdot / "scheda.pdf")),
        ("print", "relazione", "--case", "X", "--from", "1/1/2026", "--to", "2/2/2026",
         "-o", str(root / "relazione.odt")),
        ("report", "hours", "--month", "10/2026", "-o", str(root / "ore.csv")),
        ("restore", str(tmp / "copia.mfbk"), "--to", str(root / "nuovo")),
        ("team", "recovery-key", "-o", str(root / "identita.txt")),
        ("sync", "--share", str(root)),
        ("gui", "--self-test", str(root / "prova")),
    ]  # fmt: skip


@POSIX
def test_no_command_writes_into_the_profile_folder(cli: Cli, ready: Path, tmp_path: Path) -> None:
    before = files_of(ready)
    for argv in inside_profile(ready, tmp_path):
        line = cli.fails(1, *argv)
        assert "nella cartella del profilo" in line, argv
        assert files_of(ready) == before, argv
    assert cli("check").code == 0


def test_an_output_beside_the_profile_is_still_written(
    cli: Cli, ready: Path, tmp_path: Path
) -> None:
    near = tmp_path / f"{ready.name}-copia.mfbk"  # a sibling whose name starts alike
    assert cli("backup", "-o", str(near)).code == 0
    assert near.is_file()


# ---------------------------------------------------------------- 2: files that are not files


def not_files(tmp: Path) -> list[tuple[str, ...]]:
    fifo = tmp / "fifo"
    os.mkfifo(fifo)
    visit = ("visit", "add", "--case", "X", "--date", "1/12/2026", "--start", "9:00",
             "--end", "10:00")  # fmt: skip
    return [
        ("import", "--identity", "/dev/zero", str(tmp / "pacchetto.age")),
        ("import", "/dev/zero", "--device-key"),
        ("--passphrase-file", "/dev/zero", "case", "list"),
        ("--passphrase-file", str(fifo), "case", "list"),
        (*visit, "--notes-file", "/dev/zero"),
        (*visit, "--place-file", str(fifo)),
        ("ambito", "settings", "set", "--ambito", "VBR", "--from", "1/1/2027", "--logo",
         "/dev/zero"),
        ("print", "blank-sheet", "--case", "X", "-o", str(tmp / "b.pdf"), "--password-file",
         "/dev/zero"),
        ("restore", "/dev/zero", "--to", str(tmp / "ripristino")),
        ("recover", "--identity", "/dev/zero"),
    ]  # fmt: skip


@POSIX
def test_a_device_or_a_fifo_is_refused_unread(cli: Cli, ready: Path, tmp_path: Path) -> None:
    for argv in not_files(tmp_path):
        started = time.monotonic()
        line = cli.fails(1, *argv)
        assert "un dispositivo" in line or "una pipe" in line, (argv, line)
        assert time.monotonic() - started < 10, argv  # read to no end before
    assert cli("check").code == 0
    assert not (tmp_path / "ripristino").exists()


def test_an_oversize_identity_or_pdf_password_is_refused(
    cli: Cli, ready: Path, tmp_path: Path
) -> None:
    big = tmp_path / "grande.txt"
    big.write_bytes(b"AGE-SECRET-KEY-1" + b"A" * (64 * 1024))
    assert "troppo grande" in cli.fails(1, "import", "--identity", str(big), "x.age")
    line = cli.fails(
        1, "print", "blank-sheet", "--case", "X", "-o", str(tmp_path / "b.pdf"),
        "--password-file", str(big),
    )  # fmt: skip
    assert "supera" in line and "password" in line


def test_a_missing_bundle_is_named_as_missing(cli: Cli, ready: Path, tmp_path: Path) -> None:
    line = cli.fails(1, "import", str(tmp_path / "manca.age"), "--device-key")
    assert "non trovato" in line and "manca.age" in line


# ---------------------------------------------------------------- 3: text that is not UTF-8

NOT_UTF8 = "Rossi\udcff"  # what Python makes of the byte 0xFF in argv (surrogateescape)


@POSIX
@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (("case", "edit", "X", "--set", f"title={NOT_UTF8}"), "--set"),
        (("case", "add", "--ambito", "VBR", "--service", "adm", "--minor", NOT_UTF8), "--minor"),
        (("visit", "add", "--case", "X", "--date", "1/12/2026", "--start", "9:00", "--end",
          "10:00", f"--place={NOT_UTF8}"), "--place"),
        (("visit", "add", "--case", "X", "--date", "1/12/2026", "--start", "9:00", "--end",
          "10:00", "--notes", NOT_UTF8), "--notes"),
        (("case", "show", f"GRU{NOT_UTF8}"), "argomento n. 3"),
        (("visit", "list", "--case", NOT_UTF8), "--case"),
        (("print", "case", NOT_UTF8, "-o", "x.pdf"), "argomento n. 3"),
    ],
)  # fmt: skip
def test_an_argument_that_is_not_utf8_is_a_usage_error(
    cli: Cli, ready: Path, argv: tuple[str, ...], named: str
) -> None:
    before = files_of(ready)
    line = cli.fails(2, *argv)
    assert "non è testo UTF-8 valido" in line and named in line
    assert "Rossi" not in line
    assert files_of(ready) == before


@POSIX
def test_init_with_a_name_or_passphrase_not_utf8_makes_nothing(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cheap_init_kdf: None
) -> None:
    root = tmp_path / "nuovo"
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    init = ("--profile", str(root), "init", "--role", "educatore")
    assert "--operator" in cli.fails(2, *init, "--operator", f"Op {NOT_UTF8}")
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", f"correct horse{NOT_UTF8} battery")
    line = cli.fails(2, *init, "--operator", "Op Uno")
    assert line.endswith("la variabile MINORIFAMIGLIE_PASSPHRASE non è testo UTF-8 valido")
    assert not root.exists()
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("MINORIFAMIGLIE_NEW_PASSPHRASE", NOT_UTF8)
    assert "MINORIFAMIGLIE_NEW_PASSPHRASE" in cli.fails(2, *init, "--operator", "Op Uno")
    monkeypatch.delenv("MINORIFAMIGLIE_NEW_PASSPHRASE")
    assert cli(*init, "--operator", "Op Uno").code == 0


# ---------------------------------------------------------------- 4: init, all or nothing

KILLED_INIT = """
import os, sys
sys.path.insert(0, sys.argv[1])
from minorifamiglie.storage import keyfile, profile
from support.profiles import FAST_KDF
keyfile.DEFAULT_KDF = FAST_KDF
profile.write_keyfile = lambda *args: os._exit(9)  # killed just before profile.json
from minorifamiglie.cli import main
main(sys.argv[2:])
"""


def killed_init(root: Path) -> None:
    env = {**os.environ, "MINORIFAMIGLIE_PASSPHRASE": PASSPHRASE}
    argv = ["--profile", str(root), "init", "--operator", "Op Uno", "--role", "educatore"]
    done = subprocess.run(
        [sys.executable, "-c", KILLED_INIT, str(TESTS), *argv], env=env, check=False
    )
    assert done.returncode == 9
    assert (root / "cartelle.db").is_file() and not (root / "profile.json").exists()


def test_a_killed_init_is_recognised_and_started_over(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cheap_init_kdf: None
) -> None:
    root = tmp_path / "profilo"
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    killed_init(root)
    line = cli.fails(1, "--profile", str(root), "case", "list")
    assert "'init' precedente non è terminato" in line
    init = ("--profile", str(root), "init", "--operator", "Op Due", "--role", "educatore")
    assert cli(*init).code == 0
    assert cli("--profile", str(root), "case", "list").code == 0
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        assert profiles.info(opened).operator.name == "Op Due"
    finally:
        opened.close()
    assert sorted(p.name for p in root.iterdir() if not p.name.endswith("-wal")) == [
        "cartelle.db", *(["cartelle.db-shm"] if (root / "cartelle.db-shm").exists() else []),
        "profile.json",
    ]  # fmt: skip


def test_init_never_removes_what_is_not_its_own(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cheap_init_kdf: None
) -> None:
    root = tmp_path / "profilo"
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    killed_init(root)
    (root / "appunti.txt").write_text("non è di init")
    before = files_of(root)
    init = ("--profile", str(root), "init", "--operator", "Op Uno", "--role", "educatore")
    assert "non è vuota" in cli.fails(1, *init)
    assert files_of(root) == before


def test_an_init_that_fails_leaves_nothing(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cheap_init_kdf: None
) -> None:
    from minorifamiglie.storage import profile

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(profile, "write_keyfile", full_disk)
    new, empty = tmp_path / "nuovo", tmp_path / "vuota"
    empty.mkdir()
    for root in (new, empty):
        init = ("--profile", str(root), "init", "--operator", "Op Uno", "--role", "educatore")
        assert "Errore di sistema" in cli.fails(1, *init)
    assert not new.exists()
    assert list(empty.iterdir()) == []
    monkeypatch.undo()


def test_two_inits_in_one_folder_do_not_mix(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cheap_init_kdf: None
) -> None:
    root = tmp_path / "profilo"
    root.mkdir()
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    init = ("--profile", str(root), "init", "--operator", "Op Uno", "--role", "educatore")
    with portable.lock(root / ".init.lock"):  # another init, still running
        assert "sta creando il profilo" in cli.fails(1, *init)
        assert not (root / "cartelle.db").exists()
    assert cli(*init).code == 0


# ---------------------------------------------------------------- 5: control sequences

HOSTILE = "Titolo \x1b]0;PWNED\x07\x1b[2J\x00 \x7f\x9b31m \u202egnp.exe\u2066x\u2069 fine"
# What shows as nothing: a code or name holding one looks like another
INVISIBLE = ("\u200b", "\u200d", "\u200e", "\u200f", "\u061c", "\u2028", "\u2060", "\ufeff")
# What a terminal acts on that json.dumps leaves raw (it escapes only U+0000 to U+001F)
RAW_IN_JSON = ("\x7f", "\x9b", "\x9d", "\u202e", "\u2066", "\u2069", *INVISIBLE)


def test_printable_escapes_what_a_terminal_would_act_on() -> None:
    shown = common.printable(HOSTILE + "\r\n\tàè€ 😀")
    for raw in ("\x1b", "\x07", "\x00", "\x7f", "\x9b", "\u202e", "\u2066", "\u2069", "\r"):
        assert raw not in shown
    assert shown.startswith("Titolo \\x1b]0;PWNED\\x07\\x1b[2J\\x00 \\x7f\\x9b31m \\u202egnp")
    assert shown.endswith("\\x0d\n\tàè€ 😀")
    assert common.printable("VBR-2026-0007\u200b-K7Q") == "VBR-2026-0007\\u200b-K7Q"
    for raw in INVISIBLE:
        assert raw not in common.printable(f"a{raw}b")


def test_case_show_prints_control_sequences_escaped_and_json_as_stored(
    cli: Cli, ready: Path, tmp_path: Path
) -> None:
    case = new_case(cli)
    title = tmp_path / "titolo.txt"
    title.write_text(HOSTILE, encoding="utf-8")
    # typed here, it is refused by name; synced from a tampered laptop, it is stored
    refused = cli("case", "edit", case, "--set-file", f"title={title}")
    assert refused.code == 1 and "va scritto su una riga" in refused.err
    planted(ready, e.Case, case_id_of(cli, case), title=HOSTILE)
    out = cli.out("case", "show", case)
    assert "\x1b" not in out and "\x00" not in out and "\u202e" not in out
    assert "Titolo \\x1b]0;PWNED\\x07" in out
    assert json.loads(cli.out("case", "show", case, "--json"))["title"] == HOSTILE


def test_json_output_escapes_what_a_terminal_would_act_on_and_parses_as_stored(
    cli: Cli, ready: Path, tmp_path: Path
) -> None:
    # Given a title holding C1 controls (\x9b is a one-byte CSI, \x9d an OSC), direction
    # overrides and invisible characters, which json.dumps writes raw
    case = new_case(cli)
    hostile = HOSTILE + " \x9d52;c;Y2F0\x9c " + "".join(INVISIBLE)
    planted(ready, e.Case, case_id_of(cli, case), title=hostile)
    for argv in (("case", "show", case, "--json"), ("case", "list", "--json"), ("dump", "--json")):
        out = cli.out(*argv)
        # Then every one is a JSON escape on the terminal, and the value parses back whole
        assert not [raw for raw in RAW_IN_JSON if raw in out], argv
        assert "\\u009b31m" in out and "\\u202egnp" in out and "\\u200b" in out
        assert hostile in strings(json.loads(out)), argv


def strings(doc: Any) -> Iterator[str]:
    """Every text of a parsed JSON document, keys and values."""
    if isinstance(doc, str):
        yield doc
    elif isinstance(doc, dict):
        for key, value in doc.items():
            yield key
            yield from strings(value)
    elif isinstance(doc, list):
        for value in doc:
            yield from strings(value)


def test_team_show_escapes_the_names_it_prints(
    cli: Cli, make_profile: MakeProfile, tmp_path: Path
) -> None:
    root = make_profile(Role.COORDINATOR, "Op Rossi")
    operator = json.loads(cli.out("dump", "--json"))["operators"][0]["id"]
    planted(root, e.Operator, uuid.UUID(operator), name="Op \x1b[2J\u202eRossi\nfinto\tx")
    share = tmp_path / "condivisa"
    share.mkdir()
    assert cli("team", "create", "--name", "Équipe", "--share", str(share)).code == 0
    out = cli.out("team", "show")
    assert "\x1b" not in out and "\u202e" not in out
    assert "Op \\x1b[2J\\u202eRossi\\nfinto\\tx" in out  # one device, one line


def test_every_human_readable_line_goes_through_say() -> None:
    """No bare print() in the command line, but in `say` and for JSON (through json_safe)."""
    for module in sorted(CLI_SOURCE.glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef) or func.name in ("say", "print_json"):
                continue
            for call in ast.walk(func):
                if isinstance(call, ast.Call) and getattr(call.func, "id", "") == "print":
                    assert "json_safe(json.dumps" in ast.unparse(call), (module.name, call.lineno)


# ---------------------------------------------------------------- 6: the rest


def test_the_responsible_of_an_action_can_come_from_a_file(
    cli: Cli, ready: Path, tmp_path: Path
) -> None:
    from minorifamiglie.services import records

    case = new_case(cli)
    opened = profiles.unlock(ready, PASSPHRASE)
    try:
        goal = records.add_goal(opened, case, title="Autonomia")
    finally:
        opened.close()
    who = tmp_path / "chi.txt"
    who.write_text("Maria Rossi, la nonna\n", encoding="utf-8")
    add = ("goal", "action", "add", "--goal", str(goal.id), "--description", "Colloquio")
    cli.ok_id(*add, "--responsible-file", str(who))
    rows = json.loads(cli.out("goal", "action", "list", "--case", case, "--json"))
    assert rows[0]["responsible"] == "Maria Rossi, la nonna"
    assert "insieme" in cli.fails(2, *add, "--responsible", "x", "--responsible-file", str(who))


def test_a_file_where_a_folder_is_wanted_is_named_so(cli: Cli, ready: Path, tmp_path: Path) -> None:
    plain = tmp_path / "file.txt"
    plain.write_text("x")
    backup = tmp_path / "copia.mfbk"
    assert cli("backup", "-o", str(backup)).code == 0
    line = cli.fails(1, "restore", str(backup), "--to", str(plain))
    assert "non è una cartella" in line and "non è vuota" not in line
    for argv in (("case", "list"), ("init", "--operator", "Op", "--role", "educatore")):
        line = cli.fails(1, "--profile", str(plain), *argv)
        assert "non è una cartella di profilo" in line and "Errore di sistema" not in line
    assert plain.read_text() == "x"
