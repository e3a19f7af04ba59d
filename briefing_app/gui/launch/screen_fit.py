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
    """Shrink and move a window until its frame lies on the available screen: one
    restored from a larger screen, or one sized to the whole screen before its frame
    was known (the frame is measured once the window is shown)."""
    area = available(win)
    frame, inner = win.frameGeometry(), win.geometry()
    if area.contains(frame):
        return
    extra_w, extra_h = frame.width() - inner.width(), frame.height() - inner.height()
    w = min(inner.width(), area.width() - extra_w)
    h = min(inner.height(), area.height() - extra_h)
    win.resize(w, h)
    x = min(max(frame.x(), area.x()), area.x() + area.width() - (w + extra_w))
    y = min(max(frame.y(), area.y()), area.y() + area.height() - (h + extra_h))
    win.move(x, y)  # a top-level window's move places its frame


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
