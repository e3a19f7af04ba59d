"""Dates, instants and time zones have sane bounds in the one validation every route uses:
operations (and so the window's forms), bundle import and calendar import."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from briefing_app.cli import main
from briefing_app.core.database import Database
from briefing_app.core.errors import ValidationError
from briefing_app.core.facts import is_stale
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops.visits import duplicate_visit, list_visits
from briefing_app.core.validation import clean, instant, region_zones, wall_clock
from briefing_app.interop.bundle_export import bundle_dict
from briefing_app.interop.bundle_read import parse_bundle
from tests.interop.helpers import db_files_hash

VISIT = {"title": "T", "visit_type": "working visit", "start_date": "2019-09-10",
         "end_date": "2019-09-12", "home_tz": "Asia/Almaty"}


@pytest.mark.parametrize("value", ["0001-01-01", "1899-12-31", "2201-01-01", "9999-12-31"])
def test_dates_outside_1900_to_2200_are_refused(value: str) -> None:
    with pytest.raises(ValidationError) as err:
        clean("visit", {"start_date": value}, partial=True)
    assert err.value.field == "start_date"
    assert f"year {int(value[:4])} is out of range (this app takes 1900–2200)" in err.value.reason
    with pytest.raises(ValidationError, match="out of range"):
        clean("fact", {"as_of": value}, partial=True)


@pytest.mark.parametrize("value", ["1900-01-01", "2200-12-31"])
def test_the_bounds_themselves_are_accepted(value: str) -> None:
    assert clean("visit", {"start_date": value}, partial=True)["start_date"] == \
        date.fromisoformat(value)


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+00:00", "2200-12-31T23:00:00-05:00",
                                   "1899-12-31T23:00:00+00:00"])
def test_instants_outside_the_bounds_are_refused(value: str) -> None:
    with pytest.raises(ValidationError, match="out of range"):
        instant("starts_at", value)
    with pytest.raises(ValidationError, match="out of range"):
        instant("starts_at", datetime.fromisoformat(value))


def test_wall_clock_times_are_bounded() -> None:
    with pytest.raises(ValidationError, match="year 1 is out of range"):
        wall_clock("start", "0001-01-01 10:00")
    assert wall_clock("start", "2019-09-11 10:00") == datetime(2019, 9, 11, 10, 0)


def test_operations_refuse_an_event_or_visit_in_year_1(db: Database) -> None:
    with pytest.raises(ValidationError, match="start_date: year 1 is out of range"):
        ent.create(db, "visit", None, VISIT | {"start_date": "0001-01-01"})
    visit = ent.create(db, "visit", None, VISIT)
    event = {"title": "Talks", "event_type": "talks", "tz": "Asia/Shanghai"}
    with pytest.raises(ValidationError, match="start: year 1 is out of range"):
        ent.create(db, "event", visit.id, event | {"start_local": "0001-01-01 10:00",
                                                    "end_local": "2019-09-11 11:00"})
    with pytest.raises(ValidationError, match="end: year 9999 is out of range"):
        ent.create(db, "event", visit.id, event | {
            "starts_at": datetime(2019, 9, 11, 2, tzinfo=UTC),
            "ends_at": datetime(9999, 12, 31, tzinfo=UTC)})
    with pytest.raises(ValidationError, match="year 2201 is out of range"):
        duplicate_visit(db, visit.id, "Next", "2201-01-01")
    assert len(ent.list_for_visit(db, "event", visit.id)) == 0


@pytest.mark.parametrize("name", ["localtime", "Factory", "Etc/GMT-6", "Etc/GMT+5", "EST",
                                  "MST7MDT", "GMT", "US/Eastern", "posixrules", "Zulu",
                                  "Asia", "Etc/Unknown"])
def test_only_a_place_s_zone_or_utc_is_a_time_zone(name: str) -> None:
    with pytest.raises(ValidationError) as err:
        clean("venue", {"tz": name}, partial=True)
    assert err.value.field == "tz"
    assert "time zone" in err.value.reason


@pytest.mark.parametrize("name", ["UTC", "Etc/UTC", "Asia/Almaty", "Asia/Shanghai",
                                  "America/Argentina/Buenos_Aires", "Europe/Kyiv",
                                  "Pacific/Chatham", "Antarctica/Troll"])
def test_real_zones_are_accepted(name: str) -> None:
    assert clean("venue", {"tz": name}, partial=True)["tz"] == name
    assert name in region_zones()


def test_a_huge_refused_value_is_quoted_short() -> None:
    for kind, values in (("visit", {"visit_type": "x" * 1_000_000}), ("venue", {"tz": "Z" * 100_000}),
                         ("visit", {"start_date": "9" * 100_000}),
                         ("talking_point", {"priority": "7" * 100_000})):
        with pytest.raises(ValidationError) as err:
            clean(kind, values, partial=True)
        assert len(str(err.value)) < 300, (kind, len(str(err.value)))


def test_staleness_of_a_year_1_visit_stored_before_the_bounds(demo_db: Database) -> None:
    visit = list_visits(demo_db)[0]
    fact = ent.list_for_visit(demo_db, "fact", visit.id)[0]
    early = type(visit)(**{**visit.__dict__, "start_date": date(1, 1, 1)})
    assert is_stale(fact, early) is False  # no OverflowError


@pytest.fixture
def demo_bundle(demo_db: Database) -> dict:
    return json.loads(json.dumps(bundle_dict(demo_db, list_visits(demo_db)[0].id)))


@pytest.mark.parametrize("where,value,path", [
    (("visit", "start_date"), "0001-01-01", "visit.start_date"),
    (("facts", 0, "as_of"), "0001-01-01", "facts[0].as_of"),
    (("events", 0, "starts_at"), "0001-01-01T00:00:00+00:00", "events[0].starts_at"),
    (("venues", 0, "tz"), "localtime", "venues[0].tz"),
    (("events", 1, "end_tz"), "Factory", "events[1].end_tz"),
    (("visit", "home_tz"), "Etc/GMT-6", "visit.home_tz"),
])
def test_bundle_values_out_of_bounds_are_refused_by_path(demo_bundle: dict, where: tuple,
                                                         value: str, path: str) -> None:
    row = demo_bundle[where[0]] if len(where) == 2 else demo_bundle[where[0]][where[1]]
    row[where[-1]] = value
    with pytest.raises(ValidationError) as err:
        parse_bundle(json.dumps(demo_bundle).encode())
    assert err.value.field == path


def test_cli_refuses_a_year_1_bundle_and_leaves_the_database(
        demo_bundle: dict, db_path: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    demo_bundle["visit"]["start_date"] = "0001-01-01"
    bundle = tmp_path / "year1.json"
    bundle.write_text(json.dumps(demo_bundle), encoding="utf-8")
    before = db_files_hash(db_path)
    assert main(["--db", str(db_path), "import-bundle", str(bundle)]) == 1
    err = capsys.readouterr().err
    assert "visit.start_date: year 1 is out of range" in err
    assert "internal error" not in err
    assert db_files_hash(db_path) == before


def test_calendar_import_goes_through_the_same_zone_rule(db: Database, tmp_path: Path) -> None:
    from briefing_app.interop.ics_import import import_ics

    visit = ent.create(db, "visit", None, VISIT)
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:Talks\r\nDTSTART;TZID={tz}:20190911T100000\r\n"
        f"DTEND;TZID={tz}:20190911T110000\r\nEND:VEVENT\r\n"
        for uid, tz in (("ok", "Asia/Shanghai"), ("local", "localtime"), ("factory", "Factory")))
    path = tmp_path / "zones.ics"
    path.write_bytes((head + body + "END:VCALENDAR\r\n").encode())
    summary = import_ics(db, path, visit.id)
    assert summary.added == 1
    reasons = "\n".join(str(s) for s in summary.skipped)
    assert "'localtime' is not the time zone of a place" in reasons
    assert "'Factory' is not the time zone of a place" in reasons


@pytest.mark.parametrize("tz", [["Asia/Almaty"], {"a": 1}, 7, "Z" * 100_000])
def test_a_time_zone_that_is_not_a_name_is_refused_not_a_crash(db: Database, tz: object) -> None:
    visit = ent.create(db, "visit", None, VISIT)
    with pytest.raises(ValidationError) as err:
        ent.create(db, "event", visit.id, {"title": "Talks", "event_type": "talks", "tz": tz,
                                            "start_local": "2019-09-11 10:00",
                                            "end_local": "2019-09-11 11:00"})
    assert err.value.field in ("tz", "start") and len(str(err.value)) < 200


def test_a_pack_prints_for_a_year_1_visit_stored_before_the_bounds(
        demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Before the bounds, such a bundle was accepted and the export then ended in
    'internal error: OverflowError'."""
    import sqlite3

    with sqlite3.connect(demo_db_path) as conn:
        conn.execute("UPDATE visits SET start_date = '0001-01-01'")
    conn.close()
    out = tmp_path / "pack.pdf"
    assert main(["--db", str(demo_db_path), "export", "1", "--out", str(out)]) == 0
    assert "internal error" not in capsys.readouterr().err
    assert out.stat().st_size > 0
