"""Database-level checks: SQLite's own, the foreign keys, and rows no route may store.

Files written by older versions (or by hand) can hold an event that ends before it
starts; every write path refuses one today, so `check` is where such a row is named.
"""

from __future__ import annotations

from sqlalchemy import select, text

from briefing_app.core.database import Database
from briefing_app.core.models import Event


def check_integrity(db: Database) -> list[str]:
    """Problems found by integrity_check and foreign_key_check (empty when sound)."""
    problems: list[str] = []
    with db.read() as s:
        # PostgreSQL checks its pages and enforces foreign keys itself: no PRAGMAs there.
        for (msg,) in ([] if db.on_server else s.execute(text("PRAGMA integrity_check"))):
            if msg != "ok":
                problems.append(msg)
        for row in ([] if db.on_server else s.execute(text("PRAGMA foreign_key_check"))):
            problems.append(f"table {row[0]} row {row[1]} points at a missing {row[2]} row")
        rows = s.execute(select(Event.id, Event.title, Event.starts_at, Event.ends_at))
        for event_id, title, starts_at, ends_at in rows:
            if ends_at < starts_at:
                problems.append(
                    f"event #{event_id} {title!r} ends before it starts "
                    f"({starts_at:%Y-%m-%d %H:%M} → {ends_at:%Y-%m-%d %H:%M} UTC)"
                )
    return problems
