"""What the sync tests compare: a visit's rows as the sync sees them, on either side."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from briefing_app.core import models as M
from briefing_app.core.sync import rows as R


def rows_of(db: Any, uuid: str) -> dict[str, dict[str, Any]]:
    """Every row of the visit by UUID, its fields as the sync carries them. `updated_at`
    is left out: a merged row takes the newer of the two sides' stamps."""
    with db.read() as s:
        visit_id = s.scalar(select(M.Visit.id).where(M.Visit.uuid == uuid))
        return {u: r.data | {"updated_at": None} for u, r in R.read_visit(s, visit_id).rows.items()}
