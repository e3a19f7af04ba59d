"""The painted day timeline: a column per day, events as blocks; drag a block to move it.

Times are the venue's wall clock (a day is the venue's date, as in the programme).
Overlapping events share their column side by side; conflicts are drawn in the
warning colour, cancelled events hatched. A drop snaps to five minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from briefing_app.core.enums import EventStatus
from briefing_app.core.enums import label as enum_label
from briefing_app.core.levels import RANK
from briefing_app.gui.operations.errors import never_raises

HEADER = 44
GUTTER = 56
HOUR = 60.0  # pixels per hour
SNAP = 5  # minutes
KIND_COLOURS = {
    "talks": "#cfe0f5", "meeting": "#cfe0f5", "signing ceremony": "#e3d7f3",
    "ceremony": "#e3d7f3", "meal": "#f6e7c8", "speech": "#d5efe3", "business forum": "#d5efe3",
    "site visit": "#d5efe3", "flight": "#e4e6ea", "transfer": "#e4e6ea", "press": "#f3d9e4",
}
CONFLICT = QColor("#f5a35c")
# Deferred imports: the level dot's module loads the core's models (SQLAlchemy); a block
# has a level only once the live data are shown.


@dataclass
class Block:
    event_id: int
    title: str
    event_type: str
    day: date
    start: datetime  # naive venue wall clock
    end: datetime
    conflict: bool
    cancelled: bool
    lane: int = 0
    lanes: int = 1
    rect: QRectF | None = None
    level: str = ""  # off the visit's default, else "" (as the programme's rows)
    above: bool = False


class TimelineCanvas(QWidget):
    selected = Signal(int)
    opened = Signal(int)
    moved = Signal(int, str, str)  # event id, new start and end "YYYY-MM-DD HH:MM"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineCanvas")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.days: list[date] = []
        self.blocks: list[Block] = []
        self.first_hour, self.last_hour = 7, 23
        self.current: int | None = None
        self._drag: tuple[Block, QPointF] | None = None
        self._ghost: tuple[date, datetime] | None = None
        self.read_only = False  # a read-only database: blocks are chosen, never dragged

    def set_read_only(self, read_only: bool) -> None:
        """Stop (or allow again) moving events by dragging; a drag under way is dropped."""
        self.read_only = read_only
        if read_only and self._drag is not None:
            self._drag, self._ghost = None, None
            self.update()

    # --- data -----------------------------------------------------------------------

    def set_programme(self, programme: Any) -> None:
        self.days = [d.day for d in programme.days]
        if programme.visit is not None:
            span = (programme.visit.end_date - programme.visit.start_date).days
            if 0 <= span <= 31:
                self.days = sorted(set(self.days) | {programme.visit.start_date + timedelta(n)
                                                     for n in range(span + 1)})
        self.blocks = []
        default = str(getattr(programme.visit, "default_level", "") or "")
        for day in programme.days:
            for it in day.items:
                start = it.start.venue.replace(tzinfo=None)
                end = start + (it.event.ends_at - it.event.starts_at)
                level = str(getattr(it.event, "level", "") or "")
                level = "" if not default or level == default else level
                self.blocks.append(Block(it.event.id, it.event.title, it.event.event_type, day.day,
                                         start, end, it.in_conflict,
                                         it.event.status == EventStatus.CANCELLED, level=level,
                                         above=RANK.get(level, 0) > RANK.get(default, 0)))
        hours = [b.start.hour for b in self.blocks]
        ends = [min(24, b.end.hour + (1 if b.end.minute else 0) + (b.end.date() - b.day).days * 24)
                for b in self.blocks]
        self.first_hour = max(0, min([7, *hours]))
        self.last_hour = min(24, max([21, *ends]))
        self._lanes()
        self.updateGeometry()
        self.update()

    def _lanes(self) -> None:
        for day in self.days:
            group = sorted((b for b in self.blocks if b.day == day), key=lambda b: b.start)
            cluster: list[Block] = []
            cluster_end: datetime | None = None
            for b in [*group, None]:
                if b is None or (cluster_end is not None and b.start >= cluster_end):
                    lanes: list[datetime] = []
                    for c in cluster:
                        for i, lane_end in enumerate(lanes):
                            if c.start >= lane_end:
                                c.lane, lanes[i] = i, c.end
                                break
                        else:
                            c.lane = len(lanes)
                            lanes.append(c.end)
                    for c in cluster:
                        c.lanes = max(1, len(lanes))
                    cluster, cluster_end = [], None
                if b is not None:
                    cluster.append(b)
                    cluster_end = b.end if cluster_end is None else max(cluster_end, b.end)

    # --- geometry -------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(GUTTER + 220 * max(1, len(self.days)),
                     int(HEADER + HOUR * (self.last_hour - self.first_hour) + 8))

    def minimumSizeHint(self) -> QSize:
        return QSize(GUTTER + 160 * max(1, len(self.days)), self.sizeHint().height())

    def col_width(self) -> float:
        return (self.width() - GUTTER) / max(1, len(self.days))

    def y_of(self, t: datetime, day: date) -> float:
        minutes = (t - datetime.combine(day, datetime.min.time())).total_seconds() / 60
        return HEADER + (minutes / 60 - self.first_hour) * HOUR

    def block_rect(self, b: Block) -> QRectF:
        col = self.days.index(b.day) if b.day in self.days else 0
        width = self.col_width()
        lane_w = (width - 8) / b.lanes
        top = self.y_of(b.start, b.day)
        bottom = min(self.y_of(b.end, b.day), self.height() - 2.0)
        return QRectF(GUTTER + col * width + 4 + b.lane * lane_w, top, lane_w - 2,
                      max(14.0, bottom - top))

    def block_at(self, pos: QPointF) -> Block | None:
        for b in reversed(self.blocks):
            if b.rect is not None and b.rect.contains(pos):
                return b
        return None

    def time_at(self, pos: QPointF) -> tuple[date, datetime] | None:
        if not self.days or pos.x() < GUTTER:
            return None
        col = min(len(self.days) - 1, max(0, int((pos.x() - GUTTER) // self.col_width())))
        minutes = ((pos.y() - HEADER) / HOUR + self.first_hour) * 60
        minutes = round(minutes / SNAP) * SNAP
        day = self.days[col]
        return day, datetime.combine(day, datetime.min.time()) + timedelta(minutes=minutes)

    # --- painting -------------------------------------------------------------------

    @never_raises()
    def paintEvent(self, _event: Any) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        width = self.col_width()
        small = QFont(self.font())
        small.setPointSizeF(self.font().pointSizeF() * 0.9)
        grid = QPen(QColor("#e3e6ea"))
        for h in range(self.first_hour, self.last_hour + 1):
            y = HEADER + (h - self.first_hour) * HOUR
            p.setPen(grid)
            p.drawLine(QPointF(GUTTER, y), QPointF(self.width(), y))
            p.setPen(QColor("#6b7280"))
            p.setFont(small)
            p.drawText(QRectF(0, y - 8, GUTTER - 8, 16),
                       int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                       f"{h:02d}:00")
        bold = QFont(self.font())
        bold.setBold(True)
        for i, day in enumerate(self.days):
            x = GUTTER + i * width
            p.setPen(grid)
            p.drawLine(QPointF(x, 0), QPointF(x, self.height()))
            p.fillRect(QRectF(x + 1, 0, width - 1, HEADER - 2), QColor("#e8edf4"))
            p.setPen(QColor("#1f2937"))
            p.setFont(bold)
            p.drawText(QRectF(x, 0, width, HEADER - 2), int(Qt.AlignmentFlag.AlignCenter),
                       f"{day:%A}\n{day:%d %B %Y}")
        p.setFont(self.font())
        for b in self.blocks:
            b.rect = self.block_rect(b)
            self._paint_block(p, b, b.rect)
        if self._drag is not None and self._ghost is not None:
            block = self._drag[0]
            day, start = self._ghost
            ghost = Block(block.event_id, block.title, block.event_type, day, start,
                          start + (block.end - block.start), False, False)
            rect = self.block_rect(ghost)
            p.setPen(QPen(QColor("#2563eb"), 2, Qt.PenStyle.DashLine))
            p.setBrush(QColor(37, 99, 235, 40))
            p.drawRoundedRect(rect, 4, 4)
            p.setPen(QColor("#1e3a8a"))
            p.drawText(rect.adjusted(6, 2, -4, -2), int(Qt.AlignmentFlag.AlignLeft),
                       f"{start:%H:%M} → {block.title}")
        p.end()

    def _paint_block(self, p: QPainter, b: Block, rect: QRectF) -> None:
        fill = QColor(KIND_COLOURS.get(b.event_type, "#dde3ea"))
        border = QColor("#7b8794")
        if b.conflict and not b.cancelled:
            fill, border = CONFLICT, QColor("#b45309")
        p.setBrush(QBrush(fill))
        if b.cancelled:
            p.setBrush(QBrush(QColor("#d1d5db"), Qt.BrushStyle.BDiagPattern))
        pen = QPen(QColor("#1d4ed8") if b.event_id == self.current else border,
                   2.5 if b.event_id == self.current else 1)
        p.setPen(pen)
        p.drawRoundedRect(rect, 4, 4)
        if b.level:  # the lists' level dot, in the block's top right corner
            from briefing_app.gui.widgets.level_field import dot

            dot(b.level, b.above).paint(p, QRectF(rect.right() - 14, rect.top() + 2,
                                                  12, 12).toRect())
        p.setPen(QColor("#6b7280") if b.cancelled else QColor("#111827"))
        text = f"{b.start:%H:%M}–{b.end:%H:%M}  {b.title}"
        if b.conflict and not b.cancelled:
            text = "⚠ " + text
        p.drawText(rect.adjusted(5, 2, -18 if b.level else -4, -2),  # clear of the dot
                   int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                       | Qt.TextFlag.TextWordWrap), text)

    # --- mouse ----------------------------------------------------------------------

    @never_raises()
    def mousePressEvent(self, event: Any) -> None:
        b = self.block_at(event.position())
        if b is not None and event.button() == Qt.MouseButton.LeftButton:
            self.current = b.event_id
            self.selected.emit(b.event_id)
            self._drag = None if self.read_only else (b, event.position())
            self._ghost = None
            self.update()

    @never_raises()
    def mouseMoveEvent(self, event: Any) -> None:
        if self._drag is None:
            b = self.block_at(event.position())
            movable = b is not None and not self.read_only
            self.setCursor(Qt.CursorShape.OpenHandCursor if movable
                           else Qt.CursorShape.ArrowCursor)
            if b is not None:
                how = "Drag to move; double-click" if movable else "Double-click"
                level = (f"\nLevel {enum_label(b.level)}: "
                         f"{'above' if b.above else 'below'} the visit's default"
                         if b.level else "")
                self.setToolTip(f"{b.title}\n{b.start:%a %d %b %H:%M}–{b.end:%H:%M}"
                                f"{level}\n{how} to open the brief.")
            return
        block, origin = self._drag
        if (event.position() - origin).manhattanLength() < 6:
            return
        top_offset = origin.y() - (block.rect.top() if block.rect else origin.y())
        at = self.time_at(QPointF(event.position().x(), event.position().y() - top_offset))
        if at is not None:
            self._ghost = at
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            self.update()

    @never_raises()
    def mouseReleaseEvent(self, event: Any) -> None:
        drag, ghost = self._drag, self._ghost
        self._drag, self._ghost = None, None
        self.setCursor(Qt.CursorShape.ArrowCursor)
        self.update()
        if drag is None or ghost is None:
            return
        block = drag[0]
        _day, start = ghost
        if start == block.start:
            return
        end = start + (block.end - block.start)
        self.moved.emit(block.event_id, f"{start:%Y-%m-%d %H:%M}", f"{end:%Y-%m-%d %H:%M}")

    @never_raises()
    def mouseDoubleClickEvent(self, event: Any) -> None:
        b = self.block_at(event.position())
        if b is not None:
            self.opened.emit(b.event_id)
