"""Dates typed the way people type them, and one display format that reads back."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing_app.gui.dates import DateParseError, format_date, parse_date

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

    from briefing_app.gui.dates import locale_months

    old = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        months = locale_months()
        assert parse_date("29. März 2024", months=months) == VISIT_DAY
        assert parse_date("11 Sept. 2019", months=months) == date(2019, 9, 11)
    finally:
        QLocale.setDefault(old)
