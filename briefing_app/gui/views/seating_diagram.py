"""A seating plan drawn to scale: the table, numbered seats, who sits where.

The geometry is core/seating_layout's (the printed plan draws the same table), in
metres; the scene works in centimetres. Each seat's name card stands on the far side
of the seat from the table, and an interpreter's chair sits between the seat and the
card (behind their principal). Seats the plan's checks name are drawn red.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
)

from briefing_app.gui.views.seating_cards import card_style

CM = 100.0  # scene units per metre
SEAT_R = 22.0
BEHIND_R = 13.0
TABLE_FILL = QColor("#e8dcc4")
TABLE_EDGE = QColor("#8a7350")
SEAT_FILL = QColor("#ffffff")
SEAT_EMPTY = QColor("#eef0f3")
SEAT_EDGE = QColor("#3d5a80")
PROBLEM = QColor("#b03020")
PROBLEM_FILL = QColor("#fbe3df")
# Checks that point at a seat (an unseated participant has none).
SEAT_PROBLEMS = frozenset({"shared-seat", "not-participant", "no-interpreter", "no-such-seat"})
PERSON = 0  # item data key: the person id an item stands for
SEAT = 1  # item data key: the seat number an item belongs to
BEHIND = 2  # item data key: True on the chair behind a seat


def outward(facing: float) -> tuple[float, float]:
    """The unit vector from a seat away from the table (the sitter faces `facing`)."""
    a = math.radians(facing)
    return -math.cos(a), -math.sin(a)


def person_html(person: Any, role: str = "", cls: str = "") -> str:
    """A name card's lines: native script first (bold), the Latin spelling under it."""
    native = escape(person.native_name or person.latin_name or "?")
    out = f"<b>{native}</b>"
    if person.latin_name and person.latin_name != person.native_name:
        out += f"<br>{escape(person.latin_name)}"
    if role:
        out += f"<br><i>{escape(role)}</i>"
    return f"<span class='{cls}'>{out}</span>" if cls else out


class SeatingScene(QGraphicsScene):
    """The scene of one plan; rebuilt whole by `show_plan` (a plan has ≤ 400 seats)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.data: Any = None
        self.seat_items: dict[int, QGraphicsEllipseItem] = {}
        self.cards: dict[int, QGraphicsTextItem] = {}  # seat -> its name card
        self.person_items: dict[int, QGraphicsItem] = {}  # person id -> their seat or chair
        self.problem_seats: set[int] = set()
        self.font = QFont()
        self.font.setPixelSize(17)
        self.card_font = QFont()
        self.style: Any = None

    def show_plan(self, data: Any) -> None:
        """Draw `data` (core.ops.seating.PlanData); None clears the scene."""
        self.clear()
        self.seat_items.clear()
        self.cards.clear()
        self.person_items.clear()
        self.data = data
        if data is None:
            return
        self.problem_seats = {p.seat for p in data.problems
                              if p.code in SEAT_PROBLEMS and p.seat is not None}

        self.style = card_style(data.layout)
        self.card_font.setPixelSize(self.style.font_px)
        self._table(data.layout.table)
        pending = [self._seat(seat) for seat in data.layout.seats]
        self._place_cards([c for c in pending if c is not None])
        self._head_marker()
        rect = self.itemsBoundingRect().adjusted(-20, -20, 20, 20)
        self.setSceneRect(rect)

    def _table(self, table: Any) -> None:
        pen = QPen(TABLE_EDGE, 2)
        brush = QBrush(TABLE_FILL)
        if table.circle:
            r = table.circle / 2 * CM
            self.addEllipse(QRectF(-r, -r, 2 * r, 2 * r), pen, brush).setZValue(-2)
        for x, y, w, h in table.rects:
            item = QGraphicsRectItem(QRectF(x * CM, y * CM, w * CM, h * CM))
            item.setPen(pen)
            item.setBrush(brush)
            item.setZValue(-2)
            self.addItem(item)

    def _head_marker(self) -> None:
        """A small mark on the seat of honour's side, so the plan reads the right way up."""
        hx, hy = self.data.layout.head
        label = QGraphicsSimpleTextItem("▲ head")
        label.setFont(self.font)
        label.setBrush(QBrush(QColor("#8a8f98")))
        box = label.boundingRect()
        top = min((it.sceneBoundingRect().top() for it in self.items()), default=hy * CM)
        label.setPos(hx * CM - box.width() / 2, top - box.height() - 4)
        self.addItem(label)

    def _seat(self, seat: Any) -> Any:
        """Draw one seat (and the chair behind it); returns its card to place, if any."""
        data = self.data
        at, behind = data.at(seat.number), data.at(seat.number, behind=True)
        bad = seat.number in self.problem_seats
        cx, cy = seat.x * CM, seat.y * CM
        ux, uy = outward(seat.facing)
        circle = QGraphicsEllipseItem(QRectF(cx - SEAT_R, cy - SEAT_R, 2 * SEAT_R, 2 * SEAT_R))
        circle.setPen(QPen(PROBLEM if bad else SEAT_EDGE, 3 if bad else 1.5))
        circle.setBrush(QBrush(PROBLEM_FILL if bad else SEAT_FILL if at else SEAT_EMPTY))
        circle.setData(SEAT, seat.number)
        circle.setData(BEHIND, False)
        if at:
            circle.setData(PERSON, at[0].id)
            circle.setCursor(Qt.CursorShape.OpenHandCursor)
            self.person_items[at[0].id] = circle
        names = "; ".join(p.display_name for p in at) or "empty"
        circle.setToolTip(f"Seat {seat.number}: {names}")
        self.addItem(circle)
        self.seat_items[seat.number] = circle
        number = QGraphicsSimpleTextItem(str(seat.number))
        number.setFont(self.font)
        number.setBrush(QBrush(PROBLEM if bad else SEAT_EDGE))
        nb = number.boundingRect()
        number.setPos(cx - nb.width() / 2, cy - nb.height() / 2)
        number.setParentItem(circle)
        # cards stand in line: beyond the chairs behind when anyone sits behind
        dist = SEAT_R + 4 + (2 * BEHIND_R + 8 if any(s.behind for s in data.seats) else 0)
        if behind:
            bx, by = cx + ux * (SEAT_R + BEHIND_R + 6), cy + uy * (SEAT_R + BEHIND_R + 6)
            chair = QGraphicsEllipseItem(QRectF(bx - BEHIND_R, by - BEHIND_R,
                                                2 * BEHIND_R, 2 * BEHIND_R))
            chair.setPen(QPen(SEAT_EDGE, 1, Qt.PenStyle.DashLine))
            chair.setBrush(QBrush(SEAT_FILL))
            chair.setData(SEAT, seat.number)
            chair.setData(BEHIND, True)
            chair.setData(PERSON, behind[0].id)
            chair.setCursor(Qt.CursorShape.OpenHandCursor)
            chair.setToolTip("Behind seat {}: {}".format(
                seat.number, "; ".join(p.display_name for p in behind)))
            self.addItem(chair)
            self.person_items[behind[0].id] = chair
            mark = QGraphicsSimpleTextItem("i")
            mark.setFont(self.font)
            mark.setBrush(QBrush(SEAT_EDGE))
            mb = mark.boundingRect()
            mark.setPos(bx - mb.width() / 2, by - mb.height() / 2)
            mark.setParentItem(chair)
        if not at and not behind:
            return None
        card = self._card(seat, at, behind, bad)
        return card, seat.number, (cx + ux * dist, cy + uy * dist), (ux, uy)

    def _place_cards(self, cards: list[tuple[Any, int, tuple[float, float],
                                             tuple[float, float]]]) -> None:
        """Each card just beyond its seat; a staggered one beyond its neighbours' cards."""
        def extent(card: Any, u: tuple[float, float]) -> float:
            box = card.boundingRect()
            return abs(u[0]) * box.width() + abs(u[1]) * box.height()

        def way(u: tuple[float, float]) -> int:  # the direction a card stands out in
            return round(math.degrees(math.atan2(u[1], u[0])) / 30) % 12

        far = self.style.far
        step: dict[int, float] = {}
        for card, number, _a, u in cards:
            if number not in far:
                step[way(u)] = max(step.get(way(u), 0.0), extent(card, u) + 6)
        for card, number, (ax, ay), (ux, uy) in cards:
            if number in far:
                out = step.get(way((ux, uy)), max(step.values(), default=0.0))
                leader = self.addLine(ax, ay, ax + ux * out, ay + uy * out,
                                      QPen(QColor("#b8bec6"), 1, Qt.PenStyle.DotLine))
                leader.setZValue(-1)
                ax, ay = ax + ux * out, ay + uy * out
            box = card.boundingRect()
            half = extent(card, (ux, uy)) / 2
            card.setPos(ax + ux * half - box.width() / 2, ay + uy * half - box.height() / 2)

    def _card(self, seat: Any, at: list[Any], behind: list[Any], bad: bool) -> Any:
        """The name card: who sits here (two in one seat both shown), then who sits behind."""
        parts = [person_html(p) for p in at]
        parts += ["<span style='color:#5f6670'>" + person_html(p, "interpreter") + "</span>"
                  for p in behind]
        colour = "#b03020" if bad else "#1f2328"
        card = QGraphicsTextItem()
        card.setFont(self.card_font)
        card.document().setDocumentMargin(1)
        card.setHtml(f"<div style='color:{colour}' align='center'>"
                     + "<br>".join(parts) + "</div>")
        card.setTextWidth(self.style.width)
        card.setData(SEAT, seat.number)
        card.setData(BEHIND, False)
        if at:
            card.setData(PERSON, at[0].id)
        self.addItem(card)
        self.cards[seat.number] = card
        return card

    # --- hit tests ------------------------------------------------------------------

    def seat_at(self, point: QPointF) -> tuple[int, bool] | None:
        """The seat (and whether its chair behind) under a scene point, if any."""
        for item in self.items(point):
            seat = item.data(SEAT)
            while seat is None and item.parentItem() is not None:
                item = item.parentItem()
                seat = item.data(SEAT)
            if seat is not None:
                return int(seat), bool(item.data(BEHIND))
        return None

    def person_at(self, point: QPointF) -> int | None:
        for item in self.items(point):
            while item.data(PERSON) is None and item.parentItem() is not None:
                item = item.parentItem()
            if item.data(PERSON) is not None:
                return int(item.data(PERSON))
        return None

    def seat_centre(self, number: int) -> QPointF:
        """Where seat `number` is drawn (scene coordinates): for tests and the ghost."""
        return self.seat_items[number].sceneBoundingRect().center()


def render_hints() -> QPainter.RenderHint:
    return QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
