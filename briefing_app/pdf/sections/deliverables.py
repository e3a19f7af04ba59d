"""Deliverables: the agreements register in signing order, and optionally each text
with a word-level redline against the previous version."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from reportlab.platypus import CondPageBreak, Flowable, PageBreak

from briefing_app.core.enums import Side
from briefing_app.core.pack_data import PackAgreement, PackEvent
from briefing_app.core.records import PersonRecord
from briefing_app.pdf.story import Book, venue_span
from briefing_app.pdf.styles import INK, SHADE


def signing_groups(book: Book) -> list[tuple[PackEvent | None, list[PackAgreement]]]:
    """Agreements by signing ceremony in programme order (then those not scheduled),
    each group in signing order (the data come sorted by signing order, then title)."""
    events = book.data.events_by_id
    order = {ev.event.id: n for n, ev in enumerate(book.data.events)}
    groups: dict[int | None, list[PackAgreement]] = {}
    for pa in book.data.agreements:
        eid = pa.agreement.signing_event_id
        groups.setdefault(eid if eid in events else None, []).append(pa)
    keys = sorted(groups, key=lambda k: (k is None, order.get(k, 0) if k is not None else 0))
    return [(events.get(k) if k is not None else None, groups[k]) for k in keys]


def signatory_pairs(people: list[PersonRecord]) -> list[str]:
    """'Ours — theirs' per pair, in the order given; a signatory without a partner
    on the other side stands alone."""
    ours = [p for p in people if p.side == Side.OURS]
    theirs = [p for p in people if p.side != Side.OURS]
    out = []
    for i in range(max(len(ours), len(theirs))):
        pair = [x.display_name for x in (ours[i] if i < len(ours) else None,
                                         theirs[i] if i < len(theirs) else None) if x]
        out.append(" — ".join(pair))
    return out


def register(book: Book) -> list[Flowable]:
    """The register: one table, a band per signing ceremony, rows in the order of
    signing, with the pairs of signatories who sign each text (compact enough for ten
    agreements on a page)."""
    if not book.data.agreements:
        return []
    st, g = book.styles, book.geo
    w = g.frame_width
    out = book.section("sec-deliverables", "Deliverables")
    people = book.data.people_by_id
    widths = [w * 0.045, w * 0.33, w * 0.265, w * 0.13, w * 0.23]
    rows: list[list[object]] = [book.head_row(
        ["", "Agreement", "Parties · lead agency", "Status", "Signatories (ours — theirs)"])]
    extra: list[tuple[object, ...]] = [("TOPPADDING", (0, 1), (-1, -1), 2),
                                       ("BOTTOMPADDING", (0, 1), (-1, -1), 2)]
    for event, group in signing_groups(book):
        book.check()
        if event is not None:
            head = (f"Signed at: {event.event.title} · {event.start.venue:%a %d %b} "
                    f"{venue_span(event)} — in this order")
        else:
            head = "Not signed at a ceremony of this visit"
        band = len(rows)
        rows.append([book.text(head, st.cell_bold), "", "", "", ""])
        extra += [("SPAN", (0, band), (-1, band)), ("BACKGROUND", (0, band), (-1, band), SHADE),
                  ("LINEBELOW", (0, band), (-1, band), 0.6, INK)]
        for n, pa in enumerate(group, start=1):
            a = pa.agreement
            pairs = signatory_pairs([people[p] for p in pa.signatory_ids if p in people])
            parties = a.parties or "—"
            rows.append([
                book.text(f"{n}." if event is not None else "–", st.cell_bold),
                [book.text(a.title, st.cell_bold), book.text(a.agreement_type + (
                    f" · {a.languages}" if a.languages else ""), st.cell_small)],
                book.rich([(parties, None)] + ([(f" · {a.lead_agency}", "i")] if a.lead_agency
                                               else []), st.cell_tight),
                book.text(a.status, st.cell_tight),
                [book.text(p, st.cell_tight) for p in pairs] or book.text("—", st.cell_tight),
            ])
    out.append(book.table(rows, widths, extra=extra))
    if "texts" in book.rules.sections:
        for pa in book.data.agreements:
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


@dataclass(frozen=True)
class Change:
    """One changed paragraph: its number in the old and new text (None when it was
    inserted or deleted) and the words as (op, text) with op '=', '-' or '+'."""

    old_no: int | None
    new_no: int | None
    words: tuple[tuple[str, str], ...]


def _paragraphs(text: str) -> list[str]:
    """Paragraphs of an agreement text: blank-line blocks, or lines when it has none."""
    text = text.replace("\r", "")
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    if len(blocks) <= 1:
        blocks = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return blocks


def _words(a: str, b: str) -> tuple[tuple[str, str], ...]:
    """Word-level diff of two paragraphs (whitespace kept with the word before it)."""
    wa, wb = re.findall(r"\S+\s*", a), re.findall(r"\S+\s*", b)
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("=", "".join(wa[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", "".join(wa[i1:i2])))
        if j2 > j1:
            out.append(("+", "".join(wb[j1:j2])))
    return tuple(out)


def changes(old: str, new: str) -> list[Change]:
    """The changed paragraphs of `new` against `old`. Paragraphs are matched first
    (difflib on the paragraph lists); inside a replaced block each new paragraph is
    paired with the most similar old one (ratio >= 0.4), so an edit inside Article 3
    is shown against Article 3 even when Article 2 was deleted; the words of a pair
    are then diffed. Pairs are taken most similar first and never cross (so a new
    "Article 4. Maintenance" inserted before "Article 5. Entry into force" does not take
    the old "Article 4. Entry into force" from it). Unpaired paragraphs are whole
    insertions or deletions."""
    a, b = _paragraphs(old), _paragraphs(new)
    out: list[Change] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        olds = list(range(i1, i2))
        pairs = _pair(a, b, olds, range(j1, j2))
        done: set[int] = set()
        for j in range(j1, j2):
            i = pairs.get(j)
            for k in olds:  # deleted paragraphs that come before this one
                if k not in done and k not in pairs.values() and (i is None or k < i):
                    out.append(Change(k + 1, None, (("-", a[k]),)))
                    done.add(k)
            if i is None:
                out.append(Change(None, j + 1, (("+", b[j]),)))
            else:
                out.append(Change(i + 1, j + 1, _words(a[i], b[j])))
                done.add(i)
        for k in olds:
            if k not in done and k not in pairs.values():
                out.append(Change(k + 1, None, (("-", a[k]),)))
    return out


def _pair(a: list[str], b: list[str], olds: list[int], news: range) -> dict[int, int]:
    """New paragraph -> old paragraph: the most similar pairs first (word ratio > 0.4),
    each paragraph used once, no pair crossing another (the order of the text holds)."""
    scored = []
    for j in news:
        for i in olds:
            r = difflib.SequenceMatcher(None, a[i].split(), b[j].split(), autojunk=False).ratio()
            if r > 0.4:
                scored.append((-r, j, i))
    pairs: dict[int, int] = {}
    for _r, j, i in sorted(scored):
        if j in pairs or i in pairs.values():
            continue
        if any((j2 < j) != (i2 < i) for j2, i2 in pairs.items()):
            continue  # would cross a better pair
        pairs[j] = i
    return dict(sorted(pairs.items()))


def redline(book: Book, pa: PackAgreement) -> list[Flowable]:
    """The changed paragraphs only, each with its words struck (deleted, red) and
    underlined (inserted, blue) in place, under a legend."""
    st = book.styles
    assert pa.previous is not None and pa.latest is not None
    old_n, new_n = pa.previous.number, pa.latest.number
    head = f"Redline: changes from version {old_n} to version {new_n}"
    found = changes(pa.previous.text, pa.latest.text)
    if not found:
        return [*book.heading(head, st.h3), book.text("No changes.", st.meta)]
    out: list[Flowable] = [*book.heading(head, st.h3), book.rich([
        ("Only changed paragraphs are shown. ", None), ("Struck through, red", "del"),
        (f": text of version {old_n} that was deleted; ", None), ("underlined, blue", "ins"),
        (f": text added in version {new_n}.", None)], st.meta)]
    for c in found:
        if c.old_no and c.new_no:
            label = f"Paragraph {c.new_no}" + (
                f" (was {c.old_no})" if c.old_no != c.new_no else "") + ", changed"
        elif c.new_no:
            label = f"Paragraph {c.new_no}, inserted"
        else:
            label = f"Paragraph {c.old_no} of version {old_n}, deleted"
        out.append(book.text(label, st.cell_label))
        out.append(book.rich([(text, {"=": None, "-": "del", "+": "ins"}[op])
                              for op, text in c.words], st.redline))
    return out

