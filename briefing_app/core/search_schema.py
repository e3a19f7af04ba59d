"""The search index: what each kind of row contributes, and the tables that hold it.

Folding (NFKC, casefold, Latin accents off — see search_fold) needs Python, and a
trigger cannot call Python unless every connection that writes the file registers a
function (then `sqlite3` or any other tool could no longer write it). So the work is
split: plain-SQL triggers on every indexed table record *which* rows changed in
`search_index_dirty` (inserts, updates, deletes, ON DELETE CASCADE, writes by other
tools alike), and Python (search_index.drain) re-indexes exactly those rows before
each write transaction commits, in the same transaction. The index cannot drift: a
row is either indexed as it is or still listed as dirty.

Tables (all created by migration 0002_search_folding; names start with `search_index`;
0004_press_pack adds the triggers of press Q&A and the press fields to what is indexed,
0006_search_book_fields the book's fields of 0005_book_fields):

- `search_index_docs`: one row per indexed item — key (id * 16 + kind code), kind, id
  and visit (an item's index rows are found from it even after the item is gone).
  Excerpts are cut from the items' current text (`doc_select`), never from a copy.
- `search_index`: FTS5 trigram over folded title and body (substrings, ≥ 3 characters).
- `search_index_titles`: FTS5 trigram over folded titles alone, so a title-only match
  never walks the posting lists of every body.
- `search_index_words`: FTS5 unicode61 over folded words, CJK runs spelled as unigrams
  and bigrams: whole-word matches ranked by bm25, and one- or two-character CJK queries.
- `search_index_dirty`: keys waiting to be re-indexed (a key may be listed twice).

In every FTS table the rowid is visit_id << 32 | key, so a search within one visit is a
rowid range the FTS index seeks to instead of a filter over every match.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

KEY_BITS = 32


@dataclass(frozen=True)
class IndexedKind:
    kind: str
    code: int
    table: str
    visit_expr: str  # SQL giving the visit id, in terms of the row alias {r}
    title_expr: str
    body_expr: str


def _cat(*cols: str) -> str:
    return " || ' ' || ".join(f"coalesce({{r}}.{c}, '')" for c in cols)


# A person's names (native and Latin) are part of every event they take part in.
_PARTICIPANTS = (
    "coalesce((SELECT group_concat(n, ' ') FROM (SELECT p.native_name || ' ' || "
    "coalesce(p.latin_name, '') AS n FROM participations AS pa JOIN people AS p "
    "ON p.id = pa.person_id WHERE pa.event_id = {r}.id ORDER BY pa.position, pa.id)), '')"
)

INDEXED: tuple[IndexedKind, ...] = (
    IndexedKind("visit", 1, "visits", "{r}.id", "{r}.title",
                _cat("purpose", "objectives", "key_messages", "host_country", "host_city", "notes",
                     "press_contacts", "duty_contacts",
                     # the book's fields (0006_search_book_fields)
                     "issuing_department", "drafted_by", "cleared_by", "as_at", "distribution",
                     "risks")),
    IndexedKind("event", 2, "events", "{r}.visit_id", "{r}.title",
                _cat("objectives", "their_objectives", "our_response", "if_raised", "press_line",
                     "background", "background_nfd", "scenario", "protocol_notes",
                     "logistics_notes", "dress_code", "kind", "media_notes",
                     "accreditation_point",
                     # the book's fields (0006_search_book_fields)
                     "meeting_format", "speaking_order", "do_not_raise")
                + " || ' ' || " + _PARTICIPANTS),
    IndexedKind("person", 3, "people", "{r}.visit_id",
                "{r}.native_name || ' ' || coalesce({r}.latin_name, '')",
                _cat("title", "organisation", "country", "form_of_address", "biography", "notes",
                     "public_biography")),
    IndexedKind("talking_point", 4, "talking_points", "{r}.visit_id",
                "coalesce(nullif({r}.heading, ''), substr({r}.text, 1, 80))",
                _cat("text", "answer", "topics", "kind")),
    IndexedKind("fact", 5, "facts", "{r}.visit_id", "substr({r}.statement, 1, 120)",
                _cat("statement", "unit", "source", "topics")),
    IndexedKind("agreement", 6, "agreements", "{r}.visit_id", "{r}.title",
                _cat("parties", "lead_agency", "languages", "notes", "kind")),
    IndexedKind("agreement_version", 7, "agreement_versions",
                "(SELECT visit_id FROM agreements WHERE id = {r}.agreement_id)",
                "(SELECT title FROM agreements WHERE id = {r}.agreement_id) || ' — version ' || {r}.number",
                _cat("text", "note", "author")),
    IndexedKind("venue", 8, "venues", "{r}.visit_id", "{r}.name",
                _cat("city", "address", "notes")),
    IndexedKind("press_qa", 9, "press_qas", "{r}.visit_id", "substr({r}.question, 1, 120)",
                _cat("question", "answer", "topics")),
)
BY_CODE = {k.code: k for k in INDEXED}

FTS_TABLE = "search_index"
TITLES_TABLE = "search_index_titles"
WORDS_TABLE = "search_index_words"
DOCS_TABLE = "search_index_docs"
DIRTY_TABLE = "search_index_dirty"
FTS_TABLES = (FTS_TABLE, TITLES_TABLE, WORDS_TABLE)

# Every character class counts as part of a word (combining marks too, so Devanagari or
# a stray accent never splits a word); punctuation and spaces separate words.
WORDS_TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"


def doc_select(k: IndexedKind) -> str:
    """SELECT id, visit, title, body for rows of kind `k` whose ids are bound as `?`s."""
    return (f"SELECT t.id, {k.visit_expr.format(r='t')}, {k.title_expr.format(r='t')}, "
            f"{k.body_expr.format(r='t')} FROM {k.table} AS t WHERE t.id IN ({{marks}})")


def _mark(values: str) -> str:
    # Duplicates are allowed (drain reads DISTINCT keys): an OR IGNORE inside a trigger
    # fired by ON DELETE CASCADE is overridden by the cascade's ABORT.
    return f"INSERT INTO {DIRTY_TABLE}(key) {values};"


def create_statements() -> list[str]:
    """DDL for the index and its triggers (frozen into migration 0002_search_folding)."""
    out = [
        f"CREATE TABLE {DIRTY_TABLE} (key INTEGER NOT NULL)",
        f"CREATE TABLE {DOCS_TABLE} (key INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
        "row_id INTEGER NOT NULL, visit_id INTEGER NOT NULL)",
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, body, "
        "tokenize='trigram case_sensitive 1')",
        f"CREATE VIRTUAL TABLE {TITLES_TABLE} USING fts5(title, "
        "tokenize='trigram case_sensitive 1')",
        f'CREATE VIRTUAL TABLE {WORDS_TABLE} USING fts5(title, body, tokenize="{WORDS_TOKENIZER}")',
    ]
    for k in INDEXED:
        out.append(f"CREATE TRIGGER {k.table}_ai AFTER INSERT ON {k.table} BEGIN "
                   f"{_mark(f'VALUES (NEW.id * 16 + {k.code})')} END")
        out.append(f"CREATE TRIGGER {k.table}_ad AFTER DELETE ON {k.table} BEGIN "
                   f"{_mark(f'VALUES (OLD.id * 16 + {k.code})')} END")
        out.append(f"CREATE TRIGGER {k.table}_au AFTER UPDATE ON {k.table} BEGIN "
                   f"{_mark(f'VALUES (OLD.id * 16 + {k.code}), (NEW.id * 16 + {k.code})')} END")
    # Rows whose index text is built from another table's columns.
    out += [
        "CREATE TRIGGER agreements_au_versions AFTER UPDATE OF title, visit_id ON agreements "
        f"BEGIN {_mark('SELECT id * 16 + 7 FROM agreement_versions WHERE agreement_id = NEW.id')} END",
        "CREATE TRIGGER people_au_events AFTER UPDATE OF native_name, latin_name ON people "
        f"BEGIN {_mark('SELECT event_id * 16 + 2 FROM participations WHERE person_id = NEW.id')} END",
        "CREATE TRIGGER participations_ai AFTER INSERT ON participations "
        f"BEGIN {_mark('VALUES (NEW.event_id * 16 + 2)')} END",
        "CREATE TRIGGER participations_ad AFTER DELETE ON participations "
        f"BEGIN {_mark('VALUES (OLD.event_id * 16 + 2)')} END",
        "CREATE TRIGGER participations_au AFTER UPDATE ON participations "
        f"BEGIN {_mark('VALUES (OLD.event_id * 16 + 2), (NEW.event_id * 16 + 2)')} END",
    ]
    return out


def trigger_names() -> list[str]:
    names = [f"{k.table}_{s}" for k in INDEXED for s in ("ai", "ad", "au")]
    return names + ["agreements_au_versions", "people_au_events", "participations_ai",
                    "participations_ad", "participations_au"]


def drop_statements() -> list[str]:
    out = [f"DROP TRIGGER IF EXISTS {name}" for name in trigger_names()]
    return out + [f"DROP TABLE IF EXISTS {t}" for t in (*FTS_TABLES, DOCS_TABLE, DIRTY_TABLE)]


def enqueue_all_statements(kinds: Iterable[IndexedKind] = INDEXED) -> list[str]:
    """Mark every indexed row dirty (a rebuild, or the first fill after the migration)."""
    return [f"INSERT INTO {DIRTY_TABLE}(key) SELECT id * 16 + {k.code} FROM {k.table}"
            for k in kinds]


def kinds_by_code(rows: Iterable[tuple[str, int, str, str, str, str]]) -> dict[int, IndexedKind]:
    """Kinds as a migration froze them (plain tuples), keyed by code as drain wants them.

    A migration indexes with the definitions of its own revision, never with INDEXED: a
    later revision may index columns that do not exist yet when it runs.
    """
    return {k.code: k for k in (IndexedKind(*row) for row in rows)}
