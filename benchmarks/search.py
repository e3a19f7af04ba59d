"""Measure search over a visit of 100,000 searchable items against raw FTS5 queries.

    .venv/bin/python benchmarks/search.py [--db PATH] [--runs 15]

Builds (or reuses, with --db) the synthetic visit of tests/large_visit.SEARCH_SIZE:
80,000 talking points, 10,000 events with 4 participants each, 7,759 facts, 2,000
people, venues and agreements — 100,000 rows in the index. For each query it times, in
interleaved pairs (the order alternating every run), medians over --runs:

- app: `core.search.search(db, query, visit_id, limit=20)` — the top 20, ranked, with
  excerpts, exactly what the CLI and the Search view run;
- raw: one FTS5 query on the same index returning 20 matching rows with their text,
  unranked (`SELECT rowid, title, body ... MATCH ? LIMIT 20`) — the floor;
- and, once per query, the whole-index bm25 sort (`ORDER BY rank LIMIT 20`) and the
  0001 behaviour (`ORDER BY kind, title LIMIT 20`, scans for short terms) for scale.

It prints milliseconds, the app/raw ratio and the number of matching rows.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.large_visit import SEARCH_SIZE, populate  # noqa: E402

# (label, query, raw FTS5 table, raw MATCH expression)
QUERIES = [
    ("rare (one event)", "4321", "search_index", '"4321"'),
    ("common Latin", "trade", "search_index", '"trade"'),
    ("Kazakh Cyrillic", "тоқаев", "search_index", '"тоқаев"'),
    ("two Chinese characters", "阿里", "search_index_words", '"阿里"'),
    ("inside words (partial)", "оқа", "search_index", '"оқа"'),
    ("capitals, two Cyrillic", "ТОҚАЕВ АСТАНА", "search_index", '"тоқаев" AND "астана"'),
    ("no match (NFD Müller)", "Mu\u0308ller", "search_index", '"muller"'),
    ("two terms", "trade тоқаев", "search_index", '"trade" AND "тоқаев"'),
]


def _ms(fn) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, help="database to build or reuse (default: a temp file)")
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()

    from briefing_app.core.database import open_database
    from briefing_app.core.search import search

    tmp = None
    path = args.db
    if path is None:
        tmp = tempfile.TemporaryDirectory()
        path = Path(tmp.name) / "search.sqlite"
    if not path.exists():
        t0 = time.perf_counter()
        populate(path, SEARCH_SIZE)
        print(f"built {path} in {time.perf_counter() - t0:.1f} s")
    db = open_database(path)
    raw = sqlite3.connect(path)
    items = raw.execute("SELECT count(*) FROM search_index_docs").fetchone()[0]
    visit_id = raw.execute("SELECT id FROM visits WHERE title LIKE 'Synthetic%'").fetchone()[0]
    print(f"{items:,} searchable items; {args.runs} interleaved runs, medians\n")
    lo, hi = visit_id << 32, (visit_id << 32) | 0xFFFFFFFF
    print(f"{'query':<26} {'app ms':>7} {'raw ms':>7} {'ratio':>6} {'matches':>8}"
          f" {'bm25 all':>9} {'0001 way':>9}")
    for label, query, table, match in QUERIES:
        def app(q: str = query) -> None:
            hits = search(db, q, visit_id, limit=20)
            assert bool(hits) != q.startswith("Mu"), q

        def floor(t: str = table, m: str = match) -> None:
            raw.execute(f"SELECT rowid, title, body FROM {t} WHERE {t} MATCH ? "
                        "AND rowid BETWEEN ? AND ? LIMIT 20", (m, lo, hi)).fetchall()

        app()
        floor()  # warm both
        a_times, r_times = [], []
        for run in range(args.runs):
            pair = (app, floor) if run % 2 == 0 else (floor, app)
            for fn in pair:
                (a_times if fn is app else r_times).append(_ms(fn))
        matches = raw.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH ?",
                              (match,)).fetchone()[0]
        bm25_all = _ms(lambda t=table, m=match: raw.execute(
            f"SELECT rowid FROM {t} WHERE {t} MATCH ? ORDER BY rank LIMIT 20", (m,)).fetchall())
        old = _old_way(raw, query)
        a, r = statistics.median(a_times), statistics.median(r_times)
        print(f"{label:<26} {a:7.1f} {r:7.1f} {a / r:6.1f} {matches:8,} {bm25_all:9.1f} {old:9.1f}")
    raw.close()
    db.close()
    if tmp is not None:
        tmp.cleanup()
    return 0


def _old_way(conn: sqlite3.Connection, query: str) -> float:
    """0001's query shape on the same rows: every match sorted by kind and title, and a
    Python substring scan of every row for a term shorter than three characters."""
    terms = query.split()
    long_terms = [t for t in terms if len(t) >= 3]
    short = [t.casefold() for t in terms if len(t) < 3]
    conn.create_function("fold_contains", 2,
                         lambda h, n: int(n in (h or "").casefold()), deterministic=True)
    where = ["search_index MATCH ?"] if long_terms else []
    params: list[str] = [" AND ".join(f'"{t.casefold()}"' for t in long_terms)] if long_terms else []
    for t in short:
        where.append("fold_contains(search_index.title || ' ' || search_index.body, ?)")
        params.append(t)
    sql = ("SELECT d.kind, search_index.title FROM search_index JOIN search_index_docs AS d "
           "ON d.key = (search_index.rowid & 4294967295) WHERE " + " AND ".join(where)
           + " ORDER BY d.kind, search_index.title LIMIT 20")
    return _ms(lambda: conn.execute(sql, params).fetchall())


if __name__ == "__main__":
    raise SystemExit(main())
