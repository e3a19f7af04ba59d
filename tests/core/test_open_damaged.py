"""Opening damaged or foreign files: a clear message, the file never modified, a restore
offered where backups exist, read-only files opened read-only."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from briefing_app.core.backup import list_backups, make_backup, restore_backup
from briefing_app.core.database import DatabaseFileError, inspect_file, open_database
from briefing_app.core.errors import DatabaseError
from briefing_app.core.ops import entities as ent
from briefing_app.core.schema_version import HEAD_REVISION
from tests.core.helpers import make_visit

pytestmark = pytest.mark.sqlite_only(reason="damaged, foreign or read-only SQLite files")

ROOT = Path(__file__).resolve().parents[2]


def _fingerprint(path: Path) -> tuple[str, int, list[str]]:
    """Content hash, mtime and the folder listing: 'never modified' means all three."""
    return (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns,
            sorted(p.name for p in path.parent.iterdir()))


def _refused(path: Path, kind: str, *words: str) -> DatabaseFileError:
    before = _fingerprint(path)
    with pytest.raises(DatabaseFileError) as info:
        open_database(path)
    assert info.value.kind == kind, str(info.value)
    for word in words:
        assert word in str(info.value)
    assert str(path) in str(info.value)
    assert _fingerprint(path) == before
    return info.value


@pytest.fixture(scope="module")
def _filled_template(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("filled") / "filled.sqlite"
    db = open_database(path)
    visit = make_visit(db)
    for i in range(60):
        ent.create(db, "talking_point", visit.id, {"text": f"point {i} " + "Тоқаев 习近平 " * 20})
    db.close()
    return path.read_bytes()


@pytest.fixture
def filled(tmp_path: Path, _filled_template: bytes) -> Path:
    """A closed, checkpointed database with a little data (no -wal beside it)."""
    path = tmp_path / "briefing.sqlite"
    path.write_bytes(_filled_template)
    return path


def test_zero_byte_file_is_refused_not_initialised(tmp_path):
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    err = _refused(path, "empty", "empty (0 bytes)")
    assert not err.can_restore and "restore" not in str(err)


def test_text_file_renamed_sqlite(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("Meeting notes for Tuesday\nbring the gifts\n", encoding="utf-8")
    _refused(path, "not-sqlite", "not a Briefing App database", "text file", "Meeting notes")


@pytest.mark.parametrize(("content", "hint"), [
    (b'{"format": "briefing-bundle"}', "import-bundle"),
    (b"PK\x03\x04" + bytes(200), "ZIP"),
    (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", "import-ics"),
    (bytes(range(256)) * 8, "not a database"),
])
def test_other_formats_are_named(tmp_path, content, hint):
    path = tmp_path / "x.sqlite"
    path.write_bytes(content)
    _refused(path, "not-sqlite", hint)


def test_flipped_bytes_in_the_magic_header(filled):
    data = bytearray(filled.read_bytes())
    data[3] ^= 0x20  # "SQLite" -> "SQlite"
    filled.write_bytes(bytes(data))
    _refused(filled, "not-sqlite", "header is damaged")


def test_flipped_page_size_in_the_header(filled):
    data = bytearray(filled.read_bytes())
    data[16:18] = (3000).to_bytes(2, "big")
    filled.write_bytes(bytes(data))
    _refused(filled, "damaged", "header is corrupt")


def _page_size_and_count(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:100]
    size = int.from_bytes(head[16:18], "big")
    return size, path.stat().st_size // size


def test_flipped_bytes_in_every_btree_page_header_are_detected(filled):
    """Flip the page-type byte of each b-tree page in turn: each copy is refused."""
    page_size, pages = _page_size_and_count(filled)
    pristine = filled.read_bytes()
    detected = 0
    for page in range(1, pages):  # page 1 carries the file header; its b-tree starts at 100
        offset = page * page_size
        if pristine[offset] not in (0x02, 0x05, 0x0A, 0x0D):
            continue  # overflow or free page: no page header to damage
        data = bytearray(pristine)
        data[offset] = 0x07  # not a valid b-tree page type
        filled.write_bytes(bytes(data))
        _refused(filled, "damaged", "is damaged")
        detected += 1
    assert detected >= 10


def test_flipped_cell_pointers_are_detected(filled):
    page_size, pages = _page_size_and_count(filled)
    data = bytearray(filled.read_bytes())
    offset = (pages - 1) * page_size
    while data[offset] not in (0x0D, 0x0A, 0x05, 0x02):
        offset -= page_size
    header = 12 if data[offset] in (0x05, 0x02) else 8
    data[offset + header] ^= 0xFF  # first cell pointer now points outside the cells
    data[offset + header + 1] ^= 0xFF
    filled.write_bytes(bytes(data))
    _refused(filled, "damaged")


@pytest.mark.parametrize("keep", [10, 60, 150, "half", "one-page-short"])
def test_truncated_files(filled, keep):
    data = filled.read_bytes()
    page_size = int.from_bytes(data[16:18], "big")
    n = {"half": len(data) // 2, "one-page-short": len(data) - page_size}.get(keep, keep)
    filled.write_bytes(data[:n])
    err = _refused(filled, "truncated" if keep != "half" or n % page_size == 0 else "truncated")
    assert "cut short" in err.problem


def test_file_from_a_newer_version_is_refused_untouched(filled):
    with sqlite3.connect(filled) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0042_from_the_future'")
    conn.close()
    err = _refused(filled, "newer", "newer version of Briefing App", "0042_from_the_future")
    assert not err.can_restore


def test_another_programs_sqlite_file(tmp_path):
    path = tmp_path / "places.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.close()
    _refused(path, "foreign", "another program", "moz_places")


def test_folder_is_refused(tmp_path):
    folder = tmp_path / "dir.sqlite"
    folder.mkdir()
    with pytest.raises(DatabaseFileError, match="is a folder"):
        open_database(folder)


def test_damaged_file_with_backups_offers_a_restore_and_restore_works(filled):
    make_backup(filled, "manual")
    damaged = bytearray(filled.read_bytes())
    damaged[5000:5200] = bytes(200)
    damaged[4096] = 0x07
    filled.write_bytes(bytes(damaged))
    err = _refused(filled, "damaged")
    assert err.can_restore and len(err.backups) == 1
    assert "can be restored" in str(err) and "briefing-app restore 1" in str(err)

    result = restore_backup(filled, err.backups[0])
    assert result.previous_was_damaged
    assert result.previous_kept_as.read_bytes() == bytes(damaged)  # kept byte for byte
    assert result.previous_kept_as not in [b.path for b in list_backups(filled)]
    db = open_database(filled)
    assert len(ent.list_for_visit(db, "talking_point", 1)) == 60
    db.close()


def test_a_refused_wal_mode_file_gets_no_side_files(filled):
    """Looking at a damaged file must not leave -wal/-shm files beside it."""
    data = bytearray(filled.read_bytes())
    data[4096] = 0x07
    filled.write_bytes(bytes(data))
    _refused(filled, "damaged")
    assert sorted(p.name for p in filled.parent.iterdir()) == [filled.name]


def test_inspect_file_reports_revision_and_new_files(filled, tmp_path):
    assert inspect_file(filled) == HEAD_REVISION
    assert inspect_file(tmp_path / "nothing-here.sqlite") is None


def test_up_to_date_database_opens_without_importing_alembic(filled):
    code = ("import sys; from briefing_app.core.database import open_database; "
            f"db = open_database({str(filled)!r}); db.close(); "
            "print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


# --- read-only files ------------------------------------------------------------------

_READ_ONLY_PROBE = """
import sys
from briefing_app.core.database import open_database
from briefing_app.core.errors import DatabaseError
from briefing_app.core.ops import entities as ent
from briefing_app.core.schema_version import HEAD_REVISION
db = open_database(sys.argv[1])
print("read_only", db.read_only)
print("reason", db.read_only_reason)
print("visits", len(ent.list_for_visit(db, "talking_point", 1)))
try:
    ent.create(db, "talking_point", 1, {"text": "should not be saved"})
    print("write", "saved!")
except DatabaseError as exc:
    print("write", exc)
db.close()
"""


def _run_as_unprivileged(db_file: Path) -> dict[str, str]:
    """Run the probe where permission bits bind (root ignores them).

    As root the probe keeps its user (so it can still read the checkout and the virtual
    environment wherever they lie, e.g. in a private 0700 folder) but loses the two
    capabilities that let root ignore permission bits.
    """
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "setpriv (util-linux) is needed to drop root's DAC override"
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    out = subprocess.run([*prefix, sys.executable, "-c", _READ_ONLY_PROBE, str(db_file)],
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    return dict(line.split(" ", 1) for line in out.stdout.splitlines())


@pytest.fixture
def shared_dir():
    """A folder outside pytest's private tmp (which other users cannot enter)."""
    folder = Path(tempfile.mkdtemp(prefix="briefing-ro-"))
    yield folder
    for p in folder.iterdir():
        p.chmod(0o644)
        p.unlink()
    folder.chmod(0o755)
    folder.rmdir()


def _place(filled: Path, folder: Path) -> Path:
    target = folder / "ro.sqlite"
    target.write_bytes(filled.read_bytes())
    return target


def test_write_protected_file_opens_read_only_and_says_so(filled, shared_dir):
    target = _place(filled, shared_dir)
    target.chmod(0o444)
    shared_dir.chmod(0o777)
    before = _fingerprint(target)
    result = _run_as_unprivileged(target)
    assert result["read_only"] == "True"
    assert "write-protected (read-only) file" in result["reason"]
    assert result["visits"] == "60"
    assert "changes cannot be saved" in result["write"]
    assert _fingerprint(target)[:2] == before[:2]


def test_file_on_read_only_media_opens_read_only_without_creating_files(filled, shared_dir):
    target = _place(filled, shared_dir)
    target.chmod(0o444)
    shared_dir.chmod(0o555)  # like a locked USB stick: nothing can be created here
    before = _fingerprint(target)
    result = _run_as_unprivileged(target)
    assert result["read_only"] == "True"
    assert "read-only folder or on read-only media" in result["reason"]
    assert result["visits"] == "60"
    assert "changes cannot be saved" in result["write"]
    assert _fingerprint(target) == before


def test_read_only_on_request(filled):
    db = open_database(filled, read_only=True)
    assert db.read_only and "read-only on request" in db.read_only_reason
    with pytest.raises(DatabaseError, match="changes cannot be saved"):
        make_visit(db)
    db.close()
