"""A seating plan drawn to scale as vector graphics: tables, numbered chairs, names in
native script and Latin. One drawing serves the pack's page (a Flowable) and the A3
poster (drawn straight on its canvas)."""

from __future__ import annotations

import math
import re
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
    pad = pad_of(text_pt)
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
    spots = {s.number: pt(s.x, s.y) for s in plan.layout.seats}
    r = CHAIR_M * k
    for seat in plan.layout.seats:
        sx, sy = spots[seat.number]
        people = plan.at(seat.number)
        behind = plan.at(seat.number, behind=True)
        fill = EMPTY
        if people:
            fill = CHAIR_HOST if str(people[0].side) == host_side else CHAIR_GUEST
        canv.setFillColor(fill)
        canv.setStrokeColor(PROBLEM if seat.number in bad_seats else INK)
        canv.setLineWidth(1.4 if seat.number in bad_seats else 0.7)
        canv.circle(sx, sy, r, stroke=1, fill=1)
        canv.setFillColor(INK)
        fonts.draw(canv, sx, sy - text_pt * 0.35, str(seat.number), fonts["sans-bold"],
                   text_pt, align="center")
        ux, uy = outward(plan, seat)
        box = [sx - r, sy - r, sx + r, sy + r]  # what the label must clear, points
        if behind:
            bx, by = pt(seat.x + ux * 0.5, seat.y + uy * 0.5)
            h = r * 0.6
            canv.setFillColor(colors.white)
            canv.setStrokeColor(INK)
            canv.rect(bx - h, by - h, 2 * h, 2 * h, stroke=1, fill=1)
            box = [min(box[0], bx - h), min(box[1], by - h), max(box[2], bx + h),
                   max(box[3], by + h)]
        lines = _label(people, behind)
        if lines:
            room = min((math.dist(spots[seat.number], q) for n, q in spots.items()
                        if n != seat.number), default=pad * 2)
            _draw_label(canv, fonts, box, ux, -uy, lines, text_pt,
                        max(pad * 0.9, min(pad * 2, room * 0.92)), pad * 0.95)
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


def wrap_text(fonts: FontSet, text: str, font: str, size: float, max_w: float) -> list[str]:
    """The text as lines no wider than max_w, broken between words or after a hyphen
    (Қасым-/Жомарт); a piece wider than the line alone is shortened with an ellipsis."""
    pieces: list[tuple[str, str]] = []  # (piece, what joins it to the one before)
    for word in text.split():
        parts = re.findall(r"[^-]+-*|-+", word)
        pieces += [(part, " " if i == 0 else "") for i, part in enumerate(parts)]
    lines: list[str] = []
    cur = ""
    for piece, sep in pieces:
        trial = f"{cur}{sep}{piece}" if cur else piece
        if fonts.width(trial, font, size) <= max_w:
            cur = trial
            continue
        if cur:
            lines.append(cur)
        cur = piece
    if cur:
        lines.append(cur)
    return [fonts.fit(ln, font, size, max_w) for ln in lines] or [""]


def _draw_label(canv: Any, fonts: FontSet, box: list[float], ux: float, uy: float,
                lines: list[tuple[str, str]], pt: float, max_w: float, side_w: float) -> None:
    """A label set off from the chair (and the chair behind it: `box`, points) in the
    direction (ux, uy), y up: beside the chair or above/below it, wrapped to fit."""
    size = {"bold": pt, "latin": pt * 0.85, "small": pt * 0.75}
    font = {"bold": fonts["sans-bold"], "latin": fonts["sans"], "small": fonts["sans"]}
    beside = abs(ux) > abs(uy) * 1.4
    width = side_w if beside else max_w
    shown = [(ln, s) for text, s in lines
             for ln in wrap_text(fonts, text, font[s], size[s], width)]
    total = sum(size[s] * 1.2 for _t, s in shown)
    gap = pt * 0.4
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    if beside:
        align = "left" if ux > 0 else "right"
        x = box[2] + gap if ux > 0 else box[0] - gap
        top = cy + total / 2
    else:
        align = "center"
        x = cx + ux * (box[2] - box[0]) / 2  # a corner seat's label leans outward
        top = box[3] + gap + total if uy > 0 else box[1] - gap
    cur = top
    for text, style in shown:
        cur -= size[style] * 1.05
        canv.setFillColor(INK if style != "small" else colors.HexColor("#555555"))
        fonts.draw(canv, x, cur, text, font[style], size[style], align=align)
        cur -= size[style] * 0.15


def pad_of(text_pt: float) -> float:
    """The room left round the chairs for their names, points."""
    return text_pt * 9


def fitted_height(plan: PlanData, width: float, text_pt: float, most: float) -> float:
    """The height the plan needs when drawn `width` wide (a long table needs less than
    a round one), at most `most`: the rest of the page goes to its seating list."""
    _ex, _ey, ew, eh = plan.layout.extent()
    pad = pad_of(text_pt)
    k = (width - 2 * pad) / ew
    return min(most, eh * k + pad * 2.4)  # wrapped names above and below


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
