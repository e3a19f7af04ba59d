"""The protocol office's warnings for a visit, read in one snapshot: passports that
expire within six months of the visit's end, visas still missing, and what each seating
plan's checks find. `check` prints them beside the integrity and conflict findings; they
are warnings (the protocol office acts on them), not damage, so they leave its exit
status alone."""

from __future__ import annotations

from sqlalchemy import select

from briefing_app.core import models as M
from briefing_app.core.database import Database
from briefing_app.core.protocol_lists import delegation_warnings
from briefing_app.core.reads import select_records
from briefing_app.core.records import DelegateRecord


def protocol_warnings(db: Database, visit_id: int) -> list[str]:
    """Every warning of the visit's delegation list and seating plans, in list order."""
    from briefing_app.core.ops.seating import plans_in_session

    with db.read() as s:
        end = s.scalar(select(M.Visit.end_date).where(M.Visit.id == visit_id))
        delegates = select_records(s, DelegateRecord, M.Delegate,
                                   [M.Delegate.visit_id == visit_id],
                                   [M.Delegate.category, M.Delegate.id])
        ids = [d.person_id for d in delegates]
        names = dict(s.execute(select(M.Person.id, M.Person.native_name).where(
            M.Person.id.in_(ids))).all()) if ids else {}
        latin = dict(s.execute(select(M.Person.id, M.Person.latin_name).where(
            M.Person.id.in_(ids))).all()) if ids else {}
        shown = {pid: f"{n} ({latin[pid]})" if latin.get(pid) else n for pid, n in names.items()}
        out = delegation_warnings(delegates, end, shown) if end is not None else []
        for plan in plans_in_session(s, visit_id):
            out += [f"seating plan {plan.plan.title!r}: {p.message}" for p in plan.problems]
    return out
