"""Right-to-left text (Arabic, Hebrew, …): shaped, put in visual order, laid out.

ReportLab's own bidi support needs `rlbidi`, which is not on PyPI, and its shaping
(uharfbuzz) shapes words but does not reorder them; so RTL text is handled here:
`arabic_reshaper` joins Arabic letters into their contextual forms (the presentation
forms DejaVu Sans has), `python-bidi` (the Rust unicode-bidi crate) orders each line
by the Unicode bidi algorithm. Lines are broken in logical order first and reordered
one by one, so a paragraph that wraps reads top to bottom as it should.

Only text with right-to-left letters takes this path (`fonts.has_rtl`); everything
else stays a ReportLab Paragraph. Bidi controls in user text are first balanced with
`fonts.close_bidi`, so an unclosed U+202E cannot reach past its own paragraph.
"""

from __future__ import annotations

from typing import Any

import arabic_reshaper
from bidi import get_base_level, get_display
from reportlab.platypus import Flowable

from briefing_app.pdf.fonts import BIDI_CONTROLS, FontSet, close_bidi

_STRIP = {ord(c): None for c in BIDI_CONTROLS | {"\u200e", "\u200f", "\u061c"}}


def shape(text: str) -> str:
    """Arabic letters in their joined (presentation) forms; logical order kept."""
    return arabic_reshaper.reshape(text) if any("\u0600" <= c <= "\u06ff" for c in text) else text


def rtl_base(text: str) -> bool:
    """Whether the paragraph's first strong letter is right-to-left (rules P2-P3)."""
    return get_base_level(text) == 1


def visual(text: str, rtl: bool | None = None) -> str:
    """One line of logical (already shaped) text in visual order, controls removed."""
    base = None if rtl is None else ("R" if rtl else "L")
    out = get_display(text, base_dir=base) if base else get_display(text)
    return str(out).translate(_STRIP)


def visual_line(text: str) -> str:
    """A one-line label (running head, contents row) ready to draw left to right."""
    return visual(shape(close_bidi(text)))


class BidiParagraph(Flowable):
    """A paragraph of text with right-to-left letters, in one style: lines broken in
    logical order, each drawn in visual order, aligned to the paragraph's direction
    (an RTL paragraph is right-aligned, its bullet on the right). Splits between
    lines, never leaving a single line of it alone at a page's foot or head."""

    def __init__(self, text: str, style: Any, fonts: FontSet, bullet: str | None = None,
                 strike: bool = False, lines: list[str] | None = None) -> None:
        super().__init__()
        self.text = shape(close_bidi(text.replace("\r", "").replace("\t", " ")))
        self.style, self.fonts, self.bullet, self.strike = style, fonts, bullet, strike
        self.rtl = rtl_base(self.text)
        self._lines = lines  # logical lines, once broken
        self._width = -1.0

    # --- layout ---------------------------------------------------------------------
    def getSpaceBefore(self) -> float:  # noqa: N802 - ReportLab's name
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.style.spaceAfter)

    def _measure(self, s: str) -> float:
        return self.fonts.width(s, self.style.fontName, self.style.fontSize)

    def _break(self, width: float) -> list[str]:
        lines: list[str] = []
        for hard in self.text.split("\n"):
            cur = ""
            for word in hard.split(" "):
                trial = f"{cur} {word}" if cur else word
                if not cur or self._measure(trial) <= width:
                    cur = trial
                    while self._measure(cur) > width and len(cur) > 1:  # a word too long
                        cut = len(cur) - 1
                        while cut > 1 and self._measure(cur[:cut]) > width:
                            cut -= 1
                        lines.append(cur[:cut])
                        cur = cur[cut:]
                    continue
                lines.append(cur)
                cur = word
            lines.append(cur)
        return lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        st = self.style
        if self._lines is None or availWidth != self._width:
            inner = max(10.0, availWidth - st.leftIndent - st.rightIndent)
            self._lines = self._break(inner)
            self._width = availWidth
        self.width = availWidth
        self.height = len(self._lines) * st.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        assert self._lines is not None
        n = int(availHeight // self.style.leading)
        total = len(self._lines)
        if n >= total:
            return [self]
        if total - n == 1:
            n -= 1  # no widow
        if n < 2:
            return []  # no orphan
        first = BidiParagraph("", self.style, self.fonts, self.bullet, self.strike,
                              self._lines[:n])
        rest = BidiParagraph("", self.style, self.fonts, None, self.strike, self._lines[n:])
        for part in (first, rest):
            part.rtl, part._width = self.rtl, availWidth
        return [first, rest]

    # --- drawing --------------------------------------------------------------------
    def draw(self) -> None:
        canv, st, fonts = self.canv, self.style, self.fonts
        assert self._lines is not None
        if st.backColor is not None:
            canv.saveState()
            canv.setFillColor(st.backColor)
            canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
            canv.restoreState()
        canv.setFillColor(st.textColor)
        size, lead = st.fontSize, st.leading
        for i, line in enumerate(self._lines):
            y = self.height - i * lead - size
            shown = visual(line, self.rtl)
            if self.rtl:  # indents mirror: the hanging indent is on the right
                x = self.width - st.leftIndent
                w = fonts.draw(canv, x, y, shown, st.fontName, size, align="right", ordered=True)
                x0 = x - w
            else:
                x0 = st.leftIndent
                w = fonts.draw(canv, x0, y, shown, st.fontName, size, ordered=True)
            if self.strike:
                canv.saveState()
                canv.setStrokeColor(st.textColor)
                canv.setLineWidth(0.5)
                canv.line(x0, y + size * 0.3, x0 + w, y + size * 0.3)
                canv.restoreState()
        if self.bullet:
            y = self.height - size
            font = st.bulletFontName or st.fontName
            if self.rtl:
                fonts.draw(canv, self.width - st.bulletIndent, y, self.bullet, font, size,
                           align="right", ordered=True)
            else:
                fonts.draw(canv, st.bulletIndent, y, self.bullet, font, size, ordered=True)
