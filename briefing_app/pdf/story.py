"""Helpers every section uses to turn plain data into flowables, safely.

`Book` is the state of one story being written: fonts, styles, the contents entries
and page references collected so far. All user text goes through `Book.text` /
`Book.paras`, which escape it and split it into font runs; tags come only from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table, TableStyle

from briefing_app.core.pack_data import PackData, PackEvent
from briefing_app.core.records import VenueRecord
from briefing_app.core.timezones import offset_label
from briefing_app.pdf.editions import EditionRules
from briefing_app.pdf.fonts import FontSet, has_rtl
from briefing_app.pdf.rtl import BidiParagraph
from briefing_app.pdf.styles import INK, RULE, SHADE, Geometry, Styles
from briefing_app.pdf.template import Anchor, TocEntry, ref_form

MARK_HEX = "#a4001d"  # "DRAFT — not cleared": the colour of a warning, not of the text
DRAFT_MARK = "DRAFT — not cleared"
DELETED, INSERTED = "#b00020", "#1a4fa0"  # redline colours (with strike / underline)


class PageRef(Flowable):
    """'p. 12' pointing at an anchor; the number is a form defined after layout."""

    def __init__(self, key: str, fonts: FontSet, size: float) -> None:
        super().__init__()
        self.key, self.fonts, self.size = key, fonts, size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return min(availWidth, 34), self.size * 1.3

    def draw(self) -> None:
        canv = self.canv
        canv.setFillColor(INK)
        canv.setFont(self.fonts["sans"], self.size)
        canv.drawString(0, self.size * 0.25, "p. ")
        canv.saveState()
        canv.translate(canv.stringWidth("p. ", self.fonts["sans"], self.size), self.size * 0.25)
        canv.doForm(ref_form(self.key))
        canv.restoreState()
        canv.linkRect("", self.key, (0, 0, 34, self.size * 1.3), relative=1, thickness=0)


class PackTable(Table):
    """A table that splits between rows, and inside a row only when that row alone is
    taller than a whole page (so short rows never break across pages)."""

    full_height = 0.0  # set per book by `table_class`
    # Header rows for the parts after a page break ("Day 3 (continued)"); None: repeat
    # the header rows as they are.
    continued: list[list[Any]] | None = None

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._calc(availWidth, availHeight)
        parts = self._splitRows(availHeight, doInRowSplit=False)
        if not parts:
            heights = self._rowHeights or []
            nxt = heights[self.repeatRows] if len(heights) > self.repeatRows else 0
            # a row that can never fit starts here if a fair part of the page is left
            if availHeight >= self.full_height - 1 or (nxt > self.full_height and availHeight > 120):
                parts = self._splitRows(availHeight, doInRowSplit=True)
        if len(parts) == 2 and self.continued:
            rest = parts[1]
            rest._cellvalues[:len(self.continued)] = [list(r) for r in self.continued]
            rest.continued = self.continued
        return parts


def table_class(frame_height: float) -> type[PackTable]:
    return type("BookTable", (PackTable,), {"full_height": frame_height})


@dataclass
class Book:
    """One story in the making."""

    data: PackData
    rules: EditionRules
    fonts: FontSet
    styles: Styles
    geo: Geometry
    check: Callable[[], None]  # raises ExportCancelled when the user cancelled

    def __post_init__(self) -> None:
        self.toc: list[TocEntry] = []
        self.refs: set[str] = set()  # anchors that PageRefs point at
        self.warnings: list[str] = []
        self.Table = table_class(self.geo.frame_height)

    # --- text ---------------------------------------------------------------------
    def text(self, value: str, style: Any, strike: bool = False, bullet: str | None = None
             ) -> Flowable:
        """A Paragraph of user text (escaped, font runs, newlines kept); `bullet` is ours.
        Text with right-to-left letters becomes a BidiParagraph (shaped, reordered)."""
        if has_rtl(value):
            return BidiParagraph(value, style, self.fonts, bullet, strike)
        markup = self.fonts.markup(value, style.fontName)
        return Paragraph(f"<strike>{markup}</strike>" if strike else markup, style,
                         bulletText=bullet)

    def rich(self, parts: list[tuple[str, str | None]], style: Any, bullet: str | None = None
             ) -> Flowable:
        """Paragraph from (user text, our tag) pairs: tag in ('b', 'i', 'u', None),
        'mark' (bold in the marking colour, e.g. "DRAFT — not cleared"), or 'del' / 'ins'
        for a redline's deleted (struck, red) and inserted (underlined, blue) words. Text
        with right-to-left letters becomes one BidiParagraph in the style's font (inline
        emphasis is not kept there)."""
        if any(has_rtl(value) for value, _tag in parts):
            return BidiParagraph("".join(v for v, _t in parts), style, self.fonts, bullet)
        out = []
        for value, tag in parts:
            m = self.fonts.markup(value, style.fontName)
            if tag == "mark":
                out.append(f'<font color="{MARK_HEX}"><b>{m}</b></font>')
            elif tag == "del":
                out.append(f'<strike><font color="{DELETED}">{m}</font></strike>')
            elif tag == "ins":
                out.append(f'<u><font color="{INSERTED}">{m}</font></u>')
            else:
                out.append(f"<{tag}>{m}</{tag}>" if tag else m)
        return Paragraph("".join(out), style, bulletText=bullet)

    def paras(self, value: str, style: Any) -> list[Flowable]:
        """User text split at blank lines into paragraphs (so long text flows)."""
        blocks = [b.strip("\n") for b in value.replace("\r", "").split("\n\n")]
        return [self.text(b, style) for b in blocks if b.strip()]

    def fit(self, value: str, role: str, size: float, width: float) -> str:
        return self.fonts.fit(value, self.fonts[role], size, width)

    # --- structure ----------------------------------------------------------------
    def anchor(self, key: str, title: str, level: int, toc: bool, lift: float = 0.0) -> Anchor:
        """A bookmark + outline entry (+ contents row when `toc`)."""
        if toc:
            self.toc.append(TocEntry(key, title, level))
        return Anchor(key, title, level, lift)

    def heading(self, title: str, style: Any, key: str | None = None, level: int = 1,
                toc: bool = False, parts: list[tuple[str, str | None]] | None = None,
                need: float = 48.0) -> list[Flowable]:
        """A heading never stranded at a page foot (at least `need` points of what
        follows fit under it), with its anchor right after it."""
        para = self.rich(parts, style) if parts else self.text(title, style)
        out: list[Flowable] = [CondPageBreak(style.leading * 2 + need * self.geo.scale), para]
        if key:
            out.append(self.anchor(key, title, level, toc, lift=style.leading + 4))
        return out

    def section(self, key: str, title: str) -> list[Flowable]:
        from reportlab.platypus.flowables import HRFlowable

        return [*self.heading(title, self.styles.h1, key, 0, toc=True),
                HRFlowable(width="100%", thickness=1.2, color=INK, spaceBefore=2, spaceAfter=10)]

    def page_ref(self, key: str) -> PageRef:
        self.refs.add(key)
        return PageRef(key, self.fonts, 8 * self.geo.scale)

    def table(self, rows: list[list[Any]], widths: list[float], header: bool = True,
              zebra: bool = False, extra: list[tuple[Any, ...]] | None = None,
              repeat: int | None = None, continued: list[list[Any]] | None = None) -> Table:
        """A ruled table that repeats its header (or the `continued` rows in its place)
        and splits inside a row only when that row alone is taller than a page."""
        repeat = (1 if header else 0) if repeat is None else repeat
        t = self.Table(rows, colWidths=widths, repeatRows=repeat, splitInRow=1, hAlign="LEFT")
        if continued:
            t.continued = continued
        cmds: list[tuple[Any, ...]] = [
            # empty string cells still set a font: not ReportLab's unembedded Helvetica
            ("FONTNAME", (0, 0), (-1, -1), self.fonts["sans"]),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ]
        if header:
            cmds += [("BACKGROUND", (0, 0), (-1, 0), INK), ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK)]
        if zebra:
            cmds.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, SHADE]))
        t.setStyle(TableStyle(cmds + (extra or [])))
        return t

    def head_row(self, labels: list[str]) -> list[Paragraph]:
        return [Paragraph(label, self.styles.cell_head) for label in labels]


# --- times ------------------------------------------------------------------------

def _hm(t: datetime) -> str:
    return f"{t:%H:%M}"


def _zone_city(tz: str) -> str:
    return tz.rsplit("/", 1)[-1].replace("_", " ")


def venue_span(ev: PackEvent) -> str:
    """'10:00–11:30 CST', or '09:00 UTC+6 – 15:30 CST' when the event changes zone —
    and then both zones even when their abbreviations read the same
    ('09:00 CEST Paris – 10:30 CEST Berlin')."""
    s, e = ev.start.venue, ev.end.venue
    sl, el = offset_label(s), offset_label(e)
    plus = f" (+{(e.date() - s.date()).days}d)" if e.date() != s.date() else ""
    start_tz, end_tz = ev.event.tz, ev.event.display_end_tz
    if start_tz == end_tz:
        return f"{_hm(s)}–{_hm(e)}{plus} {sl}"
    if sl == el:
        sl, el = f"{sl} {_zone_city(start_tz)}", f"{el} {_zone_city(end_tz)}"
    return f"{_hm(s)} {sl} – {_hm(e)}{plus} {el}"


def home_span(ev: PackEvent) -> str:
    """Home time of the same span; the home date is named when it differs."""
    s, e = ev.start.home, ev.end.home
    day = f"{s:%a %d %b} " if s.date() != ev.start.venue.date() else ""
    plus = f" (+{(e.date() - s.date()).days}d)" if e.date() != s.date() else ""
    return f"{day}{_hm(s)}–{_hm(e)}{plus} {offset_label(s)}"


def day_title(first_day: Any, day: Any) -> str:
    """'Day 2 · Wednesday 11 September 2019', counted from the visit's first day."""
    from briefing_app.core.visit_days import day_number

    n = day_number(first_day, day)
    return f"Day {n} · {day:%A %d %B %Y}" if n else f"{day:%A %d %B %Y}"


def _place(v: VenueRecord, address: bool) -> str:
    """'Name, address, City' with nothing said twice: the city only when neither the
    name nor the address already names it, address parts that repeat the name or the
    city left out."""
    def fold(x: str) -> str:
        return " ".join(x.casefold().split())

    name, city = v.name.strip(), v.city.strip()
    parts = [name]
    said = fold(name)
    city_said = not city or fold(city) in said
    if address:
        for part in (p.strip() for p in v.address.replace("\n", ",").split(",")):
            if not part or fold(part) in said or fold(part) == fold(city) and city_said:
                continue
            parts.append(part)
            said += " | " + fold(part)
            city_said = city_said or fold(part) == fold(city) or fold(city) in fold(part)
    if not city_said:
        parts.append(city)
    return ", ".join(parts)


def venue_text(ev: PackEvent) -> str:
    """Short place for tables: name and city (a flight: from → to)."""
    if ev.venue is None:
        return ""
    if ev.arrival is not None:
        return f"{_place(ev.venue, False)} → {_place(ev.arrival, False)}"
    return _place(ev.venue, False)


def venue_line(v: VenueRecord) -> str:
    """Full place for the programme: name, address and city, nothing twice."""
    return _place(v, True)
