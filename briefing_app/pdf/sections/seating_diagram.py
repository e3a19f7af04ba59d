"""A seating plan drawn to scale as vector graphics: tables, numbered chairs, names in
native script and Latin. One drawing serves the pack's page (a Flowable) and the A3
poster (drawn straight on its canvas)."""

from __future__ import annotations

import math
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable

from briefing_app.core.ops.seating import PlanData
from briefing_app.pdf.fonts import FontSet

TABLE_FILL = colors.HexColor("#e8e4da")
INK = colors.HexColor("#1b2a3a")
CHAIR_HOST = colors.HexColor("#c9d8ea")
CHAIR_GUEST = colors.HexColor("#f3dcc2")
EMPTY = colors.white
PROBLEM = colors.HexColor("#b3261e")
CHAIR_M = 0.22  # a chair's radius, metres


def outward(plan: PlanData, seat: Any) -> tuple[float, float]:
    """The unit vector from the table towards a chair's back: where its label goes."""
    a = math.radians(seat.facing)
    return -math.cos(a), -math.sin(a)


def draw_plan(canv: Any, fonts: FontSet, plan: PlanData, x: float, y: float,
              width: float, height: float, text_pt: float) -> None:
    """Draw `plan` inside the box (x, y: its lower left corner, points)."""
    ex, ey, ew, eh = plan.layout.extent()
    pad = text_pt * 9  # room for the names around the chairs
    k = min((width - 2 * pad) / ew, (height - 2 * pad * 0.5) / eh)
    cx, cy = x + width / 2, y + height / 2
    mx, my = ex + ew / 2, ey + eh / 2

    def pt(px: float, py: float) -> tuple[float, float]:  # metres -> points (y up)
        return cx + (px - mx) * k, cy - (py - my) * k

    canv.saveState()
    canv.setStrokeColor(INK)
    canv.setFillColor(TABLE_FILL)
    canv.setLineWidth(0.8)
    t = plan.layout.table
    if t.circle:
        ox, oy = pt(0, 0)
        canv.circle(ox, oy, t.circle / 2 * k, stroke=1, fill=1)
    for rx, ry, rw, rh in t.rects:
        lx, ty = pt(rx, ry)
        canv.rect(lx, ty - rh * k, rw * k, rh * k, stroke=1, fill=1)
    bad_seats = {p.seat for p in plan.problems if p.seat is not None}
    host_side = _host_side(plan)
    for seat in plan.layout.seats:
        sx, sy = pt(seat.x, seat.y)
        people = plan.at(seat.number)
        behind = plan.at(seat.number, behind=True)
        fill = EMPTY
        if people:
            fill = CHAIR_HOST if str(people[0].side) == host_side else CHAIR_GUEST
        canv.setFillColor(fill)
        canv.setStrokeColor(PROBLEM if seat.number in bad_seats else INK)
        canv.setLineWidth(1.4 if seat.number in bad_seats else 0.7)
        canv.circle(sx, sy, CHAIR_M * k, stroke=1, fill=1)
        canv.setFillColor(INK)
        fonts.draw(canv, sx, sy - text_pt * 0.35, str(seat.number), fonts["sans-bold"],
                   text_pt, align="center")
        ux, uy = outward(plan, seat)
        if behind:
            bx, by = pt(seat.x + ux * 0.5, seat.y + uy * 0.5)
            canv.setFillColor(colors.white)
            canv.setStrokeColor(INK)
            canv.rect(bx - CHAIR_M * k * 0.6, by - CHAIR_M * k * 0.6, CHAIR_M * k * 1.2,
                      CHAIR_M * k * 1.2, stroke=1, fill=1)
        lines = _label(people, behind)
        if lines:
            dist = CHAIR_M * k + (CHAIR_M * k * 1.6 if behind else 0) + text_pt * 0.6
            _draw_label(canv, fonts, sx + ux * dist, sy - uy * dist, ux, -uy, lines,
                        text_pt, pad * 1.1)
    canv.restoreState()


def _host_side(plan: PlanData) -> str:
    for pid, role in plan.roles.items():
        if role == "host" and pid in plan.people:
            return str(plan.people[pid].side)
    return "counterpart"


def _label(people: list[Any], behind: list[Any]) -> list[tuple[str, str]]:
    """(text, style) lines: native name (bold), Latin name, the interpreter behind."""
    out: list[tuple[str, str]] = []
    for p in people:
        out.append((p.native_name, "bold"))
        if p.latin_name and p.latin_name != p.native_name:
            out.append((p.latin_name, "latin"))
    for p in behind:
        out.append(("behind: " + (p.latin_name or p.native_name), "small"))
    return out


def _draw_label(canv: Any, fonts: FontSet, x: float, y: float, ux: float, uy: float,
                lines: list[tuple[str, str]], pt: float, max_w: float) -> None:
    """Lines of a label set off from the chair in the direction (ux, uy), points, y up."""
    size = {"bold": pt, "latin": pt * 0.85, "small": pt * 0.75}
    font = {"bold": fonts["sans-bold"], "latin": fonts["sans"], "small": fonts["sans"]}
    total = sum(size[s] * 1.2 for _t, s in lines)
    if abs(ux) > abs(uy) * 1.4:  # beside the chair
        align = "left" if ux > 0 else "right"
        top = y + total / 2
    else:
        align = "center"
        top = y + total if uy > 0 else y
    cur = top
    for text, style in lines:
        cur -= size[style] * 1.05
        canv.setFillColor(INK if style != "small" else colors.HexColor("#555555"))
        shown = fonts.fit(text, font[style], size[style], max_w)
        fonts.draw(canv, x, cur, shown, font[style], size[style], align=align)
        cur -= size[style] * 0.15


class PlanDrawing(Flowable):
    """The diagram as a Flowable, `height` points tall across the frame."""

    def __init__(self, fonts: FontSet, plan: PlanData, width: float, height: float,
                 text_pt: float = 7.5) -> None:
        super().__init__()
        self.fonts, self.plan = fonts, plan
        self.width, self.height, self.text_pt = width, height, text_pt

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = min(self.width, availWidth)
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(colors.HexColor("#bbbbbb"))
        self.canv.setLineWidth(0.4)
        self.canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        draw_plan(self.canv, self.fonts, self.plan, 0, 0, self.width, self.height,
                  self.text_pt)
