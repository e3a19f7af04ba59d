"""Full-text search over everything in a visit (see search_schema for the index).

Terms of three characters or more use the trigram index; shorter ones (two Chinese
characters are a whole word: 阿里) fall back to a case-folding substring test, since
trigrams cannot index them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text as sql

from briefing_app.core.database import Database
from briefing_app.core.errors import ValidationError

KIND_LABELS = {
    "visit": "Visit",
    "event": "Event",
    "person": "Person",
    "talking_point": "Talking point",
    "fact": "Fact",
    "agreement": "Agreement",
    "agreement_version": "Agreement text",
    "venue": "Venue",
    "press_qa": "Press Q&A",
}


@dataclass(frozen=True)
class SearchHit:
    kind: str
    row_id: int
    visit_id: int
    title: str
    excerpt: str
    match_start: int  # where the first term starts in `excerpt` (-1: matched in title only)
    match_length: int


def search(db: Database, query: str, visit_id: int | None = None, limit: int = 200) -> list[SearchHit]:
    """Rows whose text contains every term of `query` (case-insensitive, any script)."""
    terms = [t for t in (query or "").split() if t]
    if not terms:
        raise ValidationError("query", "type something to search for")
    if len(query) > 500:
        raise ValidationError("query", "is too long (at most 500 characters)")
    long_terms = [t for t in terms if len(t) >= 3]
    where, params = [], {"limit": limit}
    if long_terms:
        where.append("search_index MATCH :match")
        params["match"] = " AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
    for n, t in enumerate(t for t in terms if len(t) < 3):
        where.append(f"fold_contains(title || ' ' || body, :short{n})")
        params[f"short{n}"] = t
    if visit_id is not None:
        where.append("visit_id = :visit")
        params["visit"] = visit_id
    stmt = sql(
        "SELECT kind, row_id, visit_id, title, body FROM search_index WHERE "
        + " AND ".join(where) + " ORDER BY kind, title LIMIT :limit"
    )
    with db.read() as s:
        rows = s.execute(stmt, params).all()
    return [_hit(r, terms[0]) for r in rows]


def _hit(row: object, term: str, width: int = 60) -> SearchHit:
    kind, row_id, visit_id, title, body = row  # type: ignore[misc]
    body = " ".join((body or "").split())
    pos = body.casefold().find(term.casefold())
    if pos < 0:
        return SearchHit(kind, row_id, visit_id, title or "", body[: width * 2], -1, 0)
    start = max(0, pos - width)
    end = min(len(body), pos + len(term) + width)
    prefix = "…" if start > 0 else ""
    excerpt = prefix + body[start:end] + ("…" if end < len(body) else "")
    return SearchHit(kind, row_id, visit_id, title or "", excerpt, pos - start + len(prefix), len(term))
