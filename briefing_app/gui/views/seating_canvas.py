"""The seating diagram's view: fits the plan, and turns drags into moves.

Pressing on a seated person (their seat, chair or name card) and releasing over
another seat asks for one move (`moved`); a person dragged from the list of those not
seated (`PERSON_MIME`) and dropped on a seat asks the same. The view never changes
data itself: the Seating view runs the core operation, one undo step per move.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QListWidget,
    QMenu,
)

from briefing_app.gui.views.seating_diagram import SeatingScene

PERSON_MIME = "application/x-briefing-person"
ID_ROLE = Qt.ItemDataRole.UserRole


def person_mime(person_id: int) -> QMimeData:
    mime = QMimeData()
    mime.setData(PERSON_MIME, str(person_id).encode())
    return mime


def mime_person(mime: QMimeData) -> int | None:
    """The person id a drag carries (None: not a person of ours)."""
    if not mime.hasFormat(PERSON_MIME):
        return None
    try:
        return int(bytes(mime.data(PERSON_MIME)).decode())
    except ValueError:
        return None


class PeopleList(QListWidget):
    """The participants not seated: each drags as a person onto the diagram."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setDragEnabled(True)
        self.setDragDropMode(QListWidget.DragDropMode.DragOnly)

    def mimeData(self, items: Any) -> QMimeData:  # noqa: N802 - Qt's name
        pid = items[0].data(ID_ROLE) if items else None
        return person_mime(int(pid)) if pid is not None else QMimeData()

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt's name
        return [PERSON_MIME]

    def set_read_only(self, read_only: bool) -> None:
        """Still selectable and copyable; no longer dragged onto the plan."""
        self.setDragEnabled(not read_only)


class SeatingCanvas(QGraphicsView):
    moved = Signal(int, int, bool)  # person id, seat, behind
    unseat_requested = Signal(int)  # person id

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.plan_scene = SeatingScene(self)
        self.setScene(self.plan_scene)
        self.setObjectName("seatingDiagram")
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAcceptDrops(True)
        self.setBackgroundBrush(QBrush(QColor("#fbfbfc")))
        self.read_only = False
        self._drag: int | None = None
        self._press = QPoint()
        self._ghost: QGraphicsSimpleTextItem | None = None

    def show_plan(self, data: Any) -> None:
        self._end_drag()
        self.plan_scene.show_plan(data)
        self.fit()

    def fit(self) -> None:
        """The whole plan in view, never enlarged past its natural size by much."""
        rect = self.plan_scene.sceneRect()
        if rect.isEmpty():
            return
        self.resetTransform()
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.transform().m11() > 1.6:
            self.resetTransform()
            self.scale(1.6, 1.6)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.fit()

    def wheelEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        """Ctrl+wheel zooms in on a large plan (a resize fits it again)."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
            factor = 1.15 ** (event.angleDelta().y() / 120)
            self.scale(factor, factor)
            event.accept()
            return
        super().wheelEvent(event)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.setAcceptDrops(not read_only)

    def view_point(self, scene_point: QPointF) -> QPoint:
        """Viewport coordinates of a scene point (for tests that drag with the mouse)."""
        return self.mapFromScene(scene_point)

    # --- dragging a seated person ---------------------------------------------------

    def mousePressEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton and not self.read_only:
            pid = self.plan_scene.person_at(self.mapToScene(event.position().toPoint()))
            if pid is not None:
                self._drag, self._press = pid, event.position().toPoint()
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if self._drag is None:
            super().mouseMoveEvent(event)
            return
        pos = event.position().toPoint()
        if self._ghost is None:
            if (pos - self._press).manhattanLength() < QApplication.startDragDistance():
                return
            person = self.plan_scene.data.people.get(self._drag)
            self._ghost = QGraphicsSimpleTextItem(person.native_name if person else "?")
            self._ghost.setFont(self.plan_scene.font)
            self._ghost.setBrush(QBrush(QColor("#3d5a80")))
            self._ghost.setZValue(10)
            self.plan_scene.addItem(self._ghost)
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        self._ghost.setPos(self.mapToScene(pos) + QPointF(8, 8))

    def mouseReleaseEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if self._drag is None:
            super().mouseReleaseEvent(event)
            return
        pid, dragged = self._drag, self._ghost is not None
        self._end_drag()
        if dragged:
            target = self.plan_scene.seat_at(self.mapToScene(event.position().toPoint()))
            if target is not None:
                self.moved.emit(pid, target[0], self._behind(pid, target))

    def _end_drag(self) -> None:
        if self._ghost is not None:
            self.plan_scene.removeItem(self._ghost)
            self._ghost = None
        self._drag = None
        self.viewport().unsetCursor()

    def _behind(self, person_id: int, target: tuple[int, bool]) -> bool:
        """An interpreter dropped on a seat goes to the chair behind it; anyone
        dropped on a chair behind goes behind."""
        data = self.plan_scene.data
        return target[1] or (data is not None and data.roles.get(person_id) == "interpreter")

    # --- a person dropped from the list ---------------------------------------------

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if not self.read_only and mime_person(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        on_seat = self.plan_scene.seat_at(self.mapToScene(event.position().toPoint()))
        if on_seat is not None and mime_person(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        pid = mime_person(event.mimeData())
        target = self.plan_scene.seat_at(self.mapToScene(event.position().toPoint()))
        if pid is None or target is None or self.read_only:
            event.ignore()
            return
        event.acceptProposedAction()
        self.moved.emit(pid, target[0], self._behind(pid, target))

    def contextMenuEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        pid = self.plan_scene.person_at(self.mapToScene(event.pos()))
        if pid is None or self.read_only:
            return
        person = self.plan_scene.data.people.get(pid)
        menu = QMenu(self)
        act = menu.addAction(f"&Take {person.native_name if person else 'them'} off the plan")
        act.triggered.connect(lambda: self.unseat_requested.emit(pid))
        menu.exec(event.globalPos())
