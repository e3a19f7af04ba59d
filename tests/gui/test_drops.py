"""Dropping files: a photo onto a person (the chooser's checks, one undo step); a
bundle, calendar or spreadsheet onto the window (the File menu's imports, asked first)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QMessageBox

from briefing_app.core.ops import entities
from briefing_app.core.validation import MAX_PHOTO_BYTES
from briefing_app.gui.window.exchange_actions import ExchangeJob


def _mime(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def _drop(widget: Any, mime: QMimeData, pos: QPointF | None = None) -> tuple[bool, bool]:
    """Drag `mime` over `widget` and let go; (drag accepted, drop accepted)."""
    pos = pos or QPointF(widget.rect().center())
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(pos.toPoint(), actions, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    enter.setAccepted(False)
    QApplication.sendEvent(widget, enter)
    drop = QDropEvent(pos, actions, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    drop.setAccepted(False)
    QApplication.sendEvent(widget, drop)
    return enter.isAccepted(), drop.isAccepted()


def _png(path: Path, colour: str = "red") -> Path:
    image = QImage(40, 50, QImage.Format.Format_RGB32)
    image.fill(colour)
    assert image.save(str(path))
    return path


def _people(win: Any) -> Any:
    view = win.switch_to("people")
    view.refresh_if_dirty()
    return view


def _row_pos(view: Any, row: int) -> QPointF:
    return QPointF(view.table.visualRect(view.proxy.index(row, 0)).center())


def test_a_photo_dropped_on_a_person_row_becomes_their_photo(demo_window: Any,
                                                             tmp_path: Path) -> None:
    view = _people(demo_window)
    target = view.model.record(view.proxy.mapToSource(view.proxy.index(1, 0)).row())
    state = demo_window.state
    count = state.undo_stack.count()
    photo = _png(tmp_path / "portrait.png")
    entered, dropped = _drop(view.table.viewport(), _mime(photo), _row_pos(view, 1))
    assert entered and dropped
    person = entities.get(state.db, "person", target.id)
    assert person.photo == photo.read_bytes() and person.photo_mime == "image/png"
    assert state.undo_stack.count() == count + 1
    assert "photo of" in state.undo_stack.undoText()
    state.undo()
    assert entities.get(state.db, "person", target.id).photo == target.photo


def test_a_photo_dropped_on_the_photo_goes_to_the_selected_person(demo_window: Any,
                                                                  tmp_path: Path) -> None:
    view = _people(demo_window)
    view.table.selectRow(0)
    chosen = view.selected()
    photo = _png(tmp_path / "p.jpg")  # saved as JPEG by its suffix
    assert _drop(view.photo, _mime(photo)) == (True, True)
    person = entities.get(demo_window.state.db, "person", chosen.id)
    assert person.photo_mime == "image/jpeg" and person.photo == photo.read_bytes()


def test_a_dropped_photo_gets_the_choosers_checks(demo_window: Any, tmp_path: Path,
                                                  visible_errors: Any) -> None:
    view = _people(demo_window)
    before = [p.photo for p in entities.list_for_visit(demo_window.state.db, "person",
                                                       demo_window.state.visit.id)]
    fake = tmp_path / "fake.png"
    fake.write_bytes(b"not an image at all")
    _drop(view.table.viewport(), _mime(fake), _row_pos(view, 0))
    big = tmp_path / "huge.png"
    with big.open("wb") as fh:
        fh.truncate(MAX_PHOTO_BYTES + 1)
    _drop(view.table.viewport(), _mime(big), _row_pos(view, 0))
    texts = [b.text() + b.informativeText() for b in visible_errors()]
    assert any("not an image Qt can read" in t for t in texts), texts
    assert any("too large" in t for t in texts), texts
    after = [p.photo for p in entities.list_for_visit(demo_window.state.db, "person",
                                                      demo_window.state.visit.id)]
    assert after == before


def _wait_job(qtbot: Any, win: Any) -> ExchangeJob:
    job = win.file_drop.last
    assert isinstance(job, ExchangeJob)
    qtbot.waitUntil(lambda: job.finished, timeout=60_000)
    return job


def test_a_calendar_dropped_on_the_window_is_imported_after_asking(
        qtbot: Any, demo_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ics = tmp_path / "embassy.ics"
    ics.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//E//EN\r\nBEGIN:VEVENT\r\n"
                   "UID:e-1\r\nSUMMARY:Reception\r\nDTSTART;TZID=Asia/Shanghai:20190911T190000"
                   "\r\nDTEND;TZID=Asia/Shanghai:20190911T200000\r\nEND:VEVENT\r\n"
                   "END:VCALENDAR\r\n", encoding="utf-8")
    state = demo_window.state
    before = len(entities.list_for_visit(state.db, "event", state.visit.id))
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda _p, _t, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.Cancel))
    assert _drop(demo_window, _mime(ics)) == (True, True)
    assert asked and "embassy.ics" in asked[0] and demo_window.file_drop.last is None
    assert len(entities.list_for_visit(state.db, "event", state.visit.id)) == before
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    _drop(demo_window, _mime(ics))
    job = _wait_job(qtbot, demo_window)
    assert job.error is None and job.result.added == 1
    assert len(entities.list_for_visit(state.db, "event", state.visit.id)) == before + 1


def test_a_bundle_dropped_on_the_window_is_merged(qtbot: Any, demo_window: Any,
                                                  tmp_path: Path) -> None:
    from briefing_app.interop.bundle_export import export_bundle

    bundle = tmp_path / "visit.json"
    export_bundle(demo_window.state.db, demo_window.state.visit.id, bundle)
    _drop(demo_window, _mime(bundle))
    job = _wait_job(qtbot, demo_window)
    assert job.error is None and not job.result.changed  # the same visit: nothing to merge


def test_a_spreadsheet_dropped_on_the_window_opens_the_mapping_dialog(
        qtbot: Any, demo_window: Any, tmp_path: Path) -> None:
    sheet = tmp_path / "programme.csv"
    sheet.write_text("Title,Date,Start,End\nReception,11.09.2019,19:00,20:00\n",
                     encoding="utf-8")
    demo_window.import_dialog = None
    _drop(demo_window, _mime(sheet))
    _wait_job(qtbot, demo_window)
    dlg = demo_window.import_dialog
    assert dlg is not None and dlg.isVisible() and dlg.import_button.isEnabled()
    dlg.reject()


@pytest.mark.parametrize("names,words", [
    (("notes.txt",), "not a file Briefing App imports"),
    (("a.ics", "b.ics"), "2 files were dropped"),
    (("face.png",), "onto a person in the People view"),
])
def test_other_drops_are_refused_with_what_the_window_takes(
        demo_window: Any, tmp_path: Path, names: tuple[str, ...], words: str) -> None:
    paths = []
    for name in names:
        (tmp_path / name).write_bytes(b"x")
        paths.append(tmp_path / name)
    _drop(demo_window, _mime(*paths))
    boxes = [w for w in QApplication.topLevelWidgets()
             if w.objectName() == "dropRefused" and w.isVisible()]
    assert boxes and words in boxes[-1].text()
    for b in boxes:
        b.close()
