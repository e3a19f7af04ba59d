"""Programme spreadsheets: rows checked one by one and named, times in the venue's zone,
an import that is all or nothing and one undo step, an export that imports back."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import openpyxl
import pytest

from briefing_app.core.errors import ValidationError
from briefing_app.core.ops import changes
from briefing_app.core.ops import entities as ent
from briefing_app.interop.programme_import import (
    ProgrammeRefused,
    import_programme,
    preview_programme,
)
from briefing_app.interop.programme_sheet import guess_mapping
from briefing_app.interop.programme_xlsx import export_programme
from briefing_app.interop.sheet_cells import CellError, to_date, to_datetime, to_time
from briefing_app.interop.sheet_read import read_sheet

from .helpers import db_files_hash


@pytest.fixture
def visit(db):
    v = ent.create(db, "visit", None, {"title": "Visit to China", "visit_type": "state visit",
                                        "start_date": "2019-09-10", "end_date": "2019-09-12",
                                        "home_tz": "Asia/Almaty"})
    ent.create(db, "venue", v.id, {"name": "Great Hall of the People", "city": "Beijing",
                                   "tz": "Asia/Shanghai"})
    return v


@pytest.fixture
def berlin(db):
    """A visit over the night the clocks go forward (31 March 2019) and back (27 Oct)."""
    return ent.create(db, "visit", None, {"title": "Berlin", "visit_type": "working visit",
                                          "start_date": "2019-03-30", "end_date": "2019-10-28",
                                          "home_tz": "Europe/Berlin"})


def _csv(tmp_path, text: str, encoding: str = "utf-8", name: str = "p.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _import(db, visit_id, path, **kw):
    sheet = read_sheet(path)
    return import_programme(db, visit_id, sheet, guess_mapping(sheet.headers), **kw)


def test_cells_as_people_type_them():
    days = (date(2024, 3, 28), date(2024, 3, 31))
    for text in ("2024-03-29", "29.03.2024", "29/03/2024", "29-03-2024", "29 Mar", "29 March 2024",
                 "Fri 29 Mar", "March 29, 2024", datetime(2024, 3, 29), 45380):
        assert to_date(text, days) == date(2024, 3, 29), text
    for text, want in (("09:30", time(9, 30)), ("9.30", time(9, 30)), ("0930", time(9, 30)),
                       ("9:30 pm", time(21, 30)), ("12 am", time(0)), (0.5, time(12))):
        assert to_time(text) == want, text
    assert to_datetime("2024-03-29 09:30", None, days) == datetime(2024, 3, 29, 9, 30)
    assert to_datetime("10:00", date(2024, 3, 29), days) == datetime(2024, 3, 29, 10)
    for bad, words in (("31.02.2024", "not a date of the calendar"), ("29 Foo", "month name"),
                       ("03/04/24", "four digits"), ("soon", "not a date")):
        with pytest.raises(CellError, match=words):
            to_date(bad, days)
    for bad in ("25:00", "13 pm", "noon", 1.5):
        with pytest.raises(CellError):
            to_time(bad)
    with pytest.raises(CellError, match="has no date"):
        to_datetime("09:30", None, days)


def test_header_names_are_recognised():
    headers = ("Programme item", "Day", "From", "Until", "Where", "Type", "Remarks")
    assert guess_mapping(headers) == {"title": 0, "date": 1, "start": 2, "end": 3, "venue": 4,
                                      "kind": 5, "notes": 6}
    # The home-time columns of an export are never taken for the venue's.
    exported = ("Date", "Start", "End", "Zone", "Time zone", "Home date", "Home start", "Title")
    assert guess_mapping(exported) == {"date": 0, "start": 1, "end": 2, "tz": 4, "title": 7}


def test_csv_rows_become_events_in_the_venue_zone(db, visit, tmp_path):
    path = _csv(tmp_path, "Event;Date;Start;End;Venue;Kind\n"
                "Talks;11.09.2019;10:00;11:30;Great Hall of the People;talks\n"
                "Dinner;11 Sep;19:00;21:00;Diaoyutai;meal\n"
                "Bilateral;12.09.2019;09:00;10:00;Diaoyutai;\n")
    summary = _import(db, visit.id, path)
    assert (summary.added, summary.updated, summary.venues_added) == (3, 0, ("Diaoyutai",))
    events = {e.title: e for e in ent.list_for_visit(db, "event", visit.id)}
    talks = events["Talks"]
    assert talks.tz == "Asia/Shanghai" and talks.event_type == "talks"
    assert talks.starts_at == datetime(2019, 9, 11, 2, 0, tzinfo=UTC)  # 10:00 CST
    assert events["Bilateral"].event_type == "other"
    venues = {v.name: v for v in ent.list_for_visit(db, "venue", visit.id)}
    assert events["Dinner"].venue_id == events["Bilateral"].venue_id == venues["Diaoyutai"].id
    # No zone column and a new venue: the zone the visit's events use most.
    assert venues["Diaoyutai"].tz == "Asia/Shanghai"


@pytest.mark.parametrize("encoding,prefix", [("utf-8", ""), ("utf-8", "\ufeff"), ("cp1252", "")])
@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_csv_encodings_and_delimiters(db, visit, tmp_path, encoding, prefix, sep):
    title = "Déjeuner officiel" if encoding == "cp1252" else "Переговоры Тоқаев 习近平"
    lines = [sep.join(["Title", "Date", "Start", "End"]),
             sep.join([title, "2019-09-11", "12:00", "13:00"])]
    path = _csv(tmp_path, prefix + "\r\n".join(lines) + "\r\n", encoding)
    sheet = read_sheet(path)
    assert sheet.headers == ("Title", "Date", "Start", "End")
    _import(db, visit.id, path)
    assert [e.title for e in ent.list_for_visit(db, "event", visit.id)] == [title]


def test_every_bad_row_is_named_and_nothing_is_written(db, db_path, visit, tmp_path):
    path = _csv(tmp_path, "Title,Date,Start,End,Time zone,Status\n"
                "Fine,11.09.2019,10:00,11:00,,\n"
                ",11.09.2019,10:00,11:00,,\n"
                "Backwards,11.09.2019,12:00,11:00,,\n"
                "Too early,01.01.2019,10:00,11:00,,\n"
                "Zone,11.09.2019,10:00,11:00,Asia/Atlantis,\n"
                "Status,11.09.2019,10:00,11:00,,maybe\n"
                "Date,31.02.2019,10:00,11:00,,\n"
                "Time,11.09.2019,25:00,26:00,,\n")
    before = db_files_hash(db_path)
    sheet = read_sheet(path)
    plan = preview_programme(db, visit.id, sheet, guess_mapping(sheet.headers))
    got = {p.row: str(p) for p in plan.problems}
    assert sorted(got) == [3, 4, 5, 6, 7, 8, 9]
    assert "row 3, Title:" in got[3] and "required" in got[3]
    assert "row 4, End:" in got[4] and "before the start" in got[4]
    assert "row 5, Date:" in got[5] and "outside the visit" in got[5]
    assert "row 6, Time zone:" in got[6] and "Asia/Atlantis" in got[6]
    assert "row 7, Status:" in got[7] and "proposed, confirmed, cancelled" in got[7]
    assert "row 8, Date:" in got[8]
    assert "row 9, Start:" in got[9]
    with pytest.raises(ProgrammeRefused, match="7 rows cannot be imported, so nothing was"):
        import_programme(db, visit.id, sheet, guess_mapping(sheet.headers))
    assert db_files_hash(db_path) == before
    assert ent.list_for_visit(db, "event", visit.id) == []


def test_a_time_the_clocks_skip_or_repeat_is_refused_by_name(db, berlin, tmp_path):
    path = _csv(tmp_path, "Title,Date,Start,End,Time zone\n"
                "Gap,31.03.2019,02:30,04:00,Europe/Berlin\n"
                "Fold,27.10.2019,02:30,04:00,Europe/Berlin\n"
                "Across,31.03.2019,01:30,03:30,Europe/Berlin\n")
    sheet = read_sheet(path)
    plan = preview_programme(db, berlin.id, sheet, guess_mapping(sheet.headers))
    got = {p.row: str(p) for p in plan.problems}
    assert "2019-03-31 02:30 does not exist in Europe/Berlin" in got[2]
    assert "2019-10-27 02:30 happens twice in Europe/Berlin" in got[3]
    assert 4 not in got  # 01:30 CET to 03:30 CEST is one real hour
    (across,) = plan.events
    assert across.values["ends_at"] - across.values["starts_at"] == \
        datetime(2019, 3, 31, 1, 30) - datetime(2019, 3, 31, 0, 30)


def test_missing_columns_are_named_before_any_row(db, visit, tmp_path):
    path = _csv(tmp_path, "Subject,When\nTalks,10:00\n")
    sheet = read_sheet(path)
    plan = preview_programme(db, visit.id, sheet, guess_mapping(sheet.headers))
    assert "choose the column that holds the start time" in plan.mapping_problems
    assert not plan.ok
    with pytest.raises(ValidationError, match="end time"):
        import_programme(db, visit.id, sheet, guess_mapping(sheet.headers))


def test_the_import_is_one_undoable_step(db, visit, tmp_path):
    path = _csv(tmp_path, "Title,Date,Start,End,Venue\n"
                "A,11.09.2019,10:00,11:00,New hall\nB,11.09.2019,12:00,13:00,New hall\n")
    sheet = read_sheet(path)
    step = changes.run(import_programme, db, visit.id, sheet, guess_mapping(sheet.headers),
                       backup=False)
    assert step.value.added == 2
    assert step.changes.kinds >= {"event", "venue"}
    assert len(ent.list_for_visit(db, "event", visit.id)) == 2
    redo = step.reverse.apply(db)
    assert ent.list_for_visit(db, "event", visit.id) == []
    assert [v.name for v in ent.list_for_visit(db, "venue", visit.id)] == [
        "Great Hall of the People"]
    redo.reverse.apply(db)
    assert sorted(e.title for e in ent.list_for_visit(db, "event", visit.id)) == ["A", "B"]


def test_export_has_venue_and_home_times_and_imports_back(demo_db, tmp_path):
    visit = demo_db_visit(demo_db)
    out = tmp_path / "programme.xlsx"
    result = export_programme(demo_db, visit.id, out)
    events = ent.list_for_visit(demo_db, "event", visit.id)
    assert result.events == len(events) and out.exists()
    ws = openpyxl.load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    head = rows[0]
    assert head[:9] == ("Date", "Start", "End", "Zone", "Time zone", "Home date", "Home start",
                        "Home end", "Home zone")
    by_title = {r[head.index("Title")]: r for r in rows[1:]}
    talks = next(e for e in events if e.tz == "Asia/Shanghai" and e.event_type == "talks")
    row = by_title[talks.title]
    venue_start = talks.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai"))
    home_start = talks.starts_at.astimezone(__import__("zoneinfo").ZoneInfo(visit.home_tz))
    assert row[1] == venue_start.time().replace(tzinfo=None)
    assert row[6] == home_start.time().replace(tzinfo=None)
    assert row[3] == "CST" and row[4] == "Asia/Shanghai" and row[8] == "UTC+6"
    assert row[head.index("ID")] == talks.uuid
    # The same sheet imported back changes nothing; an edited title updates that event.
    sheet = read_sheet(out)
    plan = preview_programme(demo_db, visit.id, sheet, guess_mapping(sheet.headers))
    assert plan.ok and plan.counts() == (0, 0, len(events))
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    title_col = head.index("Title") + 1
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, title_col).value == talks.title:
            ws.cell(r, title_col).value = "Talks, renamed in the spreadsheet"
    wb.save(out)
    summary = _import(demo_db, visit.id, out)
    assert (summary.added, summary.updated) == (0, 1)
    assert ent.get(demo_db, "event", talks.id).title == "Talks, renamed in the spreadsheet"
    assert ent.get(demo_db, "event", talks.id).starts_at == talks.starts_at


def test_text_that_looks_like_a_formula_is_exported_as_text(db, visit, tmp_path):
    ent.create(db, "event", visit.id, {
        "title": '=HYPERLINK("http://127.0.0.1/x","click")', "event_type": "talks",
        "starts_at": datetime(2019, 9, 11, 2, tzinfo=UTC),
        "ends_at": datetime(2019, 9, 11, 3, tzinfo=UTC), "tz": "Asia/Shanghai"})
    out = tmp_path / "p.xlsx"
    export_programme(db, visit.id, out)
    ws = openpyxl.load_workbook(out).active
    cell = ws.cell(2, 10)
    assert cell.value == '=HYPERLINK("http://127.0.0.1/x","click")'
    assert cell.data_type == "s"


def test_export_never_writes_over_the_database(db, db_path, visit):
    before = db_files_hash(db_path)
    with pytest.raises(ValidationError, match="open database"):
        export_programme(db, visit.id, db_path)
    assert db_files_hash(db_path) == before


def demo_db_visit(db):
    from briefing_app.core.ops.visits import list_visits

    return list_visits(db)[0]
