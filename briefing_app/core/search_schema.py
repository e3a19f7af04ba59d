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
from typing import Any

from briefing_app.core.kinds import KINDS, Kind

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


def _indexed(kind: Kind) -> IndexedKind:
    """The index entry of a kind, from its declaration (core/kinds.py, `Kind.search`)."""
    spec = kind.search
    assert spec is not None
    body = _cat(*spec.body) + (f" || ' ' || {spec.extra}" if spec.extra else "")
    return IndexedKind(kind.name, spec.code, kind.table.name, spec.visit, spec.title, body)


# What the app indexes now; a migration freezes its own copy (see kinds_by_code).
INDEXED: tuple[IndexedKind, ...] = tuple(
    sorted((_indexed(k) for k in KINDS if k.search is not None), key=lambda k: k.code))
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
        out += kind_triggers(k)
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
        # a restricted brief's entry is titled by its event (0014_event_briefs)
        "CREATE TRIGGER events_au_briefs AFTER UPDATE OF title ON events "
        f"BEGIN {_mark('SELECT id * 16 + 0 FROM event_briefs WHERE event_id = NEW.id')} END",
    ]
    return out


def kind_triggers(k: IndexedKind) -> list[str]:
    """The three triggers by which rows of kind `k` mark themselves dirty."""
    return [
        f"CREATE TRIGGER {k.table}_ai AFTER INSERT ON {k.table} BEGIN "
        f"{_mark(f'VALUES (NEW.id * 16 + {k.code})')} END",
        f"CREATE TRIGGER {k.table}_ad AFTER DELETE ON {k.table} BEGIN "
        f"{_mark(f'VALUES (OLD.id * 16 + {k.code})')} END",
        f"CREATE TRIGGER {k.table}_au AFTER UPDATE ON {k.table} BEGIN "
        f"{_mark(f'VALUES (OLD.id * 16 + {k.code}), (NEW.id * 16 + {k.code})')} END",
    ]


def migration_text(*kinds: str) -> str:
    """Python for a new migration that starts indexing `kinds` (names in core/kinds.py):
    its frozen KINDS, CREATE and DROP lists, generated from the declarations now and
    pasted into the revision (which must never read INDEXED: see kinds_by_code).

        python -c "from briefing_app.core.search_schema import migration_text as m; print(m('gift'))"
    """
    chosen = [k for k in INDEXED if k.kind in kinds]
    missing = set(kinds) - {k.kind for k in chosen}
    if missing:
        raise ValueError(f"not indexed (no Search in core/kinds.py): {', '.join(sorted(missing))}")
    rows = [(k.kind, k.code, k.table, k.visit_expr, k.title_expr, k.body_expr) for k in chosen]
    create = [stmt for k in chosen for stmt in kind_triggers(k)]
    drop = [f"DROP TRIGGER IF EXISTS {k.table}_{s}" for k in chosen for s in ("ai", "ad", "au")]

    def block(name: str, items: list[Any]) -> str:
        return f"{name} = [\n" + "".join(f"    {item!r},\n" for item in items) + "]\n"

    return block("KINDS", rows) + "\n" + block("CREATE", create) + "\n" + block("DROP", drop)


def trigger_names() -> list[str]:
    names = [f"{k.table}_{s}" for k in INDEXED for s in ("ai", "ad", "au")]
    return names + ["agreements_au_versions", "people_au_events", "participations_ai",
                    "participations_ad", "participations_au", "events_au_briefs"]


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
