"""The protocol section's lists: the delegation list, the car plans and rooming lists,
the gift register, and (restricted, on request) the delegation list with passport data.

Every edition but the delegation's with its passport list asked for has already had the
passport fields blanked by `editions.without_restricted`; only `passport_list` prints
them.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, PageBreak

from briefing_app.core.enums import label
from briefing_app.core.protocol_lists import delegate_warnings, motorcade
from briefing_app.pdf.story import Book, home_span

SAMPLE_NOTE = ("Passport data is restricted: this list is for the visa and accreditation "
               "authorities only. Do not copy or forward.")


def _name(book: Book, person_id: int | None) -> str:
    p = book.data.people_by_id.get(person_id or 0)
    return p.display_name if p is not None else "—"


def _delegates(book: Book) -> tuple[Any, ...]:
    return tuple(book.data.rows.get("delegate", ()))


def delegation_list(book: Book) -> list[Flowable]:
    """Who is in the delegation, as what, with which badge: no passport data."""
    found = _delegates(book)
    if not found:
        return []
    st, w = book.styles, book.geo.frame_width
    out = book.section("sec-delegation", "Delegation list")
    rows: list[list[object]] = [book.head_row(
        ["#", "Name", "Role in the delegation", "Category", "Badge", "Visa"])]
    for n, d in enumerate(found, start=1):
        rows.append([book.text(str(n), st.cell_sans), book.text(_name(book, d.person_id), st.cell_bold),
                     book.text(d.delegation_role, st.cell), book.text(label(d.category), st.cell_sans),
                     book.text(d.badge_number, st.cell_sans),
                     book.text(label(d.visa_status), st.cell_sans)])
    out.append(book.table(rows, [w * 0.05, w * 0.32, w * 0.27, w * 0.14, w * 0.09, w * 0.13],
                          zebra=True))
    out.append(PageBreak())
    return out


def passport_list(book: Book) -> list[Flowable]:
    """The delegation list with passport data, for the visa office: restricted."""
    found = _delegates(book)
    if not found:
        return []
    st, w = book.styles, book.geo.frame_width
    end = book.data.visit.end_date
    out = book.section("sec-passports", "Delegation list — passport data (RESTRICTED)")
    out.append(book.rich([("RESTRICTED. ", "mark"), (SAMPLE_NOTE, None)], st.body))
    rows: list[list[object]] = [book.head_row(
        ["Name", "Category", "Nationality", "Date of birth", "Passport", "Expires", "Visa"])]
    warnings: list[str] = []
    for d in found:
        name = _name(book, d.person_id)
        warnings += delegate_warnings(d, end, name)
        rows.append([book.text(name, st.cell_bold), book.text(label(d.category), st.cell_sans),
                     book.text(d.nationality, st.cell_sans),
                     book.text(f"{d.date_of_birth:%d %b %Y}" if d.date_of_birth else "—",
                               st.cell_sans),
                     book.text(d.passport_number or "—", st.cell_sans),
                     book.text(f"{d.passport_expiry:%d %b %Y}" if d.passport_expiry else "—",
                               st.cell_sans),
                     book.text(label(d.visa_status), st.cell_sans)])
    out.append(book.table(rows, [w * 0.27, w * 0.12, w * 0.12, w * 0.12, w * 0.15, w * 0.11,
                                 w * 0.11], zebra=True))
    if warnings:
        out += book.heading("To put right before departure", st.h2)
        out += [book.text(x, st.bullet, bullet="•") for x in warnings]
    out.append(PageBreak())
    return out


def movements(book: Book) -> list[Flowable]:
    """Each transfer's motorcade (car by car, who sits where), then the rooming lists."""
    seats = tuple(book.data.rows.get("car_seat", ()))
    rooms = tuple(book.data.rows.get("room", ()))
    if not seats and not rooms:
        return []
    st, w = book.styles, book.geo.frame_width
    out = book.section("sec-movements", "Movements")
    events = book.data.events_by_id
    for event_id, cars in motorcade(seats).items():
        ev = events.get(event_id or 0)
        title = ev.event.title if ev is not None else "Transfer not linked to the programme"
        out += book.heading(f"Car plan — {title}", st.h2)
        if ev is not None:
            out.append(book.text(home_span(ev), st.meta))
        rows: list[list[object]] = [book.head_row(
            ["Order", "Car", "Passengers (seat)", "Driver", "Liaison"])]
        for car in cars:
            people = [f"{_name(book, s.person_id)}" + (f" ({s.seat})" if s.seat else "")
                      for s in car.seats if s.person_id]
            notes = [s.notes for s in car.seats if s.notes]
            rows.append([book.text(str(car.position), st.cell_sans),
                         book.text(car.number, st.cell_bold),
                         book.text("\n".join(people + notes) or "—", st.cell),
                         book.text(car.driver, st.cell_sans), book.text(car.liaison, st.cell_sans)])
        out.append(book.table(rows, [w * 0.08, w * 0.14, w * 0.42, w * 0.18, w * 0.18]))
    hotels: dict[int | None, list[Any]] = {}
    for r in rooms:
        hotels.setdefault(r.hotel_id, []).append(r)
    venues = {e.venue.id: e.venue for e in book.data.events if e.venue is not None}
    for hotel_id, found in hotels.items():
        hotel = venues.get(hotel_id or 0)
        out += book.heading(f"Rooming list — {hotel.name if hotel else 'hotel not given'}", st.h2)
        rows = [book.head_row(["Room", "Guest", "Check-in", "Check-out", "Notes"])]
        for r in found:
            rows.append([book.text(r.room, st.cell_bold), book.text(_name(book, r.person_id), st.cell),
                         book.text(f"{r.check_in:%a %d %b}" if r.check_in else "—", st.cell_sans),
                         book.text(f"{r.check_out:%a %d %b}" if r.check_out else "—", st.cell_sans),
                         book.text(r.notes, st.cell_note)])
        out.append(book.table(rows, [w * 0.15, w * 0.35, w * 0.13, w * 0.13, w * 0.24]))
    out.append(PageBreak())
    return out


def gift_value(g: Any) -> str:
    """'1,200 USD', or '—' when no value was estimated."""
    if g.value is None:
        return "—"
    return f"{g.value:,.0f} {g.currency}".strip()


def gift_register(book: Book) -> list[Flowable]:
    """Gifts given and received, with what became of each (the ethics return's source)."""
    gifts = tuple(book.data.rows.get("gift", ()))
    if not gifts:
        return []
    st, w = book.styles, book.geo.frame_width
    out = book.section("sec-gifts", "Gift register")
    events = book.data.events_by_id
    rows: list[list[object]] = [book.head_row(
        ["Event", "Gift", "From → to", "Value", "Became of it"])]
    for g in gifts:
        ev = events.get(g.event_id or 0)
        gift = [book.text(g.description, st.cell_bold),
                book.text(label(g.direction), st.cell_small)]
        if g.notes:
            gift.append(book.text(g.notes, st.cell_note))
        rows.append([book.text(ev.event.title if ev else "—", st.cell_sans), gift,
                     book.text(f"{_name(book, g.giver_id)} →\n{_name(book, g.recipient_id)}",
                               st.cell),
                     book.text(gift_value(g), st.cell_sans),
                     book.text(label(g.disposition), st.cell_sans)])
    out.append(book.table(rows, [w * 0.2, w * 0.3, w * 0.26, w * 0.11, w * 0.13], zebra=True))
    out.append(PageBreak())
    return out
