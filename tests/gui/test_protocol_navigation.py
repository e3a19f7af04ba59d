"""The protocol views are reached like the others: View menu, navigator, a search hit,
`gui --screenshot --view`; a window grab at 1366×768 shows each one filled."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QKeySequence

from briefing_app.core.ops import entities
from briefing_app.gui.views import VIEW_KEYS, view_shortcut

KEYS = ("delegation", "movements", "gifts", "speeches")


@pytest.mark.parametrize("key", KEYS)
def test_view_menu_navigator_and_screenshot_reach_the_view(demo_window: Any, key: str) -> None:
    from briefing_app.cli.gui_command import VIEWS
    from briefing_app.gui.launch.app import SCREENSHOT_VIEWS

    a = demo_window.actions
    n = VIEW_KEYS.index(key) + 1
    assert a.views[key] in a.view_menu.actions()
    assert a.views[key].shortcut() == QKeySequence(view_shortcut(n)) == QKeySequence(
        f"Ctrl+Shift+{n - 10}")
    assert key in VIEWS and key in SCREENSHOT_VIEWS
    a.views[key].trigger()
    assert demo_window.current_key() == key
    demo_window.switch_to("programme")
    visit = demo_window.navigator.topLevelItem(0)
    item = next(visit.child(i) for i in range(visit.childCount())
                if visit.child(i).text(0) == key.capitalize())
    demo_window.navigator.itemClicked.emit(item, 0)
    assert demo_window.current_key() == key
    demo_window.resize(1366, 768)
    image = demo_window.grab().toImage()
    assert (image.width(), image.height()) == (1366, 768)


@pytest.mark.parametrize(("query", "kind", "key"), [
    ("KZ-003", "delegate", "delegation"), ("Villa 12", "room", "movements"),
    ("景德镇", "gift", "gifts"), ("Academy of Social Sciences", "speech", "speeches")])
def test_a_search_hit_opens_its_row(qtbot: Any, demo_window: Any, query: str, kind: str,
                                    key: str) -> None:
    view = demo_window.switch_to("search")
    view.run_query(query)
    qtbot.waitUntil(lambda: view.status.text() not in ("", "Searching…"), timeout=10_000)
    hit_item = next(view.results.topLevelItem(g).child(i)
                    for g in range(view.results.topLevelItemCount())
                    for i in range(view.results.topLevelItem(g).childCount())
                    if view.results.topLevelItem(g).child(i).data(0, 257).kind == kind)
    hit = hit_item.data(0, 257)
    view._open(hit_item)
    assert demo_window.current_key() == key
    shown = demo_window.view(key)
    panel = shown.current if key == "movements" else shown
    assert panel.selected().id == hit.row_id


@pytest.mark.parametrize("key", KEYS + ("rooms",))
def test_duplicate_copies_the_row_as_one_undo_step(demo_window: Any, key: str) -> None:
    state = demo_window.state
    view = demo_window.switch_to("movements" if key == "rooms" else key)
    if key == "rooms":
        view.tabs.setCurrentWidget(view.rooms)
    panel = view.current if key in ("movements", "rooms") else view
    rows = panel.model.rowCount()
    original = panel.selected()
    demo_window.actions.duplicate.trigger()
    copy = panel.selected()
    assert panel.model.rowCount() == rows + 1 and copy.id != original.id
    for field in panel.copy_fields:
        assert getattr(copy, field) == getattr(original, field), field
    if key == "delegation":  # a colleague, not the same person twice
        listed = [d.person_id for d in entities.list_for_visit(state.db, "delegate",
                                                              state.visit.id)]
        assert len(set(listed)) == len(listed)
    state.undo()
    assert panel.model.rowCount() == rows


def test_without_a_visit_the_views_are_empty_and_say_nothing_stale(demo_window: Any) -> None:
    from briefing_app.gui.window.visit_actions import delete_visit
    from tests.gui.conftest import error_boxes

    state = demo_window.state
    delegation = demo_window.switch_to("delegation")
    assert delegation.warnings
    delete_visit(state, demo_window, confirm=False)
    assert state.visit is None
    for key in KEYS:
        view = demo_window.switch_to(key)
        for panel in getattr(view, "panels", (view,)):
            assert panel.model.rowCount() == 0, key
    assert delegation.warnings == [] and not delegation.warning_box.isVisibleTo(delegation)
    assert not demo_window.actions.new_item.isEnabled()
    assert not error_boxes()
    state.undo()  # the visit comes back with its delegation and warnings
    state.set_visit(state.visits()[0].id)
    demo_window.switch_to("delegation")
    assert delegation.model.rowCount() == 10 and len(delegation.warnings) == 2
