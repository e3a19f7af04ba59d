"""The document template: page furniture, bookmarks, and contents in ONE layout pass.

ReportLab's `multiBuild` lays the book out three times to learn the contents' page
numbers. We know every contents entry before layout (sections, days, briefs come from
the data), so the contents pages have a known size; each page number in them, and
the "of M" in every footer, is drawn as a reference to a PDF form XObject. Forms may be
defined after use, so when the single layout pass ends we define each form with the
page number the anchors recorded, then save.

Only public ReportLab API is used for this: the template hands our own canvas
(`PackCanvas`, given as `canvasmaker`) two callbacks in `beforeDocument`; an `Anchor`
reports itself to the canvas it is drawn on (also inside a table, where the
template's `afterFlowable` never sees it), and the canvas defines the forms
in its `save`, which ReportLab calls once the last page has ended.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from briefing_app.pdf.fonts import SYNTHETIC_BOLD, SYNTHETIC_STROKE, FontSet, isolate
from briefing_app.pdf.styles import ACCENT, INK, MUTED, RULE, Geometry

TOTAL_FORM = "pntotal"


def page_form(key: str) -> str:
    """Form drawing an anchor's page number right-aligned at the origin (contents)."""
    return f"pn{key}"


def ref_form(key: str) -> str:
    """Form drawing an anchor's page number left-aligned at the origin (cross-references)."""
    return f"pl{key}"


class _TextObject(PDFTextObject):
    """A text object that draws the synthetic-bold fonts with a thin outline in the
    fill colour (text render mode 2), and leaves the graphics state as it found it."""

    _bold = False

    def __init__(self, canvas: Any, x: float = 0, y: float = 0, direction: Any = None) -> None:
        super().__init__(canvas, x, y, direction=direction)
        self._follow()

    def _setFont(self, psfontname: str, size: float) -> None:  # noqa: N802
        super()._setFont(psfontname, size)
        self._follow()

    def setFont(self, psfontname: str, size: float, leading: float | None = None) -> None:  # noqa: N802
        super().setFont(psfontname, size, leading)
        self._follow()

    def setFillColor(self, aColor: Any, alpha: float | None = None) -> None:  # noqa: N802, N803
        super().setFillColor(aColor, alpha)
        if self._bold:
            self.setStrokeColor(aColor, alpha)

    def _follow(self) -> None:
        bold = self._fontname in SYNTHETIC_BOLD
        if bold and (not self._bold or getattr(self, "_bold_size", 0) != self._fontsize):
            self._code.append(f"2 Tr {fp_str(self._fontsize * SYNTHETIC_STROKE)} w")
            self._bold_size = self._fontsize
            fill = getattr(self, "_fillColorObj", None) or self._canvas._fillColorObj
            self._bold = True
            self.setStrokeColor(fill)
        elif not bold and self._bold:
            self._plain()

    def _plain(self) -> None:
        self._bold = False
        self._code.append(f"0 Tr {fp_str(self._canvas._lineWidth)} w")
        self.setStrokeColor(self._canvas._strokeColorObj)

    def getCode(self) -> str:  # noqa: N802
        if self._bold:
            self._plain()
        return super().getCode()


class PackCanvas(Canvas):
    """The pack's canvas: its text objects know the synthetic-bold fonts, and it tells
    the template (through the two callbacks the template sets) where each anchor was
    drawn and when the book is about to be saved."""

    on_anchor: Callable[[Anchor], None] | None = None
    before_save: Callable[[], None] | None = None

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> PDFTextObject:  # noqa: N802
        return _TextObject(self, x, y, direction=direction)

    def save(self) -> None:
        """Let the template define the page-number forms (every page is known now)."""
        if self.before_save is not None:
            self.before_save()
        super().save()


@dataclass(frozen=True)
class Decor:
    """What every page but the cover carries."""

    classification: str
    visit_title: str
    copy_label: str  # "Copy 3 of 5"
    edition_label: str
    issued_label: str
    watermark: str
    recipient: str = ""  # from the distribution list: line N receives copy N
    author: str = ""  # the issuing department (PDF metadata)

    @property
    def copy_line(self) -> str:
        """'Copy 3 of 5 · Ambassador Nurlan' for the running head and the cover."""
        return self.copy_label + (f" · {self.recipient}" if self.recipient else "")


@dataclass(frozen=True)
class TocEntry:
    key: str
    title: str
    level: int  # 0 section, 1 day / brief


class Anchor(Flowable):
    """Zero-size marker: a bookmark target, an outline entry, a contents target."""

    _ZERO = True

    def __init__(self, key: str, title: str, level: int, lift: float = 0.0) -> None:
        super().__init__()
        self.key, self.title, self.level = key, title, level
        self.lift = lift  # the target is this far above the anchor (the heading before it)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canv = self.canv
        canv.bookmarkHorizontal(self.key, 0, self.lift + 6)
        placed = getattr(canv, "on_anchor", None)
        if placed is not None:  # on a PackDocTemplate's canvas (not a plain one)
            placed(self)


class ContentsPage(Flowable):
    """One page of the contents: rows drawn directly, page numbers as forms, links."""

    ROW = 17.0
    HEAD = 40.0

    def __init__(self, entries: list[TocEntry], fonts: FontSet, first: bool, scale: float = 1.0) -> None:
        super().__init__()
        self.entries, self.fonts, self.first, self.scale = entries, fonts, first, scale

    @classmethod
    def rows_per_page(cls, frame_height: float, first: bool, scale: float = 1.0) -> int:
        head = cls.HEAD * scale if first else 0
        return max(1, int((frame_height - head - 4) // (cls.ROW * scale)))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        head = self.HEAD * self.scale if self.first else 0
        self.height = head + len(self.entries) * self.ROW * self.scale
        return self.width, min(self.height, availHeight)

    def draw(self) -> None:
        canv, fonts, s = self.canv, self.fonts, self.scale
        y = self.height
        if self.first:
            y -= 22 * s
            canv.setFillColor(INK)
            canv.setFont(fonts["sans-bold"], 18 * s)
            canv.drawString(0, y, "Contents")
            y -= self.HEAD * s - 22 * s
        num_w = 30 * s
        for e in self.entries:
            y -= self.ROW * s
            base = y + 4 * s
            indent = 0 if e.level == 0 else 16 * s
            font = fonts["sans-bold"] if e.level == 0 else fonts["serif"]
            size = (10.5 if e.level == 0 else 9.5) * s
            canv.setFillColor(INK if e.level == 0 else colors.black)
            title = fonts.fit(e.title, font, size, self.width - indent - num_w - 12 * s)
            tw = fonts.draw(canv, indent, base, title, font, size)
            lead_from, lead_to = indent + tw + 4 * s, self.width - num_w
            if lead_to > lead_from:
                canv.saveState()
                canv.setStrokeColor(RULE)
                canv.setLineWidth(0.6)
                canv.setDash(0.6, 2.4)
                canv.line(lead_from, base, lead_to, base)
                canv.restoreState()
            canv.saveState()
            canv.translate(self.width, base)
            canv.doForm(page_form(e.key))
            canv.restoreState()
            canv.linkRect("", e.key, (indent, y + 1, self.width, y + self.ROW * s - 1),
                          relative=1, thickness=0)


def running_head(fonts: FontSet, left: str, right: str, font: str, size: float,
                 width: float, gap: float) -> tuple[str, str]:
    """The two halves of the running head, shortened only as much as the line needs:
    a short copy label leaves its space to the visit title, and the other way round;
    when both are long the title keeps up to 65 % of the line."""
    room = width - gap
    lw, rw = fonts.width(left, font, size), fonts.width(right, font, size)
    if lw + rw <= room:
        return " ".join(left.split()), " ".join(right.split())
    if rw <= room / 2:
        return fonts.fit(left, font, size, room - rw), " ".join(right.split())
    if lw <= room * 0.65:  # the visit title first: it names the book
        return " ".join(left.split()), fonts.fit(right, font, size, room - lw)
    return fonts.fit(left, font, size, room * 0.65), fonts.fit(right, font, size, room * 0.35)


class PackDocTemplate(BaseDocTemplate):
    """Cover and body page templates; records where each anchor landed."""

    def __init__(self, stream: BinaryIO, geo: Geometry, fonts: FontSet, decor: Decor,
                 on_progress: Callable[[int], None], **kw: Any) -> None:
        # initialFontName: else every page's resources name an unembedded Helvetica.
        super().__init__(stream, pagesize=(geo.width, geo.height), leftMargin=geo.left,
                         rightMargin=geo.right, topMargin=geo.top, bottomMargin=geo.bottom,
                         initialFontName=fonts["sans"], **kw)
        self.geo, self.fonts, self.decor = geo, fonts, decor
        self.key_pages: dict[str, int] = {}
        self._outline_level = -1
        self._numbered: tuple[list[str], Collection[str]] | None = None
        self.pages = 0
        frame = Frame(geo.left, geo.bottom, geo.frame_width, geo.frame_height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        cover = Frame(geo.left, geo.bottom, geo.frame_width, geo.frame_height, id="cover",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        # The watermark is drawn when the page is complete (onPageEnd), over the shaded
        # cells and boxes, translucent: a marking that content can hide is no marking.
        self.addPageTemplates([
            PageTemplate("cover", [cover], onPage=self._cover_page, onPageEnd=self._watermark),
            PageTemplate("body", [frame], onPage=self._body_page, onPageEnd=self._watermark),
        ])
        self.setProgressCallBack(lambda kind, value: on_progress(value) if kind == "PROGRESS" else None)
        self._head_left, self._head_right = running_head(
            fonts, decor.visit_title, f"{decor.copy_line} · {decor.edition_label}",
            fonts["sans"], 7.5 * geo.scale, geo.frame_width, 12 * geo.scale)

    def lay_out(self, flowables: list[Flowable], toc_keys: list[str], ref_keys: Collection[str],
                before_numbering: Callable[[], None] = lambda: None) -> int:
        """The single layout pass and the save; returns the page count.

        `toc_keys` and `ref_keys` name the forms for the contents' and the cross
        references' page numbers; `before_numbering` runs once the last page has ended
        (the builder reports progress and checks Cancel there)."""
        self._numbered = (toc_keys, ref_keys)
        self._before_numbering = before_numbering
        self.build(flowables, canvasmaker=PackCanvas)
        return self.pages

    def beforeDocument(self) -> None:  # noqa: N802 - ReportLab's hook: the canvas exists now
        if isinstance(self.canv, PackCanvas):
            self.canv.on_anchor = self.anchor_placed
            self.canv.before_save = self._number_pages

    # --- anchors, outline ---------------------------------------------------------
    def anchor_placed(self, a: Anchor) -> None:
        if a.key in self.key_pages:
            return
        self.key_pages[a.key] = self.canv.getPageNumber()
        level = min(a.level, self._outline_level + 1)  # the outline allows no jumps
        self.canv.addOutlineEntry(isolate(a.title) or "—", a.key, level=level, closed=True)
        self._outline_level = level

    # --- page furniture -----------------------------------------------------------
    def _watermark(self, canv: Any, doc: Any = None) -> None:
        text = self.decor.watermark
        if not text:
            return
        g, fonts = self.geo, self.fonts
        font = fonts["sans-bold"]
        diag = (g.width ** 2 + g.height ** 2) ** 0.5
        size = min(110 * g.scale, 0.7 * diag / max(1.0, fonts.width(text, font, 1)))
        canv.saveState()
        canv.setFillColor(colors.Color(0.55, 0.1, 0.15, alpha=0.13))
        canv.translate(g.width / 2, g.height / 2)
        canv.rotate(45 if g.height >= g.width else 30)
        fonts.draw(canv, 0, -size / 3, text, font, size, align="center")
        canv.restoreState()

    def _cover_page(self, canv: Any, doc: Any) -> None:
        """The cover carries the marking, larger, at its top and foot; nothing else."""
        g, fonts = self.geo, self.fonts
        canv.saveState()
        canv.setFillColor(ACCENT)
        mid, size = g.width / 2, 12 * g.scale
        fonts.draw(canv, mid, g.height - g.top + 10 * g.scale, self.decor.classification,
                   fonts["sans-bold"], size, align="center")
        fonts.draw(canv, mid, g.bottom - 22 * g.scale, self.decor.classification,
                   fonts["sans-bold"], size, align="center")
        canv.restoreState()

    def _body_page(self, canv: Any, doc: Any) -> None:
        g, d, fonts = self.geo, self.decor, self.fonts
        s = g.scale
        canv.saveState()
        left, right = g.left, g.width - g.right
        mid = (left + right) / 2
        bold, sans = fonts["sans-bold"], fonts["sans"]
        # classification, top and bottom
        canv.setFillColor(ACCENT)
        top_y = g.height - g.top + 15 * s + 8 * s
        fonts.draw(canv, mid, top_y, d.classification, bold, 9 * s, align="center")
        fonts.draw(canv, mid, g.bottom - 26 * s - 10 * s, d.classification, bold, 9 * s,
                   align="center")
        # running head: visit title | copy
        canv.setFillColor(MUTED)
        head_y = g.height - g.top + 10 * s
        fonts.draw(canv, left, head_y, self._head_left, sans, 7.5 * s)
        fonts.draw(canv, right, head_y, self._head_right, sans, 7.5 * s, align="right")
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(left, head_y - 4 * s, right, head_y - 4 * s)
        # foot: page N of M | issue date
        foot_y = g.bottom - 16 * s
        canv.line(left, foot_y + 10 * s, right, foot_y + 10 * s)
        canv.setFillColor(INK)
        label = f"Page {canv.getPageNumber()} of "
        canv.setFont(sans, 8 * s)
        canv.drawString(left, foot_y, label)
        canv.saveState()
        canv.translate(left + pdfmetrics.stringWidth(label, sans, 8 * s), foot_y)
        canv.doForm(TOTAL_FORM)
        canv.restoreState()
        canv.setFillColor(MUTED)
        # beside "Page N of M" when it fits; else (a pocket card with an "as at" time)
        # the part after the issue date goes on a second line, never over the page number
        room = right - left - pdfmetrics.stringWidth(label + "0000", sans, 8 * s) - 6 * s
        lines = [d.issued_label]
        if fonts.width(d.issued_label, sans, 7.5 * s) > room and " · " in d.issued_label:
            lines = d.issued_label.split(" · ", 1)
        for n, line in enumerate(lines):
            fonts.draw(canv, right, foot_y - n * 8.5 * s, line, sans, 7.5 * s, align="right")
        canv.restoreState()

    # --- the end of the single pass -----------------------------------------------
    def _number_pages(self) -> None:
        """Define the page-number forms now that every page is known (the canvas saves
        right after)."""
        if self._numbered is None:
            return
        toc_keys, ref_keys = self._numbered
        self._before_numbering()
        canv = self.canv
        total = canv.getPageNumber() - 1
        sans, s = self.fonts["sans"], self.geo.scale
        self._form(TOTAL_FORM, str(total), sans, 8 * s, align="left")
        for key in toc_keys:
            page = self.key_pages.get(key)
            self._form(page_form(key), str(page) if page else "–", self.fonts["serif"],
                       9.5 * s, align="right")
        for key in sorted(ref_keys):
            page = self.key_pages.get(key)
            self._form(ref_form(key), str(page) if page else "–", sans, 8 * s, align="left")
        canv.showOutline()  # PageMode /UseOutlines: the bookmarks panel opens with the file
        self.pages = total

    def _form(self, name: str, text: str, font: str, size: float, align: str) -> None:
        canv = self.canv
        canv.beginForm(name, lowerx=-200, lowery=-20, upperx=200, uppery=40)
        canv.setFont(font, size)
        canv.setFillColor(INK)
        if align == "right":
            canv.drawRightString(0, 0, text)
        else:
            canv.drawString(0, 0, text)
        canv.endForm()
