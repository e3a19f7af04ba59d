"""Only a schema the app's migrations made is opened: planted triggers, views, tables and
indexes are refused (named), never run; empty or unversioned SQLite files are never
filled without consent; the data of a refused file can be copied into a clean one."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from briefing_app.cli import main
from briefing_app.core import schema_check
from briefing_app.core.database import open_database
from briefing_app.core.file_check import DatabaseFileError
from briefing_app.core.schema_version import HEAD_REVISION

pytestmark = pytest.mark.sqlite_only(reason="the SQLite file's schema checked on open")

LEAK = ("CREATE TRIGGER leak AFTER UPDATE ON events BEGIN "
        "UPDATE events SET press_line = coalesce((SELECT background_nfd FROM event_briefs "
        "WHERE event_id = NEW.id), press_line) WHERE id = NEW.id; END")


def _sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        for st in statements:
            conn.execute(st)
        conn.commit()
    finally:
        conn.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _folder(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


@pytest.mark.parametrize(("plant", "named"), [
    (LEAK, "trigger leak on events"),
    ("CREATE VIEW press_view AS SELECT background_nfd FROM event_briefs", "view press_view"),
    ("CREATE TABLE stash (x TEXT)", "table stash"),
    ("CREATE INDEX sneaky ON events(press_line)", "index sneaky on events"),
])
def test_objects_the_app_did_not_create_are_refused_by_name(demo_db_path, plant, named):
    _sql(demo_db_path, plant)
    before, listing = _digest(demo_db_path), _folder(demo_db_path)
    with pytest.raises(DatabaseFileError) as info:
        open_database(demo_db_path)
    assert info.value.kind == "schema"
    assert named in str(info.value) and "did not create" in str(info.value)
    assert "clean-copy" in str(info.value)
    assert _digest(demo_db_path) == before and _folder(demo_db_path) == listing


def test_a_planted_trigger_never_fires_through_the_command_line(capsys, demo_db_path):
    _sql(demo_db_path, "UPDATE event_briefs SET background_nfd = 'SECRET-NFD'", LEAK,
         "UPDATE events SET press_line = 'public line'")
    _sql(demo_db_path, "DROP TRIGGER leak", LEAK)  # planted after the data was written
    before = _digest(demo_db_path)
    for argv in (["list"], ["show", "1"], ["search", "Alibaba"],
                 ["export", "1", "--edition", "press", "--out", str(demo_db_path.parent / "p.pdf")]):
        code = main(["--db", str(demo_db_path), *argv])
        err = capsys.readouterr().err
        assert code == 1 and "trigger leak on events" in err and "Traceback" not in err
    assert _digest(demo_db_path) == before
    assert not (demo_db_path.parent / "p.pdf").exists()


def test_check_lists_the_foreign_objects(capsys, demo_db_path):
    _sql(demo_db_path, LEAK, "CREATE VIEW press_view AS SELECT 1")
    code = main(["--db", str(demo_db_path), "check"])
    out = capsys.readouterr().out
    assert code == 1
    assert "schema: trigger leak on events" in out and "schema: view press_view" in out


def test_a_changed_or_missing_app_object_is_refused(db_path):
    with sqlite3.connect(db_path) as conn:
        body = conn.execute("SELECT sql FROM sqlite_master WHERE name='events_ad'").fetchone()[0]
    conn.close()
    _sql(db_path, "DROP TRIGGER events_ad",
         body.replace("END", "UPDATE events SET press_line = 'x'; END"))
    with pytest.raises(DatabaseFileError, match=r"trigger events_ad on events \(changed\)"):
        open_database(db_path)
    _sql(db_path, "DROP TRIGGER events_ad")
    with pytest.raises(DatabaseFileError, match=r"missing parts.*events_ad on events \(missing\)"):
        open_database(db_path)


def test_clean_copy_keeps_the_data_and_leaves_the_planted_objects_behind(capsys, demo_db_path):
    _sql(demo_db_path, LEAK, "CREATE TABLE stash (x TEXT)")
    before = _digest(demo_db_path)
    out = demo_db_path.parent / "clean.sqlite"
    code = main(["--db", str(demo_db_path), "clean-copy", str(out)])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert "trigger leak on events" in printed.out and "table stash" in printed.out
    assert _digest(demo_db_path) == before
    counts = "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM people), " \
             "(SELECT count(*) FROM talking_points), (SELECT group_concat(title) FROM visits)"
    with sqlite3.connect(f"file:{demo_db_path}?mode=ro", uri=True) as a, sqlite3.connect(out) as b:
        assert a.execute(counts).fetchone() == b.execute(counts).fetchone()
        names = {r[0] for r in b.execute("SELECT name FROM sqlite_master")}
        index = "SELECT (SELECT count(*) FROM search_index_dirty), " \
                "(SELECT group_concat(key) FROM (SELECT key FROM search_index_docs ORDER BY key))"
        assert b.execute(index).fetchone() == a.execute(index).fetchone()  # indexed, complete
    a.close()
    b.close()
    assert "leak" not in names and "stash" not in names
    db = open_database(out)  # recognised as ours
    try:
        from briefing_app.core.search import search

        assert search(db, "Тоқаев", None)  # the index was rebuilt in the copy
    finally:
        db.close()
    code = main(["--db", str(demo_db_path), "clean-copy", str(out)])
    assert code == 1 and "already exists" in capsys.readouterr().err


def test_the_reference_comes_from_the_migrations_and_is_cached(tmp_path, monkeypatch, db_path):
    monkeypatch.setenv("BRIEFING_APP_CACHE", str(tmp_path / "cache"))
    schema_check.expected_schema.cache_clear()
    try:
        built = schema_check.expected_schema(HEAD_REVISION)
        with sqlite3.connect(db_path) as conn:
            assert schema_check.compare(schema_check.read_schema(conn), built) == []
        conn.close()
        assert {n for t, n, _tbl, _s in built if t == "trigger"} >= {"events_ai", "events_au"}
        assert len(list((tmp_path / "cache").glob(f"schema-{HEAD_REVISION}-*.json"))) == 1
        schema_check.expected_schema.cache_clear()
        monkeypatch.setattr(schema_check, "_build", lambda rev: pytest.fail("rebuilt"))
        assert schema_check.expected_schema(HEAD_REVISION) == built
    finally:
        schema_check.expected_schema.cache_clear()


def test_an_empty_sqlite_file_is_not_filled_without_consent(capsys, tmp_path):
    path = tmp_path / "other.db"
    _sql(path, "PRAGMA user_version = 7")  # a valid SQLite file with no tables
    before = _digest(path)
    for argv in (["list"], ["check"], ["demo"]):
        code = main(["--db", str(path), *argv])
        err = capsys.readouterr().err
        assert code == 1 and "empty SQLite database" in err and "--initialise" in err
        assert _digest(path) == before and _folder(path) == ["other.db"]
    assert main(["--db", str(path), "demo", "--initialise"]) == 0
    assert "Loaded the demo visit" in capsys.readouterr().out
    assert main(["--db", str(path), "list"]) == 0


def test_another_programs_file_with_an_empty_version_table_is_not_touched(capsys, tmp_path):
    path = tmp_path / "tool.db"
    _sql(path, "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)",
         "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
         "INSERT INTO notes (body) VALUES ('keep me')")
    before = path.read_bytes()
    code = main(["--db", str(path), "list"])
    err = capsys.readouterr().err
    assert code == 1 and "cannot be recognised" in err and "alembic_version" in err
    assert path.read_bytes() == before  # not even switched to WAL (header bytes 18-19)
    assert _folder(path) == ["tool.db"]


def test_an_emptied_version_table_gets_a_clear_message(db_path):
    _sql(db_path, "DELETE FROM alembic_version")
    before = _digest(db_path)
    with pytest.raises(DatabaseFileError) as info:
        open_database(db_path)
    assert info.value.kind == "unversioned"
    assert "already exists" not in str(info.value) and "schema version" in str(info.value)
    assert _digest(db_path) == before


def test_constraint_order_of_a_rebuilt_table_does_not_matter() -> None:
    """Alembic's batch mode writes a rebuilt table's constraints in set order, which
    changes with the process's hash seed: the same table must still be recognised."""
    from briefing_app.core.schema_check import compare

    a = ("CREATE TABLE t (id INTEGER NOT NULL, kind VARCHAR(9) DEFAULT 'a,b' NOT NULL, "
         "CONSTRAINT pk PRIMARY KEY (id), CONSTRAINT ck CHECK (kind IN ('a', 'b')))")
    b = ("CREATE TABLE \"t\" (\n\tid INTEGER NOT NULL, \n\tkind VARCHAR(9) DEFAULT 'a,b' "
         "NOT NULL, \n\tCONSTRAINT ck CHECK (kind IN ('a', 'b')), CONSTRAINT pk PRIMARY KEY (id))")
    assert compare([("table", "t", "t", b)], [("table", "t", "t", a)]) == []
    planted = b.replace("CONSTRAINT pk", "extra TEXT, CONSTRAINT pk")
    odd = compare([("table", "t", "t", planted)], [("table", "t", "t", a)])
    assert [o.describe() for o in odd] == ["table t (changed)"]
