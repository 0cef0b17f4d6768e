"""Dates, times and hours as an Italian reader writes them: 07/03/2026, 15:30, 7,50.

The one place for them: the screens (ui.common), the printed documents and their CSVs
(reports.layout) and the hours tables use these, so a date or a number of hours reads the same
on the screen, on paper and in a spreadsheet."""

from __future__ import annotations

import datetime as dt


def fmt_date(day: dt.date | None) -> str:
    """ "07/03/2026"; "" for no date."""
    return "" if day is None else day.strftime("%d/%m/%Y")


def fmt_time(moment: dt.time | None) -> str:
    """ "15:30"; "" for no time."""
    return "" if moment is None else moment.strftime("%H:%M")


def fmt_hours(hours: float, *, trailing_zeros: bool = True) -> str:
    """Hours to the hundredth with a decimal comma. With `trailing_zeros` (the documents, the
    CSVs and the tables of figures, whose columns line up) always two decimals: "7,50", "2,00".
    Without (hours within a sentence or a label) only the decimals that count: "7,5", "2"."""
    text = f"{hours:.2f}"
    if not trailing_zeros:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
