"""Migrations: a linear chain, `upgrade head` equals the models, old files upgraded with a
backup, newer files refused untouched."""

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from briefing_app.core.backup import backups_dir
from briefing_app.core.database import open_database
from briefing_app.core.errors import DatabaseError
from briefing_app.core.migrations import alembic_config, upgrade
from briefing_app.core.models import Base
from briefing_app.core.schema_version import HEAD_REVISION, KNOWN_REVISIONS

pytestmark = pytest.mark.sqlite_only(reason="upgrading a file step by step, with its backup first")


def _scripts(tmp_path):
    return ScriptDirectory.from_config(alembic_config(tmp_path / "x.sqlite"))


def test_revision_chain_is_linear_and_matches_the_code(tmp_path):
    scripts = _scripts(tmp_path)
    assert len(scripts.get_heads()) == 1
    chain = [r.revision for r in reversed(list(scripts.walk_revisions()))]
    assert tuple(chain) == KNOWN_REVISIONS
    assert scripts.get_current_head() == HEAD_REVISION
    for rev in scripts.walk_revisions():
        assert not rev.is_merge_point and not rev.is_branch_point


def _include(obj, name, type_, reflected, compare_to):
    return not (type_ == "table" and name and name.startswith("search_index"))


def test_upgrade_head_on_an_empty_file_yields_the_models_schema(tmp_path):
    path = tmp_path / "fresh.sqlite"
    upgrade(path)
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": _include, "compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []
        tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
        triggers = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'")}
    engine.dispose()
    assert "search_index" in tables
    assert {"events_ai", "events_au", "events_ad"} <= triggers


def test_downgrade_and_upgrade_round_trip(tmp_path):
    from alembic import command

    path = tmp_path / "rt.sqlite"
    upgrade(path)
    command.downgrade(alembic_config(path), "base")
    with sqlite3.connect(path) as conn:
        left = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert left == {"alembic_version"}
    upgrade(path)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_database_from_a_newer_app_is_refused_untouched(db_path):
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    before = _digest(db_path)
    with pytest.raises(DatabaseError, match="newer version of Briefing App"):
        open_database(db_path)
    assert _digest(db_path) == before


def test_upgrade_from_a_known_older_revision_makes_a_verified_backup(tmp_path, monkeypatch):
    path = tmp_path / "older.sqlite"
    upgrade(path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0000_older'")
    conn.close()
    import briefing_app.core.database as database

    calls = []
    monkeypatch.setattr(database, "KNOWN_REVISIONS", ("0000_older", HEAD_REVISION))
    monkeypatch.setattr("briefing_app.core.migrations.upgrade",
                        lambda p, revision="head": calls.append(p) or _stamp_head(p))
    open_database(path).close()
    assert calls == [path.resolve()]
    backups = list(backups_dir(path.resolve()).glob("*.sqlite"))
    assert len(backups) == 1 and "before-upgrade-from-0000_older" in backups[0].name
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0000_older"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def _stamp_head(path):
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (HEAD_REVISION,))
    conn.close()


def test_opening_an_up_to_date_database_does_not_import_alembic(db_path):
    import subprocess
    import sys

    code = ("import sys; from briefing_app.core.database import open_database; "
            f"open_database({str(db_path)!r}).close(); "
            "print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_failing_upgrade_leaves_no_half_built_schema(tmp_path):
    path = tmp_path / "half.sqlite"
    with sqlite3.connect(path) as conn:  # a view named like the search index: its creation fails
        conn.execute("CREATE VIEW search_index AS SELECT 1 AS x")
    conn.close()
    with pytest.raises(Exception, match="search_index"):
        upgrade(path)
    with sqlite3.connect(path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert names == {"search_index"}  # no tables, no alembic_version: all rolled back


def test_book_fields_migration_keeps_rows_and_the_event_search_triggers(tmp_path):
    """0005 copies the events table (a new foreign key): rows, defaults and the search
    index's triggers must come through."""
    from alembic import command

    path = tmp_path / "old.sqlite"
    command.upgrade(alembic_config(path), "0001_initial")
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO visits (uuid, title, kind, host_country, host_city, start_date, end_date, "
        "home_tz, classification, purpose, objectives, key_messages, status, fact_stale_days, "
        "notes, created_at, updated_at, row_version) VALUES ('v', 'Old visit', 'state visit', "
        "'', '', '2019-01-01', '2019-01-02', 'UTC', '', '', '', '', 'planning', 365, '', "
        "'2019-01-01', '2019-01-01', 1)")
    conn.commit()
    conn.close()
    upgrade(path)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT title, issuing_department FROM visits").fetchall() == [
            ("Old visit", "")]
        # its empty positions made no restricted brief row (0015_visit_briefs)
        assert conn.execute("SELECT count(*) FROM visit_briefs").fetchone() == (0,)
        triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
        assert {"events_ai", "events_au", "events_ad"} <= triggers
        conn.execute(
            "INSERT INTO events (uuid, visit_id, title, event_type, starts_at, ends_at, tz, end_tz, "
            "status, press, dress_code, protocol_notes, logistics_notes, scenario, "
            "press_line, background, "
            "media_notes, created_at, updated_at, row_version) VALUES ('e', 1, "
            "'Talks MIGRATIONMARK', 'talks', '2019-01-01 10:00:00', '2019-01-01 11:00:00', 'UTC', "
            "'', 'confirmed', 'closed', '', '', '', '', '', '', "
            "'Pool MEDIAMARK', '2019-01-01', '2019-01-01', 1)")
        columns = [r[1] for r in conn.execute("PRAGMA table_info(visits)")]
        assert columns.count("duty_contacts") == 1
        assert conn.execute("SELECT meeting_format, arrival_venue_id FROM events").fetchall() == [
            ("", None)]
        conn.commit()
    finally:
        conn.close()
    # The restored triggers mark the row for the index; the app folds it in on opening,
    # with the media notes (0004_press_pack's fields) among the indexed text.
    from briefing_app.core.search import search

    db = open_database(path)
    try:
        assert [h.kind for h in search(db, "MIGRATIONMARK")] == ["event"]
        assert [h.kind for h in search(db, "MEDIAMARK")] == ["event"]
    finally:
        db.close()
