"""`export` and `import` as a user runs them (docs/handoff-format.md): the file opens with the
real `age` command-line tool and unzip; another profile imports it with the same ids, twice
without duplicates; a file for someone else is one clear line and exit 1, nothing imported."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from minorifamiglie.cli import main
from minorifamiglie.domain.enums import Role, Service
from minorifamiglie.services import cases, handoff, profiles, visits
from private_modes import is_private_file
from support.profiles import PASSPHRASE, template_copy


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


Cli = Callable[..., Run]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("MINORIFAMIGLIE_PROFILE", raising=False)
    monkeypatch.delenv("MINORIFAMIGLIE_DEBUG", raising=False)

    def run(*argv: str) -> Run:
        capsys.readouterr()
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return Run(code, out, err)

    return run


@dataclass(frozen=True)
class Setup:
    source: Path
    target: Path
    case_id: str
    key: Path
    public: str


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    """Giulia's profile with a case and a signed visit, Marta's empty one, and an age key:
    made once for the module (the profiles through the services, in copies of the session's
    templates); each test works on copies of the profiles (`setup`)."""
    folder = tmp_path_factory.mktemp("handoff")
    source, target = folder / "educatore", folder / "assistente"
    template_copy(source, "Giulia Bianchi", Role.EDUCATOR)
    template_copy(target, "Marta Colombo", Role.SOCIAL_WORKER)
    opened = profiles.unlock(source, PASSPHRASE)
    try:
        case = cases.add_case(
            opened, ambito="VBR", service=Service.ADM, minor_name="Nadia D'Alessio",
            birth_date=dt.date(2016, 4, 12), opened_on=dt.date(2026, 9, 1),
        )  # fmt: skip
        visits.add_visit(
            opened, case=str(case.id), date=dt.date(2026, 10, 6), start=dt.time(15),
            end=dt.time(17), place="Domicilio", notes="Compiti, poi merenda.", close=True,
        )  # fmt: skip
    finally:
        opened.close()
    key = folder / "chiave.txt"
    subprocess.run(["age-keygen", "-o", str(key)], check=True, capture_output=True)
    public = subprocess.run(
        ["age-keygen", "-y", str(key)], check=True, capture_output=True, text=True
    ).stdout.strip()
    return Setup(source, target, str(case.id), key, public)


@pytest.fixture
def setup(tmp_path: Path, prepared: Setup) -> Setup:
    """This test's own copies of the module's two profiles; the key is only read."""
    source, target = tmp_path / "educatore", tmp_path / "assistente"
    shutil.copytree(prepared.source, source, symlinks=True)
    shutil.copytree(prepared.target, target, symlinks=True)
    return dataclasses.replace(prepared, source=source, target=target)


def test_age_and_unzip_open_an_export(cli: Cli, setup: Setup, tmp_path: Path) -> None:
    out = tmp_path / "consegna.age"
    run = cli("--profile", str(setup.source), "export", "--case", setup.case_id,
              "--recipient", setup.public, "-o", str(out))  # fmt: skip
    assert run.code == 0, run.err
    assert is_private_file(out)
    plain = subprocess.run(
        ["age", "-d", "-i", str(setup.key), str(out)], check=True, capture_output=True
    ).stdout
    archive = zipfile.ZipFile(io.BytesIO(plain))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["format"] == "minorifamiglie-handoff"
    assert manifest["case_ids"] == [setup.case_id]
    doc = json.loads(archive.read(f"cases/{setup.case_id}/case.json"))
    assert doc["records"]["visits"][0]["notes"] == "Compiti, poi merenda."
    assert archive.read(f"cases/{setup.case_id}/sintesi.pdf").startswith(b"%PDF")


def test_import_with_the_identity_twice(cli: Cli, setup: Setup, tmp_path: Path) -> None:
    out = tmp_path / "consegna.age"
    assert cli("--profile", str(setup.source), "export", "--case", setup.case_id,
               "--recipient", setup.public, "-o", str(out)).code == 0  # fmt: skip
    first = cli("--profile", str(setup.target), "import", str(out), "--identity", str(setup.key))
    assert (first.code, first.out.split()[0]) == (0, setup.case_id), first.err
    dumped = cli("--profile", str(setup.target), "dump", "--json").out
    again = cli("--profile", str(setup.target), "import", str(out), "--identity", str(setup.key))
    assert again.code == 0 and "0 record nuovi" in again.err
    assert cli("--profile", str(setup.target), "dump", "--json").out == dumped
    assert cli("--profile", str(setup.target), "check").code == 0
    shown = cli("--profile", str(setup.target), "case", "show", setup.case_id)
    assert "Nadia" in shown.out


def test_passphrase_file_both_ways(cli: Cli, setup: Setup, tmp_path: Path) -> None:
    secret = tmp_path / "frase.txt"
    secret.write_text("mela verde lampione\n", encoding="utf-8")
    out = tmp_path / "consegna.age"
    assert cli("--profile", str(setup.source), "export", "--case", setup.case_id,
               "--bundle-passphrase-file", str(secret), "-o", str(out)).code == 0  # fmt: skip
    # rage sizes the scrypt to this machine; an importer takes at most 2^20: so is the export
    factor = handoff.scrypt_work_factor(out.read_bytes())
    assert factor is not None and factor <= handoff.MAX_SCRYPT_LOG_N
    run = cli("--profile", str(setup.target), "import", str(out),
              "--bundle-passphrase-file", str(secret))  # fmt: skip
    assert run.code == 0, run.err


def test_a_file_for_someone_else_is_one_line_and_nothing_imported(
    cli: Cli, setup: Setup, tmp_path: Path
) -> None:
    out = tmp_path / "consegna.age"
    assert cli("--profile", str(setup.source), "export", "--case", setup.case_id,
               "--recipient", setup.public, "-o", str(out)).code == 0  # fmt: skip
    other = tmp_path / "altra-chiave.txt"
    subprocess.run(["age-keygen", "-o", str(other)], check=True, capture_output=True)
    before = cli("--profile", str(setup.target), "dump", "--json").out
    run = cli("--profile", str(setup.target), "import", str(out), "--identity", str(other))
    assert run.code == 1
    [line] = run.err.splitlines()
    assert line.startswith("minorifamiglie: Pacchetto non apribile")
    assert cli("--profile", str(setup.target), "dump", "--json").out == before


def test_usage_errors(cli: Cli, setup: Setup, tmp_path: Path) -> None:
    out = tmp_path / "x.age"
    run = cli("--profile", str(setup.source), "export", "--case", setup.case_id, "-o", str(out))
    assert run.code == 2
    run = cli("--profile", str(setup.source), "export", "--case", setup.case_id,
              "--recipient", "age1nonvalida", "-o", str(out))  # fmt: skip
    assert run.code == 1 and "Destinatario non valido" in run.err
    assert not out.exists()
    run = cli("--profile", str(setup.source), "export", "--case", "BG-0000-0000",
              "--recipient", setup.public, "-o", str(out))  # fmt: skip
    assert run.code == 1 and "Cartella non trovata" in run.err


def test_a_dry_run_says_what_would_arrive_and_writes_nothing(
    cli: Cli, setup: Setup, tmp_path: Path
) -> None:
    out = tmp_path / "consegna.age"
    assert cli("--profile", str(setup.source), "export", "--case", setup.case_id,
               "--recipient", setup.public, "-o", str(out)).code == 0  # fmt: skip
    dumped = cli("--profile", str(setup.target), "dump", "--json").out
    tried = cli("--profile", str(setup.target), "import", str(out), "--identity", str(setup.key),
                "--dry-run")  # fmt: skip
    assert tried.code == 0, tried.err
    assert tried.out.split()[0] == setup.case_id
    assert "nulla importato" in tried.err
    assert cli("--profile", str(setup.target), "dump", "--json").out == dumped


def test_without_a_team_the_device_key_is_refused_in_one_line(
    cli: Cli, setup: Setup, tmp_path: Path
) -> None:
    out = tmp_path / "consegna.age"
    assert cli("--profile", str(setup.source), "export", "--case", setup.case_id,
               "--recipient", setup.public, "-o", str(out)).code == 0  # fmt: skip
    refused = cli("--profile", str(setup.target), "import", str(out), "--device-key")
    assert refused.code != 0
    assert "non fa parte di un'équipe" in refused.err
    assert len(refused.err.strip().splitlines()) == 1


def test_the_files_named_are_read_before_the_profile_is_unlocked(
    cli: Cli, setup: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A mistyped identity or bundle path is said at once: no passphrase asked for or derived
    # (a wrong one here would otherwise be the error, after the wait of its derivation)
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", "non è la passphrase")
    missing = tmp_path / "chiave-che-non-esiste.txt"
    run = cli("--profile", str(setup.target), "import", str(tmp_path / "x.age"),
              "--identity", str(missing))  # fmt: skip
    assert run.code == 1 and "identità age" in run.err and "passphrase" not in run.err.lower()
    run = cli("--profile", str(setup.target), "import", str(tmp_path / "x.age"),
              "--identity", str(setup.key))  # fmt: skip
    assert run.code == 1 and "pacchetto" in run.err and "passphrase" not in run.err.lower()
    run = cli("--profile", str(setup.source), "export", "--case", setup.case_id,
              "--bundle-passphrase-file", str(missing), "-o", str(tmp_path / "y.age"))  # fmt: skip
    assert run.code == 1 and "Passphrase errata" not in run.err
