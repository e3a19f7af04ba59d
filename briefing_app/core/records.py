"""Plain data that leaves the core: frozen dataclasses, never live ORM objects.

Each record type is built from its model's columns (`record_type`), never by copying
field names by hand, so a column added to a model is in its record too. Field names
match the columns and come in a fixed order (the `Row` columns first, then the
table's own), which `reads.select_records` relies on to fill a record positionally
and `to_record` to fill one from an ORM object or a mapping. Types follow the column
type (an enum column by its `StrEnum`, so code compares against the members of
core/enums.py, never bare strings; a member equals its string value, so a record
filled from a mapping of plain strings compares the same); trailing columns with a
plain default get the same default in the record.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Boolean, Date, Enum, Float, Integer, LargeBinary, String, Text

from briefing_app.core import models as M

R = TypeVar("R")


@cache
def field_names(cls: type) -> tuple[str, ...]:
    """The record's field names in declaration order (`dataclasses.fields` is slow enough
    to show up when called once per row of a large visit)."""
    return tuple(f.name for f in fields(cls))


def to_record(cls: type[R], obj: Any, **extra: Any) -> R:
    """Build a record of type `cls` from an ORM object (or mapping) by field name."""
    get = obj.get if isinstance(obj, dict) else (lambda n: getattr(obj, n))
    return cls(**{n: extra[n] if n in extra else get(n) for n in field_names(cls)})


def python_type(column: Any) -> Any:
    """The record type of a column's values (None allowed where the column allows it)."""
    kind = column.type
    if isinstance(kind, M.UTCDateTime):
        base: Any = datetime
    elif isinstance(kind, Enum) and kind.enum_class is not None:
        base = kind.enum_class
    elif isinstance(kind, Enum | String | Text):
        base = str
    elif isinstance(kind, Boolean):
        base = bool
    elif isinstance(kind, Integer):
        base = int
    elif isinstance(kind, Float):
        base = float
    elif isinstance(kind, Date):
        base = date
    elif isinstance(kind, LargeBinary):
        base = bytes
    else:
        raise TypeError(f"no record type for column {column} ({kind!r})")
    return base | None if column.nullable else base


def _default(column: Any) -> Any:
    """The record default of a column: its scalar default, None if nullable, else none."""
    if column.default is not None:
        return column.default.arg if column.default.is_scalar else dataclasses.MISSING
    return None if column.nullable else dataclasses.MISSING


def _companion_default(column: Any) -> Any:
    """A companion's field when there is no companion row (or it is hidden): empty."""
    return None if column.nullable else column.default.arg


# The columns every table has (models.Row), in the order every record starts with.
META_FIELDS: tuple[str, ...] = tuple(M.Row.__annotations__)


@dataclass(frozen=True)
class Meta:
    """The `Row` columns; test_kinds checks these against models.Row."""

    id: int
    uuid: str
    created_at: datetime
    updated_at: datetime
    row_version: int


def record_type(model: type[M.Row], name: str, base: type = object,
                only: Iterable[str] | None = None, doc: str | None = None) -> type:
    """A frozen record class with `model`'s columns (or those in `only`), after Meta's,
    then the fields of its companion row if it has one (models.COMPANIONS: a delegate's
    passport data), empty where there is none.

    `base` carries the record's properties (display names and the like).
    """
    wanted = None if only is None else set(only)
    own = [c for c in model.__table__.columns
           if c.name not in META_FIELDS and (wanted is None or c.name in wanted)]
    specs: list[Any] = [(c.name, python_type(c)) for c in own]
    for i in range(len(own) - 1, -1, -1):  # the trailing run of defaulted columns
        default = _default(own[i])
        if default is dataclasses.MISSING:
            break
        specs[i] = (own[i].name, python_type(own[i]), dataclasses.field(default=default))
    if only is None and model in M.COMPANIONS:  # restricted fields kept in their own row
        companion = M.COMPANIONS[model][1].__table__
        specs += [(n, python_type(companion.c[n]),
                   dataclasses.field(default=_companion_default(companion.c[n])))
                  for n in M.companion_fields(model)]
    # The docstring given up front: without one, `dataclass` makes its own from
    # `inspect.signature` of the class (~0.2 ms a record type, at start-up).
    cls = dataclasses.make_dataclass(name, specs, bases=(base, Meta) if base is not object
                                     else (Meta,), frozen=True,
                                     namespace={"__doc__": doc or f"A {model.__tablename__}"
                                                " row as plain data."})
    cls.__module__ = __name__
    cls.__qualname__ = name
    return cls


class _Topics:
    topics: str

    @property
    def topic_list(self) -> list[str]:
        return split_topics(self.topics)


class _EventTimes:
    tz: str
    end_tz: str

    @property
    def display_end_tz(self) -> str:
        return self.end_tz or self.tz


class _PersonNames:
    native_name: str
    latin_name: str

    @property
    def display_name(self) -> str:
        """'Қасым-Жомарт Тоқаев (Kassym-Jomart Tokayev)' — native first, Latin beside."""
        if self.latin_name and self.latin_name != self.native_name:
            return f"{self.native_name} ({self.latin_name})"
        return self.native_name


VisitRecord = record_type(M.Visit, "VisitRecord")
VenueRecord = record_type(M.Venue, "VenueRecord")
PersonRecord = record_type(M.Person, "PersonRecord", _PersonNames)
EventRecord = record_type(M.Event, "EventRecord", _EventTimes)
ProgrammeEventRecord = record_type(
    M.Event, "ProgrammeEventRecord", _EventTimes,
    only=("visit_id", "title", "event_type", "starts_at", "ends_at", "tz", "end_tz", "venue_id",
          "status", "press", "dress_code", "logistics_notes", "level"),
    doc="""An event as the programme shows it (table, navigator, timeline, `show`, calendar
    export): an EventRecord without the brief's long texts, which the programme of a
    5,000-event visit would otherwise read, decode and keep for nothing.""")
ParticipationRecord = record_type(M.Participation, "ParticipationRecord")
TalkingPointRecord = record_type(M.TalkingPoint, "TalkingPointRecord", _Topics)
FactRecord = record_type(M.Fact, "FactRecord")
AgreementRecord = record_type(M.Agreement, "AgreementRecord")
StatusChangeRecord = record_type(M.AgreementStatusChange, "StatusChangeRecord")
AgreementVersionRecord = record_type(M.AgreementVersion, "AgreementVersionRecord")
PressQARecord = record_type(M.PressQA, "PressQARecord", _Topics)
PrecedenceRecord = record_type(M.PrecedenceEntry, "PrecedenceRecord")
SeatingPlanRecord = record_type(M.SeatingPlan, "SeatingPlanRecord")
SeatRecord = record_type(M.SeatAssignment, "SeatRecord")
# The protocol office's lists (issue 13).
DelegateRecord = record_type(M.Delegate, "DelegateRecord")
CarSeatRecord = record_type(M.CarSeat, "CarSeatRecord")
RoomRecord = record_type(M.Room, "RoomRecord")
GiftRecord = record_type(M.Gift, "GiftRecord")
SpeechRecord = record_type(M.Speech, "SpeechRecord")


def split_topics(topics: str) -> list[str]:
    """'trade, transit ,  ' -> ['trade', 'transit']."""
    return [t.strip() for t in (topics or "").split(",") if t.strip()]
