"""Live changes on a team server (core/server_notify.py): a write in one connection
reaches a listener on another as its change set, on commit only; a window's own
notices are left out; a large change says `everything` for its visit; the listener
comes back after its connection was cut. Explicit waits only (queue.get with a
generous timeout)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator

import pytest

from briefing_app.core.ops import entities as ent
from briefing_app.core.ops.changes import ChangeSet, run
from briefing_app.core.ops.visits import list_visits
from briefing_app.core.server_db import open_server
from briefing_app.core.server_notify import PAYLOAD_LIMIT, Listener, Notice, decode, encode

WAIT = 30.0  # seconds: generous, for a busy machine; a passing test never waits it out


@pytest.fixture
def shared_url(pg_cluster, _pg_templates, request) -> Iterator[str]:
    """A fresh copy of the demo on the test cluster, for several connections."""
    name = "live_" + "".join(c if c.isalnum() else "_" for c in request.node.name.lower())[:40]
    pg_cluster.drop_database(name)
    url = pg_cluster.copy_database(_pg_templates["demo"], name)
    yield url
    pg_cluster.drop_database(name)


class Heard:
    """A listener in a thread, and the notices it heard in a queue."""

    def __init__(self, url: str, ignore: str | None = None, retry: float = 2.0) -> None:
        self.notices: queue.Queue[Notice] = queue.Queue()
        self.listener = Listener(url, self.notices.put, ignore=ignore, poll=0.1, retry=retry)
        self.thread = threading.Thread(target=self.listener.run, daemon=True)
        self.thread.start()
        assert self.listener.ready.wait(WAIT), "the listener never started listening"

    def next(self) -> Notice:
        return self.notices.get(timeout=WAIT)

    def close(self) -> None:
        self.listener.stop()
        self.thread.join(WAIT)
        assert not self.thread.is_alive()


def test_an_edit_in_one_connection_reaches_the_other_as_its_change_set(shared_url):
    writer, reader = open_server(shared_url), open_server(shared_url)
    heard = Heard(shared_url, ignore=reader.origin)
    try:
        event = ent.list_for_visit(reader, "event", list_visits(reader)[0].id)[0]
        step = run(ent.update, writer, "event", event.id, {"title": "Talks, moved to noon"},
                   event.row_version)
        notice = heard.next()
        assert notice.origin == writer.origin
        assert notice.changes.rows == step.changes.rows
        assert notice.changes.version("event", event.id) == event.row_version + 1
        assert notice.changes.touches({"event"}) and not notice.changes.everything
        # the other connection reads the new title at once
        assert ent.get(reader, "event", event.id).title == "Talks, moved to noon"
    finally:
        heard.close()
        writer.close()
        reader.close()


def test_own_notices_are_ignored_and_a_rolled_back_write_sends_none(shared_url):
    db = open_server(shared_url)
    own = Heard(shared_url, ignore=db.origin)
    everyone = Heard(shared_url)
    try:
        visit = list_visits(db)[0]
        with pytest.raises(RuntimeError, match="refused"), db.write() as s:
            s.connection().exec_driver_sql("UPDATE visits SET title = 'never' WHERE id = %s",
                                           (visit.id,))
            raise RuntimeError("refused")  # rolls back: its notice must never arrive
        person = run(ent.create, db, "person", visit.id, {"native_name": "Ли Цян"}).value
        first = everyone.next()  # the create, not the rolled-back update
        assert first.origin == db.origin and first.changes.ids("person") == {person.id}
        assert everyone.notices.empty()
        # `own` ignores it; a notice from another database after it arrives first
        other = open_server(shared_url)
        try:
            run(ent.update, other, "person", person.id, {"native_name": "李强"},
                person.row_version)
            assert own.next().origin == other.origin
        finally:
            other.close()
    finally:
        own.close()
        everyone.close()
        db.close()


def test_a_write_no_operation_recorded_says_everything_for_its_visit(shared_url):
    db = open_server(shared_url)
    heard = Heard(shared_url)
    try:
        visit = list_visits(db)[0]
        with db.write() as s:  # raw SQL, as an import might write
            s.connection().exec_driver_sql("UPDATE events SET title = title || '.' WHERE visit_id = %s",
                                           (visit.id,))
        notice = heard.next()
        assert notice.changes.everything and notice.visits == {visit.id}
        with db.read() as s:  # a write transaction that changed nothing sends nothing
            pass
        with db.write() as s:
            s.connection().exec_driver_sql("SELECT 1")
        run(ent.update, db, "visit", visit.id, {"notes": "after"}, ent.get(db, "visit",
                                                                            visit.id).row_version)
        assert not heard.next().changes.everything  # the next notice is this edit's
    finally:
        heard.close()
        db.close()


def test_an_operation_whose_changes_wait_for_the_commit_is_announced_too(shared_url):
    from briefing_app.core.ops import links

    db = open_server(shared_url)
    heard = Heard(shared_url)
    try:
        visit = list_visits(db)[0]
        event = next(e for e in ent.list_for_visit(db, "event", visit.id)
                     if len(links.points_of_event(db, e.id)) >= 2)
        ids = [p.id for p in links.points_of_event(db, event.id)]
        # A reorder sets positions and leaves the flush to the commit: called outside
        # `run` (as the load test and a script do), it must still be announced.
        links.reorder_points(db, event.id, ids[::-1])
        notice = heard.next()
        assert notice.changes.everything and notice.visits == {visit.id}
    finally:
        heard.close()
        db.close()


def test_a_change_set_too_large_for_a_notice_says_everything_for_its_visit():
    rows = {("events", i): (i, i + 1) for i in range(2000)}
    text = encode(ChangeSet(rows), "me", lambda: [7])
    assert len(text.encode()) < PAYLOAD_LIMIT
    notice = decode(text)
    assert notice is not None and notice.changes.everything and notice.visits == {7}
    small = ChangeSet({("events", 3): (1, 2), ("participations", 9): (None, 1)},
                      linked={"event": frozenset({3}), "person": frozenset({4})})
    back = decode(encode(small, "me", lambda: pytest.fail("not asked for a small set")))
    assert back is not None and back.changes == small and back.origin == "me"
    # just under the limit stays row by row, just over does not
    for n in range(200, 800):
        text = encode(ChangeSet({("events", i): (1, 2) for i in range(n)}), "me", lambda: [1])
        if '"e"' in text:
            break
        assert len(text.encode()) < PAYLOAD_LIMIT
    assert 300 < n < 800
    for junk in ("", "not json", "[]", '{"v":1}', '{"v":2,"o":"x","e":[]}',
                 '{"v":1,"o":"x","r":{"events":[["1",2,3]]}}'):
        assert decode(junk) is None


def test_the_listener_reconnects_after_its_connection_was_cut(shared_url, pg_cluster):
    db = open_server(shared_url)
    heard = Heard(shared_url, retry=0.1)
    try:
        pid = heard.listener.backend_pid()
        assert pid is not None
        pg_cluster._admin(f"SELECT pg_terminate_backend({pid})")
        resync = heard.next()  # after the reconnect: everything, since notices were lost
        assert resync.changes.everything and heard.listener.connections == 2
        visit = list_visits(db)[0]
        run(ent.update, db, "visit", visit.id, {"notes": "after the cut"}, visit.row_version)
        assert heard.next().changes.ids("visit") == {visit.id}
    finally:
        heard.close()
        db.close()
