"""The Delegation view: our side's delegates with the restricted passport fields
labelled, the papers to put right named above the table, edits as undo steps."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from briefing_app.core.ops import entities
from briefing_app.gui.widgets.table_model import RecordTableModel


def _delegate_of(window: Any, latin: str) -> Any:
    state = window.state
    people = {p.id: p for p in entities.list_for_visit(state.db, "person", state.visit.id)}
    return next(d for d in entities.list_for_visit(state.db, "delegate", state.visit.id)
                if people[d.person_id].latin_name.endswith(latin))


def _cell(view: Any, record: Any, column: int) -> Any:
    return view.model.index(view.model.row_of(record.id), column)


def test_delegation_lists_the_demo_with_restricted_columns_labelled(demo_window: Any) -> None:
    state = demo_window.state
    view = demo_window.switch_to("delegation")
    delegates = entities.list_for_visit(state.db, "delegate", state.visit.id)
    assert view.model.rowCount() == len(delegates) == 10
    heads = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(9)]
    assert heads[:6] == ["Person", "Role", "Accreditation", "Badge", "Nationality", "Visa"]
    assert all("(restricted)" in h for h in heads[6:])
    tokayev = _delegate_of(demo_window, "Tokayev")
    assert view.model.data(_cell(view, tokayev, 0)) == "Қасым-Жомарт Тоқаев (Kassym-Jomart Tokayev)"
    assert view.model.data(_cell(view, tokayev, 6)) == "SAMPLE-D0000001"
    assert view.model.data(_cell(view, tokayev, 7)) == "01 May 2027"
    labels = [view.form.layout().labelForField(w).text() for n, w in view.form.widgets.items()
              if n in ("passport_number", "passport_expiry", "date_of_birth")]
    assert len(labels) == 3 and all("restricted" in t for t in labels)
    # The person box offers our side only.
    box = view.form.widgets["person_id"]
    offered = [box.itemText(i) for i in range(box.count())]
    assert any("Тоқаев" in t for t in offered) and not any("习近平" in t for t in offered)


def test_planted_expiring_passport_is_named_above_the_table(demo_window: Any) -> None:
    state = demo_window.state
    tokayev = _delegate_of(demo_window, "Tokayev")
    # Planted before the view is first shown: valid for three months after the visit.
    entities.update(state.db, "delegate", tokayev.id, {"passport_expiry": "2019-12-01"})
    view = demo_window.switch_to("delegation")
    text = view.warning_box.text()
    assert view.warning_box.isVisibleTo(view)
    assert "Қасым-Жомарт Тоқаев (Kassym-Jomart Tokayev): passport expires on 01 Dec 2019" in text
    assert "within 6 months of the visit's end (12 Sep 2019)" in text
    assert "3 things to put right" in text  # with the demo's own two (a passport, a visa)
    brush = view.model.data(_cell(view, tokayev, 0), Qt.ItemDataRole.BackgroundRole)
    assert isinstance(brush, QBrush) and brush.color() == RecordTableModel.WARN


def test_editing_a_passport_warns_and_undo_takes_it_back(demo_window: Any) -> None:
    state = demo_window.state
    view = demo_window.switch_to("delegation")
    tokayev = _delegate_of(demo_window, "Tokayev")
    assert "Тоқаев" not in view.warning_box.text()
    view.show_item("delegate", tokayev.id)
    view.form.edited.emit({"passport_expiry": "2019-09-01", "visa_status": "refused"})
    stored = entities.get(state.db, "delegate", tokayev.id)
    assert stored.passport_expiry == date(2019, 9, 1) and stored.visa_status == "refused"
    text = view.warning_box.text()
    assert "Тоқаев (Kassym-Jomart Tokayev): passport expires on 01 Sep 2019, before the visit ends" in text
    assert "Тоқаев (Kassym-Jomart Tokayev): visa refused, not granted" in text
    state.undo()  # one step: both fields back
    stored = entities.get(state.db, "delegate", tokayev.id)
    assert stored.passport_expiry == date(2027, 5, 1) and stored.visa_status == "not required"
    assert "Тоқаев" not in view.warning_box.text()


def test_a_bad_badge_is_refused_in_the_form_and_nothing_is_stored(demo_window: Any) -> None:
    state = demo_window.state
    view = demo_window.switch_to("delegation")
    tokayev = _delegate_of(demo_window, "Tokayev")
    view.show_item("delegate", tokayev.id)
    view.form.edited.emit({"badge_number": "KZ-" + "9" * 60})
    assert "Badge number" in view.form.error.text() and "too long" in view.form.error.text()
    assert entities.get(state.db, "delegate", tokayev.id).badge_number == "KZ-001"


def test_new_delegate_takes_someone_of_our_side_not_yet_listed(demo_window: Any) -> None:
    state = demo_window.state
    view = demo_window.switch_to("delegation")
    listed = {d.person_id for d in entities.list_for_visit(state.db, "delegate", state.visit.id)}
    person = entities.create(state.db, "person", state.visit.id,
                             {"native_name": "Айгүл Сейтқали", "side": "our delegation"})
    view.safe_refresh()
    view.new_item()
    created = view.selected()
    assert created.person_id == person.id and person.id not in listed
    assert view.model.rowCount() == 11
    state.undo()
    assert view.model.rowCount() == 10


def test_a_name_with_markup_is_shown_as_typed_in_the_warnings(demo_window: Any) -> None:
    state = demo_window.state
    person = entities.create(state.db, "person", state.visit.id,
                             {"native_name": "<b>Жан</b> & 习", "side": "our delegation"})
    entities.create(state.db, "delegate", state.visit.id,
                    {"person_id": person.id, "visa_status": "required"})
    view = demo_window.switch_to("delegation")
    assert "&lt;b&gt;Жан&lt;/b&gt; &amp; 习: visa required, not granted" in view.warning_box.text()
    assert "<b>Жан</b> & 习: visa required, not granted" in view.warnings


def test_new_delegate_when_everyone_is_listed_says_what_to_do(demo_window: Any) -> None:
    from tests.gui.conftest import error_boxes

    state = demo_window.state
    view = demo_window.switch_to("delegation")
    listed = {d.person_id for d in entities.list_for_visit(state.db, "delegate", state.visit.id)}
    for p in entities.list_for_visit(state.db, "person", state.visit.id):
        if p.side == "our delegation" and p.id not in listed:
            entities.create(state.db, "delegate", state.visit.id, {"person_id": p.id})
    view.safe_refresh()
    rows = view.model.rowCount()
    view.new_item()
    boxes = error_boxes()
    assert boxes and "Everyone of our side is already in the delegation" in boxes[-1].text()
    assert "Traceback" not in boxes[-1].text()
    assert view.model.rowCount() == rows
