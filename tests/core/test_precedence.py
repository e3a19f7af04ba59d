"""The order of precedence: rank, then office rank, then date of appointment."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from briefing_app.core.precedence import event_order, in_precedence


def _p(pid: int) -> SimpleNamespace:
    return SimpleNamespace(id=pid)


def _e(rank: int, office: int = 100, appointed: date | None = None) -> SimpleNamespace:
    return SimpleNamespace(rank=rank, office_rank=office, appointed_on=appointed)


def _order(people: list[int], entries: dict[int, SimpleNamespace]) -> list[int]:
    return [p.id for p in in_precedence([_p(i) for i in people], entries)]


def test_rank_decides_before_office_and_appointment() -> None:
    entries = {1: _e(3, office=1, appointed=date(2000, 1, 1)), 2: _e(1, office=90),
               3: _e(2, office=50, appointed=date(2020, 1, 1))}
    assert _order([1, 2, 3], entries) == [2, 3, 1]


def test_a_tie_goes_to_the_higher_office() -> None:
    entries = {1: _e(3, office=20, appointed=date(2010, 1, 1)),
               2: _e(3, office=10, appointed=date(2019, 1, 1))}
    assert _order([1, 2], entries) == [2, 1]


def test_a_tie_in_office_goes_to_the_earlier_appointment() -> None:
    """The demo's ministers of rank 3 and office 20: Nuryshev (2015) before Nurtleuov (2019)."""
    entries = {1: _e(3, office=20, appointed=date(2019, 3, 24)),
               2: _e(3, office=20, appointed=date(2015, 5, 4))}
    assert _order([1, 2], entries) == [2, 1]


def test_a_known_appointment_comes_before_an_unknown_one() -> None:
    entries = {1: _e(3, office=20), 2: _e(3, office=20, appointed=date(2021, 1, 1))}
    assert _order([1, 2], entries) == [2, 1]


def test_a_full_tie_keeps_the_people_lists_order() -> None:
    entries = {1: _e(4, 30, date(2019, 1, 1)), 2: _e(4, 30, date(2019, 1, 1))}
    assert _order([2, 1], entries) == [2, 1]
    assert _order([1, 2], entries) == [1, 2]


def test_the_unranked_come_after_everyone_ranked_in_list_order() -> None:
    entries = {4: _e(10_000, office=10_000)}
    assert _order([1, 4, 2], entries) == [4, 1, 2]


def test_an_events_people_are_listed_side_by_side_in_precedence() -> None:
    """Ours first, then the counterpart, then others; each side by rank; the unranked
    after them in the order the user gave."""
    parts = [(10, "principal"), (20, "host"), (11, "participant"), (12, "note-taker"),
             (21, "participant"), (30, "participant"), (13, "participant")]
    sides = {10: "our delegation", 11: "our delegation", 12: "our delegation",
             13: "our delegation", 20: "counterpart", 21: "counterpart", 30: "other"}
    entries = {10: _e(1), 11: _e(3, 20, date(2019, 3, 24)), 13: _e(3, 20, date(2015, 5, 4)),
               20: _e(1), 21: _e(2)}
    assert [p for p, _r in event_order(parts, sides, entries)] == [10, 13, 11, 12, 20, 21, 30]
    assert dict(event_order(parts, sides, entries))[12] == "note-taker"  # roles travel along


def test_with_no_precedence_set_an_events_order_is_the_users_within_each_side() -> None:
    parts = [(2, "participant"), (1, "principal"), (3, "host")]
    sides = {1: "our delegation", 2: "our delegation", 3: "counterpart"}
    assert event_order(parts, sides, {}) == parts
