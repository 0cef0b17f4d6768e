"""Command line for community projects (welfare di comunità): `project add|list|show` and
`project activity add`. Hours and numbers of participants only: no personal data."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from minorifamiglie.cli.common import (
    ArgumentParser,
    UsageError,
    add_text_option,
    date_arg,
    int_in,
    it_date,
    print_json,
    say,
    to_jsonable,
    with_profile,
)
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.domain.ids import OperatorId
from minorifamiglie.domain.italian_format import fmt_hours

NO_PERSONAL_DATA = (
    "solo ore e numero di partecipanti: niente nomi né altri dati personali nella descrizione"
)


def _period(args: argparse.Namespace) -> tuple[dt.date | None, dt.date | None]:
    """--year, or --from and --to (either may be left open); nothing: the whole life."""
    start, end = args.date_from, args.date_to
    if args.year is not None:
        if start is not None or end is not None:
            raise UsageError("--year con --from o --to: indicare l'anno o il periodo")
        if not 1900 <= args.year <= 9999:
            raise UsageError(f"--year: anno non valido {args.year}")
        return dt.date(args.year, 1, 1), dt.date(args.year, 12, 31)
    if start is not None and end is not None and end < start:
        raise UsageError("--to precede --from")
    return start, end


def _operator_id(opened: Any, ref: str | None) -> OperatorId | None:
    """An operator by id or by name as the team knows it (any case); None: this device's."""
    if ref is None:
        return None
    from minorifamiglie.domain.ids import parse_uuid
    from minorifamiglie.services import operators

    team = operators.list_operators(opened, include_inactive=True)
    try:
        wanted = OperatorId(parse_uuid(ref))
    except ValueError:
        named = [o for o in team if o.name.casefold() == ref.strip().casefold()]
        if len(named) == 1:
            return named[0].id
        problem = "più operatori con questo nome" if named else "operatore sconosciuto"
        raise ValidationError(f"--operator: {problem}", "operator_id") from None
    if not any(o.id == wanted for o in team):
        raise ValidationError("--operator: operatore sconosciuto", "operator_id")
    return wanted


@with_profile
def cmd_project_add(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import community_projects

    project = community_projects.add_project(
        opened,
        ambito=args.ambito,
        title=args.title,
        start_on=args.start,
        end_on=args.end,
        comune=args.comune or "",
        partners=args.partners or "",
        description=args.description or "",
    )
    say(project.id)
    return 0


@with_profile
def cmd_project_list(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import community_projects

    start, end = _period(args)
    views = community_projects.list_projects(opened, ambito=args.ambito, start=start, end=end)
    if args.json:
        print_json(
            [
                to_jsonable(v.project)
                | {
                    "ambito": {"code": v.ambito_code, "name": v.ambito_name},
                    "activities": v.tally.activities,
                    "minutes": v.tally.minutes,
                    "hours": v.tally.hours,
                    "participants": v.tally.participants,
                }
                for v in views
            ]
        )
        return 0
    for v in views:
        p = v.project
        say(
            f"{it_date(p.start_on)} {v.ambito_code:<4} {v.tally.activities:>4} att. "
            f"{fmt_hours(v.tally.minutes / 60):>8} h {v.tally.participants:>6} part.  "
            f"{p.title}  {p.id}"
        )
    say(f"{len(views)} progetti", err=True)
    return 0


@with_profile
def cmd_project_show(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import community_projects

    start, end = _period(args)
    detail = community_projects.show_project(opened, args.id, start=start, end=end)
    p, t = detail.project, detail.tally
    if args.json:
        print_json(
            to_jsonable(p)
            | {
                "ambito": {"code": detail.ambito_code, "name": detail.ambito_name},
                "period": {"from": to_jsonable(start), "to": to_jsonable(end)},
                "activities": [
                    to_jsonable(a.activity) | {"operator": a.operator} for a in detail.activities
                ],
                "summary": {
                    "activities": t.activities,
                    "minutes": t.minutes,
                    "hours": t.hours,
                    "participants": t.participants,
                },
            }
        )
        return 0
    say(f"Progetto {p.title}")
    say(f"  Ambito:    {detail.ambito_name}")
    say(f"  Comune:    {p.comune or '—'}")
    say(f"  Partner:   {p.partners or '—'}")
    say(f"  Periodo:   {it_date(p.start_on)} – {it_date(p.end_on)}")
    if p.description:
        say(f"  Descrizione: {p.description}")
    if start is not None or end is not None:
        say(f"  Attività dal {it_date(start)} al {it_date(end)}:")
    for a in detail.activities:
        x = a.activity
        say(
            f"  {it_date(x.date)} {fmt_hours(x.minutes / 60):>6} h {x.participants:>5} part.  "
            f"{a.operator or '—'}  {x.description}"
        )
    say(
        f"  Totale: {t.activities} attività, {fmt_hours(t.minutes / 60)} ore, "
        f"{t.participants} partecipanti (presenze)"
    )
    return 0


@with_profile
def cmd_project_activity_add(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import community_projects

    activity = community_projects.add_activity(
        opened,
        args.project,
        date=args.date,
        minutes=args.minutes,
        participants=args.participants,
        operator_id=_operator_id(opened, args.operator),
        description=args.description or "",
    )
    say(activity.id)
    return 0


def _period_options(s: argparse.ArgumentParser) -> None:
    s.add_argument("--year", type=int_in(1900, 2100), metavar="AAAA", help="le attività di un anno")
    s.add_argument(
        "--from", dest="date_from", type=date_arg, metavar="GG/MM/AAAA", help="o AAAA-MM-GG"
    )
    s.add_argument("--to", dest="date_to", type=date_arg, metavar="GG/MM/AAAA", help="o AAAA-MM-GG")


def add_commands(sub: Any) -> None:
    project = sub.add_parser(
        "project", help="progetti di comunità (welfare di comunità): ore e partecipanti"
    ).add_subparsers(title="azioni", metavar="AZIONE", parser_class=ArgumentParser)
    s = project.add_parser("add", help="registra un progetto; stampa il suo id")
    s.add_argument("--ambito", required=True, help="codice o nome dell'ambito (es. BG)")
    add_text_option(s, "title", required=True, metavar="TITOLO")
    s.add_argument(
        "--start", required=True, type=date_arg, metavar="GG/MM/AAAA", help="avvio del progetto"
    )
    s.add_argument("--end", type=date_arg, metavar="GG/MM/AAAA", help="conclusione prevista")
    s.add_argument("--comune", metavar="COMUNE", help="comune o comuni del progetto")
    add_text_option(s, "partners", metavar="PARTNER", help="enti e associazioni partner")
    add_text_option(s, "description", help="descrizione del progetto")
    s.set_defaults(handler=cmd_project_add)
    s = project.add_parser("list", help="i progetti, con attività, ore e partecipanti")
    s.add_argument("--ambito", help="codice o nome dell'ambito")
    _period_options(s)
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_project_list)
    s = project.add_parser("show", help="un progetto e le sue attività (id)")
    s.add_argument("id")
    _period_options(s)
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_project_show)
    activity = project.add_parser("activity", help="attività dei progetti").add_subparsers(
        title="azioni", metavar="AZIONE", parser_class=ArgumentParser
    )
    s = activity.add_parser("add", help="registra un'attività; stampa il suo id")
    s.add_argument("--project", required=True, metavar="ID")
    s.add_argument(
        "--date", required=True, type=date_arg, metavar="GG/MM/AAAA", help="o AAAA-MM-GG"
    )
    s.add_argument("--minutes", required=True, type=int, metavar="MINUTI", help="durata")
    s.add_argument("--participants", required=True, type=int, metavar="N", help="presenze")
    who = "chi l'ha svolta (altrimenti l'operatore del profilo)"
    add_text_option(s, "operator", metavar="NOME|ID", help=who)
    add_text_option(s, "description", help=f"descrizione breve: {NO_PERSONAL_DATA}")
    s.set_defaults(handler=cmd_project_activity_add)
