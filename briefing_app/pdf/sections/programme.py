"""Programme at a glance, then day by day: venue time beside home time."""

from __future__ import annotations

import re

from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer

from briefing_app.core.enums import EventStatus
from briefing_app.core.pack_data import PackEvent
from briefing_app.pdf.story import (
    Book,
    day_title,
    home_span,
    venue_line,
    venue_span,
    venue_text,
)
from briefing_app.pdf.styles import ACCENT, INK, MUTED, RULE, SHADE


def _role_of(book: Book, ev: PackEvent) -> str:
    pid = book.rules.person_id
    return next((role for p, role in ev.participants if p == pid), "")


def _label(ev: PackEvent) -> str:
    status = ev.event.status
    return " — CANCELLED" if status == EventStatus.CANCELLED else (" (proposed)" if status == EventStatus.PROPOSED else "")


def glance(book: Book) -> list[Flowable]:
    """One compact table per day: every event on a line or two."""
    st, g = book.styles, book.geo
    days = book.data.days()
    out = book.section("sec-glance", "Programme at a glance")
    places = book.rules.places
    if places is not None and places.rooms:
        out.append(book.rich([("Your room: " if len(places.rooms) == 1 else "Your rooms: ", "b"),
                              ("; ".join(places.rooms), None)], st.body))
    if not days:
        out += [book.text("No events have been scheduled yet.", st.body), PageBreak()]
        return out
    w = g.frame_width
    widths = [w * 0.19, w * 0.19, w * 0.37, w * 0.25]
    person = book.rules.person_id is not None
    out.append(book.table([book.head_row(
        ["Venue time", "Home time", "Event" + (" · your role" if person else ""), "Venue"])],
        widths))
    for day, events in days:
        book.check()
        # the day row heads the table, and is repeated if the day runs onto a new page
        rows: list[list[object]] = [[book.text(day_title(book.data.visit.start_date, day),
                                                st.cell_bold), "", "", ""]]
        extra: list[tuple[object, ...]] = [("SPAN", (0, 0), (-1, 0)),
                                           ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                                           ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK)]
        for i, ev in enumerate(events, start=1):
            cancelled = ev.cancelled
            title = ev.event.title + _label(ev)
            if person:
                title += f" · {_role_of(book, ev)}"
            rows.append([book.text(venue_span(ev), st.cell_sans, strike=cancelled),
                         book.text(home_span(ev), st.cell_sans, strike=cancelled),
                         book.text(title, st.cell_bold, strike=cancelled),
                         book.text(venue_text(ev), st.cell_small, strike=cancelled)])
            if cancelled:
                extra.append(("TEXTCOLOR", (0, i), (-1, i), MUTED))
        out.append(CondPageBreak(min(len(rows), 4) * 24 * g.scale))
        cont = [[book.text(f"{day_title(book.data.visit.start_date, day)} (continued)",
                           st.cell_bold), "", "", ""]]
        out.append(book.table(rows, widths, header=False, extra=[("TOPPADDING", (0, 0), (-1, -1), 2),
                                                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                                                                 *extra], repeat=1, continued=cont))
    out.append(PageBreak())
    return out


def day_by_day(book: Book) -> list[Flowable]:
    """Each day as one table under its own header row, repeated as "Day 3 (continued)"
    when the day runs onto another page; each event with its times, place, people,
    protocol and scenario. The duty contacts open the section."""
    st, g = book.styles, book.geo
    days = book.data.days()
    out = book.section("sec-days", "Programme day by day")
    if not days:
        out += [book.text("No events have been scheduled yet.", st.body), PageBreak()]
        return out
    out += duty_contacts(book)
    w = g.frame_width
    widths = [w * 0.27, w * 0.73]
    for n, (day, events) in enumerate(days, start=1):
        book.check()
        title = day_title(book.data.visit.start_date, day)
        out.append(CondPageBreak(g.frame_height * 0.25))
        out.append(book.anchor(f"day-{n}", title, 1, toc=True))
        rows: list[list[object]] = [[book.text(title, st.day_head), ""]]
        for ev in events:
            rows.append(_event_row(book, ev))
        extra: list[tuple[object, ...]] = [
            ("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), INK),
            ("BACKGROUND", (0, 1), (0, -1), SHADE), ("LINEBELOW", (0, 0), (-1, -1), 0.4, MUTED),
            ("TOPPADDING", (0, 0), (-1, 0), 4), ("BOTTOMPADDING", (0, 0), (-1, 0), 4)]
        for i, ev in enumerate(events, start=1):
            if ev.cancelled:
                extra.append(("LINEBEFORE", (0, i), (0, i), 2, ACCENT))
        cont = [[book.text(f"{title} (continued)", st.day_head), ""]]
        out.append(book.table(rows, widths, header=False, repeat=1, extra=extra, continued=cont))
    out.append(PageBreak())
    return out


def duty_contacts(book: Book) -> list[Flowable]:
    """Who to call, day and night: the visit's duty contacts, one a line
    ("Duty officer: +7 701 …" — split at the first colon into who and how)."""
    st, g = book.styles, book.geo
    lines = [ln.strip() for ln in book.data.visit.duty_contacts.splitlines() if ln.strip()]
    if not lines:
        return []
    rows: list[list[object]] = [[book.text("Duty contacts", st.cell_bold), ""]]
    for ln in lines:
        who, sep, how = ln.partition(":")
        rows.append([book.text(who.strip() if sep else "", st.cell_sans),
                     book.text(how.strip() if sep else ln, st.cell_bold)])
    w = g.frame_width
    return [book.table(rows, [w * 0.42, w * 0.58], header=False, repeat=1, extra=[
        ("SPAN", (0, 0), (-1, 0)), ("BOX", (0, 0), (-1, -1), 0.8, INK),
        ("BACKGROUND", (0, 0), (-1, -1), SHADE)]), Spacer(1, 8 * g.scale)]


_TIME = re.compile(r"^\s*(\d{1,2}[:.]\d{2}(?:\s*[–-]\s*\d{1,2}[:.]\d{2})?)\s*[-–—:]?\s+(\S.*)$")


def scenario_steps(text: str) -> list[tuple[str, str]] | None:
    """A scenario written as timed lines ("09:58 Leaders enter the Eastern Hall") as
    (time, step) pairs; untimed lines continue the step before them. None when the
    text is not a timed scenario (fewer than two timed lines)."""
    steps: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        m = _TIME.match(line)
        if m:
            steps.append((m.group(1).replace(".", ":").replace(" ", ""), m.group(2).strip()))
        elif steps:
            steps[-1] = (steps[-1][0], f"{steps[-1][1]} {line.strip()}")
        else:
            steps.append(("", line.strip()))
    return steps if sum(1 for t, _s in steps if t) >= 2 else None


def scenario_table(book: Book, text: str, width: float) -> list[Flowable]:
    """The timed scenario as a table (time | step), else the text as paragraphs."""
    st = book.styles
    steps = scenario_steps(text)
    if steps is None:
        return book.paras(text, st.cell)
    rows = [[book.text(t, st.cell_bold), book.text(step, st.cell)] for t, step in steps]
    t = book.table(rows, [width * 0.2, width * 0.8], header=False, extra=[
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5), ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE)])
    return [t]


def _event_row(book: Book, ev: PackEvent) -> list[object]:
    st, rules, g = book.styles, book.rules, book.geo
    e = ev.event
    cancelled = ev.cancelled
    # venue time and home time at the same weight: both are read at a glance
    times = [book.text(venue_span(ev), st.cell_bold, strike=cancelled),
             book.text("home " + home_span(ev), st.cell_bold, strike=cancelled)]
    # the anchor sits in the cell, so it lands on the page where the event starts
    body: list[Flowable] = [book.anchor(f"ev-{e.id}", f"{ev.start.venue:%H:%M} {e.title}", 2,
                                        toc=False, lift=4),
                            book.text(e.title + _label(ev), st.cell_bold, strike=cancelled)]
    facts = [e.event_type.capitalize(), f"press {e.press}"]
    if e.meeting_format and rules.internal_fields:
        facts.append(f"format: {e.meeting_format}")
    if e.dress_code:
        facts.append(f"dress: {e.dress_code}")
    body.append(book.text(" · ".join(facts), st.cell_small))
    if ev.venue is not None and ev.arrival is not None:
        body.append(book.rich([("From: ", "b"), (venue_line(ev.venue), None)], st.cell))
        body.append(book.rich([("To: ", "b"), (venue_line(ev.arrival), None)], st.cell))
    elif ev.venue is not None:
        body.append(book.text(venue_line(ev.venue), st.cell))
    if rules.internal_fields:
        for v in (ev.venue, ev.arrival):
            if v is not None and v.notes.strip():
                body.append(book.rich([(f"{v.name}: ", "i"), (v.notes, None)], st.cell_note))
    if rules.person_id is not None:
        body.append(book.rich([("Your role: ", "b"), (_role_of(book, ev), None)], st.cell_sans))
        if rules.places is not None:
            transport, seats = rules.places.at(e.id)
            if transport:
                body.append(book.rich([("Your transport: ", "b"), ("; ".join(transport), None)],
                                      st.cell_sans))
            if seats:
                body.append(book.rich([("Your seat: ", "b"), ("; ".join(seats), None)],
                                      st.cell_sans))
    people = [(book.data.people_by_id.get(pid), role) for pid, role in ev.participants
              if pid != rules.person_id]  # the reader knows they are there
    names = [f"{p.display_name} ({role})" for p, role in people if p is not None]
    if names:
        body.append(book.rich([("With: ", "b"), ("; ".join(names), None)], st.cell))
    if rules.internal_fields and e.protocol_notes.strip():
        body.append(book.rich([("Protocol: ", "b"), (e.protocol_notes, None)], st.cell))
    if rules.logistics and e.logistics_notes.strip():
        body.append(book.rich([("Logistics: ", "b"), (e.logistics_notes, None)], st.cell))
    if rules.internal_fields and e.scenario.strip():
        body.append(book.text("Scenario", st.cell_label))
        body += scenario_table(book, e.scenario, g.frame_width * 0.73 - 8)
    return [times, body]

