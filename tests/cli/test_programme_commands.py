"""import-programme / export-programme: what they print, exit codes, nothing written on a
refusal or a dry run, output paths that may not name the database."""

from __future__ import annotations

from briefing_app.cli import main
from tests.interop.helpers import db_files_hash


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_then_dry_run_then_import(capsys, demo_db_path, tmp_path):
    out_file = tmp_path / "programme.xlsx"
    code, out, err = run(capsys, "--db", demo_db_path, "export-programme", "China",
                         "--out", out_file)
    assert code == 0 and "17 events" in out and "Asia/Shanghai" in out and err == ""
    csv = tmp_path / "extra.csv"
    csv.write_text("Programme;Day;From;Until;Where\n"
                   "Wreath-laying;11.09.2019;08:00;08:30;Monument to the People's Heroes\n",
                   encoding="utf-8")
    before = db_files_hash(demo_db_path)
    code, out, _ = run(capsys, "--db", demo_db_path, "import-programme", csv, "--visit", "1",
                       "--dry-run", "--map", "title=Programme")
    assert code == 0 and "Dry run, nothing written" in out and "1 event added" in out
    assert "Monument to the People's Heroes" in out
    assert db_files_hash(demo_db_path) == before
    code, out, _ = run(capsys, "--db", demo_db_path, "import-programme", csv, "--visit", "1",
                       "--map", "Title=Programme")
    assert code == 0 and "1 event added, 0 updated; 1 venue added" in out and "Backup" in out
    code, out, _ = run(capsys, "--db", demo_db_path, "import-programme", out_file,
                       "--visit", "1", "--dry-run")
    assert code == 0 and "0 events added and 0 updated (17 already as the sheet says)" in out


def test_bad_rows_are_listed_and_nothing_is_written(capsys, demo_db_path, tmp_path):
    csv = tmp_path / "bad.csv"
    csv.write_text("Title,Date,Start,End\nGood,11.09.2019,10:00,11:00\n"
                   "Bad,11.09.2019,12:00,whenever\n,12.09.2019,10:00,11:00\n", encoding="utf-8")
    before = db_files_hash(demo_db_path)
    code, out, err = run(capsys, "--db", demo_db_path, "import-programme", csv, "--visit", "1")
    assert code == 1
    assert "row 3, End: 'whenever' is not a time" in err
    assert "row 4, Title:" in err
    assert "2 rows cannot be imported (listed above); nothing was written" in err
    assert "Traceback" not in err
    assert db_files_hash(demo_db_path) == before


def test_unusable_files_and_options_are_one_line(capsys, demo_db_path, tmp_path):
    before = db_files_hash(demo_db_path)
    for content, words in ((b"\x00\x01", "NUL"), (b"", "empty"),
                           (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls")):
        path = tmp_path / "x.csv"
        path.write_bytes(content)
        code, out, err = run(capsys, "--db", demo_db_path, "import-programme", path, "--visit", "1")
        assert code == 1 and words in err and err.count("\n") == 1, err
    path = tmp_path / "ok.csv"
    path.write_text("Title,Date,Start,End\nA,11.09.2019,10:00,11:00\n", encoding="utf-8")
    code, _out, err = run(capsys, "--db", demo_db_path, "import-programme", path, "--visit", "1",
                          "--map", "colour=Title")
    assert code == 1 and "'colour' is not a field" in err
    code, _out, err = run(capsys, "--db", demo_db_path, "import-programme", path, "--visit", "1",
                          "--map", "title=Nope")
    assert code == 1 and "the sheet has no column 'Nope'" in err
    code, _out, err = run(capsys, "--db", demo_db_path, "export-programme", "1",
                          "--out", demo_db_path)
    assert code == 1 and "open database" in err
    assert db_files_hash(demo_db_path) == before
