"""Where a new event goes by default: the first free hour of a visit day, in the zone
it will be held in, from 09:00 on (the next day's morning when that day is full)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from briefing_app.core.enums import EventStatus
from briefing_app.core.timezones import in_zone

DAY_STARTS = time(9, 0)
DAY_ENDS = time(21, 0)
STEP = timedelta(minutes=5)


def next_free_slot(events: Iterable[Any], first_day: date, last_day: date, tz: str,
                   length: timedelta = timedelta(hours=1)) -> datetime:
    """A naive wall-clock start in `tz`: the earliest start, from 09:00 on a visit day,
    at which `length` overlaps no event that is not cancelled (times read in `tz`).
    Falls back to 09:00 on the first day when every day is full."""
    spans = sorted(
        (in_zone(e.starts_at, tz).replace(tzinfo=None), in_zone(e.ends_at, tz).replace(tzinfo=None))
        for e in events if getattr(e, "status", "") != EventStatus.CANCELLED)
    day = first_day
    while day <= last_day:
        start = datetime.combine(day, DAY_STARTS)
        latest = datetime.combine(day, DAY_ENDS)
        for s, e in spans:
            if e <= start or s >= start + length:
                continue
            start = _round_up(e)
        if start + length <= latest:
            return start
        day += timedelta(days=1)
    return datetime.combine(first_day, DAY_STARTS)


def _round_up(moment: datetime) -> datetime:
    """To the next 5-minute mark (an event ending 10:52 frees the slot at 10:55)."""
    extra = (moment.minute % 5) * 60 + moment.second
    return moment if not extra else moment + timedelta(seconds=300 - extra)
