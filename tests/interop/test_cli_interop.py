"""The exchange commands: output, exit codes, one-line errors, database untouched on refusal."""

from __future__ import annotations

import json

import pytest

from briefing_app.cli import main

from .helpers import db_files_hash

pytestmark = pytest.mark.sqlite_only(reason="the interop commands run on database files")


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_bundle_between_two_databases(capsys, demo_db_path, db_path, tmp_path):
    bundle = tmp_path / "visit.json"
    code, out, _ = run(capsys, "--db", demo_db_path, "export-bundle", "China", "--out", bundle)
    assert code == 0 and "17 events" in out and bundle.exists()
    code, out, _ = run(capsys, "--db", db_path, "import-bundle", bundle)
    assert code == 0 and "Added visit #1" in out
    assert "events: 17 added, 0 updated, 0 left alone" in out and "Backup taken" in out
    code, out, _ = run(capsys, "--db", db_path, "import-bundle", bundle)
    assert code == 0 and "Nothing to change" in out


def test_refused_bundle_is_one_line_and_the_database_is_unchanged(capsys, demo_db_path, tmp_path):
    bundle = tmp_path / "visit.json"
    run(capsys, "--db", demo_db_path, "export-bundle", "1", "--out", bundle)
    data = json.loads(bundle.read_text(encoding="utf-8"))
    data["events"][3]["tz"] = "Nowhere/Special"
    bundle.write_text(json.dumps(data), encoding="utf-8")
    before = db_files_hash(demo_db_path)
    code, out, err = run(capsys, "--db", demo_db_path, "import-bundle", bundle)
    assert code == 1 and out == ""
    assert err.strip().count("\n") == 0
    assert "events[3].tz: unknown time zone 'Nowhere/Special'" in err
    assert "Traceback" not in err
    assert db_files_hash(demo_db_path) == before


def test_deep_json_via_cli(capsys, db_path, tmp_path):
    bundle = tmp_path / "deep.json"
    bundle.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    code, _out, err = run(capsys, "--db", db_path, "import-bundle", bundle)
    assert code == 1 and "nested more than 32 levels" in err


def test_ics_export_person_and_import(capsys, demo_db_path, tmp_path):
    ics = tmp_path / "programme.ics"
    code, out, _ = run(capsys, "--db", demo_db_path, "export-ics", "China", "--out", ics)
    assert code == 0 and "17 events" in out and "Asia/Almaty, Asia/Shanghai" in out
    code, out, _ = run(capsys, "--db", demo_db_path, "export-ics", "1", "--out", ics, "--person", "1")
    assert code == 0 and "for Қасым-Жомарт Тоқаев" in out
    code, out, _ = run(capsys, "--db", demo_db_path, "import-ics", ics, "--visit", "1")
    assert code == 0 and "0 events added, 0 updated" in out
    code, _out, err = run(capsys, "--db", demo_db_path, "export-ics", "1", "--out", ics, "--person", "999")
    assert code == 1 and "person #999 is not part of visit #1" in err


def test_ics_import_lists_skipped_events(capsys, demo_db_path, tmp_path):
    ics = tmp_path / "in.ics"
    ics.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:1\r\n"
                   "SUMMARY:Lunch\r\nDTSTART;TZID=Asia/Shanghai:20190911T120000\r\nEND:VEVENT\r\n"
                   "BEGIN:VEVENT\r\nUID:2\r\nSUMMARY:Bad\r\nDTSTART;TZID=Atlantis:20190911T120000\r\n"
                   "END:VEVENT\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    code, out, err = run(capsys, "--db", demo_db_path, "import-ics", ics, "--visit", "1")
    assert code == 0 and "1 events added" in out
    assert "Skipped 1:" in err and "unknown time zone 'Atlantis'" in err
    code, _out, err = run(capsys, "--db", demo_db_path, "import-ics", ics, "--visit", "1", "--strict")
    assert code == 1 and "nothing was" in err


def test_ics_import_strict_refuses_a_dst_gap_time_naming_event_and_time(capsys, demo_db_path,
                                                                       tmp_path):
    """The demo runs 10-12 September 2019; a calendar for a Berlin stop that spring."""
    ics = tmp_path / "berlin.ics"
    ics.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:g\r\n"
                   "SUMMARY:Early call\r\nDTSTART;TZID=Europe/Berlin:20190331T023000\r\n"
                   "DTEND;TZID=Europe/Berlin:20190331T031000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
                   encoding="utf-8")
    before = db_files_hash(demo_db_path)
    code, _out, err = run(capsys, "--db", demo_db_path, "import-ics", ics, "--visit", "1", "--strict")
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "'Early call'" in err and "2019-03-31 02:30 does not exist in Europe/Berlin" in err
    assert db_files_hash(demo_db_path) == before
