"""Setting one number (a rank, a position) on many rows in one UPDATE.

A drag in a list renumbers many rows. The ORM's flush sends one UPDATE per row when
rows carry a version (it must check each one's count), and on a team server each
statement is a round trip and a check of the table's row-level policy: a precedence
reorder of twelve people cost twelve of them, the slowest save of the load test
(docs/team-server.md). Here it is one statement that checks and bumps every row's
version as the flush would: a row changed elsewhere since it was read makes the whole
save a conflict (StaleDataError, which Database.write words), never a lost update.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import case, tuple_, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError


def set_numbers(s: Session, column: str, numbers: Mapping[Any, int]) -> None:
    """Give each loaded row of `numbers` (row -> number; rows of one model, read in this
    transaction) its number in `column`, in one UPDATE; rows already so are left."""
    rows = {row: n for row, n in numbers.items() if getattr(row, column) != n}
    if len(rows) < 2:  # one row: the ORM's own update is the same one statement
        for row, n in rows.items():
            setattr(row, column, n)
        return
    model = type(next(iter(rows)))
    assert all(type(row) is model for row in rows), "set_numbers: rows of one model only"
    s.flush()  # anything pending goes first, in the order it was made
    by_id = {row.id: n for row, n in rows.items()}
    versions = [(row.id, row.row_version) for row in rows]
    result = s.execute(
        update(model)
        .where(tuple_(model.id, model.row_version).in_(versions))
        .values({column: case(by_id, value=model.id), "row_version": model.row_version + 1})
        .execution_options(synchronize_session=False))
    if result.rowcount != len(rows):
        raise StaleDataError(f"{model.__tablename__}: {len(rows) - result.rowcount} of "
                             f"{len(rows)} rows were changed elsewhere since they were read")
    for row, n in rows.items():  # what the session holds is what was written
        set_committed_value(row, column, n)
        set_committed_value(row, "row_version", row.row_version + 1)
        s.expire(row, ["updated_at"])  # set by the statement (the column's onupdate)
