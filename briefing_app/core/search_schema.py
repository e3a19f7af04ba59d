"""The full-text index: one FTS5 table kept current by triggers.

Triggers (not application code) maintain it, so every write path — operations, imports,
migrations — keeps search right. The trigram tokenizer finds substrings, which Chinese
(no spaces) and inflected Kazakh need. Each source row gets a fixed FTS rowid
(id * 16 + kind code) so an update or delete touches one index row.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IndexedKind:
    kind: str
    code: int
    table: str
    visit_expr: str  # SQL giving the visit id, in terms of NEW./OLD. as {r}
    title_expr: str
    body_expr: str


def _cat(*cols: str) -> str:
    return " || ' ' || ".join(f"coalesce({{r}}.{c}, '')" for c in cols)


INDEXED: tuple[IndexedKind, ...] = (
    IndexedKind("visit", 1, "visits", "{r}.id", "{r}.title",
                _cat("purpose", "objectives", "key_messages", "host_country", "host_city", "notes",
                     "press_contacts", "duty_contacts")),
    IndexedKind("event", 2, "events", "{r}.visit_id", "{r}.title",
                _cat("objectives", "their_objectives", "our_response", "if_raised", "press_line",
                     "background", "background_nfd", "scenario", "protocol_notes",
                     "logistics_notes", "dress_code", "kind", "media_notes",
                     "accreditation_point")),
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

FTS_TABLE = "search_index"


def _values(k: IndexedKind, r: str) -> str:
    return (
        f"{r}.id * 16 + {k.code}, {k.title_expr.format(r=r)}, {k.body_expr.format(r=r)}, "
        f"'{k.kind}', {r}.id, {k.visit_expr.format(r=r)}"
    )


_COLUMNS = f"{FTS_TABLE}(rowid, title, body, kind, row_id, visit_id)"


def _insert(k: IndexedKind) -> str:
    return f"INSERT INTO {_COLUMNS} VALUES ({_values(k, 'NEW')});"


def _delete(k: IndexedKind) -> str:
    return f"DELETE FROM {FTS_TABLE} WHERE rowid = OLD.id * 16 + {k.code};"


def create_statements() -> list[str]:
    """DDL for the index and its triggers (used by the migration that creates them)."""
    out = [
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
        "title, body, kind UNINDEXED, row_id UNINDEXED, visit_id UNINDEXED, "
        "tokenize='trigram case_sensitive 0')"
    ]
    for k in INDEXED:
        out.append(f"CREATE TRIGGER {k.table}_ai AFTER INSERT ON {k.table} BEGIN {_insert(k)} END")
        out.append(f"CREATE TRIGGER {k.table}_ad AFTER DELETE ON {k.table} BEGIN {_delete(k)} END")
        out.append(
            f"CREATE TRIGGER {k.table}_au AFTER UPDATE ON {k.table} BEGIN "
            f"{_delete(k)} {_insert(k)} END"
        )
    # A renamed agreement renames the index titles of its versions.
    out.append(
        "CREATE TRIGGER agreements_au_versions AFTER UPDATE OF title ON agreements BEGIN "
        "UPDATE agreement_versions SET number = number WHERE agreement_id = NEW.id; END"
    )
    return out


def drop_statements() -> list[str]:
    out = ["DROP TRIGGER IF EXISTS agreements_au_versions"]
    for k in INDEXED:
        for suffix in ("ai", "ad", "au"):
            out.append(f"DROP TRIGGER IF EXISTS {k.table}_{suffix}")
    out.append(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    return out


def rebuild_statements() -> list[str]:
    """Refill the index from the tables (after a restore or if it was damaged)."""
    out = [f"DELETE FROM {FTS_TABLE}"]
    for k in INDEXED:
        out.append(f"INSERT INTO {_COLUMNS} SELECT {_values(k, 't')} FROM {k.table} AS t")
    return out
