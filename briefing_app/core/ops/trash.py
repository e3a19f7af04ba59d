"""Deleting with the means to undo: a tombstone holds every row a delete removes.

A delete cascades (an event takes its participants and talking-point links with it; a
person clears the visit's principal). Before deleting, we collect the row, every row
that ON DELETE CASCADE would remove (recursively) and every column ON DELETE SET NULL
would clear, straight from the schema, so undo brings all of it back exactly, with
the same ids and UUIDs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from briefing_app.core.models import Base


@dataclass(frozen=True)
class Tombstone:
    """Rows removed by one delete, in insertion order, plus references it cleared."""

    label: str
    rows: tuple[tuple[str, dict[str, Any]], ...]
    cleared: tuple[tuple[str, int, str, int], ...] = field(default=())  # table, id, column, value


def _dependents(table: Table) -> list[tuple[Table, str, str]]:
    """(child table, child column, ondelete) for every FK pointing at `table`."""
    out = []
    for child in Base.metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table is table:
                out.append((child, fk.parent.name, (fk.ondelete or "").upper()))
    return out


def capture(session: Session, table: Table, row_id: int, label: str) -> Tombstone:
    """Collect what deleting `table`#`row_id` would remove or clear."""
    rows: list[tuple[str, dict[str, Any]]] = []
    cleared: list[tuple[str, int, str, int]] = []
    seen: set[tuple[str, int]] = set()

    def walk(tbl: Table, ids: list[int]) -> None:
        if not ids:
            return
        found = session.execute(select(tbl).where(tbl.c.id.in_(ids))).mappings().all()
        fresh = [dict(r) for r in found if (tbl.name, r["id"]) not in seen]
        for r in fresh:
            seen.add((tbl.name, r["id"]))
            rows.append((tbl.name, r))
        fresh_ids = [r["id"] for r in fresh]
        for child, column, ondelete in _dependents(tbl):
            col = child.c[column]
            if ondelete == "CASCADE":
                kids = session.execute(select(child.c.id).where(col.in_(fresh_ids))).scalars()
                walk(child, list(kids))
            elif ondelete == "SET NULL":
                for cid, value in session.execute(
                    select(child.c.id, col).where(col.in_(fresh_ids))
                ):
                    cleared.append((child.name, cid, column, value))

    walk(table, [row_id])
    # Cleared references inside rows that are themselves deleted restore with the row.
    cleared = [c for c in cleared if (c[0], c[1]) not in seen]
    return Tombstone(label, tuple(rows), tuple(cleared))


def delete_with_tombstone(session: Session, table: Table, row_id: int, label: str) -> Tombstone:
    tomb = capture(session, table, row_id, label)
    session.execute(table.delete().where(table.c.id == row_id))
    return tomb


def restore(session: Session, tomb: Tombstone) -> None:
    """Put every row back (parents before children), then re-set cleared references."""
    tables = Base.metadata.tables
    order = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
    deferred: list[tuple[str, int, str, Any]] = []
    for name, row in sorted(tomb.rows, key=lambda item: order[item[0]]):
        tbl = tables[name]
        values = dict(row)
        # Self-visit cycles (visit.principal_id -> person) are re-set after the insert.
        for fk in tbl.foreign_keys:
            if fk.use_alter and values.get(fk.parent.name) is not None:
                deferred.append((name, values["id"], fk.parent.name, values[fk.parent.name]))
                values[fk.parent.name] = None
        session.execute(insert(tbl).values(**values))
    for name, row_id, column, value in list(tomb.cleared) + deferred:
        tbl = tables[name]
        session.execute(update(tbl).where(tbl.c.id == row_id).values({column: value}))
