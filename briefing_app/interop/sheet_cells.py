"""Dates and times as protocol offices type them in a spreadsheet cell.

A cell may hold a real date or time (an .xlsx date cell, an Excel serial number) or
text: `2024-03-29`, `29.03.2024`, `29/03/2024` (day first, as outside the United
States), `29 Mar 2024`, `Sat 29 March`, `29 Mar` (the year that puts it inside the
visit); times `09:30`, `9.30`, `0930`, `9:30 pm`. A start or end cell may also hold
date and time together (`2024-03-29 09:30`). Anything else is refused with the value
quoted, never guessed. Never imports Qt.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from briefing_app.core.validation import shown

_MONTHS = {m: i for i, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
    ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
    ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
    ("dec", "december")), start=1) for m in names}
_WEEKDAY = re.compile(r"^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+", re.I)
_NUMERIC = re.compile(r"^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})$")
_NAMED = re.compile(r"^(\d{1,2})\.?\s+([a-z]+)\.?,?(?:\s+(\d{4}))?$", re.I)
_NAMED_US = re.compile(r"^([a-z]+)\.?\s+(\d{1,2}),?(?:\s+(\d{4}))?$", re.I)
_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$", re.I)
_HHMM = re.compile(r"^(\d{2})(\d{2})$")


class CellError(ValueError):
    """A cell that is not what its column needs; the text says why."""


def _excel_serial(value: float) -> datetime:
    if not 1 <= value < 2_958_466:  # 1900-01-01 .. 9999-12-31
        raise CellError(f"{shown(value)} is not a date")
    return datetime(1899, 12, 30) + timedelta(days=float(value))


def to_date(value: Any, within: tuple[date, date] | None = None) -> date:
    """A date from a cell; `within` (the visit's days) gives the year of '29 Mar'."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise CellError(f"{shown(value)} is not a date")
    if isinstance(value, int | float):
        return _excel_serial(value).date()
    if not isinstance(value, str) or not value.strip():
        raise CellError("a date is needed")
    text = _WEEKDAY.sub("", value.strip())
    try:
        m = _NUMERIC.match(text)
        if m:
            a, b, c = m.groups()
            if len(a) == 4:  # 2024-03-29
                return date(int(a), int(b), int(c))
            if len(c) == 4:  # 29.03.2024, 29/03/2024: day first
                return date(int(c), int(b), int(a))
            raise CellError(f"{shown(value)}: write the year with four digits")
        m = _NAMED.match(text)
        if m:
            day, month, year = int(m.group(1)), _month(m.group(2), value), m.group(3)
        else:
            m = _NAMED_US.match(text)
            if not m:
                raise CellError(f"{shown(value)} is not a date (write it as 2024-03-29 or "
                                "29.03.2024)")
            month, day, year = _month(m.group(1), value), int(m.group(2)), m.group(3)
        if year:
            return date(int(year), month, day)
        return _in_visit(month, day, within, value)
    except ValueError as exc:
        if isinstance(exc, CellError):
            raise
        raise CellError(f"{shown(value)} is not a date of the calendar") from None


def _month(name: str, value: str) -> int:
    month = _MONTHS.get(name.casefold())
    if month is None:
        raise CellError(f"{shown(value)}: {shown(name)} is not a month name")
    return month


def _in_visit(month: int, day: int, within: tuple[date, date] | None, value: str) -> date:
    """'29 Mar' without a year: the visit's year that holds it (else its first year)."""
    if within is None:
        raise CellError(f"{shown(value)}: the year is missing")
    for year in range(within[0].year, within[1].year + 1):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if within[0] <= found <= within[1]:
            return found
    return date(within[0].year, month, day)


def to_time(value: Any) -> time:
    """A wall-clock time from a cell."""
    if isinstance(value, datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, time):
        return value.replace(microsecond=0, tzinfo=None)
    if isinstance(value, bool):
        raise CellError(f"{shown(value)} is not a time")
    if isinstance(value, int | float):
        if not 0 <= value < 1:
            raise CellError(f"{shown(value)} is not a time of day")
        seconds = round(float(value) * 86_400)
        return time(min(seconds // 3600, 23), (seconds // 60) % 60)
    if not isinstance(value, str) or not value.strip():
        raise CellError("a time is needed")
    text = value.strip()
    m = _HHMM.match(text)
    hour, minute, second, half = ((m.group(1), m.group(2), None, None) if m else
                                  (_TIME.match(text) or _no_time(value)).groups())
    h, mi, s = int(hour), int(minute or 0), int(second or 0)
    if half:
        if not 1 <= h <= 12:
            raise CellError(f"{shown(value)} is not a time of day")
        h = h % 12 + (12 if half.lower().startswith("p") else 0)
    if h > 23 or mi > 59 or s > 59:
        raise CellError(f"{shown(value)} is not a time of day (00:00 to 23:59)")
    return time(h, mi, s)


def _no_time(value: str) -> Any:
    raise CellError(f"{shown(value)} is not a time (write it as 09:30)")


def to_datetime(value: Any, day: date | None, within: tuple[date, date] | None) -> datetime:
    """A wall-clock date and time from a start or end cell: a full date and time in the
    cell itself, else its time on `day` (the row's Date column)."""
    if isinstance(value, datetime):
        return value.replace(microsecond=0, tzinfo=None)
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 1:
        return _excel_serial(value).replace(second=0, microsecond=0)
    if isinstance(value, str) and value.strip():
        text = value.strip()
        if re.match(r"^\d{4}-\d\d-\d\dT", text):
            text = text.replace("T", " ", 1)
        head, _sep, tail = text.rpartition(" ")
        if head and re.search(r"\d[:.h]\d\d", tail):
            try:
                return datetime.combine(to_date(head, within), to_time(tail))
            except CellError:
                if day is None:
                    raise
    if day is None:
        if isinstance(value, str) and value.strip():
            raise CellError(f"{shown(value)} has no date: map a Date column or write "
                            "the date with the time (2024-03-29 09:30)")
        raise CellError("a date and time are needed")
    return datetime.combine(day, to_time(value))
