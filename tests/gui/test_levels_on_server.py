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
from tests.rls_server import RESTRICTED, SECRET_RESTRICTED, drop, password_file, set_up


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
