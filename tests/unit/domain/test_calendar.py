"""The working calendar: national holidays, patron days per comune, Monday-first grids."""

from __future__ import annotations

import datetime as dt

import holidays

from minorifamiglie.domain.calendar import (
    PatronDay,
    holidays_between,
    month_grid,
    shift_month,
    week_days,
    week_start,
)


def test_liberation_day_and_christmas_are_national_holidays() -> None:
    found = holidays_between(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert found[dt.date(2026, 4, 25)].national
    assert found[dt.date(2026, 12, 25)].name == "Natale"
    assert "Pasqua" in found[dt.date(2026, 4, 5)].name


def test_saint_francis_is_a_national_holiday_from_2026_only() -> None:
    assert dt.date(2026, 10, 4) in holidays_between(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert dt.date(2025, 10, 4) not in holidays_between(dt.date(2025, 10, 1), dt.date(2025, 10, 31))


def test_sant_alessandro_is_a_holiday_in_bergamo_city_only() -> None:
    august = (dt.date(2026, 8, 1), dt.date(2026, 8, 31))
    assert dt.date(2026, 8, 26) not in holidays_between(*august)
    assert dt.date(2026, 8, 26) not in holidays_between(*august, comuni=["Dalmine"])
    city = holidays_between(*august, comuni=["bergamo"])[dt.date(2026, 8, 26)]
    assert (city.name, city.comune, city.national) == ("Sant'Alessandro", "Bergamo", False)


def test_bergamo_city_agrees_with_the_holidays_package_for_the_province() -> None:
    # Given the package's calendar of the province, without the first-Sunday-of-November day
    year = 2027
    package = {
        d
        for d, name in holidays.country_holidays(
            "IT", subdiv="BG", years=year, language="it_IT"
        ).items()
        if name != "Giorno dell'unità nazionale"
    }
    ours = holidays_between(dt.date(year, 1, 1), dt.date(year, 12, 31), comuni=["Bergamo"])
    assert set(ours) == package


def test_national_unity_day_is_not_a_day_off() -> None:
    november = holidays_between(dt.date(2027, 11, 1), dt.date(2027, 11, 30))
    assert list(november) == [dt.date(2027, 11, 1)]
    # 2026: it falls on All Saints' day, which stays
    assert holidays_between(dt.date(2026, 11, 1), dt.date(2026, 11, 1))[
        dt.date(2026, 11, 1)
    ].name == ("Ognissanti")


def test_patron_days_are_data() -> None:
    mine = (PatronDay("Zogno", 5, 8, "San Lorenzo"),)
    found = holidays_between(
        dt.date(2026, 5, 1), dt.date(2026, 5, 31), comuni=["Zogno"], patron_days=mine
    )
    assert found[dt.date(2026, 5, 8)].comune == "Zogno"
    assert found[dt.date(2026, 5, 1)].national  # Labour day stays


def test_names_in_english_on_request() -> None:
    found = holidays_between(dt.date(2026, 12, 25), dt.date(2026, 12, 25), language="en_GB")
    assert found[dt.date(2026, 12, 25)].name == "Christmas Day"


def test_weeks_start_on_monday_and_month_grids_hold_six_weeks() -> None:
    assert week_start(dt.date(2026, 4, 25)) == dt.date(2026, 4, 20)  # a Saturday
    assert week_start(dt.date(2026, 4, 20)) == dt.date(2026, 4, 20)
    assert [d.weekday() for d in week_days(dt.date(2026, 4, 26))] == list(range(7))
    grid = month_grid(2026, 2)
    assert grid[0] == dt.date(2026, 1, 26) and len(grid) == 42
    assert all(d.weekday() == i % 7 for i, d in enumerate(grid))
    assert shift_month(dt.date(2026, 12, 31), 1) == dt.date(2027, 1, 1)
    assert shift_month(dt.date(2026, 1, 15), -1) == dt.date(2025, 12, 1)
