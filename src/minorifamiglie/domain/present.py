"""The persons present at a visit (`Visit.present_person_ids`): a typed value, stored as one JSON
list of their ids in a text column (a single field, so two devices' edits merge field by field).

The value is the ids, distinct and sorted. It is written the way it always has been
(`json.dumps` of the sorted id strings: `["…", "…"]`); a value read from a stored text keeps that
text, so that what another device wrote (in another order or spacing, within the bounds of
domain/value_bounds.py `uuid_list`) is stored, logged and sent on exactly as it came. Two values
are equal when they write the same text: a changed spelling of the same persons is a change, as
it always was for the text."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from minorifamiglie.domain.ids import PersonId


@dataclass(frozen=True, slots=True, eq=False)
class PresentPersons:
    """Who was present: `ids` distinct and sorted, whatever order they are given in."""

    ids: tuple[PersonId, ...] = ()
    _stored: str | None = field(default=None, init=False, repr=False)  # the text read

    def __post_init__(self) -> None:
        object.__setattr__(self, "ids", tuple(sorted({PersonId(i) for i in self.ids})))

    @classmethod
    def of(cls, ids: Iterable[uuid.UUID]) -> PresentPersons:
        return cls(tuple(PersonId(i) for i in ids))

    def __iter__(self) -> Iterator[PersonId]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, person: object) -> bool:
        return person in self.ids

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PresentPersons):
            return NotImplemented
        return dump(self) == dump(other)

    def __hash__(self) -> int:
        return hash(self.ids)


def parse(text: str) -> PresentPersons:
    """Read a stored list; never fails: what is not a UUID is left out, and the text is kept
    (bounds refuse such a text from another device; this only keeps a read from failing)."""
    try:
        doc = json.loads(text or "[]")
    except ValueError:
        doc = []
    ids: list[PersonId] = []
    for value in doc if isinstance(doc, list) else []:
        try:
            ids.append(PersonId(uuid.UUID(str(value))))
        except ValueError:
            continue
    made = PresentPersons(tuple(ids))
    object.__setattr__(made, "_stored", text)
    return made


def dump(value: PresentPersons) -> str:
    """The stored text: the one it was read from, or the ids' strings sorted as a JSON list."""
    if value._stored is not None:
        return value._stored
    return json.dumps([str(i) for i in value.ids])
