"""A snapshot of the programme (and the navigator's tree), so the window can show it
before the database layer has loaded: importing SQLAlchemy alone takes longer than the
whole window takes to paint.

Never out of date: the rows are read afresh from the database when the window closes
(while holding the write lock, so no other process commits in between), then the
database is closed and the file is stamped: the database file's size, modification
and change times and inode, and the state of its `-wal` file. A snapshot is written
only when no write-ahead log is left (nobody else has the file open) and the stamp is
the same before and after writing it; it is used at the next start only if the stamp
is still the same, so any change by this app or another, a restore from a backup, or
a write still in the log makes it void. What it shows is greyed and read-only until
the live data replaces it, a fraction of a second later.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths

from briefing_app.gui.programme_rows import COLUMNS, Row

VERSION = 2


def _file(db_path: Path) -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    full = str(db_path.resolve())
    key = f"{db_path.stem[:40]}-{zlib.crc32(full.encode('utf-8')):08x}"
    return Path(base or Path.home() / ".cache" / "briefing-app") / "programme" / f"{key}.txt"


def _file_stamp(path: str) -> list[int] | None:
    """Size, mtime, ctime (which nobody can set back), inode and device; None if absent."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def stamp(db_path: Path) -> dict[str, Any] | None:
    """The database file's stamp and its -wal file's (None when there is no log or an
    empty one: then the database file alone holds the data). None if the file is
    missing or unreadable."""
    try:
        db = _file_stamp(str(db_path))
        wal = _file_stamp(f"{db_path}-wal")
    except OSError:
        return None
    if db is None:
        return None
    return {"db": db, "wal": wal if wal is not None and wal[0] > 0 else None}


def capture(db: Any, visit: Any) -> dict[str, Any] | None:
    """What the next start should show, read from the database now (call just before
    closing it). Holds the write lock meanwhile, so what is read is what is in the file."""
    from briefing_app.core.ops.visits import list_visits
    from briefing_app.gui.views.programme_view import programme_rows

    try:
        with db.write():
            title, summary, rows = programme_rows(db, visit)
            visits = [(v.id, v.title) for v in list_visits(db)]
    except Exception:  # noqa: BLE001 - a cache: without it the next start is only slower
        return None
    if not rows:
        return None
    return {"visit_id": visit.id, "title": title, "summary": summary, "visits": visits,
            "rows": rows}


MAGIC = "briefing-app programme snapshot"


def _enc(value: object) -> str:
    """One field: text with every tab, newline and non-ASCII character escaped."""
    return str(value).encode("unicode_escape").decode("ascii")


def _dec(field: str) -> str:
    text = field.encode("ascii").decode("unicode_escape")
    if _enc(text) != field:  # only what _enc writes is accepted
        raise ValueError("badly escaped text")
    return text


def _flag(field: str) -> bool:
    if field not in ("0", "1"):
        raise ValueError("not a flag")
    return field == "1"


def _dumps(data: dict[str, Any]) -> str:
    """Plain text (not JSON: importing `json` costs ~3 ms before the first paint): a
    header line, `key<TAB>value` lines, then one line per row."""
    lines = [f"{MAGIC} {VERSION}"]
    st = data["stamp"]
    lines.append("stamp\t" + "\t".join(str(x) for x in st["db"]))
    lines.append("db\t" + _enc(data["db"]))
    lines.append(f"visit\t{data['visit_id']}\t" + _enc(data["title"]) + "\t" + _enc(data["summary"]))
    for vid, title in data["visits"]:
        lines.append(f"visits\t{int(vid)}\t{_enc(title)}")
    for r in data["rows"]:
        lines.append("\t".join(["row", str(int(r.is_day)), str(r.event_id), str(int(r.conflict)),
                                str(int(r.cancelled)), _enc(r.tooltip), _enc(r.day),
                                *(_enc(c) for c in r.cells)]))
    lines.append(f"end\t{len(data['rows'])}")  # a file cut at a line end is still refused
    return "\n".join(lines) + "\n"


def _loads(text: str) -> dict[str, Any]:
    """Parse `_dumps`; raises ValueError (or IndexError) on anything else."""
    lines = text.split("\n")
    if lines[0] != f"{MAGIC} {VERSION}" or lines[-1] != "":
        raise ValueError("not a snapshot of this version, or cut short")
    data: dict[str, Any] = {"visits": [], "rows": []}
    if lines[-2] != f"end\t{sum(1 for line in lines if line.startswith('row'))}":
        raise ValueError("cut short")
    for line in lines[1:-2]:
        kind, *f = line.split("\t")
        if kind == "stamp":
            data["stamp"] = {"db": [int(x) for x in f], "wal": None}
        elif kind == "db":
            data["db"] = _dec(f[0])
        elif kind == "visit":
            data["visit_id"], data["title"], data["summary"] = int(f[0]), _dec(f[1]), _dec(f[2])
        elif kind == "visits":
            data["visits"].append((int(f[0]), _dec(f[1])))
        elif kind == "row":
            is_day, cells = _flag(f[0]), tuple(_dec(c) for c in f[6:])
            if len(cells) != (1 if is_day else len(COLUMNS)):
                raise ValueError("a row with the wrong number of cells")
            data["rows"].append(Row(is_day, int(f[1]), cells, _flag(f[2]), _flag(f[3]),
                                    _dec(f[4]), _dec(f[5])))
        else:
            raise ValueError(f"unknown line {kind!r}")
    for key in ("stamp", "db", "visit_id"):
        if key not in data:
            raise ValueError(f"no {key}")
    return data


def save(db_path: Path, snap: dict[str, Any]) -> bool:
    """Write the snapshot for the (closed) database; False if it could not vouch for it."""
    before = stamp(db_path)
    if before is None or before["wal"] is not None:
        forget(db_path)  # someone else has the file open: the data may move on
        return False
    target = _file(db_path)
    text = _dumps({"stamp": before, "db": str(db_path.resolve()), **snap})
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")  # ASCII only: see _enc
        os.replace(tmp, target)
    except OSError:
        return False  # a cache: failing to write it only costs start-up speed
    if stamp(db_path) != before:  # written to while we saved: do not vouch for it
        forget(db_path)
        return False
    return True


def load(db_path: Path) -> dict[str, Any] | None:
    """The snapshot for this exact, unchanged file, or None."""
    try:
        data = _loads(_file(db_path).read_text(encoding="utf-8"))
        if data["db"] != str(db_path.resolve()):
            return None
        current = stamp(db_path)
        if current is None or current["wal"] is not None or data["stamp"] != current:
            return None
        return data
    except (OSError, ValueError, IndexError):
        return None


def forget(db_path: Path) -> None:
    try:
        _file(db_path).unlink(missing_ok=True)
    except OSError:
        pass
