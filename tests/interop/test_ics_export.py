"""Calendar export: RFC 5545 with real TZIDs and VTIMEZONEs, one person's itinerary."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from briefing_app.core.errors import NotFoundError
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops import links
from briefing_app.core.ops.visits import list_visits
from briefing_app.interop.ics_export import export_ics


@pytest.fixture
def exported(demo_db, tmp_path):
    visit = list_visits(demo_db)[0]
    result = export_ics(demo_db, visit.id, tmp_path / "visit.ics")
    return demo_db, visit, result, Calendar.from_ical(result.path.read_bytes())


def test_every_event_with_tzid_and_a_vtimezone_for_each(exported):
    db, visit, result, cal = exported
    events = ent.list_for_visit(db, "event", visit.id)
    vevents = cal.walk("VEVENT")
    assert len(vevents) == len(events) == result.events
    assert {tz.tz_name for tz in cal.timezones} == set(result.zones) == {"Asia/Almaty", "Asia/Shanghai"}
    assert cal.get_missing_tzids() == set()
    for ev in vevents:
        assert ev["DTSTART"].params["TZID"] in result.zones
        assert ev["DTEND"].params["TZID"] in result.zones


def test_instants_and_wall_clocks_match_the_database(exported):
    db, visit, _result, cal = exported
    by_uid = {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}
    for event in ent.list_for_visit(db, "event", visit.id):
        ev = by_uid[event.uuid]
        assert ev.start == event.starts_at and ev.end == event.ends_at
        assert ev.start.tzinfo.key == event.tz
        assert ev.end.tzinfo.key == (event.end_tz or event.tz)


def test_flight_ends_in_the_arrival_zone_2019_offsets(exported):
    _db, _visit, _result, cal = exported
    flight = next(ev for ev in cal.walk("VEVENT") if str(ev["SUMMARY"]).startswith("Flight Nur-Sultan"))
    assert flight.start == datetime(2019, 9, 10, 12, 0, tzinfo=ZoneInfo("Asia/Almaty"))
    assert flight.start.utcoffset().total_seconds() == 6 * 3600  # UTC+6 in 2019, not today's +5
    almaty = next(tz for tz in cal.timezones if tz.tz_name == "Asia/Almaty")
    assert b"TZOFFSETTO:+0600" in almaty.to_ical()
    assert flight["DTEND"].params["TZID"] == "Asia/Shanghai"


def test_text_is_escaped_not_interpreted_and_scripts_survive(exported):
    _db, _visit, result, cal = exported
    raw = result.path.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "lines folded at 75 octets"
    text = " ".join(str(ev.get("DESCRIPTION", "")) for ev in cal.walk("VEVENT"))
    assert "Қасым-Жомарт Тоқаев" in text and "习近平" in text


def test_brief_content_stays_out_of_the_calendar(exported):
    db, visit, result, _cal = exported
    raw = result.path.read_text(encoding="utf-8").replace("\r\n ", "")
    for event in ent.list_for_visit(db, "event", visit.id):
        for secret in (event.objectives, event.background_nfd, event.if_raised):
            if len(secret) > 20:
                assert secret.replace(",", "\\,")[:40] not in raw


def test_one_persons_itinerary(demo_db, tmp_path):
    visit = list_visits(demo_db)[0]
    # Hu Yangzhong (Hikvision): one event of the visit (the demo's last people, the
    # signatories of the 2002 treaty, attend none)
    person = next(p for p in ent.list_for_visit(demo_db, "person", visit.id)
                  if p.latin_name == "Hu Yangzhong")
    theirs = {e.uuid for e, _role in links.events_of_person(demo_db, person.id)}
    assert 0 < len(theirs) < len(ent.list_for_visit(demo_db, "event", visit.id))
    result = export_ics(demo_db, visit.id, tmp_path / "me.ics", person_id=person.id)
    cal = Calendar.from_ical(result.path.read_bytes())
    assert {str(ev["UID"]) for ev in cal.walk("VEVENT")} == theirs
    assert person.native_name in str(cal["X-WR-CALNAME"])


def test_unknown_person_is_refused_and_no_file_written(demo_db, tmp_path):
    visit = list_visits(demo_db)[0]
    with pytest.raises(NotFoundError, match="person #9999"):
        export_ics(demo_db, visit.id, tmp_path / "x.ics", person_id=9999)
    assert not list(tmp_path.glob("*.ics*"))


def test_cancelled_and_proposed_status_are_carried(demo_db, tmp_path):
    visit = list_visits(demo_db)[0]
    events = ent.list_for_visit(demo_db, "event", visit.id)
    ent.update(demo_db, "event", events[0].id, {"status": "cancelled"})
    ent.update(demo_db, "event", events[1].id, {"status": "proposed"})
    cal = Calendar.from_ical(export_ics(demo_db, visit.id, tmp_path / "v.ics").path.read_bytes())
    status = {str(ev["UID"]): str(ev["STATUS"]) for ev in cal.walk("VEVENT")}
    assert status[events[0].uuid] == "CANCELLED" and status[events[1].uuid] == "TENTATIVE"


def test_a_persons_calendar_says_where_they_sit_and_sleep(demo_db, tmp_path):
    visit = list_visits(demo_db)[0]
    me = next(p for p in ent.list_for_visit(demo_db, "person", visit.id)
              if p.latin_name == "Kassym-Jomart Tokayev")
    result = export_ics(demo_db, visit.id, tmp_path / "me.ics", person_id=me.id)
    cal = Calendar.from_ical(result.path.read_bytes())
    by_title = {str(ev["SUMMARY"]): str(ev["DESCRIPTION"]) for ev in cal.walk("VEVENT")}
    transfer = by_title["Transfer to Hangzhou"]
    assert "Your transport: Car 1, rear right" in transfer
    assert "Your transport: Flight KAZ 001, seat 2A" in transfer
    assert "Your seat: Official lunch — table of honour: seat" in by_title[
        "Official lunch hosted by President Xi Jinping"]
    assert "your rooms: Diaoyutai" in " ".join(str(cal["DESCRIPTION"]).split())
    # the whole programme's calendar names nobody's seat
    whole = export_ics(demo_db, visit.id, tmp_path / "all.ics")
    assert b"Your transport" not in whole.path.read_bytes()
