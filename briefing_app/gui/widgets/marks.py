"""Marking a field the core (or a parser) refused: a red frame and the reason as its
tooltip, until the next good value. The value typed stays where it is."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

_STYLE = "border: 2px solid #c0392b; border-radius: 3px;"


def mark_invalid(widget: QWidget, reason: str) -> None:
    widget.setProperty("invalid", True)
    widget.setStyleSheet(_STYLE)
    widget.setToolTip(reason)
    widget.setAccessibleDescription(reason)


def clear_mark(widget: QWidget) -> None:
    if widget.property("invalid"):
        widget.setProperty("invalid", False)
        widget.setStyleSheet("")
        widget.setToolTip("")
        widget.setAccessibleDescription("")


def is_marked(widget: QWidget) -> bool:
    return bool(widget.property("invalid"))
