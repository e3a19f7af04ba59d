"""A property of the sync over random edit sequences on both sides: after a sync, a
field changed on one side only has that side's value on both; a field changed on both
to different values is a conflict with both values, the laptop keeping its own; after
resolving every conflict and syncing, the two sides are equal."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from briefing_app.core import models as M
from briefing_app.core.database import open_database
from briefing_app.core.server_db import open_server
from briefing_app.core.sync.conflicts import list_conflicts, resolve_conflict
from briefing_app.core.sync.run import sync, take_offline
from tests.core.sync_helpers import rows_of

FIELDS = ("notes", "organisation", "country")


@pytest.fixture
def pair(server_url, tmp_path):
    server = open_server(server_url)
    local = open_database(tmp_path / "laptop.sqlite", create=True)
    take_offline(local, server, server_url, "China")
    with server.read() as s:
        uuid = s.scalar(select(M.Visit.uuid).where(M.Visit.title.contains("China")))
        people = list(s.scalars(select(M.Person.uuid).join(M.Visit, M.Person.visit_id == M.Visit.id).where(
            M.Visit.uuid == uuid).order_by(M.Person.id)))[:3]
    yield local, server, uuid, people
    local.close()
    server.close()


def _apply(db, edits, people):
    with db.write() as s:
        for person, field, value in edits:
            s.execute(update(M.Person).where(M.Person.uuid == people[person]).values(
                {field: value, "row_version": M.Person.row_version + 1,
                 "updated_at": datetime.now(UTC)}))


EDIT = st.tuples(st.integers(0, 2), st.sampled_from(FIELDS),
                 st.text("abcé习", min_size=0, max_size=4))


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mine=st.lists(EDIT, max_size=5), theirs=st.lists(EDIT, max_size=5),
       keep=st.sampled_from(["local", "server"]))
def test_random_edits_on_both_sides_merge_or_conflict(pair, mine, theirs, keep):
    local, server, uuid, people = pair
    before = rows_of(local, uuid)
    assert before == rows_of(server, uuid)  # every example starts in step
    _apply(local, mine, people)
    _apply(server, theirs, people)
    here, there = rows_of(local, uuid), rows_of(server, uuid)
    sync(local, server, uuid)
    open_ = {(c.title, c.field): c for c in list_conflicts(local)}
    after_local, after_server = rows_of(local, uuid), rows_of(server, uuid)
    for person in people:
        for field in FIELDS:
            was, mine_, theirs_ = (before[person][field], here[person][field],
                                   there[person][field])
            if mine_ != was and theirs_ != was and mine_ != theirs_:
                assert after_local[person][field] == mine_  # the laptop keeps its own
                assert after_server[person][field] == theirs_  # not sent until chosen
                assert any(c.field == field and c.local == mine_ and c.server == theirs_
                           for c in open_.values())
            else:
                want = mine_ if mine_ != was else theirs_
                assert after_local[person][field] == want == after_server[person][field]
    for c in list_conflicts(local):
        resolve_conflict(local, c.id, keep)
    sync(local, server, uuid)
    assert list_conflicts(local) == []
    assert rows_of(local, uuid) == rows_of(server, uuid)
