"""Backups: verified copies, the retention rule, periodic backups, list and restore."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from briefing_app.cli import main as cli_main
from briefing_app.core.backup import (
    BackupScheduler,
    backups_dir,
    list_backups,
    make_backup,
    prune_backups,
    restore_backup,
    verify_backup,
)
from briefing_app.core.database import open_database
from briefing_app.core.errors import DatabaseError
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops.visits import list_visits
from briefing_app.core.retention import RetentionPolicy, to_prune
from briefing_app.core.schema_version import HEAD_REVISION
from tests.core.helpers import make_visit

pytestmark = pytest.mark.sqlite_only(reason="file backups: copies of the SQLite file beside it")

T0 = datetime(2024, 3, 15, 12, 0, tzinfo=UTC)


def _titles(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT title FROM visits ORDER BY id")]
    finally:
        conn.close()


def test_backup_is_a_verified_consistent_copy_while_a_write_is_in_progress(db, db_path):
    make_visit(db, title="Committed")
    with db.write() as s:  # an open write transaction in the same file
        s.execute(sqlite3_text("UPDATE visits SET title = 'Uncommitted'"))
        path = make_backup(db_path, "manual")
    assert path.parent == backups_dir(db_path)
    assert verify_backup(path) == HEAD_REVISION
    assert _titles(path) == ["Committed"]  # never a half-made change
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file
    conn.close()
    assert not list(backups_dir(db_path).glob("*.partial"))


def sqlite3_text(sql: str):
    from sqlalchemy import text

    return text(sql)


def test_list_backups_newest_first_with_reason_and_label(db, db_path):
    first = make_backup(db_path, "manual")
    second = make_backup(db_path, "before-import")
    (backups_dir(db_path) / "notes.txt").write_text("not a backup")
    found = list_backups(db_path)
    assert [b.path for b in found] == [second, first]
    assert [b.reason for b in found] == ["before-import", "manual"]
    assert found[1].pinned and not found[0].pinned
    assert "before-import" in found[0].label and "kB" in found[0].label


def test_backup_of_a_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(DatabaseError, match="no database at"):
        make_backup(tmp_path / "none.sqlite", "manual")


def test_backup_of_a_damaged_database_is_refused_and_nothing_listed(db_path):
    data = bytearray(db_path.read_bytes())
    data[4096] = 0x07
    db_path.write_bytes(bytes(data))
    with pytest.raises(DatabaseError):
        make_backup(db_path, "manual")
    assert list_backups(db_path) == []


# --- retention --------------------------------------------------------------------------

def _kept(stamps: list[datetime], policy: RetentionPolicy, now: datetime,
          pinned: set[int] = frozenset()) -> list[datetime]:
    items = [(t, i in pinned) for i, t in enumerate(stamps)]
    doomed = set(to_prune(items, policy, now))
    return sorted((t for i, t in enumerate(stamps) if i not in doomed), reverse=True)


def test_retention_keeps_last_n_plus_daily_and_weekly():
    policy = RetentionPolicy(keep_last=3, daily_days=7, weekly_weeks=4)
    # every 30 minutes for 70 days, until T0
    stamps = [T0 - timedelta(minutes=30 * k) for k in range(70 * 48)]
    kept = _kept(stamps, policy, T0)
    assert kept[:3] == stamps[:3]  # the last three
    days = {t.date() for t in kept}
    assert all((T0 - timedelta(days=d)).date() in days for d in range(7))  # a week of days
    weeks = {t.isocalendar()[:2] for t in kept}
    assert len(weeks) >= 4
    assert min(kept) > T0 - timedelta(days=7 * 4 + 7)  # nothing older than the weekly window
    assert len(kept) <= 3 + 7 + 4
    # each kept daily one is the newest of its day
    for t in kept:
        same_day = [s for s in stamps if s.date() == t.date()]
        assert t == max(same_day) or t in stamps[:3]


def test_retention_never_drops_pinned_backups():
    policy = RetentionPolicy(keep_last=1, daily_days=1, weekly_weeks=1)
    stamps = [T0 - timedelta(days=k) for k in range(100)]
    kept = _kept(stamps, policy, T0, pinned={50, 99})
    assert stamps[50] in kept and stamps[99] in kept and stamps[0] in kept


def test_prune_removes_files_the_rule_drops(db, db_path):
    src = make_backup(db_path, "periodic", retention=None)
    for days in (1, 2, 3, 40, 80):
        stamp = (datetime.now(UTC) - timedelta(days=days)).strftime("%Y%m%dT%H%M%S%fZ")
        (backups_dir(db_path) / f"{db_path.stem}-{stamp}-periodic.sqlite").write_bytes(
            src.read_bytes())
    old_manual = (datetime.now(UTC) - timedelta(days=300)).strftime("%Y%m%dT%H%M%S%fZ")
    (backups_dir(db_path) / f"{db_path.stem}-{old_manual}-manual.sqlite").write_bytes(
        src.read_bytes())
    removed = prune_backups(db_path, RetentionPolicy(keep_last=2, daily_days=7, weekly_weeks=4))
    ages = sorted((datetime.now(UTC) - b.created_at).days for b in list_backups(db_path))
    assert ages == [0, 1, 2, 3, 300]  # last 2 + daily; the 40- and 80-day ones went
    assert len(removed) == 2


# --- periodic backups -----------------------------------------------------------------

class _Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def test_scheduler_backs_up_every_30_minutes_of_editing(db, db_path):
    clock = _Clock(datetime.now(UTC))
    sched = BackupScheduler(db_path, clock=clock)
    visit = make_visit(db)
    assert sched.note_change() is not None  # no backup yet: the first change makes one
    for minute in range(1, 30):
        clock.now += timedelta(minutes=1)
        ent.update(db, "visit", visit.id, {"title": f"edit {minute}"})
        assert sched.note_change() is None
    assert sched.pending
    clock.now += timedelta(minutes=1)
    path = sched.note_change()
    assert path is not None and _titles(path) == ["edit 29"]
    assert not sched.pending
    assert [b.reason for b in list_backups(db_path)] == ["periodic", "periodic"]


def test_scheduler_flush_backs_up_only_pending_changes(db, db_path):
    clock = _Clock(datetime.now(UTC))
    sched = BackupScheduler(db_path, clock=clock)
    assert sched.flush() is None  # nothing changed
    make_visit(db)
    sched.note_change()
    make_visit(db, title="Second")
    clock.now += timedelta(minutes=5)
    sched.note_change()
    path = sched.flush()
    assert path is not None and _titles(path) == ["Visit to China", "Second"]
    assert sched.flush() is None


def test_scheduler_remembers_backups_across_sessions(db, db_path):
    make_backup(db_path, "periodic")
    sched = BackupScheduler(db_path)  # a new session: the backup on disk is recent
    make_visit(db)
    assert sched.note_change() is None


# --- restore ---------------------------------------------------------------------------

def test_restore_brings_back_the_data_and_keeps_the_current_state(db, db_path):
    make_visit(db, title="Before")
    backup = make_backup(db_path, "manual")
    make_visit(db, title="After the backup")
    result = restore_backup(db_path, backup)
    assert _titles(db_path) == ["Before"]
    assert result.restored_from.path == backup and not result.previous_was_damaged
    assert _titles(result.previous_kept_as) == ["Before", "After the backup"]
    assert result.previous_kept_as in [b.path for b in list_backups(db_path)]
    # the Database open in this process sees the restored content and can write
    assert [v.title for v in list_visits(db)] == ["Before"]
    make_visit(db, title="New after restore")
    assert _titles(db_path) == ["Before", "New after restore"]


def test_restore_refuses_a_damaged_backup_and_changes_nothing(db, db_path):
    make_visit(db)
    backup = make_backup(db_path, "manual")
    data = bytearray(backup.read_bytes())
    data[4096] = 0x07
    backup.write_bytes(bytes(data))
    before = db_path.read_bytes()
    with pytest.raises(DatabaseError, match="damaged"):
        restore_backup(db_path, backup)
    assert db_path.read_bytes() == before
    assert len(list_backups(db_path)) == 1


def test_restore_refuses_a_backup_from_a_newer_version(db, db_path):
    backup = make_backup(db_path, "manual")
    with sqlite3.connect(backup) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_future'")
    conn.close()
    with pytest.raises(DatabaseError, match="newer version"):
        restore_backup(db_path, backup)


def test_restore_over_a_missing_file(db, db_path, tmp_path):
    make_visit(db, title="Saved")
    backup = make_backup(db_path, "manual")
    db.close()
    target = tmp_path / "elsewhere" / "restored.sqlite"
    result = restore_backup(target, backup)
    assert result.previous_kept_as is None
    assert _titles(target) == ["Saved"]
    open_database(target).close()


# --- command line ------------------------------------------------------------------------

def test_cli_backup_backups_restore(db, db_path, capsys):
    make_visit(db, title="One")
    db.close()
    assert cli_main(["--db", str(db_path), "backup"]) == 0
    assert "verified" in capsys.readouterr().out
    live = open_database(db_path)
    make_visit(live, title="Two")
    live.close()
    assert cli_main(["--db", str(db_path), "backups"]) == 0
    listing = capsys.readouterr().out
    assert "   1  " in listing and "manual" in listing
    assert cli_main(["--db", str(db_path), "restore", "1"]) == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "backed up as" in out
    assert _titles(db_path) == ["One"]
    assert cli_main(["--db", str(db_path), "restore", "7"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no backup 7" in err


def test_cli_backups_when_there_are_none(db_path, capsys):
    assert cli_main(["--db", str(db_path), "backups"]) == 0
    assert "No backups" in capsys.readouterr().out


def test_cli_restore_offered_for_a_damaged_database(db, db_path, capsys):
    make_visit(db, title="Precious")
    make_backup(db_path, "manual")
    db.close()
    db_path.write_bytes(b"")  # the file was emptied by a failed copy
    assert cli_main(["--db", str(db_path), "list"]) == 1
    err = capsys.readouterr().err
    assert "empty (0 bytes)" in err and "briefing-app restore 1" in err
    assert cli_main(["--db", str(db_path), "restore", "latest"]) == 0
    assert "damaged file was kept unchanged" in capsys.readouterr().out
    assert _titles(db_path) == ["Precious"]


def test_backup_of_a_closed_database_leaves_no_side_files(db_path):
    from briefing_app.core.backup import make_backup

    db = open_database(db_path)
    db.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    make_backup(db_path, "manual")
    assert not Path(f"{db_path}-wal").exists()
    assert not Path(f"{db_path}-shm").exists()
