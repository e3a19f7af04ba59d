"""Writing a visit bundle: the whole visit as one JSON file, photos in base64.

One self-describing UTF-8 JSON file (rather than a zip) so that nothing in it can
name a path, and a colleague can open it in any text editor to see what it holds.

`export_bundle` streams: rows are read as plain Core rows (no ORM objects) one section
at a time and written to the staged file as they come, so a real-sized visit (67,000
rows, 35 MB of JSON) never sits in memory as objects, dictionaries and one big string
at once. The file is the same as `json.dumps(bundle_dict(...), indent=1)` would write.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from briefing_app import __version__
from briefing_app.core.atomic_file import check_target, commit, stage_chunks
from briefing_app.core.database import Database
from briefing_app.core.ops import registry as reg
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


def _statement(section: Section, visit_id: int) -> Any:
    """The section's rows of one visit, oldest first."""
    model = section.model
    if section.owned_by_visit:
        stmt = select(model).where(model.visit_id == visit_id)
    else:
        ref = owner_ref(section)
        assert ref is not None
        parent = next(x for x in SECTIONS if x.name == ref.target).model
        stmt = select(model).join(parent, getattr(model, ref.column) == parent.id).where(
            parent.visit_id == visit_id)
    return stmt.order_by(model.id)


def _rows(s: Session, section: Section, visit_id: int) -> Iterator[Any]:
    """The section's rows as plain Core rows (attribute access like the ORM object's),
    fetched from the cursor as they are consumed."""
    table = section.model.__table__
    names = ["id", "uuid", "created_at", "updated_at", *section.fields,
             *(r.column for r in section.refs)]
    stmt = _statement(section, visit_id).with_only_columns(
        *[table.c[n] for n in dict.fromkeys(names)])
    yield from s.connection().execute(stmt)


def _row_json(section: Section, obj: Any,
              uuids: dict[str, dict[int, str]]) -> dict[str, Any] | None:
    """One row as the bundle holds it, or None when it cannot travel without a row this
    reader does not have: on a team server row-level security hides some rows from a
    user, so a room may name a person the user may not read. An optional reference to
    such a row is left empty; a row that needs it (a delegate, its person) stays out, and
    so do the rows that need that one (the caller does not list its id)."""
    out: dict[str, Any] = {"uuid": obj.uuid, "created_at": _json_value(obj.created_at),
                           "updated_at": _json_value(obj.updated_at)}
    for name in section.fields:
        out[name] = _json_value(getattr(obj, name))
    for ref in section.refs:
        target_id = getattr(obj, ref.column)
        target = None if target_id is None else uuids.get(ref.target, {}).get(target_id)
        if target is None and target_id is not None and ref.required:
            return None
        out[ref.key] = target
    return out


def _header(s: Session, visit_id: int) -> dict[str, Any]:
    """Everything before the sections; the visit's own references (its principal) are
    looked up directly, since the visit is written before the rows it refers to."""
    visit = reg.fetch(s, "visit", visit_id)
    uuids: dict[str, dict[int, str]] = {}
    for ref in VISIT.refs:
        target_id = getattr(visit, ref.column)
        if target_id is not None:
            model = next(x for x in SECTIONS if x.name == ref.target).model
            target = s.get(model, target_id)  # None: hidden from this user (team server)
            if target is not None:
                uuids.setdefault(ref.target, {})[target_id] = target.uuid
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "exported_by": f"Briefing App {__version__}",
        "visit": _row_json(VISIT, visit, uuids),  # its one reference is optional
    }


def bundle_dict(db: Database, visit_id: int) -> dict[str, Any]:
    """The bundle as plain JSON-ready data (one consistent read of the visit)."""
    with db.read() as s:
        data = _header(s, visit_id)
        uuids: dict[str, dict[int, str]] = {}
        for section in SECTIONS:
            ids = uuids[section.name] = {}
            data[section.name] = out = []
            for r in _rows(s, section, visit_id):
                row = _row_json(section, r, uuids)
                if row is not None:
                    ids[r.id] = r.uuid
                    out.append(row)
        return data


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, allow_nan=False)


def _bundle_chunks(db: Database, visit_id: int, counts: dict[str, int],
                   header: dict[str, Any]) -> Iterator[bytes]:
    """The bundle file piece by piece, from one read transaction: the same text as
    `_dumps(bundle_dict(...))`, one row at a time (each nested two levels deep)."""
    with db.read() as s:
        header.update(_header(s, visit_id))
        head = _dumps(header)
        yield head[:-2].encode("utf-8")  # without the closing "\n}"
        uuids: dict[str, dict[int, str]] = {}
        for section in SECTIONS:
            ids = uuids[section.name] = {}
            yield f",\n {json.dumps(section.name)}: [".encode()
            n = 0
            for row in _rows(s, section, visit_id):
                value = _row_json(section, row, uuids)
                if value is None:
                    continue
                ids[row.id] = row.uuid
                text = _dumps(value).replace("\n", "\n  ")
                yield ((",\n  " if n else "\n  ") + text).encode("utf-8")
                n += 1
            counts[section.name] = n
            yield ("\n ]" if n else "]").encode()
    yield b"\n}\n"


def export_bundle(db: Database, visit_id: int, out: Path | str,
                  passphrase: str | None = None) -> BundleExport:
    """Write the visit with everything in it to `out` (atomically, streamed); sealed
    with `passphrase` (interop/bundle_crypto.py), which an encrypted database requires:
    its data never leaves it in plain text."""
    from briefing_app.core import cipher
    from briefing_app.core.errors import ValidationError

    if passphrase is None and cipher.key_for(db.path) is not None:
        raise ValidationError("bundle passphrase", "the database is encrypted, so its bundles "
                              "are encrypted too: give a passphrase for the bundle "
                              "(--bundle-passphrase-file FILE) and tell it to the recipient "
                              "by another way than the file")
    target = check_target(out, db.path)
    counts: dict[str, int] = {}
    header: dict[str, Any] = {}
    chunks = _bundle_chunks(db, visit_id, counts, header)
    if passphrase is not None:
        from briefing_app.interop.bundle_crypto import seal_chunks

        chunks = seal_chunks(chunks, passphrase)
    tmp = stage_chunks(target, chunks)
    size = tmp.stat().st_size
    commit([(tmp, target)])
    from briefing_app.core.server_audit import record_export

    record_export(db, visit_id, "bundle", {"sealed": passphrase is not None,
                                           "rows": sum(counts.values())})
    return BundleExport(target, header["visit"]["title"], counts, size)


def row_json(section: Section, row: Any,
             uuids: dict[str, dict[int, str]]) -> dict[str, Any] | None:
    """One row as a bundle holds it (the sync compares and stores rows so: core/sync)."""
    return _row_json(section, row, uuids)


def section_statement(section: Section, visit_id: int) -> Any:
    """The SELECT of a section's rows of one visit (the sync reads them so)."""
    return _statement(section, visit_id)
