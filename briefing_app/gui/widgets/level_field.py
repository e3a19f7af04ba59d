"""A row's level in the window: the form's "Level" choice and the list's marker.

Which kinds carry a level is read from the core (models.LEVELLED through kinds.BY_MODEL),
so a kind that gains a level gains the field in its list's form without a change here.
The list marks only rows whose level differs from the visit's default: most rows sit at
the default, and a column repeating it on every row would be clutter; what staff must
spot is the row that fewer colleagues (or a wider audience) will see than usual.
"""

from __future__ import annotations

from typing import Any

from briefing_app.core import models as M
from briefing_app.core.enums import label
from briefing_app.core.kinds import BY_MODEL
from briefing_app.core.levels import LEVELS, RANK
from briefing_app.gui.widgets.record_form import Field
from briefing_app.gui.widgets.table_model import Column

# No Alt-key: every form has its own letters, and "Level" must not take one of them.
LEVEL_FIELD = Field("level", "Level", "choice", choices=LEVELS)
DEFAULT_LEVEL_FIELD = Field("default_level", "Default level of new items", "choice",
                            choices=LEVELS)
LEVELLED_KINDS: frozenset[str] = frozenset(BY_MODEL[m].name for m in M.LEVELLED)


def with_level(kind: str, fields: list[Field]) -> list[Field]:
    """`fields` and, for a kind with a level, the Level choice last (once)."""
    if kind not in LEVELLED_KINDS or any(f.name == "level" for f in fields):
        return fields
    return [*fields, LEVEL_FIELD]


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
