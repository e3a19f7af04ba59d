"""Entity kinds as the operations use them: model, record, references (from core/kinds)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session, joinedload

from briefing_app.core import models as M
from briefing_app.core.enums import kind_label
from briefing_app.core.errors import ConflictError, NotFoundError, ValidationError
from briefing_app.core.kinds import ITEMS
from briefing_app.core.records import to_record

# Derived from the declarations in core/kinds.py (the kinds edited on their own).
MODELS: dict[str, type[M.Row]] = {k.name: k.model for k in ITEMS}
RECORDS: dict[str, type] = {k.name: k.record for k in ITEMS if k.record is not None}
# Foreign keys an editor may set, and the kind they must point at (in the same visit).
REFERENCES: dict[str, dict[str, str]] = {k.name: k.references for k in ITEMS if k.references}
_JOINED: dict[str, list[Any]] = {}  # per kind, the options of `fetch` (see _joined)


def label(kind: str) -> str:
    """The kind's noun in messages (one function for the core, the window and the CLI)."""
    return kind_label(kind)


def _joined(kind: str) -> list[Any]:
    """Companions a row loads with it (lazy="selectin", for lists of thousands) joined
    instead: for one row that is one query, not a second round trip for its companion."""
    mapper = inspect(MODELS[kind])
    return [joinedload(rel) for rel in mapper.relationships
            if rel.lazy == "selectin" and not rel.uselist]


def fetch(session: Session, kind: str, row_id: int) -> Any:
    """The ORM row of `kind` with `row_id`, or NotFoundError."""
    options = _JOINED.get(kind)
    if options is None:
        options = _JOINED[kind] = _joined(kind)
    obj = session.get(MODELS[kind], row_id, options=options)
    if obj is None:
        raise NotFoundError(f"{label(kind)} #{row_id} does not exist (it may have been deleted)")
    return obj


def record(kind: str, obj: Any) -> Any:
    return to_record(RECORDS[kind], obj)


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
