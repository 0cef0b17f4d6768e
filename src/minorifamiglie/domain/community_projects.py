"""Community projects (welfare di comunità, e.g. "Dai luoghi di cura alla cura dei luoghi" in
Scanzorosciate): recorded by what was done, for how long and by how many, never by whom.

An activity holds a number of participants (presenze), not persons: the sum over a period counts
presences, and a person who came twice counts twice. Its short description must not carry
personal data; what can be recognised as such (an e-mail address, a phone number, a codice
fiscale) is refused, the rest is the operator's care (the form says so)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from minorifamiglie.domain.errors import ValidationError

MAX_MINUTES = 24 * 60  # storage/bounds.py: community_activities.minutes
MAX_PARTICIPANTS = 100_000  # storage/bounds.py: community_activities.participants

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# An Italian number: 0 (landline) or 3 (mobile), nine digits or more, spaces, dots or hyphens
# between them (035 123456, 347 123 4567, +39 …), looked for once dates (12-03-2026) and times
# (09.30) are set aside.
_PHONE = re.compile(r"(?:\+39[ .-]?)?\b[03]\d(?:[ .-]?\d){7,10}\b")
_DATE_OR_TIME = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{1,2}[.:]\d{2}\b")
_TAX_CODE = re.compile(
    r"\b[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]\b"
)


def refuse_personal_data(text: str, field: str) -> None:
    """ValidationError when `text` holds what is plainly personal data: an e-mail address, a
    phone number, a codice fiscale. Names cannot be told from words: the form warns."""
    found = (
        "un indirizzo e-mail"
        if _EMAIL.search(text)
        else "un numero di telefono"
        if _PHONE.search(_DATE_OR_TIME.sub(" ", text))
        else "un codice fiscale"
        if _TAX_CODE.search(text.upper())
        else ""
    )
    if found:
        raise ValidationError(
            f"Niente dati personali nelle attività di comunità: il testo contiene {found}", field
        )


@dataclass(frozen=True, slots=True)
class ActivityTally:
    """Activities, minutes and participants (presences) of a project over a period."""

    activities: int = 0
    minutes: int = 0
    participants: int = 0

    @property
    def hours(self) -> float:
        """The minutes in hours, to the hundredth (as the hours report rounds)."""
        return round(self.minutes / 60, 2)

    def __add__(self, other: ActivityTally) -> ActivityTally:
        return ActivityTally(
            self.activities + other.activities,
            self.minutes + other.minutes,
            self.participants + other.participants,
        )


def tally(
    activities: Iterable[tuple[dt.date, int, int]],
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> ActivityTally:
    """The tally of (date, minutes, participants) from `start` to `end` (both included; either
    may be open)."""
    total = ActivityTally()
    for day, minutes, participants in activities:
        if (start is None or day >= start) and (end is None or day <= end):
            total = total + ActivityTally(1, minutes, participants)
    return total


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
