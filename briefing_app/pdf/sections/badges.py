"""A sheet of delegation badges: eight to an A4 page (two by four, 90 × 62 mm, to cut
out), each with the category's colour band, the photo, the name in native script and
Latin, the role and the badge number."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, PageBreak, Table, TableStyle

from briefing_app.core.enums import Accreditation, label
from briefing_app.pdf.story import Book

# The category colours the accreditation desk uses (a band across the top of a badge).
CATEGORY_COLOURS: dict[str, colors.Color] = {
    Accreditation.HEAD: colors.HexColor("#7a1f2b"),
    Accreditation.OFFICIAL: colors.HexColor("#1b4f8a"),
    Accreditation.SECURITY: colors.HexColor("#2f6b2f"),
    Accreditation.INTERPRETER: colors.HexColor("#b86e00"),
    Accreditation.MEDIA: colors.HexColor("#6a3d9a"),
    Accreditation.STAFF: colors.HexColor("#555555"),
}
BADGE_W, BADGE_H = 90 * mm, 62 * mm
_BAND = 11 * mm


def _styles(book: Book) -> dict[str, ParagraphStyle]:
    f = book.fonts
    return {
        "band": ParagraphStyle("badge_band", fontName=f["sans-bold"], fontSize=12, leading=14,
                               textColor=colors.white),
        "name": ParagraphStyle("badge_name", fontName=f["sans-bold"], fontSize=15, leading=18),
        "latin": ParagraphStyle("badge_latin", fontName=f["sans"], fontSize=10, leading=12),
        "role": ParagraphStyle("badge_role", fontName=f["sans"], fontSize=8, leading=10,
                               textColor=colors.HexColor("#5b6470")),
        "number": ParagraphStyle("badge_number", fontName=f["sans-bold"], fontSize=9,
                                 leading=11),
    }


def _photo(book: Book, person: Any) -> Flowable | str:
    if person is None or not person.photo:
        return ""
    try:
        return Image(BytesIO(person.photo), width=22 * mm, height=28 * mm, kind="proportional")
    except Exception:  # noqa: BLE001 - any undecodable image: the badge prints without it
        book.warnings.append(f"the photo of {person.display_name} could not be read: "
                             "its badge has no photo")
        return ""


def badge(book: Book, delegate: Any, st: dict[str, ParagraphStyle]) -> Table:
    """One badge, a fixed-size card."""
    person = book.data.people_by_id.get(delegate.person_id)
    native = person.native_name if person else "—"
    latin = person.latin_name if person and person.latin_name != person.native_name else ""
    band = book.text(label(delegate.category).upper(), st["band"])
    text: list[Flowable] = [book.text(native, st["name"])]
    if latin:
        text.append(book.text(latin, st["latin"]))
    if delegate.delegation_role:
        text.append(book.text(delegate.delegation_role, st["role"]))
    if delegate.badge_number:
        text.append(book.text(f"No. {delegate.badge_number}", st["number"]))
    t = Table([[band, ""], [_photo(book, person), text]], colWidths=[26 * mm, BADGE_W - 26 * mm],
              rowHeights=[_BAND, BADGE_H - _BAND])
    colour = CATEGORY_COLOURS.get(delegate.category, colors.black)
    t.setStyle(TableStyle([
        ("SPAN", (0, 0), (1, 0)),
        ("BACKGROUND", (0, 0), (1, 0), colour),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("VALIGN", (0, 1), (-1, 1), "TOP"),
        ("TOPPADDING", (0, 1), (-1, 1), 6),
        ("BOX", (0, 0), (-1, -1), 1.5, colour),
        ("FONTNAME", (0, 0), (-1, -1), book.fonts["sans"]),
    ]))
    return t


def badge_sheet(book: Book) -> list[Flowable]:
    """Every delegate's badge, two across, with cutting lines between them."""
    found = tuple(book.data.rows.get("delegate", ()))
    if not found:
        return []
    st = _styles(book)
    out = book.section("sec-badges", "Badges")
    cards = [badge(book, d, st) for d in found]
    rows = [cards[i:i + 2] + [""] * (2 - len(cards[i:i + 2])) for i in range(0, len(cards), 2)]
    sheet = book.Table(rows, colWidths=[BADGE_W + 4 * mm] * 2,
                       rowHeights=[BADGE_H + 4 * mm] * len(rows), hAlign="CENTER")
    sheet.setStyle(TableStyle([
        ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("INNERGRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#b8bec7")),
        ("FONTNAME", (0, 0), (-1, -1), book.fonts["sans"]),
    ]))
    out += [sheet, PageBreak()]
    return out
