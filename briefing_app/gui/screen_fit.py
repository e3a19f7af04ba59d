"""Windows and dialogs sized to the screen they open on (QScreen.availableGeometry):
a 1366×768 laptop, or one at 150 % scaling, gets everything on screen, never a fixed
size that runs off its bottom edge."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

MAIN_WINDOW = QSize(1440, 880)  # what a large screen gets on first start


def available(widget: QWidget | None = None) -> QRect:
    """The screen area free of panels and docks, of the widget's screen if it has one."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_size(wanted: QSize, area: QRect, margin: int = 0) -> QSize:
    """`wanted`, made no larger than the area less a margin on each side."""
    return QSize(min(wanted.width(), area.width() - 2 * margin),
                 min(wanted.height(), area.height() - 2 * margin))


def fit_main_window(win: QWidget) -> None:
    """First start: 1440×880 where that fits, else the whole available screen."""
    area = available(win)
    size = fit_size(MAIN_WINDOW, area)
    win.resize(size)
    win.move(area.x() + (area.width() - size.width()) // 2,
             area.y() + (area.height() - size.height()) // 2)


def keep_on_screen(win: QWidget) -> None:
    """A window restored from another (larger) screen is shrunk and moved back on."""
    area = available(win)
    frame = win.frameGeometry()
    if area.contains(frame):
        return
    size = fit_size(win.size(), area)
    win.resize(size)
    x = min(max(frame.x(), area.x()), area.right() - size.width() + 1)
    y = min(max(frame.y(), area.y()), area.bottom() - size.height() + 1)
    win.move(x, y)


def fit_dialog(dlg: QWidget, wanted: QSize | None = None) -> None:
    """A dialog at its preferred size, but never taller or wider than the screen
    (its long parts scroll instead) and placed wholly on it."""
    area = available(dlg.parentWidget() or dlg)
    want = wanted or dlg.sizeHint()
    size = fit_size(want.expandedTo(dlg.minimumSizeHint()), area, margin=8)
    dlg.resize(size)
    dlg.setMaximumSize(QSize(area.width(), area.height()))
    parent = dlg.parentWidget()
    centre = parent.frameGeometry().center() if parent is not None else area.center()
    x = min(max(centre.x() - size.width() // 2, area.x()), area.right() - size.width())
    y = min(max(centre.y() - size.height() // 2, area.y()), area.bottom() - size.height())
    dlg.move(x, y)
