"""Two windows on one team server: an edit in one reaches the other within moments
(LISTEN/NOTIFY, gui/operations/server_listener.py), its programme shows the new title and only
what the change set touches refreshes; a window ignores its own notices; closing the
database stops the listener. Explicit waits (qtbot.waitUntil / waitSignal), no sleeps."""

from __future__ import annotations

from typing import Any

from briefing_app.core.ops import entities
from briefing_app.gui.operations.commands import UpdateCommand
from briefing_app.gui.window.main_window import MainWindow

WAIT_MS = 30_000  # generous, for a busy machine; a passing test never waits it out


def _titles(win: Any) -> list[str]:
    return [r.cells[2] for r in win.view("programme").model.rows if not r.is_day]


def _window(qtbot: Any, url: str) -> MainWindow:
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_database(url, first_run=False)
    live = win.state.live
    assert live is not None
    qtbot.waitUntil(live.listener.ready.is_set, timeout=WAIT_MS)
    return win


def test_an_edit_in_one_window_shows_in_the_other(qtbot: Any, server_url: str) -> None:
    one, two = _window(qtbot, server_url), _window(qtbot, server_url)
    s1, s2 = one.state, two.state
    event = entities.list_for_visit(s1.db, "event", s1.visit.id)[0]
    assert event.title in _titles(two)
    with qtbot.waitSignal(s2.changed, timeout=WAIT_MS) as blocker:
        s1.push(UpdateCommand(s1, "event", event, {"title": "Talks in the Great Hall, moved"}))
    changes = blocker.args[0]
    assert changes.ids("event") == {event.id} and not changes.everything
    qtbot.waitUntil(lambda: "Talks in the Great Hall, moved" in _titles(two), timeout=WAIT_MS)
    assert two.state.live.received == 1 and one.state.live.received == 0  # not its own
    # the other window's undo stack is its own: it holds nothing of the first's edit
    assert s2.undo_stack.count() == 0
    # an undo in the first window reaches the second as well
    with qtbot.waitSignal(s2.changed, timeout=WAIT_MS):
        s1.undo()
    qtbot.waitUntil(lambda: event.title in _titles(two), timeout=WAIT_MS)
    listener = two.state.live.listener
    two.close()
    assert listener.stopped and two.state.live is None
    one.close()


def test_history_on_the_server_shows_the_item_and_the_visit_lazily(qtbot: Any,
                                                                   server_url: str) -> None:
    from briefing_app.gui.dialogs import server_history

    win = _window(qtbot, server_url)
    s = win.state
    programme = win.switch_to("programme")
    event = entities.list_for_visit(s.db, "event", s.visit.id)[0]
    for i in range(3):
        record = entities.get(s.db, "event", event.id)
        s.push(UpdateCommand(s, "event", record, {"title": f"Talks {i}"}))
    s.select("event", event.id)
    qtbot.waitUntil(lambda: programme.selected_event() == event.id, timeout=WAIT_MS)
    dialog = server_history.show_history(win)
    assert dialog is not None
    qtbot.addWidget(dialog)
    item, visit = dialog.models
    assert dialog.tabs.tabText(0) == f"This event ({item.total})"
    assert item.total == 4  # the demo's insert and our three renames
    assert item.rowCount() == 0  # nothing read before the view asks
    qtbot.waitUntil(lambda: item.rowCount() == item.total, timeout=WAIT_MS)
    assert "changed event" in item.data(item.index(0, 2)) and "title" in item.data(item.index(0, 2))
    assert item.data(item.index(0, 1)) == server_url.split("//")[1].split(":")[0]
    # the visit's trail (the demo's load included) arrives a page at a time
    assert visit.total > server_history.PAGE
    while visit.canFetchMore():
        before = visit.rowCount()
        visit.fetchMore()
        assert visit.rowCount() - before <= server_history.PAGE
    assert visit.rowCount() == visit.total
    dialog.close()
    win.close()
