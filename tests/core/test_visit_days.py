"""Day N of a visit is one count everywhere: the window, every printed edition."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from briefing_app.core.visit_days import day_number


def test_day_one_is_the_visits_first_day_even_with_nothing_scheduled() -> None:
    first = date(2019, 9, 10)
    assert day_number(first, first) == 1
    assert day_number(first, date(2019, 9, 11)) == 2
    assert day_number(first, date(2019, 9, 9)) is None  # before the visit


def test_window_and_printed_programme_number_the_same_day_alike(demo_db: Any, tmp_path) -> None:
    """The demo's first day with events must carry the same number on screen and paper,
    also when the visit starts a day before its first event."""
    from pypdf import PdfReader

    from briefing_app.core.ops import entities as ent
    from briefing_app.core.ops.visits import list_visits
    from briefing_app.core.pack_data import load_pack_data
    from briefing_app.core.programme import load_programme
    from briefing_app.gui.views.programme_rows import build_rows
    from briefing_app.pdf import build_pack
    from briefing_app.pdf.options import PackOptions

    visit = list_visits(demo_db)[0]
    ent.update(demo_db, "visit", visit.id,
               {"start_date": visit.start_date - timedelta(days=1)},
               expected_version=visit.row_version)
    rows = build_rows(load_programme(demo_db, visit.id))
    first_day_label = next(r.cells[0] for r in rows if r.is_day)
    assert "Day 2" in first_day_label  # nothing on the new first day: the next is Day 2
    out = tmp_path / "pack.pdf"
    build_pack(load_pack_data(demo_db, visit.id), PackOptions(), out)
    text = " ".join(p.extract_text() or "" for p in PdfReader(str(out)).pages)
    day = load_programme(demo_db, visit.id).days[0].day
    assert f"Day 2 · {day:%A %d %B %Y}" in text
    assert f"Day 1 · {day:%A %d %B %Y}" not in text
