"""The window when its team server stops answering (gui/window/server_reconnect.py): the edit
is refused with one message, the status bar says "offline — reconnecting…", editing is
greyed, the tries back off; once the server is back the window reloads and edits again,
and what the user had typed but not saved is still there."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit

from briefing_app.core.errors import DatabaseError
from briefing_app.core.ops import entities
from briefing_app.gui.operations.commands import UpdateCommand
from briefing_app.gui.window.main_window import MainWindow
from briefing_app.gui.window.server_reconnect import BACKOFF_MS, OFFLINE
from tests import stoppable_cluster
from tests.pg_cluster import Cluster

own_cluster = stoppable_cluster.own_cluster  # the fixtures: a cluster this test stops
server = stoppable_cluster.server


def test_the_window_goes_offline_keeps_the_input_and_comes_back(
        qtbot: Any, server: Any, own_cluster: Cluster, visible_errors: Any) -> None:
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_database(server.url, first_run=False)
    state, reconnect = win.state, win.reconnect
    event = entities.list_for_visit(state.db, "event", state.visit.id)[0]
    view = win.view("programme")
    win.switch_to("brief")  # the event's brief: a form of text boxes
    state.select("event", event.id)
    # What the user typed and has not saved: a text box of the window, typed into.
    box = next(b for b in win.findChildren(QLineEdit) if b.isVisible() and not b.isReadOnly())
    box.clear()
    qtbot.keyClicks(box, "Arrival")
    assert box.isModified()

    own_cluster.stop()
    view.push(UpdateCommand(state, "event", event, {"title": "Flight, moved"}))
    boxes = visible_errors()
    assert len(boxes) == 1, [b.text() for b in boxes]
    assert "cannot reach the database server" in boxes[0].text()
    assert "nothing was saved — try again" in boxes[0].text()
    boxes[0].close()
    assert reconnect.offline and reconnect.label.text().startswith(OFFLINE)
    assert win.statusBar().currentMessage() == OFFLINE
    assert state.read_only and not win.actions.add_event.isEnabled()
    with pytest.raises(DatabaseError, match="offline"):  # greyed: no save is even tried
        state.push(UpdateCommand(state, "event", event, {"title": "Flight, moved"}))
    # The tries back off, each one driven by the timer (here: called as it would call).
    assert reconnect.timer.isActive() and reconnect.timer.interval() == BACKOFF_MS[0]
    assert not reconnect.try_now()
    assert reconnect.timer.interval() == BACKOFF_MS[1]
    assert not visible_errors()  # the failed try is in the status bar, not a new box

    own_cluster.start()
    reconnect.timer.start(0)  # the next try, now rather than in two seconds
    qtbot.waitUntil(lambda: not reconnect.offline, timeout=30_000)
    assert not state.read_only and win.actions.add_event.isEnabled()
    assert not reconnect.label.isVisible() and not reconnect.timer.isActive()
    assert box.text() == "Arrival" and box.isModified()  # the unsaved input is kept
    assert entities.get(state.db, "event", event.id).title == event.title  # nothing saved

    view.push(UpdateCommand(state, "event", event, {"title": "Flight, moved"}))
    assert not visible_errors()
    assert entities.get(state.db, "event", event.id).title == "Flight, moved"
    win.close()
