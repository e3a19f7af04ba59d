"""On the team server a level above the user's clearance is refused by PostgreSQL (row-level
security); the window says so once, through run_step, and the form keeps the level
chosen, marked with the reason, while nothing is saved and nothing joins the undo stack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from briefing_app.cli import main
from briefing_app.core.enums import Level
from briefing_app.core.ops import entities
from briefing_app.gui.widgets.marks import is_marked
from briefing_app.gui.window.main_window import MainWindow
from tests.rls_server import (
    PRESS,
    PUBLIC_TEXT,
    RESTRICTED,
    SECRET_RESTRICTED,
    drop,
    password_file,
    set_up,
)


@pytest.fixture
def restricted_url(pg_cluster: Any, tmp_path: Path) -> Any:
    server = set_up(pg_cluster, tmp_path)
    assert main(["server", "add-user", server.owner_url, RESTRICTED, "--clearance",
                 "restricted", "--visit", str(server.visit_id),
                 "--password-file", str(password_file(tmp_path, RESTRICTED))]) == 0
    yield server.url(RESTRICTED)
    drop(pg_cluster)


def test_a_level_above_the_clearance_is_refused_and_stays_typed(
        qtbot: Any, restricted_url: str, visible_errors: Any) -> None:
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_database(restricted_url, first_run=False)
    state = win.state
    view = win.switch_to("talking-points")
    points = view.model.records
    assert [p.text for p in points] == [SECRET_RESTRICTED[0]]  # the confidential one is hidden
    view.show_item("talking_point", points[0].id)
    steps = state.undo_stack.count()
    box = view.form.widgets["level"]
    i = box.findData("confidential")
    box.setCurrentIndex(i)
    box.activated.emit(i)

    boxes = visible_errors()
    assert len(boxes) == 1 and "your clearance does not allow this change" in boxes[0].text()
    assert "Traceback" not in boxes[0].text()
    assert entities.get(state.db, "talking_point", points[0].id).level == Level.RESTRICTED
    assert state.undo_stack.count() == steps
    assert box.currentText() == "Confidential" and is_marked(box)
    assert "your clearance does not allow this change" in view.form.error.text()

    i = box.findData("restricted")  # chosen back: nothing is wrong now
    box.setCurrentIndex(i)
    box.activated.emit(i)
    assert not is_marked(box) and not view.form.error.isVisible()
    win.close()


def test_the_positions_are_locked_for_a_user_who_may_not_see_them(
        qtbot: Any, rls: Any) -> None:
    """A press-cleared user's Brief and visit details show the fields kept in restricted
    rows as locked and say why; a restricted-cleared user's are open, with the text."""
    from briefing_app.gui.dialogs.visit_dialog import VisitDetailsDialog
    from briefing_app.gui.widgets.record_form import HIDDEN_AT_CLEARANCE

    for user, hidden in ((PRESS, True), (RESTRICTED, False)):
        win = MainWindow()
        qtbot.addWidget(win)
        win.show()
        assert win.open_database(rls.url(user), first_run=False)
        brief = win.switch_to("brief")
        event = next(e for e in entities.list_for_visit(win.state.db, "event",
                                                        rls.visit_id)
                     if e.title == PUBLIC_TEXT)
        win.state.select("event", event.id)
        box = brief.brief.widgets["objectives"]
        assert box.isReadOnly() is hidden, user
        assert (box.placeholderText() == HIDDEN_AT_CLEARANCE) is hidden, user
        assert box.toPlainText() == ("" if hidden else SECRET_RESTRICTED[3]), user
        assert not brief.brief.widgets["press_line"].isReadOnly()  # the rest stays open
        dialog = VisitDetailsDialog(win.state, win)
        risks = dialog.form.widgets["risks"]
        assert risks.isReadOnly() is hidden and (risks.toolTip() == HIDDEN_AT_CLEARANCE) is hidden
        assert risks.toPlainText() == ("" if hidden else SECRET_RESTRICTED[4])
        dialog.close()
        win.close()
