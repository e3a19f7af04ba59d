"""The search index on PostgreSQL: the same folding, tiers and answers as FTS5 on SQLite.

SQLite keeps the index in FTS5 tables (search_schema); PostgreSQL has no FTS5, so the
same folded text goes into one table, `search_index_docs`, with:

- `title`, `body`: the folded text; `pg_trgm` GIN indexes serve "inside" matches of
  three characters or more (`LIKE '%term%'`, checked again on the row);
- `title_terms`, `terms`: arrays of tokens with a GIN index: every word of the word
  index (`w:` + word, CJK runs spelled as unigrams and bigrams exactly as for FTS5),
  and the one- and two-character prefix of every word (`p:` + prefix). pg_trgm cannot
  use its index for a one- or two-character pattern; these arrays serve 习, 习近 and
  "eu" (a word starting with eu) through the index instead of a scan.

Dirty marking is the same idea as on SQLite: triggers (PL/pgSQL here) list changed
keys in `search_index_dirty`, and `drain` re-indexes them in the writing transaction.
Whole-word matches are verified as phrases in Python after the array narrowed them.
Everything here is PostgreSQL-only SQL, called only when the connection's dialect is
postgresql (search_index.drain, search.search, and the migrations).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from briefing_app.core.errors import DatabaseError
from briefing_app.core.search_fold import fold, word_text
from briefing_app.core.search_schema import DIRTY_TABLE, DOCS_TABLE, IndexedKind, doc_select

MARK_FUNCTION = "search_index_mark"


def is_postgres(conn: Any) -> bool:
    return bool(conn.dialect.name == "postgresql")


def marks(n: int) -> str:
    return ", ".join(["%s"] * n)


# --- schema ---------------------------------------------------------------------------

def create_statements(kinds: Iterable[IndexedKind]) -> list[str]:
    """Tables, indexes and triggers of the index (run by migration 0002 on PostgreSQL)."""
    out = [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        # SQLite's group_concat(x, sep), which the kinds' index text uses (core/kinds.py).
        "CREATE FUNCTION briefing_concat_step(acc text, val text, sep text) RETURNS text "
        "LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN val IS NULL THEN acc "
        "WHEN acc IS NULL THEN val ELSE acc || sep || val END $$",
        "CREATE AGGREGATE group_concat(text, text) (SFUNC = briefing_concat_step, "
        "STYPE = text)",
        f"CREATE TABLE {DIRTY_TABLE} (key BIGINT NOT NULL)",
        f"CREATE TABLE {DOCS_TABLE} (key BIGINT PRIMARY KEY, kind TEXT NOT NULL, "
        "row_id BIGINT NOT NULL, visit_id BIGINT NOT NULL, title TEXT NOT NULL DEFAULT '', "
        "body TEXT NOT NULL DEFAULT '', title_terms TEXT[] NOT NULL DEFAULT '{}', "
        "terms TEXT[] NOT NULL DEFAULT '{}')",
        f"CREATE INDEX ix_search_docs_visit ON {DOCS_TABLE} (visit_id, key)",
        f"CREATE INDEX ix_search_docs_title_trgm ON {DOCS_TABLE} USING gin (title gin_trgm_ops)",
        f"CREATE INDEX ix_search_docs_body_trgm ON {DOCS_TABLE} USING gin (body gin_trgm_ops)",
        f"CREATE INDEX ix_search_docs_title_terms ON {DOCS_TABLE} USING gin (title_terms)",
        f"CREATE INDEX ix_search_docs_terms ON {DOCS_TABLE} USING gin (terms)",
        # One function serves every table: the kind code is the trigger's argument.
        f"CREATE FUNCTION {MARK_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN "
        "IF TG_OP <> 'INSERT' THEN "
        f"INSERT INTO {DIRTY_TABLE}(key) VALUES (OLD.id * 16 + TG_ARGV[0]::int); END IF; "
        "IF TG_OP <> 'DELETE' THEN "
        f"INSERT INTO {DIRTY_TABLE}(key) VALUES (NEW.id * 16 + TG_ARGV[0]::int); END IF; "
        "RETURN NULL; END $$",
        # Rows whose index text is built from another table's columns.
        "CREATE FUNCTION search_index_mark_related() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN "
        "IF TG_TABLE_NAME = 'agreements' THEN "
        f"INSERT INTO {DIRTY_TABLE}(key) SELECT id * 16 + 7 FROM agreement_versions "
        "WHERE agreement_id = NEW.id; "
        "ELSIF TG_TABLE_NAME = 'people' THEN "
        f"INSERT INTO {DIRTY_TABLE}(key) SELECT event_id * 16 + 2 FROM participations "
        "WHERE person_id = NEW.id; "
        "ELSE "
        "IF TG_OP <> 'INSERT' THEN "
        f"INSERT INTO {DIRTY_TABLE}(key) VALUES (OLD.event_id * 16 + 2); END IF; "
        "IF TG_OP <> 'DELETE' THEN "
        f"INSERT INTO {DIRTY_TABLE}(key) VALUES (NEW.event_id * 16 + 2); END IF; "
        "END IF; RETURN NULL; END $$",
        "CREATE TRIGGER agreements_au_versions AFTER UPDATE OF title, visit_id ON agreements "
        "FOR EACH ROW EXECUTE FUNCTION search_index_mark_related()",
        "CREATE TRIGGER people_au_events AFTER UPDATE OF native_name, latin_name ON people "
        "FOR EACH ROW EXECUTE FUNCTION search_index_mark_related()",
        "CREATE TRIGGER participations_search AFTER INSERT OR UPDATE OR DELETE ON "
        "participations FOR EACH ROW EXECUTE FUNCTION search_index_mark_related()",
    ]
    for k in kinds:
        out += kind_triggers(k)
    return out


def kind_triggers(k: IndexedKind) -> list[str]:
    """The trigger by which rows of kind `k` mark themselves dirty (replacing any)."""
    return [f"DROP TRIGGER IF EXISTS {k.table}_search ON {k.table}",
            f"CREATE TRIGGER {k.table}_search AFTER INSERT OR UPDATE OR DELETE ON {k.table} "
            f"FOR EACH ROW EXECUTE FUNCTION {MARK_FUNCTION}({k.code})"]


def migration_triggers(kind_rows: Iterable[tuple[Any, ...]], *, drop: bool = False) -> list[str]:
    """A migration's new kinds' triggers (or their removal), from its frozen KINDS rows:
    the PostgreSQL side of the SQLite CREATE/DROP lists a migration holds."""
    from briefing_app.core.search_schema import kinds_by_code

    kinds = kinds_by_code(list(kind_rows)).values()
    if drop:
        return [f"DROP TRIGGER IF EXISTS {k.table}_search ON {k.table}" for k in kinds]
    return [s for k in kinds for s in kind_triggers(k)]


def enqueue_all_statements(kinds: Iterable[IndexedKind]) -> list[str]:
    return [f"INSERT INTO {DIRTY_TABLE}(key) SELECT id * 16 + {k.code} FROM {k.table}"
            for k in kinds]


# --- tokens ---------------------------------------------------------------------------

def _is_word_char(ch: str) -> bool:
    # FTS5 unicode61 with categories 'L* N* Co M*' (search_schema.WORDS_TOKENIZER).
    cat = unicodedata.category(ch)
    return cat[0] in "LNM" or cat == "Co"


def tokens(spelled: str) -> list[str]:
    """The words of word-index text, split as FTS5's unicode61 tokenizer splits them."""
    out: list[str] = []
    word: list[str] = []
    for ch in spelled:
        if _is_word_char(ch):
            word.append(ch)
        elif word:
            out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    return out


def _terms(folded: str) -> list[str]:
    words = tokens(word_text(folded))
    found = {"w:" + w for w in words}
    found.update("p:" + w[:n] for w in words for n in (1, 2) if len(w) >= n)
    return sorted(found)


# --- indexing -------------------------------------------------------------------------

def drain(conn: Any, kinds: Mapping[int, IndexedKind]) -> int:
    """Re-index every dirty row in the caller's transaction (see search_index.drain).

    One statement takes the dirty keys and drops their old entries: it deletes exactly
    the marks it returns, so a mark committed meanwhile by another writer stays for
    the drain that sees it. Then per kind one read of the texts and one insert.

    On a server with row-level security (`_guarded`) a user reads only what they are
    cleared for, so an entry whose text comes partly from rows hidden from them (an
    event's restricted participant, a brief they may not read) cannot be rebuilt by
    them without losing that text, and they could not write it anyway. Such keys are
    marked again, their entry as it was, for the next drain by someone who may read it
    all; the rest is re-indexed (`_drain_guarded`)."""
    state = _guarded(conn)
    if state != "plain":
        return _drain_guarded(conn, kinds, state)
    keys = [r[0] for r in conn.exec_driver_sql(
        f"WITH taken AS (DELETE FROM {DIRTY_TABLE} RETURNING key), "
        f"gone AS (DELETE FROM {DOCS_TABLE} WHERE key IN (SELECT key FROM taken)) "
        "SELECT DISTINCT key FROM taken ORDER BY key")]
    for by_code in _chunks(keys):
        for code, ids in by_code.items():
            kind = kinds.get(code)
            if kind is not None:
                _add(conn, kind, code, ids)
    return len(keys)


def _chunks(keys: Sequence[int]) -> Iterable[dict[int, list[int]]]:
    """The keys 500 at a time, as kind code -> row ids."""
    for start in range(0, len(keys), 500):
        by_code: dict[int, list[int]] = {}
        for key in keys[start:start + 500]:
            by_code.setdefault(key % 16, []).append(key // 16)
        yield by_code


def _drain_guarded(conn: Any, kinds: Mapping[int, IndexedKind], state: str) -> int:
    """drain for a user under the index's policy, through the functions `server init`
    installs (server_index_sql.index_functions: planned once per connection): per kind
    one call reads the texts the user may index and names the rows held back; one call
    drops the old entries, writes the new and marks the held-back keys again."""
    keys = [r[0] for r in conn.exec_driver_sql(
        f"WITH taken AS (DELETE FROM {DIRTY_TABLE} RETURNING key) "
        "SELECT DISTINCT key FROM taken ORDER BY key")]
    if keys and state == "stale":
        raise DatabaseError(
            "The team server's search functions are older than this version of the app: "
            "nothing was saved. Its owner runs `briefing-app server init URL` again, as "
            "after every update of the app (docs/team-server.md, step 2).")
    kept = 0
    for by_code in _chunks(keys):
        drop: list[int] = []
        keep: list[int] = []
        entries: list[dict[str, Any]] = []
        for code, ids in by_code.items():
            kind = kinds.get(code)
            if kind is None:  # no kind owns the key any more: its entry goes (forget)
                drop += [i * 16 + code for i in ids]
                continue
            read = conn.exec_driver_sql(
                "SELECT o_id, o_visit, o_title, o_body, o_hidden "
                "FROM public.briefing_index_read(%s, %s)", (kind.kind, list(ids))).all()
            hidden = {r[0] for r in read if r[4]}
            keep += [i * 16 + code for i in hidden]
            drop += [i * 16 + code for i in ids if i not in hidden]
            entries += [_entry(kind, code, row_id, visit_id, title, body)
                        for row_id, visit_id, title, body, is_hidden in read if not is_hidden]
        if drop or keep:
            conn.exec_driver_sql("SELECT public.briefing_index_put(%s, %s::jsonb, %s)",
                                 (drop, json.dumps(entries, ensure_ascii=False), keep))
        kept += len(keep)
    return len(keys) - kept


# How a connection's user stands to the index's row-level policy: 'plain' (no policy
# installed, or the tables' owner), 'guarded' (a user of a server where `server init`
# installed it), 'stale' (such a user, but the server's index functions predate this
# app: `server init` was not run again after an upgrade).
GUARDED_SQL = (
    "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM pg_policy p JOIN pg_class c "
    f"ON c.oid = p.polrelid WHERE c.relname = '{DOCS_TABLE}' "
    "AND p.polname = 'briefing_cleared') "
    "OR session_user IS NOT DISTINCT FROM (SELECT pg_get_userbyid(c.relowner) "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    f"WHERE c.relname = '{DOCS_TABLE}' AND n.nspname = 'public') THEN 'plain' "
    "WHEN to_regprocedure('public.briefing_index_put(bigint[], jsonb, bigint[])') IS NULL "
    "OR to_regprocedure('public.briefing_index_read(text, bigint[])') IS NULL "
    "OR to_regprocedure('public.briefing_index_find(text[], boolean, text[], bigint, "
    "integer)') IS NULL "
    "THEN 'stale' ELSE 'guarded' END")


def _guarded(conn: Any) -> str:
    """GUARDED_SQL's answer for this database connection: asked when the app's engine
    makes it (server_db), else here once; neither changes while it is open (a `server
    init` run meanwhile applies from the next connection)."""
    info = conn.connection.info
    if "briefing_index_guarded" not in info:
        info["briefing_index_guarded"] = conn.exec_driver_sql(GUARDED_SQL).scalar()
    return str(info["briefing_index_guarded"])


def _entry(kind: IndexedKind, code: int, row_id: int, visit_id: int | None,
           title: str | None, body: str | None) -> dict[str, Any]:
    """An index entry of a row: its folded text and terms."""
    f_title, f_body = fold(title or ""), fold(body or "")
    return {"key": row_id * 16 + code, "kind": kind.kind, "row_id": row_id,
            "visit_id": visit_id or 0, "title": f_title, "body": f_body,
            "title_terms": _terms(f_title),
            "terms": sorted(set(_terms(f_title)) | set(_terms(f_body)))}


def _add(conn: Any, kind: IndexedKind, code: int, ids: Sequence[int]) -> None:
    sql = doc_select(kind).format(marks=marks(len(ids)))
    rows = [tuple(_entry(kind, code, *row).values())
            for row in conn.exec_driver_sql(sql, tuple(ids))]
    if rows:
        conn.exec_driver_sql(
            f"INSERT INTO {DOCS_TABLE}(key, kind, row_id, visit_id, title, body, title_terms, "
            "terms) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", rows)


def rebuild(conn: Any, kinds: Mapping[int, IndexedKind]) -> int:
    conn.exec_driver_sql(f"DELETE FROM {DOCS_TABLE}")
    conn.exec_driver_sql(f"DELETE FROM {DIRTY_TABLE}")
    for statement in enqueue_all_statements(kinds.values()):
        conn.exec_driver_sql(statement)
    return drain(conn, kinds)


# --- searching ------------------------------------------------------------------------

def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _has_phrase(haystack: list[str], phrase: list[str], prefix_last: bool) -> bool:
    n = len(phrase)
    for i in range(len(haystack) - n + 1):
        if haystack[i:i + n - 1] == phrase[:-1] and (
                haystack[i + n - 1].startswith(phrase[-1]) if prefix_last
                else haystack[i + n - 1] == phrase[-1]):
            return True
    return False


def candidates(conn: Any, terms: Sequence[Any], visit_id: int | None, window: int,
               *, whole_words: bool, title_only: bool) -> list[tuple[int, str, str]]:
    """(key, folded title, folded body) of rows matching every term, newest first.

    `whole_words`: each term's word phrase (search._Term.words) as whole words;
    otherwise each term inside the text (≥ 3 characters), or for a shorter term its
    word prefix (Latin) or CJK token. Rows narrowed by the indexes are checked exactly.
    """
    held: list[list[str]] = []  # token arrays each entry must contain
    inside: list[str] = []  # folded text each entry must hold somewhere
    checks: list[tuple[str, Any]] = []
    for t in terms:
        if whole_words:
            phrase = tokens(t.words.strip('"').replace('""', '"'))
            if not phrase:  # punctuation alone: FTS5 finds no token, so nothing matches
                return []
            held.append(["w:" + w for w in phrase])
            checks.append(("phrase", phrase))
        elif len(t.folded) >= 3:
            inside.append(t.folded)
            checks.append(("inside", t.folded))
        else:
            phrase = tokens(t.words.strip('"').replace('""', '"'))
            if not phrase:  # punctuation alone: FTS5 finds no token, so nothing matches
                return []
            cjk = t.substring[1] == t.words  # search._term: CJK terms are exact tokens
            held.append(["w:" + w for w in phrase[:-1]]
                        + [("w:" if cjk else "p:") + phrase[-1][:2]])
            checks.append(("phrase" if cjk else "prefix", phrase))
    out = []
    for key, title, body in _matching(conn, held, inside, visit_id, window * 4,
                                      title_only=title_only):
        text = title if title_only else title + " " + body
        words = None
        ok = True
        for how, value in checks:
            if how == "inside":
                ok = value in (title if title_only else title) or (
                    not title_only and value in body)
            else:
                if words is None:
                    words = (tokens(word_text(title)) if title_only else
                             tokens(word_text(title)) + [""] + tokens(word_text(body)))
                ok = _has_phrase(words, value, prefix_last=how == "prefix")
            if not ok:
                break
        if ok and text is not None:
            out.append((key, title, body))
        if len(out) >= window:
            break
    return out


def _matching(conn: Any, held: list[list[str]], inside: list[str], visit_id: int | None,
              limit: int, *, title_only: bool) -> Any:
    """(key, title, body) of the entries holding every token array of `held` and every
    text of `inside` (in the title, or title or body), newest first. A user under the index's policy asks
    the owner's-rights function that keeps to what they may read (server_index_sql.
    search_functions): under the policy itself no index served these conditions."""
    if _guarded(conn) == "guarded":
        return conn.exec_driver_sql(
            "SELECT o_key, o_title, o_body FROM public.briefing_index_find(%s, %s, %s, %s, %s)",
            (sorted({w for words in held for w in words}), title_only, inside, visit_id, limit))
    text_col = "title_terms" if title_only else "terms"
    where = [f"{text_col} @> %s" for _ in held]
    params: list[Any] = list(held)
    for like in map(_like, inside):
        where.append("title LIKE %s" if title_only else "(title LIKE %s OR body LIKE %s)")
        params += [like] if title_only else [like, like]
    if visit_id is not None:
        where.append("visit_id = %s")
        params.append(visit_id)
    sql = (f"SELECT key, title, body FROM {DOCS_TABLE} WHERE {' AND '.join(where) or 'true'} "
           "ORDER BY visit_id DESC, key DESC LIMIT %s")
    return conn.exec_driver_sql(sql, (*params, limit))


def drop_statements(kind_rows: Iterable[tuple[Any, ...]]) -> list[str]:
    """Undo create_statements (migration 0002's downgrade on PostgreSQL)."""
    out = [f"DROP TRIGGER IF EXISTS {row[2]}_search ON {row[2]}" for row in kind_rows]
    out += ["DROP TRIGGER IF EXISTS agreements_au_versions ON agreements",
            "DROP TRIGGER IF EXISTS people_au_events ON people",
            "DROP TRIGGER IF EXISTS participations_search ON participations",
            "DROP FUNCTION IF EXISTS search_index_mark_related()",
            f"DROP FUNCTION IF EXISTS {MARK_FUNCTION}()",
            "DROP AGGREGATE IF EXISTS group_concat(text, text)",
            "DROP FUNCTION IF EXISTS briefing_concat_step(text, text, text)",
            f"DROP TABLE IF EXISTS {DOCS_TABLE}", f"DROP TABLE IF EXISTS {DIRTY_TABLE}"]
    return out
