"""Which backups to keep: the last few, one a day for a week, one a week for weeks.

Kept apart from backup.py because it is pure arithmetic on dates, tested on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class RetentionPolicy:
    """Keep the newest `keep_last`, plus the newest backup of each of the last
    `daily_days` days and of each of the last `weekly_weeks` ISO weeks (UTC dates).
    Pinned (manual) backups are never removed."""

    keep_last: int = 8
    daily_days: int = 7
    weekly_weeks: int = 6


DEFAULT_RETENTION = RetentionPolicy()


def _week(d: date) -> tuple[int, int]:
    iso = d.isocalendar()
    return iso[0], iso[1]


def to_prune(backups: Sequence[tuple[datetime, bool]], policy: RetentionPolicy,
             now: datetime) -> list[int]:
    """Indices of `backups` (given as (created_at, pinned)) that the policy drops."""
    order = sorted(range(len(backups)), key=lambda i: backups[i][0], reverse=True)
    keep: set[int] = {i for i in order if backups[i][1]}
    keep.update([i for i in order if not backups[i][1]][: policy.keep_last])
    today = now.date()
    seen_days: set[date] = set()
    seen_weeks: set[tuple[int, int]] = set()
    oldest_week = today.toordinal() - 7 * policy.weekly_weeks
    for i in order:  # newest first: the first seen of a day/week is its newest
        day = backups[i][0].date()
        age = (today - day).days
        if 0 <= age < policy.daily_days and day not in seen_days:
            seen_days.add(day)
            keep.add(i)
        week = _week(day)
        if day.toordinal() > oldest_week and week not in seen_weeks:
            seen_weeks.add(week)
            keep.add(i)
    return sorted(set(range(len(backups))) - keep)
