"""Validation of user input. Messages are Italian and never repeat the value a user typed in
full when it could be personal (a codice fiscale is masked)."""

from __future__ import annotations

import datetime as dt
import json
import re

from minorifamiglie.domain.enums import VisitKind, VisitOutcome, VisitStatus
from minorifamiglie.domain.errors import ImmutableError, ValidationError

MAX_TEXT = 100_000
MAX_SHORT = 300
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
LOGO_MAX_BYTES = 256 * 1024  # the cooperative's logo on documents (ambito_settings.logo)


# Dates as educators type them: 15/03/2020, 5/3/2020, 15.03.2020, 15-03-2020, 15032020, and
# the ISO form scripts use (2020-03-15). Nothing else: no two-digit years, no guessing.
_IT_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})|(\d{2})(\d{2})(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})|(\d{1,2})(\d{2})")
DATE_HINT = "usare GG/MM/AAAA"
TIME_HINT = "usare HH:MM"


def date_of(text: str) -> dt.date | None:
    """The day `text` names, written as above, or None when it names none (31/02/2026 is
    not a day, nor is 15/03/20)."""
    text = text.strip()
    found = _IT_DATE.fullmatch(text)
    if found:
        groups = [g for g in found.groups() if g is not None]
        day, month, year = (int(g) for g in groups)
    elif iso := _ISO_DATE.fullmatch(text):
        year, month, day = (int(g) for g in iso.groups())
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def date_shaped(text: str) -> bool:
    """Whether `text` is written as a date (above), whether or not the calendar has that day:
    31/02/2026 is; 15/03/20 and "marzo" are not."""
    text = text.strip()
    return bool(_IT_DATE.fullmatch(text) or _ISO_DATE.fullmatch(text))


# A month as typed: 03/2026, 3/2026 (month first, as a date is written) or 2026-03.
_IT_MONTH = re.compile(r"(\d{1,2})[/.\-](\d{4})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


def month_of(text: str) -> tuple[int, int] | None:
    """The (year, month) `text` names, written as above, or None (13/2026, 2026, 03/26)."""
    text = text.strip()
    if found := _IT_MONTH.fullmatch(text):
        month, year = int(found.group(1)), int(found.group(2))
    elif iso := _ISO_MONTH.fullmatch(text):
        year, month = int(iso.group(1)), int(iso.group(2))
    else:
        return None
    # the years a stored date may have (value_bounds: 1900-2100): a report of 12/9999 ran
    # past the calendar (OverflowError) instead of saying the month is not valid
    return (year, month) if 1 <= month <= 12 and 1900 <= year <= 2100 else None


def time_of(text: str) -> dt.time | None:
    """The time `text` names (9:30, 09:30, 9.30, 0930, 930), or None when it names none."""
    found = _TIME.fullmatch(text.strip())
    if not found:
        return None
    hours, minutes = (int(g) for g in found.groups() if g is not None)
    if hours > 23 or minutes > 59:
        return None
    return dt.time(hours, minutes)


def parse_date(text: str, field: str = "data") -> dt.date:
    day = date_of(text)
    if day is None:
        raise ValidationError(
            f"{field}: data non valida '{text[:20]}', {DATE_HINT} (o AAAA-MM-GG)", field
        )
    return day


def parse_time(text: str, field: str = "ora") -> dt.time:
    moment = time_of(text)
    if moment is None:
        raise ValidationError(f"{field}: ora non valida '{text[:20]}', {TIME_HINT}", field)
    return moment


def required(value: str, field: str, label: str) -> str:
    value = value.strip()
    if not value:
        raise ValidationError(f"{label}: campo obbligatorio", field)
    return value


# Control characters a value typed or read from a file may carry but none is meant to. A
# one-line value (a name, a title, a telephone) holding any C0 or C1 control or DEL, the line
# break and the tab too, is refused (a name on two lines split the rows of a terminal's table
# and of a combo box). Narrative is never refused for them (a note pasted from another program
# must still save, drafts autosave): a vertical tab or a form feed (Word's line and page
# breaks in plain text) and the Unicode line and paragraph separators become a line break;
# any other control but the line break, the carriage return and the tab is dropped (a NUL or
# an ESC in a note reached other devices, printouts and hand-off files). Text that arrives
# from other devices is bounded apart (storage/bounds.py) and shown with them neutralised.
_LINE_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\u2028": "\n", "\u2029": "\n"})
_TEXT_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def one_line(value: str, field: str, label: str) -> str:
    """A one-line value as typed, refused when it holds a control character."""
    if _LINE_CONTROLS.search(value):
        raise ValidationError(
            f"{label}: contiene a capo, tabulazioni o altri caratteri di controllo; "
            "va scritto su una riga",
            field,
        )
    return value


def short_text(value: str, field: str, label: str) -> str:
    value = one_line(value.strip(), field, label)
    if len(value) > MAX_SHORT:
        raise ValidationError(f"{label}: al massimo {MAX_SHORT} caratteri", field)
    return value


def long_text(value: str, field: str, label: str) -> str:
    """Narrative within MAX_TEXT, as `narrative` keeps it."""
    if len(value) > MAX_TEXT:
        raise ValidationError(f"{label}: al massimo {MAX_TEXT} caratteri", field)
    return narrative(value)


def narrative(value: str) -> str:
    """Narrative as stored: Word's line and page breaks as line breaks, no other control but
    the line break, the carriage return and the tab."""
    if value.isprintable():  # the common case, one pass in C
        return value
    return _TEXT_CONTROLS.sub("", value.translate(_BREAKS))


def mask_tax_code(code: str) -> str:
    return code[:3] + "…" if len(code) > 3 else "…"


def tax_code(value: str | None) -> str | None:
    """An optional codice fiscale: stored canonical (domain/tax_code.py), refused when it is not
    a valid code. Whether it agrees with the person is a warning, not a refusal
    (tax_code.mismatches)."""
    from minorifamiglie.domain import tax_code as cf

    return cf.parse(value)


def birth_date(value: dt.date | None, today: dt.date) -> dt.date | None:
    if value is not None and (value > today or value.year < 1900):
        raise ValidationError("Data di nascita non plausibile", "birth_date")
    return value


def visit_times(start: dt.time, end: dt.time) -> None:
    if end <= start:
        raise ValidationError("L'ora di fine deve essere successiva all'ora di inizio", "end_time")


def visit_date(date: dt.date, today: dt.date, status: VisitStatus) -> None:
    """A visit may be planned in the future, but it can only be closed once it has happened."""
    if status is VisitStatus.CLOSED and date > today:
        raise ValidationError("Non si può chiudere una visita con data futura", "date")


# The labels the visit editor shows: a message names a field as the educator sees it.
CLOSE_LABELS = {
    "date": "Data",
    "place": "Luogo",
    "notes": "Descrizione della visita",
}


def missing_to_close(kind: VisitKind, outcome: VisitOutcome, place: str, notes: str) -> list[str]:
    """The fields still empty that closing and signing needs, in the order of the form (all of
    them at once, so the educator fixes them in one pass)."""
    if outcome is not VisitOutcome.DONE:
        return []
    missing = []
    if kind is not VisitKind.PHONE_CALL and not place.strip():
        missing.append("place")
    if not notes.strip():
        missing.append("notes")
    return missing


def visit_required_fields(
    kind: VisitKind, outcome: VisitOutcome, place: str, notes: str, closing: bool
) -> None:
    """Required fields per kind, checked when the visit is closed and signed: one message
    naming every missing field by its label."""
    if not closing:
        return
    missing = missing_to_close(kind, outcome, place, notes)
    if missing:
        names = ", ".join(CLOSE_LABELS[f] for f in missing)
        raise ValidationError(f"Per chiudere e firmare mancano: {names}", missing[0])


def visit_mutable(status: VisitStatus) -> None:
    if status is VisitStatus.CLOSED:
        raise ImmutableError(
            "La visita è chiusa e firmata: si possono solo aggiungere integrazioni"
        )


def json_text(value: str, field: str) -> str:
    try:
        json.loads(value)
    except ValueError:
        raise ValidationError(f"{field}: formato non valido", field) from None
    return value


def hours(value: float, field: str = "authorised_hours") -> float:
    if not 0 <= value <= 1000:
        raise ValidationError("Monte ore non valido", field)
    return round(value, 2)


def date_range(start: dt.date, end: dt.date | None, field: str) -> None:
    if end is not None and end < start:
        raise ValidationError("La data di fine precede la data di inizio", field)


def attachment_size(size: int) -> None:
    if size > ATTACHMENT_MAX_BYTES:
        mib = ATTACHMENT_MAX_BYTES // (1024 * 1024)
        raise ValidationError(f"Allegato troppo grande: il limite è {mib} MB", "content")
    if size == 0:
        raise ValidationError("L'allegato è vuoto", "content")
