"""The look of the book: page geometry, colours and paragraph styles.

A foreign-ministry brief is sober: serif body text, sans-serif headings in one dark
colour, generous margins, thin rules instead of boxes.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, A6, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from briefing_app.pdf.fonts import FontSet

INK = colors.HexColor("#1b2a41")  # headings, rules
ACCENT = colors.HexColor("#7a1f2b")  # classification marking
MUTED = colors.HexColor("#5b6470")
RULE = colors.HexColor("#b8bec7")
SHADE = colors.HexColor("#eef1f5")
STALE = colors.HexColor("#9a5b00")


@dataclass(frozen=True)
class Geometry:
    """Page size and margins; the header and footer sit inside the margins."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    scale: float  # 1.0 for books, smaller for the pocket card

    @property
    def frame_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def frame_height(self) -> float:
        return self.height - self.top - self.bottom


def geometry(paper: str, pocket: bool) -> Geometry:
    if pocket:
        w, h = A6
        # the card's furniture (classification, running head, page numbers) at 0.94 of
        # the book's stays at 7 pt or more; the card's text has its own scale (pocket.py)
        return Geometry(w, h, 8 * mm, 8 * mm, 15 * mm, 15 * mm, 0.94)
    w, h = LETTER if paper == "letter" else A4
    return Geometry(w, h, 24 * mm, 22 * mm, 26 * mm, 24 * mm, 1.0)


class Styles:
    """Named paragraph styles for one export (fonts differ per machine)."""

    def __init__(self, fonts: FontSet, scale: float = 1.0) -> None:
        self.fonts = fonts
        self.scale = scale
        serif, sans, sans_bold = fonts["serif"], fonts["sans"], fonts["sans-bold"]

        def style(name: str, font: str, size: float, leading: float, **kw: object) -> ParagraphStyle:
            # bulletFontName: ReportLab's default, Helvetica, is not embedded (and
            # cannot print Cyrillic): bullets and list numbers use the body face.
            # allowWidows=0: no paragraph leaves its last line alone atop a page
            # (ReportLab already keeps a first line from being left at a page foot).
            return ParagraphStyle(name, fontName=font, fontSize=size * scale,
                                  leading=leading * scale, splitLongWords=1,
                                  bulletFontName=serif, allowWidows=0, allowOrphans=0, **kw)

        self.cover_title = style("cover_title", sans_bold, 26, 32, textColor=INK, spaceAfter=10)
        self.cover_line = style("cover_line", sans, 13, 18, textColor=INK, spaceAfter=4)
        self.cover_small = style("cover_small", sans, 10, 14, textColor=MUTED)
        self.cover_label = style("cover_label", sans_bold, 10, 14, textColor=INK)
        self.h1 = style("h1", sans_bold, 18, 22, textColor=INK, spaceAfter=4 * scale)
        # Headings are kept with what follows by a CondPageBreak before them (cheap),
        # not keepWithNext (which lays the following flowable out twice).
        self.h2 = style("h2", sans_bold, 13, 16, textColor=INK, spaceBefore=12 * scale,
                        spaceAfter=4 * scale)
        self.h3 = style("h3", sans_bold, 9.5, 12, textColor=MUTED, spaceBefore=7 * scale,
                        spaceAfter=2 * scale)
        self.body = style("body", serif, 10, 14, spaceAfter=4 * scale)
        self.body_nfd = style("body_nfd", serif, 10, 14, spaceAfter=4 * scale,
                              backColor=SHADE, borderPadding=(3, 4, 3, 4))
        self.bullet = style("bullet", serif, 10, 14, leftIndent=14 * scale, bulletIndent=3 * scale,
                            spaceAfter=3 * scale)
        self.number = style("number", serif, 10, 14, leftIndent=18 * scale, bulletIndent=2 * scale,
                            spaceAfter=3 * scale)
        self.dont_raise = style("dont_raise", serif, 10, 14, leftIndent=14 * scale,
                                bulletIndent=3 * scale, spaceAfter=3 * scale, backColor=SHADE,
                                bulletColor=ACCENT)
        self.sub_bullet = style("sub_bullet", serif, 9, 12.5, leftIndent=26 * scale,
                                textColor=MUTED, spaceAfter=2 * scale)
        self.fact_stale = style("fact_stale", serif, 9, 12.5, leftIndent=26 * scale,
                                textColor=STALE, spaceAfter=2 * scale)
        self.cell_stale = style("cell_stale", sans_bold, 7.5, 9.5, textColor=STALE)
        self.meta = style("meta", sans, 8.5, 11.5, textColor=MUTED, spaceAfter=2 * scale)
        self.cell = style("cell", serif, 8.5, 11)
        self.cell_sans = style("cell_sans", sans, 8.5, 11)
        self.cell_bold = style("cell_bold", sans_bold, 8.5, 11)
        self.cell_head = style("cell_head", sans_bold, 8, 10, textColor=colors.white)
        self.cell_small = style("cell_small", sans, 7.5, 9.5, textColor=MUTED)
        self.cell_small_ink = style("cell_small_ink", sans, 7.5, 9.5)  # dense tables
        self.cell_tight = style("cell_tight", serif, 7.5, 9.3)
        self.redline = style("redline", serif, 9.5, 13.5, leftIndent=8 * scale, spaceAfter=5 * scale)
        self.cell_note = style("cell_note", serif, 8, 10.5, textColor=MUTED)
        self.cell_label = style("cell_label", sans_bold, 7.5, 10, textColor=MUTED, spaceBefore=2)
        self.day_head = style("day_head", sans_bold, 11, 14, textColor=colors.white)
        self.mono = style("mono", serif, 8.5, 11)
        self.center_note = style("center_note", sans, 10, 14, textColor=MUTED, alignment=TA_CENTER)
        self.left = TA_LEFT
