"""How big the name cards of a plan may be, and which stand further out.

A card stands on the far side of its seat from the table. Along a crowded edge (seats
closer than a card is wide) every other card stands one card further out, so
neighbours never overlap; the text size follows the room a card has, and the diagram's
zoom makes it readable again (a dense table is a small drawing).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from briefing_app.core.enums import TableLayout
from briefing_app.core.seating_layout import Layout, Seat

ROOMY = 1.25  # metres between seats from which a card needs no stagger
MAX_WIDTH = 190.0  # scene units (centimetres)


@dataclass(frozen=True)
class CardStyle:
    width: float  # scene units
    font_px: int
    far: frozenset[int]  # seats whose card stands one card further out


def _near(a: Seat, b: Seat, limit: float) -> bool:
    same_way = abs((a.facing - b.facing + 180) % 360 - 180) <= 45
    return same_way and math.hypot(a.x - b.x, a.y - b.y) < limit


def pitch(lay: Layout) -> float:
    """The usual distance (metres) from a seat to its nearest neighbour, measured where
    the cards stand (a round table's cards stand on a wider circle than its chairs)."""
    seats = lay.seats
    if len(seats) < 2:
        return 2.0
    gaps = sorted(min(math.hypot(s.x - t.x, s.y - t.y) for t in seats if t is not s)
                  for s in seats)
    p = gaps[len(gaps) // 2]
    if lay.kind == TableLayout.ROUND and lay.table.circle:
        r = lay.table.circle / 2 + 0.45
        p *= (r + 0.8) / r
    return p


def card_style(lay: Layout) -> CardStyle:
    p = pitch(lay)
    if lay.kind == TableLayout.THEATRE:  # rows close behind: small cards, none further out
        width = max(40.0, p * 100 - 4)
        return CardStyle(width, max(7, round(width / 7)), frozenset())
    if p >= ROOMY or lay.kind == TableLayout.ROUND:  # round: the circle widens outward
        width = max(70.0, min(MAX_WIDTH, p * 100 - 10))
        return CardStyle(width, min(17, max(8, round(width / 7.8))), frozenset())
    width = min(MAX_WIDTH, 2 * p * 100 - 14)
    far: set[int] = set()
    placed: list[Seat] = []
    for seat in sorted(lay.seats, key=lambda s: s.number):
        neighbours = [t for t in placed if _near(seat, t, 1.5 * p)]
        if any(t.number not in far for t in neighbours):
            far.add(seat.number)
        placed.append(seat)
    return CardStyle(width, min(16, max(8, round(width / 8.5))), frozenset(far))
