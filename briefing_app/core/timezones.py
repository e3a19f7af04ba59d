"""Time-zone arithmetic: instants are stored in UTC, shown in an IANA zone.

Never a fixed offset: Kazakhstan was UTC+6 in 2019 and is UTC+5 since 2024, and only
the tz database knows that. Wall-clock times that do not exist (DST gap) or exist twice
(DST fold) are refused rather than silently shifted.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from briefing_app.core.errors import ValidationError


def zone(name: str, field: str = "time zone") -> ZoneInfo:
    """The ZoneInfo for an IANA name, or a ValidationError naming the field."""
    if name is not None and not isinstance(name, str):  # before the cache hashes it
        raise ValidationError(field, f"must be a time zone name, not {type(name).__name__}")
    if not name or not name.strip():
        raise ValidationError(field, "a time zone is required (an IANA name such as Asia/Almaty)")
    if len(name) > 64:  # the longest real name has 30 characters; never quote a huge one
        raise ValidationError(field, f"{name[:40]!r}… is not an IANA time zone name")
    return _zone(name, field)


@lru_cache(maxsize=256)
def _zone(name: str, field: str) -> ZoneInfo:
    if name != name.strip() or "\x00" in name or name.startswith(("/", ".")) or ".." in name:
        raise ValidationError(field, f"{name!r} is not an IANA time zone name")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValidationError(field, f"unknown time zone {name!r} (use an IANA name such as Asia/Almaty)") from None


def to_utc(local: datetime, zone_name: str, field: str = "time") -> datetime:
    """Convert a naive wall-clock time in `zone_name` to an aware UTC instant.

    Raises ValidationError when the wall-clock time is skipped (DST gap) or repeated
    (DST fold) in that zone: the user must say which instant is meant.
    """
    if local.tzinfo is not None:
        return local.astimezone(UTC)
    return place(local, zone(zone_name), zone_name, field)


def place(local: datetime, tz: tzinfo, zone_label: str, field: str = "time") -> datetime:
    """A naive wall-clock time at a zone (any tzinfo) as a UTC instant, refusing gaps and folds.

    Shared by typed times (IANA zones) and calendar files (which may bring their own
    VTIMEZONE rules): a time the clocks skip, or show twice, is never guessed.
    """
    local = local.replace(tzinfo=None)
    first = local.replace(tzinfo=tz, fold=0)
    second = local.replace(tzinfo=tz, fold=1)
    # A gap: no instant shows this wall clock, so the round trip through UTC moves it.
    if all(d.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != local for d in (first, second)):
        raise ValidationError(
            field,
            f"{local:%Y-%m-%d %H:%M} does not exist in {zone_label} "
            "(the clocks skip it for daylight saving time)",
        )
    if first.utcoffset() != second.utcoffset():
        raise ValidationError(
            field,
            f"{local:%Y-%m-%d %H:%M} happens twice in {zone_label} "
            "(the clocks go back for daylight saving time); choose a time outside that hour",
        )
    return first.astimezone(UTC)


_CHECKED: dict[str, ZoneInfo] = {}  # names `zone` accepted: a dictionary look-up next time


def in_zone(instant: datetime, zone_name: str) -> datetime:
    """An aware instant as wall-clock time in `zone_name` (aware, with its offset).
    Called four times per event by the programme: a name already accepted skips the
    checks in `zone`."""
    tz = _CHECKED.get(zone_name) if type(zone_name) is str else None
    if tz is None:
        tz = zone(zone_name)
        _CHECKED[zone_name] = tz
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(tz)


_LABELS: dict[tuple[object, object, object], str] = {}


def offset_label(local: datetime) -> str:
    """'CST' where the zone has a real abbreviation, else 'UTC+6' (never '+06').
    Worked out once per zone, offset and DST state (a large programme asks for a
    handful of labels tens of thousands of times)."""
    key = (local.tzinfo, local.utcoffset(), local.dst())
    label = _LABELS.get(key)
    if label is None:
        label = _LABELS[key] = _offset_label(local)
    return label


def _offset_label(local: datetime) -> str:
    abbr = local.tzname() or ""
    if abbr and abbr[0] not in "+-":
        return abbr
    offset = local.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{mins:02d}" if mins else "")


def local_date(instant: datetime, zone_name: str) -> date:
    """The calendar date of an instant at a place: programme days are venue dates."""
    return in_zone(instant, zone_name).date()


def now_utc() -> datetime:
    """The current instant, aware, in UTC."""
    return datetime.now(UTC)
