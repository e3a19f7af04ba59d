"""Reference sections: biographies and facts and figures."""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import CondPageBreak, Flowable, Image, PageBreak

from briefing_app.core.facts import format_value
from briefing_app.core.records import PersonRecord
from briefing_app.pdf.story import Book


def biographies(book: Book) -> list[Flowable]:
    people = book.data.people
    if not people:
        return []
    g = book.geo
    out = book.section("sec-bios", "Biographies")
    for p in people:
        book.check()
        out.append(CondPageBreak(g.frame_height * 0.2))
        out += beside_photo(book, p, _bio_text(book, p))
    out.append(PageBreak())
    return out


def beside_photo(book: Book, p: PersonRecord, text: list[Flowable]) -> list[Flowable]:
    """A biography's paragraphs, with the person's photo to their left when there is one
    (every edition that prints biographies lays them out the same way)."""
    photo = _photo(book, p)
    if photo is None:
        return text
    g = book.geo
    t = book.Table([[photo, text]], splitInRow=1, hAlign="LEFT",
                   colWidths=[34 * mm * g.scale, g.frame_width - 34 * mm * g.scale])
    t.setStyle([("FONTNAME", (0, 0), (-1, -1), book.fonts["sans"]),
                ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    return [t]


def _bio_text(book: Book, p: PersonRecord) -> list[Flowable]:
    st = book.styles
    out: list[Flowable] = [book.text(p.native_name, st.h2),
                           book.anchor(f"bio-{p.id}", p.display_name, 1, toc=False,
                                       lift=st.h2.leading + 4)]
    if p.latin_name and p.latin_name != p.native_name:
        out.append(book.rich([("Transliteration: ", "i"), (p.latin_name, None)], st.body))
    role = ", ".join(x for x in (p.title, p.organisation, p.country) if x)
    if role:
        out.append(book.text(role, st.body))
    if p.form_of_address:
        out.append(book.rich([("Form of address: ", "i"), (p.form_of_address, None)], st.body))
    out += book.paras(p.biography, st.body)
    return out


def _photo(book: Book, p: PersonRecord) -> Image | None:
    if not p.photo:
        return None
    try:
        reader = ImageReader(BytesIO(p.photo))
        w, h = reader.getSize()
    except Exception:  # noqa: BLE001 - any undecodable image: print without it, say so
        book.warnings.append(f"the photo of {p.display_name} could not be read and was left out")
        return None
    width = 30 * mm * book.geo.scale
    height = min(width * h / max(w, 1), 45 * mm * book.geo.scale)
    return Image(BytesIO(p.photo), width=width, height=height, kind="proportional")


def facts(book: Book) -> list[Flowable]:
    items = book.data.facts
    if not items:
        return []
    st, g = book.styles, book.geo
    w = g.frame_width
    out = book.section("sec-facts", "Facts and figures")
    stale = book.data.stale_fact_ids
    if stale:
        out.append(book.text(f"{len(stale)} figure(s) marked STALE are older than "
                             f"{book.data.visit.fact_stale_days} days (or undated): check them "
                             "before quoting.", st.meta))
    rows: list[list[object]] = [book.head_row(["Statement", "Figure", "As of", "Source"])]
    for f in items:
        as_of = f"{f.as_of:%d %b %Y}" if f.as_of else "undated"
        date_cell: object = book.text(as_of, st.cell_sans)
        if f.id in stale:
            date_cell = [book.text(as_of, st.cell_sans), book.text("STALE", st.cell_stale)]
        rows.append([book.text(f.statement, st.cell), book.text(format_value(f), st.cell_bold),
                     date_cell, book.text(f.source or "—", st.cell_small)])
    out.append(book.table(rows, [w * 0.46, w * 0.16, w * 0.14, w * 0.24], zebra=True))
    out.append(PageBreak())
    return out
