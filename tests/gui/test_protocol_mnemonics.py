"""The protocol views' Alt-keys: each letter leads to one control of the view showing,
never also to a menu, a button or another field."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton

CASES = [("delegation", None), ("movements", 0), ("movements", 1), ("gifts", None),
         ("speeches", None)]


def _letter(text: str) -> str | None:
    m = re.search(r"&([^&])", text.replace("&&", ""))
    return m[1].casefold() if m else None


@pytest.mark.parametrize(("key", "tab"), CASES)
def test_alt_keys_are_unique_in_the_view(demo_window: Any, key: str, tab: int | None) -> None:
    view = demo_window.switch_to(key)
    panel = view
    texts = [a.text() for a in demo_window.menuBar().actions()]
    if tab is not None:
        view.tabs.setCurrentIndex(tab)
        panel = view.current
        texts += [view.tabs.tabText(i) for i in range(view.tabs.count())]
    texts += [b.text() for b in panel.findChildren(QAbstractButton) if b.isVisibleTo(panel)]
    layout = panel.form.layout()
    texts += [layout.labelForField(w).text() for w in panel.form.widgets.values()]
    letters = [x for x in map(_letter, texts) if x]
    clashes = {x for x in letters if letters.count(x) > 1}
    assert not clashes, [t for t in texts if _letter(t) in clashes]


def test_ctrl_tab_switches_the_movements_lists(qtbot: Any, demo_window: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    view = demo_window.switch_to("movements")
    demo_window.activateWindow()
    view.cars.table.setFocus()
    qtbot.waitUntil(view.cars.table.hasFocus)
    QTest.keyClick(view.cars.table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert view.current is view.rooms
    assert demo_window.current_key() == "movements"  # the window's own tabs stay put
