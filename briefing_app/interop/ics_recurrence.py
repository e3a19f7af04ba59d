"""Expanding an RRULE within a window of dates, with a hard bound on the work done.

Written here rather than taken from dateutil because dateutil loops up to the year
9999 for a rule that can never match (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30 takes five
seconds, a SECONDLY one longer), and a hostile file can hold thousands of them. This
expander supports what programmes use — FREQ DAILY/WEEKLY/MONTHLY/YEARLY with
INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH, WKST — jumps straight to the
window when it can, stops at the window's end, and counts the periods it looks at.
Anything else is refused with a reason naming the part it does not expand.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

MAX_PERIODS = 50_000  # days, weeks, months or years looked at for one rule
MAX_FILE_PERIODS = 500_000  # ... for all the rules of one file together
MAX_OCCURRENCES = 1_000  # occurrences of one rule inside the window

_WEEKDAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_UNTIL = re.compile(r"^(\d{8})(?:T(\d{6})(Z?))?$")
_KNOWN = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "WKST"}
_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")


class RecurrenceError(ValueError):
    """The rule cannot be expanded; the message says why (shown to the user)."""


@dataclass
class Budget:
    """Periods left for every rule of one file: 5,000 events whose rules each look at
    50,000 days before the visit (COUNT forbids skipping them) would take minutes,
    although each alone is bounded. The work of a whole file is bounded instead."""

    left: int = MAX_FILE_PERIODS


@dataclass(frozen=True)
class Rule:
    freq: str
    interval: int = 1
    count: int | None = None
    until: datetime | date | None = None  # aware (UTC), naive local, or a date
    by_day: tuple[tuple[int, int], ...] = ()  # (ordinal or 0, weekday)
    by_month_day: tuple[int, ...] = ()
    by_month: tuple[int, ...] = ()
    week_start: int = 0


def _ints(name: str, text: str, lo: int, hi: int, signed: bool = False) -> tuple[int, ...]:
    """A comma-separated list of whole numbers within [lo, hi] (or ±[lo, hi] when signed).

    A number is checked for its digits first and for its range second, so a large
    COUNT gets "out of range", not "not a list of numbers"; a number with far more
    digits than the bound is refused without being converted.
    """
    out = []
    for part in text.split(","):
        if not re.fullmatch(r"[+-]?\d+", part):
            raise RecurrenceError(f"{name}={text[:40]} is not a list of numbers")
        digits = part.lstrip("+-").lstrip("0") or "0"
        value = int(part) if len(digits) <= len(str(hi)) else None
        in_range = value is not None and (
            lo <= abs(value) <= hi and value != 0 if signed else lo <= value <= hi)
        if not in_range:
            bounds = f"±{lo}–{hi}" if signed else f"{lo}–{hi:,}"
            shown = part if len(part) <= 20 else part[:20] + "…"
            raise RecurrenceError(f"{name} value {shown} is out of range ({bounds})")
        out.append(value)
    return tuple(out)


def parse_rule(text: str) -> Rule:
    """Parse the value of an RRULE property ('FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4')."""
    if len(text) > 1_000:
        raise RecurrenceError("the rule is too long")
    parts: dict[str, str] = {}
    for item in text.strip().split(";"):
        if not item:
            continue
        key, sep, value = item.partition("=")
        key = key.strip().upper()
        if not sep or not value:
            raise RecurrenceError(f"{item[:40]!r} is not NAME=VALUE")
        if key in parts:
            raise RecurrenceError(f"{key} appears twice")
        parts[key] = value.strip().upper()
    unknown = sorted(set(parts) - _KNOWN)
    if unknown:
        raise RecurrenceError(f"{', '.join(unknown)} is not supported by this app's expander")
    freq = parts.get("FREQ")
    if freq not in _FREQS:
        raise RecurrenceError(f"FREQ={freq or ''} is not supported (use DAILY, WEEKLY, MONTHLY or YEARLY)")
    if "COUNT" in parts and "UNTIL" in parts:
        raise RecurrenceError("COUNT and UNTIL cannot both be given")
    by_day = []
    for item in parts.get("BYDAY", "").split(",") if "BYDAY" in parts else ():
        m = _BYDAY.match(item)
        if not m:
            raise RecurrenceError(f"BYDAY value {item[:20]!r} is not a weekday")
        ordinal = int(m.group(1)) if m.group(1) else 0
        if ordinal and (freq not in ("MONTHLY", "YEARLY") or abs(ordinal) > 5):
            raise RecurrenceError(f"BYDAY={item} is not supported with FREQ={freq}")
        by_day.append((ordinal, _WEEKDAYS[m.group(2)]))
    rule = Rule(
        freq=freq,
        interval=_ints("INTERVAL", parts["INTERVAL"], 1, 10_000)[0] if "INTERVAL" in parts else 1,
        count=_ints("COUNT", parts["COUNT"], 1, 100_000)[0] if "COUNT" in parts else None,
        until=_until(parts["UNTIL"]) if "UNTIL" in parts else None,
        by_day=tuple(by_day),
        by_month_day=_ints("BYMONTHDAY", parts["BYMONTHDAY"], 1, 31, signed=True)
        if "BYMONTHDAY" in parts else (),
        by_month=_ints("BYMONTH", parts["BYMONTH"], 1, 12) if "BYMONTH" in parts else (),
        week_start=_WEEKDAYS.get(parts.get("WKST", "MO"), -1),
    )
    if rule.week_start < 0:
        raise RecurrenceError(f"WKST={parts['WKST'][:10]} is not a weekday")
    if rule.by_month_day and freq == "WEEKLY":
        raise RecurrenceError("BYMONTHDAY cannot be used with FREQ=WEEKLY")
    if freq == "YEARLY" and rule.by_day and not rule.by_month:
        raise RecurrenceError("FREQ=YEARLY with BYDAY needs BYMONTH in this app")
    return rule


def _until(text: str) -> datetime | date:
    m = _UNTIL.match(text)
    if not m:
        raise RecurrenceError(f"UNTIL={text[:30]} is not a date or date-time")
    try:
        day = datetime.strptime(m.group(1), "%Y%m%d").date()
        if m.group(2) is None:
            return day
        clock = datetime.strptime(m.group(2), "%H%M%S").time()
    except ValueError:
        raise RecurrenceError(f"UNTIL={text[:30]} is not a valid date") from None
    return datetime.combine(day, clock, UTC if m.group(3) else None)


def _month_days(year: int, month: int, rule: Rule, default_day: int) -> list[int]:
    last = calendar.monthrange(year, month)[1]
    days: set[int] | None = None
    if rule.by_month_day:
        days = {d if d > 0 else last + 1 + d for d in rule.by_month_day}
        days = {d for d in days if 1 <= d <= last}
    if rule.by_day:
        hits: set[int] = set()
        for ordinal, weekday in rule.by_day:
            matching = [d for d in range(1, last + 1) if date(year, month, d).weekday() == weekday]
            if ordinal == 0:
                hits.update(matching)
            elif abs(ordinal) <= len(matching):
                hits.add(matching[ordinal - 1 if ordinal > 0 else ordinal])
        days = hits if days is None else days & hits
    if days is None:
        days = {default_day} if default_day <= last else set()
    return sorted(days)


def _period_dates(rule: Rule, index: int, first: date) -> list[date]:
    """Candidate dates of period number `index` (0 = the period holding `first`)."""
    step = index * rule.interval
    if rule.freq == "DAILY":
        d = first + timedelta(days=step)
        ok = (not rule.by_month or d.month in rule.by_month) and (
            not rule.by_day or d.weekday() in {w for _, w in rule.by_day}) and (
            not rule.by_month_day or _month_days(d.year, d.month, rule, 0).count(d.day))
        return [d] if ok else []
    if rule.freq == "WEEKLY":
        week0 = first - timedelta(days=(first.weekday() - rule.week_start) % 7)
        start = week0 + timedelta(weeks=step)
        wanted = {w for _, w in rule.by_day} or {first.weekday()}
        days = [start + timedelta(days=i) for i in range(7)]
        return [d for d in days if d.weekday() in wanted
                and (not rule.by_month or d.month in rule.by_month)]
    if rule.freq == "MONTHLY":
        months = first.year * 12 + first.month - 1 + step
        year, month = divmod(months, 12)
        month += 1
        if rule.by_month and month not in rule.by_month:
            return []
        return [date(year, month, d) for d in _month_days(year, month, rule, first.day)]
    year = first.year + step
    out: list[date] = []
    for month in rule.by_month or (first.month,):
        out += [date(year, month, d) for d in _month_days(year, month, rule, first.day)]
    return out


def _first_useful_period(rule: Rule, first: date, window_start: date) -> int:
    """Skip periods wholly before the window (only when COUNT does not need them)."""
    if rule.count is not None or window_start <= first:
        return 0
    gap_days = (window_start - first).days
    unit = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 31, "YEARLY": 366}[rule.freq]  # never overshoot
    return max(0, gap_days // (unit * rule.interval) - 2)


def expand(rule: Rule, start: datetime, window: tuple[date, date],
           until_local: datetime | date | None = None, budget: Budget | None = None) -> list[datetime]:
    """Wall-clock occurrences (naive, in the event's zone) whose date lies in `window`.

    `start` is DTSTART as naive wall-clock time; it is always the first occurrence.
    `until_local` is UNTIL already converted to that wall clock (or a date). `budget`
    is shared by the rules of one file and spent one period at a time.
    """
    try:
        return _expand(rule, start, window, until_local, budget or Budget())
    except (OverflowError, ValueError) as exc:
        if isinstance(exc, RecurrenceError):
            raise
        raise RecurrenceError("the rule runs past the last date this app handles") from None


def _expand(rule: Rule, start: datetime, window: tuple[date, date],
            until_local: datetime | date | None, budget: Budget) -> list[datetime]:
    window_start, window_end = window
    limit = until_local if until_local is not None else rule.until
    if isinstance(limit, datetime) and limit.tzinfo is not None:
        raise RecurrenceError("UNTIL in UTC must be converted to local time first")
    if limit is not None and not isinstance(limit, datetime):
        limit = datetime.combine(limit, time.max)
    out: list[datetime] = []
    count = 0

    def take(moment: datetime) -> bool:
        """Record one occurrence; False once the rule is exhausted."""
        nonlocal count
        if limit is not None and moment > limit:
            return False
        count += 1
        if rule.count is not None and count > rule.count:
            return False
        if window_start <= moment.date() <= window_end:
            out.append(moment)
            if len(out) > MAX_OCCURRENCES:
                raise RecurrenceError(f"more than {MAX_OCCURRENCES} occurrences in the visit")
        return True

    if not take(start):
        return out
    first_index = _first_useful_period(rule, start.date(), window_start)
    for looked, index in enumerate(_periods(first_index)):
        if looked >= MAX_PERIODS:
            raise RecurrenceError("the rule repeats too long before the visit to expand")
        budget.left -= 1
        if budget.left < 0:
            raise RecurrenceError(f"the file's recurrences together need more than "
                                  f"{MAX_FILE_PERIODS:,} steps to expand (this app's limit)")
        if _period_start(rule, index, start.date()) > window_end:
            break
        for d in _period_dates(rule, index, start.date()):
            moment = datetime.combine(d, start.time())
            if moment <= start:
                continue
            if not take(moment):
                return out
    return out


def _periods(first: int) -> Iterator[int]:
    index = first
    while True:
        yield index
        index += 1


def _period_start(rule: Rule, index: int, first: date) -> date:
    step = index * rule.interval
    if rule.freq == "DAILY":
        return first + timedelta(days=step)
    if rule.freq == "WEEKLY":
        return first - timedelta(days=(first.weekday() - rule.week_start) % 7) + timedelta(weeks=step)
    if rule.freq == "MONTHLY":
        year, month = divmod(first.year * 12 + first.month - 1 + step, 12)
        return date(year, month + 1, 1) if year <= 9999 else date.max
    return date(first.year + step, 1, 1) if first.year + step <= 9999 else date.max
