"""A row's level in the window: the form's "Level" choice and the list's marker.

Which kinds carry a level is read from the core (models.LEVELLED through kinds.BY_MODEL),
so a kind that gains a level gains the field in its list's form without a change here.
The list marks only rows whose level differs from the visit's default: most rows sit at
the default, and a marker repeating it on every row would be clutter; what staff must
spot is the row that fewer colleagues (or a wider audience) will see than usual. The
mark is a small coloured dot before the row's first cell (the last column, "Level",
says it in words and sorts by it, but sits off screen in a wide list).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from briefing_app.core import models as M
from briefing_app.core.enums import label
from briefing_app.core.kinds import BY_MODEL
from briefing_app.core.levels import LEVELS, RANK, lowest
from briefing_app.gui.widgets.record_form import Field
from briefing_app.gui.widgets.table_model import Column

# No Alt-key: every form has its own letters, and "Level" must not take one of them.
LEVEL_FIELD = Field("level", "Level", "choice", choices=LEVELS)
DEFAULT_LEVEL_FIELD = Field("default_level", "Default level of new items", "choice",
                            choices=LEVELS)
LEVELLED_KINDS: frozenset[str] = frozenset(BY_MODEL[m].name for m in M.LEVELLED)


def with_level(kind: str, fields: list[Field]) -> list[Field]:
    """`fields` and, for a kind with a level, the Level choice last (once): after the
    fields one types in order (name, Tab, transliteration…), which it must not split;
    the list's dot and Level column show it without scrolling to it."""
    if kind not in LEVELLED_KINDS or any(f.name == "level" for f in fields):
        return fields
    return [*fields, LEVEL_FIELD]


def below_floor(kind: str, record: Any, changes: dict[str, Any]) -> str | None:
    """Why `changes` ask for a level the row cannot have (None: they do not)."""
    if "level" not in changes:
        return None
    restricted = changes.get("restricted", getattr(record, "restricted", False))
    floor = lowest(kind, {"restricted": restricted})
    if _rank(changes["level"]) >= _rank(floor):
        return None
    return (f"a talking point marked restricted is never below {label(floor)} "
            "(untick Restricted first)")


def _rank(level: Any) -> int:
    return RANK.get(str(level or "public"), 0)


def level_mark(record: Any, default: Any) -> str:
    """"" at the visit's default; else the level's label, with ▲ above the default
    (fewer people may read it) and ▼ below it (more may)."""
    level = getattr(record, "level", None)
    if level is None or default is None or str(level) == str(default):
        return ""
    arrow = "▲" if _rank(level) > _rank(default) else "▼"
    return f"{arrow} {label(str(level))}"


def level_tip(record: Any, default: Any) -> str:
    """The marker's tooltip: what the level means next to the visit's default."""
    mark = level_mark(record, default)
    if not mark:
        return f"At the visit's default level ({label(str(default or 'public'))})"
    level = label(str(record.level))
    side = "above" if mark.startswith("▲") else "below"
    return (f"Level {level}: {side} the visit's default ({label(str(default))}); only "
            f"users cleared for {level} or higher read it")


def level_column(default: Any) -> Column:
    """The list's "Level" column: `default()` gives the visit's default level now."""
    return Column("Level", lambda r: level_mark(r, default()),
                  tooltip=lambda r: level_tip(r, default()),
                  sort=lambda r: _rank(getattr(r, "level", None)))


# Above the default: amber, then red; below it: a hollow grey ring (more may read it).
_COLOURS = {"press": "#2f6fb0", "restricted": "#c77700", "confidential": "#b03020"}


@cache
def _dot(level: str, above: bool) -> QIcon:
    """A small round mark (built once per level; needs the QApplication)."""
    size = 12
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(_COLOURS.get(level, "#5f6670") if above else "#5f6670")
    painter.setPen(QPen(colour, 1.6))
    if above:
        painter.setBrush(colour)
    painter.drawEllipse(2, 2, size - 4, size - 4)
    painter.end()
    return QIcon(pixmap)


def dot(level: str, above: bool) -> QIcon:
    """The mark of a row at `level`, above or below its visit's default (the programme's
    rows carry these two, not the record)."""
    return _dot(level, above)


def level_icon(record: Any, default: Any) -> QIcon | None:
    """The dot for a row off the visit's default (None at the default)."""
    mark = level_mark(record, default)
    return _dot(str(record.level), mark.startswith("▲")) if mark else None


def marked(column: Column, default: Any) -> Column:
    """`column` (the list's first) with the level dot and, on it, what the level means."""
    def icon(r: Any) -> Any:
        return level_icon(r, default()) or (column.icon(r) if column.icon else None)

    def tooltip(r: Any) -> str:
        own = column.tooltip(r) if column.tooltip else column.text(r)
        if not level_mark(r, default()):
            return own
        return f"{own}\n{level_tip(r, default())}" if own else level_tip(r, default())

    return replace(column, icon=icon, tooltip=tooltip)
