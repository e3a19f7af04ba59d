"""The reader's clearance in a visit on the team server, and what it keeps from them.

On a database file there is none: whoever has the file reads everything. On the server
each user's own `clearances` rows (which row-level security lets them read) say how far
they may read; the pack prints the level it was made at, and the window locks the
fields kept in restricted rows of their own that such a user cannot see or write."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from briefing_app.core import models as M
from briefing_app.core.database import Database
from briefing_app.core.levels import RESTRICTED, rank


def reader_clearance(s: Session, visit_id: int) -> str | None:
    """The reader's clearance in a visit on the team server (their own `clearances`
    rows); None: none given (the owner)."""
    levels = s.execute(select(M.clearances.c.level).where(
        M.clearances.c.role_name == func.current_user(),
        (M.clearances.c.visit_id == visit_id) | M.clearances.c.visit_id.is_(None))).scalars()
    found = [str(lv) for lv in levels]
    return max(found, key=rank) if found else None


def companions_hidden(db: Database, visit_id: int) -> bool:
    """Whether this user may neither read nor write the visit's restricted rows of their
    own (models.COMPANIONS: positions, passport data): cleared below Restricted on the
    team server. Never on a file."""
    if not db.on_server:
        return False
    with db.read() as s:
        level = reader_clearance(s, visit_id)
    return level is not None and rank(level) < rank(RESTRICTED)
