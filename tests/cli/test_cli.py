"""The command line: every command, its output and its error exits (no tracebacks)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_app.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_list_show(capsys, db_path):
    code, out, _ = run(capsys, "--db", str(db_path), "demo")
    assert code == 0 and "Loaded the demo visit" in out
    code, out, _ = run(capsys, "--db", str(db_path), "demo")
    assert code == 0 and "already there" in out
    code, out, _ = run(capsys, "--db", str(db_path), "list")
    assert code == 0 and "2019-09-10 – 2019-09-12" in out
    code, out, _ = run(capsys, "--db", str(db_path), "show", "China")
    assert code == 0
    assert "Wednesday 11 September 2019" in out
    assert "10:00 CST (08:00 UTC+6 home)" in out
    assert "Қасым-Жомарт Тоқаев" in out and "习近平" in out
    assert "12:00 UTC+6 (12:00 UTC+6 home) – 18:40 CST" in out  # the flight lands in Beijing


def test_show_marks_conflicts(capsys, demo_db_path):
    from briefing_app.core.database import open_database
    from briefing_app.core.ops import entities as ent
    from briefing_app.core.ops import links
    from briefing_app.core.ops.visits import list_visits

    db = open_database(demo_db_path)
    visit = list_visits(db)[0]
    ev = ent.create(db, "event", visit.id, {"title": "Extra interview", "event_type": "press",
                                            "tz": "Asia/Shanghai", "start_local": "2019-09-11 10:15",
                                            "end_local": "2019-09-11 10:30"})
    links.set_participant(db, ev.id, visit.principal_id, "principal")
    db.close()
    code, out, _ = run(capsys, "--db", str(demo_db_path), "show", "1")
    assert code == 0
    assert " ! 10:15 CST" in out and "Conflicts (1):" in out
    code, out, _ = run(capsys, "--db", str(demo_db_path), "check")
    assert code == 1 and "venue clash" in out


def test_check_clean_database(capsys, demo_db_path):
    code, out, _ = run(capsys, "--db", str(demo_db_path), "check")
    assert code == 0 and "integrity ok" in out


def test_check_names_an_old_event_that_ends_before_it_starts(capsys, demo_db_path):
    """No route stores one today; a file from an older version (or edited by hand) may."""
    import sqlite3

    con = sqlite3.connect(demo_db_path)
    event_id, title = con.execute("SELECT id, title FROM events ORDER BY id LIMIT 1").fetchone()
    with con:
        con.execute("UPDATE events SET ends_at = datetime(starts_at, '-1 hour') WHERE id = ?",
                    (event_id,))
    con.close()
    code, out, _ = run(capsys, "--db", str(demo_db_path), "check")
    assert code == 1
    assert f"event #{event_id} {title!r} ends before it starts" in out


def test_search(capsys, demo_db_path):
    code, out, _ = run(capsys, "--db", str(demo_db_path), "search", "阿里")
    assert code == 0 and "马云" in out
    code, out, _ = run(capsys, "--db", str(demo_db_path), "search", "тоқаев", "--visit", "1")
    assert code == 0 and "Person\tҚасым-Жомарт Тоқаев" in out
    code, out, _ = run(capsys, "--db", str(demo_db_path), "search", "nothing-like-this")
    assert code == 0 and "No matches" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show", "Mars"], "no visit matches 'Mars'"),
        (["search", " "], "type something"),
        (["search", "x", "--visit", "99"], "no visit matches '99'"),
    ],
)
def test_errors_are_one_line_with_status_1(capsys, demo_db_path, argv, message):
    code, out, err = run(capsys, "--db", str(demo_db_path), *argv)
    assert code == 1
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_bad_database_file_is_a_clear_error(capsys, tmp_path):
    bad = tmp_path / "notes.sqlite"
    bad.write_text("these are my notes, not a database")
    code, _, err = run(capsys, "--db", str(bad), "list")
    assert code == 1 and "not a Briefing App database" in err and "Traceback" not in err
    assert bad.read_text() == "these are my notes, not a database"


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["show"])
    assert exc.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("launcher", [["-m", "briefing_app"], [str(ROOT / "main.py")]])
def test_entry_points_run_the_same_program(tmp_path, launcher):
    env = dict(os.environ)
    out = subprocess.run([sys.executable, *launcher, "--db", str(tmp_path / "x.sqlite"), "demo"],
                         capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "Loaded the demo visit" in out.stdout


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], (True, None)),
        (["gui"], (True, None)),
        (["--db", "x.sqlite"], (True, "x.sqlite")),
        (["--db=x.sqlite", "gui"], (True, "x.sqlite")),
        (["gui", "--screenshot", "a.png"], (False, None)),
        (["--help"], (False, None)),
        (["list"], (False, None)),
        (["--db", "x.sqlite", "show", "1"], (False, "x.sqlite")),
    ],
)
def test_plain_window_fast_path_is_taken_only_for_the_window(argv, expected):
    from briefing_app.cli import _plain_window

    assert _plain_window(argv) == expected


def test_no_command_opens_the_window_with_the_given_database(monkeypatch):
    import briefing_app.cli.gui_command as gui_command

    opened = []
    monkeypatch.setattr(gui_command, "open_window", lambda db: opened.append(db) or 0)
    assert main(["--db", "some.sqlite"]) == 0
    assert main([]) == 0
    assert opened == ["some.sqlite", None]


@pytest.mark.parametrize("command", [["list"], ["show", "1"], ["check"], ["search", "x"],
                                     ["export", "1", "--out", "x.pdf"]])
def test_reading_commands_never_create_a_database(capsys, tmp_path, command):
    missing = tmp_path / "typo" / "briefing.sqlite"
    code, _, err = run(capsys, "--db", str(missing), *command)
    assert code == 1 and "there is no database at" in err
    assert not missing.parent.exists()


def test_demo_creates_a_new_database(capsys, tmp_path):
    fresh = tmp_path / "new" / "briefing.sqlite"
    code, out, _ = run(capsys, "--db", str(fresh), "demo")
    assert code == 0 and fresh.exists()


def test_empty_db_option_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--db", "", "list"])
    assert exc.value.code == 2
