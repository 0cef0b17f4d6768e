"""Command line for documents (docs/architecture.md §9): `print`, `report hours`, `sheet list|mark`.

Every document saved goes through services.printing (written atomically, mode 0600, audited);
`--password-file` encrypts a PDF with AES-256. A password is read from a file, never taken on
the command line, where other users of the computer could read it."""

from __future__ import annotations

import argparse
import uuid
from pathlib import Path
from typing import Any

from minorifamiglie.cli.common import (
    SECRET_FILE_MAX_BYTES,
    ArgumentParser,
    UsageError,
    add_output_argument,
    date_arg,
    it_date,
    month_arg,
    print_json,
    read_text_source,
    say,
    with_profile,
)
from minorifamiglie.domain.errors import DomainError
from minorifamiglie.domain.ids import CaseId


def _password(args: argparse.Namespace) -> str | None:
    if not args.password_file:
        return None
    text = read_text_source(
        args.password_file, "della password del PDF", limit=SECRET_FILE_MAX_BYTES, stdin=False
    )
    password = text.rstrip("\r\n")
    if not password:
        raise DomainError("Il file della password del PDF è vuoto")
    return password


def _pdf_path(args: argparse.Namespace) -> Path:
    path = Path(args.output).expanduser()
    if path.suffix.lower() != ".pdf":
        raise UsageError("-o deve indicare un file .pdf")
    return path


def _save(
    opened: Any,
    args: argparse.Namespace,
    data: bytes,
    *,
    kind: str,
    entity: str,
    entity_id: uuid.UUID | None,
    case_id: CaseId | None,
) -> None:
    from minorifamiglie.services import printing

    path = _pdf_path(args)
    password = _password(args)
    printing.save_pdf(
        opened,
        data,
        path,
        kind=kind,
        entity=entity,
        entity_id=entity_id,
        case_id=case_id,
        password=password,
    )
    note = " (cifrato AES-256)" if password else ""
    say(f"Salvato {path}{note}", err=True)


@with_profile
def cmd_print_visit_sheet(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import printing

    _pdf_path(args)
    visit_id, case_id = printing.visit_case(opened, args.visit_id)
    data = printing.visit_sheet_pdf(opened, visit_id)
    _save(
        opened, args, data, kind="visit_sheet", entity="visits", entity_id=visit_id, case_id=case_id
    )
    return 0


@with_profile
def cmd_print_meeting(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import printing

    _pdf_path(args)
    visit_id, case_id = printing.visit_case(opened, args.visit_id)
    data = printing.meeting_pdf(opened, visit_id)
    _save(opened, args, data, kind="meeting", entity="visits", entity_id=visit_id, case_id=case_id)
    return 0


@with_profile
def cmd_print_blank_sheet(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import printing

    path = _pdf_path(args)
    password = _password(args)  # a bad password file stops before a sheet is recorded
    case_id = printing.case_id(opened, args.case)
    # recorded as printed only with its file written (one unit of work)
    sheet_id = printing.blank_sheet_to_file(opened, str(case_id), path, password=password)
    note = " (cifrato AES-256)" if password else ""
    say(f"Salvato {path}{note}", err=True)
    say(sheet_id)
    return 0


@with_profile
def cmd_print_case(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import case_summary, printing

    _pdf_path(args)
    start, end = args.date_from, args.date_to
    if start and end and end < start:
        raise UsageError("--to precede --from")
    case_id = printing.case_id(opened, args.case_id)
    data = case_summary.case_summary_pdf(opened, str(case_id), start, end)
    _save(
        opened, args, data, kind="case_summary", entity="cases", entity_id=case_id, case_id=case_id
    )
    return 0


@with_profile
def cmd_print_relazione(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import court_report

    path = Path(args.output).expanduser()
    suffix = path.suffix.lower()
    if suffix not in court_report.FORMATS:
        raise UsageError("-o deve indicare un file .odt o .pdf")
    if suffix == ".odt" and args.password_file:
        raise UsageError("--password-file vale solo per il PDF: un .odt non si cifra")
    if args.date_to < args.date_from:
        raise UsageError("--to precede --from")
    password = _password(args)
    court_report.save_court_report(
        opened, args.case, args.date_from, args.date_to, path, password=password
    )
    note = " (cifrato AES-256)" if password else ""
    say(f"Salvato {path}{note}", err=True)
    return 0


@with_profile
def cmd_report_hours(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import hours_report

    path = Path(args.output).expanduser()
    suffix = path.suffix.lower()
    if suffix not in (".pdf", ".csv"):
        raise UsageError("-o deve indicare un file .pdf o .csv")
    if suffix == ".csv" and args.password_file:
        raise UsageError("--password-file vale solo per i PDF: un CSV non si cifra")
    report = hours_report.hours_report(opened, args.month, args.ambito)
    if suffix == ".csv":  # the rows, and their totals in a file of their own beside them
        rows, totals = hours_report.save_hours_csv(opened, report, path)
        say(f"Salvato {rows} (righe) e {totals} (totali)", err=True)
        return 0
    data = hours_report.hours_report_pdf(opened, report)
    _save(opened, args, data, kind="hours_report", entity="", entity_id=None, case_id=None)
    return 0


@with_profile
def cmd_sheet_list(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import printing

    sheets = printing.list_sheets(opened, args.case)
    if args.json:
        print_json(sheets)
        return 0
    for s in sheets:
        say(
            f"{s.id}  {s.case_code:<20} {s.status.label():<10} {it_date(s.printed_on)}  "
            f"{s.printed_by}"
        )
    say(f"{len(sheets)} schede", err=True)
    return 0


@with_profile
def cmd_sheet_mark(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.domain.enums import SheetStatus
    from minorifamiglie.services import printing

    status = SheetStatus(SheetStatus.parse(args.status, "Stato della scheda"))
    view = printing.mark_sheet(opened, args.sheet_id, status, args.visit)
    say(f"Scheda {view.id}: {view.status.label().lower()}", err=True)
    return 0


def _output(s: ArgumentParser, pdf_only: bool = True) -> None:
    add_output_argument(
        s, "-o", "--output", dest="output", required=True,
        metavar="FILE.pdf" if pdf_only else "FILE",
    )  # fmt: skip
    s.add_argument(
        "--password-file", metavar="FILE", help="cifra il PDF (AES-256) con la password nel file"
    )


def add_commands(sub: Any) -> None:
    printing = sub.add_parser("print", help="documenti: schede, verbali, sintesi, relazioni")
    actions = printing.add_subparsers(
        title="documenti", metavar="DOCUMENTO", parser_class=ArgumentParser, required=True
    )
    s = actions.add_parser("visit-sheet", help="la scheda di una visita (anche in bozza)")
    s.add_argument("visit_id", metavar="VISIT_ID")
    _output(s)
    s.set_defaults(handler=cmd_print_visit_sheet)
    s = actions.add_parser("blank-sheet", help="una scheda in bianco; stampa il suo id")
    s.add_argument("--case", required=True, metavar="ID")
    _output(s)
    s.set_defaults(handler=cmd_print_blank_sheet)
    s = actions.add_parser("meeting", help="il verbale di un incontro facilitato")
    s.add_argument("visit_id", metavar="VISIT_ID")
    _output(s)
    s.set_defaults(handler=cmd_print_meeting)
    s = actions.add_parser("case", help="la sintesi di una cartella")
    s.add_argument("case_id", metavar="ID")
    s.add_argument(
        "--from", dest="date_from", type=date_arg, metavar="GG/MM/AAAA", help="o AAAA-MM-GG"
    )
    s.add_argument("--to", dest="date_to", type=date_arg, metavar="GG/MM/AAAA", help="o AAAA-MM-GG")
    _output(s)
    s.set_defaults(handler=cmd_print_case)
    s = actions.add_parser(
        "relazione", help="la relazione di aggiornamento al Tribunale per i Minorenni (.odt o PDF)"
    )
    s.add_argument("--case", required=True, metavar="ID")
    s.add_argument(
        "--from", dest="date_from", required=True, type=date_arg, metavar="GG/MM/AAAA",
        help="o AAAA-MM-GG",
    )  # fmt: skip
    s.add_argument(
        "--to", dest="date_to", required=True, type=date_arg, metavar="GG/MM/AAAA",
        help="o AAAA-MM-GG",
    )  # fmt: skip
    _output(s, pdf_only=False)
    s.set_defaults(handler=cmd_print_relazione)

    report = sub.add_parser("report", help="rendicontazioni").add_subparsers(
        title="rendicontazioni", metavar="REPORT", parser_class=ArgumentParser, required=True
    )
    s = report.add_parser(
        "hours", help="le ore del mese, in PDF o CSV (i totali in FILE-totali.csv accanto)"
    )
    s.add_argument("--month", required=True, type=month_arg, metavar="MM/AAAA", help="o AAAA-MM")
    s.add_argument("--ambito", metavar="CODICE")
    _output(s, pdf_only=False)
    s.set_defaults(handler=cmd_report_hours)

    sheet = sub.add_parser("sheet", help="le schede cartacee stampate").add_subparsers(
        title="azioni", metavar="AZIONE", parser_class=ArgumentParser, required=True
    )
    s = sheet.add_parser("list", help="le schede stampate e il loro stato")
    s.add_argument("--case", metavar="ID")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_sheet_list)
    s = sheet.add_parser("mark", help="segna una scheda come trascritta o distrutta")
    s.add_argument("sheet_id", metavar="SHEET_ID")
    s.add_argument("status", choices=["trascritta", "distrutta"])
    s.add_argument("--visit", metavar="VISIT_ID", help="la visita in cui è stata trascritta")
    s.set_defaults(handler=cmd_sheet_mark)
