"""What a signed visit's documents show that is not in the visit row (`Visit.frozen`): the case
heading, the operators' names, the persons present with their roles, the goals worked on, the
next appointment and whether a parent signs. services/frozen.py writes it once, in the unit of
work that closes the visit; services/print_data.py prints a signed visit from it, so a reprint
reads the same whatever changed since.

A flat JSON object with a version, as domain/value_bounds.py `frozen_document` bounds it:
`{"v": 1, "ambito": "Valle Brembana", "present": [["Rosa Rota", "madre", "Madre"]], …}`.
A person present keeps the role's code (the meeting record tells the adults met from who
accompanies the child by it) beside the label printed. A newer version may add keys and keeps
the meaning of these (it raises "v" only for a document this one cannot print); a document
without every key of version 1, well typed, is not read (`parse` answers None)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

VERSION = 1
_TEXTS = (
    "cooperative",
    "ambito",
    "comune",
    "case_code",
    "service",
    "minor_name",
    "author",
    "closed_by",
    "next_appointment",
)


@dataclass(frozen=True, slots=True)
class PresentPerson:
    name: str
    role: str  # a MemberRole value, kept as written (a newer version may know more roles)
    role_label: str  # as printed: "Madre"

    @property
    def named(self) -> str:
        """As the documents list it: "Rosa Rota (Madre)"."""
        return f"{self.name} ({self.role_label})"


@dataclass(frozen=True, slots=True)
class FrozenDocument:
    cooperative: str
    ambito: str
    comune: str  # the comune of residence's name, "" when the case had none
    case_code: str
    service: str  # the service's label
    minor_name: str
    minor_birth_date: dt.date | None
    author: str
    closed_by: str
    present: tuple[PresentPerson, ...]
    goals: tuple[str, ...]  # the goals worked on, as printed
    next_appointment: str
    parent_signature: bool
    minor_sex: str = ""  # "F", "M" or "" (not said; absent from the first documents)


def dump(doc: FrozenDocument) -> str:
    """The stored text: keys sorted, so the same document is the same text."""
    out: dict[str, Any] = {name: getattr(doc, name) for name in _TEXTS}
    out |= {
        "v": VERSION,
        "minor_birth_date": doc.minor_birth_date.isoformat() if doc.minor_birth_date else "",
        "present": [[p.name, p.role, p.role_label] for p in doc.present],
        "goals": list(doc.goals),
        "parent_signature": doc.parent_signature,
        "minor_sex": doc.minor_sex,
    }
    return json.dumps(out, ensure_ascii=False, sort_keys=True)


def parse(text: str | None) -> FrozenDocument | None:
    """The document of `Visit.frozen`; None when there is none (a visit closed before revision
    0007, or a draft) or it cannot be read as version 1."""
    if not text:
        return None
    try:
        raw = json.loads(text)
    except ValueError:
        return None
    if not isinstance(raw, dict) or type(raw.get("v")) is not int or raw["v"] < VERSION:
        return None
    texts: dict[str, str] = {k: v for k in _TEXTS if isinstance(v := raw.get(k), str)}
    present, goals = raw.get("present"), raw.get("goals")
    signature, born = raw.get("parent_signature"), raw.get("minor_birth_date")
    if not (
        len(texts) == len(_TEXTS)
        and isinstance(present, list)
        and all(_is_person(p) for p in present)
        and isinstance(goals, list)
        and all(isinstance(g, str) for g in goals)
        and isinstance(signature, bool)
        and isinstance(born, str)
    ):
        return None
    try:
        birth_date = dt.date.fromisoformat(born) if born else None
    except ValueError:
        return None
    sex = raw.get("minor_sex", "")
    return FrozenDocument(
        **texts,
        minor_sex=sex if sex in ("F", "M") else "",
        minor_birth_date=birth_date,
        present=tuple(PresentPerson(*p) for p in present),
        goals=tuple(goals),
        parent_signature=signature,
    )


def _is_person(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 3 and all(isinstance(v, str) for v in value)
