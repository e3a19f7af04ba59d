"""A seating plan drawn to scale as vector graphics: tables, numbered chairs, names in
native script and Latin. One drawing serves the pack's page (a Flowable) and the A3
poster (drawn straight on its canvas)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable

from briefing_app.core.enums import Role, Side, TableLayout
from briefing_app.core.ops.seating import PlanData
from briefing_app.pdf.fonts import FontSet

TABLE_FILL = colors.HexColor("#e8e4da")
INK = colors.HexColor("#1b2a3a")
CHAIR_HOST = colors.HexColor("#c9d8ea")
CHAIR_GUEST = colors.HexColor("#f3dcc2")
EMPTY = colors.white
PROBLEM = colors.HexColor("#b3261e")
CHAIR_M = 0.22  # a chair's radius, metres
LABEL_EMS = 8.0  # a label this many times its type size wide holds most names whole


def outward(plan: PlanData, seat: Any) -> tuple[float, float]:
    """The unit vector from the table towards a chair's back: where its label goes."""
    a = math.radians(seat.facing)
    return -math.cos(a), -math.sin(a)


@dataclass
class _Label:
    """A label laid out: its lines (text, font, size, colour), where it stands and the
    box it covers, in points from the drawing's centre (y up)."""

    lines: list[tuple[str, str, float, Any]]
    x: float
    top: float
    align: str
    box: tuple[float, float, float, float]


@dataclass
class _Chair:
    seat: Any
    at: tuple[float, float]
    fill: Any
    behind: tuple[float, float, float] | None  # the chair behind: centre and half side
    label: _Label | None


def _layout(fonts: FontSet, plan: PlanData, k: float, text_pt: float) -> list[_Chair]:
    """Every chair, its chair behind and its label at scale `k` (points a metre), in
    points from the middle of the layout's extent."""
    ex, ey, ew, eh = plan.layout.extent()
    mx, my = ex + ew / 2, ey + eh / 2
    pad = pad_of(text_pt)
    r = CHAIR_M * k
    host_side = _host_side(plan)

    def pt(px: float, py: float) -> tuple[float, float]:
        return (px - mx) * k, -(py - my) * k

    spots = {s.number: pt(s.x, s.y) for s in plan.layout.seats}
    out = []
    for seat in plan.layout.seats:
        sx, sy = spots[seat.number]
        people = plan.at(seat.number)
        behind = plan.at(seat.number, behind=True)
        fill = EMPTY
        if people:
            fill = CHAIR_HOST if str(people[0].side) == host_side else CHAIR_GUEST
        ux, uy = outward(plan, seat)
        box = [sx - r, sy - r, sx + r, sy + r]  # what the label must clear
        back = None
        if behind:
            bx, by = pt(seat.x + ux * 0.5, seat.y + uy * 0.5)
            h = r * 0.6
            back = (bx, by, h)
            box = [min(box[0], bx - h), min(box[1], by - h), max(box[2], bx + h),
                   max(box[3], by + h)]
        # theatre rows stand too close for names (a row's labels would cover the next
        # row): their chairs carry numbers only and the seating list names them
        lines = _label(people, behind) if plan.layout.kind != TableLayout.THEATRE else []
        label = None
        if lines:
            beside = abs(ux) > abs(uy) * 1.4
            up = -uy > 0
            # a label above or below its chair is as wide as the gap to the next such
            # label in its row; where chairs stand close its type shrinks (to two thirds
            # at least) rather than run into the next. One beside its chair has the
            # margin to itself.
            room = min((abs(q[0] - sx) for n, q in spots.items()
                        if n != seat.number and abs(q[1] - sy) < pad
                        and _label_goes(plan, n) == ("side" if beside else up)),
                       default=pad * 2)
            width = min(pad * 2, room * 0.92)
            size = text_pt if beside else text_pt * max(
                0.65, min(1.0, width / (LABEL_EMS * text_pt)))
            label = _place_label(fonts, box, ux, -uy, lines, size,
                                 pad * 0.95 if beside else width)
        out.append(_Chair(seat, (sx, sy), fill, back, label))
    return out


def _label_goes(plan: PlanData, number: int) -> str | bool:
    """Where seat `number`'s label goes: "side", or True above / False below."""
    seat = plan.layout.seats[number - 1]
    ux, uy = outward(plan, seat)
    return "side" if abs(ux) > abs(uy) * 1.4 else -uy > 0


def _bounds(plan: PlanData, chairs: list[_Chair], k: float) -> tuple[float, float, float, float]:
    """The box covering tables, chairs and labels (points from the centre)."""
    ex, ey, ew, eh = plan.layout.extent()
    xs = [-ew / 2 * k, ew / 2 * k]
    ys = [-eh / 2 * k, eh / 2 * k]
    for c in chairs:
        if c.label is not None:
            x0, y0, x1, y1 = c.label.box
            xs += [x0, x1]
            ys += [y0, y1]
    return min(xs), min(ys), max(xs), max(ys)


def draw_plan(canv: Any, fonts: FontSet, plan: PlanData, x: float, y: float,
              width: float, height: float, text_pt: float) -> None:
    """Draw `plan` as large as it fits inside the box (x, y: its lower left corner,
    points), names and all."""
    k, chairs, cx, cy = fit_plan(fonts, plan, width, height, text_pt)
    _draw(canv, fonts, plan, chairs, k, x + cx, y + cy, text_pt)


def fit_plan(fonts: FontSet, plan: PlanData, width: float, height: float, text_pt: float
             ) -> tuple[float, list[_Chair], float, float]:
    """The scale (points a metre), the chairs and labels laid out at it, and where the
    drawing's centre goes in a box `width` × `height`: the scale is guessed, then
    corrected by what the labels laid out at it actually cover (they keep their size
    as the scale changes), until everything fits."""
    _ex, _ey, ew, eh = plan.layout.extent()
    pad = pad_of(text_pt)
    k = max(1.0, min((width - 2 * pad) / ew, (height - pad) / eh))
    for _ in range(12):
        chairs = _layout(fonts, plan, k, text_pt)
        x0, y0, x1, y1 = _bounds(plan, chairs, k)
        over_w, over_h = (x1 - x0) - ew * k, (y1 - y0) - eh * k
        fit = min((width - over_w) / (ew * k), (height - over_h) / (eh * k))
        if 1.0 <= fit <= 1.04 or (fit >= 1.0 and k == 1.0):
            break
        k = max(1.0, k * (min(fit, 1.5) if fit >= 1.0 else fit * 0.99))
    else:  # not settled: the last scale tried, laid out
        chairs = _layout(fonts, plan, k, text_pt)
        x0, y0, x1, y1 = _bounds(plan, chairs, k)
    return k, chairs, width / 2 - (x0 + x1) / 2, height / 2 - (y0 + y1) / 2


def _draw(canv: Any, fonts: FontSet, plan: PlanData, chairs: list[_Chair], k: float,
          cx: float, cy: float, text_pt: float) -> None:
    ex, ey, ew, eh = plan.layout.extent()
    mx, my = ex + ew / 2, ey + eh / 2

    def pt(px: float, py: float) -> tuple[float, float]:  # metres -> page points
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
    r = CHAIR_M * k
    for c in chairs:
        sx, sy = cx + c.at[0], cy + c.at[1]
        bad = c.seat.number in bad_seats
        canv.setFillColor(c.fill)
        canv.setStrokeColor(PROBLEM if bad else INK)
        canv.setLineWidth(1.4 if bad else 0.7)
        canv.circle(sx, sy, r, stroke=1, fill=1)
        canv.setFillColor(INK)
        num_pt = min(text_pt, r * 1.1)
        fonts.draw(canv, sx, sy - num_pt * 0.35, str(c.seat.number), fonts["sans-bold"],
                   num_pt, align="center")
        if c.behind is not None:
            bx, by, h = c.behind
            canv.setFillColor(colors.white)
            canv.setStrokeColor(INK)
            canv.setLineWidth(0.7)
            canv.rect(cx + bx - h, cy + by - h, 2 * h, 2 * h, stroke=1, fill=1)
        if c.label is not None:
            cur = cy + c.label.top
            for text, font, size, colour in c.label.lines:
                cur -= size * 1.05
                canv.setFillColor(colour)
                fonts.draw(canv, cx + c.label.x, cur, text, font, size, align=c.label.align)
                cur -= size * 0.15
    canv.restoreState()


def _host_side(plan: PlanData) -> str:
    for pid, role in plan.roles.items():
        if role == Role.HOST and pid in plan.people:
            return str(plan.people[pid].side)
    return str(Side.COUNTERPART)


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


def _place_label(fonts: FontSet, box: list[float], ux: float, uy: float,
                 lines: list[tuple[str, str]], pt: float, max_w: float) -> _Label:
    """A label set off from the chair (and the chair behind it: `box`) in the direction
    (ux, uy), y up: beside the chair or above/below it, wrapped to `max_w` (or to its
    longest word, which is never cut)."""
    size = {"bold": pt, "latin": pt * 0.85, "small": pt * 0.75}
    font = {"bold": fonts["sans-bold"], "latin": fonts["sans"], "small": fonts["sans"]}
    colour = {"bold": INK, "latin": INK, "small": colors.HexColor("#555555")}
    shown: list[tuple[str, str, float, Any]] = []
    for text, s in lines:
        width = max(max_w, _longest_piece(fonts, text, font[s], size[s]))
        shown += [(ln, font[s], size[s], colour[s])
                  for ln in wrap_text(fonts, text, font[s], size[s], width)]
    total = sum(sz * 1.2 for _t, _f, sz, _c in shown)
    wide = max(fonts.width(ln, f, sz) for ln, f, sz, _c in shown)
    gap = pt * 0.4
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    if abs(ux) > abs(uy) * 1.4:  # beside the chair
        align = "left" if ux > 0 else "right"
        x = box[2] + gap if ux > 0 else box[0] - gap
        top = cy + total / 2
        x0 = x if ux > 0 else x - wide
    else:
        align = "center"
        x = cx + ux * (box[2] - box[0]) / 2  # a corner seat's label leans outward
        top = box[3] + gap + total if uy > 0 else box[1] - gap
        x0 = x - wide / 2
    return _Label(shown, x, top, align, (x0, top - total, x0 + wide, top))


def _longest_piece(fonts: FontSet, text: str, font: str, size: float) -> float:
    """The width of the widest word (or hyphenated part) of `text`."""
    pieces = [p for w in text.split() for p in re.findall(r"[^-]+-*|-+", w)]
    return max((fonts.width(p, font, size) for p in pieces), default=0.0)


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
