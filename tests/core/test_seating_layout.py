"""Table layouts drawn to scale: every seat is a chair's depth from its table's edge."""

from __future__ import annotations

import math

import pytest

from briefing_app.core.enums import TableLayout
from briefing_app.core.seating_layout import (
    CHAIR,
    PITCH,
    ROW_PITCH,
    SEAT_PITCH,
    honour_order,
    layout,
    side_order,
)


def _to_rect(x: float, y: float, rect: tuple[float, float, float, float]) -> float:
    """Distance from a point to a rectangle (0 inside it)."""
    rx, ry, w, h = rect
    dx = max(rx - x, 0.0, x - (rx + w))
    dy = max(ry - y, 0.0, y - (ry + h))
    return math.hypot(dx, dy)


@pytest.mark.parametrize("kind", [k for k in TableLayout if k != TableLayout.THEATRE])
@pytest.mark.parametrize("count", [1, 2, 5, 8, 13, 24])
def test_every_table_seats_its_count_a_chairs_depth_from_the_edge(kind: str, count: int) -> None:
    lay = layout(kind, count, 4.0, 1.2)
    assert [s.number for s in lay.seats] == list(range(1, count + 1))
    for s in lay.seats:
        if lay.table.circle:
            assert math.hypot(s.x, s.y) == pytest.approx(2.0 + CHAIR)
        else:
            gaps = [_to_rect(s.x, s.y, r) for r in lay.table.rects]
            assert min(gaps) == pytest.approx(CHAIR), (kind, s)
            assert all(g > 0 for g in gaps), f"seat {s.number} stands inside a table"
    x, y, w, h = lay.extent()
    assert all(x < s.x < x + w and y < s.y < y + h for s in lay.seats)


@pytest.mark.parametrize("kind", list(TableLayout))
def test_no_two_chairs_stand_closer_than_a_diner_needs(kind: str) -> None:
    lay = layout(kind, 12, 4.0, 1.2)
    need = SEAT_PITCH if kind == TableLayout.THEATRE else PITCH / 2 + 0.2
    for a in lay.seats:
        for b in lay.seats:
            if a.number < b.number:
                assert math.hypot(a.x - b.x, a.y - b.y) >= need - 1e-9, (a, b)


def test_a_round_table_to_scale_with_the_seat_of_honour_at_its_head() -> None:
    lay = layout("round", 8, 2.2, 2.2)
    assert lay.table.circle == 2.2
    r = 1.1 + CHAIR
    assert (lay.seats[0].x, lay.seats[0].y) == pytest.approx((0.0, -r))
    assert lay.head == pytest.approx((0.0, -r))
    gaps = {round(math.dist((a.x, a.y), (b.x, b.y)), 6)
            for a, b in zip(lay.seats, lay.seats[1:] + lay.seats[:1], strict=True)}
    assert gaps == {round(2 * r * math.sin(math.pi / 8), 6)}  # evenly round the edge
    assert lay.seats[0].facing == 90.0  # looks down the drawing, at the table


def test_a_rectangular_table_spreads_each_side_evenly_along_its_length() -> None:
    lay = layout("rectangular", 10, 4.0, 1.2)
    top = sorted(s.x for s in lay.seats if s.side == "A")
    bottom = sorted(s.x for s in lay.seats if s.side == "B")
    assert top == bottom == pytest.approx([-1.6, -0.8, 0.0, 0.8, 1.6])
    assert {round(s.y, 6) for s in lay.seats if s.side == "A"} == {round(-(0.6 + CHAIR), 6)}
    assert {round(s.y, 6) for s in lay.seats if s.side == "B"} == {round(0.6 + CHAIR, 6)}


def test_a_boardroom_table_seats_one_at_each_end_from_six() -> None:
    ends = [s for s in layout("boardroom", 10, 5.6, 1.6).seats if s.side == ""]
    assert sorted(s.x for s in ends) == pytest.approx([-(2.8 + CHAIR), 2.8 + CHAIR])
    assert all(s.y == 0 for s in ends)
    assert not [s for s in layout("boardroom", 5, 5.6, 1.6).seats if s.side == ""]


def test_a_t_shape_seats_the_head_table_on_one_side_and_the_leg_on_both() -> None:
    lay = layout("T-shape", 12, 2.8, 1.0)
    head = [s for s in lay.seats if s.side == "A"]
    assert len(head) == int(2.8 / PITCH)
    assert {round(s.y, 6) for s in head} == {round(-0.5 - CHAIR, 6)}
    leg = [s for s in lay.seats if s.side == "B"]
    assert sorted({round(abs(s.x), 6) for s in leg}) == [round(0.5 + CHAIR, 6)]


def test_u_shape_arms_face_each_other() -> None:
    lay = layout("U-shape", 11, 4.0, 0.8)  # three at the base, four on each arm
    a = [s for s in lay.seats if s.side == "A"]
    b = [s for s in lay.seats if s.side == "B"]
    assert len(a) == len(b) == 4 and all(s.x < 0 for s in a) and all(s.x > 0 for s in b)
    assert {s.facing for s in a} == {0.0} and {s.facing for s in b} == {180.0}


def test_theatre_rows_fill_from_the_front_middle_to_scale() -> None:
    lay = layout("theatre rows", 11, 2.2, 0.5)  # four seats a row
    rows = {}
    for s in lay.seats:
        rows.setdefault(s.row, []).append(s)
    assert [len(rows[r]) for r in sorted(rows)] == [4, 4, 3]
    assert [rows[r][0].y for r in sorted(rows)] == pytest.approx(
        [1.5, 1.5 + ROW_PITCH, 1.5 + 2 * ROW_PITCH])
    xs = [s.x for s in rows[0]]
    assert [b - a for a, b in zip(xs, xs[1:], strict=False)] == pytest.approx([SEAT_PITCH] * 3)
    assert sum(xs) == pytest.approx(0.0)  # each row centred on the stage
    assert honour_order(lay)[0].row == 0


def test_honour_goes_outward_from_the_head_the_hosts_right_first() -> None:
    lay = layout("round", 8, 2.2, 2.2)
    order = honour_order(lay)
    assert order[0].number == 1
    head = lay.head
    dist = [round(math.dist((s.x, s.y), head), 6) for s in order]
    assert dist == sorted(dist)
    assert order[1].x < 0 < order[2].x  # the host's right is the drawing's left


def test_a_side_is_ordered_from_its_middle_outward() -> None:
    lay = layout("rectangular", 10, 4.0, 1.2)
    assert [s.offset for s in side_order(lay, "A")] == pytest.approx([0.0, -0.8, 0.8, -1.6, 1.6])


def test_an_unknown_layout_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="hexagon"):
        layout("hexagon", 4, 2.0, 1.0)
