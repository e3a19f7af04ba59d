"""The order of precedence: who ranks before whom on one side of a visit.

A side's list is ranked by hand (drag to reorder sets ranks 1, 2, 3 …); equal ranks are
ties, and the rule breaks them as protocol offices do: the higher office first (office
rank 1 is the highest), then the earlier date of appointment, then the people list's
own order. People with no entry yet come after everyone ranked, in list order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

_LATEST = date.max
# The order the sides are listed in at an event: our delegation, the counterpart, others.
SIDE_ORDER = {"our delegation": 0, "counterpart": 1}


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


def event_order(participants: Sequence[tuple[int, str]], sides: Mapping[int, str],
                entries: Mapping[int, Any]) -> list[tuple[int, str]]:
    """An event's (person id, role) pairs as the programme and the briefs list them: our
    delegation, then the counterpart, then the others; each side in precedence order,
    its unranked people after the ranked ones in the order the user gave them (with no
    precedence set, that order is kept)."""
    keyed = sorted(enumerate(participants), key=lambda ip: (
        SIDE_ORDER.get(str(sides.get(ip[1][0], "")), 2),
        precedence_key(entries.get(ip[1][0]), ip[0])))
    return [p for _i, p in keyed]
