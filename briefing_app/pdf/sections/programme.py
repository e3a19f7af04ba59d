"""Programme at a glance, then day by day: venue time beside home time."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, PageBreak

from briefing_app.core.pack_data import PackEvent
from briefing_app.pdf.story import Book, day_title, home_span, venue_span, venue_text
from briefing_app.pdf.styles import ACCENT, INK, MUTED, SHADE


def _role_of(book: Book, ev: PackEvent) -> str:
    pid = book.rules.person_id
    return next((role for p, role in ev.participants if p == pid), "")


def _label(ev: PackEvent) -> str:
    status = ev.event.status
    return " — CANCELLED" if status == "cancelled" else (" (proposed)" if status == "proposed" else "")


def glance(book: Book) -> list[Flowable]:
    """One compact table per day: every event on a line or two."""
    st, g = book.styles, book.geo
    days = book.data.days()
    out = book.section("sec-glance", "Programme at a glance")
    if not days:
        out += [book.text("No events have been scheduled yet.", st.body), PageBreak()]
        return out
    w = g.frame_width
    widths = [w * 0.19, w * 0.19, w * 0.37, w * 0.25]
    person = book.rules.person_id is not None
    out.append(book.table([book.head_row(
        ["Venue time", "Home time", "Event" + (" · your role" if person else ""), "Venue"])],
        widths))
    for n, (day, events) in enumerate(days, start=1):
        book.check()
        # the day row heads the table, and is repeated if the day runs onto a new page
        rows: list[list[object]] = [[book.text(day_title(n, day), st.cell_bold), "", "", ""]]
        extra: list[tuple[object, ...]] = [("SPAN", (0, 0), (-1, 0)),
                                           ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                                           ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK)]
        for i, ev in enumerate(events, start=1):
            cancelled = ev.cancelled
            title = ev.event.title + _label(ev)
            if person:
                title += f" · {_role_of(book, ev)}"
            rows.append([book.text(venue_span(ev), st.cell_sans, strike=cancelled),
                         book.text(home_span(ev), st.cell_small, strike=cancelled),
                         book.text(title, st.cell_bold, strike=cancelled),
                         book.text(venue_text(ev), st.cell_small, strike=cancelled)])
            if cancelled:
                extra.append(("TEXTCOLOR", (0, i), (-1, i), MUTED))
        out.append(CondPageBreak(min(len(rows), 4) * 24 * g.scale))
        out.append(book.table(rows, widths, header=False, extra=[("TOPPADDING", (0, 0), (-1, -1), 2),
                                                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                                                                 *extra], repeat=1))
    out.append(PageBreak())
    return out


def day_by_day(book: Book) -> list[Flowable]:
    """Each day under its heading; each event with its times, place, people, protocol."""
    st, g = book.styles, book.geo
    days = book.data.days()
    out = book.section("sec-days", "Programme day by day")
    if not days:
        out += [book.text("No events have been scheduled yet.", st.body), PageBreak()]
        return out
    w = g.frame_width
    for n, (day, events) in enumerate(days, start=1):
        book.check()
        if n > 1:
            out.append(CondPageBreak(g.frame_height * 0.3))
        out += book.heading(day_title(n, day), st.h2, f"day-{n}", 1, toc=True)
        for ev in events:
            out.append(_event_block(book, ev, w))
    out.append(PageBreak())
    return out


def _event_block(book: Book, ev: PackEvent, w: float) -> Flowable:
    st, rules = book.styles, book.rules
    e = ev.event
    cancelled = ev.cancelled
    times = [book.text(venue_span(ev), st.cell_bold, strike=cancelled),
             book.text("home " + home_span(ev), st.cell_small, strike=cancelled)]
    # the anchor sits in the cell, so it lands on the page where the event starts
    body: list[Flowable] = [book.anchor(f"ev-{e.id}", f"{ev.start.venue:%H:%M} {e.title}", 2,
                                        toc=False, lift=4),
                            book.text(e.title + _label(ev), st.cell_bold, strike=cancelled)]
    facts = [e.kind.capitalize(), f"press {e.press}"]
    if e.dress_code:
        facts.append(f"dress: {e.dress_code}")
    body.append(book.text(" · ".join(facts), st.cell_small))
    if ev.venue is not None:
        v = ev.venue
        body.append(book.text(", ".join(x for x in (v.name, v.city, v.address) if x), st.cell))
    if rules.person_id is not None:
        body.append(book.rich([("Your role: ", "b"), (_role_of(book, ev), None)], st.cell_sans))
    people = [(book.data.people_by_id.get(pid), role) for pid, role in ev.participants]
    names = [f"{p.display_name} ({role})" for p, role in people if p is not None]
    if names:
        body.append(book.rich([("With: ", "b"), ("; ".join(names), None)], st.cell))
    if rules.internal_fields and e.protocol_notes.strip():
        body.append(book.rich([("Protocol: ", "b"), (e.protocol_notes, None)], st.cell))
    if rules.logistics and e.logistics_notes.strip():
        body.append(book.rich([("Logistics: ", "b"), (e.logistics_notes, None)], st.cell))
    if rules.internal_fields and e.scenario.strip():
        body.append(book.text("Scenario", st.cell_small))
        body += book.paras(e.scenario, st.cell)
    extra = [("BACKGROUND", (0, 0), (0, -1), SHADE), ("LINEBELOW", (0, 0), (-1, -1), 0.4, MUTED)]
    if cancelled:
        extra.append(("LINEBEFORE", (0, 0), (0, -1), 2, ACCENT))
    return book.table([[times, body]], [w * 0.24, w * 0.76], header=False, extra=extra)
