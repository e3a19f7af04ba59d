"""Renumbering many rows in one UPDATE (core/ops/renumber.py): one statement for a
drag, every row's version checked and bumped, and a row changed since it was read makes
the whole save a conflict, with nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event, select, text

from briefing_app.core import models as M
from briefing_app.core.errors import ConflictError
from briefing_app.core.ops import changes, links
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops.renumber import set_numbers
from tests.core.helpers import make_event, make_visit


@pytest.fixture
def agenda(db: Any) -> tuple[int, list[int]]:
    """An event with four talking points, in the order A B C D."""
    visit = make_visit(db)
    ev = make_event(db, visit.id)
    ids = [ent.create(db, "talking_point", visit.id, {"text": t}).id for t in "ABCD"]
    for i in ids:
        links.link_point(db, ev.id, i)
    return ev.id, ids


def _links(db: Any, event_id: int) -> dict[int, tuple[int, int]]:
    """talking point -> (position, row version) of the event's links."""
    with db.read() as s:
        return {r.talking_point_id: (r.position, r.row_version) for r in s.scalars(
            select(M.EventTalkingPoint).where(M.EventTalkingPoint.event_id == event_id))}


def test_a_reorder_is_one_update_that_bumps_each_moved_rows_version(db, agenda):
    event_id, ids = agenda
    before = _links(db, event_id)
    sent: list[str] = []

    def _keep(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE EVENT_TALKING_POINTS"):
            sent.append(statement)

    event.listen(db.write_engine, "before_cursor_execute", _keep)
    try:
        links.reorder_points(db, event_id, [ids[3], ids[1], ids[2], ids[0]])  # D B C A
    finally:
        event.remove(db.write_engine, "before_cursor_execute", _keep)
    assert len(sent) == 1, sent
    after = _links(db, event_id)
    assert {i: p for i, (p, _v) in after.items()} == {ids[3]: 1, ids[1]: 2, ids[2]: 3, ids[0]: 4}
    # the two that moved took one version step each; the two that stayed, none
    assert [after[i][1] - before[i][1] for i in ids] == [1, 0, 0, 1]
    assert [p.text for p in links.points_of_event(db, event_id)] == ["D", "B", "C", "A"]


def test_a_row_changed_since_it_was_read_makes_the_whole_renumbering_a_conflict(db, agenda):
    event_id, ids = agenda
    before = _links(db, event_id)
    with pytest.raises(ConflictError, match="changed elsewhere"):
        with db.write() as s:
            rows = {r.talking_point_id: r for r in s.scalars(select(M.EventTalkingPoint).where(
                M.EventTalkingPoint.event_id == event_id))}
            # another writer's step on one of them, after we read it
            s.execute(text("UPDATE event_talking_points SET row_version = row_version + 1 "
                           "WHERE id = :i"), {"i": rows[ids[0]].id})
            set_numbers(s, "position", {rows[i]: 4 - n for n, i in enumerate(ids)})
    assert _links(db, event_id) == before  # nothing written, not even the other rows


def test_an_undone_reorder_restores_positions_and_a_redo_repeats_it(db, agenda):
    event_id, ids = agenda
    order = [ids[2], ids[0], ids[3], ids[1]]
    step = changes.run(links.reorder_points, db, event_id, order)
    assert [p.id for p in links.points_of_event(db, event_id)] == order
    undone = step.reverse.apply(db)
    assert [p.id for p in links.points_of_event(db, event_id)] == ids
    undone.reverse.apply(db)
    assert [p.id for p in links.points_of_event(db, event_id)] == order
