"""Two processes on one database: busy locks become a clear message (never a raw
"database is locked"), writers wait for each other, and an edit based on a stale read
is refused as a conflict instead of silently overwriting the other process's change."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_app.core.database import open_database
from briefing_app.core.errors import ConflictError, NotFoundError
from briefing_app.core.ops import agreements as ag
from briefing_app.core.ops import entities as ent
from tests.core.helpers import make_event, make_visit

ROOT = Path(__file__).resolve().parents[2]

# A process that takes the write lock and keeps it until the test writes a line to it
# (explicit synchronisation: how busy the machine is cannot change who holds the lock).
HOLDER = """
import sys
from sqlalchemy import text
from briefing_app.core.database import open_database
db = open_database(sys.argv[1])
with db.write() as s:
    s.execute(text("UPDATE visits SET title = 'Changed by the holder'"))
    print("holding", flush=True)
    sys.stdin.readline()
print("released", flush=True)
db.close()
"""

# A process that tries one edit with a given busy timeout and reports what it saw.
EDITOR = """
import json, sys, time
from briefing_app.core import database
from briefing_app.core.errors import BriefingError
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops.visits import list_visits
database.BUSY_TIMEOUT_MS = int(sys.argv[2])
out = {}
started = time.monotonic()
db = database.open_database(sys.argv[1])  # opening is not blocked by a writer (WAL)
out["read"] = [v.title for v in list_visits(db)]
try:
    ent.create(db, "talking_point", 1, {"text": "from the editor"})
    out["write"] = "saved"
except BriefingError as exc:
    out["write"] = f"{type(exc).__name__}: {exc}"
out["waited"] = time.monotonic() - started
db.close()
print(json.dumps(out))
"""

# The editor again, saying "trying" just before its write (the holder is released then,
# so the write either waits for the lock or, if it comes later, finds it free).
EDITOR_WAITING = EDITOR.replace(
    'try:\n    ent.create', 'print("trying", flush=True)\ntry:\n    ent.create', 1)
assert EDITOR_WAITING != EDITOR

# A process that adds argv[3] talking points as fast as it can.
HAMMER = """
import sys
from briefing_app.core.database import open_database
from briefing_app.core.ops import entities as ent
db = open_database(sys.argv[1])
for i in range(int(sys.argv[3])):
    ent.create(db, "talking_point", 1, {"text": f"{sys.argv[2]}-{i}"})
db.close()
print("done")
"""


def _start(code: str, *args: object) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _finish(proc: subprocess.Popen, say: str = "") -> str:
    out, err = proc.communicate(say, timeout=120)
    assert proc.returncode == 0, err
    return out


@pytest.fixture
def shared(db, db_path):
    make_visit(db, title="Original title")
    return db_path


def _hold_lock(db_path: Path) -> subprocess.Popen:
    """A process holding the write lock until `_release` (it says so before returning)."""
    holder = _start(HOLDER, db_path)
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "holding"
    return holder


def _release(holder: subprocess.Popen) -> None:
    assert _finish(holder, "release\n").strip() == "released"


def test_a_busy_lock_gives_a_clear_message_not_database_is_locked(shared):
    holder = _hold_lock(shared)
    try:
        result = json.loads(_finish(_start(EDITOR, shared, 300)))
    finally:
        _release(holder)
    assert result["read"] == ["Original title"]  # readers see the last commit meanwhile
    assert result["write"].startswith("DatabaseError: ")
    assert "another Briefing App process is saving" in result["write"]
    assert "database is locked" not in result["write"]


def test_a_writer_waits_for_the_other_process_and_then_saves(shared):
    holder = _hold_lock(shared)
    editor = _start(EDITOR_WAITING, shared, 60_000)
    try:
        assert editor.stdout is not None
        assert editor.stdout.readline().strip() == "trying"  # blocked behind the holder
    finally:
        _release(holder)
    result = json.loads(_finish(editor))
    assert result["write"] == "saved"
    db = open_database(shared)
    texts = [t.text for t in ent.list_for_visit(db, "talking_point", 1)]
    assert texts == ["from the editor"]
    db.close()


def test_two_processes_writing_at_once_lose_nothing(shared):
    procs = [_start(HAMMER, shared, name, 120) for name in ("left", "right")]
    for proc in procs:
        assert _finish(proc).strip() == "done"
    db = open_database(shared)
    texts = {t.text for t in ent.list_for_visit(db, "talking_point", 1)}
    db.close()
    assert texts == {f"{side}-{i}" for side in ("left", "right") for i in range(120)}


# --- stale edits ------------------------------------------------------------------------

OTHER_EDIT = """
import sys
from briefing_app.core.database import open_database
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops import agreements as ag
db = open_database(sys.argv[1])
action, row = sys.argv[2], int(sys.argv[3])
if action == "retitle":
    ent.update(db, "event", row, {"title": "Changed in the other window"})
elif action == "delete":
    ent.delete(db, "event", row)
elif action == "status":
    ag.change_status(db, row, "under negotiation", note="other process")
db.close()
"""


def _other_process(db_path: Path, action: str, row: int) -> None:
    _finish(_start(OTHER_EDIT, db_path, action, row))


def test_an_edit_of_a_row_changed_by_another_process_is_refused(db, db_path):
    visit = make_visit(db)
    event = make_event(db, visit.id, title="Talks")  # what this window shows: version 1
    _other_process(db_path, "retitle", event.id)
    with pytest.raises(ConflictError, match="changed elsewhere since you opened it"):
        ent.update(db, "event", event.id, {"title": "My edit"},
                   expected_version=event.row_version)
    current = ent.get(db, "event", event.id)
    assert current.title == "Changed in the other window"  # not overwritten
    updated = ent.update(db, "event", event.id, {"title": "My edit, after reloading"},
                         expected_version=current.row_version)
    assert updated.row_version == current.row_version + 1


def test_an_edit_of_a_row_deleted_by_another_process_is_reported(db, db_path):
    visit = make_visit(db)
    event = make_event(db, visit.id)
    _other_process(db_path, "delete", event.id)
    with pytest.raises(NotFoundError, match="may have been deleted"):
        ent.update(db, "event", event.id, {"title": "My edit"},
                   expected_version=event.row_version)


def test_a_delete_of_a_row_changed_elsewhere_is_refused(db, db_path):
    visit = make_visit(db)
    event = make_event(db, visit.id)
    _other_process(db_path, "retitle", event.id)
    with pytest.raises(ConflictError):
        ent.delete(db, "event", event.id, expected_version=event.row_version)
    assert ent.get(db, "event", event.id).title == "Changed in the other window"


def test_a_status_change_on_a_stale_agreement_is_refused(db, db_path):
    visit = make_visit(db)
    agreement = ent.create(db, "agreement", visit.id, {"title": "Memorandum"})
    _other_process(db_path, "status", agreement.id)
    with pytest.raises(ConflictError):
        ag.change_status(db, agreement.id, "dropped", expected_version=agreement.row_version)
    assert [h.note for h in ag.status_history(db, agreement.id)] == ["other process"]


def test_the_lock_holder_is_gone_after_a_kill(shared):
    """A process killed while holding the write lock does not leave the file locked."""
    holder = _hold_lock(shared)
    holder.kill()
    holder.communicate(timeout=60)
    # With a 2 s busy timeout a lock still held would end in DatabaseError, not "saved".
    result = json.loads(_finish(_start(EDITOR, shared, 2_000)))
    assert result["write"] == "saved"
    assert result["read"] == ["Original title"]  # the killed transaction left no trace


VIEWER = """
import sys
from briefing_app.core.database import open_database
from briefing_app.core.ops.visits import list_visits
db = open_database(sys.argv[1])
print(",".join(v.title for v in list_visits(db)), flush=True)
sys.stdin.readline()  # the test restores a backup meanwhile
print(",".join(v.title for v in list_visits(db)), flush=True)
db.close()
"""


def test_restore_while_another_process_has_the_file_open(db, db_path):
    from briefing_app.core.backup import make_backup, restore_backup

    make_visit(db, title="Saved in the backup")
    backup = make_backup(db_path, "manual")
    make_visit(db, title="Added later")
    viewer = subprocess.Popen([sys.executable, "-c", VIEWER, str(db_path)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    assert viewer.stdout is not None and viewer.stdin is not None
    assert viewer.stdout.readline().strip() == "Added later,Saved in the backup"
    restore_backup(db_path, backup)
    out, err = viewer.communicate("\n", timeout=60)
    assert viewer.returncode == 0, err
    assert out.strip() == "Saved in the backup"  # the open process sees the restored file
