"""Entity kinds: their model, their record type and their label for messages."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from briefing_app.core import models as M
from briefing_app.core import records as R
from briefing_app.core.enums import kind_label
from briefing_app.core.errors import ConflictError, NotFoundError, ValidationError

MODELS: dict[str, type[M.Row]] = {
    "visit": M.Visit,
    "venue": M.Venue,
    "person": M.Person,
    "event": M.Event,
    "talking_point": M.TalkingPoint,
    "fact": M.Fact,
    "agreement": M.Agreement,
    "press_qa": M.PressQA,
}

RECORDS: dict[str, type] = {
    "visit": R.VisitRecord,
    "venue": R.VenueRecord,
    "person": R.PersonRecord,
    "event": R.EventRecord,
    "talking_point": R.TalkingPointRecord,
    "fact": R.FactRecord,
    "agreement": R.AgreementRecord,
    "press_qa": R.PressQARecord,
}

# Foreign keys an editor may set, and the kind they must point at (in the same visit).
REFERENCES: dict[str, dict[str, str]] = {
    "visit": {"principal_id": "person"},
    "event": {"venue_id": "venue", "arrival_venue_id": "venue"},
    "agreement": {"signing_event_id": "event"},
    "press_qa": {"event_id": "event"},
}


def label(kind: str) -> str:
    """The kind's noun in messages (one function for the core, the window and the CLI)."""
    return kind_label(kind)


def fetch(session: Session, kind: str, row_id: int) -> Any:
    """The ORM row of `kind` with `row_id`, or NotFoundError."""
    obj = session.get(MODELS[kind], row_id)
    if obj is None:
        raise NotFoundError(f"{label(kind)} #{row_id} does not exist (it may have been deleted)")
    return obj


def record(kind: str, obj: Any) -> Any:
    return R.to_record(RECORDS[kind], obj)


def check_version(kind: str, obj: Any, expected: int | None) -> None:
    """Refuse an edit based on a stale read (another window or process saved first)."""
    if expected is not None and obj.row_version != expected:
        raise ConflictError(
            f"this {label(kind)} was changed elsewhere since you opened it "
            f"(version {obj.row_version}, you had {expected}); reload it and try again"
        )


def check_refs(session: Session, kind: str, visit_id: int, values: dict[str, Any]) -> None:
    """Every reference set in `values` must name a row of the same visit."""
    for field, target in REFERENCES.get(kind, {}).items():
        ref = values.get(field)
        if ref is None:
            continue
        obj = session.get(MODELS[target], ref)
        if obj is None or getattr(obj, "visit_id", None) != visit_id:
            raise ValidationError(field, f"{label(target)} #{ref} is not part of this visit")
