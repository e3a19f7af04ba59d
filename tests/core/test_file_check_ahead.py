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
