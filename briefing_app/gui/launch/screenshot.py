"""The `gui --screenshot` mode: put the window in a known state and grab it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from briefing_app.core.enums import EventStatus, EventType

# Deferred imports: start-up itself: each step loads only what it needs, in the order
# the window paints (benchmarks/startup.py).


def first_meeting(state: Any) -> int | None:
    """The first talks or meeting of the open visit (else its first event)."""
    from briefing_app.core.ops import entities

    if state.visit is None:
        return None
    events = entities.list_for_visit(state.require_db(), "event", state.visit.id)
    for ev in events:
        if ev.event_type in (EventType.TALKS, EventType.MEETING) and ev.status != EventStatus.CANCELLED:
            return ev.id
    return events[0].id if events else None


def settle(rounds: int = 5) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


def prepare(win: Any, view: str) -> Any:
    """First visit, its first meeting selected, on `view` (export: the dialog open, and
    returned for `capture` to paint over the window; else None)."""
    state = win.state
    visits = state.visits()
    if visits and (state.visit is None or state.visit.id != visits[0].id):
        state.set_visit(visits[0].id)
    key = "programme" if view == "export" else view
    win.switch_to(key)
    settle()
    meeting = first_meeting(state)
    if meeting is not None:
        state.select("event", meeting)
    if view == "search" and state.visit is not None:
        win.view("search").run_query(_search_example(state))
        wait_for_search(win)
    dialog = None
    if view == "export" and state.visit is not None:
        dialog = export_and_preview(win)
    settle(10)
    return dialog


def export_and_preview(win: Any, timeout_ms: int = 120_000) -> Any:
    """Open the export dialog, build the delegation pack into a temporary folder, and
    leave the dialog on its preview (what a user sees after Export)."""
    import tempfile
    from pathlib import Path

    from PySide6.QtCore import QElapsedTimer

    dialog = win.export_pack()
    folder = Path(tempfile.mkdtemp(prefix="briefing-shot-pdf-"))
    dialog.form.path.setText(str(folder / "delegation-brief.pdf"))
    dialog.start()
    timer = QElapsedTimer()
    timer.start()
    while dialog.worker is not None and timer.elapsed() < timeout_ms:
        QApplication.processEvents()
        from PySide6.QtCore import QThread

        QThread.msleep(20)
    settle(10)
    # the preview grew the dialog to the offscreen screen (800×800): fit it to the
    # window instead, as a screen of the window's size would
    dialog.resize(min(dialog.width(), win.width() - 16), min(dialog.height(), win.height() - 16))
    settle(10)
    return dialog


def _search_example(state: Any) -> str:
    """A Chinese substring (阿里, from Alibaba) when the visit has it, else the principal's
    surname in its own script (Тоқаев in the demo)."""
    from briefing_app.core.ops import entities
    from briefing_app.core.search import search

    visit = state.visit
    if search(state.require_db(), "阿里", visit_id=visit.id, limit=1):
        return "阿里"
    if visit.principal_id:
        person = entities.get(state.require_db(), "person", visit.principal_id)
        return person.native_name.split()[-1]
    return visit.title.split()[0]


def wait_for_search(win: Any, timeout_ms: int = 5000) -> None:
    from PySide6.QtCore import QElapsedTimer, QThreadPool

    timer = QElapsedTimer()
    timer.start()
    view = win.view("search")
    while view.status.text() in ("", "Searching…") and timer.elapsed() < timeout_ms:
        QThreadPool.globalInstance().waitForDone(50)
        QApplication.processEvents()


def capture(win: Any, view: str, dialog: Any = None) -> QImage:
    """The window; with the export dialog painted over it, centred, when it is open."""
    image = win.grab().toImage()
    if view == "export" and dialog is not None:
        settle(10)
        shot = dialog.grab().toImage()
        painter = QPainter(image)
        x = max(0, (image.width() - shot.width()) // 2)
        y = max(0, (image.height() - shot.height()) // 2)
        painter.fillRect(0, 0, image.width(), image.height(), QColor(0, 0, 0, 60))
        painter.drawImage(QPoint(x, y), shot)
        painter.end()
    return image
