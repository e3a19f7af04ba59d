"""Copying the data of a refused file into a new, clean database.

Why: a Briefing App file holding objects the app did not create (a planted trigger, a
view, an extra table) is refused, never opened for writing (core/schema_check.py). Its
data is still the user's: `clean_copy` builds a new file with the migrations at the
source's revision, copies the rows of the app's own tables into it — reading the
source through a read-only attachment, so nothing in it runs — and leaves every
foreign object behind. Derived tables (the search index: its FTS tables and their
shadow tables, its documents and its dirty list) are not copied: the new file's own
triggers mark every row as it goes in, and opening the copy indexes them (or, at an
older revision, the upgrade does). The source is never changed. Command line: `briefing-app --db FILE clean-copy NEW.sqlite`.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from briefing_app.core.errors import DatabaseError
from briefing_app.core.schema_check import SchemaObject, compare, expected_schema, read_schema

_SHADOW = ("data", "idx", "content", "docsize", "config", "segments", "segdir", "stat")


@dataclass(frozen=True)
class CleanCopyResult:
    """What was copied where, and the foreign objects that stayed behind."""

    source: Path
    path: Path
    rows: int
    left_behind: tuple[SchemaObject, ...]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _copied_tables(expected: tuple[tuple[str, str, str, str | None], ...]) -> list[str]:
    """The app's tables that hold data, in creation order (parents before children)."""
    virtual = {n for t, n, _tbl, sql in expected
               if t == "table" and (sql or "").upper().startswith("CREATE VIRTUAL TABLE")}
    shadow = {f"{v}_{s}" for v in virtual for s in _SHADOW}
    return [n for t, n, _tbl, _sql in expected
            if t == "table" and n not in virtual and n not in shadow
            and n != "alembic_version" and not n.startswith("sqlite_")
            and not n.startswith("search_index")]


def clean_copy(source: Path | str, out: Path | str) -> CleanCopyResult:
    """Copy the app's data from `source` into the new file `out` (which must not exist)."""
    from briefing_app.core.file_check import check_file
    from briefing_app.core.migrations import upgrade
    from briefing_app.core.owned_files import refuse_owned_target
    from briefing_app.core.schema_version import KNOWN_REVISIONS

    source = Path(source).expanduser().resolve()
    out = Path(out).expanduser().absolute()
    refuse_owned_target(out, source)
    if out.exists():
        raise DatabaseError(f"{out} already exists; give the name of a new file")
    if not out.parent.is_dir():
        raise DatabaseError(f"the folder {out.parent} does not exist")
    from briefing_app.core import cipher

    if cipher.file_salt(source) is not None and cipher.looks_encrypted(source):
        raise DatabaseError(f"{source} is encrypted; a clean copy would be written in plain "
                            "text, so it is not made (restore a backup instead)")
    state = check_file(source, KNOWN_REVISIONS, verify_schema=False)
    if not state.exists:
        raise DatabaseError(f"there is no database at {source}")
    revision = state.revision
    expected = expected_schema(revision) if revision else None
    if revision is None or expected is None:
        raise DatabaseError(f"{source} holds no Briefing App data to copy")
    src_uri = f"file:{quote(str(source))}?mode=ro"
    probe = sqlite3.connect(src_uri, uri=True)
    try:
        found = read_schema(probe)
    finally:
        probe.close()
    src_tables = {n for t, n, _tbl, _sql in found if t == "table"}
    staged = out.with_name(f".{out.name}.partial")
    staged.unlink(missing_ok=True)
    rows = 0
    try:
        upgrade(staged, revision)
        conn = sqlite3.connect(f"file:{quote(str(staged))}", uri=True, isolation_level=None)
        try:
            conn.execute("PRAGMA foreign_keys=OFF")
            conn.execute("ATTACH DATABASE ? AS src", (src_uri,))
            conn.execute("BEGIN IMMEDIATE")
            for table in _copied_tables(expected):
                if table not in src_tables:
                    continue
                mine = [r[1] for r in conn.execute(f"PRAGMA main.table_info({_q(table)})")]
                theirs = {r[1] for r in conn.execute(f"PRAGMA src.table_info({_q(table)})")}
                cols = ", ".join(_q(c) for c in mine if c in theirs)
                rows += conn.execute(f"INSERT INTO main.{_q(table)} ({cols}) "
                                     f"SELECT {cols} FROM src.{_q(table)}").rowcount
            conn.execute("COMMIT")
            conn.execute("DETACH DATABASE src")
            verdict = conn.execute("PRAGMA integrity_check(4)").fetchone()[0]
        finally:
            conn.close()
        if verdict != "ok":
            raise DatabaseError(f"the copy of {source} failed its integrity check: {verdict}")
        with staged.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(staged, out)
    except sqlite3.Error as exc:
        raise DatabaseError(f"could not copy {source} into {out}: {exc}") from None
    finally:
        for leftover in (staged, staged.with_name(staged.name + "-wal"),
                         staged.with_name(staged.name + "-shm")):
            leftover.unlink(missing_ok=True)
    from briefing_app.core.database import open_database

    # Brings the copy up to date (backed up first if it needs an upgrade) and indexes
    # the rows the triggers marked as they went in.
    open_database(out).close()
    check_file(out)  # the copy must now be recognised as entirely ours
    left = tuple(o for o in compare(found, expected) if o.problem != "missing")
    return CleanCopyResult(source, out, rows, left)
