"""Full-text search over everything in a visit (see search_schema for the index).

The query is folded exactly as the index is (search_fold), split into terms, and every
term must match. Matches come in four tiers, best first, each ranked within itself:

1. every term a whole word of the title (word index, bm25);
2. every term inside the title (substrings: trigrams, or word prefixes for a one- or
   two-letter term);
3. every term a whole word of the title or body (bm25, the title weighted 10:1);
4. every term anywhere inside the title or body.

CJK terms match inside runs in every tier (written Chinese has no spaces; 阿里 finds
阿里巴巴). Each tier looks at no more than a bounded window of its matches (the newest
first), so a word found in 90,000 rows costs the same as one found in 900: bm25 itself
must visit every row it ranks, and ranking 84,000 rows took 300 ms. Within a visit of
no more than WINDOW matches per tier — nearly every real query — the order is exact.

Whatever the user types is text: FTS5 syntax (quotes, AND, NEAR, *, column filters)
is quoted, never interpreted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from briefing_app.core import search_pg
from briefing_app.core.database import Database
from briefing_app.core.enums import kind_label
from briefing_app.core.errors import ValidationError
from briefing_app.core.kinds import KIND, KINDS
from briefing_app.core.search_fold import fold, fold_with_offsets, has_cjk, word_query
from briefing_app.core.search_schema import (
    BY_CODE,
    FTS_TABLE,
    KEY_BITS,
    TITLES_TABLE,
    WORDS_TABLE,
    doc_select,
)

# One result's kind, as the CLI prints it ("Talking point"); core.enums names every kind.
KIND_LABELS = {k.name: kind_label(k.name, capital=True) for k in KINDS if k.search is not None}

WINDOW = 200  # matches ranked per tier at most (at least `limit` more than found so far)
TITLE_WEIGHT = 10.0
_KEY_MASK = (1 << KEY_BITS) - 1


@dataclass(frozen=True)
class SearchHit:
    kind: str
    row_id: int
    visit_id: int
    title: str
    excerpt: str
    match_start: int  # where the first term starts in `excerpt` (-1: matched in title only)
    match_length: int


@dataclass(frozen=True)
class _Term:
    folded: str
    words: str | None  # phrase for the word index (None: the term has no letters or digits)
    substring: tuple[str, str] | None  # (table kind "tri"/"words", FTS5 query) for "inside"


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _term(folded: str) -> _Term | None:
    spelled = word_query(folded)
    words = _quote(spelled) if spelled.strip() else None
    if len(folded) >= 3:
        return _Term(folded, words, ("tri", _quote(folded)))
    if words is None:
        return None  # "-", "'": one or two punctuation marks match nothing useful
    if has_cjk(folded):
        return _Term(folded, words, ("words", words))
    return _Term(folded, words, ("words", words + "*"))  # "eu" finds "EU" and "Europe"


def parse_query(query: str) -> list[_Term]:
    """The query's terms, folded; raises ValidationError for an empty or huge query."""
    if not (query or "").split():
        raise ValidationError("query", "type something to search for")
    if len(query) > 500:
        raise ValidationError("query", "is too long (at most 500 characters)")
    return [t for t in (_term(f) for f in fold(query).split()) if t is not None]


def search(db: Database, query: str, visit_id: int | None = None, limit: int = 200) -> list[SearchHit]:
    """The best `limit` rows containing every term of `query`, best first (any script)."""
    terms = parse_query(query)
    if not terms:
        return []
    rowid_range = None
    if visit_id is not None:
        rowid_range = (visit_id << KEY_BITS, (visit_id << KEY_BITS) | _KEY_MASK)
    with db.read() as s:
        conn = s.connection()
        found: list[int] = []
        seen: set[int] = set()
        tiers = _pg_tiers(terms, visit_id) if search_pg.is_postgres(conn) else _tiers(terms)
        for tier in tiers:
            if len(found) >= limit:
                break
            for rowid in tier(conn, rowid_range, max(WINDOW, limit + len(found))):
                if rowid not in seen:
                    seen.add(rowid)
                    found.append(rowid)
            del found[limit:]
        docs = _docs(conn, [r & _KEY_MASK for r in found])
    hits = []
    for rowid in found:
        doc = docs.get(rowid & _KEY_MASK)
        if doc is not None:
            hits.append(_hit(doc, terms))
    return hits


def opened_as(db: Database, kind: str, row_id: int) -> tuple[str, int]:
    """The item a hit of `kind` opens: itself, or the item it is part of (an agreement's
    text opens its agreement, an event's restricted brief its event), by the reference
    it cannot be without (core/kinds.py). (kind, 0) when that row is gone."""
    k = KIND[kind]
    if k.item:
        return kind, row_id
    owner = next(((column, target) for column, target in k.references.items()
                  if KIND[target].item and not k.table.c[column].nullable), None)
    if owner is None:
        return kind, row_id
    column, target = owner
    from sqlalchemy import select

    with db.read() as s:
        owner_id = s.execute(select(k.table.c[column]).where(k.table.c.id == row_id)).scalar()
    return target, owner_id or 0


# --- tiers ---------------------------------------------------------------------------

# A tier: (connection, rowid range or None, window) -> rowids, best first.
Tier = Callable[[Any, tuple[int, int] | None, int], list[int]]


def _tiers(terms: Sequence[_Term]) -> list[Tier]:
    exact = [t.words for t in terms if t.words is not None]
    whole_words = len(exact) == len(terms)
    tiers: list[Tier] = []
    if whole_words:
        tiers.append(partial(_ranked_words, columns="{title}", phrases=exact))
    tiers.append(partial(_inside, terms=terms, title_only=True))
    if whole_words:
        tiers.append(partial(_ranked_words, columns="{title body}", phrases=exact))
    tiers.append(partial(_inside, terms=terms, title_only=False))
    return tiers


def _pg_tiers(terms: Sequence[_Term], visit_id: int | None) -> list[Tier]:
    """The same four tiers on PostgreSQL (core/search_pg.py), in the same order."""
    whole_words = all(t.words is not None for t in terms)
    plan = [(True, True), (False, True), (True, False), (False, False)]
    return [partial(_pg_tier, terms=terms, visit_id=visit_id, whole_words=w, title_only=t)
            for w, t in plan if whole_words or not w]


def _pg_tier(conn: Any, _rowid_range: object, window: int, *, terms: Sequence[_Term],
             visit_id: int | None, whole_words: bool, title_only: bool) -> list[int]:
    rows = search_pg.candidates(conn, terms, visit_id, window, whole_words=whole_words,
                                title_only=title_only)
    folded_terms = [t.folded for t in terms]
    scores = {key: _score(title, body, folded_terms, title_only) for key, title, body in rows}
    return sorted(scores, key=lambda r: (-scores[r], -r))


def _score(title: str, body: str, folded_terms: Sequence[str], title_only: bool) -> float:
    score = 0.0
    for t in folded_terms:
        score += TITLE_WEIGHT * _saturate(title.count(t), len(title), 40.0)
        if not title_only:
            score += _saturate(body.count(t), len(body), 400.0)
    return score


def _range_sql(rowid_range: tuple[int, int] | None) -> tuple[str, tuple[int, ...]]:
    if rowid_range is None:
        return "", ()
    return " AND rowid BETWEEN ? AND ?", rowid_range


def _ranked_words(conn: Any, rowid_range: tuple[int, int] | None, window: int, *,
                  columns: str, phrases: Sequence[str]) -> list[int]:
    """Rows with every phrase as whole words in `columns`, by bm25 over the window."""
    where, args = _range_sql(rowid_range)
    rows = conn.exec_driver_sql(
        f"SELECT rowid, bm25({WORDS_TABLE}, {TITLE_WEIGHT}, 1.0) FROM {WORDS_TABLE} "
        f"WHERE {WORDS_TABLE} MATCH ?{where} ORDER BY rowid DESC LIMIT ?",
        (f"{columns}: ({' AND '.join(phrases)})", *args, window)).all()
    rows.sort(key=lambda r: (r[1], -r[0]))  # bm25 is negative: lower is better
    return [r[0] for r in rows]


def _inside(conn: Any, rowid_range: tuple[int, int] | None, window: int, *,
            terms: Sequence[_Term], title_only: bool) -> list[int]:
    """Rows with every term inside the title (or anywhere), ranked on their text."""
    tri = [t.substring[1] for t in terms if t.substring and t.substring[0] == "tri"]
    words = [t.substring[1] for t in terms if t.substring and t.substring[0] == "words"]
    where, args = _range_sql(rowid_range)
    words_match = ("{title}: " if title_only else "{title body}: ") + f"({' AND '.join(words)})"
    if tri:
        table = TITLES_TABLE if title_only else FTS_TABLE
        sql = f"SELECT rowid FROM {table} WHERE {table} MATCH ?"
        params: tuple[Any, ...] = (" AND ".join(tri),)
        if words:
            sql += f" AND rowid IN (SELECT rowid FROM {WORDS_TABLE} WHERE {WORDS_TABLE} MATCH ?)"
            params += (words_match,)
    else:
        sql = f"SELECT rowid FROM {WORDS_TABLE} WHERE {WORDS_TABLE} MATCH ?"
        params = (words_match,)
    rowids = [r[0] for r in conn.exec_driver_sql(
        sql + where + " ORDER BY rowid DESC LIMIT ?", (*params, *args, window))]
    return _rank_on_text(conn, rowids, [t.folded for t in terms], title_only)


def _saturate(tf: int, length: int, average: float) -> float:
    """bm25's term-frequency part (k1 = 1.2, b = 0.75)."""
    return tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / average)) if tf else 0.0


def _rank_on_text(conn: Any, rowids: list[int], folded_terms: Sequence[str],
                  title_only: bool) -> list[int]:
    """Order substring matches like bm25 would (title weighted), from the folded text.

    bm25() on the trigram table first counts every row holding each trigram (a common
    substring: tens of thousands), so these candidates are scored here instead.
    """
    if not rowids:
        return []
    scores: dict[int, float] = {}
    for chunk in (rowids[i:i + 500] for i in range(0, len(rowids), 500)):
        for rowid, title, body in conn.exec_driver_sql(
                f"SELECT rowid, title, body FROM {FTS_TABLE} WHERE rowid IN "
                f"({', '.join('?' * len(chunk))})", tuple(chunk)):
            scores[rowid] = _score(title, body, folded_terms, title_only)
    return sorted(rowids, key=lambda r: (-scores.get(r, 0.0), -r))


# --- results -------------------------------------------------------------------------

def _docs(conn: Any, keys: Sequence[int]) -> dict[int, tuple[Any, ...]]:
    """(kind, id, visit, title, body) of each hit, read from its own table now."""
    by_code: dict[int, list[int]] = defaultdict(list)
    for key in keys:
        by_code[key % 16].append(key // 16)
    out: dict[int, tuple[Any, ...]] = {}
    for code, ids in by_code.items():
        kind = BY_CODE[code]
        for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
            marks = (search_pg.marks(len(chunk)) if search_pg.is_postgres(conn)
                     else ", ".join("?" * len(chunk)))
            sql = doc_select(kind).format(marks=marks)
            for row_id, visit_id, title, body in conn.exec_driver_sql(sql, tuple(chunk)):
                out[row_id * 16 + code] = (kind.kind, row_id, visit_id, title, body)
    return out


def _first_match(folded: str, terms: Iterable[_Term]) -> tuple[int, int]:
    for t in terms:
        pos = folded.find(t.folded)
        if pos >= 0:
            return pos, len(t.folded)
    return -1, 0


def _hit(doc: tuple[Any, ...], terms: Sequence[_Term], width: int = 60) -> SearchHit:
    """The hit with an excerpt of the body around the first match, in original text."""
    kind, row_id, visit_id, title, body = doc
    body = " ".join((body or "").split())
    folded, starts, ends = fold_with_offsets(body)
    pos, length = _first_match(folded, terms)
    if pos < 0:
        return SearchHit(kind, row_id, visit_id, title or "", body[: width * 2], -1, 0)
    m_start, m_end = starts[pos], ends[pos + length - 1]
    start = max(0, m_start - width)
    end = min(len(body), m_end + width)
    prefix = "…" if start > 0 else ""
    excerpt = prefix + body[start:end] + ("…" if end < len(body) else "")
    return SearchHit(kind, row_id, visit_id, title or "", excerpt,
                     m_start - start + len(prefix), m_end - m_start)
