"""`print relazione` as a script uses it: the .odt or PDF lands where -o says, readable by its
owner only and in the audit log; a bad period or format is one line and exit 2, a bad case one
line and exit 1, and nothing is written."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from odf import opendocument, teletype
from odf.text import H
from sqlalchemy import select

from minorifamiglie.cli import main
from minorifamiglie.domain.enums import AuditAction, Service
from minorifamiglie.services import cases, profiles, visits
from minorifamiglie.storage.models import AuditEventRow
from private_modes import is_private_file
from support.profiles import PASSPHRASE, scene_profile


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("minorifamiglie")  # ours, or argparse's "minorifamiglie print …"
    return lines[0]


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A case with a signed visit whose facts, statements and evaluations are written, made
    once for the module through the services in a copy of the session's template; each test
    works on a copy of it (`case_code`)."""
    with scene_profile(tmp_path_factory, "court-report") as (root, opened):
        case = cases.add_case(
            opened, ambito="VBR", service=Service.ADM, minor_name="Nadia D'Alessio",
            birth_date=dt.date(2016, 4, 12), opened_on=dt.date(2026, 9, 1),
        )  # fmt: skip
        visits.add_visit(
            opened, case=str(case.id), date=dt.date(2026, 10, 6), start=dt.time(15),
            end=dt.time(17), place="Domicilio", notes="Compiti, poi merenda.",
            facts="Nadia ha completato i compiti.", statements="Il padre riferisce serenità.",
            evaluations="Si valuta un miglioramento dell'attenzione.", close=True,
        )  # fmt: skip
    return root, case.code


@pytest.fixture
def case_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scene: tuple[Path, str]) -> str:
    """The scene's case, in this test's own copy of the profile, where the commands find it."""
    root = tmp_path / "profilo"
    monkeypatch.setenv("MINORIFAMIGLIE_PROFILE", str(root))
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("MINORIFAMIGLIE_DEBUG", raising=False)
    shutil.copytree(scene[0], root, symlinks=True)
    return scene[1]


def exports(root: Path) -> list[AuditEventRow]:
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        with opened.session() as session:
            return list(
                session.execute(
                    select(AuditEventRow).where(AuditEventRow.action == AuditAction.EXPORT)
                ).scalars()
            )
    finally:
        opened.close()


def test_an_odt_and_a_pdf_of_the_period(
    capsys: pytest.CaptureFixture[str], case_code: str, tmp_path: Path
) -> None:
    odt = tmp_path / "relazione.odt"
    code, err = run(capsys, "print", "relazione", "--case", case_code, "--from", "01/10/2026",
                    "--to", "2026-10-31", "-o", str(odt))  # fmt: skip
    assert code == 0, err
    assert is_private_file(odt)
    doc = opendocument.load(io.BytesIO(odt.read_bytes()))
    headings = [teletype.extractText(h) for h in doc.text.getElementsByType(H)]
    assert headings[1:4] == [
        "1. Fatti accertati",
        "2. Dichiarazioni",
        "3. Valutazioni professionali",
    ]
    assert "Nadia ha completato i compiti." in teletype.extractText(doc.text)

    pdf = tmp_path / "relazione.pdf"
    code, err = run(capsys, "print", "relazione", "--case", case_code, "--from", "2026-10-01",
                    "--to", "2026-10-31", "-o", str(pdf))  # fmt: skip
    assert code == 0, err
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout
    assert "Il padre riferisce serenità." in text.decode()
    events = exports(tmp_path / "profilo")
    assert [(json.loads(e.detail)["kind"], json.loads(e.detail)["format"]) for e in events] == [
        ("court_report", "odt"),
        ("court_report", "pdf"),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-10-31", "--to", "2026-10-01"], "--to precede --from"),
        (["--from", "31/02/2026", "--to", "2026-10-01"], "--from"),
        (["--from", "2026-10-01", "--to", "2026-10-31", "-o", "r.docx"], ".odt o .pdf"),
        (["--from", "2026-10-01", "--to", "2026-10-31", "--password-file", "pw"], ".odt"),
    ],
)
def test_a_bad_period_or_format_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
    case_code: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pw").write_text("segreta")
    argv = ["print", "relazione", "--case", case_code, *args]
    if "-o" not in args:
        argv += ["-o", "r.odt"]
    code, err = run(capsys, *argv)
    assert code == 2
    assert message in one_line(err)
    assert not (tmp_path / "r.odt").exists() and not (tmp_path / "r.docx").exists()


def test_an_unknown_case_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], case_code: str, tmp_path: Path
) -> None:
    out = tmp_path / "r.odt"
    code, err = run(capsys, "print", "relazione", "--case", "VBR-1999-0001-XXX", "--from",
                    "2026-10-01", "--to", "2026-10-31", "-o", str(out))  # fmt: skip
    assert code == 1
    assert "Cartella non trovata" in one_line(err)
    assert not out.exists()
    assert exports(tmp_path / "profilo") == []
