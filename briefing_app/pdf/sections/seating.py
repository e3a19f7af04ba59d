"""The pack's protocol section: each seating plan as a diagram to scale, its checks and
its seating list (seat, name in native script and Latin, office, side)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer

from briefing_app.core.enums import label
from briefing_app.core.ops.seating import PlanData
from briefing_app.pdf.sections.seating_diagram import PlanDrawing
from briefing_app.pdf.story import Book, venue_span


def plans(book: Book) -> list[Flowable]:
    seating: tuple[PlanData, ...] = book.data.seating
    if not seating:
        return []
    out = book.section("sec-protocol", "Protocol: seating plans")
    events = book.data.events_by_id
    for plan in seating:
        book.check()
        out += _plan(book, plan, events.get(plan.event.id))
    out.append(PageBreak())
    return out


def _plan(book: Book, plan: PlanData, pack_event: object) -> list[Flowable]:
    st, g = book.styles, book.geo
    p = plan.plan
    title = p.title or plan.event.title
    out: list[Flowable] = [CondPageBreak(g.frame_height * 0.7)]
    out += book.heading(title, st.h2, f"seating-{p.id}", 1, toc=True)
    when = venue_span(pack_event) if pack_event is not None else ""
    facts = [plan.event.title, when, f"{label(p.layout)} table, {p.seat_count} seats, "
             f"{p.length_m:g} × {p.width_m:g} m", f"convention: {p.convention}"]
    out.append(book.text(" · ".join(x for x in facts if x), st.meta))
    out.append(Spacer(1, 2 * mm))
    out.append(PlanDrawing(book.fonts, plan, g.frame_width, g.frame_height * 0.5,
                           text_pt=7.5 * g.scale))
    out.append(Spacer(1, 2 * mm))
    if plan.problems:
        out.append(book.rich([("Checks: ", "mark"),
                              ("; ".join(x.message for x in plan.problems), None)], st.body))
    else:
        out.append(book.rich([("Checks: ", "b"), ("every participant has one seat; no "
                                                  "problems found.", None)], st.body))
    if p.notes:
        out += book.paras(p.notes, st.meta)
    out.append(Spacer(1, 2 * mm))
    out.append(_list(book, plan))
    return out


def _list(book: Book, plan: PlanData) -> Flowable:
    st, w = book.styles, book.geo.frame_width
    rows = [book.head_row(["Seat", "Name", "Latin", "Office", "Role"])]
    for s in plan.seats:
        person = plan.people[s.person_id]
        seat = f"{s.seat} (behind)" if s.behind else str(s.seat)
        rows.append([book.text(seat, st.cell), book.text(person.native_name, st.cell),
                     book.text(person.latin_name, st.cell), book.text(person.title, st.cell),
                     book.text(label(plan.roles.get(s.person_id, "not a participant")),
                               st.cell)])
    return book.table(rows, [w * 0.1, w * 0.22, w * 0.22, w * 0.32, w * 0.14], zebra=True)
