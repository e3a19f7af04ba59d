"""Nothing is left behind by a refusal or a failure: no -shm beside a refused file, no
.partial side files after a failed backup, no backup after a refused import; and a
read-only folder holding unsaved journal data gets the documented advice."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from briefing_app.cli import main
from briefing_app.core.backup import list_backups, make_backup
from briefing_app.core.database import open_database
from briefing_app.core.errors import DatabaseError, ValidationError
from briefing_app.core.file_check import DatabaseFileError
from tests.core.test_stray_wal import _killed_after_edit

pytestmark = pytest.mark.sqlite_only(reason="files left beside the database (journals, temp copies)")

ROOT = Path(__file__).resolve().parents[2]


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_a_refused_file_gets_no_new_shm(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TRIGGER planted AFTER INSERT ON visits BEGIN SELECT 1; END")
    conn.commit()
    conn.close()
    Path(f"{db_path}-wal").write_bytes(b"")  # an empty log, as a reader leaves one
    Path(f"{db_path}-session").write_text("x")
    before = _listing(db_path.parent)
    with pytest.raises(DatabaseFileError, match="trigger planted"):
        open_database(db_path)
    assert _listing(db_path.parent) == before


class _Proxy:
    """A copy whose switch back from WAL mode fails with an I/O error after SQLite made
    its side files, and whose close cannot finish (so SQLite does not remove them)."""

    def __init__(self, conn: sqlite3.Connection, failing: bool) -> None:
        self.conn, self.failing = conn, failing

    def execute(self, sql: str, *args: Any) -> Any:
        if self.failing and "journal_mode" in sql:
            self.conn.execute("SELECT count(*) FROM sqlite_master")  # opens the -wal
            raise sqlite3.OperationalError("disk I/O error")
        return self.conn.execute(sql, *args)

    def backup(self, target: Any) -> None:
        self.conn.backup(target.conn if isinstance(target, _Proxy) else target)

    def close(self) -> None:
        if not self.failing:
            self.conn.close()


def test_a_failed_backup_leaves_no_partial_side_files(demo_db_path, monkeypatch):
    real = sqlite3.connect
    kept: list[sqlite3.Connection] = []

    def connect(target: Any, *args: Any, **kwargs: Any) -> Any:
        conn = real(target, *args, **kwargs)
        kept.append(conn)
        return _Proxy(conn, failing=str(target).endswith(".partial"))

    monkeypatch.setattr(sqlite3, "connect", connect)  # plain files: cipher.connect uses it
    with pytest.raises(DatabaseError, match="disk I/O error"):
        make_backup(demo_db_path, "manual")
    monkeypatch.undo()
    folder = demo_db_path.parent / f"{demo_db_path.stem}-backups"
    assert [p.name for p in folder.iterdir()] == []
    for conn in kept:
        conn.close()


def test_a_refused_bundle_import_leaves_no_backup(capsys, demo_db_path, db_path, monkeypatch):
    bundle = demo_db_path.parent / "visit.json"
    assert main(["--db", str(demo_db_path), "export-bundle", "1", "--out", str(bundle)]) == 0
    from briefing_app.interop import bundle_merge

    def refuse(self: Any) -> None:
        raise ValidationError("bundle", "refused half-way")

    monkeypatch.setattr(bundle_merge._Merge, "apply", refuse)
    code = main(["--db", str(db_path), "import-bundle", str(bundle)])
    assert code == 1 and "refused half-way" in capsys.readouterr().err
    assert list_backups(db_path) == []


def test_a_refused_calendar_import_leaves_no_backup(capsys, demo_db_path, db, monkeypatch):
    from briefing_app.interop import ics_import
    from tests.core.helpers import make_visit

    cal = demo_db_path.parent / "visit.ics"
    assert main(["--db", str(demo_db_path), "export-ics", "1", "--out", str(cal)]) == 0
    visit = make_visit(db)

    def refuse(self: Any) -> None:
        raise ValidationError("file", "refused half-way")

    monkeypatch.setattr(ics_import._Plan, "apply", refuse)
    with pytest.raises(ValidationError, match="refused half-way"):
        ics_import.import_ics(db, cal, visit.id)
    assert list_backups(db.path) == []


_PROBE = """
import sys
from briefing_app.core.database import open_database
from briefing_app.core.errors import DatabaseError
try:
    open_database(sys.argv[1]).close()
    print("opened")
except DatabaseError as exc:
    print(exc)
"""


def test_a_read_only_folder_with_unsaved_journal_data_gets_the_advice(demo_db_path):
    assert os.geteuid() != 0 or shutil.which("setpriv"), "setpriv is needed as root"
    _killed_after_edit(demo_db_path, "Saved before the stick was locked")
    folder = Path(tempfile.mkdtemp(prefix="briefing-ro-"))
    try:
        for suffix in ("", "-wal", "-session"):  # copied to a stick without the -shm
            shutil.copy2(f"{demo_db_path}{suffix}", folder / f"ro.sqlite{suffix}")
            (folder / f"ro.sqlite{suffix}").chmod(0o444)
        folder.chmod(0o555)
        # As root: keep the user (the checkout may lie in a private 0700 folder) but drop
        # the capabilities that let root ignore permission bits.
        prefix = ([shutil.which("setpriv"), "--bounding-set=-dac_override,-dac_read_search"]
                  if os.geteuid() == 0 else [])
        out = subprocess.run([*prefix, sys.executable, "-c", _PROBE, str(folder / "ro.sqlite")],
                             capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert out.returncode == 0, out.stderr
        assert "no permission" not in out.stdout
        assert "copy the file together with its -wal file to a writable folder" in out.stdout
    finally:
        folder.chmod(0o755)
        for p in folder.iterdir():
            p.chmod(0o644)
            p.unlink()
        folder.rmdir()
