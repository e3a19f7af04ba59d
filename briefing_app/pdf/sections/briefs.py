"""Meeting briefs, in programme order: what we want, what to say, what they want."""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Spacer

from briefing_app.core.enums import PointStatus
from briefing_app.core.facts import format_value
from briefing_app.core.pack_data import PackEvent, PackPoint
from briefing_app.core.records import FactRecord
from briefing_app.pdf.sections.cover import as_list, bullets_or_paras, list_items
from briefing_app.pdf.story import DRAFT_MARK, Book, home_span, venue_span, venue_text

_KIND_LABEL = {"point to make": "", "line to take": "Line to take", "question to ask": "Question to ask",
               "expected question": "Expected question", "if raised": "If raised"}


def has_brief(ev: PackEvent) -> bool:
    e = ev.event
    return not ev.cancelled and bool(
        ev.points or ev.fact_ids or any(x.strip() for x in (
            e.objectives, e.their_objectives, e.our_response, e.if_raised, e.press_line,
            e.background, e.background_nfd, e.do_not_raise)))


def briefs(book: Book) -> list[Flowable]:
    events = [ev for ev in book.data.events if has_brief(ev)]
    if not events:
        return []
    out = book.section("sec-briefs", "Meeting briefs")
    for i, ev in enumerate(events):
        book.check()
        if i:  # each brief starts on a page of its own, as it is handed out on its own
            out.append(PageBreak())
        out += brief(book, ev)
    out.append(PageBreak())
    return out


def brief(book: Book, ev: PackEvent) -> list[Flowable]:
    st, rules = book.styles, book.rules
    e = ev.event
    out = book.heading(e.title, st.h2, f"brief-{e.id}", 1, toc=True)
    where = venue_text(ev)
    out.append(book.text(f"{ev.start.venue:%A %d %B %Y} · {venue_span(ev)} · home {home_span(ev)}"
                         + (f" · {where}" if where else "") + f" · press {e.press}", st.meta))
    # who is in the room comes first: a participants table at the end of a brief
    # could be left alone on a page of its own
    out += _participants(book, ev)
    if rules.internal_fields and (e.meeting_format.strip() or e.speaking_order.strip()):
        if e.meeting_format.strip():
            out.append(book.rich([("Format: ", "b"), (e.meeting_format, None)], st.body))
        if e.speaking_order.strip():
            out += [*book.heading("Order of speaking", st.h3),
                    *as_list(book, e.speaking_order, "numbers")]
    if rules.internal_fields and e.objectives.strip():
        out += [*book.heading("Objectives", st.h3), *as_list(book, e.objectives, "numbers")]
    if rules.internal_fields and e.do_not_raise.strip():
        out += book.heading("", st.h3, parts=[("Do not raise", "b")])
        out += [book.text(item, st.dont_raise, bullet="×")
                for item in list_items(e.do_not_raise)]
    if ev.points:
        out += book.heading("Points to make", st.h3)
        for n, pp in enumerate(ev.points, start=1):
            out += _point(book, n, pp)
    for label, value, shown in (("Their objectives", e.their_objectives, rules.internal_fields),
                                ("Our response", e.our_response, rules.internal_fields),
                                ("If raised", e.if_raised, rules.internal_fields),
                                ("Press line", e.press_line, True),
                                ("Background", e.background, True)):
        if not (shown and value.strip()):
            continue
        if label == "Press line" and rules.mark_drafts and e.press_line_status != PointStatus.APPROVED:
            out += book.heading("", st.h3, parts=[(label, None), (f"  {DRAFT_MARK}", "mark")])
        else:
            out += book.heading(label, st.h3)
        out += bullets_or_paras(book, value)
    if rules.nfd and e.background_nfd.strip():
        out += book.heading("", st.h3, parts=[("Background — NOT FOR DISCLOSURE", "b")])
        out += book.paras(e.background_nfd, st.body_nfd)
    facts = [book.data.facts_by_id[f] for f in ev.cited_fact_ids() if f in book.data.facts_by_id]
    if facts:
        out += book.heading("Facts cited", st.h3)
        for f in facts:
            out.append(_fact_line(book, f))
    out.append(Spacer(1, 6))
    return out


def _point(book: Book, n: int, pp: PackPoint) -> list[Flowable]:
    st = book.styles
    pt = pp.point
    parts: list[tuple[str, str | None]] = []
    if book.rules.mark_drafts and pt.status != PointStatus.APPROVED:
        parts.append((f"{DRAFT_MARK} · ", "mark"))
    label = _KIND_LABEL.get(pt.point_type, pt.point_type)
    if label:
        parts.append((f"{label}: ", "i"))
    if pt.heading:
        parts.append((pt.heading + " — ", "b"))
    parts.append((pt.text, None))
    if pt.restricted and book.rules.mark_restricted:
        parts.append(("  [restricted]", "i"))
    out: list[Flowable] = [book.rich(parts, st.bullet, bullet=f"{n}.")]
    if pt.answer.strip():
        out.append(book.rich([("Answer: ", "i"), (pt.answer, None)], st.sub_bullet))
    return out


def _fact_line(book: Book, f: FactRecord) -> Flowable:
    st = book.styles
    parts: list[tuple[str, str | None]] = [(f.statement, None)]
    value = format_value(f)
    if value:
        parts.append((f" — {value}", "b"))
    as_of = f"as of {f.as_of:%d %b %Y}" if f.as_of else "undated"
    parts.append((f" ({f.source or 'no source given'}; {as_of})", "i"))
    if f.id in book.data.stale_fact_ids:
        return book.rich(parts + [("  STALE — check before quoting", "b")], st.fact_stale)
    return book.rich(parts, st.sub_bullet)


def _participants(book: Book, ev: PackEvent) -> list[Flowable]:
    st, g = book.styles, book.geo
    people = [(book.data.people_by_id.get(pid), role) for pid, role in ev.participants]
    people = [(p, r) for p, r in people if p is not None]
    if not people:
        return []
    sides = {"our delegation": 0, "counterpart": 1}
    people.sort(key=lambda pr: sides.get(pr[0].side, 2))
    w = g.frame_width
    rows: list[list[object]] = [book.head_row(["Side", "Name", "Role", "Title", "Biography"])]
    show_bio = "biographies" in book.rules.sections
    for p, role in people:
        rows.append([book.text(p.side, st.cell_small), book.text(p.display_name, st.cell_bold),
                     book.text(role, st.cell_sans),
                     book.text(", ".join(x for x in (p.title, p.organisation) if x), st.cell),
                     book.page_ref(f"bio-{p.id}") if show_bio else ""])
    return [*book.heading("Participants", st.h3, need=24 + 26 * min(len(people), 4)),
            book.table(rows, [w * 0.13, w * 0.27, w * 0.12, w * 0.36, w * 0.12]),
            Spacer(1, 4)]
