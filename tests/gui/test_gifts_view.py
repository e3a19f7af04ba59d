"""The Gifts view: the demo register, edits and a photo as undo steps, the export to
.xlsx from the view's button; and the Speeches view's list, length and edit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog

from briefing_app.core.ops import entities
from tests.gui.conftest import error_boxes


def _texts(view: Any, column: int) -> list[str]:
    return [view.proxy.index(r, column).data() for r in range(view.proxy.rowCount())]


def _png() -> bytes:
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#c03030"))
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data.data())


def test_gift_register_shows_the_demo_and_filters_by_direction(demo_window: Any) -> None:
    view = demo_window.switch_to("gifts")
    assert view.model.rowCount() == 4
    view.new_item()
    assert demo_window.actions.undo.text() == "&Undo Add gift “New gift”"
    demo_window.state.undo()
    assert view.model.rowCount() == 4
    assert any(t.startswith("Домбыра") for t in _texts(view, 4))
    assert "习近平 (Xi Jinping)" in _texts(view, 3)
    assert "1,200.00 USD" in _texts(view, 5) and "3,000.00 CNY" in _texts(view, 5)
    view.direction.setCurrentIndex(view.direction.findData("received"))
    view.safe_refresh()
    assert set(_texts(view, 1)) == {"Received"} and view.model.rowCount() == 2


def test_editing_a_gift_and_its_photo_are_undo_steps(demo_window: Any) -> None:
    state = demo_window.state
    view = demo_window.switch_to("gifts")
    dombra = next(g for g in entities.list_for_visit(state.db, "gift", state.visit.id)
                  if g.description.startswith("Домбыра"))
    view.show_item("gift", dombra.id)
    view.form.edited.emit({"value": "1350.5", "disposition": "museum"})
    assert demo_window.actions.undo.text().startswith("&Undo Change the disposition and value "
                                                      "of gift “Домбыра")
    stored = entities.get(state.db, "gift", dombra.id)
    assert stored.value == 1350.5 and stored.disposition == "museum"
    assert view.proxy.index(view.table.currentIndex().row(), 5).data() == "1,350.50 USD"
    state.undo()
    stored = entities.get(state.db, "gift", dombra.id)
    assert stored.value == 1200.0 and stored.disposition == "declared"
    view.set_photo(view.selected(), _png(), "image/png")
    assert entities.get(state.db, "gift", dombra.id).photo_mime == "image/png"
    assert not view.photo.pixmap().isNull()
    assert demo_window.actions.undo.text().startswith("&Undo Change the photo of the gift")
    state.undo()
    assert entities.get(state.db, "gift", dombra.id).photo is None
    assert view.photo.pixmap().isNull()


def test_a_value_that_is_no_number_is_refused_naming_the_field(demo_window: Any) -> None:
    state = demo_window.state
    view = demo_window.switch_to("gifts")
    gift = view.selected()
    view.form.edited.emit({"value": "twelve hundred"})
    assert view.form.error.text().startswith("Value:")
    assert entities.get(state.db, "gift", gift.id).value == gift.value


def test_export_gift_register_button_writes_the_sheet(qtbot: Any, demo_window: Any,
                                                      tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "gifts.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "")))
    view = demo_window.switch_to("gifts")
    view.export_button.click()
    qtbot.waitUntil(lambda: view.export_job.finished, timeout=60_000)
    ws = openpyxl.load_workbook(out).active
    assert ws.cell(1, 6).value == "Description" and ws.max_row == 5
    assert any(str(ws.cell(r, 6).value).startswith("Домбыра") for r in range(2, 6))
    assert not error_boxes()


def test_export_to_a_missing_folder_says_so_and_writes_nothing(qtbot: Any, demo_window: Any,
                                                               tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    out = tmp_path / "nowhere" / "gifts.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "")))
    view = demo_window.switch_to("gifts")
    view.export_button.click()
    qtbot.waitUntil(lambda: view.export_job.finished, timeout=60_000)
    qtbot.waitUntil(lambda: bool(error_boxes()), timeout=10_000)
    assert "does not exist" in error_boxes()[-1].text()
    assert not out.parent.exists()


def test_speeches_view_lists_the_demo_speech_with_its_length(demo_window: Any) -> None:
    state = demo_window.state
    view = demo_window.switch_to("speeches")
    assert view.model.rowCount() == 1
    speech = view.selected()
    assert speech.title == "Speech at the Chinese Academy of Social Sciences"
    assert view.proxy.index(0, 2).data().startswith("Қасым-Жомарт Тоқаев")
    before = view.proxy.index(0, 1).data()
    assert before.startswith("about ") and before.endswith(" min")
    view.form.edited.emit({"words_per_minute": 60})
    assert view.proxy.index(0, 1).data() != before
    state.undo()
    assert entities.get(state.db, "speech", speech.id).words_per_minute == 110
    assert view.proxy.index(0, 1).data() == before


def test_a_photo_dropped_on_a_gift_row_becomes_its_photo(demo_window: Any, tmp_path: Path
                                                         ) -> None:
    from tests.gui.test_drops import _drop, _mime, _row_pos

    state = demo_window.state
    view = demo_window.switch_to("gifts")
    target = view.model.record(2)
    photo = tmp_path / "vase.png"
    photo.write_bytes(_png())
    assert _drop(view.table.viewport(), _mime(photo), _row_pos(view, 2)) == (True, True)
    gift = entities.get(state.db, "gift", target.id)
    assert gift.photo == photo.read_bytes() and gift.photo_mime == "image/png"
    assert view.proxy.index(view.proxy.mapFromSource(view.model.index(2, 0)).row(), 6).data() \
        == "yes"
    state.undo()
    assert entities.get(state.db, "gift", target.id).photo is None


def test_an_undecided_received_gift_is_orange(demo_window: Any) -> None:
    from PySide6.QtCore import Qt

    from briefing_app.gui.widgets.table_model import RecordTableModel

    view = demo_window.switch_to("gifts")
    assert not any(view.warn(view.model.record(r)) for r in range(view.model.rowCount()))
    view.new_item()
    view.form.edited.emit({"direction": "received"})
    row = view.model.row_of(view.selected().id)
    brush = view.model.data(view.model.index(row, 0), Qt.ItemDataRole.BackgroundRole)
    assert brush is not None and brush.color() == RecordTableModel.WARN
    view.form.edited.emit({"disposition": "museum"})
    row = view.model.row_of(view.selected().id)
    assert view.model.data(view.model.index(row, 0), Qt.ItemDataRole.BackgroundRole) is None


def test_a_speech_longer_than_its_event_is_orange(demo_window: Any) -> None:
    state = demo_window.state
    view = demo_window.switch_to("speeches")
    speech = view.selected()
    assert not view.warn(speech)
    short_event = min(entities.list_for_visit(state.db, "event", state.visit.id),
                      key=lambda e: e.ends_at - e.starts_at)
    view.form.edited.emit({"event_id": short_event.id, "text": "\n\n".join([speech.text] * 8)})
    assert view.warn(view.selected())
    assert view.proxy.index(0, 1).data(3).startswith("Longer than its event")  # ToolTipRole
    state.undo()
    assert not view.warn(view.selected())
