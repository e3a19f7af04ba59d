"""Deleting several records of one kind is one transaction: all of them or none, and
one reversal brings every one back with its links and the same ids."""

from __future__ import annotations

import pytest

from briefing_app.core.database import Database
from briefing_app.core.errors import ConflictError
from briefing_app.core.ops import changes, entities, links
from tests.core.helpers import make_event, make_visit


def _visit_points(db: Database) -> tuple[int, list[int]]:
    v = make_visit(db)
    ev = make_event(db, v.id)
    ids = [entities.create(db, "talking_point", v.id, {"text": f"Point {n} 习近平 Тоқаев"}).id
           for n in range(3)]
    links.link_points(db, ev.id, ids[:2])
    return ev.id, ids


def test_delete_many_all_then_undo_restores_links(db: Database) -> None:
    ev_id, ids = _visit_points(db)
    rows = [(i, entities.get(db, "talking_point", i).row_version) for i in ids[:2]]
    step = changes.run(entities.delete_many, db, "talking_point", rows)
    assert step.changes.ids("talking_point") >= set(ids[:2])
    assert links.points_of_event(db, ev_id) == []
    step.reverse.apply(db)
    assert [p.id for p in links.points_of_event(db, ev_id)] == ids[:2]


def test_delete_many_refuses_all_when_one_is_stale(db: Database) -> None:
    ev_id, ids = _visit_points(db)
    stale = entities.get(db, "talking_point", ids[1])
    entities.update(db, "talking_point", ids[1], {"text": "changed elsewhere"},
                    expected_version=stale.row_version)
    rows = [(ids[0], entities.get(db, "talking_point", ids[0]).row_version),
            (ids[1], stale.row_version)]
    with pytest.raises(ConflictError):
        entities.delete_many(db, "talking_point", rows)
    assert {p.id for p in links.points_of_event(db, ev_id)} == set(ids[:2])  # nothing gone
