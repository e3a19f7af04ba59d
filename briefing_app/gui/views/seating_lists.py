"""The two lists beside the seating diagram: the plan's checks, and the participants
not seated (with anyone in a seat the table no longer has), each draggable to a seat."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from briefing_app.core.enums import label as enum_label
from briefing_app.gui.views.seating_canvas import ID_ROLE


def fill_checks(box: QListWidget, data: Any) -> None:
    """What core/seating_rules.check_plan found, or that nothing is wrong."""
    box.clear()
    if data is None:
        return
    for problem in data.problems:
        item = QListWidgetItem(f"⚠ {problem.message}")
        item.setForeground(Qt.GlobalColor.darkRed)
        item.setData(ID_ROLE, problem.seat)
        box.addItem(item)
    if not data.problems:
        item = QListWidgetItem("✓ No problems: everyone taking part has a seat.")
        item.setForeground(Qt.GlobalColor.darkGreen)
        box.addItem(item)


def fill_unseated(box: QListWidget, data: Any) -> None:
    """Participants without a seat (with their role), then anyone seated beyond the
    table's seats: both are placed by dragging them onto a seat."""
    box.clear()
    if data is None:
        return
    seated = {s.person_id for s in data.seats}
    rows = [(pid, enum_label(role)) for pid, role in data.roles.items() if pid not in seated]
    rows += [(s.person_id, f"in seat {s.seat}, which this table does not have")
             for s in data.seats if s.seat > len(data.layout.seats)]
    for pid, note in rows:
        person = data.people[pid]
        item = QListWidgetItem(f"{person.native_name}\n{person.latin_name} · {note}")
        item.setData(ID_ROLE, pid)
        item.setToolTip(f"{person.display_name}: drag onto a seat, or press Enter")
        box.addItem(item)
