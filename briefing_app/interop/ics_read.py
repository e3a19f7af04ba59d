"""Reading an untrusted .ics file into programme events, listing what it cannot use.

The text is checked before the iCalendar parser sees it (size, UTF-8, NUL, line
length, component nesting, number of components and events), so a hostile file is
refused quickly and plainly. The check unfolds and splits the text exactly as the
parser does and hands the parser the very lines it counted, so a BEGIN the parser
would see (`BEGIN;X=1:VEVENT`, a BEGIN folded over two lines) is never missed; every
step is linear in the size of the file.

Each VEVENT is then converted on its own: one with a bad date, an unknown TZID without
a VTIMEZONE, an all-day date, an unreadable line, a wall-clock time that does not
exist or happens twice (DST), an end before the start or a recurrence this app cannot
expand is *skipped* with its reason, never a crash.
Recurring events are expanded only within the visit's dates (see ics_recurrence).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from briefing_app.core.enums import EventStatus, EventType
from briefing_app.core.errors import ValidationError
from briefing_app.core.timezones import place
from briefing_app.core.validation import event_span
from briefing_app.interop.ics_recurrence import Budget, RecurrenceError, expand, parse_rule
from briefing_app.interop.json_guard import decode_utf8

MAX_ICS_BYTES = 4 * 1024 * 1024
MAX_VEVENTS = 5_000  # VEVENTs at any depth
MAX_COMPONENTS = 20_000  # components of any kind at any depth (events, alarms, zones, ...)
MAX_OCCURRENCES = 5_000
MAX_LINE_CHARS = 200_000
MAX_NESTING = 6

_STATUS = {"CONFIRMED": EventStatus.CONFIRMED, "TENTATIVE": EventStatus.PROPOSED,
           "CANCELLED": EventStatus.CANCELLED}
_KINDS = {k.value.casefold(): k for k in EventType}


class SkipEvent(Exception):
    """This VEVENT cannot be used; the message is the reason shown to the user."""


@dataclass(frozen=True)
class Skipped:
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass(frozen=True)
class Occurrence:
    """One programme event read from the file (a recurrence gives several)."""

    key: str  # UID, plus the occurrence's instant for a recurring event
    uid: str
    recurring: bool
    title: str
    starts_at: datetime  # aware UTC
    ends_at: datetime
    tz: str
    end_tz: str
    location: str
    description: str
    status: str
    event_type: str
    where: str


@dataclass(frozen=True)
class ReadContext:
    """What the reader needs to know about the visit the events go into."""

    window: tuple[date, date]  # the visit's first and last day
    zones: tuple[str, ...]  # IANA zones the visit uses (to name a custom VTIMEZONE)
    zone_for_location: Callable[[str], str]  # zone for a UTC or floating time


@dataclass
class ParsedCalendar:
    occurrences: list[Occurrence] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    vevents: int = 0
    budget: Budget = field(default_factory=Budget)  # recurrence work left for this file


@dataclass(frozen=True)
class Prescan:
    """What the check found: the lines the parser is given, and what they hold."""

    text: str  # the unfolded content lines, one per CRLF line: exactly what gets parsed
    vevents: int
    components: int


_DELIMITER = re.compile(r'[:;"\\]')
_SPACE = re.compile(r"[ \t]+")


def _content_lines(text: str) -> Iterator[tuple[int, str]]:
    """(physical line number, content line) as icalendar unfolds and splits the text.

    icalendar first removes every fold (a line break, any empty lines, then one space or
    tab) from the whole text and then splits it at LF or CRLF (not at a lone CR), leaving
    out empty lines; the first line is never a continuation. The CR of a CRLF is dropped
    with it; when a continuation line is a lone space, the CR before the line break that
    ends it is the last character of the line so far, and the split drops that one.
    """
    parts: list[str] = []
    first = 0
    length = 0
    pieces = text.split("\n")
    last = len(pieces)
    bare_end = False  # the line so far ends with a continuation that brought nothing

    def finish(ended_by_newline: bool) -> str:
        line = "".join(parts)
        if ended_by_newline and bare_end and line.endswith("\r"):
            line = line[:-1]
        return line

    for number, raw in enumerate(pieces, start=1):
        ends_with_newline = number < last
        if number > 1 and raw[:1] in (" ", "\t"):
            raw = raw[1:]
            bare_end = not raw
            if not parts:
                first = number
        elif not raw or (raw == "\r" and ends_with_newline):
            continue  # an empty line (inside a fold it is part of the fold)
        else:
            line = finish(True)
            if line:
                yield first, line
            parts, first, length, bare_end = [], number, 0, False
        if ends_with_newline and raw.endswith("\r"):
            raw = raw[:-1]  # the CR of a CRLF; a CR at the very end is text
        length += len(raw)
        if length > MAX_LINE_CHARS:
            raise ValidationError("file", f"line {first} is too long (over {MAX_LINE_CHARS:,} characters)")
        parts.append(raw)
    line = finish(last > 0 and not pieces[-1] and bool(parts))
    if line:
        yield first, line


def _boundary(line: str) -> tuple[str, str] | None:
    """('BEGIN' or 'END', component name) when the parser reads the line so, else None."""
    found = _DELIMITER.search(line)
    if found is None or found.group() not in ":;":
        return None  # no name, or a quote or backslash in it: never BEGIN or END
    name = _SPACE.sub("", line[:found.start()].strip()).upper()
    if name not in ("BEGIN", "END"):
        return None
    from icalendar.parser.content_line import Contentline  # the parser's own reading

    try:
        name, _params, value = Contentline(line).parts()
    except ValueError:
        return None  # the parser skips or refuses this line; it opens nothing
    return name.upper(), value


def _shown(name: str) -> str:
    """A component name as a message may show it: short, on one line, printable."""
    return "".join(c if c.isprintable() else "?" for c in name[:20])


def prescan(text: str) -> Prescan:
    """Check the raw text in one linear pass; refuse deep nesting and too many parts."""
    if "\x00" in text:
        raise ValidationError("file", "contains NUL bytes; it is not a calendar file")
    open_components: list[tuple[str, int]] = []  # (name, line) of each BEGIN not yet closed
    lines: list[str] = []
    events = components = 0
    for number, line in _content_lines(text):
        lines.append(line)
        boundary = _boundary(line)
        if boundary is None:
            continue
        head, value = boundary
        if head == "BEGIN":
            open_components.append((value.upper(), number))
            if len(open_components) > MAX_NESTING:
                raise ValidationError("file", f"components are nested too deeply (line {number})")
            components += 1
            events += value.upper() == "VEVENT"
            if components > MAX_COMPONENTS:
                raise ValidationError("file", f"holds more than {MAX_COMPONENTS:,} components "
                                      f"(line {number}); it is not a programme")
        else:
            name = value.strip().upper()
            if not open_components or open_components[-1][0].strip() != name:
                expected = f"END:{_shown(open_components[-1][0])}" if open_components else "nothing"
                raise ValidationError("file", f"line {number} has END:{_shown(name)} where "
                                      f"{expected} was expected (a broken or cut file)")
            open_components.pop()
    if open_components:
        name, number = open_components[-1]
        raise ValidationError("file", f"BEGIN:{_shown(name)} at line {number} is never closed "
                              "(the file may be cut short)")
    if events > MAX_VEVENTS:
        raise ValidationError("file", f"holds {events:,} events; at most {MAX_VEVENTS:,} can be imported at once")
    if "BEGIN:VCALENDAR" not in text[:4096].upper():
        raise ValidationError("file", "is not an iCalendar file (no BEGIN:VCALENDAR at the start)")
    return Prescan("\r\n".join(lines) + "\r\n", events, components)


def _all_components(calendars: list[Any]) -> list[Any]:
    """Every component at any depth, in file order, without recursion."""
    out: list[Any] = []
    stack = list(reversed(calendars))
    while stack:
        component = stack.pop()
        out.append(component)
        stack.extend(reversed(component.subcomponents))
    return out


def parse_calendar(data: bytes, ctx: ReadContext) -> ParsedCalendar:
    """All usable occurrences within the visit, and the skipped events with reasons."""
    if len(data) > MAX_ICS_BYTES:
        raise ValidationError("file", f"is too large ({len(data):,} bytes; at most {MAX_ICS_BYTES:,})")
    text = decode_utf8(data, "file")
    checked = prescan(text)
    from icalendar import Calendar  # after the checks: the parser only sees sane text

    try:
        calendars = Calendar.from_ical(checked.text, multiple=True)
    except Exception as exc:  # noqa: BLE001 - any parser failure is a refusal, not a crash
        raise ValidationError("file", f"is not a valid iCalendar file: {_short(exc)}") from None
    if not calendars:
        raise ValidationError("file", "holds no calendar (BEGIN:VCALENDAR ... END:VCALENDAR)")
    result = ParsedCalendar()
    parsed = _all_components(calendars)
    vevents = [c for c in parsed if c.name == "VEVENT"]
    # The limits hold for what was really parsed, not only for what the check counted.
    if len(parsed) > MAX_COMPONENTS or len(vevents) > MAX_VEVENTS:
        raise ValidationError("file", f"holds {len(vevents):,} events in {len(parsed):,} components; "
                              f"at most {MAX_VEVENTS:,} events can be imported at once")
    result.vevents = len(vevents)
    for cal in calendars:
        for err in getattr(cal, "errors", ()) or ():
            result.skipped.append(Skipped("calendar", f"line could not be read: {_short(err[1])}"))
    overrides = _overrides(vevents)
    for number, ev in enumerate(vevents, start=1):
        where = f"event {number} {_summary(ev)[:60]!r}"
        try:
            items = _convert(ev, where, ctx, overrides, result)
        except SkipEvent as exc:
            result.skipped.append(Skipped(where, str(exc)))
            continue
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
            result.skipped.append(Skipped(where, f"cannot be read: {_short(exc)}"))
            continue
        result.occurrences += items
        if len(result.occurrences) > MAX_OCCURRENCES:
            raise ValidationError(
                "file", f"gives more than {MAX_OCCURRENCES:,} events within the visit")
    return result


def _short(exc: Any) -> str:
    text = str(exc).replace("\r", " ").replace("\n", " ")
    return text if len(text) <= 160 else text[:157] + "..."


def _text(ev: Any, name: str) -> str:
    value = ev.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0]
    return str(value)


def _summary(ev: Any) -> str:
    try:
        return _text(ev, "SUMMARY")
    except Exception:  # noqa: BLE001 - only used for a label
        return ""


def _uid(ev: Any) -> str:
    uid = _text(ev, "UID").strip()
    if uid:
        return uid[:500]
    # No UID (RFC 5545 requires one): derive a stable one so a re-import matches. Only
    # the event's own lines count: serialising its nested components too would make a
    # file of nested events cost the square of its size.
    lines = [ev.content_line(name, value) for name, value in ev.property_items(recursive=False)]
    raw = b"\r\n".join(line.to_ical() for line in lines if line) + b"\r\n"
    return "no-uid-" + hashlib.sha256(raw).hexdigest()[:32]


def _moment(ev: Any, name: str) -> Any:
    prop = ev.get(name)
    if prop is None:
        return None
    if isinstance(prop, list):
        raise SkipEvent(f"{name} appears more than once")
    try:
        value = prop.dt
    except ValueError as exc:
        raise SkipEvent(f"{name} is not a valid date or time ({_short(exc)})") from None
    tzid = prop.params.get("TZID") if hasattr(prop, "params") else None
    if isinstance(value, datetime) and value.tzinfo is None and tzid:
        raise SkipEvent(f"{name} uses the unknown time zone {str(tzid)[:60]!r} "
                        "and the file holds no VTIMEZONE for it")
    return value


def _zone_label(tz: tzinfo) -> str:
    """A zone's name for a message: the IANA key, the file's TZID, else its repr."""
    return str(getattr(tz, "key", None) or getattr(tz, "_tzid", None) or tz)[:60]


def _checked(value: datetime, tz: tzinfo, what: str) -> datetime:
    """`value`'s wall clock at `tz`, refused (skipped) in a DST gap or fold."""
    try:
        place(value, tz, _zone_label(tz), what)
    except ValidationError as exc:
        raise SkipEvent(f"{what} {exc.reason}") from None
    return value.replace(tzinfo=tz)


def _zone_name(value: datetime, ctx: ReadContext, location: str, what: str) -> tuple[datetime, str]:
    """(aware time, IANA zone name) for a DTSTART/DTEND value; a gap or fold is skipped."""
    tz: tzinfo | None = value.tzinfo
    if tz is None:  # floating: wall-clock time at the place
        name = ctx.zone_for_location(location)
        return _checked(value, ZoneInfo(name), what), name
    if isinstance(tz, ZoneInfo) and tz.key not in ("UTC", "Etc/UTC"):
        return _checked(value, tz, what), tz.key
    if value.utcoffset() == timedelta(0) and (isinstance(tz, ZoneInfo) or tz is UTC):
        return value, ctx.zone_for_location(location)
    # A custom VTIMEZONE: its own rules say whether the time exists; name it after a
    # zone of the visit with the same offset.
    value = _checked(value, tz, what)
    offset = value.utcoffset()
    for name in ctx.zones:
        if value.astimezone(ZoneInfo(name)).utcoffset() == offset:
            return value, name
    if offset is not None and offset.total_seconds() % 3600 == 0:
        hours = int(offset.total_seconds() // 3600)
        if -12 <= hours <= 14:
            return value, "Etc/GMT" + (f"{-hours:+d}" if hours else "")
    raise SkipEvent(f"its time zone {tz!r:.60} matches no zone this visit uses")


def _overrides(vevents: list[Any]) -> dict[str, set[datetime]]:
    """UID -> instants replaced by a separate VEVENT with RECURRENCE-ID."""
    out: dict[str, set[datetime]] = {}
    for ev in vevents:
        try:
            rid = _moment(ev, "RECURRENCE-ID")
        except SkipEvent:
            continue
        if isinstance(rid, datetime) and rid.tzinfo is not None:
            out.setdefault(_uid(ev), set()).add(rid.astimezone(UTC))
    return out


def _kind(ev: Any) -> str:
    try:
        categories = [str(c) for c in ev.categories]
    except Exception:  # noqa: BLE001 - a broken CATEGORIES line is not worth a skip
        categories = []
    for category in categories:
        kind = _KINDS.get(category.strip().casefold())
        if kind is not None:
            return kind.value
    return EventType.OTHER.value


def _convert(ev: Any, where: str, ctx: ReadContext, overrides: dict[str, set[datetime]],
             result: ParsedCalendar) -> list[Occurrence]:
    errors = getattr(ev, "errors", ()) or ()
    if errors:
        name, message = errors[0]
        raise SkipEvent(f"{name or 'a line'} could not be read: {_short(message)}")
    uid = _uid(ev)
    location = _text(ev, "LOCATION").strip()
    start = _moment(ev, "DTSTART")
    if start is None:
        raise SkipEvent("has no DTSTART")
    if not isinstance(start, datetime):
        raise SkipEvent("is an all-day entry (no time of day); programme events need times")
    start, tz = _zone_name(start, ctx, location, "DTSTART")
    end = _moment(ev, "DTEND")
    if end is not None and ev.get("DURATION") is not None:
        raise SkipEvent("has both DTEND and DURATION")
    if end is None:
        duration = ev.get("DURATION")
        end_tz = tz
        length = duration.dt if duration is not None else timedelta(0)
        if not isinstance(length, timedelta):
            raise SkipEvent("DURATION is not a length of time")
        end = (start.astimezone(UTC) + length).astimezone(start.tzinfo)  # exact, across DST too
    elif not isinstance(end, datetime):
        raise SkipEvent("DTEND is a date without a time while DTSTART has one")
    else:
        end, end_tz = _zone_name(end, ctx, location, "DTEND")
    try:
        event_span(start, end)
    except ValidationError:
        raise SkipEvent(f"ends before it starts ({_wall(end)} {end_tz} is before "
                        f"{_wall(start)} {tz})") from None
    status = _STATUS.get(_text(ev, "STATUS").strip().upper(), EventStatus.PROPOSED).value
    base = dict(uid=uid, title=_summary(ev).strip(), tz=tz,
                end_tz="" if end_tz == tz else end_tz, location=location,
                description=_text(ev, "DESCRIPTION"), status=status, event_type=_kind(ev), where=where)
    rid = _moment(ev, "RECURRENCE-ID")
    if ev.get("RRULE") is None and ev.get("RDATE") is None:
        _in_window(start, tz, ctx, "is outside the visit's dates")
        key = uid if rid is None else f"{uid}#{_stamp(rid)}"
        return [Occurrence(key=key, recurring=rid is not None, starts_at=start.astimezone(UTC),
                           ends_at=end.astimezone(UTC), **base)]
    starts = _recurrence(ev, start, ctx, overrides.get(uid, set()), where, result)
    if not starts:
        raise SkipEvent("repeats, but no occurrence falls within the visit's dates")
    length = end.astimezone(UTC) - start.astimezone(UTC)  # every occurrence lasts as long
    return [Occurrence(key=f"{uid}#{_stamp(s)}", recurring=True, starts_at=s.astimezone(UTC),
                       ends_at=s.astimezone(UTC) + length, **base) for s in starts]


def _wall(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def _stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        return f"{moment:%Y%m%dT%H%M%S}"
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def _in_window(start: datetime, tz: str, ctx: ReadContext, reason: str) -> None:
    day = start.astimezone(ZoneInfo(tz)).date()
    first, last = ctx.window
    if not first <= day <= last:
        raise SkipEvent(f"{reason} ({day}; the visit runs {first} – {last})")


def _local(value: Any, tz: tzinfo) -> datetime | date:
    """A date-time as naive wall-clock time in `tz` (a date stays a date)."""
    if isinstance(value, datetime):
        return value.astimezone(tz).replace(tzinfo=None) if value.tzinfo else value
    return value


def _dates(ev: Any, name: str) -> list[Any]:
    prop = ev.get(name)
    if prop is None:
        return []
    out = []
    for item in prop if isinstance(prop, list) else [prop]:
        for d in item.dts:
            if isinstance(d.dt, tuple):
                raise SkipEvent(f"{name} with periods is not supported")
            out.append(d.dt)
    return out


def _recurrence(ev: Any, start: datetime, ctx: ReadContext, replaced: set[datetime],
                where: str, result: ParsedCalendar) -> list[datetime]:
    """The occurrences within the visit; one at a wall-clock time the zone skips or
    repeats (a daily 02:30 on the night of a DST change) is left out and listed."""
    tz = start.tzinfo
    assert tz is not None
    wall = start.replace(tzinfo=None)
    rules = ev.get("RRULE")
    if isinstance(rules, list):
        raise SkipEvent("has several RRULEs; this app expands one")
    try:
        if rules is not None:
            rule = parse_rule(rules.to_ical().decode("utf-8", "replace"))
            until = _local(rule.until, tz) if rule.until is not None else None
            local = expand(rule, wall, ctx.window, until, result.budget)
        else:
            local = [wall] if ctx.window[0] <= wall.date() <= ctx.window[1] else []
    except RecurrenceError as exc:
        raise SkipEvent(f"its recurrence cannot be expanded: {exc}") from None
    extra = [_local(d, tz) for d in _dates(ev, "RDATE")]
    local += [d for d in extra if isinstance(d, datetime) and ctx.window[0] <= d.date() <= ctx.window[1]]
    excluded = [_local(d, tz) for d in _dates(ev, "EXDATE")]
    out = []
    for moment in sorted(set(local)):
        if moment in excluded or moment.date() in excluded:
            continue
        try:
            aware = _checked(moment, tz, "an occurrence at")
        except SkipEvent as exc:
            result.skipped.append(Skipped(where, f"{exc} (that occurrence is left out)"))
            continue
        if aware.astimezone(UTC) in replaced:
            continue  # a separate VEVENT with RECURRENCE-ID replaces this one
        out.append(aware)
    return out
