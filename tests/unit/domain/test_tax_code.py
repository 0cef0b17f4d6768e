"""domain/tax_code.py: the codice fiscale stored canonical, checked (personal and provisional
numeric codes), and compared with the person it is given for."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from codicefiscale import codicefiscale

from minorifamiglie.domain import tax_code as cf
from minorifamiglie.domain.enums import Sex
from minorifamiglie.domain.errors import ValidationError
from minorifamiglie.domain.tax_code import Mismatch

# The code of issue 14: a girl, Giulia Rota, born in Bergamo on 15/03/1920 (synthetic).
GIULIA = "RTOGLI20C55A794P"
# A boy born in Morocco (the birthplace is the state's Belfiore code, Z330).
YOUSSEF_BORN = dt.date(2012, 9, 3)
YOUSSEF = codicefiscale.encode(
    lastname="Benali", firstname="Youssef", gender="M", birthdate="2012-09-03",
    birthplace="Marocco",
)  # fmt: skip
# The Agenzia delle Entrate's own codice fiscale: 11 digits with the partita IVA check digit.
AGENZIA = "06363391001"


def test_the_example_is_a_valid_code() -> None:
    assert codicefiscale.is_valid(GIULIA)
    assert YOUSSEF[11:15] == "Z330"


@pytest.mark.parametrize(
    "typed",
    [
        "RTOGLI-20C55A794P",  # the value: 17 characters in a 16-character column
        "rtogli20c55a794p",
        " RTO GLI 20C55 A794P ",
        "RTO.GLI.20C55.A794P",
        "RTOGLI/20C55/A794P",
        "rtogli–20c55\u00a0a794p",  # a typographic dash, a no-break space
    ],
)
def test_whatever_is_typed_around_a_code_is_dropped(typed: str) -> None:
    assert cf.canonical(typed) == GIULIA
    assert cf.parse(typed) == GIULIA


def test_a_letter_with_an_accent_is_not_silently_dropped() -> None:
    assert cf.canonical("RTOGLÌ20C55A794P") == "RTOGLÌ20C55A794P"
    with pytest.raises(ValidationError):
        cf.parse("RTOGLÌ20C55A794P")


@pytest.mark.parametrize("empty", [None, "", "  ", " - . "])
def test_the_code_is_optional(empty: str | None) -> None:
    assert cf.parse(empty) is None


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        (GIULIA[:15] + "Q", "carattere di controllo errato"),
        (GIULIA[:15], "16 caratteri"),
        ("123456789012", "11 cifre"),
        ("06363391002", "cifra di controllo"),  # provisional, wrong check digit
    ],
)
def test_an_invalid_code_is_refused_masked_naming_why(bad: str, why: str) -> None:
    with pytest.raises(ValidationError) as err:
        cf.parse(bad)
    assert err.value.field == "tax_code"
    assert why in str(err.value)
    assert bad[3:] not in str(err.value)


def test_the_provisional_numeric_code_has_the_partita_iva_check_digit() -> None:
    assert cf.provisional_check_digit(AGENZIA[:10]) == int(AGENZIA[10])
    assert cf.parse(" 063 6339 1001 ") == AGENZIA
    assert cf.is_provisional(AGENZIA)
    # Every other last digit is refused.
    for digit in "0123456789":
        if digit != AGENZIA[10]:
            assert cf.problem(AGENZIA[:10] + digit) is not None


def test_a_provisional_code_says_nothing_about_the_person() -> None:
    assert cf.mismatches(AGENZIA, last_name="Rossi", sex=Sex.FEMALE) == ()


def test_the_right_person_matches_in_every_part() -> None:
    assert (
        cf.mismatches(
            GIULIA,
            last_name="Rota",
            first_name="Giulia",
            sex=Sex.FEMALE,
            birth_date=dt.date(1920, 3, 15),
            birthplace="A794",
        )
        == ()
    )


def test_someone_else_s_code_names_every_part_that_differs() -> None:
    # The case: a girl's code given for Marco Bianchi, born in Zogno in 2020.
    found = cf.mismatches(
        GIULIA,
        last_name="Bianchi",
        first_name="Marco",
        sex=Sex.MALE,
        birth_date=dt.date(2020, 6, 1),
        birthplace="M184",
    )
    assert found == (
        Mismatch.LAST_NAME,
        Mismatch.FIRST_NAME,
        Mismatch.SEX,
        Mismatch.BIRTH_DATE,
        Mismatch.BIRTHPLACE,
    )
    message = cf.mismatch_message(found)
    for part in ("cognome", "nome", "sesso", "data di nascita", "luogo di nascita"):
        assert part in message
    assert GIULIA[3:] not in message


def test_only_what_is_known_is_compared() -> None:
    assert cf.mismatches(GIULIA, last_name="Rota") == ()
    assert cf.mismatches(GIULIA, first_name="Marta") == (Mismatch.FIRST_NAME,)


def test_the_century_is_not_in_a_code() -> None:
    # 15/03/1920 and 15/03/2020 agree: the code cannot tell them apart.
    assert cf.mismatches(GIULIA, birth_date=dt.date(2020, 3, 15)) == ()


def test_omocodia_is_decoded_before_comparing() -> None:
    variants = [c for c in codicefiscale.decode(GIULIA)["omocodes"] if c != GIULIA]
    assert len(variants) > 10
    for variant in (variants[0], variants[5], variants[-1]):  # the last: every digit a letter
        assert cf.parse(variant) == variant
        assert (
            cf.mismatches(
                variant,
                last_name="Rota",
                first_name="Giulia",
                sex=Sex.FEMALE,
                birth_date=dt.date(2020, 3, 15),
                birthplace="A794",
            )
            == ()
        )
        assert cf.mismatches(variant, birthplace="Z330") == (Mismatch.BIRTHPLACE,)


def test_a_foreign_birthplace_is_the_state_s_z_code() -> None:
    person: dict[str, Any] = {"last_name": "Benali", "first_name": "Youssef", "sex": Sex.MALE}
    assert cf.mismatches(YOUSSEF, birth_date=YOUSSEF_BORN, birthplace="Z330", **person) == ()
    assert cf.mismatches(YOUSSEF, birthplace="Z352", **person) == (Mismatch.BIRTHPLACE,)


def test_names_are_compared_as_the_code_encodes_them() -> None:
    # Apostrophes, spaces and accents do not count: D'Angelo, De Luca, Nicolò.
    code = codicefiscale.encode(
        lastname="D'Angelo", firstname="Nicolò", gender="M", birthdate="2015-05-05",
        birthplace="Bergamo",
    )  # fmt: skip
    assert cf.mismatches(code, last_name="D'Angelo", first_name="Nicolò") == ()
    assert cf.mismatches(code, last_name="Dangelo", first_name="Nicolo") == ()
