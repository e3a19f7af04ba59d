"""Writing a visit bundle: the whole visit as one JSON file, photos in base64.

One self-describing UTF-8 JSON file (rather than a zip) so that nothing in it can
name a path, and a colleague can open it in any text editor to see what it holds.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from briefing_app import __version__
from briefing_app.core.database import Database
from briefing_app.core.ops import registry as reg
from briefing_app.interop.atomic import write_atomically
from briefing_app.interop.bundle_schema import (
    FORMAT,
    FORMAT_VERSION,
    SECTIONS,
    VISIT,
    Section,
    owner_ref,
    plain_value,
)


@dataclass(frozen=True)
class BundleExport:
    path: Path
    visit_title: str
    counts: dict[str, int]
    size: int


def _json_value(value: Any) -> Any:
    value = plain_value(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def _rows(s: Session, section: Section, visit_id: int) -> list[Any]:
    model = section.model
    if section.owned_by_visit:
        stmt = select(model).where(model.visit_id == visit_id)
    else:
        ref = owner_ref(section)
        assert ref is not None
        parent = next(x for x in SECTIONS if x.name == ref.target).model
        stmt = select(model).join(parent, getattr(model, ref.column) == parent.id).where(
            parent.visit_id == visit_id)
    return list(s.scalars(stmt.order_by(model.id)))


def _row_json(section: Section, obj: Any, uuids: dict[str, dict[int, str]]) -> dict[str, Any]:
    out: dict[str, Any] = {"uuid": obj.uuid, "created_at": _json_value(obj.created_at),
                           "updated_at": _json_value(obj.updated_at)}
    for name in section.fields:
        out[name] = _json_value(getattr(obj, name))
    for ref in section.refs:
        target_id = getattr(obj, ref.column)
        out[ref.key] = None if target_id is None else uuids[ref.target][target_id]
    return out


def bundle_dict(db: Database, visit_id: int) -> dict[str, Any]:
    """The bundle as plain JSON-ready data (one consistent read of the visit)."""
    with db.read() as s:
        visit = reg.fetch(s, "visit", visit_id)
        uuids: dict[str, dict[int, str]] = {}
        sections: dict[str, list[dict[str, Any]]] = {}
        for section in SECTIONS:
            rows = _rows(s, section, visit_id)
            uuids[section.name] = {r.id: r.uuid for r in rows}
            sections[section.name] = [_row_json(section, r, uuids) for r in rows]
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "exported_at": datetime.now(UTC).isoformat(),
            "exported_by": f"Briefing App {__version__}",
            "visit": _row_json(VISIT, visit, uuids),
            **sections,
        }


def export_bundle(db: Database, visit_id: int, out: Path | str) -> BundleExport:
    """Write the visit with everything in it to `out` (atomically)."""
    data = bundle_dict(db, visit_id)
    payload = json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")
    path = write_atomically(out, payload + b"\n", db.path)
    counts = {s.name: len(data[s.name]) for s in SECTIONS}
    return BundleExport(path, data["visit"]["title"], counts, len(payload) + 1)

