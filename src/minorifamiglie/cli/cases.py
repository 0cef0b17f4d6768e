"""Case files: `case add|list|show|edit|delete`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from minorifamiglie.cli.common import (
    ArgumentParser,
    UsageError,
    add_text_option,
    date_arg,
    date_problem,
    it_date,
    json_safe,
    print_age_warnings,
    print_json,
    say,
    to_jsonable,
    with_profile,
)
from minorifamiglie.domain.enums import CaseClosure, Service
from minorifamiglie.domain.errors import ValidationError

COMUNE_HELP = "comune di residenza (es. 'Zogno' o 'Castro (BG)') o codice catastale (M184)"


def parse_kv(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            # what was given is not repeated: it may be the personal text itself
            raise UsageError("--set vuole CAMPO=VALORE: manca il nome del campo o il segno '='")
        out[key.strip()] = value
    return out


def _optional_date(text: str | None, option: str) -> dt.date | None:
    """A date option that also has a `-file` twin (read after parsing, so not an argparse
    type): the same forms and the same usage error, without repeating the text."""
    if not text:
        return None
    problem = date_problem(text, echo=False)
    if problem is not None:
        raise UsageError(f"{option}: {problem}")
    return date_arg(text)


@with_profile
def cmd_case_add(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import cases, person_checks

    created = cases.open_case(
        opened,
        ambito=args.ambito,
        service=Service(Service.parse(args.service, "Servizio")),
        title=args.title or "",
        summary=args.summary or "",
        minor_name=args.minor,
        birth_date=_optional_date(args.birth_date, "--birth-date"),
        tax_code=args.tax_code,
        sex=args.sex,
        birthplace=args.birthplace,
        citizenship=args.citizenship,
        msna=args.msna,
        comune=args.comune,
    )
    say(created.case.id)
    # Saved all the same: warnings, one line each, for a script to see (exit 0).
    for line in person_checks.warning_lines(created.warnings):
        say(line, err=True)
    print_age_warnings(opened, created.case.id)
    return 0


@with_profile
def cmd_case_list(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.domain.enums import CaseStatus
    from minorifamiglie.services import cases
    from minorifamiglie.storage.queries import CaseFilter

    flt = CaseFilter(
        text=args.search or "",
        ambito_id=cases.find_ambito(opened, args.ambito).id if args.ambito else None,
        service=Service(Service.parse(args.service, "Servizio")) if args.service else None,
        status=CaseStatus(CaseStatus.parse(args.status, "Stato")) if args.status else None,
    )
    rows = cases.list_cases(opened, flt)
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        say(f"{r.code:<20} {r.status.value:<8} {r.service.value:<20} {r.minors or r.title}  {r.id}")
    say("1 cartella" if len(rows) == 1 else f"{len(rows)} cartelle", err=True)
    return 0


@with_profile
def cmd_case_show(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.domain import places
    from minorifamiglie.services import cases

    detail = cases.show_case(opened, args.id)
    c = detail.case
    comune = detail.comune_name
    if args.json:
        doc = to_jsonable(c) | {
            "ambito": {"code": detail.ambito.code, "name": detail.ambito.name},
            "comune_name": comune or None,  # None: not given, or a code unknown here
            "members": [
                to_jsonable(mv.person)
                | {"role": mv.member.role.value, "member_id": str(mv.member.id)}
                for mv in detail.members
            ],
            "operators": to_jsonable(detail.operators),
            "measures": to_jsonable(detail.measures),
            "activations": to_jsonable(detail.activations),
            "goals": to_jsonable(detail.goals),
            "placements": to_jsonable(detail.placements),
            "community_placements": to_jsonable(detail.community_placements),
            "goal_actions": to_jsonable(detail.goal_actions),
            "deadlines": to_jsonable(detail.deadlines),
            "attachments": to_jsonable(detail.attachments),
            "visit_count": detail.visit_count,
        }
        print(json_safe(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True)))
        return 0
    say(f"Cartella {c.code}  ({c.status.label()})")
    say(f"  Ambito:    {detail.ambito.name}")
    say(f"  Comune:    {comune or places.NOT_GIVEN}")
    say(f"  Servizio:  {c.service.label()}")
    say(f"  Apertura:  {it_date(c.opened_on)}   Chiusura: {it_date(c.closed_on)}")
    if c.closed_on is not None or c.closure_reason is not None:
        reason = c.closure_reason.label() if c.closure_reason else "non indicato"
        say(f"  Motivo della chiusura: {reason}")
    if c.title:
        say(f"  Titolo:    {c.title}")
    if c.summary:
        say(f"  Sintesi:   {c.summary}")
    for mv in detail.members:
        say(f"  {mv.member.role.label()}: {mv.person.full_name} ({_person_facts(mv.person)})")
    for d in detail.deadlines:
        done = ""
        if d.done_on is not None:
            done = f" (completata il {it_date(d.done_on)}{f' da {d.done_by}' if d.done_by else ''})"
        say(f"  Scadenza {it_date(d.due_on)}: {d.title}{done}")
    for w in detail.age_warnings:  # the case file shows them; so does its text here
        say(f"  Attenzione: {w.with_name()}")
    say(f"  Visite nel diario: {detail.visit_count}")
    return 0


def _person_facts(person: Any) -> str:
    """ "12/04/2016, F, nata a Zogno, cittadinanza Italia, C.F. …, MSNA": what is known."""
    from minorifamiglie.domain import places
    from minorifamiglie.domain.enums import Sex

    facts = [it_date(person.birth_date)]
    if person.sex is not None:
        facts.append(person.sex.value)
    if person.birthplace:
        born = "nata" if person.sex is Sex.FEMALE else "nato"
        where = places.place(person.birthplace)
        if where is None:  # a code the tables do not know (a newer version wrote it)
            facts.append(f"{born} a {person.birthplace}")
        elif where.foreign:
            facts.append(f"{born} all'estero ({where.name})")
        else:
            facts.append(f"{born} a {where.label}")
    if person.citizenship:
        facts.append(f"cittadinanza {places.country_name(person.citizenship)}")
    if person.tax_code:
        facts.append(f"C.F. {person.tax_code}")
    if person.msna:
        facts.append("MSNA")
    return ", ".join(facts)


@with_profile
def cmd_case_edit(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import cases

    changes = parse_kv(args.set)
    if args.comune is not None:
        if "comune" in changes:
            raise UsageError("--comune e --set comune=… insieme: indicarne uno solo")
        changes["comune"] = args.comune
    if args.reason is not None:
        if "closure_reason" in changes:
            raise UsageError("--reason e --set closure_reason=… insieme: indicarne uno solo")
        changes["closure_reason"] = args.reason
    if not changes:
        raise UsageError("indicare almeno un --set CAMPO=VALORE, --set-file CAMPO=FILE o --comune")
    try:
        case = cases.edit_case(opened, args.id, changes)
    except ValidationError as exc:
        if exc.field != "closure_reason" or "closure_reason" in changes:
            raise
        reasons = ", ".join(r.value for r in CaseClosure)
        raise ValidationError(f"{exc}: --reason {reasons}", exc.field) from None
    say(case.id)
    print_age_warnings(opened, case.id)
    return 0


@with_profile
def cmd_case_delete(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import case_removal

    deleted = case_removal.delete_empty_case(opened, args.id)
    say(deleted.case_id)
    say(f"Cartella {deleted.code} eliminata", err=True)
    return 0


def add_commands(sub: Any) -> None:
    case = sub.add_parser("case", help="cartelle").add_subparsers(
        title="azioni", metavar="AZIONE", parser_class=ArgumentParser
    )
    s = case.add_parser("add", help="apre una nuova cartella; stampa il suo id")
    s.add_argument("--ambito", required=True, help="codice o nome dell'ambito (es. VBR)")
    s.add_argument("--service", required=True, choices=[x.value for x in Service])
    add_text_option(s, "title")
    add_text_option(s, "summary")
    add_text_option(s, "minor", metavar="'NOME COGNOME'")
    add_text_option(s, "birth-date", metavar="GG/MM/AAAA", help="o AAAA-MM-GG")
    add_text_option(s, "tax-code", metavar="CF", help="16 caratteri, o 11 cifre se provvisorio")
    s.add_argument("--sex", choices=["F", "M"], help="sesso del minore, come nel codice fiscale")
    add_text_option(
        s,
        "birthplace",
        metavar="LUOGO",
        help="comune (es. 'Zogno' o 'Castro (BG)'), stato estero o codice catastale (A794)",
    )
    add_text_option(
        s, "citizenship", metavar="STATO", help="cittadinanza: stato o codice ISO (IT, MA)"
    )
    s.add_argument("--msna", action="store_true", help="minore straniero non accompagnato")
    add_text_option(s, "comune", metavar="COMUNE", help=COMUNE_HELP)
    s.set_defaults(handler=cmd_case_add)
    s = case.add_parser("list", help="elenca le cartelle")
    add_text_option(s, "search", help="nome, codice cartella o codice fiscale")
    s.add_argument("--ambito")
    s.add_argument("--service", choices=[x.value for x in Service])
    s.add_argument("--status", choices=["aperta", "sospesa", "chiusa"])
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_case_list)
    s = case.add_parser("show", help="mostra una cartella (id o codice)")
    s.add_argument("id")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_case_show)
    s = case.add_parser("edit", help="modifica campi: --set title=… --set status=chiusa")
    s.add_argument("id")
    s.add_argument("--set", action="append", metavar="CAMPO=VALORE", default=[])
    s.add_argument(
        "--set-file",
        action="append",
        metavar="CAMPO=FILE",
        default=[],
        help="come --set, con il valore letto da FILE in UTF-8 ('-': dallo standard input)",
    )
    add_text_option(s, "comune", metavar="COMUNE", help=COMUNE_HELP + "; '' per toglierlo")
    s.add_argument(
        "--reason",
        choices=[r.value for r in CaseClosure],
        help="motivo della chiusura: obbligatorio con --set status=chiusa",
    )
    s.set_defaults(handler=cmd_case_edit)
    s = case.add_parser(
        "delete",
        help="elimina una cartella ancora vuota (id o codice): senza visite, persone oltre al "
        "minore, provvedimenti, interventi, obiettivi, scadenze, abbinamenti, allegati",
    )
    s.add_argument("id")
    s.set_defaults(handler=cmd_case_delete)
