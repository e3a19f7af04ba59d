"""Offline and back (core/sync): a visit taken from the test cluster's server into a
laptop's file and synced back, both sides editing; conflicts kept and resolved; stale
writes refused; a wrong clock told; a sync killed at 20 random points."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from briefing_app.core import models as M
from briefing_app.core.database import open_database
from briefing_app.core.server_db import open_server
from briefing_app.core.sync import rows as R
from briefing_app.core.sync.conflicts import list_conflicts, resolve_conflict
from briefing_app.core.sync.run import (
    StaleError,
    SyncError,
    _open_conflicts,
    _push,
    sync,
    take_offline,
)
from briefing_app.core.sync.tables import sync_origin, sync_tombstones
from tests.conftest import PASSWORD_WORD
from tests.core.sync_helpers import rows_of

VISIT = "China"


@pytest.fixture
def sides(server_url, tmp_path):
    """(laptop file, server, url, visit uuid) with the demo's China visit taken offline."""
    server = open_server(server_url)
    local = open_database(tmp_path / "laptop.sqlite", create=True)
    take_offline(local, server, server_url, VISIT)
    with server.read() as s:
        uuid = s.scalar(select(M.Visit.uuid).where(M.Visit.title.contains(VISIT)))
    yield local, server, server_url, uuid
    local.close()
    server.close()


def set_field(db, model, uuid, **values):
    with db.write() as s:
        s.execute(update(model).where(model.uuid == uuid)
                  .values(row_version=model.row_version + 1,
                          updated_at=datetime.now(UTC), **values))


def some(db, model, n=1, skip=0):
    with db.read() as s:
        return list(s.scalars(select(model.uuid).order_by(model.id)))[skip:skip + n]


def delete_uuid(db, model, uuid):
    with db.write() as s:
        s.delete(s.scalar(select(model).where(model.uuid == uuid)))


def test_take_offline_copies_the_visit_with_its_uuids(sides):
    local, server, url, uuid = sides
    assert rows_of(local, uuid) == rows_of(server, uuid)
    assert len(rows_of(local, uuid)) > 20
    with local.read() as s:  # the address is recorded without its password
        recorded = s.scalar(select(sync_origin.c.server))
    assert PASSWORD_WORD in url and PASSWORD_WORD not in recorded
    assert recorded.startswith("postgresql://u_") and recorded.endswith(url.rsplit("@", 1)[1])


def test_round_trip_and_edits_of_different_fields_merge(sides):
    local, server, _url, uuid = sides
    person = some(local, M.Person)[0]
    set_field(local, M.Person, person, organisation="Laptop Org")
    set_field(server, M.Person, person, notes="Server note")
    with local.write() as s:
        visit_id = s.scalar(select(M.Visit.id).where(M.Visit.uuid == uuid))
        s.add(M.Fact(visit_id=visit_id, statement="Written on the plane"))
    summary = sync(local, server, uuid)
    assert summary.conflicts == 0 and summary.pushed == 2
    both = rows_of(server, uuid)
    assert both == rows_of(local, uuid)
    assert both[person]["organisation"] == "Laptop Org" and both[person]["notes"] == "Server note"
    assert any(r.get("statement") == "Written on the plane" for r in both.values())
    again = sync(local, server, uuid)
    assert (again.pulled, again.pushed) == (0, 0)


@pytest.mark.parametrize("keep", ["local", "server"])
def test_same_field_is_a_conflict_kept_until_resolved(sides, keep):
    local, server, _url, uuid = sides
    person = some(local, M.Person)[0]
    set_field(local, M.Person, person, notes="mine")
    set_field(server, M.Person, person, notes="theirs")
    assert sync(local, server, uuid).conflicts == 1
    assert rows_of(local, uuid)[person]["notes"] == "mine"
    assert rows_of(server, uuid)[person]["notes"] == "theirs"  # not sent until chosen
    [c] = list_conflicts(local)
    assert (c.field, c.local, c.server) == ("notes", "mine", "theirs")
    assert sync(local, server, uuid).conflicts == 1  # still listed, nothing lost
    resolve_conflict(local, c.id, keep)
    sync(local, server, uuid)
    want = "mine" if keep == "local" else "theirs"
    assert rows_of(server, uuid)[person]["notes"] == want
    assert rows_of(local, uuid) == rows_of(server, uuid)
    assert list_conflicts(local) == []


def test_deletions_travel_both_ways(sides):
    local, server, _url, uuid = sides
    mine, theirs = some(local, M.Fact, 2)
    delete_uuid(local, M.Fact, mine)
    delete_uuid(server, M.Fact, theirs)
    with server.read() as s:
        assert s.scalar(select(sync_tombstones.c.row_version)
                        .where(sync_tombstones.c.uuid == theirs)) is not None
    sync(local, server, uuid)
    for db in (local, server):
        assert mine not in rows_of(db, uuid) and theirs not in rows_of(db, uuid)
    assert rows_of(local, uuid) == rows_of(server, uuid)


def test_an_edit_here_of_a_row_deleted_there_is_kept_as_a_conflict(sides):
    local, server, _url, uuid = sides
    fact = some(local, M.Fact)[0]
    set_field(local, M.Fact, fact, source="checked on the plane")
    delete_uuid(server, M.Fact, fact)
    assert sync(local, server, uuid).conflicts == 1
    assert fact in rows_of(local, uuid)
    [c] = list_conflicts(local)
    assert c.field == "*" and c.server is None
    resolve_conflict(local, c.id, "local")
    sync(local, server, uuid)
    assert rows_of(server, uuid)[fact]["source"] == "checked on the plane"


def test_a_stale_write_is_refused_whole_and_the_next_sync_finishes(sides):
    local, server, _url, uuid = sides
    a, b = some(local, M.Person, 2)
    set_field(local, M.Person, a, organisation="A here")
    set_field(local, M.Person, b, organisation="B here")

    def meanwhile(point: str) -> None:  # another user saves b between pull and push
        if point == "pull:done":
            set_field(server, M.Person, b, notes="someone else")

    with pytest.raises(StaleError, match="sync again"):
        sync(local, server, uuid, point=meanwhile)
    assert rows_of(server, uuid)[a]["organisation"] != "A here"  # nothing was sent
    sync(local, server, uuid)
    final = rows_of(server, uuid)
    assert final[a]["organisation"] == "A here" and final[b]["organisation"] == "B here"
    assert final[b]["notes"] == "someone else"
    assert final == rows_of(local, uuid)


def test_push_names_its_base_version(sides):
    local, server, _url, uuid = sides
    person = some(local, M.Person)[0]
    set_field(server, M.Person, person, notes="newer")
    with local.read() as s:
        visit_id = s.scalar(select(M.Visit.id).where(M.Visit.uuid == uuid))
        here = R.read_visit(s, visit_id)
        from briefing_app.core.sync.run import _bases_with_tables
        bases = _bases_with_tables(s, uuid)
        conflicts = _open_conflicts(s, uuid)
    here.rows[person].data["organisation"] = "based on the old version"
    with pytest.raises(StaleError), server.write() as s:
        _push(s, here, bases, conflicts, uuid, lambda _p: None)


@pytest.mark.parametrize("minutes", [6, -7])
def test_a_clock_off_by_more_than_five_minutes_is_told_before_syncing(sides, minutes):
    local, server, _url, uuid = sides
    person = some(local, M.Person)[0]
    set_field(local, M.Person, person, notes="not sent")
    off = lambda: datetime.now(UTC) + timedelta(minutes=minutes)  # noqa: E731
    way = "ahead of" if minutes > 0 else "behind"
    with pytest.raises(SyncError, match=f"clock is {abs(minutes)} minutes {way}"):
        sync(local, server, uuid, now=off)
    assert rows_of(server, uuid)[person]["notes"] != "not sent"
    sync(local, server, uuid, now=lambda: datetime.now(UTC) + timedelta(minutes=4))


def test_a_file_not_taken_offline_is_told_so(tmp_path, server_url):
    local = open_database(tmp_path / "plain.sqlite", create=True)
    server = open_server(server_url)
    from briefing_app.core.sync.run import origin
    with pytest.raises(SyncError, match="no visit taken offline"), local.read() as s:
        origin(s)
    with pytest.raises(SyncError, match="already in this file"):
        take_offline(local, server, server_url, VISIT)
        take_offline(local, server, server_url, VISIT)
    local.close()
    server.close()


CHILD = Path(__file__).with_name("sync_kill_child.py")


def _edit_round(rng, local, server, uuid, n):
    """Edits on both sides, on different fields (so the sync merges, no conflicts);
    returns the laptop's edits as checks of a server row set."""
    people = some(local, M.Person, 50)
    with local.read() as s:  # never one written in an earlier round
        facts = list(s.scalars(select(M.Fact.uuid).where(
            M.Fact.statement.not_like("plane fact%")).order_by(M.Fact.id)))
    checks = []
    for p in rng.sample(people, 2):
        value = f"laptop {n} {rng.random()}"
        set_field(local, M.Person, p, organisation=value)
        checks.append(lambda rows, p=p, v=value: p in rows and rows[p]["organisation"] == v)
    for p in rng.sample(people, 2):
        set_field(server, M.Person, p, notes=f"server {n} {rng.random()}")
    with local.write() as s:
        visit_id = s.scalar(select(M.Visit.id).where(M.Visit.uuid == uuid))
        s.add(M.Fact(visit_id=visit_id, statement=f"plane fact {n}"))
        s.add(M.Fact(visit_id=visit_id, statement=f"spare {n}"))  # a later round's deletion
    checks.append(lambda rows: any(r.get("statement") == f"plane fact {n}"
                                   for r in rows.values()))
    gone = facts[rng.randrange(len(facts))]
    delete_uuid(local if n % 2 else server, M.Fact, gone)
    if n % 2:
        checks.append(lambda rows: gone not in rows)
    return checks


def test_a_sync_killed_at_20_random_points_leaves_both_sides_consistent(sides, tmp_path):
    """A child process syncs and stops at its Nth point, saying so on a pipe; it is then
    SIGKILLed. The laptop file and the server must each be whole (the push is all or
    nothing), and a sync run again must finish with both sides equal and no edit lost."""
    local, server, url, uuid = sides
    rng = random.Random(11)
    killed = 0
    for n in range(20):
        checks = _edit_round(rng, local, server, uuid, n)
        stop = rng.randint(1, 9)
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(local.path), url, uuid, str(stop)],
            stdout=subprocess.PIPE, stdin=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])})
        said = child.stdout.readline().strip()  # blocks until the child reaches the point
        if said.startswith("at "):
            child.send_signal(signal.SIGKILL)
            killed += 1
        assert child.wait(timeout=120) in (0, -signal.SIGKILL), said
        child.stdout.close()
        child.stdin.close()
        # The push is one transaction: the server has all of this round's laptop edits
        # or none; the laptop's file opens whole (its integrity check passes).
        on_server = [check(rows_of(server, uuid)) for check in checks]
        assert all(on_server) or not any(on_server), (said, on_server)
        with local.read() as s:
            assert s.connection().exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        sync(local, server, uuid)
        assert rows_of(local, uuid) == rows_of(server, uuid), f"round {n}, point {stop}"
        assert list_conflicts(local) == []
        assert all(f"plane fact {i}" in {r.get("statement") for r in rows_of(server, uuid).values()}
                   for i in range(n + 1))
    assert killed >= 15
