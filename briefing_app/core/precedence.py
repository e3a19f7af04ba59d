"""The order of precedence: who ranks before whom on one side of a visit.

A side's list is ranked by hand (drag to reorder sets ranks 1, 2, 3 …); equal ranks are
ties, and the rule breaks them as protocol offices do: the higher office first (office
rank 1 is the highest), then the earlier date of appointment, then the people list's
own order. People with no entry yet come after everyone ranked, in list order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

_LATEST = date.max


def precedence_key(entry: Any | None, list_position: int) -> tuple:
    """Sort key of one person: `entry` is their PrecedenceRecord (None: unranked)."""
    if entry is None:
        return (1, 0, 0, _LATEST, list_position)
    return (0, entry.rank, entry.office_rank, entry.appointed_on or _LATEST, list_position)


def in_precedence(people: Iterable[Any], entries: Mapping[int, Any]) -> list[Any]:
    """`people` (in the people list's order) sorted by precedence; `entries` maps a
    person's id to their PrecedenceRecord."""
    listed = list(people)
    return [p for _k, p in sorted(
        ((precedence_key(entries.get(p.id), i), p) for i, p in enumerate(listed)),
        key=lambda kp: kp[0])]
