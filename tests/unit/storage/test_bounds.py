"""storage/bounds.py: every synchronised column has a bound derived from its model, the domain
bounds narrow the columns they name, and a refusal names table.field and the rule, never the
value (the values a sender chose may be personal)."""

from __future__ import annotations

import pytest

from minorifamiglie.storage import bounds
from minorifamiglie.storage import models as m

SECRET = "Rossi Mario via Roma 1"


def test_every_synced_column_has_a_bound() -> None:
    for table, model in m.MODEL_BY_TABLE.items():
        columns = {c.name for c in model.__table__.columns}
        assert set(bounds.BOUNDS[table]) == columns, table
        assert set(bounds.raw_converters(table)) == columns
        assert set(bounds.decoders(table)) == columns


def test_every_domain_bound_names_a_real_column() -> None:
    for table, column in bounds.DOMAIN_BOUNDS:
        assert column in bounds.BOUNDS[table], (table, column)


def test_the_models_lengths_and_the_domain_caps_are_the_limits() -> None:
    assert bounds.BOUNDS["cases"]["title"].max_chars == 300
    assert bounds.BOUNDS["cases"]["summary"].max_chars == 100_000
    assert bounds.BOUNDS["attachments"]["size"].high == 20 * 1024 * 1024
    assert bounds.BOUNDS["service_activations"]["authorised_hours"].high == 1000


@pytest.mark.parametrize(
    ("table", "column", "value", "message"),
    [
        ("cases", "title", SECRET * 20, "cases.title is longer than 300 characters"),
        ("cases", "opened_on", "2101-01-01",
         "cases.opened_on out of range (1900-01-01..2100-12-31)"),
        ("cases", "opened_on", "2026-02-30", "cases.opened_on has the wrong type or shape"),
        ("cases", "status", SECRET, "cases.status has the wrong type or shape"),
        ("cases", "code", None, "cases.code is required"),
        ("attachments", "size", 2**70, "attachments.size out of range (0..20971520)"),
        ("attachments", "size", True, "attachments.size has the wrong type or shape"),
        ("service_activations", "authorised_hours", float("nan"),
         "service_activations.authorised_hours is not a finite number"),
        ("service_activations", "authorised_hours", 2**2000,
         "service_activations.authorised_hours has the wrong type or shape"),
        ("visits", "start_time", "10", "visits.start_time is not in its canonical form"),
        ("visits", "present_person_ids", f'["{SECRET}"]',
         "visits.present_person_ids lists an entry that is not a UUID"),
        ("visits", "observations", '{"rischi": 5}',
         "visits.observations has a heading that is not text of at most 100000 characters"),
        ("persons", "id", SECRET, "persons.id is not in its canonical form"),
        # revision 0006: a Belfiore code, an ISO alpha-2 code, F or M, a boolean
        ("persons", "birthplace", SECRET, "persons.birthplace is longer than 4 characters"),
        ("persons", "birthplace", "a794", "persons.birthplace has not the expected shape"),
        ("persons", "birthplace", 794, "persons.birthplace has the wrong type or shape"),
        ("persons", "citizenship", "ITA", "persons.citizenship is longer than 2 characters"),
        ("persons", "citizenship", "I1", "persons.citizenship has not the expected shape"),
        ("persons", "sex", "X", "persons.sex has the wrong type or shape"),
        ("persons", "sex", "f", "persons.sex has the wrong type or shape"),
        ("persons", "msna", "sì", "persons.msna has the wrong type or shape"),
        ("persons", "msna", 1, "persons.msna has the wrong type or shape"),
        # the same bytes spelt with non-zero unused bits: stored as sent, logged re-encoded
        ("ambito_settings", "logo", "AB==", "ambito_settings.logo has the wrong type or shape"),
        ("ambito_settings", "logo", "AAB=", "ambito_settings.logo has the wrong type or shape"),
    ],
)  # fmt: skip
def test_a_refusal_names_the_field_and_the_rule_never_the_value(
    table: str, column: str, value: object, message: str
) -> None:
    for convert in (bounds.raw_converters(table)[column], bounds.decoders(table)[column]):
        with pytest.raises(bounds.ValueRefused) as info:
            convert(value)
        assert str(info.value) == message
        assert "Rossi" not in str(info.value)


def test_canonical_values_pass_in_both_forms() -> None:
    raw, decoded = bounds.raw_converters("visits"), bounds.decoders("visits")
    assert raw["date"]("2026-11-24") == "2026-11-24"
    assert raw["start_time"]("15:30") == "15:30:00.000000"
    assert raw["closed_at"]("2026-11-24T10:00:00.000000+00:00").endswith("+00:00")
    assert decoded["date"]("2026-11-24").year == 2026
    assert raw["present_person_ids"]("") == ""
    assert raw["observations"]('{"contatto_fisico": {"rating": "adeguato", "note": ""}}')
    assert raw["observations"]('{"nuova_voce": {"di": {"un": "futuro"}}}')  # kept, bounded
    people = bounds.raw_converters("persons")
    assert (people["birthplace"]("Z330"), people["citizenship"]("MA")) == ("Z330", "MA")
    assert (people["sex"]("F"), people["msna"](True)) == ("F", True)
    assert [people[c](None) for c in ("sex", "birthplace", "citizenship", "msna")] == [None] * 4
