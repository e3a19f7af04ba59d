"""Input rules for every editable field, shared by operations, imports and the GUI.

Each rule turns a raw value (from a form, the CLI or a bundle) into the stored value or
raises ValidationError naming the field and the reason. This is the one place where a
value is judged: the operations (and so the window's forms), bundle import and
calendar import all go through these rules, so no route can store what another refuses.

Bounds that protect the rest of the app:

- dates and instants lie in the years `MIN_YEAR`–`MAX_YEAR` (1900–2200): date
  arithmetic (a fact's staleness threshold, a duplicated visit's shift, a calendar's
  time zones a year either side) cannot overflow Python's year 1–9999, and no real
  visit lies outside them;
- a time zone is a place's IANA zone from the tz database (`Area/Location` in one of
  the ten geographic areas) or `UTC`: `localtime` means another zone on every
  machine, `Factory` is no zone at all, and fixed offsets (`Etc/GMT-6`, `EST`) do not
  follow a country's rule changes (Kazakhstan moved from UTC+6 to UTC+5 in 2024);
- text lengths, numbers and whole numbers have the limits their rule names; messages
  quote at most a short excerpt of a refused value.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any

from briefing_app.core import enums as E
from briefing_app.core.errors import ValidationError
from briefing_app.core.timezones import zone

Rule = Callable[[str, Any], Any]

MIN_YEAR = 1900
MAX_YEAR = 2200
# The geographic areas of the tz database: a zone named Area/Location in one of them
# is a place's zone, kept up to date with that place's rules.
TZ_AREAS = frozenset({"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic",
                      "Australia", "Europe", "Indian", "Pacific"})
TZ_UTC = frozenset({"UTC", "Etc/UTC"})  # the one fixed zone a programme may use
MAX_PHOTO_BYTES = 20 * 1024 * 1024

# Control characters other than tab/newline make unreadable PDFs and break exchange
# files; NUL in particular truncates strings in C libraries.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def text(max_len: int = 100_000, required: bool = False, single_line: bool = False) -> Rule:
    def rule(field: str, value: Any) -> str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ValidationError(field, f"must be text, not {type(value).__name__}")
        if _SURROGATE.search(value):
            raise ValidationError(field, "contains an invalid character (lone surrogate)")
        if _CONTROL.search(value):
            raise ValidationError(field, "contains a control character (such as NUL)")
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        if single_line:
            value = " ".join(value.split())
        if required and not value.strip():
            raise ValidationError(field, "is required")
        if len(value) > max_len:
            raise ValidationError(field, f"is too long ({len(value):,} characters; at most {max_len:,})")
        return value

    return rule


def choice(enum: type[StrEnum]) -> Rule:
    def rule(field: str, value: Any) -> StrEnum:
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            raise ValidationError(field, f"{shown(value)} is not one of: {allowed}") from None

    return rule


def shown(value: Any, limit: int = 40) -> str:
    """A refused value for a message: its repr, cut short (never a 10 MB quote)."""
    if isinstance(value, str) and len(value) > limit:
        return repr(value[:limit]) + "…"
    try:
        text = repr(value)
    except ValueError:  # an int too long to print (over 4,300 digits)
        return f"a {type(value).__name__}"
    return text if len(text) <= limit + 2 else text[:limit] + "…"


def integer(lo: int, hi: int) -> Rule:
    def rule(field: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            try:
                if isinstance(value, str) and value.strip().lstrip("-").isdigit():
                    value = int(value.strip())
                else:
                    raise ValueError
            except ValueError:
                raise ValidationError(field, f"must be a whole number, not {shown(value)}") from None
        if not lo <= value <= hi:
            raise ValidationError(field, f"must be between {lo} and {hi}")
        return value

    return rule


def number(field: str, value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValidationError(field, "must be a number")
    try:
        result = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError(field, f"must be a number, not {shown(value)}") from None
    if not math.isfinite(result):
        raise ValidationError(field, "must be a finite number")
    if abs(result) > 1e15:
        raise ValidationError(field, "is too large")
    return result


def boolean(field: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):  # (a Decimal('sNaN') cannot even compare)
        return bool(value)
    if isinstance(value, str) and value.lower() in ("true", "false", "yes", "no"):
        return value.lower() in ("true", "yes")
    raise ValidationError(field, f"must be yes or no, not {shown(value)}")


def check_year(field: str, year: int) -> None:
    """Refuse a year outside MIN_YEAR–MAX_YEAR (see the module docstring)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            field, f"year {year} is out of range (this app takes {MIN_YEAR}–{MAX_YEAR})")


def a_date(required: bool = True) -> Rule:
    def rule(field: str, value: Any) -> date | None:
        if value is None or value == "":
            if required:
                raise ValidationError(field, "is required")
            return None
        parsed: date | None = None
        if isinstance(value, datetime):
            parsed = value.date()
        elif isinstance(value, date):
            parsed = value
        elif isinstance(value, str) and len(value) <= 40:
            try:
                parsed = date.fromisoformat(value.strip())
            except ValueError:
                pass
        if parsed is None:
            raise ValidationError(field, f"{shown(value)} is not a date (YYYY-MM-DD)")
        check_year(field, parsed.year)
        return parsed

    return rule


def instant(field: str, value: Any) -> datetime:
    """An ISO 8601 instant with its UTC offset ("2019-09-11T02:00:00+00:00") or an
    aware datetime, as UTC."""
    if isinstance(value, datetime):
        parsed = value
    elif not isinstance(value, str):
        raise ValidationError(field, f"must be an ISO 8601 date and time, not {type(value).__name__}")
    else:
        try:
            parsed = datetime.fromisoformat(value) if len(value) <= 64 else None
        except ValueError:
            parsed = None
        if parsed is None:
            raise ValidationError(field, f"{shown(value)} is not an ISO 8601 date and time")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ValidationError(field, "must carry its UTC offset (e.g. +00:00)")
    check_year(field, parsed.year)
    result = parsed.astimezone(UTC)
    check_year(field, result.year)
    return result


def wall_clock(field: str, value: Any) -> datetime:
    """'2019-09-11 10:00' or a naive datetime: a wall-clock time at a place."""
    parsed: datetime | None = value if isinstance(value, datetime) else None
    if isinstance(value, str) and len(value) <= 64:
        try:
            parsed = datetime.fromisoformat(value.strip().replace("T", " "))
        except ValueError:
            pass
    if parsed is None:
        raise ValidationError(field, f"{shown(value)} is not a date and time (YYYY-MM-DD HH:MM)")
    check_year(field, parsed.year)
    return parsed


@lru_cache(maxsize=1)
def region_zones() -> frozenset[str]:
    """Every zone name the tz database (the `tzdata` package) lists, once per process."""
    from importlib import resources

    try:
        names = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8").split()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        from zoneinfo import available_timezones

        names = list(available_timezones())
    return frozenset(n for n in names if n.split("/", 1)[0] in TZ_AREAS and "/" in n) | TZ_UTC


def tz_name(field: str, value: Any) -> str:
    """A place's IANA zone (or UTC): see the module docstring for what is refused."""
    if not isinstance(value, str):  # (zone() caches by name: a list is not even hashable)
        raise ValidationError(field, f"must be a time zone name, not {type(value).__name__}")
    if len(value) > 64:  # the longest real name has 30 characters
        raise ValidationError(field, f"{shown(value)} is not an IANA time zone name")
    zone(value, field)  # the usual messages: required, not a name, unknown zone
    if value not in region_zones():
        raise ValidationError(field, f"{shown(value)} is not the time zone of a place (use a "
                              "region zone such as Asia/Almaty or Europe/Berlin, or UTC)")
    return value


def event_span(starts_at: Any, ends_at: Any, field: str = "end") -> None:
    """Refuse an event that ends before it starts, comparing the instants in UTC.

    Every route that stores an event (forms, timeline, calendar and bundle import,
    duplicating a visit, the ORM itself) calls this one check. Python compares two
    datetimes of the same zone by their wall clocks, so 03:10 CEST would pass as later
    than 02:30 "CET" although it is earlier; converting to UTC first cannot be fooled.
    """
    for name, value in (("start", starts_at), (field, ends_at)):
        if not isinstance(value, datetime) or value.utcoffset() is None:
            raise ValidationError(name, "must be an instant with its UTC offset")
    if ends_at.astimezone(UTC) < starts_at.astimezone(UTC):
        raise ValidationError(field, "the event ends before it starts")


def optional_id(field: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    return integer(1, 2**62)(field, value)


def blob(field: str, value: Any) -> bytes | None:
    if value is None:
        return None
    if not isinstance(value, bytes | bytearray):
        raise ValidationError(field, "must be image data")
    if len(value) > MAX_PHOTO_BYTES:
        raise ValidationError(field, f"is too large ({len(value):,} bytes; at most 20 MiB)")
    return bytes(value)


_LINE = text(300, single_line=True)
_LONG = text()

RULES: dict[str, dict[str, Rule]] = {
    "visit": {
        "title": text(300, required=True, single_line=True),
        "kind": choice(E.VisitKind),
        "principal_id": optional_id,
        "host_country": _LINE,
        "host_city": _LINE,
        "start_date": a_date(),
        "end_date": a_date(),
        "home_tz": tz_name,
        "classification": text(100, single_line=True),
        "purpose": _LONG,
        "objectives": _LONG,
        "key_messages": _LONG,
        "status": choice(E.VisitStatus),
        "fact_stale_days": integer(1, 36_500),
        "notes": _LONG,
        "press_marking": text(100, single_line=True),
        "press_embargo": text(200, single_line=True),
        "press_contacts": _LONG,
        "issuing_department": _LINE,
        "drafted_by": _LINE,
        "cleared_by": _LINE,
        "as_at": text(100, single_line=True),
        "distribution": _LONG,
        "risks": _LONG,
        "duty_contacts": _LONG,
    },
    "venue": {
        "name": text(300, required=True, single_line=True),
        "city": _LINE,
        "address": _LONG,
        "tz": tz_name,
        "notes": _LONG,
        "country": _LINE,
    },
    "person": {
        "native_name": text(300, required=True, single_line=True),
        "latin_name": _LINE,
        "title": _LINE,
        "organisation": _LINE,
        "country": _LINE,
        "side": choice(E.Side),
        "form_of_address": _LINE,
        "biography": _LONG,
        "public_biography": _LONG,
        "photo": blob,
        "photo_mime": text(64, single_line=True),
        "notes": _LONG,
        "sort_order": integer(-1_000_000, 1_000_000),
    },
    "event": {
        "title": text(300, required=True, single_line=True),
        "kind": choice(E.EventKind),
        "tz": tz_name,
        "end_tz": lambda f, v: "" if not v else tz_name(f, v),
        "venue_id": optional_id,
        "status": choice(E.EventStatus),
        "press": choice(E.PressAccess),
        "dress_code": text(200, single_line=True),
        "protocol_notes": _LONG,
        "logistics_notes": _LONG,
        "scenario": _LONG,
        "objectives": _LONG,
        "their_objectives": _LONG,
        "our_response": _LONG,
        "if_raised": _LONG,
        "press_line": _LONG,
        "press_line_status": choice(E.PointStatus),
        "photo_opportunity": boolean,
        "accreditation_point": text(300, single_line=True),
        "media_notes": _LONG,
        "background": _LONG,
        "background_nfd": _LONG,
        "arrival_venue_id": optional_id,
        "meeting_format": text(100, single_line=True),
        "speaking_order": _LONG,
        "do_not_raise": _LONG,
        "prior_status": lambda f, v: "" if not v else choice(E.EventStatus)(f, v).value,
    },
    "talking_point": {
        "heading": _LINE,
        "text": text(required=True),
        "answer": _LONG,
        "kind": choice(E.PointKind),
        "priority": integer(1, 3),
        "topics": text(500, single_line=True),
        "status": choice(E.PointStatus),
        "restricted": boolean,
    },
    "fact": {
        "statement": text(5_000, required=True),
        "value": number,
        "unit": text(100, single_line=True),
        "as_of": a_date(required=False),
        "source": text(2_000),
        "topics": text(500, single_line=True),
    },
    "agreement": {
        "title": text(500, required=True, single_line=True),
        "kind": choice(E.AgreementKind),
        "parties": _LONG,
        "lead_agency": _LINE,
        "signing_event_id": optional_id,
        "languages": text(200, single_line=True),
        "is_public": boolean,
        "signing_order": integer(0, 10_000),
        "notes": _LONG,
    },
    "press_qa": {
        "question": text(5_000, required=True),
        "answer": _LONG,
        "status": choice(E.PointStatus),
        "event_id": optional_id,
        "topics": text(500, single_line=True),
        "sort_order": integer(-1_000_000, 1_000_000),
    },
}


REQUIRED: dict[str, frozenset[str]] = {
    "visit": frozenset({"title", "kind", "start_date", "end_date", "home_tz"}),
    "venue": frozenset({"name", "tz"}),
    "person": frozenset({"native_name"}),
    "event": frozenset({"title", "kind", "tz"}),
    "talking_point": frozenset({"text"}),
    "fact": frozenset({"statement"}),
    "agreement": frozenset({"title"}),
    "press_qa": frozenset({"question"}),
}


def clean(kind: str, values: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Validate `values` for an entity kind; unknown fields are refused by name."""
    rules = RULES[kind]
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in rules:
            raise ValidationError(key, f"is not a field of a {kind.replace('_', ' ')}")
        out[key] = rules[key](key, value)
    if not partial:
        for key in REQUIRED[kind]:
            if key not in out:
                raise ValidationError(key, "is required")
    return out
