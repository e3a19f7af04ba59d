"""Where the main window's docks go, and how that layout is kept between sessions.

The first frame shows only the navigator dock. A saved layout puts it in place through
`restoreState` (plain bytes, no Python enum involved); only the very first start, with
no saved layout, uses `addDockWidget`, which needs `Qt.DockWidgetArea` and so makes
PySide6 build the whole `Qt` namespace (~20 ms) before the first paint. The conflicts
and undo-history docks are created right after that paint, tabbed together at the
bottom, compact: one line when there is no conflict, growing to show up to four.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefing_app.gui.launch import settings

if TYPE_CHECKING:
    from briefing_app.gui.window.ports import LayoutPort

# Deferred imports: this module is loaded before the first paint (or while the database
# opens), so the core (SQLAlchemy), ReportLab and Qt enums load only when first used
# (benchmarks/startup.py).

# Bump when the set or the default places of the docks change: an older saved layout
# is then ignored (the window starts with the default one) instead of half-applied.
LAYOUT_VERSION = 2
NAVIGATOR_WIDTH = 260
MAX_CONFLICT_LINES = 4


def restore(win: LayoutPort) -> bool:
    """Put back the window's geometry and, if saved by this layout version, its docks."""
    geometry = settings.get(settings.WINDOW_GEOMETRY)
    if not geometry.isEmpty():
        win.restoreGeometry(geometry)
    if settings.get(settings.WINDOW_LAYOUT) != LAYOUT_VERSION:
        return False
    state = settings.get(settings.WINDOW_STATE)
    return not state.isEmpty() and win.restoreState(state, LAYOUT_VERSION)


def save(win: LayoutPort) -> None:
    settings.put(settings.WINDOW_GEOMETRY, win.saveGeometry())
    settings.put(settings.WINDOW_STATE, win.saveState(LAYOUT_VERSION))
    settings.put(settings.WINDOW_LAYOUT, LAYOUT_VERSION)


def place_navigator(win: LayoutPort) -> None:
    """Default place of the navigator: the left edge, full height."""
    from PySide6.QtCore import Qt

    win.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, win.nav_dock)


def add_bottom_docks(win: LayoutPort, restored: bool) -> None:
    """Create the conflicts and history docks (after the first paint) and place them
    where the saved layout had them, else tabbed at the bottom, conflicts in front."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDockWidget, QUndoView

    from briefing_app.gui.window.conflicts_panel import ConflictsPanel

    area = Qt.DockWidgetArea
    win.setCorner(Qt.Corner.BottomLeftCorner, area.LeftDockWidgetArea)
    win.conflicts = ConflictsPanel(win.state)
    win.history = QUndoView(win.state.undo_stack)
    win.history.setEmptyLabel("Opened")
    # Tabbed docks share one height, so the history must be able to shrink as far.
    win.history.setMinimumHeight(win.conflicts.minimumSizeHint().height())
    from briefing_app.gui.widgets import item_keys

    item_keys.install(win.history)  # Ctrl+C and a context menu copy the steps as text
    docks = []
    for title, name, widget in (("Conflicts", "conflictsDock", win.conflicts),
                                ("History", "historyDock", win.history)):
        dock = QDockWidget(title, win)
        dock.setObjectName(name)
        dock.setWidget(widget)
        docks.append(dock)
    win.conflicts_dock, win.history_dock = docks
    placed = [restored and win.restoreDockWidget(d) for d in docks]
    for dock, done in zip(docks, placed, strict=True):
        if not done:
            win.addDockWidget(area.BottomDockWidgetArea, dock)
    if not any(placed):
        win.tabifyDockWidget(win.conflicts_dock, win.history_dock)
        win.conflicts_dock.raise_()
    if not restored:
        win.resizeDocks([win.nav_dock], [NAVIGATOR_WIDTH], Qt.Orientation.Horizontal)
    win.conflict_lines = None if not restored else -1
    win.conflicts.count_changed.connect(win.conflict_count)
    for dock in (win.nav_dock, *docks):
        win.actions.view_menu.addAction(dock.toggleViewAction())


def fit_conflicts(win: LayoutPort, count: int) -> None:
    """Size the conflicts dock to its content when the number of lines it needs changes
    (one line for "No scheduling conflicts", up to four); a height the user set by hand
    stays until then, and a restored layout keeps its height at start-up."""
    from PySide6.QtCore import Qt

    dock = win.conflicts_dock
    lines = min(max(count, 1), MAX_CONFLICT_LINES)
    previous = win.conflict_lines
    win.conflict_lines = lines
    if dock is None or dock.isFloating() or previous == lines or previous == -1:
        return
    panel = win.conflicts
    # The dock's own title bar: measured once the dock is laid out, else estimated.
    title = max(dock.height() - panel.height(), panel.fontMetrics().height() + 6)
    height = title + lines * panel.line_height() + 2 * panel.frameWidth()
    win.resizeDocks([dock], [height], Qt.Orientation.Vertical)


def warning_icon(win: LayoutPort) -> Any:
    from PySide6.QtWidgets import QStyle

    return win.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


def set_read_only_banner(win: LayoutPort, reason: str) -> None:
    """Show (reason given) or hide the yellow bar above the views that says the database
    opened read-only; built the first time it is needed."""
    if win.banner is None:
        if not reason:
            return
        from PySide6.QtWidgets import QLabel

        win.banner = QLabel()
        win.banner.setObjectName("readOnlyBanner")
        win.banner.setWordWrap(True)
        win.banner.setStyleSheet("background: #fff3cd; color: #5c4500; padding: 7px 10px; "
                                 "border-bottom: 1px solid #e6cf7a;")
        win.central_layout.insertWidget(0, win.banner)
    import html

    win.banner.setText(f"<b>Read-only.</b> {html.escape(reason)}. You can read, search and "
                       "print; to edit, copy the file to a writable folder and open the copy.")
    win.banner.setVisible(bool(reason))
