"""Seat by precedence and the checks of a plan: pure functions over plain data.

The conventions (issue 13): at talks the two sides face each other, host and principal
in the middle of their sides and the rest outward by rank (right, then left); at a
meal host and guest of honour sit side by side in the seat of honour and the next
seat, then guests and hosts alternate outward by rank. Interpreters sit behind their
principals (a chair behind the seat, not a place at the table). A layout without
facing sides (theatre rows) seats talks by the meal's order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import zip_longest

from briefing_app.core.enums import Role, SeatingConvention
from briefing_app.core.seating_layout import Layout, honour_order, side_order

# Roles that do not take a place at the table (they are not reported as unseated).
AWAY_FROM_TABLE = frozenset({Role.SECURITY, Role.SUPPORT, Role.PRESS_OFFICER})
PRINCIPAL_ROLES = frozenset({Role.PRINCIPAL, Role.HOST})


@dataclass(frozen=True)
class Placement:
    person_id: int
    seat: int
    behind: bool = False


@dataclass(frozen=True)
class Problem:
    """One finding of the plan's checks, worded for the plan's margin."""

    code: str  # not-participant, unseated, shared-seat, no-interpreter, no-such-seat
    message: str
    seat: int | None = None
    person_id: int | None = None


def seat_by_precedence(lay: Layout, convention: str, hosts: Sequence[int],
                       guests: Sequence[int], interpreters: dict[str, Sequence[int]]
                       ) -> list[Placement]:
    """Placements for everyone who fits: `hosts` and `guests` in precedence order (the
    host and the principal first); `interpreters` by side ("host", "guest") in order.
    Those the table cannot hold are left out (the checks report them as unseated)."""
    convention = SeatingConvention(convention)
    out: list[Placement] = []
    seat_of: dict[int, int] = {}
    facing = [s for s in lay.seats if s.side in ("A", "B")]
    if convention == SeatingConvention.TALKS and facing:
        a, b = side_order(lay, "A"), side_order(lay, "B")
        ends = [s for s in honour_order(lay) if s.side == ""]
        for people, seats in ((hosts, a), (guests, b)):
            for pid, seat in zip(people, seats, strict=False):
                seat_of[pid] = seat.number
        overflow = [p for p in (*hosts[len(a):], *guests[len(b):])]
        for pid, seat in zip(overflow, ends, strict=False):
            seat_of[pid] = seat.number
    else:
        order = [*hosts[:1], *guests[:1]]
        for g, h in zip_longest(guests[1:], hosts[1:]):
            order += [p for p in (g, h) if p is not None]
        for pid, seat in zip(order, honour_order(lay), strict=False):
            seat_of[pid] = seat.number
    out += [Placement(pid, seat) for pid, seat in seat_of.items()]
    for side, people in (("host", hosts), ("guest", guests)):
        seated = [p for p in people if p in seat_of]
        for interp, principal in zip(interpreters.get(side, ()), seated, strict=False):
            out.append(Placement(interp, seat_of[principal], behind=True))
    return out


def check_plan(seat_count: int, convention: str, seats: Sequence[Placement],
               participants: dict[int, str], names: dict[int, str]) -> list[Problem]:
    """What is wrong with a plan: `seats` as stored, `participants` person id -> role
    at the event, `names` person id -> how to name them."""
    out: list[Problem] = []
    at: dict[int, list[int]] = {}
    behind: dict[int, list[int]] = {}
    seated = set()
    for p in seats:
        seated.add(p.person_id)
        (behind if p.behind else at).setdefault(p.seat, []).append(p.person_id)
        if p.seat > seat_count:
            out.append(Problem("no-such-seat", f"{names.get(p.person_id, '?')} is in seat "
                               f"{p.seat}, which this table does not have (it has "
                               f"{seat_count})", p.seat, p.person_id))
        if p.person_id not in participants:
            out.append(Problem("not-participant", f"{names.get(p.person_id, '?')} is seated "
                               f"but does not take part in the event", p.seat, p.person_id))
    for seat, people in sorted(at.items()):
        if len(people) > 1:
            who = " and ".join(names.get(p, "?") for p in people)
            out.append(Problem("shared-seat", f"seat {seat} has two people: {who}", seat))
    for pid, role in participants.items():
        if pid not in seated and role not in AWAY_FROM_TABLE:
            out.append(Problem("unseated", f"{names.get(pid, '?')} takes part but has no seat",
                               None, pid))
    if SeatingConvention(convention) == SeatingConvention.TALKS:
        for seat, people in sorted(at.items()):
            for pid in people:
                if participants.get(pid) in PRINCIPAL_ROLES and not any(
                        participants.get(i) == Role.INTERPRETER for i in behind.get(seat, ())):
                    out.append(Problem("no-interpreter", f"{names.get(pid, '?')} has no "
                                       f"interpreter behind them", seat, pid))
    return out
