"""Seat by precedence (meal and talks conventions) and the plan's checks."""

from __future__ import annotations

import math

import pytest

from briefing_app.core.enums import Role
from briefing_app.core.seating_layout import honour_order, layout
from briefing_app.core.seating_rules import Placement, check_plan, seat_by_precedence

HOSTS = [101, 102, 103, 104]  # in precedence order: the host first
GUESTS = [201, 202, 203, 204]  # the guest of honour first


def _seats(placements: list[Placement]) -> dict[int, int]:
    return {p.person_id: p.seat for p in placements if not p.behind}


def _round_the_table(lay, seat_of: dict[int, int]) -> list[int]:
    """Who sits where, going round the table from the seat of honour."""
    by_seat = {seat: pid for pid, seat in seat_of.items()}
    ring = sorted(lay.seats, key=lambda s: math.atan2(s.y, s.x))
    start = next(i for i, s in enumerate(ring) if s.number == 1)
    return [by_seat.get(s.number) for s in ring[start:] + ring[:start]]


def test_a_meal_puts_host_and_guest_of_honour_side_by_side_at_the_head() -> None:
    lay = layout("round", 8, 2.2, 2.2)
    seat_of = _seats(seat_by_precedence(lay, "meal", HOSTS, GUESTS, {}))
    assert seat_of[101] == 1  # the seat of honour
    host, guest = lay.seats[0], lay.seats[seat_of[201] - 1]
    assert math.dist((host.x, host.y), (guest.x, guest.y)) == pytest.approx(
        2 * (1.1 + 0.45) * math.sin(math.pi / 8))  # the next chair
    assert guest.x < host.x  # on the host's right (the drawing's left)


def test_a_meal_alternates_hosts_and_guests_round_the_table() -> None:
    lay = layout("round", 8, 2.2, 2.2)
    ring = _round_the_table(lay, _seats(seat_by_precedence(lay, "meal", HOSTS, GUESTS, {})))
    sides = ["h" if pid in HOSTS else "g" for pid in ring]
    assert all(a != b for a, b in zip(sides, sides[1:] + sides[:1], strict=True)), ring


def test_a_meal_seats_rank_outward_from_the_head() -> None:
    lay = layout("round", 8, 2.2, 2.2)
    seat_of = _seats(seat_by_precedence(lay, "meal", HOSTS, GUESTS, {}))
    head = lay.head

    def dist(pid: int) -> float:
        s = lay.seats[seat_of[pid] - 1]
        return round(math.dist((s.x, s.y), head), 6)

    for side in (HOSTS, GUESTS):
        assert [dist(p) for p in side] == sorted(dist(p) for p in side)
    assert dist(202) <= dist(102)  # the second guest nearer than the second host


def test_a_meal_with_more_guests_than_hosts_seats_everyone_who_fits() -> None:
    lay = layout("rectangular", 6, 3.0, 1.2)
    seat_of = _seats(seat_by_precedence(lay, "meal", [101], GUESTS + [205, 206], {}))
    assert len(seat_of) == 6 and sorted(seat_of.values()) == [1, 2, 3, 4, 5, 6]
    assert seat_of[101] == honour_order(lay)[0].number
    assert 206 not in seat_of  # the table holds six: the lowest guest is left out


def test_talks_put_the_sides_face_to_face_principals_in_the_middle() -> None:
    lay = layout("boardroom", 10, 5.6, 1.6)
    seat_of = _seats(seat_by_precedence(lay, "talks", HOSTS, GUESTS, {}))
    seat = {pid: lay.seats[n - 1] for pid, n in seat_of.items()}
    assert {seat[p].side for p in HOSTS} == {"A"} and {seat[p].side for p in GUESTS} == {"B"}
    host, principal = seat[101], seat[201]
    assert host.x == pytest.approx(principal.x)  # across the table from each other
    assert abs(host.offset) == min(abs(s.offset) for s in lay.seats if s.side == "A")
    for side in (HOSTS, GUESTS):
        assert [round(abs(seat[p].offset), 6) for p in side] == sorted(
            round(abs(seat[p].offset), 6) for p in side)


def test_talks_seat_overflow_at_the_table_ends() -> None:
    lay = layout("boardroom", 8, 3.0, 1.2)  # three a side and one at each end
    seat_of = _seats(seat_by_precedence(lay, "talks", HOSTS, GUESTS, {}))
    assert {lay.seats[seat_of[p] - 1].side for p in (104, 204)} == {""}


def test_interpreters_sit_behind_their_principals() -> None:
    lay = layout("boardroom", 10, 5.6, 1.6)
    placed = seat_by_precedence(lay, "talks", HOSTS, GUESTS, {"host": [301], "guest": [302]})
    behind = {p.person_id: p.seat for p in placed if p.behind}
    seat_of = _seats(placed)
    assert behind == {301: seat_of[101], 302: seat_of[201]}
    assert 301 not in seat_of and 302 not in seat_of  # no place at the table


def _check(**kw):
    base = {"seat_count": 4, "convention": "meal", "seats": [], "participants": {},
            "names": {1: "Тоқаев", 2: "习近平", 3: "Wang Yi", 4: "Zhang Li"}}
    return check_plan(**(base | kw))


def test_a_good_plan_has_no_problems() -> None:
    """Security stays away from the table and is not reported; at a meal an interpreter
    is not required behind each principal."""
    seats = [Placement(1, 1), Placement(2, 2), Placement(4, 2, behind=True)]
    roles = {1: Role.PRINCIPAL, 2: Role.HOST, 4: Role.INTERPRETER, 3: Role.SECURITY}
    assert _check(seats=seats, participants=roles) == []


def test_the_checks_find_someone_seated_who_is_not_taking_part() -> None:
    [p] = _check(seats=[Placement(3, 1)], participants={})
    assert (p.code, p.person_id, p.seat) == ("not-participant", 3, 1)
    assert "Wang Yi" in p.message


def test_the_checks_find_a_participant_without_a_seat() -> None:
    problems = _check(seats=[Placement(1, 1)], participants={1: "principal", 2: "host",
                                                             3: "security"})
    assert [(p.code, p.person_id) for p in problems] == [("unseated", 2)]
    assert "习近平" in problems[0].message


def test_the_checks_find_two_people_in_one_seat() -> None:
    problems = _check(seats=[Placement(1, 3), Placement(2, 3)],
                      participants={1: "participant", 2: "participant"})
    assert [(p.code, p.seat) for p in problems] == [("shared-seat", 3)]
    assert "Тоқаев and 习近平" in problems[0].message


def test_the_checks_find_a_principal_at_talks_with_no_interpreter_behind() -> None:
    seats = [Placement(1, 1), Placement(2, 2), Placement(4, 2, behind=True)]
    problems = _check(seats=seats, participants={1: "principal", 2: "host", 4: "interpreter"},
                      convention="talks")
    assert [(p.code, p.person_id, p.seat) for p in problems] == [("no-interpreter", 1, 1)]


def test_the_checks_find_a_seat_the_table_does_not_have() -> None:
    [p] = _check(seats=[Placement(1, 9)], participants={1: "participant"})
    assert (p.code, p.seat) == ("no-such-seat", 9)
    assert "it has 4" in p.message
