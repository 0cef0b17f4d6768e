"""The working calendar: Italian public holidays, the patron day of each comune, and the
Monday-first weeks and month grids the Calendario shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

ONE_DAY = dt.timedelta(days=1)
MONTH_GRID_DAYS = 42  # six Monday-first weeks hold any month


@dataclass(frozen=True, slots=True)
class PatronDay:
    """The feast of a comune's patron saint: a holiday in that comune only."""

    comune: str
    month: int
    day: int
    name: str


@dataclass(frozen=True, slots=True)
class Holiday:
    day: dt.date
    name: str
    comune: str | None = None  # None for a national holiday, else the comune it belongs to

    @property
    def national(self) -> bool:
        return self.comune is None


# Data, not rules: a coordinator may add the comuni their teams work in. `holidays` gives the whole
# province of Bergamo (subdiv "BG") Sant'Alessandro, but only the city of Bergamo keeps it.
PATRON_DAYS: tuple[PatronDay, ...] = (PatronDay("Bergamo", 8, 26, "Sant'Alessandro"),)

# Celebrated on the first Sunday of November since 1977: a Sunday anyway, never a day off.
_NOT_A_DAY_OFF = ("Giorno dell'unità nazionale",)


@lru_cache(maxsize=32)
def _national(year: int, language: str) -> tuple[tuple[dt.date, str], ...]:
    """National public holidays of `year`: `holidays.Italy` without its provincial patron days,
    which are kept per comune in PATRON_DAYS instead."""
    # ~150 ms the first time (translations): imported only when a calendar is asked for
    from holidays import country_holidays

    calendar = country_holidays("IT", years=year, language=language)
    translate = getattr(calendar, "tr", lambda text: text)
    skip = {translate(name) for name in _NOT_A_DAY_OFF} | set(_NOT_A_DAY_OFF)
    out = []
    for day in sorted(calendar):
        names = [n for n in calendar.get_list(day) if n not in skip]
        if names:
            out.append((day, "; ".join(names)))
    return tuple(out)


def _language(language: str) -> str:
    return "en_US" if language.lower().startswith("en") else "it_IT"


def holidays_between(
    first: dt.date,
    last: dt.date,
    *,
    comuni: Iterable[str] = (),
    patron_days: Iterable[PatronDay] = PATRON_DAYS,
    language: str = "it_IT",
) -> dict[dt.date, Holiday]:
    """Public holidays from `first` to `last` included, plus the patron days of `comuni`
    (a national holiday wins when both fall on one day). Names in Italian, or in English
    when `language` starts with "en"."""
    lang = _language(language)
    wanted = {c.strip().casefold() for c in comuni}
    out: dict[dt.date, Holiday] = {}
    for year in range(first.year, last.year + 1):
        for patron in patron_days:
            if patron.comune.casefold() not in wanted:
                continue
            day = dt.date(year, patron.month, patron.day)
            if first <= day <= last and day not in out:
                out[day] = Holiday(day, patron.name, patron.comune)
        for day, name in _national(year, lang):
            if first <= day <= last:
                out[day] = Holiday(day, name)
    return dict(sorted(out.items()))


def years_between(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """The whole years holding `first` to `last`: holidays are worked out a year at a time."""
    return dt.date(first.year, 1, 1), dt.date(last.year, 12, 31)


def week_start(day: dt.date) -> dt.date:
    """The Monday of `day`'s week (Italian weeks start on Monday)."""
    return day - dt.timedelta(days=day.weekday())


def week_days(day: dt.date) -> list[dt.date]:
    start = week_start(day)
    return [start + dt.timedelta(days=i) for i in range(7)]


def month_grid(year: int, month: int) -> list[dt.date]:
    """The 42 days of six Monday-first weeks, starting on the Monday on or before the 1st."""
    start = week_start(dt.date(year, month, 1))
    return [start + dt.timedelta(days=i) for i in range(MONTH_GRID_DAYS)]


def shift_month(day: dt.date, months: int) -> dt.date:
    """The first day of the month `months` before (negative) or after `day`'s month."""
    month0 = day.month - 1 + months
    return dt.date(day.year + month0 // 12, month0 % 12 + 1, 1)
