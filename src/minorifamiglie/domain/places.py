"""Birthplaces and citizenships, from python-codicefiscale's tables.

A birthplace is stored as its Belfiore (cadastral) code, the one the codice fiscale holds: A794
Bergamo, Z330 Marocco. Every code the library knows is offered, ceased comuni and states
included: a parent born in 1980 in Brembilla (merged into Val Brembilla in 2014) has B178 in
the codice fiscale for life.

A citizenship is stored as an ISO 3166-1 alpha-2 code (IT, MA), not as a Belfiore code: Italy,
the commonest citizenship, has no Belfiore state code; a citizenship is of a state that exists
(Jugoslavia is a birthplace, not a citizenship); and alpha-2 is what other systems exchange.
The Italian name comes from the library's table through `ISO_TO_BELFIORE`, so there is one
list of names. "XX" (in ISO's user-assigned range) stands for apolide."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.domain.text_fold import fold

BELFIORE = re.compile(r"[A-Z][0-9]{3}")
ISO_ALPHA2 = re.compile(r"[A-Z]{2}")
STATELESS = "XX"
ITALY = "IT"

# ISO 3166-1 alpha-2 -> the library's Belfiore code of the state (its Italian name).
ISO_TO_BELFIORE: dict[str, str] = {
    "AF": "Z200", "AL": "Z100", "DZ": "Z301", "AD": "Z101", "AO": "Z302", "AG": "Z532",
    "SA": "Z203", "AR": "Z600", "AM": "Z252", "AW": "Z501", "AU": "Z700", "AT": "Z102",
    "AZ": "Z253", "BS": "Z502", "BH": "Z204", "BD": "Z249", "BB": "Z522", "BE": "Z103",
    "BZ": "Z512", "BJ": "Z314", "BM": "Z400", "BT": "Z205", "BY": "Z139", "BO": "Z601",
    "BA": "Z153", "BW": "Z358", "BR": "Z602", "BN": "Z207", "BG": "Z104", "BF": "Z354",
    "BI": "Z305", "KH": "Z208", "CM": "Z306", "CA": "Z401", "CV": "Z307", "TD": "Z309",
    "CL": "Z603", "CN": "Z210", "CY": "Z211", "CO": "Z604", "KM": "Z310", "CG": "Z311",
    "CD": "Z312", "KR": "Z213", "KP": "Z214", "CI": "Z313", "CR": "Z503", "HR": "Z149",
    "CU": "Z504", "DK": "Z107", "DM": "Z526", "EC": "Z605", "EG": "Z336", "SV": "Z506",
    "AE": "Z215", "ER": "Z368", "EE": "Z144", "SZ": "Z349", "ET": "Z315", "RU": "Z154",
    "FJ": "Z704", "PH": "Z216", "FI": "Z109", "FR": "Z110", "GA": "Z316", "GM": "Z317",
    "GE": "Z254", "DE": "Z112", "GH": "Z318", "JM": "Z507", "JP": "Z219", "DJ": "Z361",
    "JO": "Z220", "GR": "Z115", "GD": "Z524", "GT": "Z509", "GN": "Z319", "GW": "Z320",
    "GQ": "Z321", "GY": "Z606", "HT": "Z510", "HN": "Z511", "IN": "Z222", "ID": "Z223",
    "IR": "Z224", "IQ": "Z225", "IE": "Z116", "IS": "Z117", "KY": "Z530", "CK": "Z703",
    "FO": "Z108", "MH": "Z711", "SB": "Z724", "TC": "Z519", "VI": "Z520", "VG": "Z525",
    "WF": "Z729", "IL": "Z226", "KZ": "Z255", "KE": "Z322", "KG": "Z256", "KI": "Z731",
    "XK": "Z160", "KW": "Z227", "LA": "Z228", "LS": "Z359", "LV": "Z145", "LB": "Z229",
    "LR": "Z325", "LY": "Z326", "LI": "Z119", "LT": "Z146", "LU": "Z120", "MK": "Z148",
    "MG": "Z327", "MW": "Z328", "MY": "Z247", "MV": "Z232", "ML": "Z329", "MT": "Z121",
    "MA": "Z330", "MQ": "Z513", "MR": "Z331", "MU": "Z332", "YT": "Z360", "MX": "Z514",
    "MD": "Z140", "MC": "Z123", "MN": "Z233", "ME": "Z159", "MZ": "Z333", "MM": "Z206",
    "NA": "Z300", "NR": "Z713", "NP": "Z234", "NI": "Z515", "NE": "Z334", "NG": "Z335",
    "NO": "Z125", "NZ": "Z719", "OM": "Z235", "NL": "Z126", "PK": "Z236", "PW": "Z734",
    "PS": "Z161", "PA": "Z516", "PG": "Z730", "PY": "Z610", "PE": "Z611", "PF": "Z723",
    "PL": "Z127", "PR": "Z518", "PT": "Z128", "QA": "Z237", "GB": "Z114", "CZ": "Z156",
    "CF": "Z308", "DO": "Z505", "RO": "Z129", "RW": "Z338", "KN": "Z533", "LC": "Z527",
    "PM": "Z403", "VC": "Z528", "WS": "Z726", "SM": "Z130", "SH": "Z340", "ST": "Z341",
    "SN": "Z343", "RS": "Z158", "SC": "Z342", "SL": "Z344", "SG": "Z248", "SY": "Z240",
    "SK": "Z155", "SI": "Z150", "SO": "Z345", "ES": "Z131", "LK": "Z209", "FM": "Z735",
    "US": "Z404", "VA": "Z106", "ZA": "Z347", "SD": "Z348", "SS": "Z907", "SR": "Z608",
    "SE": "Z132", "CH": "Z133", "TJ": "Z257", "TW": "Z217", "TZ": "Z357", "TH": "Z241",
    "TL": "Z242", "TG": "Z351", "TO": "Z728", "TT": "Z612", "TN": "Z352", "TR": "Z243",
    "TM": "Z258", "TV": "Z732", "UA": "Z138", "UG": "Z353", "HU": "Z134", "UY": "Z613",
    "UZ": "Z259", "VU": "Z733", "VE": "Z614", "VN": "Z251", "YE": "Z246", "ZM": "Z355",
    "ZW": "Z337",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Place:
    """A birthplace: a comune (with its province) or a foreign state."""

    code: str  # Belfiore
    name: str
    province: str  # "" for a foreign state
    ceased: bool  # a comune merged or renamed, a state that no longer exists
    english: str = ""  # a state's English name, also accepted when typed

    @property
    def foreign(self) -> bool:
        return self.code.startswith("Z")

    @property
    def label(self) -> str:
        """How a form shows it, unique across the list: "Bergamo (BG)", "Brembilla (BG,
        soppresso)", "Marocco (stato estero)"."""
        if self.foreign:
            return f"{self.name} (stato estero{' cessato' if self.ceased else ''})"
        return f"{self.name} ({self.province}{', soppresso' if self.ceased else ''})"


@dataclass(frozen=True, slots=True)
class Country:
    """A citizenship: ISO 3166-1 alpha-2 code and Italian name."""

    code: str
    name: str


# Where the library's spelling, with apostrophes for accents, is not the Italian one.
_STATE_NAMES = {"Z341": "São Tomé e Príncipe"}
# Articles, prepositions and conjunctions, lower case inside a name ("Orio al Serio").
_LOWER = frozenset(
    [
        "e",
        "ed",
        "di",
        "da",
        "in",
        "con",
        "su",
        "per",
        "tra",
        "fra",
        "il",
        "lo",
        "la",
        "i",
        "gli",
        "le",
        "del",
        "dello",
        "della",
        "dei",
        "degli",
        "delle",
        "dal",
        "dallo",
        "dalla",
        "dai",
        "dagli",
        "dalle",
        "al",
        "allo",
        "alla",
        "ai",
        "agli",
        "alle",
        "nel",
        "nello",
        "nella",
        "nei",
        "negli",
        "nelle",
        "sul",
        "sullo",
        "sulla",
        "sui",
        "sugli",
        "sulle",
        "de",
        "de'",
    ]
)
_ELIDED = ("d'", "dell'", "dall'", "all'", "nell'", "sull'", "l'")
_ACCENTS = {"a'": "à", "e'": "è", "i'": "ì", "o'": "ò", "u'": "ù"}
_ROMAN = re.compile(r"(?i)(?=[ivx]{2})x{0,3}(ix|iv|v?i{0,3})")


def _italian_title(raw: str, accents: bool) -> str:
    """The library's title-cased names as Italian writes them: "Orio al Serio", "Albaredo
    d'Adige", "Sotto il Monte Giovanni XXIII", "Stati Uniti d'America"; `accents`: a final
    apostrophe is an accent ("Peru'" → "Perù"; never for comuni: "Ca' d'Andrea")."""
    words = []
    for i, typed in enumerate(raw.split()):
        word, low = typed, typed.lower()
        if i and low in _LOWER:
            word = low
        elif i and low.startswith(_ELIDED):
            head, _, rest = word.partition("'")
            word = f"{head.lower()}'{rest[:1].upper()}{rest[1:]}"
        elif i and _ROMAN.fullmatch(word):
            word = word.upper()
        if accents and word[-2:].lower() in _ACCENTS:
            word = word[:-2] + _ACCENTS[word[-2:].lower()]
        words.append(word)
    return " ".join(words)


def _state_name(raw: str) -> str:
    return _italian_title(raw, accents=True)


def _latest(entries: list[dict[str, Any]]) -> dict[str, Any]:
    return max(entries, key=lambda e: str(e.get("date_created") or ""))


@functools.cache
def _table() -> dict[str, Place]:
    from codicefiscale.data import get_countries_data, get_municipalities_data

    by_code: dict[str, list[dict[str, Any]]] = {}
    for entry in get_municipalities_data():
        by_code.setdefault(str(entry["code"]).upper(), []).append(entry)
    out: dict[str, Place] = {}
    for code, entries in by_code.items():
        last = _latest(entries)
        ceased = not any(e.get("active") for e in entries)
        name = _italian_title(str(last["name"]), accents=False)
        out[code] = Place(code, name, str(last["province"]), ceased)
    states: dict[str, list[dict[str, Any]]] = {}
    for entry in get_countries_data():
        states.setdefault(str(entry["code"]).upper(), []).append(entry)
    for code, entries in states.items():
        last = _latest(entries)
        ceased = bool(last.get("date_deleted"))
        english = str(last.get("name_alt_en") or "")
        name = _STATE_NAMES.get(code) or _state_name(str(last["name"]))
        out[code] = Place(code, name, "", ceased, english)
    return out


def place(code: str | None) -> Place | None:
    """The place of a Belfiore code, or None (no code, or one the tables do not know)."""
    if not code:
        return None
    return _table().get(code.upper())


def place_label(code: str | None) -> str:
    """What a screen or a document shows for a stored birthplace ("" for none; the bare code
    for one the tables do not know, written by a newer version)."""
    found = place(code)
    return found.label if found is not None else (code or "")


@functools.cache
def places() -> tuple[Place, ...]:
    """Every place, Italian comuni first then the states, each by name: a form's list."""
    return tuple(sorted(_table().values(), key=lambda p: (p.foreign, fold(p.name), p.label)))


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


@functools.cache
def _index() -> tuple[dict[str, str], dict[str, tuple[Place, ...]]]:
    labels: dict[str, str] = {}
    names: dict[str, list[Place]] = {}
    for p in places():
        labels[_key(p.label)] = p.code
        for name in {p.name, p.english} - {""}:
            names.setdefault(_key(name), []).append(p)
    return labels, {k: tuple(v) for k, v in names.items()}


def resolve_birthplace(text: str | None) -> str | None:
    """The Belfiore code `text` names: a code (A794), a form's label ("Bergamo (BG)"), a comune
    or a state by name ("Bergamo", "Marocco", "Morocco"). A name several live comuni share
    needs its province; None for an empty text; ValidationError otherwise."""
    if text is None or not text.strip():
        return None
    typed = text.strip()
    if BELFIORE.fullmatch(typed.upper()) and place(typed) is not None:
        return typed.upper()
    labels, names = _index()
    key = _key(typed)
    if key in labels:
        return labels[key]
    # "Castro BG", "Castro, BG": a name and a province
    found = re.fullmatch(r"(.+?)[\s,]+\(?([A-Za-z]{2})\)?", typed)
    if found:
        name, province = _key(found.group(1)), found.group(2).upper()
        hits = [p for p in names.get(name, ()) if p.province == province]
        if len(hits) == 1:
            return hits[0].code
        live = [p for p in hits if not p.ceased]
        if len(live) == 1:
            return live[0].code
    candidates = names.get(key, ())
    live = [p for p in candidates if not p.ceased] or list(candidates)
    if len(live) == 1:
        return live[0].code
    if len(live) > 1:
        example = (
            next(p for p in live if not p.foreign).label
            if any(not p.foreign for p in live)
            else live[0].label
        )
        raise ValidationError(
            f"Luogo di nascita: più luoghi con questo nome, indicare quale (es. {example})",
            "birthplace",
        )
    raise ValidationError(
        "Luogo di nascita sconosciuto: indicare un comune italiano (con la provincia se "
        "serve) o uno stato estero",
        "birthplace",
    )


# ------------------------------------------------------------------ comuni of residence
#
# A case's comune of residence (cases.comune) is stored like a birthplace, as its Belfiore
# code, but only a comune that exists today is one a family lives in: no foreign state, no
# comune merged into another.

NOT_GIVEN = "non indicato"  # what a document shows for a comune not given or not known here


@functools.cache
def comuni() -> tuple[Place, ...]:
    """The comuni that exist today, by name: what a form offers for a comune of residence."""
    return tuple(p for p in places() if not p.foreign and not p.ceased)


def comune_name(code: str | None) -> str:
    """The name of the comune of a stored code ("Zogno"); "" for none, or for a code these
    tables do not know (written by a newer version): a document then says NOT_GIVEN."""
    found = place(code)
    return found.name if found is not None and not found.foreign else ""


def comune_label(code: str | None) -> str:
    """What a form shows for a stored comune ("Zogno (BG)"): "" for none, the bare code for
    one these tables do not know (so that saving the form again keeps it)."""
    found = place(code)
    if found is None:
        return code or ""
    return found.label


def resolve_comune(text: str | None) -> str | None:
    """The Belfiore code of the comune `text` names: its code (M184), a form's label
    ("Zogno (BG)"), its name ("Zogno", "Castro (BG)", "Castro BG"). None for an empty text;
    ValidationError (field "comune") for a foreign state, a comune that no longer exists, an
    unknown name, or a name several comuni share without its province."""
    if text is None or not text.strip():
        return None
    typed = text.strip()
    if BELFIORE.fullmatch(typed.upper()) and place(typed) is not None:
        found: Place | None = place(typed)
    else:
        found = _comune_by_name(typed)
    if found is None:
        raise ValidationError(
            "Comune sconosciuto: indicare un comune italiano (con la provincia se serve, "
            "es. Castro (BG))",
            "comune",
        )
    if found.foreign:
        raise ValidationError(
            "Comune di residenza: indicare un comune italiano, non uno stato estero", "comune"
        )
    if found.ceased:
        raise ValidationError(
            f"Il comune {found.name} non esiste più (soppresso o fuso con altri): indicare il "
            "comune di oggi",
            "comune",
        )
    return found.code


def _comune_by_name(typed: str) -> Place | None:
    """The comune a typed label or name stands for, live ones first; None when unknown."""
    labels, names = _index()
    key = _key(typed)
    if key in labels:
        return place(labels[key])
    candidates: tuple[Place, ...] = names.get(key, ())
    found = re.fullmatch(r"(.+?)[\s,]+\(?([A-Za-z]{2})\)?", typed)
    if not candidates and found:
        province = found.group(2).upper()
        candidates = tuple(p for p in names.get(_key(found.group(1)), ()) if p.province == province)
    italian = [p for p in candidates if not p.foreign]
    live = [p for p in italian if not p.ceased]
    if len(live) > 1:
        example = live[0].label
        raise ValidationError(
            f"Comune: più comuni con questo nome, indicare quale (es. {example})", "comune"
        )
    if live:
        return live[0]
    rest = italian or list(candidates)  # a ceased comune, a state: refused by the caller
    return rest[0] if rest else None


@functools.cache
def countries() -> tuple[Country, ...]:
    """Every citizenship a form offers: Italy first, then the states by name, apolide last."""
    table = _table()
    states = sorted(
        (Country(iso, table[z].name) for iso, z in ISO_TO_BELFIORE.items() if z in table),
        key=lambda c: fold(c.name),
    )
    return (Country(ITALY, "Italia"), *states, Country(STATELESS, "Apolide"))


@functools.cache
def _countries_by_code() -> dict[str, Country]:
    return {c.code: c for c in countries()}


def country_name(code: str | None) -> str:
    """The Italian name of a stored citizenship ("" for none; the bare code if unknown)."""
    if not code:
        return ""
    found = _countries_by_code().get(code.upper())
    return found.name if found is not None else code


def resolve_citizenship(text: str | None) -> str | None:
    """The ISO alpha-2 code `text` names: the code itself (MA), the Italian or English name of
    the state ("Marocco", "Morocco"), "italiana"/"Italia", "apolide"; None for an empty
    text; ValidationError otherwise."""
    if text is None or not text.strip():
        return None
    typed = text.strip()
    by_code = _countries_by_code()
    if ISO_ALPHA2.fullmatch(typed.upper()) and typed.upper() in by_code:
        return typed.upper()
    key = _key(typed)
    if key in ("italia", "italiana", "italiano", "italy"):
        return ITALY
    if key in ("apolide", "stateless"):
        return STATELESS
    table = _table()
    for iso, z in ISO_TO_BELFIORE.items():
        state = table.get(z)
        if state is not None and key in (_key(state.name), _key(state.english)):
            return iso
    raise ValidationError(
        "Cittadinanza sconosciuta: indicare uno stato (es. Italia, Marocco) o il suo codice "
        "ISO a due lettere (IT, MA)",
        "citizenship",
    )
