"""The pocket card: one A6 card per day, readable in a moving car.

Its own type scale (nothing under 7 pt; times bold and large), not the book's styles
shrunk. Each event: venue and home time, venue, who the principal meets (never the
principal), and the approved, non-restricted key messages (priority 1) as one-liners
under it. The duty contacts close each day. A day that runs onto a second card carries
"Day 2 (continued)" at its head (the heading row repeats, relabelled).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
)
from reportlab.platypus.flowables import HRFlowable

from briefing_app.core.enums import PointStatus, Role
from briefing_app.core.pack_data import PackEvent
from briefing_app.core.visit_days import day_number
from briefing_app.pdf.options import EDITION_TITLES
from briefing_app.pdf.sections.cover import date_range
from briefing_app.pdf.story import Book, day_title, home_span, venue_span, venue_text
from briefing_app.pdf.styles import INK, MUTED, SHADE

MIN_SIZE = 7.0  # points: the smallest text on a card
_STAFF_ROLES = frozenset({"principal", "interpreter", "note-taker", "support", "security"})
_MAX_PEOPLE = 5
_MAX_MESSAGES = 4
_MESSAGE_CHARS = 90


class PocketStyles:
    """The card's type scale, in points (not scaled from the book's)."""

    def __init__(self, book: Book) -> None:
        f = book.fonts
        sans, bold, serif = f["sans"], f["sans-bold"], f["serif"]

        def style(name: str, font: str, size: float, leading: float, **kw: Any) -> ParagraphStyle:
            assert size >= MIN_SIZE
            # bulletFontName: ReportLab's default is an unembedded Helvetica
            return ParagraphStyle(f"pocket_{name}", fontName=font, fontSize=size,
                                  leading=leading, splitLongWords=1, bulletFontName=font, **kw)

        self.day = style("day", bold, 10.5, 13, textColor=colors.white)
        self.time = style("time", bold, 10.5, 13, textColor=INK, spaceAfter=1)
        self.home = style("home", bold, 8.5, 10.5, textColor=INK)
        self.title = style("title", bold, 8.5, 10.5, textColor=INK)
        self.line = style("line", sans, 7.5, 9.5, textColor=colors.black)
        self.message = style("message", serif, 7.5, 9.5, leftIndent=7, bulletIndent=0)
        self.contacts = style("contacts", sans, 7.5, 9.5, textColor=colors.black)
        self.contacts_head = style("contacts_head", bold, 7.5, 9.5, textColor=MUTED)
        self.cover_title = style("cover_title", bold, 13, 15.5, textColor=INK, spaceAfter=4)
        self.cover_line = style("cover_line", sans, 8.5, 10.5, textColor=INK, spaceAfter=1.5)
        self.cover_small = style("cover_small", sans, 7, 8.8, textColor=MUTED)


def pocket_cover(book: Book, copy_label: str) -> list[Flowable]:
    """The card's own cover, in its own type scale (the book's cover shrunk to A6 came
    out at 5 pt): what, whose, when, which copy for whom, who issued it and as at when.
    The distribution list stays in the book (the copy line names this card's holder)."""
    st = PocketStyles(book)
    d, v = book.data, book.data.visit
    out: list[Flowable] = [Spacer(1, book.geo.frame_height * 0.08),
                           book.text(v.visit_type.upper(), st.cover_small),
                           HRFlowable(width="100%", thickness=1.5, color=INK, spaceBefore=2,
                                      spaceAfter=6),
                           book.text(v.title, st.cover_title)]
    if d.principal is not None:
        p = d.principal
        out.append(book.text(p.display_name + (f", {p.title}" if p.title else ""), st.cover_line))
    place = ", ".join(x for x in (v.host_city, v.host_country) if x)
    if place:
        out.append(book.text(place, st.cover_line))
    out.append(book.text(date_range(v.start_date, v.end_date), st.cover_line))
    out += [Spacer(1, 10), HRFlowable(width="40%", thickness=0.6, color=INK, hAlign="LEFT",
                                      spaceAfter=4),
            book.text(EDITION_TITLES[book.rules.edition], st.title),
            book.text(copy_label, st.cover_line)]
    issued = f"Issued {d.issued:%d %B %Y}" + (f" by {v.issuing_department}"
                                               if v.issuing_department else "")
    smalls = [issued, f"Information as at {v.as_at}" if v.as_at else "",
              " · ".join(x for x in ((f"Drafted by {v.drafted_by}" if v.drafted_by else ""),
                                     (f"Cleared by {v.cleared_by}" if v.cleared_by else ""))
                         if x),
              f"Home time: {v.home_tz}"]
    out += [book.text(s, st.cover_small) for s in smalls if s]
    # shrinking is the last resort for an extreme title; the demo's cover fits at size
    return [KeepInFrame(book.geo.frame_width, book.geo.frame_height - 2, out, mode="shrink"),
            NextPageTemplate("body"), PageBreak()]


def pocket_cards(book: Book) -> list[Flowable]:
    """One card (or more, continued) per day."""
    st = PocketStyles(book)
    days = book.data.days()
    if not days:
        return [book.text("No events have been scheduled yet.", st.line)]
    w = book.geo.frame_width
    table_cls = book.Table  # its `continued` rows head the parts after a break
    out: list[Flowable] = []
    for n, (day, events) in enumerate(days, start=1):
        book.check()
        title = day_title(book.data.visit.start_date, day)
        rows: list[list[Any]] = [[[book.anchor(f"day-{n}", title, 0, toc=False, lift=4),
                                   book.text(title, st.day)]]]
        for ev in events:
            rows.append(_event_row(book, st, ev))
        contacts = _contacts(book, st)
        if contacts:
            # in the day's last row, so they go with its last event: a card holding only
            # the contacts under "Day 2 (continued)" helps nobody
            box = table_cls([[contacts]], colWidths=[w - 6], hAlign="LEFT")
            box.setStyle([("FONTNAME", (0, 0), (-1, -1), book.fonts["sans"]),
                          ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                          ("LEFTPADDING", (0, 0), (-1, -1), 3),
                          ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                          ("TOPPADDING", (0, 0), (-1, -1), 2),
                          ("BOTTOMPADDING", (0, 0), (-1, -1), 3)])
            rows[-1][0] += [Spacer(1, 4), box]
        t = table_cls(rows, colWidths=[w], repeatRows=1, splitInRow=1, hAlign="LEFT")
        number = day_number(book.data.visit.start_date, day)
        again = f"Day {number} (continued)" if number else f"{day:%d %B} (continued)"
        t.continued = [[[Paragraph(book.fonts.markup(again, st.day.fontName),
                                   st.day)]]]
        cmds: list[tuple[Any, ...]] = [
            # a cell's font even when it draws no string: not ReportLab's unembedded Helvetica
            ("FONTNAME", (0, 0), (-1, -1), book.fonts["sans"]),
            ("BACKGROUND", (0, 0), (-1, 0), INK),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LINEBELOW", (0, 1), (-1, -1), 0.5, MUTED)]
        t.setStyle(cmds)
        out += [t, PageBreak()]
    return out


def _event_row(book: Book, st: PocketStyles, ev: PackEvent) -> list[Any]:
    e = ev.event
    cell: list[Flowable] = [
        book.anchor(f"ev-{e.id}", f"{ev.start.venue:%H:%M} {e.title}", 1, toc=False, lift=4),
        times(book, st, ev), book.text(e.title, st.title)]
    where = venue_text(ev)
    if where:
        cell.append(book.text(where, st.line))
    who = meets(book, ev)
    if who:
        cell.append(book.rich([("With: ", "b"), (who, None)], st.line))
    for text in key_messages(ev):
        cell.append(book.text(text, st.message, bullet="•"))
    return [cell]


def times(book: Book, st: PocketStyles, ev: PackEvent) -> Paragraph:
    """'10:00–10:45 CST  home 08:00–08:45 UTC+6' on one line: venue time large, home
    time beside it, both bold (both strings are ours, escaped all the same)."""
    f = book.fonts
    home = f.markup("home " + home_span(ev), st.home.fontName)
    return Paragraph(f"{f.markup(venue_span(ev), st.time.fontName)}&nbsp;&nbsp;"
                     f'<font size="{st.home.fontSize:g}">{home}</font>', st.time)


def meets(book: Book, ev: PackEvent) -> str:
    """Who the principal meets: everyone but the principal and the staff, hosts first."""
    principal = book.data.visit.principal_id
    people = book.data.people_by_id
    found = [(people[pid], role) for pid, role in ev.participants
             if pid in people and pid != principal and role not in _STAFF_ROLES]
    found.sort(key=lambda pr: pr[1] != "host")
    names = [p.display_name + (f" ({role})" if role == Role.HOST else "") for p, role in found]
    more = len(names) - _MAX_PEOPLE
    return "; ".join(names[:_MAX_PEOPLE]) + (f"; +{more} more" if more > 0 else "")


def key_messages(ev: PackEvent) -> list[str]:
    """The event's key (priority 1) points, one line each (heading, else the text cut)."""
    out = []
    for pp in ev.points:
        pt = pp.point
        if pt.priority != 1 or pt.restricted or pt.status != PointStatus.APPROVED:
            continue  # the data is filtered already; this guards the card by itself too
        text = " ".join((pt.heading or pt.text).split())
        if len(text) > _MESSAGE_CHARS:
            text = text[:_MESSAGE_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
        out.append(text)
    return out[:_MAX_MESSAGES]


def _contacts(book: Book, st: PocketStyles) -> list[Flowable]:
    text = book.data.visit.duty_contacts.strip()
    if not text:
        return []
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return [book.text("Duty contacts", st.contacts_head),
            *(book.text(ln, st.contacts) for ln in lines)]
