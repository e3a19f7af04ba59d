"""No route stores an event that ends before it starts: the one check compares instants
in UTC, the ORM enforces it on every insert and time change, and duplicating a visit
onto a DST night keeps each event's length."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from briefing_app.core import models as M
from briefing_app.core.errors import ValidationError
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops.visits import duplicate_visit
from briefing_app.core.validation import event_span
from tests.core.helpers import make_event, make_visit

BERLIN = ZoneInfo("Europe/Berlin")


def test_same_zone_times_are_compared_as_instants_not_wall_clocks():
    # 02:30 on 31 March does not exist in Berlin; Python reads it as CET (01:30 UTC),
    # while 03:10 is CEST (01:10 UTC). By wall clock the end looks later; it is not.
    start = datetime(2019, 3, 31, 2, 30, tzinfo=BERLIN)
    end = datetime(2019, 3, 31, 3, 10, tzinfo=BERLIN)
    assert end > start  # what a plain comparison says
    with pytest.raises(ValidationError, match="ends before it starts"):
        event_span(start, end)
    event_span(start, start)  # a zero-length event is fine


def test_naive_times_are_not_instants():
    with pytest.raises(ValidationError, match="UTC offset"):
        event_span(datetime(2019, 9, 11, 10), datetime(2019, 9, 11, 11, tzinfo=UTC))


def test_an_operation_given_aware_instants_refuses_the_backwards_event(db):
    visit = make_visit(db)
    with pytest.raises(ValidationError, match="ends before it starts"):
        ent.create(db, "event", visit.id, {
            "title": "Breakfast", "event_type": "meal", "tz": "Europe/Berlin",
            "starts_at": datetime(2019, 3, 31, 2, 30, tzinfo=BERLIN),
            "ends_at": datetime(2019, 3, 31, 3, 10, tzinfo=BERLIN)})
    assert ent.list_for_visit(db, "event", visit.id) == []


def test_the_orm_refuses_to_store_an_event_that_ends_before_it_starts(db):
    visit = make_visit(db)
    with pytest.raises(ValidationError, match="ends before it starts"), db.write() as s:
        s.add(M.Event(visit_id=visit.id, title="Backwards", event_type="talks", tz="Asia/Shanghai",
                      starts_at=datetime(2019, 9, 11, 2, tzinfo=UTC),
                      ends_at=datetime(2019, 9, 11, 1, tzinfo=UTC)))
    assert ent.list_for_visit(db, "event", visit.id) == []
    ev = make_event(db, visit.id)
    with pytest.raises(ValidationError, match="ends before it starts"), db.write() as s:
        row = s.get(M.Event, ev.id)
        row.ends_at = row.starts_at - timedelta(minutes=1)
    assert ent.get(db, "event", ev.id).ends_at == ev.ends_at


def test_an_old_backwards_row_can_still_get_a_new_title(db):
    """The ORM check looks at changed times only: a row stored wrongly by an old version
    is not locked against every other edit."""
    visit = make_visit(db)
    ev = make_event(db, visit.id)
    with db.write() as s:  # what an old version could leave behind
        s.execute(M.Event.__table__.update().where(M.Event.id == ev.id).values(
            ends_at=datetime(2019, 9, 11, 1, tzinfo=UTC)))
    assert ent.update(db, "event", ev.id, {"title": "Renamed"}).title == "Renamed"


def test_duplicating_onto_a_dst_night_keeps_each_event_in_order(db):
    visit = make_visit(db, start_date="2019-07-14", end_date="2019-07-16", home_tz="Europe/Berlin")
    # 01:50-02:10 in July; on 29 March 2020 the clocks skip 02:00-03:00 in Berlin.
    make_event(db, visit.id, "Night talks", "2019-07-14 01:50", "2019-07-14 02:10", tz="Europe/Berlin")
    copy = duplicate_visit(db, visit.id, "Spring visit", date(2020, 3, 29))
    with db.read() as s:
        (ev,) = s.scalars(select(M.Event).where(M.Event.visit_id == copy.id))
        assert ev.ends_at >= ev.starts_at
        assert ev.ends_at - ev.starts_at == timedelta(minutes=20)
