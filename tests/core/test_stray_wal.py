"""A journal (-wal) that no Briefing App session left behind is held and refused, never
applied silently; one left by a killed session is recovered as before."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_app.cli import main
from briefing_app.core.database import open_database
from briefing_app.core.file_check import DatabaseFileError
from briefing_app.core.ops.visits import list_visits

pytestmark = pytest.mark.sqlite_only(reason="a -wal journal the app did not leave beside the file")

ROOT = Path(__file__).resolve().parents[2]

# Opens the database, saves a new title, and is killed before it can close.
KILLED = """
import os, signal, sys
from sqlalchemy import text
from briefing_app.core.database import open_database
db = open_database(sys.argv[1])
with db.write() as s:
    s.execute(text("UPDATE visits SET title = :t"), {"t": sys.argv[2]})
os.kill(os.getpid(), signal.SIGKILL)
"""


def _killed_after_edit(path: Path, title: str) -> None:
    proc = subprocess.run([sys.executable, "-c", KILLED, str(path), title], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == -9, proc.stderr
    assert Path(f"{path}-wal").stat().st_size > 0


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _titles(path: Path) -> list[str]:
    db = open_database(path, create=False)
    try:
        return [v.title for v in list_visits(db)]
    finally:
        db.close()


@pytest.fixture
def stray(demo_db_path: Path, tmp_path: Path) -> Path:
    """The demo file with the -wal (and -shm) of another copy of it beside it."""
    other = tmp_path / "elsewhere" / demo_db_path.name
    other.parent.mkdir()
    shutil.copy2(demo_db_path, other)
    _killed_after_edit(other, "Changed on another laptop")
    for suffix in ("-wal", "-shm"):
        shutil.copy2(f"{other}{suffix}", f"{demo_db_path}{suffix}")
    return demo_db_path


def test_a_journal_from_another_copy_is_held_and_refused(capsys, stray):
    before = {s: _digest(Path(f"{stray}{s}")) for s in ("", "-wal", "-shm")}
    for argv in (["list"], ["show", "1"], ["check"], ["backup"]):
        code = main(["--db", str(stray), *argv])
        out, err = capsys.readouterr()
        assert code == 1, out
        assert "did not leave behind" in err and "journal apply" in err
        assert "journal set-aside" in err and "Traceback" not in err
        assert "Changed on another laptop" not in out
        assert {s: _digest(Path(f"{stray}{s}")) for s in ("", "-wal", "-shm")} == before
    held = sorted((stray.parent / f"{stray.stem}-backups" / "held").iterdir())
    assert {p.name[-4:] for p in held} >= {"-wal", "-shm"}
    with pytest.raises(DatabaseFileError) as info:
        open_database(stray)
    assert info.value.kind == "stray-wal"


def test_set_aside_opens_the_file_as_it_was(capsys, stray):
    code = main(["--db", str(stray), "journal", "set-aside"])
    out = capsys.readouterr().out
    assert code == 0 and "aside" in out
    assert not Path(f"{stray}-wal").exists()
    titles = _titles(stray)
    assert len(titles) == 1 and titles[0].startswith("State visit")  # the demo's own


def test_apply_takes_its_changes(capsys, stray):
    assert main(["--db", str(stray), "journal", "apply"]) == 0
    assert "Applied" in capsys.readouterr().out
    assert _titles(stray) == ["Changed on another laptop"]
    assert not Path(f"{stray}-wal").exists() and not Path(f"{stray}-session").exists()


def test_a_journal_left_by_a_killed_session_is_recovered(demo_db_path):
    _killed_after_edit(demo_db_path, "Saved just before the crash")
    assert Path(f"{demo_db_path}-session").exists()
    assert _titles(demo_db_path) == ["Saved just before the crash"]
    assert not Path(f"{demo_db_path}-wal").exists()
    assert not Path(f"{demo_db_path}-session").exists()  # closed cleanly: nothing left


def test_a_clean_close_leaves_no_journal_and_no_record(demo_db_path):
    db = open_database(demo_db_path)
    assert Path(f"{demo_db_path}-session").exists()
    list_visits(db)
    db.close()
    assert sorted(p.name for p in demo_db_path.parent.iterdir()) == [demo_db_path.name]
