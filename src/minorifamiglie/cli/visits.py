"""The visit diary: `visit add|close|amend|list`, and `search` in the text of every visit."""

from __future__ import annotations

import argparse
from typing import Any

from minorifamiglie.cli.common import (
    ArgumentParser,
    TextOption,
    add_text_option,
    date_arg,
    goal_arg,
    int_in,
    it_date,
    print_json,
    register_text_option,
    say,
    to_jsonable,
    with_profile,
)
from minorifamiglie.domain.enums import VisitKind, VisitOutcome
from minorifamiglie.domain.italian_format import fmt_time


@with_profile
def cmd_visit_add(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.domain import validation
    from minorifamiglie.services import visits

    visit = visits.add_visit(
        opened,
        case=args.case,
        date=args.date,
        start=validation.parse_time(args.start, "start"),
        end=validation.parse_time(args.end, "end"),
        kind=VisitKind(VisitKind.parse(args.kind, "Tipo di visita")),
        outcome=VisitOutcome(VisitOutcome.parse(args.outcome, "Esito")),
        place=args.place or "",
        notes=args.notes or "",
        close=args.close,
        goals=tuple(args.goal),
    )
    say(visit.id)
    warning = visits.overlap_warning(visits.overlapping(opened, visit.id))
    if warning:  # recorded all the same: a warning, not an error
        say(warning, err=True)
    return 0


@with_profile
def cmd_visit_close(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import visits

    say(visits.close_visit(opened, args.id).id)
    return 0


@with_profile
def cmd_visit_amend(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import visits

    say(visits.amend_visit(opened, args.id, args.notes).id)
    return 0


@with_profile
def cmd_visit_list(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import visits

    kind = VisitKind(VisitKind.parse(args.kind, "Tipo di visita")) if args.kind else None
    views = visits.list_visits(opened, args.case, kind)
    if args.json:
        print_json(
            [to_jsonable(v.visit) | {"amendments": to_jsonable(v.amendments)} for v in views]
        )
        return 0
    for v in views:
        vi = v.visit
        say(
            f"{it_date(vi.date)} {fmt_time(vi.start_time)}-{fmt_time(vi.end_time)} "
            f"{vi.kind.label():<22} {vi.status.label():<16} {vi.id}"
        )
    return 0


@with_profile
def cmd_search(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import visits

    hits = visits.search_notes(opened, args.query, args.limit)
    if args.json:
        print_json(hits)
        return 0
    for h in hits:
        say(f"{it_date(h.date)}  {h.snippet}  {h.visit_id}")
    return 0


def add_commands(sub: Any) -> None:
    visit = sub.add_parser("visit", help="diario delle visite").add_subparsers(
        title="azioni", metavar="AZIONE", parser_class=ArgumentParser
    )
    s = visit.add_parser("add", help="registra una visita; stampa il suo id")
    s.add_argument("--case", required=True, metavar="ID")
    s.add_argument(
        "--date", required=True, type=date_arg, metavar="GG/MM/AAAA", help="o AAAA-MM-GG"
    )
    s.add_argument("--start", required=True, metavar="HH:MM")
    s.add_argument("--end", required=True, metavar="HH:MM")
    s.add_argument(
        "--kind", default=VisitKind.HOME_VISIT.value, choices=[k.value for k in VisitKind]
    )
    s.add_argument(
        "--outcome", default=VisitOutcome.DONE.value, choices=[o.value for o in VisitOutcome]
    )
    add_text_option(s, "place")
    add_text_option(s, "notes")
    s.add_argument(
        "--goal",
        action="append",
        default=[],
        type=goal_arg,
        metavar="ID",
        help="obiettivo del PEI su cui si è lavorato (ripetibile, nell'ordine)",
    )
    s.add_argument("--close", action="store_true", help="chiude e firma subito la visita")
    s.set_defaults(handler=cmd_visit_add)
    s = visit.add_parser("close", help="chiude e firma una visita")
    s.add_argument("id")
    s.set_defaults(handler=cmd_visit_close)
    s = visit.add_parser("amend", help="aggiunge un'integrazione a una visita chiusa")
    s.add_argument("id")
    add_text_option(s, "notes", required=True)
    s.set_defaults(handler=cmd_visit_amend)
    s = visit.add_parser("list", help="le visite di una cartella")
    s.add_argument("--case", required=True, metavar="ID")
    s.add_argument("--kind", choices=[k.value for k in VisitKind])
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_visit_list)

    s = sub.add_parser("search", help="ricerca nel testo di tutte le visite")
    s.add_argument("query", nargs="?", metavar="TESTO")
    register_text_option(s, TextOption("query", "TESTO", required=True))
    s.add_argument("--limit", type=int_in(1, 10_000), default=50)
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_search)
