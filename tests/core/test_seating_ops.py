"""Seating plan operations: one transaction each, reversed exactly by their Step."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from briefing_app.core.errors import ValidationError
from briefing_app.core.models import Base
from briefing_app.core.ops import changes, entities, links, seating, visits
from briefing_app.core.ops.changes import MOVING
from tests.core.helpers import make_event, make_person, make_visit


def snapshot(db: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, without the columns that move on each write."""
    out = {}
    with db.read() as s:
        for table in Base.metadata.sorted_tables:
            if table.name == "sync_tombstones":
                continue  # the server's record of deletions: undo never takes one back
            cols = [c for c in table.columns if c.name not in MOVING]
            out[table.name] = [tuple(r) for r in s.execute(select(*cols).order_by(table.c.id))]
    return out


@pytest.fixture
def lunch(db: Any) -> dict[str, Any]:
    """A meal with two hosts, two guests and an interpreter on each side, ranked."""
    visit = make_visit(db)
    ev = make_event(db, visit.id, "Official lunch", event_type="meal")
    people = {
        "xi": make_person(db, visit.id, "习近平", "Xi Jinping", side="counterpart"),
        "wang": make_person(db, visit.id, "王毅", "Wang Yi", side="counterpart"),
        "zhang": make_person(db, visit.id, "张丽", "Zhang Li", side="counterpart"),
        "tokayev": make_person(db, visit.id, "Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev"),
        "atamkulov": make_person(db, visit.id, "Бейбіт Атамқұлов", "Beibut Atamkulov"),
        "interp": make_person(db, visit.id, "Аударма", "Interpreter"),
    }
    roles = {"xi": "host", "wang": "participant", "zhang": "interpreter",
             "tokayev": "principal", "atamkulov": "participant", "interp": "interpreter"}
    for key, role in roles.items():
        links.set_participant(db, ev.id, people[key].id, role)
    seating.reorder_precedence(db, visit.id, "counterpart",
                               [people[k].id for k in ("xi", "wang", "zhang")])
    seating.reorder_precedence(db, visit.id, "our delegation",
                               [people[k].id for k in ("tokayev", "atamkulov", "interp")])
    plan = entities.create(db, "seating_plan", visit.id, {
        "event_id": ev.id, "title": "Table of honour", "layout": "round",
        "convention": "meal", "seat_count": 6, "length_m": 1.8, "width_m": 1.8})
    return {"visit": visit, "event": ev, "plan": plan,
            "ids": {k: p.id for k, p in people.items()}}


def _where(db: Any, plan_id: int) -> dict[int, tuple[int, bool]]:
    return {s.person_id: (s.seat, s.behind) for s in seating.load_plan(db, plan_id).seats}


def test_seat_by_precedence_is_one_step_and_undoes_to_the_same_database(db: Any,
                                                                          lunch: dict) -> None:
    ids, plan = lunch["ids"], lunch["plan"]
    before = snapshot(db)
    step = changes.run(seating.seat_plan_by_precedence, db, plan.id)
    where = _where(db, plan.id)
    assert where[ids["xi"]] == (1, False)  # the host in the seat of honour
    assert where[ids["zhang"]] == (1, True)  # his interpreter behind him
    assert where[ids["interp"]] == (where[ids["tokayev"]][0], True)
    assert len([w for w in where.values() if not w[1]]) == 4
    assert step.changes.kinds >= {"seat_assignment", "seating_plan"}
    assert seating.load_plan(db, plan.id).problems == ()
    back = step.reverse.apply(db)
    assert snapshot(db) == before
    back.reverse.apply(db)  # redo
    assert _where(db, plan.id) == where


def test_moving_a_person_onto_an_occupied_seat_swaps_and_undoes(db: Any, lunch: dict) -> None:
    ids, plan = lunch["ids"], lunch["plan"]
    seating.seat_plan_by_precedence(db, plan.id)
    where = _where(db, plan.id)
    before = snapshot(db)
    step = changes.run(seating.seat_person, db, plan.id, ids["wang"], where[ids["tokayev"]][0])
    after = _where(db, plan.id)
    assert after[ids["wang"]] == where[ids["tokayev"]]
    assert after[ids["tokayev"]] == where[ids["wang"]]
    step.reverse.apply(db)
    assert snapshot(db) == before


def test_seating_someone_from_outside_displaces_the_occupant_and_undoes(db: Any,
                                                                         lunch: dict) -> None:
    ids, plan = lunch["ids"], lunch["plan"]
    seating.seat_person(db, plan.id, ids["xi"], 1)
    before = snapshot(db)
    step = changes.run(seating.seat_person, db, plan.id, ids["wang"], 1)
    assert _where(db, plan.id) == {ids["wang"]: (1, False)}
    step.reverse.apply(db)
    assert snapshot(db) == before


def test_unseat_and_its_undo(db: Any, lunch: dict) -> None:
    ids, plan = lunch["ids"], lunch["plan"]
    seating.seat_plan_by_precedence(db, plan.id)
    before = snapshot(db)
    step = changes.run(seating.unseat, db, plan.id, ids["atamkulov"])
    assert step.value is True
    codes = [(p.code, p.person_id) for p in seating.load_plan(db, plan.id).problems]
    assert codes == [("unseated", ids["atamkulov"])]
    step.reverse.apply(db)
    assert snapshot(db) == before


def test_reordering_precedence_is_one_step_and_undoes(db: Any, lunch: dict) -> None:
    ids, visit = lunch["ids"], lunch["visit"]
    before = snapshot(db)
    new = [ids["wang"], ids["xi"], ids["zhang"]]
    step = changes.run(seating.reorder_precedence, db, visit.id, "counterpart", new)
    assert [p.id for p, _e in seating.precedence_order(db, visit.id, "counterpart")] == new
    step.reverse.apply(db)
    assert snapshot(db) == before


def test_set_precedence_breaks_a_tie_by_office_then_appointment(db: Any, lunch: dict) -> None:
    ids, visit = lunch["ids"], lunch["visit"]
    seating.set_precedence(db, ids["wang"], 1, 10, "2018-03-19")
    seating.set_precedence(db, ids["xi"], 1, 10, "2013-03-14")
    seating.set_precedence(db, ids["zhang"], 1, 5)
    order = [p.id for p, _e in seating.precedence_order(db, visit.id, "counterpart")]
    assert order == [ids["zhang"], ids["xi"], ids["wang"]]


def test_bad_input_is_refused_with_a_message_that_names_it(db: Any, lunch: dict) -> None:
    ids, plan, visit = lunch["ids"], lunch["plan"], lunch["visit"]
    before = snapshot(db)
    with pytest.raises(ValidationError, match="seats 1 to 6"):
        seating.seat_person(db, plan.id, ids["xi"], 7)
    with pytest.raises(ValidationError, match="each person of this side once"):
        seating.reorder_precedence(db, visit.id, "counterpart", [ids["xi"]])
    with pytest.raises(ValidationError, match="rank"):
        seating.set_precedence(db, ids["xi"], "first")
    other = make_visit(db, title="Another visit")
    stranger = make_person(db, other.id, "Чужой", "Stranger")
    with pytest.raises(ValidationError, match="not part of this visit"):
        seating.seat_person(db, plan.id, stranger.id, 1)
    after = snapshot(db)
    assert {k: v for k, v in after.items() if k not in ("visits", "people")} == \
        {k: v for k, v in before.items() if k not in ("visits", "people")}


def test_the_demo_plans_are_seated_without_problems(demo_db: Any) -> None:
    vid = visits.list_visits(demo_db)[0].id
    plans = [seating.load_plan(demo_db, p.id) for p in seating.plans_of_visit(demo_db, vid)]
    assert sorted(p.plan.layout for p in plans) == ["boardroom", "round"]
    for p in plans:
        assert p.problems == (), [x.message for x in p.problems]
        assert "Тоқаев" in " ".join(x.display_name for x in p.people.values())
