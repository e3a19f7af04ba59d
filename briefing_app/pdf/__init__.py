"""The briefing pack PDF.

API (for the GUI, the CLI and scripts)::

    from briefing_app.core.pack_data import load_pack_data
    from briefing_app.pdf import PackOptions, build_pack, ExportCancelled

    data = load_pack_data(db, visit_id)          # plain frozen data, one read transaction
    options = PackOptions(edition="press", paper="letter", copies=3, watermark="DRAFT",
                          classification="RESTRICTED", password="", person_id=None,
                          sections=DEFAULT_SECTIONS, font_files=())
    result = build_pack(data, options, "pack.pdf",
                        progress=lambda fraction, message: ...,   # 0.0 .. 1.0, e.g. "laying out pages"
                        cancel=threading.Event())                 # anything with .is_set()
    result.paths      # one file per copy: pack.pdf, or pack-copy-1-of-3.pdf ...
    result.pages      # pages in each copy
    result.warnings   # characters no font has, stale facts, unreadable photos

Contract:
- `build_pack` takes plain data only (never the database or ORM objects), so it can run
  on a worker thread: load the data on the thread that owns the database, then hand it
  over. The progress callback is called on the worker thread; marshal it to the GUI
  thread yourself (e.g. a Qt signal). It is called often (every ~20 flowables), so keep
  it cheap.
- Cancelling: set the flag; the build raises `ExportCancelled` within a fraction of a
  second. Files are written only at the very end (temporary files in the target folder,
  then `os.replace`), so a cancel or an error leaves no partial file and any previous
  file of the same name intact.
- User errors raise `briefing_app.core.errors.BriefingError` subclasses with one-line
  messages (`ValidationError` for bad options or output paths, `NotFoundError` for an
  unknown person). `OSError` can come from the file system.
- Importing this package is cheap; ReportLab is imported on the first `build_pack`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing_app.pdf.options import (
    DEFAULT_SECTIONS,
    EDITION_TITLES,
    SECTIONS,
    Edition,
    ExportCancelled,
    PackOptions,
    PackResult,
)

if TYPE_CHECKING:
    from briefing_app.core.pack_data import PackData

__all__ = ["DEFAULT_SECTIONS", "EDITION_TITLES", "SECTIONS", "Edition", "ExportCancelled",
           "PackOptions", "PackResult", "build_pack", "record_export"]


def build_pack(data: PackData, options: PackOptions, out_path: Path | str,
               progress: Any = None, cancel: Any = None) -> PackResult:
    """Write the briefing pack for `data` to `out_path` (see the module docstring)."""
    from briefing_app.pdf.builder import build_pack as _build

    return _build(data, options, out_path, progress=progress, cancel=cancel)


def record_export(db: Any, visit_id: int, options: PackOptions, result: PackResult) -> None:
    """On a team server, write who exported which edition, with which copy numbers, for
    whom, into the audit trail (core/server_audit.py); nothing for a database file."""
    from briefing_app.core.server_audit import record_export as record

    record(db, visit_id, "pack", {
        "edition": options.edition.value, "person_id": options.person_id,
        "copies": len(result.paths), "recipients": list(result.recipients),
        "classification": result.classification, "encrypted": bool(options.password),
        "approved_only": options.approved_only, "sections": sorted(options.sections)})
