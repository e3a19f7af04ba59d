"""Where the seats of a table layout stand, in metres, and which seats honour most.

Pure geometry shared by the window's diagram and the printed plan, so both draw the
same table. The origin is the middle of the table (of the stage's front edge for
theatre rows); y grows towards the bottom of the drawing, which is where the room's
door is: the top of the drawing is the head of the table.

Each seat carries the side it belongs to when the two delegations face each other
("A" the host's side, "B" the guests', "" neither: table ends, a U's base) and its
offset along that side from the side's middle (negative: the host's right, which is
the drawing's left as the host sits at the top facing down).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from briefing_app.core.enums import TableLayout

CHAIR = 0.45  # metres from the table's edge to a chair's centre
PITCH = 0.70  # metres of table edge each diner needs
ROW_PITCH = 1.0  # theatre rows, front to front
SEAT_PITCH = 0.55  # theatre seats, side by side


@dataclass(frozen=True)
class Seat:
    number: int  # from 1, as printed on the plan
    x: float
    y: float
    facing: float  # degrees the sitter looks towards: 90 = down the drawing
    side: str  # "A", "B" or ""
    offset: float  # along its side from the side's middle (negative: host's right)
    row: int = 0  # theatre rows, from the front


@dataclass(frozen=True)
class Table:
    """A table's outline: a circle (round) or rectangles, in metres."""

    circle: float = 0.0  # a round table's diameter (0: rectangles)
    rects: tuple[tuple[float, float, float, float], ...] = ()  # x, y, width, height


@dataclass(frozen=True)
class Layout:
    kind: TableLayout
    table: Table
    seats: tuple[Seat, ...]
    head: tuple[float, float]  # the seat of honour's point: the middle of the head

    def extent(self) -> tuple[float, float, float, float]:
        """The bounding box of tables and chairs (x, y, width, height), with a margin."""
        xs = [s.x for s in self.seats]
        ys = [s.y for s in self.seats]
        if self.table.circle:
            r = self.table.circle / 2
            xs += [-r, r]
            ys += [-r, r]
        for x, y, w, h in self.table.rects:
            xs += [x, x + w]
            ys += [y, y + h]
        m = 0.6
        return min(xs) - m, min(ys) - m, max(xs) - min(xs) + 2 * m, max(ys) - min(ys) + 2 * m


def _split(n: int, parts: int) -> list[int]:
    base, extra = divmod(n, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _line(k: int, length: float) -> list[float]:
    """k positions spread evenly along a table edge of `length`, centred on 0."""
    step = length / k if k else 0
    return [-length / 2 + step * (i + 0.5) for i in range(k)]


def layout(kind: str, seat_count: int, length_m: float, width_m: float) -> Layout:
    """The seats of `seat_count` people at a table of the given size (metres).

    For a round table `length_m` is its diameter; for T and U shapes it is the head
    table's (base's) length and `width_m` each table's depth, the legs as long again.
    """
    kind = TableLayout(kind)
    n = max(1, int(seat_count))
    build = _BUILDERS[kind]
    table, raw, head = build(n, float(length_m), float(width_m))
    seats = tuple(Seat(i, *s) for i, s in enumerate(raw, start=1))
    return Layout(kind, table, seats, head)


def _round(n: int, d: float, _w: float):
    r = d / 2 + CHAIR
    seats = []
    for i in range(n):
        a = -90 + 360 * i / n
        x, y = r * math.cos(math.radians(a)), r * math.sin(math.radians(a))
        y = 0.0 if abs(y) < 1e-9 else y
        side = "A" if y < -1e-6 else "B" if y > 1e-6 else ""
        seats.append((x, y, (a + 180) % 360, side, x))
    return Table(circle=d), seats, (0.0, -r)


def _long_table(n: int, length: float, width: float, ends: bool):
    seats = []
    at_ends = 2 if ends and n >= 6 else 0
    top, bottom = _split(n - at_ends, 2)
    y0 = width / 2 + CHAIR
    for x in _line(top, length):
        seats.append((x, -y0, 90.0, "A", x))
    for x in _line(bottom, length):
        seats.append((x, y0, 270.0, "B", x))
    if at_ends:
        x0 = length / 2 + CHAIR
        seats.append((-x0, 0.0, 0.0, "", -x0))
        seats.append((x0, 0.0, 180.0, "", x0))
    return Table(rects=((-length / 2, -width / 2, length, width),)), seats, (0.0, -y0)


def _rectangular(n: int, length: float, width: float):
    return _long_table(n, length, width, ends=False)


def _boardroom(n: int, length: float, width: float):
    return _long_table(n, length, width, ends=True)


def _t_shape(n: int, length: float, width: float):
    """A head table (chairs on its far side only, facing the room) and a leg down from
    its middle with chairs on both sides: the head table is the host's side (A)."""
    head_k = min(n, max(1, int(length / PITCH)))
    left, right = _split(n - head_k, 2)
    leg_len = max(PITCH * max(left, right, 1), length)
    top = -width / 2
    seats = [(x, top - CHAIR, 90.0, "A", x) for x in _line(head_k, length)]
    ys = [width / 2 + leg_len * (i + 0.5) / max(left, right, 1) for i in range(max(left, right))]
    xl = width / 2 + CHAIR
    for i in range(max(left, right)):
        if i < left:
            seats.append((-xl, ys[i], 0.0, "B", -xl - ys[i]))
        if i < right:
            seats.append((xl, ys[i], 180.0, "B", xl + ys[i]))
    rects = ((-length / 2, top, length, width), (-width / 2, width / 2, width, leg_len))
    return Table(rects=rects), seats, (0.0, top - CHAIR)


def _u_shape(n: int, length: float, width: float):
    """A base across the top and two arms; chairs on the outside facing in. The arms
    face each other (the host's side on the left arm, the guests' on the right); the
    base seats the chair of the meeting and the principals' end."""
    base_k = min(n, max(1, int((length - 2 * width) / PITCH)))
    left, right = _split(n - base_k, 2)
    arm_len = max(PITCH * max(left, right, 1), length * 0.8)
    seats = [(x, -width / 2 - CHAIR, 90.0, "", x) for x in _line(base_k, length - 2 * width)]
    x_arm = length / 2 - width / 2
    for side, k, sign in (("A", left, -1), ("B", right, 1)):
        for i in range(k):
            y = width / 2 + arm_len * (i + 0.5) / k
            seats.append((sign * (x_arm + width / 2 + CHAIR), y, 0.0 if sign < 0 else 180.0,
                          side, y))
    rects = ((-length / 2, -width / 2, length, width),
             (-length / 2, width / 2, width, arm_len),
             (length / 2 - width, width / 2, width, arm_len))
    return Table(rects=rects), seats, (0.0, -width / 2 - CHAIR)


def _theatre(n: int, length: float, width: float):
    """Rows facing a stage `length` wide at the top: the front row's middle honours most."""
    per_row = max(1, int(length / SEAT_PITCH))
    seats = []
    for i in range(n):
        row, col = divmod(i, per_row)
        in_row = min(per_row, n - row * per_row)
        x = (col - (in_row - 1) / 2) * SEAT_PITCH
        seats.append((x, 1.5 + row * ROW_PITCH, 270.0, "", x, row))
    return Table(rects=((-length / 2, -width, length, width),)), seats, (0.0, 1.5)


_BUILDERS = {
    TableLayout.ROUND: _round,
    TableLayout.RECTANGULAR: _rectangular,
    TableLayout.BOARDROOM: _boardroom,
    TableLayout.T_SHAPE: _t_shape,
    TableLayout.U_SHAPE: _u_shape,
    TableLayout.THEATRE: _theatre,
}


def honour_order(lay: Layout) -> list[Seat]:
    """Every seat from the most to the least honoured at a meal: the seat of honour
    first, then outward by distance from it, the host's right before the left."""
    hx, hy = lay.head
    return sorted(lay.seats, key=lambda s: (s.row, round(math.hypot(s.x - hx, s.y - hy), 3),
                                            s.x > hx, s.number))


def side_order(lay: Layout, side: str) -> list[Seat]:
    """One side's seats from its middle outward (the right before the left), for talks."""
    seats = [s for s in lay.seats if s.side == side]
    if lay.kind in (TableLayout.T_SHAPE, TableLayout.U_SHAPE) and side == "B" or (
            lay.kind == TableLayout.U_SHAPE):
        # a leg or an arm: from the end nearest the head outward
        return sorted(seats, key=lambda s: (abs(s.offset), s.x, s.number))
    return sorted(seats, key=lambda s: (round(abs(s.offset), 3), s.offset > 0, s.number))
