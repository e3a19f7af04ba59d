"""File ▸ Import Programme from Spreadsheet…: the mapping dialog previews every row,
names bad ones, writes nothing until Import, and the import is one undo step;
File ▸ Export Programme to Spreadsheet… writes the .xlsx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QApplication, QFileDialog

from briefing_app.core.ops import entities
from tests.interop.helpers import db_files_hash


def _files(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    answer = staticmethod(lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", answer)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)


def _open_dialog(qtbot: Any, win: Any, monkeypatch: pytest.MonkeyPatch, path: Path) -> Any:
    _files(monkeypatch, path)
    win.import_dialog = None
    win.actions.import_programme.trigger()
    qtbot.waitUntil(lambda: getattr(win, "import_dialog", None) is not None, timeout=60_000)
    dlg = win.import_dialog
    assert dlg.isVisible()
    return dlg


def _lines(dlg: Any) -> list[tuple[str, ...]]:
    return list(dlg.model.lines)


def test_mapping_preview_problems_then_import_and_undo(
        qtbot: Any, demo_window: Any, demo_db_path: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    state = demo_window.state
    before_events = len(entities.list_for_visit(state.db, "event", state.visit.id))
    sheet = tmp_path / "embassy.csv"
    sheet.write_text("Programme;Day;From;Until;Place\n"
                     "Встреча с диаспорой;11.09.2019;19:00;20:00;Embassy of Kazakhstan\n"
                     "Wreath-laying;11.09.2019;08:00;07:30;Monument\n", encoding="utf-8")
    dlg = _open_dialog(qtbot, demo_window, monkeypatch, sheet)
    # "Programme" is no header the app knows: the title must be chosen.
    assert dlg.combos["title"].currentIndex() == 0
    assert "choose the column that holds the title" in dlg.status.text()
    assert not dlg.import_button.isEnabled()
    dlg.set_column("title", "Programme")
    assert dlg.combos["venue"].currentText() == "Place"
    lines = _lines(dlg)
    assert lines[0][1] == "new event" and lines[0][3] == "Встреча с диаспорой"
    assert lines[0][7] == "Embassy of Kazakhstan (new venue)"
    assert lines[0][4].endswith("19:00") and "CST" in lines[0][6]
    assert lines[1][0] == "3" and lines[1][1] == "cannot import"
    assert lines[1][3] == "Wreath-laying"
    assert "Until: 2019-09-11 07:30 is before the start" in lines[1][2]
    assert 1 in dlg.model.bad
    assert "1 row cannot be imported" in dlg.status.text()
    assert not dlg.import_button.isEnabled()
    before = db_files_hash(demo_db_path)
    # Fixed in the file, read again: the user's column choice survives the reload.
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("08:00;07:30", "08:00;08:30"),
                     encoding="utf-8")
    dlg.reload_button.click()
    assert dlg.combos["title"].currentText() == "Programme"
    assert "2 events to add, 0 to update; 2 new venues: Embassy of Kazakhstan, Monument" in dlg.status.text()
    assert db_files_hash(demo_db_path) == before  # nothing written before Import
    assert dlg.import_button.isEnabled()
    undo_count = state.undo_stack.count()
    dlg.import_button.click()
    assert not dlg.isVisible() and dlg.summary.added == 2
    events = entities.list_for_visit(state.db, "event", state.visit.id)
    assert len(events) == before_events + 2
    titles = [r.cells[2] for r in demo_window.view("programme").model.rows if not r.is_day]
    assert "Встреча с диаспорой" in titles
    assert state.undo_stack.count() == undo_count + 1
    assert "Import programme from embassy.csv" in state.undo_stack.undoText()
    boxes = [w for w in QApplication.topLevelWidgets()
             if w.objectName() == "exchangeDone" and w.isVisible()]
    assert boxes and "2 events added" in boxes[-1].text()
    boxes[-1].close()
    state.undo()
    assert len(entities.list_for_visit(state.db, "event", state.visit.id)) == before_events
    assert "Embassy of Kazakhstan" not in [
        v.name for v in entities.list_for_visit(state.db, "venue", state.visit.id)]
    state.redo()
    assert len(entities.list_for_visit(state.db, "event", state.visit.id)) == before_events + 2


def test_an_unreadable_sheet_is_refused_with_its_reason(
        qtbot: Any, demo_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "old.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    _files(monkeypatch, bad)
    demo_window.actions.import_programme.trigger()

    def refused() -> list[Any]:
        return [w for w in QApplication.topLevelWidgets()
                if w.objectName() == "exchangeRefused" and w.isVisible()]

    qtbot.waitUntil(lambda: bool(refused()), timeout=60_000)
    assert "old Excel (.xls)" in refused()[-1].text()
    refused()[-1].close()


def test_export_programme_from_the_menu(qtbot: Any, demo_window: Any, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "programme.xlsx"
    _files(monkeypatch, out)
    demo_window.actions.export_programme.trigger()
    qtbot.waitUntil(lambda: out.exists(), timeout=60_000)
    ws = openpyxl.load_workbook(out).active
    assert ws.cell(1, 6).value == "Home date" and ws.max_row == 18
    titles = sorted(ws.cell(r, 10).value for r in range(2, 19))
    state = demo_window.state
    assert titles == sorted(e.title for e in entities.list_for_visit(state.db, "event",
                                                                     state.visit.id))
