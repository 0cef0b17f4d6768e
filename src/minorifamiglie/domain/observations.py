"""Structured observations of a visit, per kind: the grid of the verbale di incontro facilitato
and the observation headings of the scheda visita. Stored as one JSON object in
`Visit.observations`; the visit editor writes it and the reports read it through `parse`.

`Observations` is the typed value the storage column gives and takes (storage/types.py); the
JSON is flat, one key per item code:
`{"contatto_fisico": {"rating": "adeguato", "note": "…"}, "puntualita": "…", …}`.
A grid item written as a bare string (older demo data) is read as its rating; keys this version
does not know are kept as they are, so a newer device's observations survive a round trip."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from minorifamiglie.domain.enums import VisitKind


class Rating(StrEnum):
    """How an item of the observation grid went."""

    ADEQUATE = "adeguato"
    PARTLY_ADEQUATE = "parzialmente-adeguato"
    NOT_ADEQUATE = "non-adeguato"
    NOT_OBSERVED = "non-osservato"


RATING_LABELS_IT: dict[str, str] = {
    Rating.ADEQUATE: "Adeguato",
    Rating.PARTLY_ADEQUATE: "Parzialmente adeguato",
    Rating.NOT_ADEQUATE: "Non adeguato",
    Rating.NOT_OBSERVED: "Non osservato",
}

# The grid of the verbale di incontro facilitato: each item has a rating and a short note.
MEETING_GRID: tuple[str, ...] = (
    "contatto_fisico",
    "comunicazione_verbale",
    "sintonia_emotiva",
    "rispetto_regole",
    "gestione_distacco",
)
# The free-text headings of the verbale around the grid.
MEETING_TEXTS: tuple[str, ...] = (
    "puntualita",
    "accoglienza",
    "reazioni_prima",
    "reazioni_durante",
    "reazioni_dopo",
    "interventi_operatore",
    "eventi_critici",
)
# The osservazioni of the scheda visita (home visits, interviews, school, accompaniments).
VISIT_TEXTS: tuple[str, ...] = ("sul_minore", "sugli_adulti", "sulla_relazione", "rischi")
# Headings short enough for one line.
SHORT_TEXTS: frozenset[str] = frozenset({"puntualita"})

ITEM_LABELS_IT: dict[str, str] = {
    "contatto_fisico": "Contatto fisico",
    "comunicazione_verbale": "Comunicazione verbale",
    "sintonia_emotiva": "Sintonia emotiva",
    "rispetto_regole": "Rispetto delle regole e delle indicazioni dell'operatore",
    "gestione_distacco": "Gestione del distacco",
    "puntualita": "Puntualità",
    "accoglienza": "Accoglienza",
    "reazioni_prima": "Reazioni del minore prima dell'incontro",
    "reazioni_durante": "Reazioni del minore durante l'incontro",
    "reazioni_dopo": "Reazioni del minore dopo l'incontro",
    "interventi_operatore": "Interventi dell'operatore (richiami, interruzione e perché)",
    "eventi_critici": "Eventi critici",
    "sul_minore": "Osservazioni sul minore",
    "sugli_adulti": "Osservazioni sugli adulti",
    "sulla_relazione": "Osservazioni sulla relazione",
    "rischi": "Elementi di rischio o criticità",
}


@dataclass(frozen=True, slots=True)
class Schema:
    """Which items the editor offers, and reports print, for a kind of visit."""

    grid: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.grid and not self.texts


_SCHEMAS: dict[VisitKind, Schema] = {
    VisitKind.FACILITATED_MEETING: Schema(MEETING_GRID, MEETING_TEXTS),
    VisitKind.HOME_VISIT: Schema((), VISIT_TEXTS),
    VisitKind.INTERVIEW: Schema((), VISIT_TEXTS),
    VisitKind.ACCOMPANIMENT: Schema((), VISIT_TEXTS),
    VisitKind.SCHOOL: Schema((), VISIT_TEXTS),
}


def schema_for(kind: VisitKind) -> Schema:
    """Phone calls, team meetings and report writing have no structured observations."""
    return _SCHEMAS.get(kind, Schema())


@dataclass(frozen=True, slots=True)
class GridValue:
    rating: str = ""  # a Rating code, "" when not rated, or a code this version does not know
    note: str = ""


@dataclass(frozen=True, slots=True, eq=False)
class Observations:
    """The typed value of `Visit.observations`, immutable (its mappings are read-only copies).

    A value read by `parse` keeps the text it was read from, and `dump` gives that text back, so
    what another device (or an older version) wrote is stored, logged and sent on exactly as it
    came. Two values are equal when they write the same text, as the text was compared before."""

    grid: Mapping[str, GridValue] = field(default_factory=dict)
    texts: Mapping[str, str] = field(default_factory=dict)
    extra: Mapping[str, object] = field(default_factory=dict)  # unknown keys, kept as read
    _stored: str | None = field(default=None, init=False, repr=False)  # the text read

    def __post_init__(self) -> None:
        for name in ("grid", "texts", "extra"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Observations):
            return NotImplemented
        return dump(self) == dump(other)

    def __hash__(self) -> int:
        return hash(dump(self))


GRID_ITEMS: frozenset[str] = frozenset(MEETING_GRID)
TEXT_ITEMS: frozenset[str] = frozenset(MEETING_TEXTS) | frozenset(VISIT_TEXTS)


def normalise_rating(value: str) -> str:
    """ "Parzialmente adeguato" and "parzialmente-adeguato" are the same rating."""
    key = value.strip().lower().replace(" ", "-")
    for rating in Rating:
        if key == rating.value:
            return rating.value
    return value.strip()


def parse(text: str) -> Observations:
    """Read `Visit.observations`; never fails: what cannot be read is kept in `extra` (a text
    that is no JSON object reads as no observations). The value keeps `text` (`dump`)."""
    made = _read(text)
    object.__setattr__(made, "_stored", text)
    return made


def _read(text: str) -> Observations:
    try:
        doc = json.loads(text or "{}")
    except ValueError:
        return Observations()
    if not isinstance(doc, dict):
        return Observations()
    grid: dict[str, GridValue] = {}
    texts: dict[str, str] = {}
    extra: dict[str, object] = {}
    for key, value in doc.items():
        if key in GRID_ITEMS and isinstance(value, str):
            grid[key] = GridValue(normalise_rating(value), "")
        elif key in GRID_ITEMS and isinstance(value, dict):
            rating, note = value.get("rating", ""), value.get("note", "")
            grid[key] = GridValue(
                normalise_rating(rating) if isinstance(rating, str) else "",
                note if isinstance(note, str) else "",
            )
        elif key in TEXT_ITEMS and isinstance(value, str):
            texts[key] = value
        else:
            extra[key] = value
    return Observations(grid, texts, extra)


def dump(obs: Observations) -> str:
    """The stored text: the one a value was read from (`parse`), else canonical JSON (sorted
    keys, empty items left out): the same observations always give the same text, so an
    unchanged form never looks changed to the autosave or to sync."""
    if obs._stored is not None:
        return obs._stored
    doc: dict[str, object] = dict(obs.extra)
    for key, value in obs.grid.items():
        if value.rating or value.note.strip():
            doc[key] = {"rating": value.rating, "note": value.note}
    for key, text in obs.texts.items():
        if text.strip():
            doc[key] = text
    return json.dumps(doc, ensure_ascii=False, sort_keys=True)


def rating_label_it(code: str) -> str:
    """The Italian wording of a rating for reports (an unknown code is printed as it is)."""
    return RATING_LABELS_IT.get(code, code)
