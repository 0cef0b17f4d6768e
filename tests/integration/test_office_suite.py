"""What a social worker does with our files, done with the office suite they use: the hours CSV
opened in LibreOffice Calc with the Italian locale (every figure a number, a SUM over a column
equal to the total the report prints) and the relazione di aggiornamento opened in LibreOffice
Writer (its three sections there, in order).

LibreOffice runs headless on a private user profile. `.ci/run` installs it; where it is missing
(a developer's laptop without it) the tests are skipped, never passed; in CI they fail."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from odf import opendocument
from odf.namespaces import OFFICENS
from odf.table import Table, TableCell, TableRow

from minorifamiglie.domain.enums import HoursPeriod, Service, VisitKind
from minorifamiglie.reports import court_report as cr
from minorifamiglie.services import activations, cases, court_report, hours_report, visits
from minorifamiglie.storage.profile import OpenProfile

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# Skipped on a laptop without it; in CI (`CI` set, .ci/run installs it) a missing one fails.
pytestmark = pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("CI"), reason="needs LibreOffice (soffice)"
)

# Calc's CSV import: ';' separated, '"' quoted, UTF-8 (76), from line 1, standard cells, and
# numbers read with the Italian locale (1040), as a spreadsheet in Italy opens the file.
CSV_ITALIAN = "CSV:59,34,76,1,,1040"


def office(tmp_path: Path, *args: str) -> None:
    profile = (tmp_path / "lo-profilo").as_uri()
    assert SOFFICE is not None
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore", *args],
        check=True,
        capture_output=True,
        timeout=180,
    )


def calc_rows(ods: Path) -> list[list[tuple[str, str]]]:
    """Every row of the first sheet as (value type, value) per cell: ("float", "2.5") for a
    number as Calc parsed it, ("string", text) for text."""
    doc = opendocument.load(str(ods))
    sheet = doc.spreadsheet.getElementsByType(Table)[0]
    out = []
    for row in sheet.getElementsByType(TableRow):
        cells = []
        for cell in row.getElementsByType(TableCell):
            kind = cell.attributes.get((OFFICENS, "value-type"), "")
            value = cell.attributes.get((OFFICENS, "value")) or str(cell)
            repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
            cells.extend([(kind, value)] * min(repeat, 50))
        if any(kind for kind, _ in cells):
            out.append(cells)
    return out


@pytest.fixture
def month_of_work(opened: OpenProfile) -> str:
    """Two ADM cases with signed visits in October 2026, minutes that do not round evenly."""
    for name, minutes in (("Nadia Rota", (95, 50, 125)), ("Luca Pesenti", (40, 70))):
        case = cases.add_case(
            opened, ambito="VBR", service=Service.ADM, minor_name=name,
            birth_date=dt.date(2015, 3, 2), opened_on=dt.date(2026, 9, 1),
        )  # fmt: skip
        activations.add_activation(
            opened, case.id, service=Service.ADM, start_on=dt.date(2026, 9, 1),
            authorised_hours=6, hours_period=HoursPeriod.WEEK,
        )  # fmt: skip
        for day, length in enumerate(minutes, start=5):
            start = dt.datetime(2026, 10, day, 15, 0)
            visits.add_visit(
                opened, case=case.code, date=start.date(), start=start.time(),
                end=(start + dt.timedelta(minutes=length)).time(), place="Domicilio",
                kind=VisitKind.HOME_VISIT, notes="Compiti e gioco.", close=True,
            )  # fmt: skip
    return "2026-10"


def test_the_hours_csv_opens_in_calc_as_numbers_that_add_up_to_the_total(
    opened: OpenProfile, month_of_work: str, tmp_path: Path
) -> None:
    report = hours_report.hours_report(opened, month_of_work)
    data, totals = hours_report.save_hours_csv(opened, report, tmp_path / "ore-2026-10.csv")

    office(tmp_path, f"--infilter={CSV_ITALIAN}", "--convert-to", "ods", "--outdir",
           str(tmp_path / "calc"), str(data), str(totals))  # fmt: skip

    rows = calc_rows(tmp_path / "calc" / "ore-2026-10.ods")
    head, body = [v for _, v in rows[0]], rows[1:]
    assert head[:3] == ["Mese", "Ambito", "Comune"]
    assert len(body) == len(report.rows) >= 2
    numeric = [i for i, (kind, _) in enumerate(body[0]) if kind == "float"]
    assert len(numeric) >= 3  # the hours columns, each a number, not text
    total_rows = calc_rows(tmp_path / "calc" / "ore-2026-10-totali.ods")
    overall = next(r for r in total_rows if r[1][1] == "generale")
    for column in numeric:
        assert all(r[column][0] == "float" for r in body), head[column]
        column_sum = sum(Decimal(r[column][1]) for r in body)
        name = head[column]
        total_column = [v for _, v in total_rows[0]].index(name)
        assert overall[total_column][0] == "float", name
        assert column_sum == Decimal(overall[total_column][1]), name


def test_the_relazione_opens_in_writer_with_its_three_sections(
    opened: OpenProfile, month_of_work: str, tmp_path: Path
) -> None:
    code = cases.list_cases(opened)[0].code
    report = court_report.court_report(
        opened, code, dt.date(2026, 10, 1), dt.date(2026, 10, 31), today=dt.date(2026, 11, 2)
    )
    odt = tmp_path / "relazione.odt"
    odt.write_bytes(court_report.court_report_bytes(report, ".odt"))

    office(tmp_path, "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), str(odt))

    text = (tmp_path / "relazione.txt").read_text(encoding="utf-8-sig")
    where = [text.index(section) for section in cr.SECTIONS]
    assert where == sorted(where)
    assert cr.TITLE in text
