"""The cover: what this book is, for whom, which copy, how classified."""

from __future__ import annotations

import re

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepInFrame, NextPageTemplate, PageBreak, Spacer
from reportlab.platypus.flowables import HRFlowable

from briefing_app.pdf.options import EDITION_TITLES, Edition
from briefing_app.pdf.story import Book
from briefing_app.pdf.styles import INK


def date_range(start: object, end: object) -> str:
    if start == end:
        return f"{start:%d %B %Y}"
    return f"{start:%d %B %Y} – {end:%d %B %Y}"


def cover(book: Book, copy_label: str) -> list[Flowable]:
    d, st, g = book.data, book.styles, book.geo
    v = d.visit
    # the classification is drawn by the cover page template, top and foot
    out: list[Flowable] = [Spacer(1, g.frame_height * 0.2)]
    out.append(book.text(v.visit_type.upper(), st.cover_small))
    out.append(HRFlowable(width="100%", thickness=2.5 * g.scale, color=INK, spaceBefore=4,
                          spaceAfter=12 * g.scale))
    out.append(book.text(v.title, st.cover_title))
    if d.principal is not None:
        p = d.principal
        out.append(book.text(p.display_name + (f", {p.title}" if p.title else ""), st.cover_line))
    place = ", ".join(x for x in (v.host_city, v.host_country) if x)
    if place:
        out.append(book.text(place, st.cover_line))
    out.append(book.text(date_range(v.start_date, v.end_date), st.cover_line))
    out.append(Spacer(1, g.frame_height * 0.16))
    out.append(HRFlowable(width="40%", thickness=0.6, color=INK, hAlign="LEFT", spaceAfter=8))
    edition = EDITION_TITLES[book.rules.edition]
    out.append(book.text(edition, ParagraphStyle("cover_ed", parent=st.cover_line,
                                                 fontName=book.fonts["sans-bold"])))
    if book.rules.person_id is not None:
        person = d.people_by_id[book.rules.person_id]
        out.append(book.text(f"for {person.display_name}" + (f", {person.title}" if person.title else ""),
                             st.cover_line))
    embargo = v.press_embargo.strip()
    if book.rules.edition is Edition.PRESS and embargo:
        out.append(book.rich([(f"EMBARGOED until {embargo}", "mark")], st.cover_line))
    out.append(Spacer(1, 8 * g.scale))
    out.append(book.text(copy_label, st.cover_line))
    issued = f"Issued {d.issued:%d %B %Y}" + (f" by {v.issuing_department}"
                                               if v.issuing_department else "")
    out.append(book.text(issued, st.cover_small))
    if v.as_at:
        out.append(book.text(f"Information as at {v.as_at}", st.cover_small))
    out.append(book.text(f"Made at level: {book.rules.level}", st.cover_small))
    made = " · ".join(x for x in ((f"Drafted by {v.drafted_by}" if v.drafted_by else ""),
                                  (f"Cleared by {v.cleared_by}" if v.cleared_by else "")) if x)
    if made:
        out.append(book.text(made, st.cover_small))
    out.append(book.text(f"Home time: {v.home_tz}", st.cover_small))
    out += distribution_list(book)
    # a very long title or a small page shrinks the cover; it never spills over
    return [KeepInFrame(g.frame_width, g.frame_height - 2, out, mode="shrink"),
            NextPageTemplate("body"), PageBreak()]


def distribution_list(book: Book) -> list[Flowable]:
    """Who holds which numbered copy: line N of the visit's distribution list."""
    st, g = book.styles, book.geo
    lines = [" ".join(x.split()) for x in book.data.visit.distribution.splitlines() if x.strip()]
    if not lines or book.rules.person_id is not None:
        return []  # the book's list; a personal itinerary's copies are its reader's
    out: list[Flowable] = [Spacer(1, 10 * g.scale), book.text("Distribution", st.cover_label)]
    out += [book.text(f"Copy {n}: {name}", st.cover_small) for n, name in enumerate(lines, 1)]
    return out


def steering(book: Book) -> list[Flowable]:
    """Purpose, objectives, key messages, risks and sensitivities of the whole visit."""
    v, st = book.data.visit, book.styles
    parts = [("Purpose", v.purpose, None), ("Objectives", v.objectives, "numbers"),
             ("Key messages", v.key_messages, "bullets"),
             ("Risks and sensitivities", v.risks, "bullets")]
    if not any(text.strip() for _label, text, _kind in parts):
        return []
    out = book.section("sec-steering", "Steering brief")
    for label, text, kind in parts:
        if text.strip():
            out += book.heading(label, st.h2)
            out += as_list(book, text, kind) if kind else bullets_or_paras(book, text)
    out.append(PageBreak())
    return out


_MARKER = re.compile(r"^\s*(?:[-•*–]|\(?\d{1,3}[.)])\s+")
_NUMBER = re.compile(r"^\s*\(?\d{1,3}[.)]\s+")


def list_items(text: str) -> list[str]:
    """Each non-empty line an item, its own bullet or number taken off; a line that
    does not start a new item (no marker, while the others have one) continues the
    item before it."""
    lines = [ln for ln in text.replace("\r", "").splitlines() if ln.strip()]
    marked = sum(1 for ln in lines if _MARKER.match(ln))
    items: list[str] = []
    for ln in lines:
        m = _MARKER.match(ln)
        if m or not items or not marked:
            items.append(ln[m.end():].strip() if m else ln.strip())
        else:
            items[-1] += " " + ln.strip()
    return items


def as_list(book: Book, text: str, kind: str = "bullets") -> list[Flowable]:
    """A real list with hanging indents: bullets, or numbers 1., 2., …"""
    st = book.styles
    style = st.number if kind == "numbers" else st.bullet
    return [book.text(item, style, bullet=f"{n}." if kind == "numbers" else "•")
            for n, item in enumerate(list_items(text), start=1)]


def bullets_or_paras(book: Book, text: str) -> list[Flowable]:
    """Lines that all start with '-', '•' or '1.' become a list (bullets or numbers);
    other text flows as paragraphs."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if lines and all(_MARKER.match(ln) for ln in lines):
        numbered = all(_NUMBER.match(ln) for ln in lines)
        return as_list(book, text, "numbers" if numbered else "bullets")
    return book.paras(text, book.styles.body)
