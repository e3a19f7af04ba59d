"""Importing a programme sheet into a visit: all rows or none, in one transaction.

`preview_programme` reads nothing but the visit and writes nothing: it is what the
import dialog and `import-programme --dry-run` show (and the command runs it before
importing). `import_programme` plans inside its write transaction (the visit may have
changed since the preview) and refuses the whole sheet, writing nothing, while any row has a problem — a sheet half
imported would, when imported again after the fix, add its good rows twice. Run
through `core.ops.changes.run` (as the window does), the import is one undo step.

A row whose ID column holds the UUID of one of the visit's events (an exported sheet
edited and brought back) updates that event's mapped fields; any other row adds an
event (with the UUID the sheet gives, if any, so importing the same sheet again
updates instead of doubling). Venues are found by name (or "name, city"); a name the
visit does not have adds one venue, in the zone of its first row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from briefing_app.core import models as M
from briefing_app.core.database import Database
from briefing_app.core.errors import ValidationError
from briefing_app.core.ops import registry as reg
from briefing_app.interop.programme_sheet import (
    Mapping,
    ProgrammePlan,
    VisitFacts,
    plan_rows,
)
from briefing_app.interop.sheet_read import Sheet

_PROBLEMS_NAMED = 10


@dataclass(frozen=True)
class ProgrammeImportSummary:
    visit_id: int
    visit_title: str
    added: int
    updated: int
    venues_added: tuple[str, ...]
    backup: Path | None = None

    def sentence(self) -> str:
        venues = (f"; {len(self.venues_added)} venue{'s' if len(self.venues_added) != 1 else ''}"
                  f" added ({', '.join(self.venues_added)})" if self.venues_added else "")
        return (f"{self.added} event{'s' if self.added != 1 else ''} added, "
                f"{self.updated} updated{venues}")


class ProgrammeRefused(ValidationError):
    """The sheet cannot be imported as it is; `plan` lists every problem."""

    def __init__(self, plan: ProgrammePlan) -> None:
        reasons = [*plan.mapping_problems, *(str(p) for p in plan.problems)]
        if not reasons:
            reasons = ["the sheet holds no rows to import"]
        more = len(reasons) - _PROBLEMS_NAMED
        text = "; ".join(reasons[:_PROBLEMS_NAMED]) + (f"; and {more} more" if more > 0 else "")
        count = len(plan.problems)
        head = (f"{count} row{'s' if count != 1 else ''} cannot be imported, so nothing was: "
                if plan.problems else "nothing was imported: ")
        super().__init__(plan.sheet, head + text)
        self.plan = plan


def visit_facts(s: Session, visit: M.Visit, uuids: Sequence[str] = ()) -> VisitFacts:
    """What checking rows against `visit` needs, read in the session `s`."""
    venues: dict[str, tuple[int, str]] = {}
    venue_zones: Counter[str] = Counter()
    for v in s.scalars(select(M.Venue).where(M.Venue.visit_id == visit.id).order_by(M.Venue.id)):
        venues.setdefault(v.name.casefold(), (v.id, v.tz))
        venue_zones[v.tz] += 1
        if v.city:
            venues.setdefault(f"{v.name}, {v.city}".casefold(), (v.id, v.tz))
    events = {uuid: (i, tz, end_tz) for i, uuid, tz, end_tz in s.execute(
        select(M.Event.id, M.Event.uuid, M.Event.tz, M.Event.end_tz)
        .where(M.Event.visit_id == visit.id))}
    zones = Counter(tz for _i, tz, _e in events.values())
    # A row with no zone and no known venue: where the visit's events are, else its venues.
    default = (zones or venue_zones or Counter([visit.home_tz])).most_common(1)[0][0]
    foreign: set[str] = set()
    wanted = [u for u in uuids if u not in events]
    for i in range(0, len(wanted), 500):
        foreign |= set(s.scalars(select(M.Event.uuid).where(M.Event.uuid.in_(wanted[i:i + 500]))))
    return VisitFacts(visit.id, visit.uuid, (visit.start_date, visit.end_date), default,
                      venues, events, frozenset(foreign))


def _sheet_uuids(sheet: Sheet, mapping: Mapping) -> list[str]:
    col = mapping.get("uuid")
    if col is None:
        return []
    return [str(cells[col]).strip().lower() for _n, cells in sheet.rows
            if col < len(cells) and cells[col] not in (None, "")]


def _plan(s: Session, visit: M.Visit, sheet: Sheet, mapping: Mapping) -> ProgrammePlan:
    plan = plan_rows(sheet, mapping, visit_facts(s, visit, _sheet_uuids(sheet, mapping)))
    for planned in plan.events:
        if planned.event_id is not None and not _differs(reg.fetch(s, "event", planned.event_id),
                                                         planned.values):
            plan.unchanged.add(planned.row)
    return plan


def _differs(event: M.Event, values: dict[str, Any]) -> bool:
    return any(getattr(event, k) != v for k, v in values.items() if k != "uuid")


def preview_programme(db: Database, visit_id: int, sheet: Sheet,
                      mapping: Mapping) -> ProgrammePlan:
    """What importing `sheet` with `mapping` would do (every row checked); writes nothing."""
    with db.read() as s:
        return _plan(s, reg.fetch(s, "visit", visit_id), sheet, mapping)


def import_programme(db: Database, visit_id: int, sheet: Sheet, mapping: Mapping, *,
                     backup: bool = True) -> ProgrammeImportSummary:
    """Add (or update) the sheet's events in one transaction; refuse the whole sheet,
    writing nothing, while any row has a problem (`ProgrammeRefused` lists them)."""
    # No read before the write: run through changes.run, the first session that reads is
    # taken for the operation's. The sheet is checked inside the write transaction; a
    # refusal there removes the backup again (discard_on_failure) and writes nothing.
    from briefing_app.core.backup import discard_on_failure, make_backup
    from briefing_app.interop.bundle_merge import ensure_writable

    ensure_writable(db)
    copy = (make_backup(db.path, "before-import", retention=None)
            if backup and not db.on_server else None)
    with discard_on_failure(db.path, copy), db.write() as s:
        visit = reg.fetch(s, "visit", visit_id)
        plan = _plan(s, visit, sheet, mapping)
        if not plan.ok:
            raise ProgrammeRefused(plan)
        added_venues: dict[str, M.Venue] = {}
        for planned in plan.events:
            if planned.venue and planned.values.get("venue_id") is None:
                key = planned.venue.casefold()
                if key not in added_venues:
                    added_venues[key] = M.Venue(visit_id=visit.id, name=planned.venue,
                                                tz=planned.values["tz"])
                    s.add(added_venues[key])
        s.flush()
        added = updated = 0
        for planned in plan.events:
            values = dict(planned.values)
            if planned.venue and values.get("venue_id") is None:
                values["venue_id"] = added_venues[planned.venue.casefold()].id
            if planned.event_id is None:
                s.add(M.Event(visit_id=visit.id, **values))
                added += 1
            else:
                event = reg.fetch(s, "event", planned.event_id)
                values.pop("uuid", None)
                if _differs(event, values):
                    for key, value in values.items():
                        setattr(event, key, value)
                    updated += 1
        s.flush()
        return ProgrammeImportSummary(visit.id, visit.title, added, updated,
                                      tuple(v.name for v in added_venues.values()), copy)
