"""The pocket card: one card per day (continued cards say so), its own type scale
(nothing under 7 pt), who the principal meets (never the principal), key messages
under their event, the duty contacts; no restricted or draft material."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from briefing_app.core.database import Database
from briefing_app.core.ops import entities as ops
from briefing_app.core.ops import links
from briefing_app.core.ops.visits import list_visits
from briefing_app.core.pack_data import load_pack_data
from briefing_app.pdf import PackOptions, build_pack

from .conftest import SECRET_POINT, Sample, pdf_text


def _sizes(path: Path, first: int = 1) -> list[tuple[float, str]]:
    """(effective font size, text) of every text run from page `first` (0: the cover)."""
    out: list[tuple[float, str]] = []
    for page in PdfReader(str(path)).pages[first:]:
        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
            if text.strip():
                out.append((size * abs(tm[3]) * abs(cm[3]), text))
        page.extract_text(visitor_text=visit)
    return out


def _pocket(db: Database, visit_id: int, path: Path) -> list[str]:
    build_pack(load_pack_data(db, visit_id), PackOptions(edition="pocket"), path)
    return [" ".join(p.split()) for p in pdf_text(path)]


def test_demo_cards_use_their_own_type_scale(demo_db: Database, tmp_path: Path) -> None:
    visit = list_visits(demo_db)[0]
    path = tmp_path / "pocket.pdf"
    pages = _pocket(demo_db, visit.id, path)
    sizes = _sizes(path)
    assert sizes and min(s for s, _t in sizes) >= 6.95, sorted(sizes)[:5]
    # the cover too has the card's scale, not the book's cover shrunk to A6 (was 5.4 pt)
    cover = _sizes(path, 0)[:len(_sizes(path, 0)) - len(sizes)]
    assert cover and min(s for s, _t in cover) >= 6.95, sorted(cover)[:5]
    assert "Pocket programme" in pages[0] and "Copy 1 of 1" in pages[0]
    times = [s for s, t in sizes if t.strip().startswith(("09:30", "10:00–", "14:00"))]
    assert times and min(times) >= 10  # times bold and large
    cards = " ".join(pages[1:])
    assert "Тоқаев" not in cards  # the principal is not listed as meeting himself
    assert "习近平 (Xi Jinping) (host)" in cards
    assert "Duty contacts" in cards and "+86 138 0000 0101" in cards
    for p in pages[1:]:  # every card says which day it is, continued ones too
        assert "Day " in p
        # and holds an event: the duty contacts go with the day's last event, never
        # alone on a card of their own
        assert re.search(r"\d\d:\d\d–\d\d:\d\d", p), p
    assert any("(continued)" in p for p in pages)
    # restricted and draft points are not on the cards
    for text in ("Transboundary rivers", "Public concern about Chinese investment",
                 "Culture, education and tourism", "Safe city technology"):
        assert text not in cards


def test_a_long_day_continues_on_a_card_that_says_so(
        db: Database, sample: Sample, tmp_path: Path) -> None:
    for h in range(8, 20):
        ev = ops.create(db, "event", sample.visit_id, {
            "title": f"Meeting {h}", "event_type": "meeting", "tz": "Asia/Shanghai",
            "start_local": f"2019-09-11 {h:02d}:00", "end_local": f"2019-09-11 {h:02d}:30"}).id
        links.set_participant(db, ev, sample.xi, "host")
        links.set_participant(db, ev, sample.tokayev, "principal")
    pages = _pocket(db, sample.visit_id, tmp_path / "p.pdf")
    continued = [p for p in pages if "Day 2 (continued)" in p]
    assert continued and all("Day 2 · " not in p for p in continued)
    assert sum("Day 2 · Wednesday" in p for p in pages) == 1
    assert SECRET_POINT.split()[0] not in " ".join(pages)
