"""Locking the controls that change data while the open database is read-only.

One rule for every view: each view lists its data-changing controls (`editors()`)
and `apply_read_only` locks them. Text boxes become read-only rather than disabled,
so their text can still be selected, scrolled and copied; anything with a
`set_read_only` of its own (a form, a brief panel, the timeline canvas) is asked to
lock itself the same way; every other control — a button, a combo, spin or date box,
a check box, or a bar holding several of them — is disabled. Disabling a bar rather
than each button keeps a button's own condition ("a row is selected") intact: it
counts again as soon as the bar is enabled. Unlocking reverses exactly that.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit, QWidget

TEXT_BOXES = (QLineEdit, QPlainTextEdit, QTextEdit)


def apply_read_only(widgets: Iterable[QWidget], read_only: bool) -> None:
    """Lock (`read_only`) or unlock every control in `widgets`."""
    for widget in widgets:
        lock = getattr(widget, "set_read_only", None)
        if callable(lock):
            lock(read_only)
        elif isinstance(widget, TEXT_BOXES):
            widget.setReadOnly(read_only)
        else:
            widget.setEnabled(not read_only)
