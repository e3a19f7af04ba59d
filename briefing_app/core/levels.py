"""Who may see what: the ordered levels, declared once.

Every item row carries a `level` (public < press < restricted < confidential); a visit
gives new items its `default_level`; a user has a clearance per visit (the
`clearances` table). On the team server PostgreSQL enforces "level ≤ clearance, and ≤
the edition's cap" with row-level security (core/server_policies.py); the app applies
the same cap to the pack data it prints (pdf/editions.py). `Visit.classification` is
something else: the visit's printed marking.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from briefing_app.core.enums import Level
from briefing_app.core.errors import ValidationError

LEVELS: tuple[str, ...] = tuple(m.value for m in Level)
RANK: dict[str, int] = {name: i for i, name in enumerate(LEVELS)}
# A row that at least this level hides from the press (a talking point marked restricted
# is never below it).
RESTRICTED = Level.RESTRICTED


def rank(level: str) -> int:
    """The level's place in the order (0 = public); an unknown level is refused."""
    try:
        return RANK[str(level)]
    except KeyError:
        raise ValidationError("level", f"unknown level {level!r} (one of "
                              f"{', '.join(LEVELS)})") from None


def within(level: str | None, cap: str | None) -> bool:
    """Whether a row at `level` may be shown under `cap` (None: no cap)."""
    return cap is None or rank(level or Level.PUBLIC) <= rank(cap)


def at_least(level: str | None, floor: str) -> str:
    """`level`, raised to `floor` if it is below it."""
    return floor if rank(level or Level.PUBLIC) < rank(floor) else str(level)


def lowest(kind: str, values: Mapping[str, Any]) -> str:
    """The lowest level a row of `kind` with these values keeps: a talking point marked
    restricted is never below restricted (models._restricted_point raises it), so a
    form asking for less can say why instead of saving a change that does nothing."""
    if kind == "talking_point" and values.get("restricted"):
        return RESTRICTED.value
    return Level.PUBLIC.value
