"""Qt model of the programme: day header rows spanning the table, then the events.

A QAbstractTableModel over the programme's display rows (plain tuples from
gui/views/programme_rows.py), handed to the view in batches (`canFetchMore`/`fetchMore`):
a 5,000-event visit is 5,000 tuples and nothing else until rows are scrolled into view,
where an item per cell was 35,000 QStandardItems and ~100,000 Python→C++ calls before
the first paint. `data()` answers for the cells being painted only.

This model is painted before PySide6 has built the ~90 enum classes of the `Qt`
namespace (~20 ms, on first use; see gui/launch/app.py), so nothing it runs then may touch
one: roles are plain ints (Qt::DisplayRole = 0 ... Qt::UserRole = 256), colours are
returned as QColor (the delegate makes the brush), and there is no Python
`headerData` (its `Qt.Orientation` argument would build the namespace): the column
titles come from a small QStandardItemModel set on the header (`header_model`).
Nor is there a Python `flags()` (it must return a `Qt.ItemFlag`): the view steps over
day rows when one becomes current instead of the model making them unselectable.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex
from PySide6.QtGui import QColor, QFont, QStandardItemModel

from briefing_app.gui.views.programme_rows import COLUMNS, ProgrammeLine, ProgrammeRows

# Deferred imports: this model is painted before the core (SQLAlchemy) and Qt's enums
# are loaded; the level marks need both, and only once live data is shown.
DISPLAY_ROLE, DECORATION_ROLE, TOOLTIP_ROLE = 0, 1, 3  # Qt::DisplayRole, ...
FONT_ROLE, BACKGROUND_ROLE, FOREGROUND_ROLE = 6, 8, 9  # Qt::FontRole, ...
EVENT_ID_ROLE = 257  # Qt::UserRole + 1
DAY_BG = QColor("#e8edf4")
WARN_BG = QColor("#fde2c8")
MUTED = QColor("#8a8f98")
BATCH = 200  # rows handed to the view at a time: a few screens' worth
_ROOT = QModelIndex()


class ProgrammeModel(QAbstractTableModel):
    """The programme's rows; only the first `rowCount()` of `rows` are in the view yet."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows = ProgrammeRows()
        self._shown = 0  # rows handed to the view so far (see fetchMore)
        self.warn_icon: Any = None  # set after the first paint (QStyle is not loaded before)
        self.header_model = QStandardItemModel(0, len(COLUMNS))
        self.header_model.setHorizontalHeaderLabels(list(COLUMNS))
        self._bold = QFont()
        self._bold.setBold(True)
        self._struck = QFont()
        self._struck.setStrikeOut(True)

    # --- filling --------------------------------------------------------------------

    def set_rows(self, rows: Iterable[ProgrammeLine]) -> None:
        """New rows; the view gets the first batch now, the rest as it scrolls. Rows of a
        `ProgrammeRows` are formatted only when read: when painted (`data`)."""
        self.beginResetModel()
        self.rows = rows if isinstance(rows, ProgrammeRows) else ProgrammeRows(rows=rows)
        self._shown = min(BATCH, len(self.rows))
        self.endResetModel()

    def canFetchMore(self, parent: Any = _ROOT) -> bool:  # noqa: B008
        return not parent.isValid() and self._shown < len(self.rows)

    def fetchMore(self, parent: Any = _ROOT) -> None:  # noqa: B008
        if parent.isValid():
            return
        self.fetch_to(self._shown + BATCH - 1)

    def fetch_to(self, row: int) -> None:
        """Hand the view every row up to `row` (selecting an event further down)."""
        last = min(row, len(self.rows) - 1)
        if last < self._shown:
            return
        self.beginInsertRows(_ROOT, self._shown, last)
        self._shown = last + 1
        self.endInsertRows()

    def set_warn_icon(self, icon: Any) -> None:
        """Mark conflicting events with the warning icon (once QStyle is loaded)."""
        self.warn_icon = icon
        if self._shown:
            self.dataChanged.emit(self.index(0, 2), self.index(self._shown - 1, 2))

    # --- reading --------------------------------------------------------------------

    def row_of_event(self, event_id: int) -> int:
        return self.rows.row_of_event(event_id)

    def _level_mark(self, r: ProgrammeLine, role: int) -> Any:
        """An event off the visit's default level: the lists' dot before its first cell
        and, on it, what that means (the quick programme of start-up has no levels, so
        this runs only once the live data and Qt's namespace are loaded)."""
        from briefing_app.core.enums import label
        from briefing_app.gui.widgets.level_field import dot

        if role == DECORATION_ROLE:
            return dot(r.level, r.above)
        side = "above" if r.above else "below"
        who = "only users cleared for it or higher" if r.above else "more users"
        return f"Level {label(r.level)}: {side} the visit's default; {who} read this event"

    def rowCount(self, parent: Any = _ROOT) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Any = _ROOT) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Any, role: int = DISPLAY_ROLE) -> Any:
        row = index.row()
        if not 0 <= row < self._shown:
            return None
        r = self.rows[row]
        col = index.column()
        if role == DISPLAY_ROLE:
            return r.cells[col] if col < len(r.cells) else ""
        if role == EVENT_ID_ROLE:
            return r.event_id
        if r.is_day:
            if role == FONT_ROLE:
                return self._bold
            if role == BACKGROUND_ROLE:
                return DAY_BG
            return None
        if col == 0 and r.level and role in (DECORATION_ROLE, TOOLTIP_ROLE):
            return self._level_mark(r, role)
        if role == TOOLTIP_ROLE:
            return r.tooltip or (r.cells[col] if col < len(r.cells) else "")
        if r.cancelled:
            if role == FOREGROUND_ROLE:
                return MUTED
            if role == FONT_ROLE and col == 2:
                return self._struck
            return None
        if r.conflict:
            if role == BACKGROUND_ROLE:
                return WARN_BG
            if role == DECORATION_ROLE and col == 2:
                return self.warn_icon
        return None
