"""Dates, times and hours as an Italian reader writes them: 07/03/2026, 15:30, 7,50.

The one place for them: the screens (ui.common), the printed documents and their CSVs
(reports.layout), the hours tables, the command line and the texts the services write use these,
so a date or a number of hours reads the same on the screen, on paper and in a spreadsheet.
Formats that are not for reading (file names, ISO dates, stored values) are not here."""

from __future__ import annotations

import datetime as dt


def fmt_date(day: dt.date | None) -> str:
    """ "07/03/2026"; "" for no date."""
    return "" if day is None else day.strftime("%d/%m/%Y")


def fmt_time(moment: dt.time | dt.datetime | None, *, seconds: bool = False) -> str:
    """ "15:30" ("15:30:07" with `seconds`); "" for no time. A datetime gives its own time, in
    its own zone (convert it first: `astimezone()`)."""
    if moment is None:
        return ""
    return moment.strftime("%H:%M:%S" if seconds else "%H:%M")


def fmt_date_time(moment: dt.datetime | None) -> str:
    """ "07/03/2026 15:30", in the moment's own zone; "" for none."""
    return "" if moment is None else f"{fmt_date(moment)} {fmt_time(moment)}"


def fmt_hours(hours: float, *, trailing_zeros: bool = True) -> str:
    """Hours to the hundredth with a decimal comma. With `trailing_zeros` (the documents, the
    CSVs and the tables of figures, whose columns line up) always two decimals: "7,50", "2,00".
    Without (hours within a sentence or a label) only the decimals that count: "7,5", "2"."""
    text = f"{hours:.2f}"
    if not trailing_zeros:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
