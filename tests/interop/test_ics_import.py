"""Calendar import: times and zones kept, recurrences bounded to the visit, bad input
listed or refused, never a crash, and all of it in one transaction."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from briefing_app.core.errors import ValidationError
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops.visits import list_visits
from briefing_app.interop.ics_export import export_ics
from briefing_app.interop.ics_import import import_ics

from .helpers import db_files_hash

HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
TAIL = "END:VCALENDAR\r\n"


def vevent(uid: str, start: str, end: str = "", summary: str = "Talks", extra: str = "") -> str:
    lines = ["BEGIN:VEVENT", f"UID:{uid}", f"SUMMARY:{summary}", f"DTSTART{start}"]
    if end:
        lines.append(f"DTEND{end}")
    lines += [x for x in extra.split("\n") if x] + ["END:VEVENT"]
    return "\r\n".join(lines) + "\r\n"


@pytest.fixture
def visit(db):
    v = ent.create(db, "visit", None, {"title": "Visit to China", "visit_type": "state visit",
                                        "start_date": "2019-09-10", "end_date": "2019-09-12",
                                        "home_tz": "Asia/Almaty"})
    ent.create(db, "venue", v.id, {"name": "Great Hall of the People", "city": "Beijing",
                                   "tz": "Asia/Shanghai"})
    return v


def write(tmp_path, body: str, name: str = "in.ics") -> object:
    path = tmp_path / name
    path.write_bytes((HEAD + body + TAIL).encode("utf-8"))
    return path


def events(db, visit_id):
    return ent.list_for_visit(db, "event", visit_id)


def test_round_trip_into_another_visit_keeps_times_zones_and_is_idempotent(demo_db, db, tmp_path):
    demo = list_visits(demo_db)[0]
    path = export_ics(demo_db, demo.id, tmp_path / "demo.ics").path
    target = ent.create(db, "visit", None, {"title": "Copy", "visit_type": "state visit",
                                            "start_date": demo.start_date, "end_date": demo.end_date,
                                            "home_tz": "Asia/Almaty"})
    first = import_ics(db, path, target.id)
    assert (first.added, first.skipped) == (len(events(demo_db, demo.id)), [])
    assert (first.backup is None) if db.on_server else (first.backup is not None)
    src = {(e.title, e.starts_at, e.ends_at, e.tz, e.end_tz, e.status) for e in events(demo_db, demo.id)}
    dst = {(e.title, e.starts_at, e.ends_at, e.tz, e.end_tz, e.status) for e in events(db, target.id)}
    assert src == dst
    second = import_ics(db, path, target.id)
    assert (second.added, second.updated, second.unchanged) == (0, 0, first.added)
    assert second.backup is None


def test_import_back_into_the_same_visit_finds_the_same_events(demo_db, tmp_path):
    demo = list_visits(demo_db)[0]
    path = export_ics(demo_db, demo.id, tmp_path / "demo.ics").path
    before = {e.uuid: e for e in events(demo_db, demo.id)}
    summary = import_ics(demo_db, path, demo.id)
    assert summary.added == 0 and summary.unchanged == len(before)
    after = {e.uuid: e for e in events(demo_db, demo.id)}
    assert after == before, "briefs, notes and versions untouched"


def test_zones_utc_floating_and_windows_names(db, visit, tmp_path):
    body = (vevent("a", ";TZID=Asia/Shanghai:20190911T100000", ";TZID=Asia/Shanghai:20190911T110000")
            + vevent("b", ":20190911T020000Z", ":20190911T030000Z", extra="LOCATION:Great Hall of the People")
            + vevent("c", ":20190911T150000", ":20190911T160000", extra="LOCATION:Great Hall of the People, Beijing")
            + vevent("d", ";TZID=China Standard Time:20190912T090000", extra="DURATION:PT45M"))
    summary = import_ics(db, write(tmp_path, body), visit.id)
    assert summary.added == 4 and summary.skipped == [] and summary.venues_added == 0
    evs = sorted(events(db, visit.id), key=lambda e: e.starts_at)
    assert [e.tz for e in evs] == ["Asia/Shanghai"] * 4
    assert evs[0].starts_at == datetime(2019, 9, 11, 2, 0, tzinfo=UTC)  # 10:00 CST
    assert evs[1].starts_at == datetime(2019, 9, 11, 2, 0, tzinfo=UTC)  # given in UTC
    assert evs[2].starts_at == datetime(2019, 9, 11, 7, 0, tzinfo=UTC)  # floating 15:00 at the venue
    assert evs[3].ends_at == datetime(2019, 9, 12, 1, 45, tzinfo=UTC)


def test_custom_vtimezone_is_named_after_a_matching_visit_zone(db, visit, tmp_path):
    vtz = ("BEGIN:VTIMEZONE\r\nTZID:Beijing Time (custom)\r\nBEGIN:STANDARD\r\n"
           "DTSTART:19700101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\n"
           "END:STANDARD\r\nEND:VTIMEZONE\r\n")
    body = vtz + vevent("x", ";TZID=Beijing Time (custom):20190911T100000",
                        ";TZID=Beijing Time (custom):20190911T120000")
    summary = import_ics(db, write(tmp_path, body), visit.id)
    (ev,) = events(db, visit.id)
    assert summary.added == 1 and ev.tz == "Asia/Shanghai"
    assert ev.starts_at == datetime(2019, 9, 11, 2, 0, tzinfo=UTC)


def test_recurrence_is_expanded_only_within_the_visit(db, visit, tmp_path):
    body = (vevent("daily", ";TZID=Asia/Shanghai:20190101T080000", ";TZID=Asia/Shanghai:20190101T083000",
                   "Morning briefing", "RRULE:FREQ=DAILY")
            + vevent("ex", ";TZID=Asia/Shanghai:20190910T180000", ";TZID=Asia/Shanghai:20190910T190000",
                     "Evening", "RRULE:FREQ=DAILY;COUNT=10\nEXDATE;TZID=Asia/Shanghai:20190911T180000")
            + vevent("ex", ";TZID=Asia/Shanghai:20190912T200000", ";TZID=Asia/Shanghai:20190912T210000",
                     "Evening (moved)", "RECURRENCE-ID;TZID=Asia/Shanghai:20190912T180000"))
    summary = import_ics(db, write(tmp_path, body), visit.id)
    titles = sorted((e.title, e.starts_at.astimezone(UTC).strftime("%d %H")) for e in events(db, visit.id))
    assert titles == [("Evening", "10 10"), ("Evening (moved)", "12 12"),
                      ("Morning briefing", "10 00"), ("Morning briefing", "11 00"),
                      ("Morning briefing", "12 00")]
    assert summary.skipped == []
    again = import_ics(db, write(tmp_path, body), visit.id)
    assert (again.added, again.unchanged) == (0, 5)


@pytest.mark.parametrize("rule", [
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",  # never matches: dateutil loops to 9999
    "FREQ=DAILY;COUNT=100000;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=SECONDLY",
    "FREQ=DAILY;BYSETPOS=1",
    "FREQ=YEARLY;INTERVAL=1;BYMONTH=13",
])
def test_hostile_recurrence_rules_are_skipped_quickly(db, visit, tmp_path, rule):
    body = "".join(vevent(f"r{i}", ";TZID=Asia/Shanghai:19000101T080000", extra=f"RRULE:{rule}")
                   for i in range(20))
    started = time.process_time()
    summary = import_ics(db, write(tmp_path, body), visit.id)
    assert time.process_time() - started < 10
    assert summary.added == 0 and len(summary.skipped) == 20


def test_malformed_events_are_listed_and_the_rest_imported(db, visit, tmp_path):
    body = (vevent("ok", ";TZID=Asia/Shanghai:20190911T100000", ";TZID=Asia/Shanghai:20190911T110000")
            + vevent("bad-date", ":20191311T100000")
            + vevent("unknown-tz", ";TZID=Mars/Olympus:20190911T100000")
            + vevent("all-day", ";VALUE=DATE:20190911")
            + vevent("backwards", ":20190911T100000Z", ":20190911T090000Z")
            + vevent("outside", ":20200101T100000Z")
            + vevent("no-start", "X:1").replace("DTSTARTX:1\r\n", "")
            + vevent("broken", ":20190911T100000Z", extra="this line is not a property")
            + vevent("ok", ":20190911T100000Z", summary="Same UID again")
            + vevent("long", ":20190911T100000Z", summary="W" * 20_000))
    summary = import_ics(db, write(tmp_path, body), visit.id)
    assert summary.added == 1
    reasons = "\n".join(str(s) for s in summary.skipped)
    for fragment in ("DTSTART could not be read: Wrong datetime format", "unknown time zone 'Mars/Olympus'", "all-day",
                     "ends before it starts", "outside the visit's dates", "no DTSTART",
                     "could not be read", "same UID", "too long"):
        assert fragment in reasons
    assert len(summary.skipped) == 9


def test_strict_mode_imports_nothing_when_anything_is_skipped(db, db_path, visit, tmp_path):
    body = (vevent("ok", ":20190911T100000Z") + vevent("bad", ":20191311T100000"))
    path = write(tmp_path, body)
    before = db_files_hash(db_path)
    with pytest.raises(ValidationError, match="1 event"):
        import_ics(db, path, visit.id, strict=True)
    assert events(db, visit.id) == []
    assert db_files_hash(db_path) == before


@pytest.mark.parametrize("data,reason", [
    (b"BEGIN:VCALENDAR\r\nSUMMARY:\xff\xfe\r\nEND:VCALENDAR\r\n", "not valid UTF-8 text (bad byte at line 2)"),
    (b"hello world", "not an iCalendar file"),
    (b"", "not an iCalendar file"),
    (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20190911T100000Z\r\n", "BEGIN:VEVENT at line 2 is never closed"),
    (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VTODO\r\nEND:VCALENDAR\r\n", "line 3 has END:VTODO"),
    (b"BEGIN:VCALENDAR\r\n" + b"BEGIN:VEVENT\r\n" * 100_000, "nested too deeply"),
    (b"BEGIN:VCALENDAR\r\nX:\x00\r\nEND:VCALENDAR\r\n", "NUL"),
    (b"BEGIN:VCALENDAR\r\nX-A:" + b"a" * 300_000 + b"\r\nEND:VCALENDAR\r\n", "too long"),
])
def test_broken_files_are_refused_with_a_reason(db, db_path, visit, tmp_path, data, reason):
    path = tmp_path / "bad.ics"
    path.write_bytes(data)
    before = db_files_hash(db_path)
    with pytest.raises(ValidationError) as err:
        import_ics(db, path, visit.id)
    assert reason in err.value.reason
    assert db_files_hash(db_path) == before


def test_thousands_of_events_import_in_one_go(db, visit, tmp_path):
    body = "".join(vevent(f"e{i}", f":201909{10 + i % 3}T{i % 16:02d}{i % 60:02d}00Z",
                          summary=f"Event {i}") for i in range(3_000))
    started = time.process_time()
    summary = import_ics(db, write(tmp_path, body), visit.id)
    assert summary.added == 3_000 and time.process_time() - started < 30


def test_too_many_events_are_refused_before_parsing(db, visit, tmp_path):
    body = "".join(vevent(f"e{i}", ":20190911T100000Z") for i in range(5_001))
    started = time.process_time()
    with pytest.raises(ValidationError, match="5,001 events"):
        import_ics(db, write(tmp_path, body), visit.id)
    assert time.process_time() - started < 2


def test_unknown_location_becomes_a_venue_once(db, visit, tmp_path):
    body = (vevent("a", ":20190911T020000Z", extra="LOCATION:Diaoyutai State Guesthouse")
            + vevent("b", ":20190912T020000Z", extra="LOCATION:diaoyutai state guesthouse"))
    summary = import_ics(db, write(tmp_path, body), visit.id)
    assert summary.venues_added == 1
    venue_ids = {e.venue_id for e in events(db, visit.id)}
    assert len(venue_ids) == 1 and None not in venue_ids
