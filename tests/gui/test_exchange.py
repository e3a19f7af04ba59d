"""File ▸ Import/Export Visit Bundle and Export/Import Calendar through the menu actions:
the work runs in a worker, a summary follows, views reload, undo history is cleared."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog

from briefing_app.core.ops import entities
from briefing_app.gui.operations.commands import CreateCommand, UpdateCommand
from briefing_app.gui.window.exchange_actions import ExchangeJob


def _files(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Every file dialog answers `path`."""
    answer = staticmethod(lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", answer)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)


def _run(qtbot: Any, win: Any, action: Any) -> ExchangeJob:
    """Trigger a menu action and wait for its worker; the busy dialog shows meanwhile."""
    for w in QApplication.topLevelWidgets():
        if w.objectName().startswith("exchange"):
            w.close()
    before = set(win.findChildren(ExchangeJob))
    action.trigger()
    (job,) = set(win.findChildren(ExchangeJob)) - before
    assert not job.finished and job.busy.isVisible()  # the result comes through the loop
    qtbot.waitUntil(lambda: job.finished, timeout=60_000)
    assert not [w for w in QApplication.topLevelWidgets()
                if w.objectName() == "exchangeBusy" and w.isVisible()]
    return job


def _box(name: str) -> Any:
    boxes = [w for w in QApplication.topLevelWidgets()
             if w.objectName() == name and w.isVisible()]
    assert boxes, f"no {name} dialog"
    return boxes[-1]


def _edit_something(win: Any) -> None:
    """One undoable edit, so that a test can see the history cleared (or kept)."""
    state = win.state
    visit = state.visit or state.push(CreateCommand(
        state, "visit", None, {"title": "Local planning", "visit_type": "working visit",
                               "start_date": "2019-09-10", "end_date": "2019-09-12",
                               "home_tz": "Asia/Almaty"}))
    state.set_visit(visit.id)
    state.push(UpdateCommand(state, "visit", state.visit, {"title": state.visit.title + " ✓"}))
    assert state.undo_stack.count() >= 1


def test_bundle_from_another_database_through_the_menus(qtbot: Any, demo_window: Any,
                                                        window: Any, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "visit.json"
    _files(monkeypatch, bundle)
    job = _run(qtbot, demo_window, demo_window.actions.export_bundle)
    assert job.error is None and bundle.is_file()
    assert "Bundle written" == _box("exchangeDone").windowTitle()
    demo = demo_window.state.visit
    demo_events = entities.list_for_visit(demo_window.state.db, "event", demo.id)

    _edit_something(window)  # the other laptop has a visit of its own and some history
    job = _run(qtbot, window, window.actions.import_bundle)
    assert job.error is None and job.result.visit_created
    state = window.state
    assert state.visit.uuid == demo.uuid and state.visit.title == demo.title
    titles = [r.cells[2] for r in window.view("programme").model.rows if not r.is_day]
    assert sorted(titles) == sorted(e.title for e in demo_events)
    assert any(window.navigator.topLevelItem(i).text(0).startswith(demo.title[:20])
               for i in range(window.navigator.topLevelItemCount()))
    assert state.undo_stack.count() == 0 and not window.actions.undo.isEnabled()
    text = _box("exchangeDone").text()
    assert "Added the visit" in text and "events: " in text and "added" in text
    assert "undo history was cleared" in text
    assert "Local planning" in [v.title.rstrip(" ✓") for v in state.visits()]

    # The same bundle again: nothing changes, and the history is kept.
    _edit_something(window)
    depth = state.undo_stack.count()
    job = _run(qtbot, window, window.actions.import_bundle)
    assert not job.result.changed and state.undo_stack.count() == depth
    assert _box("exchangeDone").windowTitle() == "Nothing to import"


def test_refused_bundle_names_the_field_and_changes_nothing(
        qtbot: Any, demo_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing_app.interop.bundle_export import bundle_dict

    state = demo_window.state
    data = bundle_dict(state.db, state.visit.id)
    data["events"][2]["tz"] = "Asia/Atlantis"
    data["events"][0]["title"] = "Changed by the bundle"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    _edit_something(demo_window)
    depth = state.undo_stack.count()
    before = entities.list_for_visit(state.db, "event", state.visit.id)
    _files(monkeypatch, bad)
    job = _run(qtbot, demo_window, demo_window.actions.import_bundle)
    assert job.error is not None
    box = _box("exchangeRefused")
    assert "events[2].tz" in box.text() and "Asia/Atlantis" in box.text()
    assert "nothing in the database was changed" in box.text()
    assert entities.list_for_visit(state.db, "event", state.visit.id) == before
    assert state.undo_stack.count() == depth


def test_calendar_export_for_one_person_writes_a_file(
        qtbot: Any, demo_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    state = demo_window.state
    person = next(p for p in entities.list_for_visit(state.db, "person", state.visit.id)
                  if "Тоқаев" in p.display_name)
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(
        lambda _w, _t, _l, items, *a, **k: (next(i for i in items if "Тоқаев" in i), True)))
    out = tmp_path / "тоқаев.ics"
    _files(monkeypatch, out)
    job = _run(qtbot, demo_window, demo_window.actions.export_ics)
    assert job.error is None and job.result.person.id == person.id
    text = out.read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCALENDAR") and text.count("BEGIN:VEVENT") == job.result.events
    assert "TZID=Asia/Shanghai" in text
    box = _box("exchangeDone")
    assert "Тоқаев" in box.text() and str(out) in box.text()


def test_calendar_import_adds_events_and_lists_skipped(
        qtbot: Any, demo_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ics = tmp_path / "embassy.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Embassy//EN\r\n"
        "BEGIN:VEVENT\r\nUID:emb-1\r\nSUMMARY:Встреча с диаспорой\r\n"
        "DTSTART;TZID=Asia/Shanghai:20190911T190000\r\n"
        "DTEND;TZID=Asia/Shanghai:20190911T200000\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:emb-2\r\nSUMMARY:Bad zone\r\n"
        "DTSTART;TZID=Atlantis:20190911T120000\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n", encoding="utf-8")
    state = demo_window.state
    _edit_something(demo_window)
    before = len(entities.list_for_visit(state.db, "event", state.visit.id))
    _files(monkeypatch, ics)
    job = _run(qtbot, demo_window, demo_window.actions.import_ics)
    assert job.error is None and job.result.added == 1
    events = entities.list_for_visit(state.db, "event", state.visit.id)
    assert len(events) == before + 1
    assert any(e.title == "Встреча с диаспорой" for e in events)
    titles = [r.cells[2] for r in demo_window.view("programme").model.rows if not r.is_day]
    assert "Встреча с диаспорой" in titles
    assert state.undo_stack.count() == 0
    text = _box("exchangeDone").text()
    assert "1 events added" in text and "Skipped 1:" in text
    assert "unknown time zone 'Atlantis'" in text and "undo history was cleared" in text


def test_exchange_actions_follow_the_open_visit(window: Any) -> None:
    a = window.actions
    assert a.import_bundle.isEnabled()  # a bundle may bring the first visit
    assert not any(x.isEnabled() for x in (a.export_bundle, a.export_ics, a.import_ics))
    file_menu = window.menuBar().actions()[0].menu()
    texts = [x.text() for x in file_menu.actions()]
    for t in ("&Import Visit Bundle…", "Export Visit &Bundle…", "Export &Calendar (.ics)…",
              "Import Ca&lendar (.ics)…"):
        assert t in texts
