"""The delegation's warnings (passports, visas) around their boundaries, the motorcade's
cars and a speech's reading blocks."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from briefing_app.core.protocol_lists import (
    delegate_warnings,
    delegation_warnings,
    months_after,
    motorcade,
    reading_blocks,
    speaking_minutes,
    split_sentences,
)

END = date(2019, 9, 12)  # the demo visit's last day


def _d(expiry: date | None = date(2030, 1, 1), visa: str = "not required", pid: int = 1):
    return SimpleNamespace(id=pid, person_id=pid, passport_expiry=expiry, visa_status=visa)


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2019, 9, 12), 6, date(2020, 3, 12)),
    (date(2019, 8, 31), 6, date(2020, 2, 29)),  # no 31 February: the month's last day
    (date(2018, 8, 31), 6, date(2019, 2, 28)),
    (date(2019, 11, 30), 3, date(2020, 2, 29)),
    (date(2019, 7, 15), 6, date(2020, 1, 15)),  # across the year
])
def test_months_after(day: date, months: int, expected: date) -> None:
    assert months_after(day, months) == expected


def test_a_passport_valid_exactly_six_months_after_the_visit_is_fine() -> None:
    assert delegate_warnings(_d(date(2020, 3, 12)), END, "Тоқаев") == []
    assert delegate_warnings(_d(date(2020, 3, 13)), END, "Тоқаев") == []


def test_a_passport_expiring_a_day_inside_six_months_is_warned() -> None:
    [w] = delegate_warnings(_d(date(2020, 3, 11)), END, "Тоқаев")
    assert w.startswith("Тоқаев: passport expires on 11 Mar 2020, within 6 months")
    assert "12 Sep 2019" in w


def test_a_passport_expiring_on_the_last_day_is_within_six_months() -> None:
    [w] = delegate_warnings(_d(END), END, "Тоқаев")
    assert "within 6 months" in w


def test_a_passport_expiring_before_the_visit_ends_says_so() -> None:
    [w] = delegate_warnings(_d(date(2019, 9, 11)), END, "习近平")
    assert w == "习近平: passport expires on 11 Sep 2019, before the visit ends (12 Sep 2019)"


def test_a_passport_without_an_expiry_is_warned() -> None:
    assert delegate_warnings(_d(None), END, "Тоқаев") == ["Тоқаев: passport expiry not recorded"]


@pytest.mark.parametrize("visa", ["required", "applied", "refused"])
def test_a_missing_visa_is_warned(visa: str) -> None:
    [w] = delegate_warnings(_d(visa=visa), END, "Тоқаев")
    assert w == f"Тоқаев: visa {visa}, not granted"


@pytest.mark.parametrize("visa", ["not required", "granted"])
def test_a_visa_granted_or_not_needed_is_fine(visa: str) -> None:
    assert delegate_warnings(_d(visa=visa), END, "Тоқаев") == []


def test_both_problems_of_one_delegate_and_the_list_in_order() -> None:
    out = delegation_warnings([_d(date(2020, 1, 1), "applied", 2), _d(pid=3),
                               _d(None, pid=4)], END, {2: "Атамқұлов"})
    assert out[0].startswith("Атамқұлов: passport expires on 01 Jan 2020")
    assert out[1] == "Атамқұлов: visa applied, not granted"
    assert out[2] == "delegate #4: passport expiry not recorded"
    assert len(out) == 3


def test_a_motorcade_groups_seats_into_cars_in_order() -> None:
    def seat(ev, pos, num, driver="", liaison="", pid=None):
        return SimpleNamespace(event_id=ev, car_position=pos, car_number=num, driver=driver,
                               liaison=liaison, person_id=pid)

    seats = [seat(7, 2, "B2", pid=3), seat(7, 1, "A1", "", "", 1),
             seat(7, 1, "A1", "Ли Мин", "王", 2), seat(None, 1, "S", pid=4)]
    cars = motorcade(seats)
    assert list(cars) == [None, 7]
    assert [(c.position, c.number, c.driver, c.liaison, len(c.seats)) for c in cars[7]] == [
        (1, "A1", "Ли Мин", "王", 2), (2, "B2", "", "", 1)]


def test_reading_blocks_split_paragraphs_pauses_and_sentences() -> None:
    text = "Құрметті Төраға! Dear friends.\n\n//\n\n尊敬的主席。我们很高兴。\nSecond line."
    blocks = reading_blocks(text)
    assert [b.sentences for b in blocks] == [
        ("Құрметті Төраға!", "Dear friends."), (), ("尊敬的主席。", "我们很高兴。", "Second line.")]
    assert blocks[1].is_pause
    assert split_sentences('He said «Yes.» Then «No!» 他说：“好。”然后走了') == [
        "He said «Yes.»", "Then «No!»", "他说：“好。”", "然后走了"]  # quotes kept
    assert speaking_minutes("one two [pause] three four", 2) == 2.0
