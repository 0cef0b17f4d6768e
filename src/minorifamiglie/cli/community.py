"""Command line of the comunità (docs/architecture.md §9): `community add|list|show` for the
registry and `community place|end` for a minor's placement in one (services/communities.py)."""

from __future__ import annotations

import argparse
from typing import Any

from minorifamiglie.cli.common import (
    ArgumentParser,
    add_text_option,
    date_arg,
    it_date,
    print_json,
    say,
    to_jsonable,
    with_profile,
)
from minorifamiglie.domain.enums import CommunityKind, LegalBasis, PlacementEnd
from minorifamiglie.domain.ids import CommunityPlacementId, PersonId


def _places(view: Any) -> str:
    places = view.community.places
    return f"{view.placed}/{places}" if places is not None else f"{view.placed}/—"


@with_profile
def cmd_community_add(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import cases, communities

    community = communities.add_community(
        opened,
        name=args.name or "",
        kind=CommunityKind(args.kind),
        comune=args.comune or "",
        ambito_id=cases.find_ambito(opened, args.ambito).id if args.ambito else None,
        places=args.places,
        phone=args.phone or "",
        notes=args.notes or "",
    )
    say(community.id)
    return 0


@with_profile
def cmd_community_list(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import cases, communities

    rows = communities.list_communities(
        opened,
        kind=CommunityKind(args.kind) if args.kind else None,
        ambito_id=cases.find_ambito(opened, args.ambito).id if args.ambito else None,
    )
    if args.json:
        print_json(rows)
        return 0
    for view in rows:
        c = view.community
        say(f"{c.name:<40} {c.kind.label():<26} {c.comune or '—':<20} {_places(view):>7}  {c.id}")
    say(f"{len(rows)} comunità", err=True)
    return 0


@with_profile
def cmd_community_show(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import communities

    view = communities.show_community(opened, args.community)
    placements = communities.list_community_placements(opened, view.community.id)
    if args.json:
        print_json(to_jsonable(view) | {"placements": to_jsonable(placements)})
        return 0
    c = view.community
    say(f"{c.name}  ({c.kind.label()})")
    say(f"  Comune:    {c.comune or '—'}")
    say(f"  Posti:     {_places(view)} occupati")
    if c.phone:
        say(f"  Telefono:  {c.phone}")
    if c.notes:
        say(f"  Note:      {c.notes}")
    for p in placements:
        pl = p.placement
        until = (
            f" al {it_date(pl.ended_on)} ({pl.end_reason.label() if pl.end_reason else '—'})"
            if pl.ended_on
            else ", in corso"
        )
        say(f"  {p.case_code:<20} {p.minor.full_name}: dal {it_date(pl.start_on)}{until}  {pl.id}")
    return 0


@with_profile
def cmd_community_place(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import communities
    from minorifamiglie.services.case_refs import typed_id

    with opened.read_session() as session:
        community = communities.resolve_community(session, args.community)
    minor = None if args.minor is None else typed_id(PersonId, args.minor, "minor_id", "Minore")
    placement = communities.place_in_community(
        opened,
        args.case,
        community_id=community.id,
        minor_id=minor,
        legal_basis=LegalBasis(args.legal_basis),
        start_on=args.start,
        planned_end_on=args.planned_end,
    )
    say(placement.id)
    return 0


@with_profile
def cmd_community_end(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import communities
    from minorifamiglie.services.case_refs import typed_id

    placement = communities.end_community_placement(
        opened,
        typed_id(CommunityPlacementId, args.id),
        reason=PlacementEnd(args.reason),
        ended_on=args.date,
    )
    say(placement.id)
    return 0


def add_commands(sub: Any) -> None:
    community = sub.add_parser(
        "community", help="comunità per minori e inserimenti"
    ).add_subparsers(title="azioni", metavar="AZIONE", parser_class=ArgumentParser)
    s = community.add_parser("add", help="registra una comunità; stampa il suo id")
    add_text_option(s, "name", required=True, metavar="NOME")
    s.add_argument("--kind", required=True, choices=[k.value for k in CommunityKind])
    s.add_argument("--comune", metavar="COMUNE")
    s.add_argument("--ambito", help="codice o nome dell'ambito (es. VBR)")
    s.add_argument("--places", metavar="N", help="posti disponibili")
    s.add_argument("--phone", metavar="TELEFONO")
    add_text_option(s, "notes")
    s.set_defaults(handler=cmd_community_add)
    s = community.add_parser("list", help="elenca le comunità, con i posti occupati")
    s.add_argument("--kind", choices=[k.value for k in CommunityKind])
    s.add_argument("--ambito")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_community_list)
    s = community.add_parser("show", help="una comunità (id o nome) e i suoi inserimenti")
    s.add_argument("community", metavar="COMUNITA")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_community_show)
    s = community.add_parser(
        "place", help="inserisce in comunità il minore di una cartella; stampa l'id"
    )
    s.add_argument("--case", required=True, metavar="ID", help="id o codice della cartella")
    s.add_argument("--community", required=True, metavar="COMUNITA", help="id o nome")
    s.add_argument(
        "--minor", metavar="ID", help="il minore, se la cartella ne ha più d'uno in carico"
    )
    s.add_argument("--legal-basis", required=True, choices=[b.value for b in LegalBasis])
    s.add_argument(
        "--start", required=True, type=date_arg, metavar="GG/MM/AAAA", help="o AAAA-MM-GG"
    )
    s.add_argument("--planned-end", type=date_arg, metavar="GG/MM/AAAA")
    s.set_defaults(handler=cmd_community_place)
    s = community.add_parser("end", help="conclude un inserimento in comunità")
    s.add_argument("id", metavar="ID", help="l'inserimento (l'id stampato da place)")
    s.add_argument("--reason", required=True, choices=[r.value for r in PlacementEnd])
    s.add_argument("--date", type=date_arg, metavar="GG/MM/AAAA", help="oggi se non indicata")
    s.set_defaults(handler=cmd_community_end)
