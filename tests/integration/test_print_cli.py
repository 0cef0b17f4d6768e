"""`print`, `report hours` and `sheet` as a script uses them (docs/architecture.md §9): the PDF
lands where -o says, readable by its owner only, encrypted when a password file is given; every
document saved is in the audit log; a bad id is one clear line and exit 1, never a traceback."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import subprocess
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from sqlalchemy import select

from minorifamiglie.cli import main
from minorifamiglie.domain.enums import AuditAction, MemberRole, Service, VisitKind
from minorifamiglie.services import cases, profiles, visits
from minorifamiglie.storage.models import AuditEventRow
from private_modes import is_private_file
from support.profiles import PASSPHRASE, scene_profile


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


Cli = Callable[..., Run]


@dataclass(frozen=True)
class Story:
    root: Path
    case_id: uuid.UUID
    case_code: str
    visit_id: uuid.UUID
    meeting_id: uuid.UUID


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
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


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Story:
    """A case with a father, a signed and amended visit and a facilitated meeting, made once
    for the module through the services in a copy of the session's template; each test works
    on a copy of it (`story`)."""
    with scene_profile(tmp_path_factory, "print-cli") as (root, opened):
        case = cases.add_case(
            opened, ambito="VBR", service=Service.ADM, minor_name="Nadia D'Alessio",
            birth_date=dt.date(2016, 4, 12), opened_on=dt.date(2026, 9, 1),
        )  # fmt: skip
        father = cases.add_member(
            opened, str(case.id), first_name="Pietro", last_name="D'Alessio",
            role=MemberRole.FATHER,
        )  # fmt: skip
        visit = visits.add_visit(
            opened, case=str(case.id), date=dt.date(2026, 10, 6), start=dt.time(15),
            end=dt.time(17), place="Domicilio", notes="Compiti, poi merenda.", close=True,
        )  # fmt: skip
        visits.amend_visit(opened, visit.id, "L'insegnante conferma i progressi.")
        meeting = visits.add_visit(
            opened, case=str(case.id), kind=VisitKind.FACILITATED_MEETING,
            date=dt.date(2026, 10, 13), start=dt.time(16), end=dt.time(17),
            place="Spazio neutro", notes="Gioco da tavolo.", present=(father.person.id,),
        )  # fmt: skip
    return Story(root, case.id, case.code, visit.id, meeting.id)


@pytest.fixture
def story(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scene: Story) -> Story:
    """This test's own copy of the module's scene, where the commands find it."""
    root = tmp_path / "profilo"
    monkeypatch.setenv("MINORIFAMIGLIE_PROFILE", str(root))
    monkeypatch.setenv("MINORIFAMIGLIE_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("MINORIFAMIGLIE_DEBUG", raising=False)
    shutil.copytree(scene.root, root, symlinks=True)
    return dataclasses.replace(scene, root=root)


def pdftotext(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())


def exports(root: Path, action: AuditAction = AuditAction.EXPORT) -> list[AuditEventRow]:
    opened = profiles.unlock(root, PASSPHRASE)
    try:
        with opened.session() as session:
            return list(
                session.execute(
                    select(AuditEventRow)
                    .where(AuditEventRow.action == action)
                    .order_by(AuditEventRow.seq)
                ).scalars()
            )
    finally:
        opened.close()


def test_print_a_visit_sheet(cli: Cli, story: Story, tmp_path: Path) -> None:
    out = tmp_path / "scheda.pdf"
    run = cli("print", "visit-sheet", str(story.visit_id), "-o", str(out))
    assert (run.code, run.out) == (0, ""), run.err
    assert is_private_file(out)
    text = pdftotext(out)
    assert f"Cartella {story.case_code}" in text
    assert "Nadia D'Alessio" in text
    assert text.index("Compiti, poi merenda.") < text.index("L'insegnante conferma i progressi.")
    assert "Chiusa e firmata il" in text
    [event] = exports(story.root)
    assert (event.entity, event.entity_id, event.case_id) == ("visits", story.visit_id,
                                                              story.case_id)  # fmt: skip
    assert json.loads(event.detail) == {"kind": "visit_sheet", "format": "pdf", "encrypted": False}
    assert "Nadia" not in event.detail


def test_a_printed_pdf_carries_the_moment_it_was_made(
    cli: Cli, story: Story, tmp_path: Path
) -> None:
    out = tmp_path / "scheda.pdf"
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    assert cli("print", "visit-sheet", str(story.visit_id), "-o", str(out)).code == 0
    after = dt.datetime.now(dt.UTC)
    info = subprocess.run(
        ["pdfinfo", "-isodates", str(out)], capture_output=True, text=True, check=True
    ).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    made = dt.datetime.fromisoformat(fields["CreationDate"].strip())
    assert before <= made <= after  # not reportlab's fixed 1 January 2000
    assert fields["ModDate"].strip() == fields["CreationDate"].strip()
    for key in ("Title", "Subject", "Author"):
        assert "D'Alessio" not in fields[key] and story.case_code not in fields[key]


def test_a_password_file_encrypts_the_pdf(cli: Cli, story: Story, tmp_path: Path) -> None:
    secret = tmp_path / "password.txt"
    secret.write_text("Ornella cammina sul Resegone\n", encoding="utf-8")
    out = tmp_path / "verbale.pdf"
    run = cli(
        "print", "meeting", str(story.meeting_id), "-o", str(out), "--password-file", str(secret)
    )
    assert run.code == 0, run.err
    assert "AES-256" in run.err
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(out)
    with pikepdf.open(out, password="Ornella cammina sul Resegone") as pdf:
        assert pdf.encryption.R == 6
    unreadable = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, check=False)
    assert unreadable.returncode != 0
    [event] = exports(story.root)
    assert json.loads(event.detail)["encrypted"] is True

    secret.write_text("\n")
    run = cli("print", "meeting", str(story.meeting_id), "-o", str(out), "--password-file",
              str(secret))  # fmt: skip
    assert run.code == 1
    assert "password" in run.one_error_line()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["print", "visit-sheet", "non-un-id"], "Identificativo di visita non valido"),
        (["print", "visit-sheet", "01a21300-0000-7000-8000-000000000000"], "Visita non trovata"),
        (["print", "meeting", "01a21300-0000-7000-8000-000000000000"], "Visita non trovata"),
        (["print", "blank-sheet", "--case", "VBR-1999-0001-XXX"], "Cartella non trovata"),
        (["print", "case", "VBR-1999-0001-XXX"], "Cartella non trovata"),
    ],
)
def test_a_bad_id_is_one_clear_line(
    cli: Cli, story: Story, tmp_path: Path, argv: list[str], message: str
) -> None:
    out = tmp_path / "documento.pdf"
    run = cli(*argv, "-o", str(out))
    assert run.code == 1
    assert message in run.one_error_line()
    assert not out.exists()
    assert exports(story.root) == []


def test_a_visit_is_not_a_meeting_record(cli: Cli, story: Story, tmp_path: Path) -> None:
    run = cli("print", "meeting", str(story.visit_id), "-o", str(tmp_path / "v.pdf"))
    assert run.code == 1
    assert "non è un incontro facilitato" in run.one_error_line()


def test_usage_errors_exit_2(cli: Cli, story: Story, tmp_path: Path) -> None:
    run = cli("print", "visit-sheet", str(story.visit_id), "-o", str(tmp_path / "scheda.txt"))
    assert run.code == 2
    run = cli("report", "hours", "--month", "2026-10", "-o", str(tmp_path / "ore.xlsx"))
    assert run.code == 2
    secret = tmp_path / "pw"
    secret.write_text("segreta")
    run = cli("report", "hours", "--month", "2026-10", "-o", str(tmp_path / "ore.csv"),
              "--password-file", str(secret))  # fmt: skip
    assert run.code == 2
    assert "CSV" in run.one_error_line()
    run = cli("sheet", "mark", str(uuid.uuid4()), "stampata")
    assert run.code == 2


def test_blank_sheets_from_print_to_destroyed(cli: Cli, story: Story, tmp_path: Path) -> None:
    out = tmp_path / "bianca.pdf"
    run = cli("print", "blank-sheet", "--case", story.case_code, "-o", str(out))
    assert run.code == 0, run.err
    sheet_id = uuid.UUID(run.out.strip())
    text = pdftotext(out)
    assert f"MF-SCHEDA:{sheet_id}" in text
    assert "Pietro D'Alessio" in text

    listed = cli("sheet", "list", "--case", str(story.case_id), "--json")
    [row] = json.loads(listed.out)
    assert (row["id"], row["status"], row["case_code"]) == (str(sheet_id), "stampata",
                                                            story.case_code)  # fmt: skip
    run = cli("sheet", "mark", f"MF-SCHEDA:{sheet_id}", "trascritta", "--visit",
              str(story.visit_id))  # fmt: skip
    assert run.code == 0, run.err
    run = cli("sheet", "mark", str(sheet_id), "trascritta")
    assert run.code == 1
    assert "non può diventare" in run.one_error_line()
    assert cli("sheet", "mark", str(sheet_id), "distrutta").code == 0
    plain = cli("sheet", "list")
    assert "Distrutta" in plain.out and story.case_code in plain.out

    [created] = [e for e in exports(story.root, AuditAction.CREATE) if e.entity == "paper_sheets"]
    assert created.entity_id == sheet_id
    [export] = exports(story.root)
    assert (export.entity, export.entity_id) == ("paper_sheets", sheet_id)


def test_a_blank_sheet_whose_file_cannot_be_written_is_not_recorded_as_printed(
    cli: Cli, story: Story, tmp_path: Path
) -> None:
    # Its id would be in the registry as printed, with no sheet anywhere to find it on
    out = tmp_path / "manca" / "bianca.pdf"
    run = cli("print", "blank-sheet", "--case", story.case_code, "-o", str(out))
    assert run.code == 1 and not out.exists()
    listed = cli("sheet", "list", "--case", str(story.case_id), "--json")
    assert json.loads(listed.out) == []
    assert [e for e in exports(story.root, AuditAction.CREATE) if e.entity == "paper_sheets"] == []


def test_an_hours_report_whose_totals_cannot_be_written_writes_neither_file(
    cli: Cli, story: Story, tmp_path: Path
) -> None:
    out = tmp_path / "uscita"
    (out / "ore-totali.csv").mkdir(parents=True)  # where the totals would go
    run = cli("report", "hours", "--month", "10/2026", "-o", str(out / "ore.csv"))
    assert run.code == 1 and "è una cartella" in run.one_error_line()
    assert sorted(p.name for p in out.iterdir()) == ["ore-totali.csv"]


def test_case_summary_and_hours_report_are_saved_through_the_audited_writer(
    cli: Cli, story: Story, tmp_path: Path
) -> None:
    summary = tmp_path / "sintesi.pdf"
    run = cli("print", "case", story.case_code, "--from", "2026-10-01", "--to", "2026-10-31",
              "-o", str(summary))  # fmt: skip
    assert run.code == 0, run.err
    assert "Compiti, poi merenda." in pdftotext(summary)
    run = cli("print", "case", story.case_code, "--from", "2026-10-31", "--to", "2026-10-01",
              "-o", str(summary))  # fmt: skip
    assert run.code == 2

    csv = tmp_path / "ore.csv"
    assert cli("report", "hours", "--month", "2026-10", "-o", str(csv)).code == 0
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf")
    assert is_private_file(csv)
    pdf = tmp_path / "ore.pdf"
    assert cli("report", "hours", "--month", "2026-10", "--ambito", "VBR", "-o", str(pdf)).code == 0
    kinds = [json.loads(e.detail)["kind"] for e in exports(story.root)]
    # the hours as CSV (the rows, and the totals beside them), then as PDF
    assert kinds == ["case_summary", "hours_report", "hours_report", "hours_report"]
    assert is_private_file(tmp_path / "ore-totali.csv")
    [summary_event, *_] = exports(story.root)
    assert summary_event.case_id == story.case_id
