"""Calendar import and wall-clock times that a zone skips (DST gap) or shows twice (fold):
never guessed, never shifted by an hour, never an event that ends before it starts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from briefing_app.core.errors import ValidationError
from briefing_app.core.ops import entities as ent
from briefing_app.interop.ics_import import import_ics

from .helpers import db_files_hash
from .test_ics_import import vevent, write

BERLIN = ";TZID=Europe/Berlin:"


@pytest.fixture
def visit(db):
    """A visit to Berlin over both DST changes of 2019 (31 March and 27 October)."""
    v = ent.create(db, "visit", None, {"title": "Visit to Berlin", "visit_type": "working visit",
                                        "start_date": "2019-03-29", "end_date": "2019-10-28",
                                        "home_tz": "Asia/Almaty"})
    ent.create(db, "venue", v.id, {"name": "Kanzleramt", "city": "Berlin", "tz": "Europe/Berlin"})
    return v


def _reasons(summary) -> str:
    return "\n".join(str(s) for s in summary.skipped)


def _stored(db, visit_id):
    return ent.list_for_visit(db, "event", visit_id)


def test_a_start_in_the_dst_gap_is_skipped_naming_the_event_and_the_time(db, visit, tmp_path):
    # 02:30 does not exist in Berlin on 31 March 2019; read as 01:30 UTC it ended at
    # 03:10 CEST = 01:10 UTC, before it started, and was stored like that.
    body = (vevent("gap", BERLIN + "20190331T023000", BERLIN + "20190331T031000", "Breakfast talks")
            + vevent("ok", BERLIN + "20190331T100000", BERLIN + "20190331T110000", "Press"))
    summary = import_ics(db, write(tmp_path, body), visit.id)
    assert summary.added == 1
    (skip,) = summary.skipped
    assert "'Breakfast talks'" in skip.where
    assert "DTSTART 2019-03-31 02:30 does not exist in Europe/Berlin" in skip.reason
    assert [e.title for e in _stored(db, visit.id)] == ["Press"]


def test_a_start_in_the_fold_is_skipped(db, visit, tmp_path):
    body = vevent("fold", BERLIN + "20191027T023000", BERLIN + "20191027T040000", "Night flight")
    summary = import_ics(db, write(tmp_path, body), visit.id)
    assert summary.added == 0
    assert "DTSTART 2019-10-27 02:30 happens twice in Europe/Berlin" in _reasons(summary)
    assert "'Night flight'" in summary.skipped[0].where


def test_an_end_in_the_gap_or_fold_is_skipped(db, visit, tmp_path):
    body = (vevent("a", BERLIN + "20190331T013000", BERLIN + "20190331T021500", "Gap end")
            + vevent("b", BERLIN + "20191027T013000", BERLIN + "20191027T024500", "Fold end"))
    summary = import_ics(db, write(tmp_path, body), visit.id)
    reasons = _reasons(summary)
    assert summary.added == 0
    assert "DTEND 2019-03-31 02:15 does not exist in Europe/Berlin" in reasons
    assert "DTEND 2019-10-27 02:45 happens twice in Europe/Berlin" in reasons


def test_floating_times_are_checked_in_the_venues_zone(db, visit, tmp_path):
    body = vevent("float", ":20190331T023000", ":20190331T033000", "Floating",
                  extra="LOCATION:Kanzleramt")
    summary = import_ics(db, write(tmp_path, body), visit.id)
    assert summary.added == 0
    assert "2019-03-31 02:30 does not exist in Europe/Berlin" in _reasons(summary)


def test_a_custom_vtimezone_with_dst_rules_is_checked_by_its_own_rules(db, visit, tmp_path):
    vtz = ("BEGIN:VTIMEZONE\r\nTZID:Berlin (Outlook)\r\n"
           "BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
           "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
           "BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
           "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n")
    tzid = ";TZID=Berlin (Outlook):"
    body = vtz + (vevent("gap", tzid + "20190331T023000", tzid + "20190331T033000", "Custom gap")
                  + vevent("ok", tzid + "20190331T100000", tzid + "20190331T110000", "Custom ok"))
    summary = import_ics(db, write(tmp_path, body), visit.id)
    assert summary.added == 1
    assert "2019-03-31 02:30 does not exist in Berlin (Outlook)" in _reasons(summary)
    (ev,) = _stored(db, visit.id)
    assert ev.starts_at == datetime(2019, 3, 31, 8, 0, tzinfo=UTC)  # 10:00 CEST


def test_a_daily_occurrence_in_the_gap_is_left_out_and_listed(db, visit, tmp_path):
    body = vevent("daily", BERLIN + "20190330T023000", BERLIN + "20190330T024500", "Night check",
                  extra="RRULE:FREQ=DAILY;COUNT=3")
    summary = import_ics(db, write(tmp_path, body), visit.id)
    starts = sorted(e.starts_at for e in _stored(db, visit.id))
    assert starts == [datetime(2019, 3, 30, 1, 30, tzinfo=UTC), datetime(2019, 4, 1, 0, 30, tzinfo=UTC)]
    (skip,) = summary.skipped
    assert "'Night check'" in skip.where
    assert "occurrence at 2019-03-31 02:30 does not exist in Europe/Berlin" in skip.reason


def test_occurrences_keep_their_exact_length_across_the_change(db, visit, tmp_path):
    body = vevent("late", BERLIN + "20190330T013000", BERLIN + "20190330T040000", "Long night",
                  extra="RRULE:FREQ=DAILY;COUNT=2")
    import_ics(db, write(tmp_path, body), visit.id)
    stored = _stored(db, visit.id)
    assert len(stored) == 2
    # 01:30-04:00 CET lasts 2 h 30; on the night of the change it ends at 05:00 CEST.
    assert all(e.ends_at - e.starts_at == timedelta(hours=2, minutes=30) for e in stored)


def test_strict_refuses_the_whole_file_for_a_gap_time_and_leaves_the_database(db, db_path, visit,
                                                                              tmp_path):
    body = (vevent("ok", BERLIN + "20190331T100000", BERLIN + "20190331T110000", "Fine")
            + vevent("gap", BERLIN + "20190331T023000", BERLIN + "20190331T031000", "Breakfast talks"))
    path = write(tmp_path, body)
    before = db_files_hash(db_path)
    with pytest.raises(ValidationError) as err:
        import_ics(db, path, visit.id, strict=True)
    assert "nothing was" in err.value.reason
    assert "'Breakfast talks'" in err.value.reason and "2019-03-31 02:30" in err.value.reason
    assert db_files_hash(db_path) == before
    assert _stored(db, visit.id) == []


def test_no_imported_event_ever_ends_before_it_starts(db, visit, tmp_path):
    body = "".join(vevent(f"e{h}{m}", BERLIN + f"20190331T{h:02d}{m:02d}00",
                          BERLIN + f"20190331T{(h + 1) % 24:02d}{m:02d}00", f"E {h}:{m}")
                   for h in range(0, 5) for m in (0, 30, 45))
    summary = import_ics(db, write(tmp_path, body), visit.id)
    stored = _stored(db, visit.id)
    assert stored and summary.skipped
    assert all(e.ends_at >= e.starts_at for e in stored)
