"""Dates as people type them, shown one way app-wide (the locale's order of day and
month, the year in full, the month by name so 03/04 is never misread).

Typed: 29.03.2024, 29/03/2024, 29-03-2024, 2024-03-29, 29 Mar, 29 March 2024, Mar 29,
29.03 (no year: the reference year, e.g. the visit's). Numeric day/month order is
day first, as everywhere but the US; ISO (year first) is always year-month-day.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, QLocale

from briefing_app.core.validation import MAX_YEAR, MIN_YEAR

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_ISO = re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[-./](\d{1,2})(?:[-./](\d{2}|\d{4}))?\.?$")
_DAY_NAME = re.compile(r"^(\d{1,2})\.?\s+([^\W\d_]+)\.?,?(?:\s+(\d{4}))?$")
_NAME_DAY = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?(?:\s+(\d{4}))?$")
_WEEKDAY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)


class DateParseError(ValueError):
    """A typed date that is not one; the message says what was typed and what works."""


def _month(name: str, names: dict[str, int] | None = None) -> int:
    folded = name.casefold().rstrip(".")
    if names and folded in names:  # the locale's own names ("sept", "März")
        return names[folded]
    key = folded[:3]
    if key not in _MONTHS or not folded.startswith(key):
        raise DateParseError(f"“{name}” is not a month name")
    return _MONTHS[key]


def locale_months() -> dict[str, int]:
    """The locale's month names, long and short, folded: what the display format shows
    must read back in any language."""
    loc = QLocale()
    out: dict[str, int] = {}
    for i in range(1, 13):
        for fmt in (QLocale.FormatType.LongFormat, QLocale.FormatType.ShortFormat):
            for name in (loc.monthName(i, fmt), loc.standaloneMonthName(i, fmt)):
                out[name.casefold().rstrip(".")] = i
    return out


def _year(text: str | None, default: int) -> int:
    if not text:
        return default
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def parse_date(text: str, default_year: int | None = None,
               months: dict[str, int] | None = None) -> date:
    """The date typed, or DateParseError saying why not. `months`: more month names
    (the locale's, see `locale_months`) besides the English ones."""
    raw = " ".join(text.split())
    s = _WEEKDAY.sub("", raw)
    year = default_year or date.today().year
    try:
        if m := _ISO.match(s):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY.match(s):
            return date(_year(m[3], year), int(m[2]), int(m[1]))
        if m := _DAY_NAME.match(s):
            return date(_year(m[3], year), _month(m[2], months), int(m[1]))
        if m := _NAME_DAY.match(s):
            return date(_year(m[3], year), _month(m[1], months), int(m[2]))
    except ValueError as exc:
        if isinstance(exc, DateParseError):
            raise
        raise DateParseError(f"“{raw}” is not a date in the calendar ({exc})") from None
    raise DateParseError(f"“{raw}” is not a date: type it as 29.03.2024, 29/03/2024, "
                         "2024-03-29 or 29 Mar")


def display_format() -> str:
    """The app's date format for Qt (QDate.toString): the locale's order of day, month
    and year, with the month as a short name and the year in full."""
    short = QLocale().dateFormat(QLocale.FormatType.ShortFormat)
    order = sorted((short.find(c), c) for c in "dMy" if short.find(c) >= 0)
    parts = {"d": "d", "M": "MMM", "y": "yyyy"}
    letters = [c for _i, c in order] if len(order) == 3 else ["d", "M", "y"]
    if letters[0] == "M":  # US order: Mar 29, 2024
        return "ddd MMM d, yyyy"
    return "ddd " + " ".join(parts[c] for c in letters)


def format_date(d: date) -> str:
    return QLocale().toString(QDate(d.year, d.month, d.day), display_format())


def format_datetime(dt: datetime) -> str:
    """A wall-clock time as the app shows it: the date, then 24-hour time."""
    return f"{format_date(dt.date())}  {dt:%H:%M}"


# --- date and time together (the event dialog's Starts / Ends) ---------------------

_TIME = r"(?P<h>\d{1,2})(?:[:h](?P<m>\d{2}))?\s*(?P<ap>[ap])?(?:\.?m\.?)?"
_TIME_ONLY = re.compile(rf"^{_TIME}$", re.IGNORECASE)
_DATE_TIME = re.compile(rf"^(.*?)(?:\s+|T|,\s*)(?:at\s+)?{_TIME}$", re.IGNORECASE)
_RELATIVE = re.compile(r"^([+-])\s*(\d{1,5})\s*(w|weeks?|d|days?|h|hours?|m|min|mins|minutes?)?$",
                       re.IGNORECASE)
_UNIT = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}
DATETIME_HINT = ("type it as 10.09.2019 14:30, 10 Sep 14:30, 14:30 (same day), "
                 "10/9 (same time) or +1d, +2h, -30m")


def _is_time(m: re.Match[str]) -> bool:
    """A time needs its minutes or am/pm: a bare number is a day, not an hour."""
    return bool(m["m"] or m["ap"])


def _time_of(m: re.Match[str], raw: str) -> time:
    hour, minute = int(m["h"]), int(m["m"] or 0)
    if m["ap"]:
        if not 1 <= hour <= 12:
            raise DateParseError(f"“{raw}”: {hour} is not an hour on a 12-hour clock")
        hour = hour % 12 + (12 if m["ap"].lower() == "p" else 0)
    if hour > 23 or minute > 59:
        raise DateParseError(f"“{raw}” is not a time of day (00:00 to 23:59)")
    return time(hour, minute)


def parse_datetime(text: str, current: datetime,
                   months: dict[str, int] | None = None) -> datetime:
    """The wall-clock date and time typed, read against `current` (the value the box
    held): a time alone keeps its date, a date alone keeps its time, a date without a
    year takes its year, and +1d / -2h / +30m / +1w move it. DateParseError says why
    not, naming what was typed."""
    raw = " ".join(text.split())
    if not raw:
        raise DateParseError("a date and time are required")
    if m := _RELATIVE.match(raw):
        unit = _UNIT[(m[3] or "d")[0].lower()]
        try:
            value = current + (1 if m[1] == "+" else -1) * timedelta(**{unit: int(m[2])})
        except OverflowError:
            raise DateParseError(f"“{raw}” moves the time out of the calendar") from None
    elif (m := _TIME_ONLY.match(raw)) and _is_time(m):
        value = datetime.combine(current.date(), _time_of(m, raw))
    elif (m := _DATE_TIME.match(raw)) and _is_time(m) and m[1].strip():
        try:
            day = parse_date(m[1].strip(" ,"), current.year, months)
        except DateParseError as exc:
            raise DateParseError(f"{exc}; {DATETIME_HINT}") from None
        value = datetime.combine(day, _time_of(m, raw))
    else:
        try:
            day = parse_date(raw, current.year, months)
        except DateParseError:
            raise DateParseError(f"“{raw}” is not a date and time: {DATETIME_HINT}") from None
        value = datetime.combine(day, current.time().replace(second=0, microsecond=0))
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise DateParseError(f"“{raw}”: year {value.year} is out of range "
                             f"(this app takes {MIN_YEAR}–{MAX_YEAR})")
    return value
