"""The codice fiscale: its canonical form, its check, and what it says about a person.

Stored canonical: the 16 upper-case characters of a personal code, or the 11 digits of a
provisional numeric code (codice fiscale numerico provvisorio, given to unaccompanied foreign
minors and asylum seekers while their identity is established; its last digit is the check
digit of the partita IVA). Whatever a person types around it (spaces, dots, hyphens, lower case)
goes.

An invalid code (a wrong check character, an unknown birthplace, a shape of neither kind) is
refused. A valid code that does not agree with the person (surname, name, sex, birth date,
birthplace) is only reported: a real person's code can legitimately differ (a surname changed
by adoption or recognition, an error of the Agenzia delle Entrate that stays on the card).
Omocodia, letters in place of digits to tell identical codes apart, is decoded before comparing
(python-codicefiscale), so it never reads as a mismatch."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from enum import StrEnum

from minorifamiglie.domain.enums import Sex
from minorifamiglie.domain.errors import ValidationError

PERSONAL = re.compile(r"[A-Z0-9]{16}")
PROVISIONAL = re.compile(r"[0-9]{11}")


class Mismatch(StrEnum):
    """A part of the person the code disagrees with, in the order the code holds them."""

    LAST_NAME = "last_name"
    FIRST_NAME = "first_name"
    SEX = "sex"
    BIRTH_DATE = "birth_date"
    BIRTHPLACE = "birthplace"

    def label(self) -> str:
        return _MISMATCH_LABELS[self]


_MISMATCH_LABELS = {
    Mismatch.LAST_NAME: "cognome",
    Mismatch.FIRST_NAME: "nome",
    Mismatch.SEX: "sesso",
    Mismatch.BIRTH_DATE: "data di nascita",
    Mismatch.BIRTHPLACE: "luogo di nascita",
}


def canonical(text: str) -> str:
    """`text` in upper case without white space or punctuation: " rtogli-20c55.a794p " is
    RTOGLI20C55A794P. Anything else (a letter with an accent, a symbol) is kept, so that a
    code holding it stays invalid instead of being silently changed."""
    return "".join(
        ch for ch in text.upper() if not (ch.isspace() or unicodedata.category(ch)[0] in "PZC")
    )


def mask(code: str) -> str:
    """What a message may show of a code: its first three characters."""
    return code[:3] + "…" if len(code) > 3 else "…"


def provisional_check_digit(first_ten: str) -> int:
    """The check digit of a partita IVA, which the numeric provisional codice fiscale shares:
    the digits in odd places summed, those in even places doubled (minus 9 above 9) and
    summed, and the digit that brings the total to a multiple of 10."""
    total = 0
    for i, ch in enumerate(first_ten):
        digit = int(ch)
        if i % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def is_provisional(code: str) -> bool:
    return PROVISIONAL.fullmatch(code) is not None


def problem(code: str) -> str | None:
    """Why a canonical code is not a valid codice fiscale, in Italian; None when it is one."""
    if is_provisional(code):
        if provisional_check_digit(code[:10]) != int(code[10]):
            return "cifra di controllo errata del codice provvisorio"
        return None
    if code.isdigit():
        return "un codice provvisorio ha 11 cifre"
    if len(code) != 16:
        return "deve avere 16 caratteri (o 11 cifre se provvisorio)"
    if not PERSONAL.fullmatch(code):  # the library would read "Ì" as "I"
        return "solo lettere senza accento e cifre"
    from codicefiscale import codicefiscale  # its tables only when a code is checked

    try:
        codicefiscale.decode(code)
    except ValueError as exc:
        reason = str(exc)
        if "CIN" in reason:
            return "carattere di controllo errato"
        if "birthplace" in reason:
            return "luogo di nascita sconosciuto nel codice"
        return "forma non valida"
    return None


def is_valid(code: str) -> bool:
    """Whether `code`, as stored, is a valid canonical codice fiscale."""
    return canonical(code) == code and problem(code) is None


def parse(value: str | None) -> str | None:
    """An optional codice fiscale as typed: its canonical form, or None for an empty text;
    ValidationError (field "tax_code", the code masked) when it is not a valid code."""
    if value is None:
        return None
    code = canonical(value)
    if not code:
        return None
    why = problem(code)
    if why is not None:
        raise ValidationError(f"Codice fiscale non valido ({mask(code)}): {why}", "tax_code")
    return code


def mismatches(
    code: str,
    *,
    last_name: str | None = None,
    first_name: str | None = None,
    sex: Sex | None = None,
    birth_date: dt.date | None = None,
    birthplace: str | None = None,
) -> tuple[Mismatch, ...]:
    """What a valid personal code says that the person's data does not. Data left unknown
    (None, empty) is not compared; a provisional code says nothing about the person. Omocodia
    (digits replaced by letters to tell identical codes apart) is decoded first. The century
    is not in a code: 1920 and 2020 agree."""
    if is_provisional(code) or problem(code) is not None:
        return ()
    from codicefiscale import codicefiscale

    decoded = codicefiscale.decode(code)
    raw = decoded["raw"]
    found: list[Mismatch] = []
    last_name, first_name = (last_name or "").strip(), (first_name or "").strip()
    if last_name and codicefiscale.encode_lastname(last_name) != raw["lastname"]:
        found.append(Mismatch.LAST_NAME)
    if first_name and codicefiscale.encode_firstname(first_name) != raw["firstname"]:
        found.append(Mismatch.FIRST_NAME)
    if sex is not None and decoded["gender"] != sex.value:
        found.append(Mismatch.SEX)
    if birth_date is not None:
        born: dt.datetime = decoded["birthdate"]
        if (born.year % 100, born.month, born.day) != (
            birth_date.year % 100,
            birth_date.month,
            birth_date.day,
        ):
            found.append(Mismatch.BIRTH_DATE)
    if birthplace and str(decoded["birthplace"]["code"]).upper() != birthplace.upper():
        found.append(Mismatch.BIRTHPLACE)
    return tuple(found)


def mismatch_message(found: tuple[Mismatch, ...]) -> str:
    """One Italian sentence naming every part that does not match."""
    parts = ", ".join(m.label() for m in found)
    return (
        f"Il codice fiscale non corrisponde a: {parts}. Da verificare: può anche essere giusto "
        "(un cognome cambiato, un errore dell'Agenzia)"
    )
