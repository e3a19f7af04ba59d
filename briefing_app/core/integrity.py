"""Database-level checks: SQLite's own and the foreign keys."""

from __future__ import annotations

from sqlalchemy import text

from briefing_app.core.database import Database


def check_integrity(db: Database) -> list[str]:
    """Problems found by integrity_check and foreign_key_check (empty when sound)."""
    problems: list[str] = []
    with db.read() as s:
        for (msg,) in s.execute(text("PRAGMA integrity_check")):
            if msg != "ok":
                problems.append(msg)
        for row in s.execute(text("PRAGMA foreign_key_check")):
            problems.append(f"table {row[0]} row {row[1]} points at a missing {row[2]} row")
    return problems
