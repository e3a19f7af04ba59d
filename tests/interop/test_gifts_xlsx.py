"""The gift register as .xlsx: every gift a row with real dates and amounts, Kazakh and
Chinese kept, text starting with "=" kept as text, and no file at all on a failure."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from briefing_app.core.errors import BriefingError
from briefing_app.core.ops import entities as ent
from briefing_app.interop import gifts_xlsx
from briefing_app.interop.gifts_xlsx import HEADERS, export_gifts

from .helpers import tiny_png


def _only_visit(db):
    from briefing_app.core.ops.visits import find_visit

    return find_visit(db, "China")


def _rows(path: Path) -> list[tuple]:
    ws = openpyxl.load_workbook(path).active
    return list(ws.iter_rows(values_only=True))


def test_the_demo_register_is_written_cell_by_cell(demo_db, tmp_path: Path) -> None:
    visit = _only_visit(demo_db)
    out = tmp_path / "gifts.xlsx"
    result = export_gifts(demo_db, visit.id, out)
    assert result.gifts == 4 and result.path == out and result.size == out.stat().st_size
    rows = _rows(out)
    assert rows[0] == tuple(title for title, _w in HEADERS)
    dombra = next(r for r in rows[1:] if str(r[5]).startswith("Домбыра"))
    assert dombra[0] == datetime(2019, 9, 11)
    assert dombra[1] == "Talks with President Xi Jinping (restricted format)"
    assert dombra[2:5] == ("Given", "Қасым-Жомарт Тоқаев (Kassym-Jomart Tokayev)",
                           "习近平 (Xi Jinping)")
    assert dombra[6] == 1200 and dombra[7] == "USD" and dombra[9] == "Declared"
    vase = next(r for r in rows[1:] if str(r[5]).startswith("景德镇瓷瓶"))
    assert vase[2] == "Received" and vase[3] == "习近平 (Xi Jinping)" and vase[6] == 3000
    ws = openpyxl.load_workbook(out).active
    assert ws.cell(2, 7).number_format == "#,##0.00" and ws.cell(2, 1).number_format == "yyyy-mm-dd"
    uuids = {g.uuid for g in ent.list_for_visit(demo_db, "gift", visit.id)}
    assert {r[11] for r in rows[1:]} == uuids


def test_formula_text_stays_text_and_a_photo_is_marked(demo_db, tmp_path: Path) -> None:
    visit = _only_visit(demo_db)
    ent.create(demo_db, "gift", visit.id, {
        "description": '=HYPERLINK("http://example.invalid","Тоқаев 习近平")',
        "direction": "received", "photo": tiny_png(), "photo_mime": "image/png"})
    out = tmp_path / "gifts.xlsx"
    export_gifts(demo_db, visit.id, out)
    ws = openpyxl.load_workbook(out).active
    last = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 9).value == "yes")
    assert ws.max_row == 6 and ws.cell(last, 6).data_type == "s"
    assert ws.cell(last, 6).value == '=HYPERLINK("http://example.invalid","Тоқаев 习近平")'
    assert ws.cell(last, 9).value == "yes" and ws.cell(last, 1).value is None
    assert ws.cell(last, 7).value is None  # no value recorded: an empty cell, not 0


def test_bad_targets_are_refused_clearly_and_nothing_is_written(demo_db, tmp_path: Path) -> None:
    visit = _only_visit(demo_db)
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with pytest.raises(BriefingError, match="does not exist"):
        export_gifts(demo_db, visit.id, tmp_path / "missing" / "gifts.xlsx")
    with pytest.raises(BriefingError, match="ending in .xlsx"):
        export_gifts(demo_db, visit.id, tmp_path / "gifts.csv")
    with pytest.raises(BriefingError, match="folder"):
        export_gifts(demo_db, visit.id, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_failure_while_writing_leaves_the_old_file_and_no_partial(
        demo_db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing_app.core import atomic_file as atomic

    visit = _only_visit(demo_db)
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    out = tmp_path / "gifts.xlsx"
    out.write_bytes(b"the register of last week")

    def full_disk(*_a: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full_disk)  # the rename over the old file
    with pytest.raises(OSError, match="No space"):
        export_gifts(demo_db, visit.id, out)
    monkeypatch.undo()
    assert out.read_bytes() == b"the register of last week"
    assert [p.name for p in tmp_path.iterdir()] == ["gifts.xlsx"]
    from openpyxl.worksheet import _writer

    streamed = list(_writer.ALL_TEMP_FILES)
    monkeypatch.setattr(gifts_xlsx.SheetWriter, "append", full_disk)  # while building it
    with pytest.raises(OSError, match="No space"):
        export_gifts(demo_db, visit.id, tmp_path / "new.xlsx")
    assert [p.name for p in tmp_path.iterdir()] == ["gifts.xlsx"]
    assert _writer.ALL_TEMP_FILES == streamed  # openpyxl's own temporary file removed too


def test_an_empty_register_is_a_header_only_sheet(db, tmp_path: Path) -> None:
    visit = ent.create(db, "visit", None, {"title": "Визит 习", "visit_type": "state visit",
                                            "start_date": "2019-09-10",
                                            "end_date": "2019-09-12", "home_tz": "Asia/Almaty"})
    out = tmp_path / "empty.xlsx"
    assert export_gifts(db, visit.id, out).gifts == 0
    assert len(_rows(out)) == 1
    assert openpyxl.load_workbook(out).properties.title == "Визит 习 — gift register"
