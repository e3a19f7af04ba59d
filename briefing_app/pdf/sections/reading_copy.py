"""Speech reading copies: the text in large type (18 pt, never under 16), paragraphs kept
whole on a page where they fit, a page never turned inside a sentence, pauses marked in
red, and the page number large at the foot ("3 / 7") so a speaker who drops the pages
can put them back in order.

The pages are laid out here, not by the book's frame: each page is one `ReadingPage`
holding the sentences that fit, so no sentence can be split by a page break. The markup
of the text is core/protocol_lists.py's (docs/protocol.md).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Paragraph

from briefing_app.core.protocol_lists import PAUSE_WORD, Block, reading_blocks, speaking_minutes
from briefing_app.pdf.story import MARK_HEX, Book

SIZE = 18.0  # points; the floor is 16
LEADING = SIZE * 1.55
PAUSE_MARK = "//"


class ReadingPage(Flowable):
    """One page of a reading copy: its paragraphs and, at the foot, the page number."""

    def __init__(self, paras: list[Flowable], number: int, total: int, title: str,
                 fonts: Any, width: float, height: float) -> None:
        super().__init__()
        self.paras, self.number, self.total, self.title = paras, number, total, title
        self.fonts, self.width, self.height = fonts, width, height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, min(self.height, availHeight)

    def draw(self) -> None:
        canv = self.canv
        y = self.height
        for p in self.paras:
            _w, h = p.wrap(self.width, y)
            y -= h + p.getSpaceBefore()
            p.drawOn(canv, 0, y)
            y -= p.getSpaceAfter()
        canv.setFillColor(colors.black)
        canv.setFont(self.fonts["sans-bold"], 26)
        canv.drawRightString(self.width, 4, f"{self.number} / {self.total}")


def _style(book: Book, name: str, **kw: Any) -> ParagraphStyle:
    base: dict[str, Any] = {"fontName": book.fonts["sans"], "fontSize": SIZE,
                            "leading": LEADING, "spaceAfter": LEADING * 0.8}
    return ParagraphStyle(name, **{**base, **kw})


def _markup(book: Book, sentences: tuple[str, ...], style: ParagraphStyle) -> str:
    """The sentences as escaped markup, each "[pause]" a red mark."""
    mark = f' <font color="{MARK_HEX}"><b>{PAUSE_MARK}</b></font> '
    parts = []
    for s in sentences:
        bits = [book.fonts.markup(b.strip(), style.fontName) for b in s.split(PAUSE_WORD)]
        parts.append(mark.join(b for b in bits))
    return " ".join(parts).strip()


def paginate(book: Book, blocks: list[Block], width: float, height: float
             ) -> list[list[Flowable]]:
    """The blocks as pages of paragraphs: a paragraph moves whole to the next page when
    it does not fit, and is split between sentences only when it is longer than a page."""
    body = _style(book, "reading")
    pause = _style(book, "reading_pause", alignment=1, textColor=colors.HexColor(MARK_HEX))
    pages: list[list[Flowable]] = [[]]
    room = height

    def place(p: Flowable) -> bool:
        nonlocal room
        h = p.wrap(width, height)[1] + p.getSpaceBefore() + p.getSpaceAfter()
        if h > room and pages[-1]:
            return False
        pages[-1].append(p)
        room -= h
        return True

    def new_page() -> None:
        nonlocal room
        pages.append([])
        room = height

    for block in blocks:
        if block.is_pause:
            p = Paragraph(f"<b>{PAUSE_MARK} pause {PAUSE_MARK}</b>", pause)
            if not place(p):
                new_page()
                place(p)
            continue
        whole = Paragraph(_markup(book, block.sentences, body), body)
        if place(whole):
            continue
        new_page()
        if place(whole) and pages[-1][-1] is whole and room >= 0:
            continue
        # longer than a page: split between sentences
        pages[-1].pop()
        room = height
        chunk: list[str] = []
        for sentence in block.sentences:
            trial = Paragraph(_markup(book, (*chunk, sentence), body), body)
            h = trial.wrap(width, height)[1] + body.spaceAfter
            if h > room and chunk:
                place(Paragraph(_markup(book, tuple(chunk), body), body))
                new_page()
                chunk = [sentence]
            else:
                chunk.append(sentence)
        if chunk:
            place(Paragraph(_markup(book, tuple(chunk), body), body))
    return [p for p in pages if p]


def reading_copies(book: Book) -> list[Flowable]:
    """One reading copy per speech, each starting on a new page."""
    speeches = tuple(book.data.rows.get("speech", ()))
    if not speeches:
        return []
    g = book.geo
    out: list[Flowable] = []
    head = _style(book, "reading_head", fontName=book.fonts["sans-bold"], fontSize=20,
                  leading=26)
    meta = _style(book, "reading_meta", fontSize=11, leading=15,
                  textColor=colors.HexColor("#5b6470"))
    for sp in speeches:
        book.check()
        speaker = book.data.people_by_id.get(sp.speaker_id or 0)
        minutes = speaking_minutes(sp.text, sp.words_per_minute)
        intro: list[Flowable] = [
            book.text(sp.title, head),
            book.text(" · ".join(x for x in (
                speaker.display_name if speaker else "",
                f"about {max(1, round(minutes))} min at {sp.words_per_minute} words a minute",
                "// marks a pause") if x), meta)]
        key = f"reading-{sp.id}"
        height = g.frame_height - 40  # the foot keeps room for the page number
        pages = paginate(book, reading_blocks(sp.text), g.frame_width, height)
        room = height - sum(p.wrap(g.frame_width, height)[1] + p.getSpaceAfter() for p in intro)
        if pages and sum(p.wrap(g.frame_width, height)[1] + p.getSpaceAfter()
                         for p in pages[0]) <= room:
            pages[0] = intro + pages[0]
        else:
            pages.insert(0, intro)
        out.append(book.anchor(key, f"Reading copy — {sp.title}", 0, toc=True))
        for i, paras in enumerate(pages, start=1):
            out.append(ReadingPage(paras, i, len(pages), sp.title, book.fonts, g.frame_width,
                                   g.frame_height - 2))
            out.append(PageBreak())
    return out
