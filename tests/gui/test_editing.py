"""Create a visit, add events, edit times, see conflicts, undo and redo each step."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from briefing_app.core.ops import entities, links
from briefing_app.gui.dialogs.event_dialog import EventDialog
from briefing_app.gui.dialogs.visit_dialog import NewVisitDialog
from briefing_app.gui.operations.commands import CallCommand, CreateCommand


def _accept_with(monkeypatch: pytest.MonkeyPatch, cls: type, fill: Any) -> None:
    def fake_exec(self: Any) -> int:  # OK clicked: the dialog submits to the core
        fill(self)
        self.accept()
        return self.result()

    monkeypatch.setattr(cls, "exec", fake_exec)


def _make_visit(window: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    def fill(d: NewVisitDialog) -> None:
        from PySide6.QtCore import QDate

        d.title.setText("Working visit to Beijing")
        d.start.setDate(QDate(2019, 9, 10))
        d.end.setDate(QDate(2019, 9, 12))
        d.home.setEditText("Asia/Almaty")

    _accept_with(monkeypatch, NewVisitDialog, fill)
    window.new_visit()
    return window.state.visit


def _add_event(window: Any, monkeypatch: pytest.MonkeyPatch, title: str, start: str) -> Any:
    from datetime import datetime

    from briefing_app.gui.dialogs.event_dialog import _qdt

    def fill(d: EventDialog) -> None:
        d.title.setText(title)
        d.tz.setEditText("Asia/Shanghai")
        d.start.setDateTime(_qdt(datetime.fromisoformat(start)))

    _accept_with(monkeypatch, EventDialog, fill)
    window.add_event()
    from briefing_app.gui.operations.errors import shown

    assert not shown, shown
    return entities.get(window.state.db, "event", window.state.current_event_id)


def _programme_titles(window: Any) -> list[str]:
    view = window.switch_to("programme")
    return [r.cells[2] for r in view.model.rows if not r.is_day]


def test_visit_event_times_conflict_with_undo_redo(window: Any, monkeypatch: Any) -> None:
    visit = _make_visit(window, monkeypatch)
    assert visit is not None and visit.title == "Working visit to Beijing"
    assert window.windowTitle().startswith("Working visit")

    talks = _add_event(window, monkeypatch, "Talks with 习近平", "2019-09-11 10:00")
    assert talks.title == "Talks with 习近平"
    assert "Talks with 习近平" in _programme_titles(window)
    lunch = _add_event(window, monkeypatch, "Lunch", "2019-09-11 10:30")

    state, db = window.state, window.state.db
    person = state.push(CreateCommand(state, "person", visit.id,
                                      {"native_name": "Қасым-Жомарт Тоқаев"}))
    for ev in (talks, lunch):
        state.push(CallCommand(state, "Add participant", "event",
                               lambda d, e=ev.id: links.set_participant(d, e, person.id)))
    assert window.conflicts.count() == 1
    assert "double booking" in window.conflicts.item(0).text().lower()
    rows = window.switch_to("programme").model.rows
    assert [r.conflict for r in rows if not r.is_day] == [True, True]

    # Edit the times of the lunch so it no longer overlaps: the conflict goes away.
    from datetime import datetime

    from briefing_app.gui.dialogs.event_dialog import _qdt

    _accept_with(monkeypatch, EventDialog,
                 lambda d: d.start.setDateTime(_qdt(datetime(2019, 9, 11, 12, 0))))
    from briefing_app.gui.window import event_actions

    event_actions.edit_event(state, window, lunch.id)
    moved = entities.get(db, "event", lunch.id)
    assert moved.starts_at.hour == 4  # 12:00 in Beijing is 04:00 UTC
    assert window.conflicts.count() == 1 and "No scheduling" in window.conflicts.item(0).text()
    assert window.actions.undo.text().startswith("&Undo Change the times of event “")

    state.undo()
    assert entities.get(db, "event", lunch.id).starts_at == lunch.starts_at
    assert "double booking" in window.conflicts.item(0).text().lower()
    state.redo()
    assert entities.get(db, "event", lunch.id).starts_at == moved.starts_at
    assert "No scheduling" in window.conflicts.item(0).text()

    # Undo everything back to the empty database, then redo it all.
    while state.undo_stack.canUndo():
        state.undo()
    assert state.visits() == []
    while state.undo_stack.canRedo():
        state.redo()
    assert [v.id for v in state.visits()] == [visit.id]
    assert {e.id for e in entities.list_for_visit(db, "event", visit.id)} == {talks.id, lunch.id}
    assert [p.id for p, _r in links.participants(db, talks.id)] == [person.id]


def test_timeline_drag_moves_event_and_undo(demo_window: Any) -> None:
    view = demo_window.switch_to("timeline")
    state, db = demo_window.state, demo_window.state.db
    block = next(b for b in view.canvas.blocks if b.event_type == "talks")
    before = entities.get(db, "event", block.event_id)
    view.canvas.moved.emit(block.event_id, "2019-09-11 16:00", "2019-09-11 16:45")
    after = entities.get(db, "event", block.event_id)
    assert after.starts_at.hour == 8 and after.starts_at != before.starts_at
    moved_block = next(b for b in view.canvas.blocks if b.event_id == block.event_id)
    assert moved_block.start.hour == 16
    state.undo()
    assert entities.get(db, "event", block.event_id).starts_at == before.starts_at


def test_reorder_talking_points_undo_redo(demo_window: Any) -> None:
    state, db = demo_window.state, demo_window.state.db
    meeting = next(e for e in entities.list_for_visit(db, "event", state.visit.id)
                   if len(links.points_of_event(db, e.id)) >= 2)
    state.select("event", meeting.id)
    brief = demo_window.switch_to("brief")
    panel = brief.points
    original = [p.id for p in links.points_of_event(db, meeting.id)]
    assert panel.order == original
    panel.list.setCurrentRow(0)
    panel.move(+1)
    swapped = [original[1], original[0], *original[2:]]
    assert [p.id for p in links.points_of_event(db, meeting.id)] == swapped
    assert panel.order == swapped
    assert demo_window.actions.undo.text() == "&Undo Reorder talking points"
    state.undo()
    assert [p.id for p in links.points_of_event(db, meeting.id)] == original
    assert panel.order == original
    state.redo()
    assert [p.id for p in links.points_of_event(db, meeting.id)] == swapped


def test_delete_event_and_undo_brings_links_back(demo_window: Any) -> None:
    from briefing_app.gui.window import event_actions

    state, db = demo_window.state, demo_window.state.db
    ev = next(e for e in entities.list_for_visit(db, "event", state.visit.id)
              if links.points_of_event(db, e.id) and links.participants(db, e.id))
    people = links.participants(db, ev.id)
    points = [p.id for p in links.points_of_event(db, ev.id)]
    view = demo_window.switch_to("programme")
    event_actions.delete_event(state, demo_window, ev.id)  # confirmation answered Yes
    assert view.model.row_of_event(ev.id) == -1
    assert demo_window.actions.undo.text().startswith("&Undo Delete event")
    state.undo()
    back = entities.get(db, "event", ev.id)
    assert back.uuid == ev.uuid
    assert links.participants(db, ev.id) == people
    assert [p.id for p in links.points_of_event(db, ev.id)] == points
    assert view.model.row_of_event(ev.id) >= 0
    state.redo()
    assert view.model.row_of_event(ev.id) == -1


def _facts_of(db: Any, event_id: int) -> list[int]:
    from sqlalchemy import select

    from briefing_app.core import models as M

    with db.read() as s:
        return list(s.execute(select(M.EventFact.fact_id).where(M.EventFact.event_id == event_id)
                              .order_by(M.EventFact.position)).scalars())


def test_duplicate_event_is_one_undo_step(demo_window: Any) -> None:
    from briefing_app.gui.window import event_actions

    state, db = demo_window.state, demo_window.state.db
    ev = next(e for e in entities.list_for_visit(db, "event", state.visit.id)
              if links.participants(db, e.id) and links.points_of_event(db, e.id))
    depth = state.undo_stack.count()
    copy = event_actions.duplicate_event(state, ev.id)
    assert copy.title == f"{ev.title} (copy)"
    assert state.undo_stack.count() == depth + 1
    assert state.undo_stack.command(depth).childCount() == 0  # a command, not a macro
    people = [(p.id, r) for p, r in links.participants(db, copy.id)]
    points = [p.id for p in links.points_of_event(db, copy.id)]
    assert people == [(p.id, r) for p, r in links.participants(db, ev.id)]
    assert points == [p.id for p in links.points_of_event(db, ev.id)]
    assert _facts_of(db, copy.id) == _facts_of(db, ev.id)
    programme = demo_window.switch_to("programme")
    assert programme.model.row_of_event(copy.id) >= 0
    state.undo()
    assert all(e.id != copy.id for e in entities.list_for_visit(db, "event", state.visit.id))
    assert programme.model.row_of_event(copy.id) == -1
    assert state.undo_stack.index() == depth
    state.redo()
    again = entities.get(db, "event", copy.id)
    assert (again.id, again.uuid) == (copy.id, copy.uuid)
    assert [(p.id, r) for p, r in links.participants(db, copy.id)] == people
    assert [p.id for p in links.points_of_event(db, copy.id)] == points
    assert programme.model.row_of_event(copy.id) >= 0


def test_new_talking_point_in_brief_is_one_undo_step(demo_window: Any,
                                                      monkeypatch: Any) -> None:
    state, db = demo_window.state, demo_window.state.db
    meeting = next(e for e in entities.list_for_visit(db, "event", state.visit.id)
                   if links.points_of_event(db, e.id))
    state.select("event", meeting.id)
    panel = demo_window.switch_to("brief").points
    before = [p.id for p in links.points_of_event(db, meeting.id)]
    library = {p.id for p in entities.list_for_visit(db, "talking_point", state.visit.id)}
    from briefing_app.gui.dialogs.text_dialogs import NewPointDialog

    def write(dlg: NewPointDialog) -> int:
        dlg.text.setPlainText("Ұсыныс: 一带一路 cooperation")
        dlg.accept()
        return dlg.result()

    monkeypatch.setattr(NewPointDialog, "exec", write)
    depth = state.undo_stack.count()
    panel._new()
    after = [p.id for p in links.points_of_event(db, meeting.id)]
    (new_id,) = set(after) - set(before)
    assert after == [*before, new_id] and panel.order == after
    point = entities.get(db, "talking_point", new_id)
    assert point.text == "Ұсыныс: 一带一路 cooperation"
    assert state.undo_stack.count() == depth + 1
    assert state.undo_stack.command(depth).childCount() == 0
    state.undo()
    assert [p.id for p in links.points_of_event(db, meeting.id)] == before
    assert {p.id for p in entities.list_for_visit(db, "talking_point", state.visit.id)} == library
    assert panel.order == before
    state.redo()
    assert [p.id for p in links.points_of_event(db, meeting.id)] == after
    assert entities.get(db, "talking_point", new_id).uuid == point.uuid


def test_form_edit_saves_at_once_and_undoes(demo_window: Any) -> None:
    view = demo_window.switch_to("people")
    state, db = demo_window.state, demo_window.state.db
    person = view.selected()
    field = view.form.widgets["title"]
    field.setText("Head of State")
    field.editingFinished.emit()
    assert entities.get(db, "person", person.id).title == "Head of State"
    state.undo()
    assert entities.get(db, "person", person.id).title == person.title
    assert view.form.widgets["title"].text() == person.title


def _agreement_with_versions(window: Any) -> Any:
    from briefing_app.core.ops import agreements

    db = window.state.db
    return next(a for a in entities.list_for_visit(db, "agreement", window.state.visit.id)
                if agreements.allowed_next(a.status) and agreements.versions(db, a.id))


def test_agreement_status_undo_keeps_the_agreement(demo_window: Any) -> None:
    from briefing_app.core.ops import agreements

    view = demo_window.switch_to("agreements")
    state, db = demo_window.state, demo_window.state.db
    ag = _agreement_with_versions(demo_window)
    history = agreements.status_history(db, ag.id)
    signers = agreements.signatories(db, ag.id)
    texts = agreements.versions(db, ag.id)
    target = agreements.allowed_next(ag.status)[0].value
    view.show_item("agreement", ag.id)
    view.panels.change_status(target)
    assert entities.get(db, "agreement", ag.id).status == target
    assert len(agreements.status_history(db, ag.id)) == len(history) + 1
    state.undo()
    after = entities.get(db, "agreement", ag.id)
    assert (after.status, after.uuid, after.created_at) == (ag.status, ag.uuid, ag.created_at)
    assert agreements.status_history(db, ag.id) == history
    # Undo touches only the status: signatories and texts are the very same rows.
    assert agreements.signatories(db, ag.id) == signers
    assert agreements.versions(db, ag.id) == texts
    state.redo()
    assert entities.get(db, "agreement", ag.id).status == target
    assert [h.status for h in agreements.status_history(db, ag.id)] == \
        [h.status for h in history] + [target]
    state.undo()
    assert agreements.status_history(db, ag.id) == history


def test_status_undo_remembers_its_own_change(demo_window: Any, monkeypatch: Any,
                                             visible_errors: Any) -> None:
    """Another window moves the agreement on right after our change: the command keeps
    the id of the change it made (not the newest entry), so its undo is refused."""
    from briefing_app.core.ops import agreements
    from briefing_app.gui.operations.commands_agreements import StatusCommand

    state, db = demo_window.state, demo_window.state.db
    ag, target, then = next(
        (a, t.value, agreements.allowed_next(t.value)[0].value)
        for a in entities.list_for_visit(db, "agreement", state.visit.id)
        for t in agreements.allowed_next(a.status) if agreements.allowed_next(t.value))
    original = agreements.change_status_recorded
    ours: list[Any] = []

    def and_another_window(*args: Any, **kwargs: Any) -> Any:
        rec, change = original(*args, **kwargs)
        ours.append(change)
        monkeypatch.setattr(agreements, "change_status_recorded", original)
        agreements.change_status(db, ag.id, then, "other window")
        return rec, change

    monkeypatch.setattr(agreements, "change_status_recorded", and_another_window)
    cmd = StatusCommand(state, ag, target)
    state.push(cmd)
    history = agreements.status_history(db, ag.id)
    assert [h.status for h in history[-2:]] == [target, then]
    assert cmd.change_id == ours[0].id != history[-1].id
    state.undo()  # refused: our change is no longer the latest
    assert visible_errors()
    assert agreements.status_history(db, ag.id) == history


def test_agreement_version_undo_and_redo(demo_window: Any) -> None:
    from briefing_app.core.ops import agreements
    from briefing_app.gui.operations.commands_agreements import AddVersionCommand

    state, db = demo_window.state, demo_window.state.db
    ag = _agreement_with_versions(demo_window)
    before = agreements.versions(db, ag.id)
    state.push(AddVersionCommand(state, ag, "New text", "Legal", "after talks"))
    added = agreements.versions(db, ag.id)
    assert len(added) == len(before) + 1 and added[-1].text == "New text"
    state.undo()
    assert agreements.versions(db, ag.id) == before
    state.redo()
    again = agreements.versions(db, ag.id)
    assert [v.number for v in again] == [v.number for v in added]
    assert again[-1].text == "New text" and again[-1].author == "Legal"
    state.undo()
    assert agreements.versions(db, ag.id) == before
    if len(before) >= 2:
        from briefing_app.gui.dialogs.diff_dialog import DiffDialog

        diff = agreements.diff_versions(db, ag.id, 1, len(before))
        dlg = DiffDialog(db, ag, before)
        assert dlg.table.rowCount() == len(diff.rows) or dlg.table.rowCount() > 0


def test_agreement_undo_refused_when_not_latest(demo_window: Any, visible_errors: Any) -> None:
    """Someone else moved the status on (or added a text): undo must not rewrite that."""
    from briefing_app.core.ops import agreements
    from briefing_app.gui.operations.commands_agreements import AddVersionCommand, StatusCommand

    state, db = demo_window.state, demo_window.state.db
    ag = _agreement_with_versions(demo_window)
    first = agreements.allowed_next(ag.status)[0].value
    state.push(StatusCommand(state, ag, first))
    follow = agreements.allowed_next(first)
    assert follow
    agreements.change_status(db, ag.id, follow[0].value, "elsewhere")
    history = agreements.status_history(db, ag.id)
    state.undo()
    assert visible_errors()
    assert agreements.status_history(db, ag.id) == history
    assert state.undo_stack.canUndo()  # the step stays, nothing was undone
    for box in visible_errors():
        box.close()
    state.push(AddVersionCommand(state, ag, "Ours", "", ""))
    agreements.add_version(db, ag.id, "Theirs")
    texts = agreements.versions(db, ag.id)
    state.undo()
    assert visible_errors()
    assert agreements.versions(db, ag.id) == texts


def test_participants_add_role_and_remove_with_undo(demo_window: Any, monkeypatch: Any) -> None:
    from briefing_app.gui.dialogs.pick_dialog import PickDialog

    state, db = demo_window.state, demo_window.state.db
    ev = entities.list_for_visit(db, "event", state.visit.id)[0]
    before = links.participants(db, ev.id)
    state.select("event", ev.id)
    panel = demo_window.switch_to("brief").participants
    outsider = next(p for p in entities.list_for_visit(db, "person", state.visit.id)
                    if p.id not in {q.id for q, _ in before})

    def pick(self: PickDialog) -> int:
        for i in range(self.list.count()):
            it = self.list.item(i)
            it.setSelected(it.data(256) == outsider.id)
        self.extra.setCurrentIndex(self.extra.findData("interpreter"))
        return 1

    monkeypatch.setattr(PickDialog, "exec", pick)
    panel._add()
    assert (outsider.id, "interpreter") in [(p.id, r) for p, r in links.participants(db, ev.id)]
    row = [p.id for p, _ in panel.model.records].index(outsider.id)
    panel.table.selectRow(row)
    panel.role.setCurrentIndex(panel.role.findData("note-taker"))
    assert panel.role.currentText() == "Note-taker"  # shown as a label, stored as a value
    panel._set_role()
    assert dict((p.id, r) for p, r in links.participants(db, ev.id))[outsider.id] == "note-taker"
    state.undo()
    assert dict((p.id, r) for p, r in links.participants(db, ev.id))[outsider.id] == "interpreter"
    state.undo()
    assert links.participants(db, ev.id) == before


def test_person_photo_set_and_undone(demo_window: Any) -> None:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(40, 50, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    view = demo_window.switch_to("people")
    person = view.selected()
    view.set_photo(person, bytes(data.data()), "image/png")
    stored = entities.get(demo_window.state.db, "person", person.id)
    assert stored.photo == bytes(data.data()) and stored.photo_mime == "image/png"
    assert not view.photo.pixmap().isNull()
    demo_window.state.undo()
    assert entities.get(demo_window.state.db, "person", person.id).photo == person.photo


def test_brief_facts_show_direct_and_via_points(demo_window: Any) -> None:
    """Facts that come through a talking point are labelled so and cannot be un-cited."""
    state, db = demo_window.state, demo_window.state.db
    ev = next(e for e in entities.list_for_visit(db, "event", state.visit.id)
              if {d for _f, d in links.cited_facts(db, e.id)} == {True, False})
    cited = links.cited_facts(db, ev.id)
    state.select("event", ev.id)
    panel = demo_window.switch_to("brief").facts
    table = panel.table
    assert table.rowCount() == len(cited)
    rows = {table.item(r, 0).data(Qt.ItemDataRole.UserRole + 1): r
            for r in range(table.rowCount())}
    direct = [f.id for f, d in cited if d]
    via = [f.id for f, d in cited if not d]
    for fid in direct:
        assert table.item(rows[fid], 3).text() == "directly"
    for fid in via:
        assert table.item(rows[fid], 3).text().startswith("via talking point “")
    assert not panel.hint.isHidden()

    table.setCurrentCell(rows[via[0]], 0)
    assert not panel.remove.isEnabled()
    table.setCurrentCell(rows[direct[0]], 0)
    assert panel.remove.isEnabled()
    panel.remove.click()
    after = links.cited_facts(db, ev.id)
    assert (direct[0], True) not in [(f.id, d) for f, d in after]
    assert table.rowCount() == len(after)
    state.undo()
    assert sorted((f.id, d) for f, d in links.cited_facts(db, ev.id)) == \
        sorted((f.id, d) for f, d in cited)


def test_picking_several_facts_is_one_undo_step(demo_window: Any, monkeypatch: Any) -> None:
    from briefing_app.gui.dialogs.pick_dialog import PickDialog

    state, db = demo_window.state, demo_window.state.db
    ev = entities.list_for_visit(db, "event", state.visit.id)[0]
    before = links.facts_of_event(db, ev.id)
    state.select("event", ev.id)
    panel = demo_window.switch_to("brief").facts

    def pick(self: PickDialog) -> int:
        for i in range(self.list.count()):
            self.list.item(i).setSelected(True)
        return 1

    monkeypatch.setattr(PickDialog, "exec", pick)
    depth = state.undo_stack.count()
    panel._add()
    assert len(links.facts_of_event(db, ev.id)) > len(before) + 1
    assert state.undo_stack.count() == depth + 1 and state.undo_stack.undoText() == "Cite facts"
    state.undo()
    assert links.facts_of_event(db, ev.id) == before
