"""Each item's level in the window: the Level choice in every levelled kind's form, the
visit's "Default level of new items", the list's marker, one undoable step per edit."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from briefing_app.core import models as M
from briefing_app.core.enums import Level, label
from briefing_app.core.kinds import BY_MODEL
from briefing_app.core.ops import entities
from briefing_app.gui.dialogs.visit_dialog import VISIT_FIELDS, VisitDetailsDialog
from briefing_app.gui.views import VIEW_KEYS
from briefing_app.gui.views.brief_view import BriefView
from briefing_app.gui.views.list_form import ListFormView
from briefing_app.gui.widgets.marks import is_marked


def _forms_by_kind(window: Any) -> dict[str, list[Any]]:
    """Every item form the window builds, by the kind it edits."""
    found: dict[str, list[Any]] = {}
    for key in VIEW_KEYS:
        view = window.view(key)
        for panel in [view, *view.findChildren(ListFormView)]:
            if isinstance(panel, ListFormView):
                found.setdefault(panel.kind, []).append(panel.form)
        if isinstance(view, BriefView):
            found.setdefault("event", []).append(view.details)
    return found


def _choose(form: Any, name: str, value: str) -> None:
    """Pick `value` in a form's box as a user does (the box's activated signal)."""
    box = form.widgets[name]
    assert isinstance(box, QComboBox)
    i = box.findData(value)
    assert i >= 0, (name, value)
    box.setCurrentIndex(i)
    box.activated.emit(i)


def test_every_levelled_kind_has_a_level_field(demo_window: Any) -> None:
    forms = _forms_by_kind(demo_window)
    # A companion row (a delegate's passport data) is edited in its owner's form, its
    # level derived (restricted at least): its fields must be there instead.
    companions = {c for _r, c, _fk in M.COMPANIONS.values()}
    for owner in M.COMPANIONS:
        if owner is M.Visit:  # edited in the visit's details dialog
            assert set(M.companion_fields(owner)) <= {f.name for f in VISIT_FIELDS}
            continue
        if owner is M.Event:  # in the Brief's own tab, beside the details
            brief = demo_window.view("brief").brief
            assert set(M.companion_fields(owner)) <= set(brief.widgets)
            continue
        assert all(set(M.companion_fields(owner)) <= set(f.widgets)
                   for f in forms[BY_MODEL[owner].name])
    levelled = sorted(BY_MODEL[m].name for m in M.LEVELLED if m not in companions)
    without_form = [k for k in levelled if k not in forms]
    assert not without_form, f"levelled kinds no view edits: {without_form}"
    lacking = [k for k in levelled if any("level" not in f.widgets for f in forms[k])]
    assert not lacking, f"forms without a Level field: {lacking}"
    box = forms["fact"][0].widgets["level"]
    layout = forms["fact"][0].layout()
    assert layout.labelForField(box).text() == "Level"
    assert [box.itemText(i) for i in range(box.count())] == [label(v) for v in Level]


def test_set_a_level_in_the_form_undo_and_redo(demo_window: Any) -> None:
    state = demo_window.state
    view = demo_window.switch_to("facts")
    fact = view.selected()
    assert fact is not None and fact.level == state.visit.default_level == Level.PUBLIC
    column = [c.title for c in view.model.columns].index("Level")
    steps = state.undo_stack.count()

    _choose(view.form, "level", "confidential")
    assert entities.get(state.db, "fact", fact.id).level == Level.CONFIDENTIAL
    assert state.undo_stack.count() == steps + 1
    row = view.model.row_of(fact.id)
    assert view.model.index(row, column).data() == "▲ Confidential"
    assert "Confidential" in view.model.index(row, column).data(3)  # the tooltip
    dot = Qt.ItemDataRole.DecorationRole
    assert view.model.index(row, 0).data(dot) is not None  # the dot before the first cell
    assert "above the visit's default" in view.model.index(row, 0).data(3)
    others = [r for r in view.model.records if r.id != fact.id]
    assert all(view.model.index(view.model.row_of(r.id), 0).data(dot) is None for r in others)
    assert view.form.widgets["level"].currentText() == "Confidential"

    state.undo()
    assert entities.get(state.db, "fact", fact.id).level == Level.PUBLIC
    assert view.model.index(view.model.row_of(fact.id), column).data() == ""
    assert view.model.index(view.model.row_of(fact.id), 0).data(dot) is None
    assert view.form.widgets["level"].currentText() == "Public"
    state.redo()
    assert entities.get(state.db, "fact", fact.id).level == Level.CONFIDENTIAL
    assert view.model.index(view.model.row_of(fact.id), column).data() == "▲ Confidential"


def test_a_restricted_point_stays_restricted_whatever_is_chosen(demo_window: Any) -> None:
    state = demo_window.state
    view = demo_window.switch_to("talking-points")
    point = view.selected()
    state.push(_update(state, "talking_point", point, {"restricted": True}))
    view.show_item("talking_point", point.id)
    assert view.form.widgets["level"].currentText() == "Restricted"
    steps = state.undo_stack.count()
    _choose(view.form, "level", "press")  # the core would keep restricted: said, not saved
    assert entities.get(state.db, "talking_point", point.id).level == Level.RESTRICTED
    assert state.undo_stack.count() == steps
    box = view.form.widgets["level"]
    assert box.currentText() == "Press" and is_marked(box)
    assert "never below Restricted" in view.form.error.text()
    _choose(view.form, "level", "confidential")  # above the floor: saved, the mark goes
    assert entities.get(state.db, "talking_point", point.id).level == Level.CONFIDENTIAL
    assert not is_marked(box) and state.undo_stack.count() == steps + 1


def _update(state: Any, kind: str, record: Any, changes: dict[str, Any]) -> Any:
    from briefing_app.gui.operations.commands import UpdateCommand

    return UpdateCommand(state, kind, record, changes)


def test_the_visit_default_applies_to_a_new_item(demo_window: Any) -> None:
    from briefing_app.gui.dialogs.visit_dialog import VisitDetailsDialog

    state = demo_window.state
    dialog = VisitDetailsDialog(state, demo_window)
    box = dialog.form.widgets["default_level"]
    assert dialog.form.layout().labelForField(box).text() == "Default level of new items"
    assert box.currentText() == "Public"
    _choose(dialog.form, "default_level", "restricted")
    assert state.visit.default_level == Level.RESTRICTED
    assert box.currentText() == "Restricted"
    dialog.close()

    view = demo_window.switch_to("facts")
    old = view.model.record(0)
    view.new_item()
    new = view.selected()
    assert new.id != old.id and new.level == Level.RESTRICTED
    assert view.form.widgets["level"].currentText() == "Restricted"
    column = [c.title for c in view.model.columns].index("Level")
    assert view.model.index(view.model.row_of(new.id), column).data() == ""
    assert view.model.index(view.model.row_of(old.id), column).data() == "▼ Public"

    state.undo()  # the new fact
    state.undo()  # the default: back to public, and the old rows carry no marker
    assert state.visit.default_level == Level.PUBLIC
    assert view.model.index(view.model.row_of(old.id), column).data() == ""


def test_the_programme_and_timeline_mark_an_event_off_the_visits_default(demo_window: Any) -> None:
    """The lists' dot before the first cell, in the programme too: an event above the
    visit's default (fewer may read it) and one below, none at the default."""
    from briefing_app.core.ops import entities

    state = demo_window.state
    events = entities.list_for_visit(state.db, "event", state.visit.id)
    talks = next(e for e in events if e.title.startswith("Talks with President Xi"))
    state.push(_update(state, "event", talks, {"level": "confidential"}))
    view = demo_window.switch_to("programme")
    model = view.model
    row = model.row_of_event(talks.id)
    model.fetch_to(len(model.rows) - 1)
    assert model.data(model.index(row, 0), 1) is not None  # Qt::DecorationRole
    tip = model.data(model.index(row, 0), 3)
    assert "Confidential" in tip and "above the visit's default" in tip
    others = [i for i in range(len(model.rows))
              if not model.rows[i].is_day and i != row]
    assert others and all(model.data(model.index(i, 0), 1) is None for i in others)
    assert model.data(model.index(row, 2), 1) is None or model.rows[row].conflict

    timeline = demo_window.switch_to("timeline")
    marked = {b.event_id: (b.level, b.above) for b in timeline.canvas.blocks if b.level}
    assert marked == {talks.id: ("confidential", True)}
    timeline.canvas.grab()  # paints the dot without error


def test_the_fields_kept_in_restricted_rows_say_so(demo_window: Any, tmp_path: Any) -> None:
    """An event's and the visit's positions live in restricted rows of their own
    (models.COMPANIONS): their labels say "(restricted)" and a tooltip says what that
    means; an edit there is saved in the companion row."""
    def marked(form: Any) -> set[str]:
        layout = form.layout()
        return {name for name, w in form.widgets.items()
                if "(restricted)" in (layout.labelForField(w).text() or "")
                and "press pack" in w.toolTip()}

    brief = demo_window.switch_to("brief")
    assert marked(brief.brief) == set(M.companion_fields(M.Event))
    assert not marked(brief.details)
    dialog = VisitDetailsDialog(demo_window.state, demo_window)
    try:
        assert marked(dialog.form) == set(M.companion_fields(M.Visit))
        dialog.resize(620, 720)
        dialog.show()
        assert not dialog.grab().isNull()
        dialog.grab().save(str(tmp_path / "visit-details.png"))
        box = dialog.form.widgets["risks"]
        box.setPlainText("Тоқаев 习近平 new risk")
        dialog.form._commit("risks")
    finally:
        dialog.close()
    db = demo_window.state.require_db()
    with db.read() as s:
        [row] = s.query(M.VisitBrief).all()
        assert row.risks == "Тоқаев 习近平 new risk" and str(row.level) == "restricted"
