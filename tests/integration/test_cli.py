"""The command line as a script sees it: ids alone on stdout, one line on stderr for every error,
exit codes 1 user, 2 usage, 3 passphrase, 4 integrity, nothing half-done (docs/architecture.md §9).

Most commands run in-process through `cli.main` for speed, on a profile made with a cheap KDF;
`init` itself runs with the real Argon2 parameters, and a few runs are real subprocesses."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from codicefiscale import codicefiscale

from minorifamiglie.cli import main
from minorifamiglie.domain.enums import Role, Service
from minorifamiglie.storage import profile
from minorifamiglie.storage.database import raw_connection
from minorifamiglie.storage.keyfile import KdfParams, read_keyfile
from private_modes import is_private_dir
from support.profiles import PASSPHRASE, ProfileCopies

NEW_PASSPHRASE = "orso bruno in Valle Brembana"
YESTERDAY = (dt.date.today() - dt.timedelta(days=1)).isoformat()
TAX_CODE = codicefiscale.encode(
    lastname="Carminati", firstname="Luca", gender="M", birthdate="2015-05-09",
    birthplace="Bergamo",
)  # fmt: skip


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def one_error_line(self) -> str:
        """The whole of stderr: exactly one line, no traceback."""
        assert "Traceback" not in self.err
        lines = self.err.splitlines()
        assert len(lines) == 1, self.err
        assert lines[0].startswith("minorifamiglie: ")
        return lines[0]

    def id(self) -> uuid.UUID:
        """stdout holds an id and nothing else."""
        assert self.out.endswith("\n") and self.out.count("\n") == 1, self.out
        return uuid.UUID(self.out.strip())


Cli = Callable[..., Run]


@pytest.fixture
def profile_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The environment a script sets: where the profile is, and the passphrase."""
    root = tmp_path / "profilo"
    monkeypatch.setenv("MINORIFAMIGLIE_PROFILE", str(root))
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    for name in ("MINORIFAMIGLIE_NEW_PASSPHRASE", "MINORIFAMIGLIE_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    return root


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    def run(*argv: str) -> Run:
        capsys.readouterr()
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse exits by itself on usage errors
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


@pytest.fixture
def ready(profile_dir: Path, profile_copy: ProfileCopies) -> Path:
    """An initialised profile (a copy of the session's template, with a cheap KDF so each
    command unlocks in milliseconds)."""
    return profile_copy(profile_dir, "Giulia Bianchi", Role.EDUCATOR, "portatile-test")


def add_case(cli: Cli, *extra: str) -> uuid.UUID:
    run = cli("case", "add", "--ambito", "VBR", "--service", "adm", *extra)
    assert run.code == 0, run.err
    return run.id()


def dump(cli: Cli) -> str:
    run = cli("dump", "--json")
    assert run.code == 0, run.err
    return run.out


# ---------------------------------------------------------------- init (real Argon2)


def test_init_with_a_passphrase_file_then_work_with_the_environment(
    cli: Cli, profile_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n")
    monkeypatch.delenv("MINORIFAMIGLIE_PASSPHRASE")
    run = cli(
        "--passphrase-file", str(secret), "init",
        "--operator", "Giulia Bianchi", "--role", "educatore", "--device-name", "portatile-valle",
    )  # fmt: skip
    assert run.code == 0, run.err
    assert str(profile_dir) in run.out
    keyfile = read_keyfile(profile_dir / "profile.json")
    assert keyfile.kdf.memory_cost_kib == KdfParams().memory_cost_kib  # the real parameters
    assert is_private_dir(profile_dir)

    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    run = cli("case", "list", "--json")
    assert (run.code, json.loads(run.out)) == (0, [])

    again = cli("init", "--operator", "Marco Rota", "--role", "coordinatore")
    assert again.code == 1
    assert "Esiste già un profilo" in again.one_error_line()


def test_init_reads_the_passphrase_from_the_environment(
    cli: Cli, profile_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = cli(
        "init", "--operator", "Giulia Bianchi", "--role", "educatore",
        "--device-name", "portatile-valle",
    )  # fmt: skip
    assert run.code == 0, run.err
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", "non è quella giusta")
    assert cli("case", "list").code == 3


def test_init_refuses_a_short_passphrase_and_leaves_no_folder(
    cli: Cli, profile_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", "corta")
    run = cli("init", "--operator", "Giulia Bianchi", "--role", "educatore")
    assert run.code == 1
    assert "almeno 10 caratteri" in run.one_error_line()
    assert not profile_dir.exists()


# ---------------------------------------------------------------- cases


def test_case_add_prints_the_id_alone(cli: Cli, ready: Path) -> None:
    run = cli(
        "case", "add", "--ambito", "VBR", "--service", "adm", "--title", "Compiti",
        "--minor", "Luca Carminati", "--birth-date", "2015-05-09", "--tax-code", TAX_CODE,
    )  # fmt: skip
    assert run.code == 0
    case_id = run.id()
    listed = json.loads(cli("case", "list", "--json", "--search", "carminati").out)
    assert [(c["id"], c["minors"]) for c in listed] == [(str(case_id), "Luca Carminati")]


def test_case_add_warns_on_stderr_one_line_each_and_exits_0(cli: Cli, ready: Path) -> None:
    # Given Luca's case, with his code typed with a hyphen and in lower case
    first = cli(
        "case", "add", "--ambito", "VBR", "--service", "adm", "--minor", "Luca Carminati",
        "--birth-date", "2015-05-09", "--sex", "M", "--birthplace", "Bergamo",
        "--citizenship", "IT", "--tax-code", f"{TAX_CODE[:6].lower()}-{TAX_CODE[6:]}",
    )  # fmt: skip
    assert (first.code, first.err) == (0, "")
    [shown] = json.loads(cli("case", "show", str(first.id()), "--json").out)["members"]
    assert (shown["tax_code"], shown["sex"], shown["birthplace"], shown["citizenship"]) == (
        TAX_CODE, "M", "A794", "IT",
    )  # fmt: skip
    code = json.loads(cli("case", "show", str(first.id()), "--json").out)["code"]
    # When the same code is given to a girl born elsewhere on another day
    run = cli(
        "case", "add", "--ambito", "VBR", "--service", "adm", "--minor", "Marta Bianchi",
        "--birth-date", "2015-05-10", "--sex", "F", "--birthplace", "Zogno", "--msna",
        "--tax-code", TAX_CODE,
    )  # fmt: skip
    # Then the case is made (its id alone on stdout, exit 0) and stderr says why to look again
    assert run.code == 0
    run.id()
    lines = run.err.splitlines()
    assert len(lines) == 2, run.err
    assert all(line.startswith("attenzione: ") for line in lines)
    assert "cognome, nome, sesso, data di nascita, luogo di nascita" in lines[0]
    assert code in lines[1]  # the other person's case, by its code
    assert "Carminati" not in run.err and "Luca" not in run.err
    assert TAX_CODE[3:] not in run.err


def test_case_add_takes_a_provisional_code_of_an_unaccompanied_minor(cli: Cli, ready: Path) -> None:
    run = cli(
        "case", "add", "--ambito", "BG", "--service", "tutela", "--minor", "Amir Haddad",
        "--tax-code", "06363391001", "--birthplace", "Marocco", "--citizenship", "Marocco",
        "--msna",
    )  # fmt: skip
    assert (run.code, run.err) == (0, "")
    [shown] = json.loads(cli("case", "show", str(run.id()), "--json").out)["members"]
    assert (shown["tax_code"], shown["birthplace"], shown["citizenship"], shown["msna"]) == (
        "06363391001", "Z330", "MA", True,
    )  # fmt: skip
    assert [c["id"] for c in json.loads(
        cli("case", "list", "--json", "--search", "0636.3391").out
    )] == [str(run.id())]  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("VBR", "VBR"),
        ("vbr", "VBR"),
        ("Valle Brembana", "VBR"),
        ("VALLE BREMBANA", "VBR"),
        ("valle imagna e villa d'almè", "VIM"),
        ("ISO", "ISO"),
    ],
)
def test_the_ambito_is_found_by_code_or_name_in_any_case(
    cli: Cli, ready: Path, typed: str, code: str
) -> None:
    run = cli("case", "add", "--ambito", typed, "--service", "tutela")
    assert run.code == 0, run.err
    shown = json.loads(cli("case", "show", str(run.id()), "--json").out)
    assert shown["ambito"]["code"] == code
    assert shown["code"].startswith(f"{code}-{dt.date.today().year}-")


@pytest.mark.parametrize("service", [s.value for s in Service])
def test_every_service_is_accepted(cli: Cli, ready: Path, service: str) -> None:
    run = cli("case", "add", "--ambito", "BG", "--service", service)
    assert run.code == 0, run.err
    shown = json.loads(cli("case", "show", str(run.id()), "--json").out)
    assert shown["service"] == service


def test_case_edit_then_show_as_json(cli: Cli, ready: Path) -> None:
    case_id = add_case(cli)
    run = cli(
        "case", "edit", str(case_id),
        "--set", "title=Autonomie e scuola",
        "--set", "summary=Sintesi: la famiglia collabora.",
        "--set", "status=chiusa", "--reason", "obiettivi-raggiunti",
    )  # fmt: skip
    assert run.code == 0, run.err
    assert run.id() == case_id
    shown = json.loads(cli("case", "show", str(case_id), "--json").out)
    assert shown["title"] == "Autonomie e scuola"
    assert shown["summary"] == "Sintesi: la famiglia collabora."
    assert shown["status"] == "chiusa"
    assert shown["closed_on"] == dt.date.today().isoformat()
    assert shown["code"].startswith("VBR-")
    # the human code works wherever an id does
    by_code = json.loads(cli("case", "show", shown["code"].lower(), "--json").out)
    assert by_code["id"] == str(case_id)


def test_case_delete_removes_an_empty_case_and_refuses_one_with_visits(
    cli: Cli, ready: Path
) -> None:
    # An empty case (with its child) goes, by its code; its id alone on stdout
    empty = add_case(cli, "--minor", "Luca Carminati")
    code = json.loads(cli("case", "show", str(empty), "--json").out)["code"]
    run = cli("case", "delete", code)
    assert (run.code, run.id()) == (0, empty)
    assert run.err == f"Cartella {code} eliminata\n"
    assert json.loads(cli("case", "list", "--json").out) == []
    gone = cli("case", "show", code)
    assert (gone.code, gone.one_error_line()) == (1, "minorifamiglie: Cartella non trovata")

    # A case with visits stays: exit 1, one line saying why, nothing written
    kept = add_case(cli)
    for start in ("9:00", "11:00"):
        visit = cli(
            "visit", "add", "--case", str(kept), "--date", YESTERDAY, "--start", start,
            "--end", "10:00" if start == "9:00" else "12:00", "--notes", "Compiti",
        )  # fmt: skip
        assert visit.code == 0, visit.err
    before = dump(cli)
    refused = cli("case", "delete", str(kept))
    assert (refused.code, refused.out) == (1, "")
    assert refused.one_error_line() == (
        "minorifamiglie: La cartella contiene già 2 visite: non si può eliminare"
    )
    assert dump(cli) == before
    assert cli("check").code == 0


# ---------------------------------------------------------------- the diary


def test_the_diary_from_the_command_line(cli: Cli, ready: Path) -> None:
    case_id = add_case(cli)
    signed = cli(
        "visit", "add", "--case", str(case_id), "--date", YESTERDAY, "--start", "15:00",
        "--end", "16:30", "--place", "Domicilio", "--notes", "Compiti di italiano", "--close",
    )  # fmt: skip
    assert signed.code == 0, signed.err
    signed_id = signed.id()
    draft = cli(
        "visit", "add", "--case", str(case_id), "--date", YESTERDAY, "--start", "9:00",
        "--end", "10:00", "--kind", "telefonata", "--notes", "Sentita la madre",
    )  # fmt: skip
    draft_id = draft.id()

    # Amending a draft, or closing a signed visit again, is refused in one line.
    refused = cli("visit", "amend", str(draft_id), "--notes", "Aggiunta")
    assert refused.code == 1
    assert "bozza" in refused.one_error_line()
    refused = cli("visit", "close", str(signed_id))
    assert refused.code == 1
    assert "già chiusa" in refused.one_error_line()

    closed = cli("visit", "close", str(draft_id))
    assert (closed.code, closed.id()) == (0, draft_id)
    amended = cli("visit", "amend", str(signed_id), "--notes", "Presente anche la nonna")
    assert amended.code == 0
    amended.id()

    listed = json.loads(cli("visit", "list", "--case", str(case_id), "--json").out)
    assert [(v["id"], v["status"], v["start_time"]) for v in listed] == [
        (str(draft_id), "chiusa", "09:00"),
        (str(signed_id), "chiusa", "15:00"),
    ]
    assert [a["text"] for a in listed[1]["amendments"]] == ["Presente anche la nonna"]
    assert listed[1]["notes"] == "Compiti di italiano"
    calls = json.loads(cli("visit", "list", "--case", str(case_id), "--kind", "telefonata",
                           "--json").out)  # fmt: skip
    assert [v["id"] for v in calls] == [str(draft_id)]

    hits = json.loads(cli("search", "italiano", "--json").out)
    assert [h["visit_id"] for h in hits] == [str(signed_id)]


def test_a_visit_crossing_another_is_recorded_with_one_warning_line(cli: Cli, ready: Path) -> None:
    case_id = add_case(cli)
    first = cli(
        "visit", "add", "--case", str(case_id), "--date", YESTERDAY, "--start", "15:00",
        "--end", "16:30", "--place", "Domicilio", "--notes", "Compiti", "--close",
    )  # fmt: skip
    assert (first.code, first.err) == (0, "")
    # The same educator, the same case and day, half an hour in common: recorded all the
    # same (exit 0, its id on stdout), with one line on stderr saying what it crosses.
    second = cli(
        "visit", "add", "--case", str(case_id), "--date", YESTERDAY, "--start", "16:00",
        "--end", "17:00", "--place", "Domicilio", "--notes", "Merenda", "--close",
    )  # fmt: skip
    assert second.code == 0
    second.id()
    day = dt.date.fromisoformat(YESTERDAY).strftime("%d/%m/%Y")
    assert second.err == (
        f"Attenzione: si sovrappone alla visita del {day} 15:00–16:30 dello stesso operatore "
        "sulla stessa cartella: il tempo in comune è contato una volta sola\n"
    )
    # A phone call that starts when the second visit ends crosses nothing.
    third = cli(
        "visit", "add", "--case", str(case_id), "--date", YESTERDAY, "--start", "17:00",
        "--end", "18:00", "--notes", "Telefonata", "--kind", "telefonata",
    )  # fmt: skip
    assert (third.code, third.err) == (0, "")


def test_a_visit_cannot_be_closed_without_its_required_fields(cli: Cli, ready: Path) -> None:
    case_id = add_case(cli)
    before = dump(cli)
    run = cli("visit", "add", "--case", str(case_id), "--date", YESTERDAY, "--start", "15:00",
              "--end", "16:00", "--close")  # fmt: skip
    assert run.code == 1
    assert "Luogo" in run.one_error_line()
    run = cli("visit", "add", "--case", str(case_id), "--date", YESTERDAY, "--start", "15:00",
              "--end", "14:00")  # fmt: skip
    assert run.code == 1
    assert "ora di fine" in run.one_error_line()
    assert dump(cli) == before


# ---------------------------------------------------------------- dump and check


def test_dump_is_canonical_json_identical_between_runs(cli: Cli, ready: Path) -> None:
    case_id = add_case(cli, "--minor", "Luca Carminati", "--title", "Perché è così")
    cli("visit", "add", "--case", str(case_id), "--date", YESTERDAY, "--start", "15:00",
        "--end", "16:00", "--place", "Scuola", "--notes", "Colloquio", "--close")  # fmt: skip
    first, second = dump(cli), dump(cli)
    assert first == second
    doc = json.loads(first)
    assert list(doc) == sorted(doc)
    assert [c["id"] for c in doc["cases"]] == [str(case_id)]
    assert len(doc["visits"]) == 1 and len(doc["ambiti"]) == 14
    assert "Perché è così" in first  # UTF-8, not \u escapes


def tamper(root: Path, sql: str) -> None:
    opened = profile.unlock(root, PASSPHRASE)
    key = opened.master_key()
    opened.close()
    with raw_connection(root / "cartelle.db", key) as conn:
        assert conn.execute(sql).rowcount == 1


def test_check_passes_then_detects_an_edited_case(cli: Cli, ready: Path) -> None:
    case_id = add_case(cli, "--title", "Originale")
    run = cli("check")
    assert run.code == 0, run.err
    assert run.out.startswith("Integrità verificata")
    report = json.loads(cli("check", "--json").out)
    assert report["pages_ok"] and report["rows_mismatched"] == {}

    tamper(ready, f"UPDATE cases SET title = 'Falsificato' WHERE id = '{case_id.hex}'")
    run = cli("check")
    assert run.code == 4
    assert "'cases'" in run.one_error_line()
    assert run.out == ""


def test_check_detects_a_deleted_audit_event(cli: Cli, ready: Path) -> None:
    add_case(cli)
    assert cli("check").code == 0
    tamper(ready, "DELETE FROM audit_events WHERE seq = 3")
    run = cli("check")
    assert run.code == 4
    assert "registro degli accessi" in run.one_error_line()


# ---------------------------------------------------------------- passphrases


def test_passwd_then_only_the_new_passphrase_works(
    cli: Cli, ready: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = add_case(cli)
    new_file = tmp_path / "nuova.txt"
    new_file.write_text(NEW_PASSPHRASE + "\n")
    run = cli("passwd", "--new-passphrase-file", str(new_file))
    assert run.code == 0, run.err
    assert run.out == ""

    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", NEW_PASSPHRASE)
    shown = cli("case", "show", str(case_id), "--json")
    assert (shown.code, json.loads(shown.out)["id"]) == (0, str(case_id))

    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    old = cli("case", "show", str(case_id))
    assert old.code == 3
    assert "Passphrase errata" in old.one_error_line()


def test_a_wrong_passphrase_exits_3_with_one_line(cli: Cli, ready: Path, tmp_path: Path) -> None:
    wrong = tmp_path / "sbagliata.txt"
    wrong.write_text("non è la passphrase\n")
    run = cli("--passphrase-file", str(wrong), "case", "list")
    assert run.code == 3
    assert run.out == ""
    line = run.one_error_line()
    assert "Passphrase errata" in line and "prossimo tentativo" in line
    assert read_keyfile(ready / "profile.json").failed.count == 1


# ---------------------------------------------------------------- usage and user errors


@pytest.mark.parametrize(
    "argv",
    [
        ["nessun-comando"],
        ["case", "add", "--service", "adm"],  # --ambito missing
        ["case", "add", "--ambito", "VBR", "--service", "assistenza"],
        ["case", "edit", "00000000-0000-0000-0000-000000000000"],  # no --set
        ["case", "edit", "00000000-0000-0000-0000-000000000000", "--set", "title"],
        ["visit", "add", "--case", "x", "--date", "2026-01-01", "--start", "9:00"],
        ["visit", "list", "--case", "x", "--kind", "gita"],
        ["dump"],  # --json is required
        ["report", "hours", "--month", "12/9999", "-o", "ore.csv"],  # past the calendar
        ["search", "--limit", "9223372036854775808", "casa"],  # past a C integer
        ["search", "--limit", "0", "casa"],
        ["init", "--operator", "Giulia Bianchi", "--role", "Educatrice"],
    ],
    ids=" ".join,
)
def test_usage_errors_exit_2_without_a_traceback(cli: Cli, ready: Path, argv: list[str]) -> None:
    before = dump(cli)
    run = cli(*argv)
    assert run.code == 2
    assert "Traceback" not in run.err
    assert run.err.strip().splitlines()[-1].startswith("minorifamiglie")
    assert dump(cli) == before


@pytest.mark.parametrize("option", ["--set", "--set-file"])
def test_a_set_without_its_equals_sign_does_not_repeat_the_text(
    cli: Cli, ready: Path, option: str
) -> None:
    # Forgetting '=' leaves the field and the personal text in one argument: not to be echoed
    said = "summary Mario Rossi dice che il padre lo picchia"
    run = cli("case", "edit", "00000000-0000-0000-0000-000000000000", option, said)
    assert run.code == 2 and "CAMPO=" in run.err
    assert "Mario" not in run.err and "picchia" not in run.err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["case", "add", "--ambito", "Valle Nascosta", "--service", "adm"], "Ambito sconosciuto"),
        (["case", "add", "--ambito", "VBR", "--service", "adm", "--minor", "Luca Carminati",
          "--tax-code", TAX_CODE[:15] + "Z"], "Codice fiscale non valido"),
        (["case", "add", "--ambito", "VBR", "--service", "adm", "--minor", "Luca Carminati",
          "--birthplace", "Castro"], "indicare quale"),
        (["case", "add", "--ambito", "VBR", "--service", "adm", "--minor", "Luca Carminati",
          "--citizenship", "Atlantide"], "Cittadinanza sconosciuta"),
        (["case", "add", "--ambito", "VBR", "--service", "adm", "--minor", "Luca"], "cognome"),
        (["case", "show", "VBR-1999-0001-AAA"], "Cartella non trovata"),
        (["case", "edit", "{case}", "--set", "colore=blu"], "Campo non modificabile"),
        (["case", "edit", "{case}", "--set", "status=archiviata"], "Stato: valore non ammesso"),
        (["case", "edit", "{case}", "--set", "referral_source=vicino"],
         "Fonte della segnalazione: valore non ammesso"),
        (["case", "edit", "{case}", "--set", "title=Nuovo", "--set", "closed_on=1999-01-01"],
         "data di fine"),
        (["visit", "add", "--case", "{case}", "--date", "2099-01-01", "--start", "9:00",
          "--end", "10:00", "--place", "Casa", "--notes", "x", "--close"], "data futura"),
        (["visit", "close", "non-un-id"], "non valido"),
        (["visit", "amend", str(uuid.UUID(int=7)), "--notes", "x"], "Visita non trovata"),
        (["--passphrase-file", "/nessuna/cartella/passphrase.txt", "case", "list"],
         "Impossibile leggere il file della passphrase"),
    ],
    ids=lambda v: v if isinstance(v, str) else " ".join(v)[:60],
)  # fmt: skip
def test_user_errors_exit_1_with_one_line_and_change_nothing(
    cli: Cli, ready: Path, argv: list[str], message: str
) -> None:
    case_id = add_case(cli, "--title", "Prima")
    before = dump(cli)
    run = cli(*[a.replace("{case}", str(case_id)) for a in argv])
    assert run.code == 1, run.err
    assert message in run.one_error_line()
    assert run.out == ""
    assert dump(cli) == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["visit", "add", "--case", "{case}", "--date", "31/02/2026", "--start", "9:00",
          "--end", "10:00"], "argument --date: 31/02/2026 non è un giorno del calendario"),
        (["visit", "add", "--case", "{case}", "--date", "15/03/26", "--start", "9:00",
          "--end", "10:00"],
         "argument --date: data non valida 15/03/26: usare GG/MM/AAAA (o AAAA-MM-GG)"),
        (["case", "add", "--ambito", "VBR", "--service", "adm", "--minor", "Luca Carminati",
          "--birth-date", "2015-02-30"], "--birth-date: la data non è un giorno del calendario"),
        (["print", "case", "{case}", "--from", "31/04/2026", "-o", "sintesi.pdf"],
         "argument --from: 31/04/2026 non è un giorno del calendario"),
        (["report", "hours", "--month", "13/2026", "-o", "ore.csv"],
         "argument --month: mese non valido 13/2026: usare MM/AAAA (o AAAA-MM)"),
    ],
    ids=lambda v: v if isinstance(v, str) else " ".join(v)[:60],
)  # fmt: skip
def test_an_impossible_date_is_one_usage_line_and_changes_nothing(
    cli: Cli, ready: Path, tmp_path: Path, argv: list[str], message: str
) -> None:
    case_id = add_case(cli, "--title", "Prima")
    before = dump(cli)
    run = cli(*[a.replace("{case}", str(case_id)) for a in argv])
    assert run.code == 2, run.err
    assert "Traceback" not in run.err
    [line] = run.err.splitlines()
    assert line.startswith("minorifamiglie") and line.endswith(message)
    assert "Carminati" not in line  # a birth date is not repeated with the name
    assert run.out == ""
    assert dump(cli) == before
    assert not (tmp_path / "sintesi.pdf").exists() and not (tmp_path / "ore.csv").exists()


def test_dates_are_typed_day_first_as_in_italy(cli: Cli, ready: Path, tmp_path: Path) -> None:
    case_id = add_case(cli, "--minor", "Luca Carminati", "--birth-date", "9/5/2015")
    shown = json.loads(cli("case", "show", str(case_id), "--json").out)
    assert [m["birth_date"] for m in shown["members"]] == ["2015-05-09"]
    for typed in ("05/03/2025", "5/3/2025", "2025-03-06"):
        run = cli("visit", "add", "--case", str(case_id), "--date", typed, "--start", "15:00",
                  "--end", "16:00", "--place", "Domicilio", "--notes", "Compiti",
                  "--close")  # fmt: skip
        assert run.code == 0, run.err
    listed = json.loads(cli("visit", "list", "--case", str(case_id), "--json").out)
    assert sorted(v["date"] for v in listed) == ["2025-03-05", "2025-03-05", "2025-03-06"]

    summary = tmp_path / "sintesi.pdf"
    run = cli("print", "case", str(case_id), "--from", "1/3/2025", "--to", "31/03/2025",
              "-o", str(summary))  # fmt: skip
    assert run.code == 0, run.err
    text = subprocess.run(["pdftotext", str(summary), "-"], capture_output=True, check=True)
    assert "Diario — marzo 2025" in text.stdout.decode()

    csvs: list[bytes] = []
    for month in ("03/2025", "3/2025", "2025-03"):
        out = tmp_path / f"ore-{len(csvs)}.csv"
        run = cli("report", "hours", "--month", month, "-o", str(out))
        assert run.code == 0, run.err
        csvs.append(out.read_bytes())
    assert csvs[0] == csvs[1] == csvs[2]
    assert shown["code"] in csvs[0].decode("utf-8-sig")  # March's visits are in it


def test_a_missing_profile_is_a_user_error(cli: Cli, profile_dir: Path) -> None:
    run = cli("case", "list")
    assert run.code == 1
    assert "Nessun profilo" in run.one_error_line()
    assert not profile_dir.exists()


def test_personal_data_typed_in_a_wrong_command_is_not_echoed(cli: Cli, ready: Path) -> None:
    run = cli("case", "add", "--ambito", "VBR", "--service", "adm", "--minor", "Luca Carminati",
              "--tax-code", TAX_CODE[:15] + "Z")  # fmt: skip
    assert TAX_CODE[3:15] not in run.err


# ---------------------------------------------------------------- real processes


def run_process(
    root: Path, *argv: str, passphrase: str = PASSPHRASE
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINORIFAMIGLIE_")}
    env |= {"MINORIFAMIGLIE_PROFILE": str(root), "MINORIFAMIGLIE_PASSPHRASE": passphrase}
    return subprocess.run(
        [sys.executable, "-m", "minorifamiglie", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_exit_codes_of_a_real_process(cli: Cli, ready: Path) -> None:
    case_id = add_case(cli)

    ok = run_process(ready, "case", "show", str(case_id), "--json")
    assert (ok.returncode, ok.stderr) == (0, "")
    assert json.loads(ok.stdout)["id"] == str(case_id)

    usage = run_process(ready, "case", "add", "--ambito", "VBR")
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr

    user = run_process(ready, "case", "add", "--ambito", "Altrove", "--service", "adm")
    assert user.returncode == 1
    assert user.stderr.count("\n") == 1 and "Traceback" not in user.stderr

    tamper(ready, f"UPDATE cases SET summary = 'x' WHERE id = '{case_id.hex}'")
    broken = run_process(ready, "check")
    assert broken.returncode == 4
    assert broken.stderr.count("\n") == 1 and "Traceback" not in broken.stderr

    wrong = run_process(ready, "case", "list", passphrase="non è la passphrase")
    assert wrong.returncode == 3
    assert wrong.stderr.count("\n") == 1 and wrong.stdout == ""


def test_a_process_without_a_passphrase_and_no_terminal_says_how_to_give_one(
    ready: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINORIFAMIGLIE_")}
    env["MINORIFAMIGLIE_PROFILE"] = str(ready)
    run = subprocess.run(
        [sys.executable, "-m", "minorifamiglie", "case", "list"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert run.returncode == 1
    assert "--passphrase-file" in run.stderr and run.stderr.count("\n") == 1


def test_case_list_search_ignores_accents_and_apostrophes(cli: Cli, ready: Path) -> None:
    add_case(cli, "--minor", "Nicolò Rota")
    add_case(cli, "--minor", "Sara D'Angelo")
    add_case(cli, "--minor", "Luca Rossi")
    for typed, name in (("nicolo", "Nicolò Rota"), ("dangelo", "Sara D'Angelo")):
        run = cli("case", "list", "--search", typed, "--json")
        assert run.code == 0, run.err
        assert [row["minors"] for row in json.loads(run.out)] == [name]
    run = cli("search", "nicolo")
    assert run.code == 0 and run.out == ""


def test_case_show_says_what_is_known_of_each_person(cli: Cli, ready: Path) -> None:
    case_id = add_case(
        cli, "--minor", "Amina Haddad", "--birth-date", "03/02/2009", "--sex", "F",
        "--birthplace", "Marocco", "--citizenship", "MA", "--msna",
    )  # fmt: skip
    shown = cli("case", "show", str(case_id))
    assert shown.code == 0, shown.err
    line = next(x for x in shown.out.splitlines() if "Amina Haddad" in x)
    assert line.endswith(
        "(03/02/2009, F, nata all'estero (Marocco), cittadinanza Marocco, MSNA)"
    ), line
