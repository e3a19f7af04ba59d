"""Deliverables: the agreements register, and optionally each text with a redline."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, PageBreak

from briefing_app.core.ops.agreements import diff_rows
from briefing_app.core.pack_data import PackAgreement
from briefing_app.pdf.story import Book
from briefing_app.pdf.styles import ACCENT, MUTED


def register(book: Book) -> list[Flowable]:
    agreements = book.data.agreements
    if not agreements:
        return []
    st, g = book.styles, book.geo
    w = g.frame_width
    out = book.section("sec-deliverables", "Deliverables")
    rows: list[list[object]] = [book.head_row(
        ["No.", "Agreement", "Parties · lead agency", "Status", "Signatories", "Signing"])]
    people, events = book.data.people_by_id, book.data.events_by_id
    for n, pa in enumerate(agreements, start=1):
        a = pa.agreement
        sign = events.get(a.signing_event_id) if a.signing_event_id else None
        signing = (f"{sign.event.title}, {sign.start.venue:%d %b %H:%M}" if sign else "not scheduled")
        signatories = "; ".join(people[p].display_name for p in pa.signatory_ids if p in people)
        status = book.text(a.status, st.cell_sans)
        rows.append([
            book.text(str(n), st.cell_sans),
            [book.text(a.title, st.cell_bold), book.text(a.kind + (
                f" · {a.languages}" if a.languages else ""), st.cell_small)],
            [book.text(a.parties or "—", st.cell), book.text(a.lead_agency, st.cell_small)],
            status,
            book.text(signatories or "—", st.cell),
            book.text(signing, st.cell_small),
        ])
    out.append(book.table(rows, [w * 0.05, w * 0.27, w * 0.21, w * 0.14, w * 0.17, w * 0.16],
                          zebra=True))
    if "texts" in book.rules.sections:
        for pa in agreements:
            book.check()
            out += agreement_text(book, pa)
    out.append(PageBreak())
    return out


def agreement_text(book: Book, pa: PackAgreement) -> list[Flowable]:
    st, g = book.styles, book.geo
    a = pa.agreement
    out: list[Flowable] = [CondPageBreak(g.frame_height * 0.3),
                           *book.heading(a.title, st.h2, f"ag-{a.id}", 1, toc=True)]
    if pa.latest is None:
        out.append(book.text("No text has been recorded for this agreement.", st.meta))
        return out
    v = pa.latest
    meta = f"Version {v.number}" + (f" · {v.author}" if v.author else "") + (
        f" · {v.note}" if v.note else "")
    out.append(book.text(meta, st.meta))
    if v.text.strip():
        out += book.paras(v.text, st.body)
    else:
        out.append(book.text("The latest version is empty.", st.meta))
    if pa.previous is not None:
        out += redline(book, pa)
    return out


def redline(book: Book, pa: PackAgreement) -> list[Flowable]:
    """Changed lines only: previous text struck through beside the new text."""
    st, g = book.styles, book.geo
    assert pa.previous is not None and pa.latest is not None
    rows = [r for r in diff_rows(pa.previous.text, pa.latest.text) if r.tag != "equal"]
    head = f"Changes from version {pa.previous.number} to version {pa.latest.number}"
    if not rows:
        return [*book.heading(head, st.h3), book.text("No changes.", st.meta)]
    w = g.frame_width
    table: list[list[object]] = [book.head_row(["Line", f"Version {pa.previous.number}",
                                                f"Version {pa.latest.number}"])]
    for r in rows:
        table.append([
            book.text(f"{r.left_no or ''}/{r.right_no or ''}", st.cell_small),
            book.text(r.left, st.cell, strike=True) if r.left else "",
            book.rich([(r.right, "u")], st.cell) if r.right else "",
        ])
    extra = [("TEXTCOLOR", (1, 1), (1, -1), ACCENT), ("TEXTCOLOR", (0, 1), (0, -1), MUTED)]
    return [*book.heading(head, st.h3),
            book.table(table, [w * 0.1, w * 0.45, w * 0.45], extra=extra)]
