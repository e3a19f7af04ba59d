"""Recognising the schema of a Briefing App file: only what our migrations create.

Why: a trigger planted in a Briefing App file runs inside the app's own transactions
(one copied not-for-disclosure background into a press line). So before a file is
opened for writing, its `sqlite_master` is compared with a reference: the objects that
the shipped migrations create at that file's revision. Any table, index, view or
trigger the app did not create, or whose SQL differs, or one of ours that is missing,
refuses the file (`DatabaseFileError` kind "schema", naming them).

The reference is not a hand-kept list: it is read from a throw-away file migrated to
that revision, so objects added by new migrations are recognised automatically. It is
cached per revision in the user's cache folder, keyed by a digest of the migration
scripts and the SQLite version (changing a migration makes a new reference); a new
database created from nothing stores its own schema as the reference for free, so
opening an up-to-date file normally costs one JSON read and never imports Alembic.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from briefing_app.core.paths import APP_NAME, migrations_dir

SchemaRow = tuple[str, str, str, str | None]  # type, name, tbl_name, sql
_IGNORED = re.compile(r"^sqlite_stat\d$")  # ANALYZE's statistics: data, never run
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SchemaObject:
    """One object of a file that is not as the app's migrations made it."""

    type: str
    name: str
    table: str
    problem: str  # "not created by Briefing App", "changed", "missing"

    def describe(self) -> str:
        on = f" on {self.table}" if self.type in ("trigger", "index") and self.table else ""
        what = "" if self.problem == "not created by Briefing App" else f" ({self.problem})"
        return f"{self.type} {self.name}{on}{what}"


def read_schema(conn: sqlite3.Connection) -> list[SchemaRow]:
    """Every object of the main schema, in creation order."""
    return [(r[0], r[1], r[2], r[3]) for r in conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid")]


def _normal(sql: str | None) -> str:
    """SQL compared without layout or identifier quotes (an ALTER TABLE may re-quote), and
    a table's columns and constraints as a set: Alembic's batch mode rebuilds a table with
    its constraints in set order, which differs from one process to the next."""
    if sql is None:
        return ""
    text = _SPACE.sub(" ", sql.replace('"', "").replace("`", "")).strip()
    if not text.upper().startswith("CREATE TABLE"):
        return text
    start, end = text.find("("), text.rfind(")")
    if start < 0 or end < start:
        return text
    return text[:start] + "(" + ", ".join(sorted(_top_level_items(text[start + 1:end]))) + \
        ")" + text[end + 1:]


def _top_level_items(body: str) -> list[str]:
    """Split a table body at the commas outside parentheses and quotes."""
    items, depth, quote, current = [], 0, "", []
    for ch in body:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'[":
            quote = "]" if ch == "[" else ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append("".join(current).strip())
            current = []
            continue
        current.append(ch)
    items.append("".join(current).strip())
    return items


def compare(found: Iterable[SchemaRow], expected: Iterable[SchemaRow]) -> list[SchemaObject]:
    """What differs between a file's objects and the reference; [] when it is ours."""
    want = {(t, n): (tbl, _normal(sql)) for t, n, tbl, sql in expected}
    have = {(t, n): (tbl, _normal(sql)) for t, n, tbl, sql in found
            if not (t == "table" and _IGNORED.match(n))}
    out = []
    for key, (tbl, sql) in have.items():
        if key not in want:
            out.append(SchemaObject(key[0], key[1], tbl, "not created by Briefing App"))
        elif want[key] != (tbl, sql):
            out.append(SchemaObject(key[0], key[1], tbl, "changed"))
    out += [SchemaObject(k[0], k[1], v[0], "missing") for k, v in want.items() if k not in have]
    return out


# --- the reference ------------------------------------------------------------------


def _digest() -> str:
    """Changes whenever a migration script or SQLite itself changes."""
    h = hashlib.sha256(sqlite3.sqlite_version.encode())
    root = migrations_dir()
    for path in [root / "env.py", *sorted((root / "versions").glob("*.py"))]:
        try:
            h.update(path.name.encode() + b"\0" + path.read_bytes())
        except OSError:
            pass
    return h.hexdigest()[:16]


def cache_dir() -> Path:
    """Where references are kept ($BRIEFING_APP_CACHE overrides, for tests)."""
    given = os.environ.get("BRIEFING_APP_CACHE")
    if given:
        return Path(given)
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def _cache_file(revision: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", revision)
    return cache_dir() / f"schema-{safe}-{_digest()}.json"


def _save(revision: str, rows: list[SchemaRow]) -> None:
    """Store a reference atomically; a cache that cannot be written is merely slower."""
    target = _cache_file(revision)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        import tempfile

        fd, tmp = tempfile.mkstemp(prefix=".schema-", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"revision": revision, "objects": rows}, fh)
        os.replace(tmp, target)
    except OSError:
        pass


def _load(revision: str) -> list[SchemaRow] | None:
    try:
        data = json.loads(_cache_file(revision).read_text(encoding="utf-8"))
        if data.get("revision") != revision:
            return None
        return [(r[0], r[1], r[2], r[3]) for r in data["objects"]]
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def remember_fresh_schema(revision: str, conn_path: Path) -> None:
    """A file just created from nothing holds exactly what the migrations make: keep its
    schema as the reference for `revision` (so no throw-away file is ever built for it)."""
    if _load(revision) is not None:
        return
    from urllib.parse import quote

    from briefing_app.core import cipher

    conn = cipher.connect(f"file:{quote(str(conn_path))}?mode=ro", uri=True)
    try:
        rows = read_schema(conn)
    finally:
        conn.close()
    _save(revision, rows)
    expected_schema.cache_clear()


def reference_at_hand(revision: str) -> bool:
    """True when `expected_schema(revision)` needs no Alembic (its reference is cached on
    disk): only then may the check run outside the main thread, since importing
    SQLAlchemy in two threads at once can leave one of them a half-made module
    (core/file_check_ahead.py)."""
    return _load(revision) is not None


@lru_cache(maxsize=8)
def expected_schema(revision: str) -> tuple[SchemaRow, ...] | None:
    """The objects the migrations create up to `revision` (None: they cannot say)."""
    rows = _load(revision)
    if rows is None:
        rows = _build(revision)
        if rows is None:
            return None
        _save(revision, rows)
    return tuple(rows)


def _build(revision: str) -> list[SchemaRow] | None:
    """Migrate a throw-away file to `revision` and read its schema (imports Alembic)."""
    import tempfile

    from alembic import command

    from briefing_app.core.migrations import alembic_config

    with tempfile.TemporaryDirectory(prefix="briefing-schema-") as folder:
        path = Path(folder) / "reference.sqlite"
        try:
            command.upgrade(alembic_config(path), revision)
        except Exception:  # noqa: BLE001 - a revision the scripts do not know: no reference
            return None
        conn = sqlite3.connect(path)
        try:
            return read_schema(conn)
        finally:
            conn.close()


def schema_problems(conn: sqlite3.Connection, revision: str) -> list[SchemaObject]:
    """The objects of the open file that differ from what `revision` should hold."""
    expected = expected_schema(revision)
    if expected is None:
        return []
    return compare(read_schema(conn), expected)
