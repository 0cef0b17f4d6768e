"""domain/community_projects.py: what plainly is personal data is kept out of an activity's
description; the tally of a period adds activities, minutes and presences."""

from __future__ import annotations

import datetime as dt

import pytest

from minorifamiglie.domain.community_projects import (
    ActivityTally,
    refuse_personal_data,
    tally,
    year_bounds,
)
from minorifamiglie.domain.errors import ValidationError


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("chiamare la mamma al 347 123 4567", "numero di telefono"),
        ("tel. 035-123456 per la sala", "numero di telefono"),
        ("+39 3471234567", "numero di telefono"),
        ("scrivere a volontaria@example.org", "indirizzo e-mail"),
        ("presente RSSMRA80A01A794X", "codice fiscale"),
        ("presente rssmra80a01a794x", "codice fiscale"),
    ],
)
def test_plain_personal_data_is_refused(text: str, says: str) -> None:
    with pytest.raises(ValidationError, match=says) as err:
        refuse_personal_data(text, "description")
    assert err.value.field == "description"


@pytest.mark.parametrize(
    "text",
    [
        "Laboratorio di orto con la scuola media, 12/03/2026",
        "ore 09.30-12.00 15 presenze",
        "12-03-2026 300 persone alla festa del quartiere",
        "Pulizia del parco 2026 2027",
        "",
    ],
)
def test_dates_times_and_counts_are_not_taken_for_phone_numbers(text: str) -> None:
    refuse_personal_data(text, "description")  # no error: nothing personal in these


def test_the_tally_of_a_period_counts_activities_minutes_and_presences() -> None:
    rows = [
        (dt.date(2025, 12, 31), 60, 10),
        (dt.date(2026, 1, 1), 90, 12),
        (dt.date(2026, 6, 15), 120, 30),
        (dt.date(2026, 12, 31), 45, 8),
        (dt.date(2027, 1, 1), 30, 5),
    ]
    year = tally(rows, *year_bounds(2026))
    assert year == ActivityTally(activities=3, minutes=255, participants=50)
    assert year.hours == 4.25
    assert tally(rows) == ActivityTally(5, 345, 65)
    assert tally(rows, end=dt.date(2025, 12, 31)) == ActivityTally(1, 60, 10)
    assert tally([]) == ActivityTally() and ActivityTally().hours == 0
    assert ActivityTally(1, 20, 3).hours == 0.33  # to the hundredth, as the hours report
