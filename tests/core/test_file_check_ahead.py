"""The file check run in a thread while the database layer loads (core/file_check_ahead.py):
its answer is the plain check's, and a file changed after it was checked is checked
again, so damage is never hidden behind an earlier "ok"."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing_app.core.database import DatabaseFileError, open_database
from briefing_app.core.file_check import check_file
from briefing_app.core.file_check_ahead import CheckAhead, fingerprint
from briefing_app.core.ops import entities as ent
from tests.core.helpers import make_visit

pytestmark = pytest.mark.sqlite_only(reason="the SQLite file's check run while the layer loads")


@pytest.fixture
def closed(tmp_path: Path) -> Path:
    path = tmp_path / "briefing.sqlite"
    db = open_database(path)
    visit = make_visit(db)
    for i in range(30):
        ent.create(db, "talking_point", visit.id, {"text": f"point {i} Тоқаев 习近平"})
    db.close()
    return path


def _damaged_copy_in_place(path: Path) -> None:
    """Replace the file by a copy with a broken b-tree page (a new file: another inode,
    so the change shows whatever the clock's resolution)."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page] = 0x07  # page 2's header: not a b-tree page type
    spare = path.with_name("replacement.tmp")
    spare.write_bytes(bytes(data))
    os.replace(spare, path)


def test_the_answer_is_the_plain_checks(closed: Path) -> None:
    ahead = CheckAhead(closed)
    assert ahead.result() == check_file(closed)
    db = open_database(closed, checked=CheckAhead(closed))
    try:
        assert len(ent.list_for_visit(db, "talking_point", 1)) == 30
    finally:
        db.close()


def test_damage_found_in_the_thread_is_raised_when_asked(closed: Path) -> None:
    _damaged_copy_in_place(closed)
    before = closed.read_bytes()
    ahead = CheckAhead(closed)
    with pytest.raises(DatabaseFileError) as info:
        open_database(closed, checked=ahead)
    assert info.value.kind == "damaged" and str(closed) in str(info.value)
    assert closed.read_bytes() == before
    assert sorted(p.name for p in closed.parent.iterdir()) == [closed.name]


def test_a_file_damaged_after_its_check_is_checked_again(closed: Path) -> None:
    ahead = CheckAhead(closed)
    ahead.wait()  # the thread has answered "ok" for the intact file
    _damaged_copy_in_place(closed)
    assert fingerprint(closed) != ahead._before
    with pytest.raises(DatabaseFileError) as info:
        open_database(closed, checked=ahead)
    assert info.value.kind == "damaged"


def test_a_file_written_after_its_check_is_checked_again(closed: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import briefing_app.core.file_check_ahead as module

    ahead = CheckAhead(closed)
    ahead.wait()
    db = open_database(closed)  # another session writes: its log now holds data
    ent.create(db, "talking_point", 1, {"text": "written meanwhile"})
    calls: list[Path] = []
    real = module.check_file
    monkeypatch.setattr(module, "check_file", lambda p, k: calls.append(p) or real(p, k))
    try:
        assert ahead.result().revision == check_file(closed).revision
    finally:
        db.close()
    assert calls == [closed]  # checked again, not answered from before the write


def test_another_path_is_checked_itself(closed: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    other.write_text("not a database", encoding="utf-8")
    ahead = CheckAhead(closed)
    with pytest.raises(DatabaseFileError) as info:
        ahead.result(other)
    assert info.value.kind == "not-sqlite"


def test_without_a_cached_schema_reference_the_thread_leaves_alembic_to_the_caller(
        closed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A first start (no cached reference): building it imports Alembic and SQLAlchemy,
    which must never happen in the thread while the caller imports them too."""
    import threading

    from briefing_app.core import schema_check
    from briefing_app.core.file_check import ReferenceNotAtHand

    monkeypatch.setenv("BRIEFING_APP_CACHE", str(tmp_path / "empty-cache"))
    schema_check.expected_schema.cache_clear()
    built_in: list[str] = []
    real = schema_check._build
    monkeypatch.setattr(schema_check, "_build",
                        lambda rev: built_in.append(threading.current_thread().name) or real(rev))
    try:
        ahead = CheckAhead(closed)
        ahead.wait()
        assert isinstance(ahead._error, ReferenceNotAtHand)
        assert ahead.result().revision == check_file(closed).revision
    finally:
        schema_check.expected_schema.cache_clear()
    assert built_in and set(built_in) == {threading.main_thread().name}


# The check in a fresh interpreter, with a finder that notes every module the check
# thread looks for once its check has begun (its imports must all come before: the
# database layer's import waits for them, core/file_check_ahead.py says why).
LATE_IMPORTS = """
import json, sys, threading
from pathlib import Path

late = []
checking = threading.Event()


class Spy:
    def find_spec(self, name, path=None, target=None):
        if threading.current_thread().name == "check-file" and checking.is_set():
            late.append(name)
        return None  # the real finders find it


sys.meta_path.insert(0, Spy())
import briefing_app.core.file_check_ahead as ahead_module

real_check = ahead_module.check_file


def check_file(*args, **kwargs):
    checking.set()
    return real_check(*args, **kwargs)


ahead_module.check_file = check_file
ahead = ahead_module.CheckAhead(Path(sys.argv[1]))
ahead.wait()
assert ahead.imported.is_set() and checking.is_set()
print(json.dumps({"late": late, "error": type(ahead._error).__name__}))
"""


def _stray_wal(path: Path, tmp_path: Path) -> None:
    """A -wal with data beside the file that no session of this file left."""
    import shutil
    import sqlite3

    other = tmp_path / "elsewhere.sqlite"
    shutil.copy2(path, other)
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("UPDATE visits SET title = 'Changed on another laptop'")
    conn.commit()
    shutil.copy2(f"{other}-wal", f"{path}-wal")  # the copy of its log, left open
    conn.close()


def _newer_schema(path: Path, _tmp: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    conn.commit()
    conn.close()


def _encrypted(path: Path, _tmp: Path) -> None:
    from briefing_app.core import cipher

    path.unlink()
    open_database(path, key=cipher.new_key("a passphrase for the test")).close()
    cipher.KEYS.clear()


@pytest.mark.parametrize("make", [
    lambda p, t: None,  # an intact file
    lambda p, t: _damaged_copy_in_place(p),
    _stray_wal,
    _newer_schema,
    _encrypted,
    lambda p, t: p.write_bytes(b""),
    lambda p, t: p.write_bytes(os.urandom(4096)),  # not a database
    lambda p, t: p.write_bytes(b"SQLite format 3\x00" + bytes(84)),  # cut short
], ids=["intact", "damaged", "stray-wal", "newer-schema", "encrypted", "empty",
        "not-a-database", "cut-short"])
def test_the_check_thread_imports_nothing_once_its_check_has_begun(closed: Path,
                                                                    tmp_path: Path, make):
    import json
    import subprocess
    import sys

    make(closed, tmp_path)
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-c", LATE_IMPORTS, str(closed)], cwd=root,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(root)})
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["late"] == [], out  # each would be imported beside the database layer
