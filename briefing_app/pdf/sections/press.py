"""The press pack (a document of its own, not a redacted book) and the book's
"Press lines and Q&A" section.

The press pack's data has already been reduced to public fields by
`editions._press`; these functions lay out only what a press office hands out: the
public programme with its media arrangements, the approved press lines, the cleared
Q&A, the public agreements, public biographies and the press office's contacts.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer

from briefing_app.core.enums import EventType, PointStatus
from briefing_app.core.pack_data import PackEvent
from briefing_app.core.records import PersonRecord, PressQARecord
from briefing_app.pdf.editions import is_public_event
from briefing_app.pdf.options import Edition
from briefing_app.pdf.sections import deliverables
from briefing_app.pdf.sections.reference import beside_photo
from briefing_app.pdf.story import (
    DRAFT_MARK,
    Book,
    day_title,
    home_span,
    venue_span,
)
from briefing_app.pdf.styles import INK, MUTED, SHADE

_ACCESS = {"open": "Open press", "pool": "Pool only", "closed": "Closed to the press"}


def _end(book: Book) -> list[Flowable]:
    """A book starts each section on a new page; the press pack is a short handout, so
    its sections follow each other unless little of the page is left."""
    if book.rules.edition is Edition.PRESS:
        return [CondPageBreak(book.geo.frame_height * 0.3), Spacer(1, 16)]
    return [PageBreak()]


def press_story(book: Book) -> list[Flowable]:
    """The press pack's body, in the order a journalist reads it."""
    wanted = book.rules.sections
    parts: list[tuple[str, Callable[[Book], list[Flowable]]]] = [
        ("programme", public_programme), ("press", press_lines_and_qa),
        ("deliverables", agreements), ("biographies", biographies)]
    # who to call comes first: it is what a journalist looks for when the pack is handed out
    body: list[Flowable] = press_office(book)
    for name, make in parts:
        if name in wanted:
            book.check()
            body += make(book)
    # the last section's trailing break and space would start an empty last page
    while body and isinstance(body[-1], (CondPageBreak, Spacer, PageBreak)):
        body.pop()
    return body


def media_line(ev: PackEvent) -> str:
    """'Open press · photo opportunity' — how the media attend."""
    e = ev.event
    bits = [_ACCESS.get(e.press, e.press)]
    if e.photo_opportunity:
        bits.append("photo opportunity")
    return " · ".join(bits)


def public_programme(book: Book) -> list[Flowable]:
    """Press-open events by day: times, venue, media arrangements, who takes part."""
    st, g = book.styles, book.geo
    days: dict[object, list[PackEvent]] = {}
    for ev in book.data.events:
        if is_public_event(ev):
            days.setdefault(ev.day, []).append(ev)
    out = book.section("sec-public-programme", "Public programme")
    if not days:
        out += [book.text("No events are open to the media yet.", st.body), PageBreak()]
        return out
    out.append(book.text("Times are local at the venue; home time beside them. Events not "
                         "listed are closed to the media.", st.meta))
    w = g.frame_width
    all_days = sorted({ev.day for ev in book.data.events})
    for day, events in sorted(days.items()):
        book.check()
        n = all_days.index(day) + 1
        title = day_title(book.data.visit.start_date, day)
        # each day one table under its own dark header row, repeated as
        # "Day 2 · … (continued)" when the day runs onto another page (as in the book)
        out.append(CondPageBreak(g.frame_height * 0.2))
        out.append(book.anchor(f"pday-{n}", title, 1, toc=True))
        rows: list[list[object]] = [[book.text(title, st.day_head), ""]]
        rows += [_public_event(book, ev) for ev in events]
        extra: list[tuple[object, ...]] = [
            ("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), INK),
            ("BACKGROUND", (0, 1), (0, -1), SHADE), ("LINEBELOW", (0, 0), (-1, -1), 0.4, MUTED),
            ("TOPPADDING", (0, 0), (-1, 0), 4), ("BOTTOMPADDING", (0, 0), (-1, 0), 4)]
        cont = [[book.text(f"{title} (continued)", st.day_head), ""]]
        out.append(book.table(rows, [w * 0.25, w * 0.75], header=False, repeat=1, extra=extra,
                              continued=cont))
        out.append(Spacer(1, 10 * g.scale))
    out.append(PageBreak())
    return out


def _public_event(book: Book, ev: PackEvent) -> list[object]:
    """One row of a day's table: times | what, where, media arrangements, who."""
    st = book.styles
    e = ev.event
    times = [book.text(venue_span(ev), st.cell_bold),
             book.text("home " + home_span(ev), st.cell_sans)]
    body: list[Flowable] = [
        book.anchor(f"pev-{e.id}", f"{ev.start.venue:%H:%M} {e.title}", 2, toc=False, lift=4),
        book.text(e.title, st.cell_bold)]
    if ev.venue is not None:
        v = ev.venue
        body.append(book.text(", ".join(x for x in (v.name, v.city, v.address) if x), st.cell))
    body.append(book.rich([("Media: ", "b"), (media_line(ev), None)], st.cell_sans))
    if e.accreditation_point.strip():
        body.append(book.rich([("Accreditation: ", "b"), (e.accreditation_point, None)],
                              st.cell_sans))
    if e.media_notes.strip():
        body += book.paras(e.media_notes, st.cell)
    people = [(book.data.people_by_id.get(pid), role) for pid, role in ev.participants]
    names = [f"{p.display_name} ({role})" for p, role in people if p is not None]
    if names:
        body.append(book.rich([("With: ", "b"), ("; ".join(names), None)], st.cell))
    return [times, body]


def press_lines_and_qa(book: Book) -> list[Flowable]:
    """Press lines per event, then questions and answers by event (general ones last).

    In the press pack these are the approved ones only (the data holds nothing else);
    in the principal's and delegation's books drafts are marked "DRAFT — not cleared".
    """
    st = book.styles
    lines = [ev for ev in book.data.events if ev.event.press_line.strip() and not ev.cancelled
             and ev.event.event_type != EventType.INTERNAL]
    qas = list(book.data.press_qas)
    if not lines and not qas:
        return []
    out = book.section("sec-press", "Press lines and Q&A")
    marks = book.rules.mark_drafts
    if lines:
        out += book.heading("Press lines", st.h2, "press-lines", 1, toc=True)
        for ev in lines:
            e = ev.event
            parts: list[tuple[str, str | None]] = [(e.title, "b"),
                                                   (f"  {ev.start.venue:%d %B, %H:%M}", None)]
            if marks and e.press_line_status != PointStatus.APPROVED:
                parts.append((f"  {DRAFT_MARK}", "mark"))
            out.append(CondPageBreak(48))
            out.append(book.rich(parts, st.cell_sans))
            out += book.paras(e.press_line, st.body)
    if qas:
        out += book.heading("Questions and answers", st.h2, "press-qa", 1, toc=True)
        events = book.data.events_by_id
        groups: dict[int | None, list[PressQARecord]] = {}
        for q in qas:
            groups.setdefault(q.event_id if q.event_id in events else None, []).append(q)
        order = [e.event.id for e in book.data.events if e.event.id in groups]
        n = 0
        for key in [*order, None]:
            if key not in groups:
                continue
            title = events[key].event.title if key is not None else "General"
            out += book.heading(title, st.h3, need=40)
            for q in groups[key]:
                n += 1
                out += _qa(book, n, q, marks)
    out += _end(book)
    return out


def _qa(book: Book, n: int, q: PressQARecord, marks: bool) -> list[Flowable]:
    st = book.styles
    parts: list[tuple[str, str | None]] = []
    if marks and q.status != PointStatus.APPROVED:
        parts.append((f"{DRAFT_MARK} · ", "mark"))
    parts += [("Q: ", "b"), (q.question, "b")]
    out: list[Flowable] = [CondPageBreak(40), book.rich(parts, st.bullet, bullet=f"{n}.")]
    if q.answer.strip():
        out.append(book.rich([("A: ", "i"), (q.answer, None)], st.bullet))
    return out


def agreements(book: Book) -> list[Flowable]:
    """The public agreements: what, between whom, where it stands, when it is signed."""
    items = book.data.agreements
    if not items:
        return []
    st, g = book.styles, book.geo
    w = g.frame_width
    out = book.section("sec-deliverables", "Agreements")
    rows: list[list[object]] = [book.head_row(["No.", "Agreement", "Parties", "Status",
                                               "Signing · signatories"])]
    events = book.data.events_by_id
    people = book.data.people_by_id
    for n, pa in enumerate(items, start=1):
        a = pa.agreement
        sign = events.get(a.signing_event_id) if a.signing_event_id else None
        signing = f"{sign.event.title}, {sign.start.venue:%d %b %H:%M}" if sign else "—"
        # who signs is public (names and titles are in the press pack's biographies)
        pairs = deliverables.signatory_pairs([people[p] for p in pa.signatory_ids
                                              if p in people])
        rows.append([book.text(str(n), st.cell_sans),
                     [book.text(a.title, st.cell_bold), book.text(a.agreement_type, st.cell_small)],
                     book.text(a.parties or "—", st.cell),
                     book.text(a.status, st.cell_sans),
                     [book.text(signing, st.cell_small),
                      *(book.text(pair, st.cell_tight) for pair in pairs)]])
    out.append(book.table(rows, [w * 0.05, w * 0.31, w * 0.25, w * 0.11, w * 0.28], zebra=True))
    if "texts" in book.rules.sections:
        for pa in items:
            if pa.latest is not None:
                book.check()
                out += deliverables.agreement_text(book, pa)
    out += _end(book)
    return out


def biographies(book: Book) -> list[Flowable]:
    """Public biographies of the people the media will see."""
    people = [p for p in book.data.people if p.public_biography.strip() or p.title.strip()]
    if not people:
        return []
    g = book.geo
    out = book.section("sec-bios", "Biographies")
    for p in people:
        book.check()
        out.append(CondPageBreak(g.frame_height * 0.15))
        out += beside_photo(book, p, _bio(book, p))
    out += _end(book)
    return out


def _bio(book: Book, p: PersonRecord) -> list[Flowable]:
    st = book.styles
    out: list[Flowable] = [book.text(p.native_name, st.h2),
                           book.anchor(f"bio-{p.id}", p.display_name, 1, toc=False,
                                       lift=st.h2.leading + 4)]
    if p.latin_name and p.latin_name != p.native_name:
        out.append(book.text(p.latin_name, st.cell_bold))
    role = ", ".join(x for x in (p.title, p.organisation, p.country) if x)
    if role:
        out.append(book.text(role, st.body))
    out += book.paras(p.public_biography, st.body)
    return out


def press_office(book: Book) -> list[Flowable]:
    """Who journalists call: the visit's press office contacts, line by line."""
    contacts = book.data.visit.press_contacts.strip()
    if not contacts:
        return []
    st = book.styles
    out = book.section("sec-press-office", "Press office")
    for block in contacts.split("\n"):
        if block.strip():
            out.append(book.text(block.strip(), st.body))
    return out + _end(book)
