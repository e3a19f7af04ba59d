"""Dates typed the way people type them, and one display format that reads back."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing_app.gui.widgets.dates import (
    DateParseError,
    format_date,
    format_datetime,
    parse_date,
    parse_datetime,
)

VISIT_DAY = date(2024, 3, 29)


@pytest.mark.parametrize("typed", ["29.03.2024", "29/03/2024", "29-03-2024", "2024-03-29",
                                   "2024/3/29", "29 Mar", "29 March 2024", "Mar 29",
                                   "March 29, 2024", "Fri 29 Mar 2024", "29.03", "29.3.24",
                                   " 29  mar  2024 "])
def test_the_ways_people_type_a_date(typed: str) -> None:
    assert parse_date(typed, default_year=2024) == VISIT_DAY


def test_no_year_means_the_reference_year() -> None:
    assert parse_date("11 Sep", default_year=2019) == date(2019, 9, 11)


@pytest.mark.parametrize(("typed", "why"), [
    ("31.02.2024", "not a date in the calendar"), ("next spring", "not a date"),
    ("29 Foo 2024", "not a month name"), ("", "not a date")])
def test_what_is_not_a_date_says_so(typed: str, why: str) -> None:
    with pytest.raises(DateParseError, match=why):
        parse_date(typed, default_year=2024)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_every_typed_form_and_the_display_format_read_back(d: date) -> None:
    for typed in (d.isoformat(), d.strftime("%d.%m.%Y"), d.strftime("%d/%m/%Y"),
                  f"{d.day} {d:%b} {d.year}", f"{d:%B} {d.day}, {d.year}"):
        assert parse_date(typed) == d, typed


def test_display_format_reads_back(qapp: object) -> None:
    for d in (date(2019, 9, 11), date(2024, 2, 29), date(2000, 12, 1)):
        assert parse_date(format_date(d)) == d


def test_a_locales_month_names_read_back(qapp: object) -> None:
    from PySide6.QtCore import QLocale

    from briefing_app.gui.widgets.dates import locale_months

    old = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        months = locale_months()
        assert parse_date("29. März 2024", months=months) == VISIT_DAY
        assert parse_date("11 Sept. 2019", months=months) == date(2019, 9, 11)
    finally:
        QLocale.setDefault(old)


# --- date and time together ---------------------------------------------------------

HELD = datetime(2019, 9, 10, 9, 0)  # the value the box held


@pytest.mark.parametrize(("typed", "expected"), [
    ("10 Sep 2019 14:30", datetime(2019, 9, 10, 14, 30)),
    ("10/9 14:30", datetime(2019, 9, 10, 14, 30)),       # no year: the held one
    ("11.09.2019, 2pm", datetime(2019, 9, 11, 14, 0)),
    ("2019-09-11T08:15", datetime(2019, 9, 11, 8, 15)),
    ("Wed 11 Sep 2019  18:05", datetime(2019, 9, 11, 18, 5)),  # the display format
    ("12 Sep 2019 at 7:05 am", datetime(2019, 9, 12, 7, 5)),
    ("14:30", datetime(2019, 9, 10, 14, 30)),            # a time alone keeps the date
    ("14h30", datetime(2019, 9, 10, 14, 30)),
    ("12am", datetime(2019, 9, 10, 0, 0)),
    ("12 Sep", datetime(2019, 9, 12, 9, 0)),             # a date alone keeps the time
    ("+1d", datetime(2019, 9, 11, 9, 0)), ("+2h", datetime(2019, 9, 10, 11, 0)),
    ("-30m", datetime(2019, 9, 10, 8, 30)), ("+1w", datetime(2019, 9, 17, 9, 0)),
    ("+3", datetime(2019, 9, 13, 9, 0)),                 # days, when no unit is given
])
def test_the_ways_people_type_a_date_and_time(typed: str, expected: datetime) -> None:
    assert parse_datetime(typed, HELD) == expected


@pytest.mark.parametrize(("typed", "why"), [
    ("25:00", "not a time of day"), ("13pm", "not an hour on a 12-hour clock"),
    ("31 Feb 10:00", "not a date in the calendar"), ("soon", "“soon” is not a date and time"),
    ("10", "not a date and time"),  # a bare number is no hour
    ("3000-01-01 10:00", "year 3000 is out of range"), ("", "required")])
def test_what_is_not_a_date_and_time_says_so(typed: str, why: str) -> None:
    with pytest.raises(DateParseError, match=why):
        parse_datetime(typed, HELD)


@given(st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2200, 12, 30)),
       st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2200, 12, 30)))
def test_the_shown_form_reads_back_whatever_was_held(shown: datetime, held: datetime) -> None:
    shown = shown.replace(second=0, microsecond=0)
    for typed in (format_datetime(shown), f"{shown:%Y-%m-%d %H:%M}",
                  f"{shown:%d.%m.%Y %H:%M}", f"{shown.day} {shown:%b %Y, %H:%M}"):
        assert parse_datetime(typed, held) == shown, typed
