"""Command line for a case's plan (docs/architecture.md §9): its goals and the actions under them
(`goal list`, `goal action add|done|list`), and its services (`activation add|edit|list`, with
the partner cooperative of a co-designed service)."""

from __future__ import annotations

import argparse
from typing import Any

from minorifamiglie.cli.common import (
    ArgumentParser,
    UsageError,
    add_text_option,
    date_arg,
    it_date,
    print_json,
    say,
    with_profile,
)
from minorifamiglie.domain.enums import HoursPeriod, Service
from minorifamiglie.domain.ids import ActivationId, GoalActionId

# ---------------------------------------------------------------- goals and their actions


@with_profile
def cmd_goal_list(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import records

    goals = records.list_goals(opened, args.case)
    if args.json:
        print_json(goals)
        return 0
    for g in goals:
        say(f"{g.plan.value:<14} {g.status.label():<24} {g.title}  {g.id}")
    say(f"{len(goals)} obiettivi", err=True)
    return 0


@with_profile
def cmd_action_add(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import goal_actions

    action = goal_actions.add_goal_action(
        opened,
        args.goal,
        description=args.description or "",
        responsible=args.responsible or "",
        due_on=args.due,
    )
    say(action.id)
    return 0


@with_profile
def cmd_action_done(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import goal_actions
    from minorifamiglie.services.case_refs import typed_id

    action_id = typed_id(GoalActionId, args.id)
    action = goal_actions.complete_goal_action(opened, action_id, done_on=args.date)
    say(action.id)
    return 0


@with_profile
def cmd_action_list(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import goal_actions, records

    actions = goal_actions.list_goal_actions(opened, args.case, args.goal)
    if args.json:
        print_json(actions)
        return 0
    titles = {g.id: g.title for g in records.list_goals(opened, args.case)}
    for a in actions:
        state = f"svolta il {it_date(a.done_on)}" if a.done_on else f"entro {it_date(a.due_on)}"
        who = f" ({a.responsible})" if a.responsible else ""
        say(f"{state:<22} {a.description}{who} — {titles.get(a.goal_id, '')}  {a.id}")
    say(f"{len(actions)} azioni", err=True)
    return 0


# ---------------------------------------------------------------- activations


@with_profile
def cmd_activation_add(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import activations

    activation = activations.add_activation(
        opened,
        args.case,
        service=Service(args.service),
        start_on=args.start,
        end_on=args.end,
        authorised_hours=args.hours,
        hours_period=HoursPeriod(args.per),
        partner=args.partner,
    )
    say(activation.id)
    return 0


EDITED = {"start": "start_on", "end": "end_on", "hours": "authorised_hours", "per": "hours_period"}


@with_profile
def cmd_activation_edit(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import activations
    from minorifamiglie.services.case_refs import typed_id

    changes: dict[str, object] = {
        field: getattr(args, option)
        for option, field in EDITED.items()
        if getattr(args, option) is not None
    }
    if args.partner is not None:
        changes["partner"] = args.partner  # "" removes it
    if not changes:
        raise UsageError("indicare almeno un campo da modificare (es. --partner)")
    activation = activations.update_activation(opened, typed_id(ActivationId, args.id), **changes)
    say(activation.id)
    return 0


@with_profile
def cmd_activation_list(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import activations

    rows = activations.list_activations(opened, args.case)
    if args.json:
        print_json(rows)
        return 0
    for a in rows:
        until = f" al {it_date(a.end_on)}" if a.end_on else ""
        partner = f"  con {a.partner}" if a.partner else ""
        say(
            f"{a.service.value:<20} dal {it_date(a.start_on)}{until}  "
            f"{a.authorised_hours:g} h/{a.hours_period.value}{partner}  {a.id}"
        )
    say(f"{len(rows)} interventi", err=True)
    return 0


def _add_goal_commands(sub: Any) -> None:
    goal = sub.add_parser("goal", help="obiettivi del PEI e loro azioni").add_subparsers(
        title="azioni", metavar="AZIONE", parser_class=ArgumentParser
    )
    s = goal.add_parser("list", help="gli obiettivi di una cartella")
    s.add_argument("--case", required=True, metavar="ID")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_goal_list)
    action = goal.add_parser("action", help="azioni sotto un obiettivo").add_subparsers(
        title="azioni", metavar="AZIONE", parser_class=ArgumentParser
    )
    s = action.add_parser("add", help="aggiunge un'azione a un obiettivo; stampa il suo id")
    s.add_argument("--goal", required=True, metavar="ID", help="l'obiettivo (goal list)")
    add_text_option(s, "description", required=True)
    add_text_option(
        s, "responsible", metavar="CHI", help="chi se ne occupa: educatrice, madre, scuola…"
    )
    s.add_argument("--due", type=date_arg, metavar="GG/MM/AAAA", help="entro quando")
    s.set_defaults(handler=cmd_action_add)
    s = action.add_parser("done", help="segna un'azione come svolta")
    s.add_argument("id", metavar="ID")
    s.add_argument("--date", type=date_arg, metavar="GG/MM/AAAA", help="oggi se non indicata")
    s.set_defaults(handler=cmd_action_done)
    s = action.add_parser("list", help="le azioni degli obiettivi di una cartella")
    s.add_argument("--case", required=True, metavar="ID")
    s.add_argument("--goal", metavar="ID", help="solo quelle di questo obiettivo")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_action_list)


def _add_activation_commands(sub: Any) -> None:
    activation = sub.add_parser("activation", help="interventi e monte ore").add_subparsers(
        title="azioni", metavar="AZIONE", parser_class=ArgumentParser
    )
    s = activation.add_parser("add", help="attiva un intervento; stampa il suo id")
    s.add_argument("--case", required=True, metavar="ID")
    s.add_argument("--service", required=True, choices=[x.value for x in Service])
    s.add_argument("--start", required=True, type=date_arg, metavar="GG/MM/AAAA")
    s.add_argument("--end", type=date_arg, metavar="GG/MM/AAAA")
    s.add_argument("--hours", required=True, metavar="ORE", help="monte ore (es. 4 o 4,5)")
    s.add_argument("--per", default=HoursPeriod.WEEK.value, choices=[p.value for p in HoursPeriod])
    s.add_argument("--partner", metavar="COOPERATIVA", help="cooperativa partner")
    s.set_defaults(handler=cmd_activation_add)
    s = activation.add_parser("edit", help="modifica un intervento")
    s.add_argument("id", metavar="ID")
    s.add_argument("--start", type=date_arg, metavar="GG/MM/AAAA")
    s.add_argument("--end", type=date_arg, metavar="GG/MM/AAAA")
    s.add_argument("--hours", metavar="ORE")
    s.add_argument("--per", choices=[p.value for p in HoursPeriod])
    s.add_argument(
        "--partner", metavar="COOPERATIVA", help="cooperativa partner ('' per toglierla)"
    )
    s.set_defaults(handler=cmd_activation_edit)
    s = activation.add_parser("list", help="gli interventi di una cartella")
    s.add_argument("--case", required=True, metavar="ID")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_activation_list)


def add_commands(sub: Any) -> None:
    _add_goal_commands(sub)
    _add_activation_commands(sub)
