"""Command line for an Ambito's settings (issue 14): `ambito settings show|set`.

The hours rules, the deadline rules and the cooperative (name and logo) on the documents of an
Ambito's cases, dated: `set --from DATE` changes them from that day on, and what held before
stays as it was for the reports of earlier days. Only a coordinator may set them."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from minorifamiglie.cli.common import (
    ArgumentParser,
    UsageError,
    date_arg,
    it_date,
    print_json,
    read_regular,
    say,
    with_profile,
    with_profile_after,
)

YES_NO = ("si", "sì", "no")


def _yes_no(value: bool) -> str:
    return "sì" if value else "no"


def _count(text: str) -> int:
    """argparse `type=` of a number of months or days: a whole number (its range is the
    service's to check, with the setting's name)."""
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"numero intero atteso, non '{text.strip()[:20]}'")
    return int(text)


def _logo_kind(data: bytes | None) -> str:
    if not data:
        return ""
    return "PNG" if data.startswith(b"\x89PNG") else "JPEG"


def _read_logo(path: str) -> bytes:
    """The logo's bytes, read without ever holding more than the limit and one byte (a
    larger file is refused by the service, with the limit named)."""
    from minorifamiglie.domain.validation import LOGO_MAX_BYTES

    return read_regular(Path(path).expanduser(), "del logo", LOGO_MAX_BYTES)


def _in_effect_json(found: Any) -> dict[str, Any]:
    return {
        "valid_from": found.valid_from.isoformat() if found.valid_from else None,
        "count_missed": found.hours.count_missed,
        "count_phone_calls": found.hours.count_phone_calls,
        "foster_review_months": found.deadlines.foster_review_months,
        "placement_max_months": found.deadlines.placement_max_months,
        "missing_pei_after_days": found.deadlines.missing_pei_after_days,
        "cooperative_name": found.cooperative,
        "cooperative_of_this_device": not found.own_cooperative,
        "logo": _logo_kind(found.logo) or None,
        "logo_bytes": len(found.logo) if found.logo else None,
    }


def _version_json(v: Any) -> dict[str, Any]:
    return {
        "id": str(v.id),
        "valid_from": v.valid_from.isoformat(),
        "count_missed": v.count_missed,
        "count_phone_calls": v.count_phone_calls,
        "foster_review_months": v.foster_review_months,
        "placement_max_months": v.placement_max_months,
        "missing_pei_after_days": v.missing_pei_after_days,
        "cooperative_name": v.cooperative_name,
        "logo_bytes": v.logo_bytes,
        "set_by": v.set_by,
    }


def _print_settings(found: Any, history: tuple[Any, ...]) -> None:
    since = f"dal {it_date(found.valid_from)}" if found.valid_from else "predefinite"
    say(
        f"Ambito {found.ambito_code} — {found.ambito_name}: "
        f"impostazioni in vigore il {it_date(found.on)} ({since})"
    )
    own = "" if found.own_cooperative else " (quella di questo dispositivo)"
    logo = f"{_logo_kind(found.logo)}, {len(found.logo) / 1024:.1f} KiB" if found.logo else "—"
    for label, value in (
        ("Assenze non comunicate contate come ore", _yes_no(found.hours.count_missed)),
        ("Telefonate contate come ore indirette", _yes_no(found.hours.count_phone_calls)),
        ("Verifica dell'affido ogni", f"{found.deadlines.foster_review_months} mesi"),
        ("Durata massima dell'affido", f"{found.deadlines.placement_max_months} mesi"),
        ("ADM senza PEI segnalata dopo", f"{found.deadlines.missing_pei_after_days} giorni"),
        ("Cooperativa sui documenti", found.cooperative + own),
        ("Logo sui documenti", logo.replace(".", ",")),
    ):
        say(f"  {label}: {value}")
    if not history:
        say("Nessuna impostazione registrata: valgono quelle predefinite.")
        return
    say("Storico:")
    for v in history:
        mark = "*" if v.id == found.settings_id else " "
        who = f", da {v.set_by}" if v.set_by else ""
        say(
            f" {mark} dal {it_date(v.valid_from)}: assenze {_yes_no(v.count_missed)}, "
            f"telefonate {_yes_no(v.count_phone_calls)}, verifica {v.foster_review_months} "
            f"mesi, durata {v.placement_max_months} mesi, PEI {v.missing_pei_after_days} giorni, "
            f"cooperativa {v.cooperative_name or '—'}, logo {'sì' if v.logo_bytes else 'no'}{who}"
        )


@with_profile
def cmd_settings_show(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import ambito_settings

    on = args.on or dt.date.today()
    view = ambito_settings.overview(opened, args.ambito, on)
    found = view.current
    if args.json:
        print_json(
            {
                "ambito": found.ambito_code,
                "name": found.ambito_name,
                "on": on.isoformat(),
                "in_effect": _in_effect_json(found),
                "history": [_version_json(v) for v in view.history],
                "can_edit": view.can_edit,
            }
        )
        return 0
    _print_settings(found, view.history)
    return 0


def _read_logo_file(args: argparse.Namespace) -> None:
    args.logo_bytes = None if args.logo is None else _read_logo(args.logo)


@with_profile_after(_read_logo_file)
def cmd_settings_set(args: argparse.Namespace, opened: Any) -> int:
    from minorifamiglie.services import ambito_settings

    changes: dict[str, object] = {}
    for option, name in (
        ("count_missed", "count_missed"),
        ("count_phone_calls", "count_phone_calls"),
    ):
        value = getattr(args, option)
        if value is not None:
            changes[name] = value != "no"
    for option, name in (
        ("foster_review_months", "foster_review_months"),
        ("placement_max_months", "placement_max_months"),
        ("missing_pei_days", "missing_pei_after_days"),
    ):
        if getattr(args, option) is not None:
            changes[name] = getattr(args, option)
    if args.cooperative is not None:
        changes["cooperative_name"] = args.cooperative
    if args.logo_bytes is not None:
        changes["logo"] = args.logo_bytes
    elif args.no_logo:
        changes["logo"] = None
    if not changes:
        raise UsageError("nessuna impostazione da cambiare: indicare almeno un'opzione (--help)")
    version = ambito_settings.set_settings(opened, args.ambito, args.date_from, **changes)
    say(version.id)
    say(
        f"Impostazioni dell'Ambito {args.ambito.strip().upper()} in vigore dal "
        f"{it_date(version.valid_from)}",
        err=True,
    )
    return 0


def add_commands(sub: Any) -> None:
    ambito = sub.add_parser("ambito", help="gli Ambiti territoriali").add_subparsers(
        title="azioni", metavar="AZIONE", parser_class=ArgumentParser, required=True
    )
    settings = ambito.add_parser(
        "settings", help="regole delle ore e delle scadenze, cooperativa e logo sui documenti"
    ).add_subparsers(title="azioni", metavar="AZIONE", parser_class=ArgumentParser, required=True)
    s = settings.add_parser("show", help="le impostazioni in vigore in un giorno e lo storico")
    s.add_argument("--ambito", required=True, metavar="CODICE", help="codice o nome (es. VBR)")
    s.add_argument(
        "--on", type=date_arg, metavar="GG/MM/AAAA", help="o AAAA-MM-GG (predefinito: oggi)"
    )
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_settings_show)
    s = settings.add_parser(
        "set",
        help="cambia le impostazioni da un giorno in poi (solo il coordinatore); stampa l'id",
    )
    s.add_argument("--ambito", required=True, metavar="CODICE", help="codice o nome (es. VBR)")
    s.add_argument(
        "--from", dest="date_from", required=True, type=date_arg, metavar="GG/MM/AAAA",
        help="o AAAA-MM-GG: il giorno da cui valgono",
    )  # fmt: skip
    s.add_argument(
        "--count-missed", choices=YES_NO, help="le assenze non comunicate contano come ore"
    )
    s.add_argument(
        "--count-phone-calls", choices=YES_NO, help="le telefonate contano come ore indirette"
    )
    s.add_argument(
        "--foster-review-months", type=_count, metavar="N", help="verifica dell'affido ogni N mesi"
    )
    s.add_argument(
        "--placement-max-months", type=_count, metavar="N", help="durata massima dell'affido"
    )
    s.add_argument(
        "--missing-pei-days", type=_count, metavar="N", help="ADM senza PEI segnalata dopo N giorni"
    )
    s.add_argument(
        "--cooperative",
        metavar="NOME",
        help="la cooperativa sui documenti ('' per quella di ogni dispositivo)",
    )
    logo = s.add_mutually_exclusive_group()
    logo.add_argument("--logo", metavar="FILE", help="il logo sui documenti: PNG o JPEG")
    logo.add_argument("--no-logo", action="store_true", help="toglie il logo dai documenti")
    s.set_defaults(handler=cmd_settings_set)
