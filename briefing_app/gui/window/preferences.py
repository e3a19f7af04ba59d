"""What the preferences do to the open window, and the window's memory of its last view.

Most preferences are read where they are used (a new visit's home zone and marking,
the export dialog's paper). Those that change what is already on screen are applied
here: `APPLY` maps a preference's key to the function that applies its value; the
dialog calls it on OK and `apply_at_start` when the app starts. A new preference is one
`settings.Preference` declaration, plus an entry here only if it acts at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication

from briefing_app.gui.launch import settings
from briefing_app.gui.views import VIEW_KEYS

if TYPE_CHECKING:
    from briefing_app.gui.window.ports import WindowPort

_SYSTEM_POINT_SIZE: list[float] = []  # the font size before the preference changed it


def apply_text_size(size: int) -> None:
    """Every window's text at `size` points (0: as the system sets it)."""
    app = QApplication.instance()
    if app is None:
        return
    font = app.font()
    if not _SYSTEM_POINT_SIZE:
        _SYSTEM_POINT_SIZE.append(font.pointSizeF())
    wanted = float(size) if size > 0 else _SYSTEM_POINT_SIZE[0]
    if wanted > 0 and font.pointSizeF() != wanted:
        font.setPointSizeF(wanted)
        app.setFont(font)


def apply_idle_lock(minutes: int) -> None:
    """Every open window's idle lock restarts with the new time."""
    for widget in QApplication.topLevelWidgets():
        lock = getattr(widget, "idle_lock", None)
        if lock is not None:
            lock.set_minutes(minutes)


APPLY: dict[str, Callable[[Any], None]] = {
    settings.TEXT_SIZE.key: apply_text_size,
    settings.IDLE_LOCK_MINUTES.key: apply_idle_lock,
}


def apply_at_start() -> None:
    """Apply the preferences that act on the window (called once the app exists)."""
    for pref in settings.PREFERENCES:
        if pref.key in APPLY and settings.get(pref) != pref.default:
            APPLY[pref.key](settings.get(pref))


def restore_last_view(win: WindowPort) -> str:
    """Show the view the window was closing on last time (the programme if unknown)."""
    key = settings.get(settings.LAST_VIEW)
    if key in VIEW_KEYS and key != win.current_key():
        win.switch_to(key)
    return win.current_key()
