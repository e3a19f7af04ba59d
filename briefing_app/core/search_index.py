"""Keeping the search index exact: re-index the rows the triggers marked dirty.

`drain` runs inside every write transaction just before it commits (see
database.Database), inside the migrations that change what is indexed (with the kinds of
their own revision), and when a file is opened that another tool changed; it reads each
dirty row's current text, folds it in Python and replaces that row's entries in every
index table. A row that no longer exists just loses its entries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from briefing_app.core.search_fold import fold, word_text
from briefing_app.core.search_schema import (
    BY_CODE,
    DIRTY_TABLE,
    DOCS_TABLE,
    FTS_TABLE,
    KEY_BITS,
    TITLES_TABLE,
    WORDS_TABLE,
    IndexedKind,
    doc_select,
    enqueue_all_statements,
)

_CHUNK = 500  # ids per IN (...): well under SQLite's limit on bound parameters


def fts_rowid(visit_id: int, key: int) -> int:
    return (visit_id << KEY_BITS) | key


def _chunks(items: Sequence[int]) -> list[Sequence[int]]:
    return [items[i:i + _CHUNK] for i in range(0, len(items), _CHUNK)]


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def drain(conn: Any, kinds: Mapping[int, IndexedKind] = BY_CODE) -> int:
    """Re-index every dirty row; returns how many keys were processed.

    `conn` is a SQLAlchemy Connection in the caller's transaction. `kinds` (by code) are
    the app's own; a migration passes the kinds of its revision (search_schema.kinds_by_code).
    A key of no kind in `kinds` just loses its entries.
    """
    if conn.dialect.name == "postgresql":
        from briefing_app.core import search_pg

        return search_pg.drain(conn, kinds)
    keys = [r[0] for r in conn.exec_driver_sql(f"SELECT DISTINCT key FROM {DIRTY_TABLE} ORDER BY key")]
    if not keys:
        return 0
    for chunk in _chunks(keys):
        _remove(conn, chunk)
        by_code: dict[int, list[int]] = defaultdict(list)
        for key in chunk:
            by_code[key % 16].append(key // 16)
        for code, ids in by_code.items():
            _add(conn, kinds.get(code), code, ids)
    conn.exec_driver_sql(f"DELETE FROM {DIRTY_TABLE}")
    return len(keys)


def _remove(conn: Any, keys: Sequence[int]) -> None:
    old = conn.exec_driver_sql(
        f"SELECT key, visit_id FROM {DOCS_TABLE} WHERE key IN ({_marks(len(keys))})",
        tuple(keys)).all()
    if not old:
        return
    rowids = [(fts_rowid(visit, key),) for key, visit in old]
    for table in (FTS_TABLE, TITLES_TABLE, WORDS_TABLE):
        conn.exec_driver_sql(f"DELETE FROM {table} WHERE rowid = ?", rowids)
    conn.exec_driver_sql(f"DELETE FROM {DOCS_TABLE} WHERE key IN ({_marks(len(keys))})",
                         tuple(keys))


def _add(conn: Any, kind: IndexedKind | None, code: int, ids: Sequence[int]) -> None:
    if kind is None:  # a key no kind owns (written by hand): nothing to index
        return
    sql = doc_select(kind).format(marks=_marks(len(ids)))
    docs, full, titles, words = [], [], [], []
    for row_id, visit_id, title, body in conn.exec_driver_sql(sql, tuple(ids)):
        key = row_id * 16 + code
        visit_id = visit_id or 0
        title, body = title or "", body or ""
        rowid = fts_rowid(visit_id, key)
        f_title, f_body = fold(title), fold(body)
        docs.append((key, kind.kind, row_id, visit_id))
        full.append((rowid, f_title, f_body))
        titles.append((rowid, f_title))
        words.append((rowid, word_text(f_title), word_text(f_body)))
    if not docs:
        return
    conn.exec_driver_sql(f"INSERT INTO {DOCS_TABLE}(key, kind, row_id, visit_id) "
                         "VALUES (?, ?, ?, ?)", docs)
    conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (?, ?, ?)", full)
    conn.exec_driver_sql(f"INSERT INTO {TITLES_TABLE}(rowid, title) VALUES (?, ?)", titles)
    conn.exec_driver_sql(f"INSERT INTO {WORDS_TABLE}(rowid, title, body) VALUES (?, ?, ?)",
                         words)


def rebuild(conn: Any, kinds: Mapping[int, IndexedKind] = BY_CODE) -> int:
    """Empty the index and fill it again from the tables (after damage, or to verify)."""
    if conn.dialect.name == "postgresql":
        from briefing_app.core import search_pg

        return search_pg.rebuild(conn, kinds)
    for table in (FTS_TABLE, TITLES_TABLE, WORDS_TABLE, DOCS_TABLE, DIRTY_TABLE):
        conn.exec_driver_sql(f"DELETE FROM {table}")
    for statement in enqueue_all_statements(kinds.values()):
        conn.exec_driver_sql(statement)
    return drain(conn, kinds)


def pending(conn: Any) -> bool:
    """Whether some rows wait to be re-indexed (e.g. another tool wrote the file)."""
    return bool(conn.exec_driver_sql(f"SELECT EXISTS (SELECT 1 FROM {DIRTY_TABLE})").scalar())
