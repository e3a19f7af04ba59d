"""Place cards: one folded A4 sheet per person at the table, in seat order.

The sheet is folded across its middle into a tent: the lower half faces one way with
the name upright, the upper half is printed upside down so that it too reads upright
once folded. Each face carries the name in native script, large, and the Latin
transliteration beneath; the seat number stands small by the fold line, for the staff
who lay the table. Interpreters on chairs behind have no card.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from briefing_app.core.database import Database
from briefing_app.core.errors import ValidationError
from briefing_app.core.ops.seating import PlanData, load_plan
from briefing_app.core.records import PersonRecord
from briefing_app.pdf.fonts import FontSet
from briefing_app.pdf.plan_output import PrintResult, render, write
from briefing_app.pdf.sections.seating_diagram import INK, wrap_text

MARGIN = 56.0  # points either side of the name
NATIVE_PT = (80.0, 34.0)  # the native name's largest and smallest size
LATIN_PT = (40.0, 18.0)
MUTED = colors.HexColor("#8a8a8a")


def seated(plan: PlanData) -> list[tuple[int, PersonRecord]]:
    """(seat, person) of everyone at the table, in seat order: one card each."""
    return [(s.seat, plan.people[s.person_id]) for s in plan.seats if not s.behind]


def fitted(fonts: FontSet, text: str, font: str, width: float,
           sizes: tuple[float, float]) -> tuple[float, list[str]]:
    """The largest size (within `sizes`) at which `text` fits `width` on one line, or
    its smallest size wrapped onto lines that do."""
    largest, smallest = sizes
    at_one = fonts.width(text, font, 1.0) or 1.0
    size = min(largest, width / at_one)
    if size >= smallest:
        return size, [text]
    return smallest, wrap_text(fonts, text, font, smallest, width)


def _face(canv: Canvas, fonts: FontSet, person: PersonRecord, w: float, h: float) -> None:
    """One face, upright in its own box (0, 0)-(w, h): the table edge at the bottom."""
    width = w - 2 * MARGIN
    bold, sans = fonts["sans-bold"], fonts["sans"]
    blocks: list[tuple[float, list[str], str, colors.Color]] = []
    size, lines = fitted(fonts, person.native_name, bold, width, NATIVE_PT)
    blocks.append((size, lines, bold, INK))
    if person.latin_name and person.latin_name != person.native_name:
        lsize, llines = fitted(fonts, person.latin_name, sans, width,
                               (min(LATIN_PT[0], size * 0.6), LATIN_PT[1]))
        blocks.append((lsize, llines, sans, colors.HexColor("#3d4b5a")))
    total = sum(sz * 1.15 * len(ls) for sz, ls, _f, _c in blocks) + 0.3 * size * (len(blocks) - 1)
    y = h * 0.5 + total / 2
    for i, (sz, ls, font, colour) in enumerate(blocks):
        if i:
            y -= 0.3 * size
        canv.setFillColor(colour)
        for ln in ls:
            y -= sz * 1.15
            fonts.draw(canv, w / 2, y + sz * 0.22, ln, font, sz, align="center")


def draw_cards(canv: Canvas, fonts: FontSet, plan: PlanData) -> int:
    """A page per card; returns the page count."""
    w, h = A4
    half = h / 2
    cards = seated(plan)
    title = plan.plan.title or plan.event.title
    for seat, person in cards:
        _face(canv, fonts, person, w, half)  # the lower half, upright
        canv.saveState()  # the upper half, turned through 180° about its centre
        canv.translate(w, h)
        canv.rotate(180)
        _face(canv, fonts, person, w, half)
        canv.restoreState()
        canv.setStrokeColor(MUTED)
        canv.setLineWidth(0.4)
        canv.setDash(4, 4)
        canv.line(MARGIN / 2, half, w - MARGIN / 2, half)
        canv.setDash()
        canv.setFillColor(MUTED)
        fonts.draw(canv, MARGIN / 2, half - 10, f"Seat {seat} · {title} — fold here",
                   fonts["sans"], 6.5)
        canv.showPage()
    return len(cards)


def place_cards_pdf(plan: PlanData, fonts: FontSet) -> tuple[bytes, int]:
    """The cards of a plan as PDF bytes and their count; a plan nobody sits at is
    refused with what to do."""
    if not seated(plan):
        raise ValidationError("plan", f"nobody is seated on the plan "
                              f"{plan.plan.title or plan.event.title!r}: seat it first "
                              "(Seat by precedence, or seat people one by one)")
    title = f"Place cards — {plan.plan.title or plan.event.title}"
    return render(plan, A4, title, fonts, lambda c: draw_cards(c, fonts, plan))


def write_place_cards(db: Database, plan_id: int, path: Path | str,
                      font_files: tuple[Path, ...] = ()) -> PrintResult:
    """Print a plan's place cards to `path` (written whole or not at all)."""
    fonts = FontSet(font_files)
    data, pages = place_cards_pdf(load_plan(db, plan_id), fonts)
    return write(path, data, pages, fonts, db.path)
