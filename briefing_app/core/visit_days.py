"""Day N of a visit: one count for the window, the printed editions and the CLI.

Day 1 is the visit's first day (its start date), whether or not anything is scheduled
on it, so "Day 2" names the same date on screen and on paper. A date before the visit
starts (an advance team's flight) has no day number.
"""

from __future__ import annotations

from datetime import date


def day_number(first_day: date, day: date) -> int | None:
    """1 for the visit's first day, 2 for the next…; None before the visit starts."""
    n = (day - first_day).days + 1
    return n if n >= 1 else None
