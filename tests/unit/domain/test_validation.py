"""Validation of what an educator types: codice fiscale, times, dates, closing a visit."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pytest
from codicefiscale import codicefiscale

from minorifamiglie.domain import tax_code, validation
from minorifamiglie.domain.enums import VisitKind, VisitOutcome, VisitStatus
from minorifamiglie.domain.errors import ImmutableError, ValidationError
from support.clock import TODAY

# Synthetic people: invented names, real comuni of the province (the birthplace code is checked).
BIRTH = dt.date(2018, 7, 5)
TAX_CODE = codicefiscale.encode(
    lastname="Brughieracci",
    firstname="Ottavina",
    gender="F",
    birthdate=BIRTH.isoformat(),
    birthplace="Zogno",
)


# ---------------------------------------------------------------- codice fiscale


def test_a_valid_codice_fiscale_is_normalised_to_upper_case_without_spaces() -> None:
    typed = f" {TAX_CODE[:6].lower()} {TAX_CODE[6:]} "
    assert validation.tax_code(typed) == TAX_CODE


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_the_codice_fiscale_is_optional(empty: str | None) -> None:
    # Newborns and unaccompanied foreign minors often have none yet (docs/architecture.md §13).
    assert validation.tax_code(empty) is None


@pytest.mark.parametrize(
    ("lastname", "firstname", "gender", "birthdate", "birthplace"),
    [
        ("Quarzomoro", "Zefirino", "M", "2021-02-28", "Bergamo"),
        ("Pervinchetti", "Asia", "F", "2009-12-31", "San Pellegrino Terme"),
        ("Ol", "Bo", "M", "2025-01-01", "Dalmine"),  # a 2025 child: "25" is 2025, not 1925
    ],
)
def test_codes_generated_for_synthetic_children_are_accepted_with_their_birth_date(
    lastname: str, firstname: str, gender: Literal["M", "F"], birthdate: str, birthplace: str
) -> None:
    code = codicefiscale.encode(
        lastname=lastname,
        firstname=firstname,
        gender=gender,
        birthdate=birthdate,
        birthplace=birthplace,
    )
    assert validation.tax_code(code) == code
    assert tax_code.mismatches(code, birth_date=dt.date.fromisoformat(birthdate)) == ()


def test_an_omocode_variant_still_matches_the_birth_date() -> None:
    omocodes = [c for c in codicefiscale.decode(TAX_CODE)["omocodes"] if c != TAX_CODE]
    assert omocodes
    for variant in omocodes[:3]:
        assert validation.tax_code(variant) == variant
        assert tax_code.mismatches(variant, birth_date=BIRTH) == ()


@pytest.mark.parametrize(
    "bad",
    [
        TAX_CODE[:15] + ("A" if TAX_CODE[15] != "A" else "B"),  # wrong check character
        TAX_CODE[:15],  # too short
        TAX_CODE + "X",  # too long
        "1234567890123456",
        "BRGTVN18L45Z999" + codicefiscale.encode_cin("BRGTVN18L45Z999"),  # unknown birthplace
    ],
)
def test_an_invalid_codice_fiscale_is_refused_without_echoing_it(bad: str) -> None:
    with pytest.raises(ValidationError) as err:
        validation.tax_code(bad)
    assert err.value.field == "tax_code"
    # The message masks the code: it may be personal data.
    assert bad not in str(err.value)
    assert bad[3:] not in str(err.value)


@pytest.mark.parametrize(
    "other_birth",
    [
        dt.date(2018, 7, 6),  # another day
        dt.date(2018, 8, 5),  # another month
        dt.date(2019, 7, 5),  # another year
    ],
)
def test_a_codice_fiscale_that_disagrees_with_the_birth_date_is_kept_and_the_date_named(
    other_birth: dt.date,
) -> None:
    # A real person's code can differ from their data: a warning, not a refusal (issue 14).
    assert validation.tax_code(TAX_CODE) == TAX_CODE
    assert tax_code.mismatches(TAX_CODE, birth_date=other_birth) == (tax_code.Mismatch.BIRTH_DATE,)


def test_birth_dates_in_the_future_or_too_far_back_are_not_plausible() -> None:
    assert validation.birth_date(BIRTH, TODAY) == BIRTH
    assert validation.birth_date(None, TODAY) is None
    for wrong in (TODAY + dt.timedelta(days=1), dt.date(1899, 12, 31)):
        with pytest.raises(ValidationError):
            validation.birth_date(wrong, TODAY)


# ---------------------------------------------------------------- dates and times


def test_dates_and_times_are_parsed_in_the_documented_format() -> None:
    assert validation.parse_date(" 2026-11-24 ") == TODAY
    assert validation.parse_time("9:05") == dt.time(9, 5)
    assert validation.parse_time("23:59") == dt.time(23, 59)


@pytest.mark.parametrize(
    "text", ["24/11/2026", "24/11/2026 ", "24.11.2026", "24-11-2026", "24112026", "2026-11-24"]
)
def test_a_date_is_taken_as_educators_type_it(text: str) -> None:
    assert validation.parse_date(text) == TODAY
    assert validation.date_of(text) == TODAY


def test_one_digit_days_and_months_are_the_day_typed() -> None:
    assert validation.date_of("2/3/2015") == dt.date(2015, 3, 2)
    assert validation.date_of("02/03/2015") == dt.date(2015, 3, 2)
    assert validation.date_of("02032015") == dt.date(2015, 3, 2)


@pytest.mark.parametrize(
    "text",
    ["31/02/2026", "2026-13-01", "2026-02-30", "", "domani", "24/11/26", "241126", "0/1/2026",
     "24/11/2026/2026", "31/12/00002/2026", "2411202"],
)  # fmt: skip
def test_a_bad_date_names_the_expected_format(text: str) -> None:
    assert validation.date_of(text) is None
    with pytest.raises(ValidationError, match="GG/MM/AAAA"):
        validation.parse_date(text, "date")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("9:30", dt.time(9, 30)), ("09:30", dt.time(9, 30)), ("9.30", dt.time(9, 30)),
     ("0930", dt.time(9, 30)), ("930", dt.time(9, 30)), ("23:59", dt.time(23, 59)),
     ("0:00", dt.time(0, 0))],
)  # fmt: skip
def test_a_time_is_taken_as_educators_type_it(text: str, expected: dt.time) -> None:
    assert validation.time_of(text) == expected


@pytest.mark.parametrize("text", ["24:00", "12:60", "9", "ore 9", "-1:00", "12345", "9:3"])
def test_a_bad_time_names_the_expected_format(text: str) -> None:
    assert validation.time_of(text) is None
    with pytest.raises(ValidationError, match="HH:MM"):
        validation.parse_time(text)


def test_a_visit_ends_after_it_starts() -> None:
    validation.visit_times(dt.time(9, 0), dt.time(9, 1))
    for end in (dt.time(9, 0), dt.time(8, 59)):
        with pytest.raises(ValidationError) as err:
            validation.visit_times(dt.time(9, 0), end)
        assert err.value.field == "end_time"


def test_a_future_visit_can_be_planned_but_not_closed() -> None:
    tomorrow = TODAY + dt.timedelta(days=1)
    validation.visit_date(tomorrow, TODAY, VisitStatus.DRAFT)
    validation.visit_date(TODAY, TODAY, VisitStatus.CLOSED)
    with pytest.raises(ValidationError):
        validation.visit_date(tomorrow, TODAY, VisitStatus.CLOSED)


def test_an_end_date_before_the_start_is_refused() -> None:
    validation.date_range(TODAY, None, "end_on")
    validation.date_range(TODAY, TODAY, "end_on")
    with pytest.raises(ValidationError):
        validation.date_range(TODAY, TODAY - dt.timedelta(days=1), "end_on")


# ---------------------------------------------------------------- closing and signing a visit


def test_a_closed_visit_is_immutable_and_a_draft_is_not() -> None:
    validation.visit_mutable(VisitStatus.DRAFT)
    with pytest.raises(ImmutableError, match="integrazioni"):
        validation.visit_mutable(VisitStatus.CLOSED)


def test_a_draft_may_be_saved_with_empty_place_and_notes() -> None:
    validation.visit_required_fields(VisitKind.HOME_VISIT, VisitOutcome.DONE, "", "", closing=False)


def test_closing_a_visit_that_took_place_needs_place_and_notes() -> None:
    with pytest.raises(ValidationError) as err:
        validation.visit_required_fields(
            VisitKind.HOME_VISIT, VisitOutcome.DONE, "  ", "Giocato a carte", closing=True
        )
    assert err.value.field == "place"
    with pytest.raises(ValidationError) as err:
        validation.visit_required_fields(
            VisitKind.HOME_VISIT, VisitOutcome.DONE, "Domicilio", " \n", closing=True
        )
    assert err.value.field == "notes"
    validation.visit_required_fields(
        VisitKind.HOME_VISIT, VisitOutcome.DONE, "Domicilio", "Giocato a carte", closing=True
    )


def test_a_phone_call_has_no_place_and_a_cancelled_visit_needs_no_notes() -> None:
    validation.visit_required_fields(
        VisitKind.PHONE_CALL, VisitOutcome.DONE, "", "Sentita la madre", closing=True
    )
    for outcome in (
        VisitOutcome.CANCELLED_BY_FAMILY,
        VisitOutcome.CANCELLED_BY_SERVICE,
        VisitOutcome.NO_SHOW,
    ):
        validation.visit_required_fields(VisitKind.HOME_VISIT, outcome, "", "", closing=True)


# ---------------------------------------------------------------- other limits


def test_texts_have_limits() -> None:
    assert validation.short_text("  breve  ", "title", "Titolo") == "breve"
    with pytest.raises(ValidationError):
        validation.short_text("x" * (validation.MAX_SHORT + 1), "title", "Titolo")
    with pytest.raises(ValidationError):
        validation.long_text("x" * (validation.MAX_TEXT + 1), "notes", "Note")
    with pytest.raises(ValidationError, match="obbligatorio"):
        validation.required(" ", "notes", "Note")


def test_structured_fields_must_be_json() -> None:
    assert validation.json_text('{"clima": "sereno"}', "observations")
    with pytest.raises(ValidationError):
        validation.json_text("{clima: sereno}", "observations")


def test_authorised_hours_and_attachment_sizes_are_bounded() -> None:
    assert validation.hours(7.499) == 7.5
    for wrong in (-0.5, 1000.5):
        with pytest.raises(ValidationError):
            validation.hours(wrong)
    validation.attachment_size(1)
    validation.attachment_size(validation.ATTACHMENT_MAX_BYTES)
    for wrong in (0, validation.ATTACHMENT_MAX_BYTES + 1):
        with pytest.raises(ValidationError):
            validation.attachment_size(wrong)


def test_signing_lists_every_missing_field_at_once() -> None:
    home, done = VisitKind.HOME_VISIT, VisitOutcome.DONE
    assert validation.missing_to_close(home, done, "", " ") == ["place", "notes"]
    assert validation.missing_to_close(VisitKind.PHONE_CALL, done, "", "") == ["notes"]
    assert validation.missing_to_close(home, VisitOutcome.NO_SHOW, "", "") == []
    with pytest.raises(ValidationError) as err:
        validation.visit_required_fields(home, done, "", "", closing=True)
    assert "Luogo, Descrizione della visita" in str(err.value)
    assert err.value.field == "place"


@pytest.mark.parametrize("control", ["\t", "\n", "\r", "\x00", "\x1b", "\x7f", "\x9b"])
def test_a_one_line_value_holds_no_control_character(control: str) -> None:
    # a name on two lines split the rows of a terminal's table and of a combo box
    with pytest.raises(ValidationError, match="va scritto su una riga") as err:
        validation.short_text(f"Anna{control}Rossi", "operator", "Nome dell'operatore")
    assert err.value.field == "operator"
    assert validation.short_text(" Anna Rossi — Ștefan 😀 ", "x", "X") == "Anna Rossi — Ștefan 😀"


def test_narrative_keeps_line_breaks_and_tabs_and_drops_other_controls() -> None:
    # never refused (a note pasted from another program must save: drafts autosave)
    note = "Prima riga\r\n\tseconda riga — è così 😀\n"
    assert validation.long_text(note, "notes", "Note") == note
    assert validation.long_text("Nota\x00\x07\x1b[2J\x85 fine", "notes", "Note") == "Nota[2J fine"
    # Word's line and page breaks in plain text
    assert validation.long_text("riga\x0bpagina\x0cfine", "notes", "Note") == "riga\npagina\nfine"
    assert validation.long_text("a\u2028b\u2029c", "notes", "Note") == "a\nb\nc"
