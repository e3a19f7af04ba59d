"""Shared helpers for the exchange-format tests: a photo, file hashes, bundle edits."""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from pathlib import Path
from typing import Any

from briefing_app.core.database import Database
from briefing_app.core.ops import entities as ent
from briefing_app.interop.bundle_export import bundle_dict


def tiny_png() -> bytes:
    """A valid 1x1 PNG, built by hand (no imaging library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def db_files_hash(path: Path) -> str:
    """Hash of the database file and its WAL: what a refused import must not change."""
    h = hashlib.sha256()
    for p in (path, path.with_name(path.name + "-wal")):
        h.update(p.name.encode())
        h.update(p.read_bytes() if p.exists() else b"<absent>")
    return h.hexdigest()


def add_photo(db: Database, visit_id: int) -> int:
    """Give the visit's first person a photo; returns that person's id."""
    person = ent.list_for_visit(db, "person", visit_id)[0]
    ent.update(db, "person", person.id, {"photo": tiny_png(), "photo_mime": "image/png"})
    return person.id


def comparable(db: Database, visit_id: int) -> dict[str, Any]:
    """The bundle of a visit minus the moment it was made (for equality checks)."""
    data = bundle_dict(db, visit_id)
    data.pop("exported_at")
    return data


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path
