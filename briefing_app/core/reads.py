"""Batched reads of plain records: one query per table, rows straight into records.

Loading ORM objects costs an identity-map entry, instrumented state and attribute
events per row (~50 µs); a real-sized visit (5,000 events, 20,000 participations) read
that way took seconds. The views and the CLI only need plain values, so whole-visit
reads select the record's columns with SQLAlchemy Core and build the frozen record
from each row as it comes. The columns' values are converted here, one converter per
column chosen once (aware UTC instants, dates, enum members, booleans — exactly what
the ORM gives), rather than through SQLAlchemy's per-value result processors, which
cost more than the query itself on a large visit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Boolean, ColumnElement, Date, Enum, Select, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.types import NULLTYPE

from briefing_app.core import models as M
from briefing_app.core.models import UTCDateTime
from briefing_app.core.records import field_names

R = TypeVar("R")
Convert = Callable[[Any], Any] | None


def _instant(value: Any) -> Any:
    """A stored naive UTC text as an aware instant. Parsing it with its offset appended
    is one C call (~0.3 µs; `fromisoformat(...).replace(tzinfo=UTC)`: ~3.5 µs, 20,000
    times for a large visit's programme); any other text takes the old way."""
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value + "+00:00")
    except (TypeError, ValueError):
        if isinstance(value, datetime):  # PostgreSQL's driver returns datetimes
            return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _date(value: Any) -> Any:
    if value is None or isinstance(value, date):  # PostgreSQL: already a date
        return value
    return date.fromisoformat(value)


def _boolean(value: Any) -> Any:
    return None if value is None else bool(value)


def _converter(column: Any) -> Convert:
    """How a stored value of `column` becomes what the ORM would return (None: as is)."""
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return _instant
    if isinstance(kind, Enum) and kind.enum_class is not None:
        members = {m.value: m for m in kind.enum_class}
        return lambda v: members.get(v, v)
    if isinstance(kind, Date):
        return _date
    if isinstance(kind, Boolean):
        return _boolean
    return None


def _or_empty(convert: Convert, empty: Any) -> Convert:
    """A companion's column: its empty value where the outer join found no row."""
    if convert is None:
        return lambda v: empty if v is None else v
    return lambda v: empty if v is None else convert(v)


@cache
def _plan(cls: type, model: Any) -> tuple[tuple[Any, ...], tuple[tuple[int, Convert], ...]]:
    """The raw columns to select for `cls` (no result processing) and the converters.
    Fields kept in a companion row (models.COMPANIONS) come from its table."""
    table = model.__table__
    companion = M.COMPANIONS[model][1].__table__ if model in M.COMPANIONS else None
    columns = [table.c[name] if name in table.c else companion.c[name]  # type: ignore[union-attr]
               for name in field_names(cls)]
    raw = tuple(type_coerce(c, NULLTYPE).label(c.name) for c in columns)
    converters = []
    for i, c in enumerate(columns):
        convert = _converter(c)
        if c.table is not table and not c.nullable:
            convert = _or_empty(convert, c.default.arg)
        if convert is not None:
            converters.append((i, convert))
    return raw, tuple(converters)


def record_select(cls: type[R], model: Any) -> Select[Any]:
    """SELECT of `model`'s columns in the order of `cls`'s fields, unconverted (joined
    with its companion row when the record has its fields)."""
    stmt = select(*_plan(cls, model)[0])
    if model in M.COMPANIONS and any(n in M.companion_fields(model) for n in field_names(cls)):
        _relation, companion, back = M.COMPANIONS[model]
        stmt = stmt.select_from(model.__table__.outerjoin(
            companion.__table__, companion.__table__.c[back] == model.__table__.c.id))
    return stmt


def select_records(session: Session, cls: type[R], model: Any,
                   where: Iterable[ColumnElement[bool]] = (),
                   order_by: Iterable[Any] = ()) -> list[R]:
    """Every row of `model` matching `where`, as `cls` records, in one query."""
    _raw, converters = _plan(cls, model)
    stmt = record_select(cls, model).where(*where).order_by(*order_by)
    rows = plain_rows(session, stmt)
    if not converters:
        return [cls(*row) for row in rows]
    out = []
    for row in rows:
        values = list(row)
        for i, convert in converters:
            values[i] = convert(values[i])
        out.append(cls(*values))
    return out


def plain_rows(session: Session, stmt: Select[Any]) -> list[tuple[Any, ...]]:
    """The rows of `stmt` as the driver returns them (plain tuples). The statement runs
    the ordinary way (compiled-statement cache, engine events, the session's
    transaction); only SQLAlchemy's `Row` objects are skipped, ~40% of a 20,000-row read
    whose columns need no result processing (select `type_coerce(c, NULLTYPE)`)."""
    result = session.connection().execute(stmt)
    try:
        return list(result.cursor_strategy.fetchall(result, result.cursor))
    finally:
        result.close()
