"""Writing a visit's gift register as an .xlsx sheet, for the ethics return and the
state's inventory of gifts.

One row per gift in the register's order (by event): the event's local date and title,
whether it was given or received, giver and recipient (native name with the Latin one
beside), the description, the value as a real number with its currency, whether a photo
is on file, the disposition, the notes and the gift's ID. The photo itself stays in the
database. Text starting with "=" stays text; the file is written atomically (no half-
written file under the name, never over a file the app owns). Never imports Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing_app.core.atomic_file import check_target, commit, stage
from briefing_app.core.database import Database
from briefing_app.core.enums import label
from briefing_app.core.errors import BriefingError
from briefing_app.core.ops import entities
from briefing_app.core.timezones import in_zone
from briefing_app.interop.xlsx_write import SheetWriter

HEADERS: tuple[tuple[str, int], ...] = (  # title, width in characters
    ("Date", 12), ("Event", 36), ("Direction", 10), ("Giver", 34), ("Recipient", 34),
    ("Description", 48), ("Value", 12), ("Currency", 9), ("Photo", 7), ("Disposition", 18),
    ("Notes", 44), ("ID", 38),
)
_DATE, _AMOUNT = "yyyy-mm-dd", "#,##0.00"


@dataclass(frozen=True)
class GiftExport:
    path: Path
    gifts: int
    size: int


def gift_rows(db: Database, visit_id: int) -> list[list[tuple[Any, str]]]:
    """The register's rows as cells: (value, number format or "")."""
    people = {p.id: p.display_name for p in entities.list_for_visit(db, "person", visit_id)}
    events = {e.id: e for e in entities.list_for_visit(db, "event", visit_id)}
    out = []
    for g in entities.list_for_visit(db, "gift", visit_id):
        ev = events.get(g.event_id or 0)
        day = in_zone(ev.starts_at, ev.tz).replace(tzinfo=None, hour=0, minute=0, second=0,
                                                   microsecond=0) if ev else None
        out.append([
            (day, _DATE if day else ""), (ev.title if ev else "", ""),
            (label(g.direction), ""), (people.get(g.giver_id or 0, ""), ""),
            (people.get(g.recipient_id or 0, ""), ""), (g.description, ""),
            (g.value, _AMOUNT if g.value is not None else ""), (g.currency, ""),
            ("yes" if g.photo else "", ""), (label(g.disposition), ""), (g.notes, ""),
            (g.uuid, ""),
        ])
    return out


def workbook_bytes(db: Database, visit_id: int) -> tuple[bytes, int]:
    """The .xlsx file of the gift register and its number of gifts."""
    visit = entities.get(db, "visit", visit_id)
    with SheetWriter("Gift register", HEADERS) as sheet:
        for row in gift_rows(db, visit_id):
            sheet.append(row)
        return sheet.to_bytes(f"{visit.title} — gift register"), sheet.rows


def export_gifts(db: Database, visit_id: int, path: Path | str) -> GiftExport:
    """Write the gift register to `path` (.xlsx) atomically; never over the database's
    files. A name not ending in .xlsx is refused (a spreadsheet would not open it)."""
    target = check_target(path, db.path)
    if target.suffix.lower() != ".xlsx":
        raise BriefingError(f"{target.name}: the gift register is written as an Excel "
                            "workbook; give a file name ending in .xlsx")
    data, count = workbook_bytes(db, visit_id)
    commit([(stage(target, data), target)])
    return GiftExport(target, count, len(data))
