"""Batched reads of plain records: one query per table, rows straight into records.

Loading ORM objects costs an identity-map entry, instrumented state and attribute
events per row (~50 µs); a real-sized visit (5,000 events, 20,000 participations) read
that way took seconds. The views and the CLI only need plain values, so whole-visit
reads select the record's columns with SQLAlchemy Core and build the frozen record
from the row as it comes (the column types still turn stored values into aware UTC
instants and enum members, exactly as the ORM does).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from briefing_app.core.records import field_names

R = TypeVar("R")


def record_select(cls: type[R], model: Any) -> Select[Any]:
    """SELECT of `model`'s columns in the order of `cls`'s fields (cls(*row) builds it)."""
    table = model.__table__
    return select(*[table.c[name] for name in field_names(cls)])


def select_records(session: Session, cls: type[R], model: Any,
                   where: Iterable[ColumnElement[bool]] = (),
                   order_by: Iterable[Any] = ()) -> list[R]:
    """Every row of `model` matching `where`, as `cls` records, in one query."""
    stmt = record_select(cls, model).where(*where).order_by(*order_by)
    return [cls(*row) for row in session.connection().execute(stmt)]
