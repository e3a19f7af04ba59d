"""An error no slot caught never prints a traceback and never ends the window: it is
logged in the crash log, shown once in a dialog, and the window goes on."""

from __future__ import annotations

import dataclasses
import sqlite3
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, QTimer, Signal

from briefing_app.gui.operations import errors

from .conftest import error_boxes


class _Emitter(QObject):
    fire = Signal()


@pytest.fixture
def hooked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """The window's hooks, as `gui.app.run` installs them; restored afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    errors._logged.clear()
    errors.install_excepthook()
    yield tmp_path / "state"
    errors._logged.clear()


def _log_text(state: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in state.rglob("crash-*.log"))


def _quiet(err: str) -> None:
    assert "Traceback" not in err, err
    assert "Error calling Python override" not in err, err


def test_a_raising_slot_is_shown_logged_and_the_window_goes_on(
        demo_window: Any, hooked: Path, qtbot: Any, capfd: pytest.CaptureFixture[str]) -> None:
    emitter = _Emitter()

    def broken_slot() -> None:
        raise RuntimeError("slot went wrong")

    emitter.fire.connect(broken_slot)
    emitter.fire.emit()
    QTimer.singleShot(0, broken_slot)  # a timer callback goes the same way
    qtbot.waitUntil(lambda: bool(error_boxes()))
    qtbot.wait(20)
    boxes = error_boxes()
    assert len(boxes) == 1 and "slot went wrong" in boxes[0].text()
    assert boxes[0].windowTitle() == "Unexpected error"
    assert "RuntimeError: slot went wrong" in _log_text(hooked)
    _quiet(capfd.readouterr().err)
    assert demo_window.isVisible()
    demo_window.switch_to("people")  # still usable
    assert demo_window.current_key() == "people"


def test_a_raising_thread_is_shown_on_the_gui_thread(
        demo_window: Any, hooked: Path, qtbot: Any, capfd: pytest.CaptureFixture[str]) -> None:
    def worker() -> None:
        raise ValueError("worker went wrong")

    thread = threading.Thread(target=worker, name="export-worker")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(error_boxes()))
    assert "worker went wrong" in error_boxes()[0].text()
    assert "in thread export-worker" in _log_text(hooked)
    _quiet(capfd.readouterr().err)
    assert demo_window.isVisible()


def test_a_model_that_raises_while_painting_prints_nothing_and_shows_one_box(
        demo_window: Any, hooked: Path, qtbot: Any, capfd: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    view = demo_window.switch_to("facts")

    def broken(_fact: Any) -> str:
        raise OverflowError("date value out of range")

    columns = list(view.model.columns)
    columns[2] = dataclasses.replace(columns[2], text=broken)
    monkeypatch.setattr(view.model, "columns", columns)
    view.model.set_records(view.model.records)
    # The window fits the offscreen 800×800 screen: bring the broken column into view.
    view.table.scrollTo(view.proxy.index(0, 2))
    demo_window.grab()
    qtbot.waitUntil(lambda: bool(error_boxes()))
    demo_window.grab()  # a second paint: still one box, and nothing printed
    qtbot.wait(20)
    assert len(error_boxes()) == 1
    assert "OverflowError" in error_boxes()[0].text()
    _quiet(capfd.readouterr().err)
    assert _log_text(hooked).count("OverflowError: date value out of range") == 1
    assert demo_window.isVisible()


def test_system_exit_in_a_guarded_slot_does_not_end_the_app(
        demo_window: Any, hooked: Path, qtbot: Any) -> None:
    @errors.guarded
    def quits() -> None:
        raise SystemExit(3)  # PySide would end the process on the spot

    emitter = _Emitter()
    emitter.fire.connect(quits)
    emitter.fire.emit()
    assert error_boxes() and "SystemExit" in error_boxes()[0].text()
    assert demo_window.isVisible()


def test_without_a_window_an_uncaught_error_is_one_line(
        hooked: Path, monkeypatch: pytest.MonkeyPatch,
        capfd: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(errors, "_relay", None)
    try:
        raise KeyError("Talks on the restricted pipeline deal")
    except KeyError as exc:
        errors.report_uncaught(exc)
    err = capfd.readouterr().err
    assert err.startswith("briefing-app: error: KeyError: '…' (details in ")
    assert "restricted" not in err and "Traceback" not in err


def test_facts_of_a_visit_dated_year_1_paint_without_a_traceback(
        window_factory: Any, demo_db_path: Path, hooked: Path, qtbot: Any,
        capfd: pytest.CaptureFixture[str]) -> None:
    """A database written before dates were bounded (a bundle said 0001-01-01)."""
    with sqlite3.connect(demo_db_path) as conn:
        conn.execute("UPDATE visits SET start_date = '0001-01-01'")
    conn.close()
    win = window_factory(demo_db_path)
    for key in ("facts", "brief", "programme", "timeline"):
        win.switch_to(key)
        win.grab()
    qtbot.wait(20)
    _quiet(capfd.readouterr().err)
    assert win.isVisible()
    win.close()


def test_an_oversize_photo_is_refused_by_its_size_before_it_is_read(
        demo_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    from briefing_app.core.ops import entities

    huge = tmp_path / "scan.png"
    with huge.open("wb") as fh:
        fh.truncate(30 * 1024 * 1024)  # sparse: no disk used
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(huge), "")))
    view = demo_window.switch_to("people")
    person = view.selected()
    view._choose_photo()
    boxes = error_boxes()
    assert boxes and "is too large (31,457,280 bytes" in boxes[0].text()
    assert entities.get(demo_window.state.db, "person", person.id).photo == person.photo


def test_a_dialog_about_an_sql_error_shows_no_parameters(
        demo_window: Any, hooked: Path, qtbot: Any) -> None:
    from sqlalchemy import text

    marker = "RESTRICTED-background-not-for-disclosure-91ab"
    db = demo_window.state.db
    try:
        with db.write() as s:
            s.execute(text("INSERT INTO visits (title) VALUES (:t)"), {"t": marker})
    except Exception as exc:  # noqa: BLE001
        errors.show_error(exc, demo_window)
    boxes = error_boxes()
    assert boxes and "NOT NULL constraint failed" in boxes[0].text()
    assert marker not in boxes[0].text() and marker not in boxes[0].detailedText()
    assert "INSERT INTO visits" in boxes[0].detailedText()
    assert marker not in _log_text(hooked)
