"""A visit's rows as the sync sees them: per UUID, the bundle's JSON of the row
(interop/bundle_export.py: fields as JSON, references as UUIDs, never local ids) and
its row_version; and the statements that write one such row into a database.

Rows are the kinds of core/kinds.py in bundle order (`SYNCED`), so a row only refers to
rows written before it; the visit's principal is set last, as a bundle import does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from briefing_app.interop.bundle_export import row_json, section_statement
from briefing_app.interop.bundle_read import parse_row
from briefing_app.interop.bundle_schema import SECTIONS, VISIT, Section

SYNCED: tuple[Section, ...] = (VISIT, *SECTIONS)
BY_TABLE: dict[str, Section] = {s.model.__tablename__: s for s in SYNCED}
ORDER: dict[str, int] = {s.model.__tablename__: i for i, s in enumerate(SYNCED)}


def table_of(section: Section) -> str:
    return str(section.model.__tablename__)


def compared(section: Section) -> tuple[str, ...]:
    """The keys a merge compares: fields and references (timestamps are bookkeeping)."""
    return (*section.fields, *(r.key for r in section.refs))


@dataclass
class Snap:
    """One row: its table, server-side or local id, row_version and JSON."""

    table: str
    id: int
    version: int
    data: dict[str, Any]

    @property
    def section(self) -> Section:
        return BY_TABLE[self.table]


@dataclass
class VisitRows:
    """Every row of one visit in one database, by UUID, and the ids by UUID."""

    visit_id: int
    rows: dict[str, Snap] = field(default_factory=dict)

    def ids(self) -> dict[str, int]:
        return {u: r.id for u, r in self.rows.items()}


def read_visit(s: Session, visit_id: int) -> VisitRows:
    """The visit's rows as one read in `s` (the caller's transaction)."""
    out = VisitRows(visit_id)
    raw: list[tuple[Section, Any]] = []
    uuids: dict[str, dict[int, str]] = {}
    for section in SYNCED:
        table = section.model.__table__
        names = ["id", "uuid", "row_version", "created_at", "updated_at", *section.fields,
                 *(r.column for r in section.refs)]
        stmt = (select(section.model).where(section.model.id == visit_id)
                if section is VISIT else section_statement(section, visit_id))
        stmt = stmt.with_only_columns(*[table.c[n] for n in dict.fromkeys(names)])
        rows = list(s.connection().execute(stmt))
        uuids[section.name] = {r.id: r.uuid for r in rows}
        raw += [(section, r) for r in rows]
    for section, r in raw:  # in bundle order: a row before those that need it
        data = row_json(section, r, uuids)
        if data is None:  # it needs a row hidden from this user: it stays out, as in a bundle
            del uuids[section.name][r.id]
            continue
        out.rows[r.uuid] = Snap(table_of(section), r.id, r.row_version, data)
    return out


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def python_values(section: Section, data: dict[str, Any], ids: dict[str, int],
                  keys: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Column values for `keys` (all compared keys if None) of a row given as JSON,
    references resolved to ids of the database being written (`ids`, by UUID).

    A reference to a row that is not there raises `MissingRow` (its target was deleted
    on this side)."""
    parsed = parse_row(section, data)
    wanted = compared(section) if keys is None else keys
    values: dict[str, Any] = {}
    by_key = {r.key: r for r in section.refs}
    for key in wanted:
        if key in by_key:
            target = parsed.refs[by_key[key].column]
            if target is not None and target not in ids:
                raise MissingRow(target)
            values[by_key[key].column] = None if target is None else ids[target]
        else:
            values[key] = parsed.values[key]
    return values


class MissingRow(Exception):
    """A row refers to a row this database does not have."""


def insert_row(s: Session, section: Section, uuid: str, data: dict[str, Any],
               ids: dict[str, int], visit_id: int | None, version: int) -> int:
    """Add the row with its UUID and timestamps; returns its new id. The visit's own
    references are left empty here (`set_visit_refs` sets them after every row)."""
    keys = compared(section) if section is not VISIT else tuple(section.fields)
    values = python_values(section, data, ids, keys)
    parsed = parse_row(section, data)
    values |= {"uuid": uuid, "created_at": parsed.created_at, "updated_at": parsed.updated_at,
               "row_version": version}
    if section.owned_by_visit and section is not VISIT:
        values["visit_id"] = visit_id
    model = section.model
    new_id = s.execute(insert(model).returning(model.id), values).scalar_one()
    ids[uuid] = new_id
    return int(new_id)


def set_visit_refs(s: Session, uuid: str, data: dict[str, Any], ids: dict[str, int]) -> None:
    keys = tuple(r.key for r in VISIT.refs)
    values = python_values(VISIT, data, ids, keys)
    values["updated_at"] = parse_row(VISIT, data).updated_at  # else onupdate stamps it now
    s.execute(update(VISIT.model).where(VISIT.model.uuid == uuid).values(**values)
              .execution_options(synchronize_session=False))


def update_row(s: Session, section: Section, uuid: str, data: dict[str, Any],
               keys: tuple[str, ...], ids: dict[str, int], *, base: int | None,
               version: Any) -> int:
    """Set `keys` of the row to their values in `data`; with `base`, only if the row is
    still at that version (the server's check). Returns the number of rows written."""
    model = section.model
    values = python_values(section, data, ids, keys)
    values["updated_at"] = parse_row(section, data).updated_at
    values["row_version"] = version
    stmt = update(model).where(model.uuid == uuid)
    if base is not None:
        stmt = stmt.where(model.row_version == base)
    result = s.execute(stmt.values(**values).execution_options(synchronize_session=False))
    return int(result.rowcount)


def delete_row(s: Session, section: Section, uuid: str, *, base: int | None) -> int:
    model = section.model
    stmt = delete(model).where(model.uuid == uuid)
    if base is not None:
        stmt = stmt.where(model.row_version == base)
    return int(s.execute(stmt.execution_options(synchronize_session=False)).rowcount)


def changed_keys(section: Section, a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """The compared keys whose JSON differs between two versions of a row."""
    return [k for k in compared(section) if a.get(k) != b.get(k)]
