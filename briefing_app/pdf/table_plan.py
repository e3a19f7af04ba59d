"""The table plan poster: one seating plan on an A3 (or A4) landscape sheet for the
door of the room. The diagram to scale on the left, who sits where in seat order on
the right, the plan's checks in red beneath when it has any."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.pdfgen.canvas import Canvas

from briefing_app.core.database import Database
from briefing_app.core.errors import ValidationError
from briefing_app.core.ops.seating import PlanData, load_plan
from briefing_app.core.timezones import in_zone, offset_label
from briefing_app.pdf.fonts import FontSet
from briefing_app.pdf.plan_output import PrintResult, render, write
from briefing_app.pdf.sections.seating_diagram import (
    CHAIR_GUEST,
    CHAIR_HOST,
    INK,
    PROBLEM,
    draw_plan,
)

PAPERS = {"a3": landscape(A3), "a4": landscape(A4)}
MUTED = colors.HexColor("#555555")


def when(plan: PlanData) -> str:
    """'Wed 11 September 2019, 12:30–14:00 CST' in the venue's time."""
    ev = plan.event
    start, end = in_zone(ev.starts_at, ev.tz), in_zone(ev.ends_at, ev.end_tz or ev.tz)
    return f"{start:%a %d %B %Y}, {start:%H:%M}–{end:%H:%M} {offset_label(start)}"


def draw_poster(canv: Canvas, fonts: FontSet, plan: PlanData, paper: str) -> int:
    w, h = PAPERS[paper]
    u = w / landscape(A3)[0]  # 1 on A3, smaller on A4
    m = 36 * u
    bold, sans = fonts["sans-bold"], fonts["sans"]
    title = plan.plan.title or plan.event.title
    canv.setFillColor(INK)
    y = h - m - 26 * u
    fonts.draw(canv, m, y, fonts.fit(title, bold, 26 * u, w - 2 * m), bold, 26 * u)
    y -= 22 * u
    canv.setFillColor(MUTED)
    facts = f"{plan.event.title} · {when(plan)}"
    fonts.draw(canv, m, y, fonts.fit(facts, sans, 13 * u, w - 2 * m), sans, 13 * u)
    y -= 14 * u
    canv.setStrokeColor(INK)
    canv.setLineWidth(1.2 * u)
    canv.line(m, y, w - m, y)
    list_w = 300 * u
    bottom = m + 40 * u
    problems = [p.message for p in plan.problems]
    if problems:
        bottom += 14 * u * min(len(problems), 6)
    draw_plan(canv, fonts, plan, m, bottom, w - 2 * m - list_w - 16 * u, y - 10 * u - bottom,
              15 * u)
    _seat_list(canv, fonts, plan, w - m - list_w, y - 24 * u, list_w, bottom, u)
    yy = bottom - 20 * u
    for msg in problems[:6]:
        canv.setFillColor(PROBLEM)
        fonts.draw(canv, m, yy, fonts.fit("Check: " + msg, sans,
                                          11 * u, w - 2 * m), sans, 11 * u)
        yy -= 14 * u
    _legend(canv, fonts, m, m, u)
    canv.setFillColor(MUTED)
    fonts.draw(canv, w - m, m, fonts.fit(f"{plan.plan.seat_count} seats · "
                                         f"{plan.plan.length_m:g} × {plan.plan.width_m:g} m · "
                                         "drawn to scale", sans, 9 * u, w / 2), sans, 9 * u,
               align="right")
    canv.showPage()
    return 1


def _seat_list(canv: Canvas, fonts: FontSet, plan: PlanData, x: float, top: float,
               width: float, bottom: float, u: float) -> None:
    """Seat number, native name and Latin name, one line each, in seat order; the line
    height shrinks for a long list so that it always ends above `bottom`."""
    rows = [(str(s.seat) + (" b" if s.behind else ""), plan.people[s.person_id], s.behind)
            for s in plan.seats]
    bold, sans = fonts["sans-bold"], fonts["sans"]
    canv.setFillColor(INK)
    fonts.draw(canv, x, top, "Seating", bold, 14 * u)
    y = top - 8 * u
    line = min(30 * u, (y - bottom) / max(len(rows), 1))
    size = max(5.0, line * 0.42)
    for seat, person, behind in rows:
        y -= line
        canv.setFillColor(MUTED if behind else INK)
        fonts.draw(canv, x + 24 * u, y + line * 0.45, seat, bold, size, align="right")
        fonts.draw(canv, x + 32 * u, y + line * 0.45,
                   fonts.fit(person.native_name, bold if not behind else sans, size,
                             width - 32 * u), bold if not behind else sans, size)
        if person.latin_name and person.latin_name != person.native_name:
            canv.setFillColor(MUTED)
            fonts.draw(canv, x + 32 * u, y + line * 0.45 - size * 1.05,
                       fonts.fit(person.latin_name + (" (behind)" if behind else ""), sans,
                                 size * 0.85, width - 32 * u), sans, size * 0.85)


def _legend(canv: Canvas, fonts: FontSet, x: float, y: float, u: float) -> None:
    sans = fonts["sans"]
    for fill, text in ((CHAIR_HOST, "host's side"), (CHAIR_GUEST, "guests' side"),
                       (colors.white, "chair behind: interpreter")):
        canv.setFillColor(fill)
        canv.setStrokeColor(INK)
        canv.setLineWidth(0.7 * u)
        if fill == colors.white:
            canv.rect(x, y - 1 * u, 10 * u, 10 * u, stroke=1, fill=1)
        else:
            canv.circle(x + 5 * u, y + 4 * u, 5 * u, stroke=1, fill=1)
        canv.setFillColor(INK)
        x += 14 * u + fonts.draw(canv, x + 14 * u, y + 1 * u, text, sans, 9 * u) + 18 * u


def table_plan_pdf(plan: PlanData, fonts: FontSet, paper: str = "a3") -> tuple[bytes, int]:
    """The poster of one plan as PDF bytes and its page count (one)."""
    if paper not in PAPERS:
        raise ValidationError("paper", f"{paper!r} is not a poster size; use a3 or a4")
    title = f"Table plan — {plan.plan.title or plan.event.title}"
    return render(plan, PAPERS[paper], title, fonts,
                  lambda c: draw_poster(c, fonts, plan, paper))


def write_table_plan(db: Database, plan_id: int, path: Path | str, paper: str = "a3",
                     font_files: tuple[Path, ...] = ()) -> PrintResult:
    """Print a plan's poster to `path` (written whole or not at all)."""
    fonts = FontSet(font_files)
    data, pages = table_plan_pdf(load_plan(db, plan_id), fonts, paper)
    return write(path, data, pages, fonts, db.path)
