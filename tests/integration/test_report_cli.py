"""`print case` and `report hours` through `cli.main`: the files written, their content against
the services' numbers, encryption, the audit log, and one-line errors."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from sqlalchemy import select

from minorifamiglie.cli import main
from minorifamiglie.domain.enums import AuditAction, HoursPeriod, Service
from minorifamiglie.services import activations, cases, hours_report, profiles, visits
from minorifamiglie.storage.models import AuditEventRow
from private_modes import is_private_file
from support.profiles import PASSPHRASE

TODAY = dt.date.today()
DAY = dt.date(2026, 11, 10)


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@dataclass(frozen=True)
class Setup:
    root: Path
    code: str


@pytest.fixture
def setup(profile_root: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Setup]:
    monkeypatch.setenv("MINORIFAMIGLIE_PROFILE", str(profile_root))
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    opened = profiles.unlock(profile_root, PASSPHRASE)
    try:
        case = cases.add_case(
            opened, ambito="VBR", service=Service.ADM, minor_name="Luca Carminati", today=DAY
        )
        activations.add_activation(
            opened,
            str(case.id),
            service=Service.ADM,
            start_on=dt.date(2026, 9, 1),
            authorised_hours=6.0,
            hours_period=HoursPeriod.WEEK,
        )
        for day, notes in (
            (DAY, "Compiti di novembre"),
            (dt.date(2026, 10, 5), "Visita di ottobre"),
        ):
            visits.add_visit(
                opened,
                case=str(case.id),
                date=day,
                start=dt.time(15, 0),
                end=dt.time(16, 30),
                place="Domicilio",
                notes=notes,
                close=True,
                today=DAY,
            )
    finally:
        opened.close()
    yield Setup(profile_root, case.code)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Iterator[object]:
    def run(*argv: str) -> Run:
        capsys.readouterr()
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return Run(code, out, err)

    yield run


def text_of(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())


def exports(root: Path) -> list[dict[str, object]]:
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        with opened.session() as session:
            rows = session.execute(
                select(AuditEventRow.detail).where(AuditEventRow.action == AuditAction.EXPORT)
            ).scalars()
            return [json.loads(r) for r in rows]
    finally:
        opened.close()


def test_print_case_for_a_period(setup: Setup, cli: object, tmp_path: Path) -> None:
    out = tmp_path / "sintesi.pdf"
    run = cli(
        "print", "case", setup.code, "--from", "2026-11-01", "--to", "2026-11-30", "-o", str(out)
    )  # type: ignore[operator]
    assert run.code == 0, run.err
    assert is_private_file(out)
    text = text_of(out)
    assert f"Cartella {setup.code}" in text and "Sintesi della cartella" in text
    assert "Compiti di novembre" in text and "Visita di ottobre" not in text
    assert "Luca Carminati" in text  # an internal document: names are there
    assert exports(setup.root)[-1]["kind"] == "case_summary"


def test_print_case_encrypted(setup: Setup, cli: object, tmp_path: Path) -> None:
    out, secret = tmp_path / "sintesi.pdf", tmp_path / "password.txt"
    secret.write_text("una password lunga\n", encoding="utf-8")
    run = cli("print", "case", setup.code, "-o", str(out), "--password-file", str(secret))  # type: ignore[operator]
    assert run.code == 0, run.err
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(out)
    with pikepdf.open(out, password="una password lunga") as pdf:
        assert pdf.is_encrypted and pdf.encryption.R == 6  # AES-256
    assert exports(setup.root)[-1]["encrypted"] is True


def test_report_hours_as_csv_has_the_service_numbers(
    setup: Setup, cli: object, tmp_path: Path
) -> None:
    out = tmp_path / "ore.csv"
    run = cli("report", "hours", "--month", "2026-11", "-o", str(out))  # type: ignore[operator]
    assert run.code == 0, run.err
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig")), delimiter=";"))
    totals = tmp_path / "ore-totali.csv"
    assert run.err == f"Salvato {out} (righe) e {totals} (totali)\n"
    opened = profiles.unlock(setup.root, PASSPHRASE)
    try:
        report = hours_report.hours_report(opened, "2026-11")
    finally:
        opened.close()
    # The activation has no operator: its authorised hours are on a line of their own.
    delivered, authorised = report.rows
    assert (delivered.operator, authorised.operator) == ("Giulia Bianchi", "")
    assert len(rows) == 3  # the head and the two lines: the totals are in their own file
    assert rows[1][:7] == [
        "2026-11",
        "VBR",
        "non indicato",  # the case's comune of residence was not given
        "Assistenza domiciliare minori",
        setup.code,
        "L.C.",
        "Giulia Bianchi",
    ]
    assert float(rows[1][8].replace(",", ".")) == delivered.hours.direct_hours == 1.5
    assert rows[2][6] == ""
    assert float(rows[2][7].replace(",", ".")) == authorised.hours.authorised_hours == 25.71
    assert "Carminati" not in out.read_text(encoding="utf-8-sig")
    summed = list(csv.reader(io.StringIO(totals.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert summed[-1][:2] == ["2026-11", "generale"] and summed[-1][4:6] == ["25,71", "1,50"]
    assert is_private_file(totals)
    assert (
        exports(setup.root)[-2:]
        == [{"kind": "hours_report", "format": "csv", "encrypted": False}] * 2
    )


def test_report_hours_as_pdf_for_one_ambito(setup: Setup, cli: object, tmp_path: Path) -> None:
    out = tmp_path / "ore.pdf"
    run = cli("report", "hours", "--month", "2026-11", "--ambito", "VBR", "-o", str(out))  # type: ignore[operator]
    assert run.code == 0, run.err
    text = text_of(out)
    assert "Rendicontazione ore — novembre 2026" in text and "Ambito VBR" in text
    assert setup.code in text and "25,71" in text and "1,50" in text


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (("report", "hours", "--month", "2026-13", "-o", "ore.csv"), 2),  # no such month: usage
        (("report", "hours", "--month", "2026-11", "--ambito", "XYZ", "-o", "ore.pdf"), 1),
        (("print", "case", "BG-2020-9999-AAA", "-o", "sintesi.pdf"), 1),
    ],
)
def test_mistakes_are_one_line(
    setup: Setup,
    cli: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: tuple[str, ...],
    code: int,
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli(*argv)  # type: ignore[operator]
    assert run.code == code
    assert len(run.err.splitlines()) == 1 and "Traceback" not in run.err
    assert not list(tmp_path.glob("ore.*")) and not list(tmp_path.glob("sintesi.*"))
