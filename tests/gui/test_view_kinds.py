"""Each view refreshes for the kinds it names: names that no change set can carry (a
table's name instead of its kind's) would leave a view stale after an edit or undo."""

from __future__ import annotations

from typing import Any

from briefing_app.core.kinds import KIND
from briefing_app.gui.views import VIEW_KEYS


def test_every_view_names_only_declared_kinds(demo_window: Any) -> None:
    known = set(KIND) | {"*"}
    for key in VIEW_KEYS:
        view = demo_window.view(key)
        assert set(view.kinds) <= known, (key, set(view.kinds) - known)
