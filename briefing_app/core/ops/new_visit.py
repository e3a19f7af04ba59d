"""A new visit with its principal, in one transaction: the principal is a person of
the visit, chosen from the people of earlier visits (copied in, photo and biography
too) or typed as a new name."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from briefing_app.core import models as M
from briefing_app.core.database import Database
from briefing_app.core.enums import Side
from briefing_app.core.errors import ValidationError
from briefing_app.core.ops import registry as reg
from briefing_app.core.ops.entities import check_visit_rules
from briefing_app.core.records import PersonRecord, VisitRecord, to_record
from briefing_app.core.validation import clean

_SKIP = {"id", "uuid", "created_at", "updated_at", "row_version", "visit_id"}


def known_people(db: Database) -> list[PersonRecord]:
    """Our side's people in every visit, one per name (the latest), for the principal
    picker; a principal is nearly always one of ours."""
    with db.read() as s:
        rows = s.scalars(select(M.Person).where(M.Person.side == Side.OURS)
                         .order_by(M.Person.id.desc())).all()
        seen: set[tuple[str, str]] = set()
        out = []
        for p in rows:
            key = (p.native_name.casefold(), p.latin_name.casefold())
            if key not in seen:
                seen.add(key)
                out.append(to_record(PersonRecord, p))
        return sorted(out, key=lambda p: (p.latin_name or p.native_name).casefold())


def create_visit(db: Database, values: dict[str, Any], *, principal_name: str = "",
                 principal_from: int | None = None) -> VisitRecord:
    """Create the visit and its principal: a copy of person `principal_from` (of any
    visit), else a new person named `principal_name`, else none."""
    cleaned = clean("visit", {k: v for k, v in values.items() if k != "principal_id"})
    check_visit_rules(cleaned, None)
    name = " ".join(principal_name.split())
    with db.write() as s:
        visit = M.Visit(**cleaned)
        s.add(visit)
        s.flush()
        person = None
        if principal_from is not None:
            src = reg.fetch(s, "person", principal_from)
            person = M.Person(visit_id=visit.id,
                              **{c.key: getattr(src, c.key) for c in M.Person.__table__.columns
                                 if c.key not in _SKIP})
        elif name:
            try:
                fields = clean("person", {"native_name": name, "side": Side.OURS.value})
            except ValidationError as exc:  # named as the dialog names it
                raise ValidationError("principal", exc.reason) from None
            person = M.Person(visit_id=visit.id, **fields)
        if person is not None:
            s.add(person)
            s.flush()
            visit.principal_id = person.id
            s.flush()
        return reg.record("visit", visit)
