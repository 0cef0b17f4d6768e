"""Command line for the court measures of a case (provvedimenti): `measure list`, `measure end`
(expired, revoked, replaced, came of age) and `measure report-sent` (the relazione sent to the
authority, which completes its deadline)."""

from __future__ import annotations

import argparse
from typing import Any

from minorifamiglie.cli.common import (
    ArgumentParser,
    add_text_option,
    date_arg,
    it_date,
    print_age_warnings,
    print_json,
    say,
    to_jsonable,
    with_profile,
)
from minorifamiglie.domain.enums import MeasureEnd
from minorifamiglie.domain.ids import MeasureId


@with_profile
def cmd_measure_list(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import records, sent_reports

    measures = records.list_measures(opened, args.case)
    sent: dict[Any, list[Any]] = {}
    for view in sent_reports.list_sent_reports(opened, args.case):
        sent.setdefault(view.report.measure_id, []).append(view)
    if args.json:
        print_json(
            [
                to_jsonable(x)
                | {
                    "reports_sent": [
                        to_jsonable(v.report) | {"operator_name": v.operator_name}
                        for v in sent.get(x.id, [])
                    ]
                }
                for x in measures
            ]
        )
        return 0
    for x in measures:
        if x.ended_on is not None:
            state = f"cessato il {it_date(x.ended_on)}"
            if x.end_reason is not None:
                state += f" ({x.end_reason.label().lower()})"
        else:
            state = f"prossima relazione {it_date(x.next_report_due)}"
        say(f"{it_date(x.issued_on)}  {x.kind.label()}  {state}  {x.id}")
        for v in sent.get(x.id, []):
            due = f" (scadenza {it_date(v.report.due_on)})" if v.report.due_on else ""
            who = f" da {v.operator_name}" if v.operator_name else ""
            say(f"    relazione inviata il {it_date(v.report.sent_on)}{who}{due}")
    return 0


@with_profile
def cmd_measure_end(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import records
    from minorifamiglie.services.case_refs import typed_id

    measure_id = typed_id(MeasureId, args.id)
    measure = records.end_measure(opened, measure_id, reason=args.reason, ended_on=args.on)
    say(measure.id)
    print_age_warnings(opened, measure.case_id)  # what no longer fits (a prosieguo ended)
    return 0


@with_profile
def cmd_measure_report_sent(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import sent_reports
    from minorifamiglie.services.case_refs import typed_id

    extra: dict[str, Any] = {}
    if args.due is not None:
        extra["due_on"] = args.due
    report = sent_reports.record_sent_report(
        opened,
        typed_id(MeasureId, args.id, "measure_id", "Provvedimento"),
        sent_on=args.on,
        protocol=args.protocol or "",
        notes=args.notes or "",
        next_report_due=args.next_due,
        **extra,
    )
    say(report.id)
    return 0


def add_commands(sub: Any) -> None:
    measure = sub.add_parser("measure", help="provvedimenti del tribunale").add_subparsers(
        title="azioni", metavar="AZIONE", parser_class=ArgumentParser
    )
    s = measure.add_parser("list", help="i provvedimenti di una cartella e le relazioni inviate")
    s.add_argument("--case", required=True, metavar="ID")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_measure_list)

    s = measure.add_parser(
        "end", help="un provvedimento cessa (scaduto, revocato, sostituito, maggiore età)"
    )
    s.add_argument("id", metavar="ID")
    s.add_argument("--reason", required=True, choices=[r.value for r in MeasureEnd])
    s.add_argument(
        "--on", type=date_arg, metavar="GG/MM/AAAA", help="o AAAA-MM-GG; se assente, oggi"
    )
    s.set_defaults(handler=cmd_measure_end)

    s = measure.add_parser(
        "report-sent",
        help="registra la relazione inviata all'autorità: completa la sua scadenza; "
        "stampa il suo id",
    )
    s.add_argument("id", metavar="ID", help="il provvedimento")
    s.add_argument("--on", required=True, type=date_arg, metavar="GG/MM/AAAA", help="data di invio")
    s.add_argument(
        "--due",
        type=date_arg,
        metavar="GG/MM/AAAA",
        help="la scadenza a cui risponde (se assente, la prossima del provvedimento)",
    )
    s.add_argument(
        "--next-due",
        type=date_arg,
        metavar="GG/MM/AAAA",
        help="scadenza della relazione successiva",
    )
    s.add_argument("--protocol", metavar="N", help="numero di protocollo")
    add_text_option(s, "notes")
    s.set_defaults(handler=cmd_measure_report_sent)
