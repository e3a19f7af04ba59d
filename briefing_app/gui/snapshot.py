"""A snapshot of the programme table, so the window can show it before the database layer
has loaded (SQLAlchemy alone takes longer to import than the whole window takes to paint).

Written when the window closes, after the database is closed, together with the file's
size and modification time; used at the next start only if the file is unchanged (and
has no pending write-ahead log). The live data replaces it a moment later, when the
database is open; until then the window only shows, it does not edit.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths

from briefing_app.gui.programme_rows import Row

VERSION = 1


def _file(db_path: Path) -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    full = str(db_path.resolve())
    key = f"{db_path.stem[:40]}-{zlib.crc32(full.encode('utf-8')):08x}"
    return Path(base or Path.home() / ".cache" / "briefing-app") / "programme" / f"{key}.json"


def stamp(db_path: Path) -> list[int] | None:
    """(size, mtime) of an idle database file; None if missing or mid-write."""
    try:
        wal = Path(f"{db_path}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            return None
        st = db_path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def save(db_path: Path, visit_id: int, title: str, summary: str, rows: list[Row]) -> None:
    """Record what the programme showed (call after the database is closed)."""
    current = stamp(db_path)
    if current is None or not rows:
        return
    target = _file(db_path)
    data = {"version": VERSION, "db": str(db_path.resolve()), "stamp": current,
            "visit_id": visit_id, "title": title, "summary": summary,
            "rows": [r.to_json() for r in rows]}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        pass  # a cache: failing to write it only costs start-up speed


def load(db_path: Path) -> dict[str, Any] | None:
    """The snapshot for this exact, unchanged file, or None."""
    try:
        data = json.loads(_file(db_path).read_text(encoding="utf-8"))
        if data.get("version") != VERSION or data.get("db") != str(db_path.resolve()):
            return None
        if data.get("stamp") != stamp(db_path):
            return None
        data["rows"] = [Row.from_json(r) for r in data["rows"]]
        return data
    except (OSError, ValueError, KeyError, TypeError):
        return None


def forget(db_path: Path) -> None:
    try:
        _file(db_path).unlink(missing_ok=True)
    except OSError:
        pass
