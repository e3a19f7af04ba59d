"""The abstract bases of the GUI refuse to be instantiated until every abstract method
is implemented (Shiboken's metaclass would otherwise ignore `@abstractmethod`)."""

from __future__ import annotations

from typing import Any

import pytest

from briefing_app.gui.operations.commands import CallCommand, Command
from briefing_app.gui.operations.state import AppState
from briefing_app.gui.views.list_form import ListFormView


def test_command_needs_perform_and_revert(qtbot: Any) -> None:
    state = AppState()
    with pytest.raises(TypeError, match="perform, revert"):
        Command(state, "nothing")

    class HalfDone(Command):
        def perform(self) -> None:
            return None

    with pytest.raises(TypeError, match="revert"):
        HalfDone(state, "half")
    done = CallCommand(state, "call", "event", lambda db: 1)
    assert isinstance(done, Command) and done.text() == "call"


def test_list_form_view_needs_columns_and_fields(qtbot: Any) -> None:
    with pytest.raises(TypeError, match="columns, fields"):
        ListFormView(AppState())
    from briefing_app.gui.views.facts_view import FactsView

    view = FactsView(AppState())
    qtbot.addWidget(view)
    assert isinstance(view, ListFormView) and view.model.columnCount() > 3
