"""The server going away under a user (issue 11, "Proof and figures"): stopped in the
middle of a save, or the save's connection killed with pg_terminate_backend. The save
is refused with the one-line "cannot reach the database server … nothing was saved"
message, the database holds exactly what it held before (nothing half-written), and
once the server answers again the same `ServerDatabase` works without being reopened:
the pooled connections that died with the server are replaced (the first statement of
a transaction is its ping: ServerDatabase._transaction).

These tests stop their cluster, so they run on one of their own (not the session's),
and each leaves it running for the next."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event

from briefing_app.core.errors import DatabaseError
from briefing_app.core.ops import agreements, entities
from briefing_app.core.ops.visits import list_visits
from briefing_app.core.server_db import ServerDatabase
from tests import stoppable_cluster
from tests.pg_cluster import Cluster

own_cluster = stoppable_cluster.own_cluster  # the fixtures: a cluster these tests stop
server = stoppable_cluster.server
UNREACHABLE = "cannot reach the database server"
NOTHING_SAVED = "nothing was saved — try again"


def _pooled(db: ServerDatabase) -> Any:
    """The driver connection a read is served by (kept by the caller: compared by identity)."""
    with db.read() as s:
        conn = s.connection()
        conn.exec_driver_sql("SELECT 1")
        return conn.connection.dbapi_connection


def _on_statement(db: ServerDatabase, starts: str, action: Callable[[], None]) -> None:
    """Run `action` once, just before the save sends its statement starting `starts`: the
    fault strikes inside the transaction, after the save's earlier statements."""
    fired = []

    @event.listens_for(db.write_engine, "before_cursor_execute")
    def _strike(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not fired and statement.lstrip().upper().startswith(starts):
            fired.append(True)
            action()

    db._strike = _strike  # type: ignore[attr-defined]  (kept for removal)


def _quiet(db: ServerDatabase) -> None:
    event.remove(db.write_engine, "before_cursor_execute", db._strike)  # type: ignore[attr-defined]


def _one_line_refusal(exc: pytest.ExceptionInfo[DatabaseError]) -> str:
    text = str(exc.value)
    assert UNREACHABLE in text and NOTHING_SAVED in text, text
    assert "\n" not in text and "Traceback" not in text and "INSERT" not in text, text
    return text


def _agreement(db: ServerDatabase) -> tuple[Any, list[str]]:
    visit = list_visits(db)[0]
    ag = next(a for a in entities.list_for_visit(db, "agreement", visit.id)
              if a.status == "agreed")
    return ag, [h.status for h in agreements.status_history(db, ag.id)]


def test_server_stopped_mid_save_refuses_it_keeps_the_data_and_reconnects(
        server: ServerDatabase, own_cluster: Cluster) -> None:
    ag, history = _agreement(server)
    stale = _pooled(server)  # a pooled connection that will die with the server
    # The status change updates the agreement, then inserts its history entry: the
    # server stops between the two.
    _on_statement(server, "INSERT INTO AGREEMENT_STATUS_CHANGES", own_cluster.stop)
    with pytest.raises(DatabaseError) as refused:
        agreements.change_status(server, ag.id, "under negotiation",
                                 expected_version=ag.row_version)
    _one_line_refusal(refused)
    _quiet(server)
    with pytest.raises(DatabaseError) as down:  # while it is down, reads say so too
        entities.get(server, "agreement", ag.id)
    assert UNREACHABLE in str(down.value)

    own_cluster.start()
    # The same ServerDatabase, not reopened: the dead pooled connection is replaced.
    after = entities.get(server, "agreement", ag.id)
    assert (after.status, after.row_version) == (ag.status, ag.row_version)
    assert [h.status for h in agreements.status_history(server, ag.id)] == history
    assert _pooled(server) is not stale and stale.closed
    # ... and the user's second try is saved.
    done = agreements.change_status(server, ag.id, "under negotiation",
                                    expected_version=ag.row_version)
    assert done.status == "under negotiation" and done.row_version == ag.row_version + 1
    assert len(agreements.status_history(server, ag.id)) == len(history) + 1


def test_a_save_whose_connection_is_killed_mid_transaction_changes_nothing(
        server: ServerDatabase, own_cluster: Cluster) -> None:
    import psycopg

    ag, history = _agreement(server)
    admin = psycopg.connect(own_cluster.libpq_url("postgres", "postgres", own_cluster.password),
                            autocommit=True)

    def kill_the_saving_connection() -> None:
        # Every connection to this test's database is the save's (the admin connection
        # is on `postgres`); the timeout makes the call wait until the backend is gone.
        gone = admin.execute("SELECT pg_terminate_backend(pid, 30000) FROM pg_stat_activity "
                             "WHERE datname = %s", (server.url.rsplit("/", 1)[1],)).fetchall()
        assert gone and all(row[0] for row in gone)

    try:
        _on_statement(server, "INSERT INTO AGREEMENT_STATUS_CHANGES", kill_the_saving_connection)
        with pytest.raises(DatabaseError) as refused:
            agreements.change_status(server, ag.id, "under negotiation",
                                     expected_version=ag.row_version)
        _one_line_refusal(refused)
        _quiet(server)
    finally:
        admin.close()
    after = entities.get(server, "agreement", ag.id)
    assert (after.status, after.row_version) == (ag.status, ag.row_version)
    assert [h.status for h in agreements.status_history(server, ag.id)] == history
    done = agreements.change_status(server, ag.id, "under negotiation",
                                    expected_version=ag.row_version)
    assert done.row_version == ag.row_version + 1


def test_a_server_restarted_between_saves_is_used_again_without_reopening(
        server: ServerDatabase, own_cluster: Cluster) -> None:
    visit = list_visits(server)[0]
    ev = entities.list_for_visit(server, "event", visit.id)[0]
    stale = _pooled(server)
    own_cluster.stop()
    with pytest.raises(DatabaseError) as refused:  # the user saves while it is down
        entities.update(server, "event", ev.id, {"title": "Flight, moved"},
                        expected_version=ev.row_version)
    _one_line_refusal(refused)
    own_cluster.start()
    assert entities.get(server, "event", ev.id).title == ev.title  # nothing was saved
    saved = entities.update(server, "event", ev.id, {"title": "Flight, moved"},
                            expected_version=ev.row_version)
    assert saved.title == "Flight, moved" and saved.row_version == ev.row_version + 1
    assert _pooled(server) is not stale and stale.closed


def test_a_server_restarted_while_no_one_saved_takes_the_next_save_at_once(
        server: ServerDatabase, own_cluster: Cluster) -> None:
    visit = list_visits(server)[0]
    ev = entities.list_for_visit(server, "event", visit.id)[0]
    stale = _pooled(server)
    own_cluster.stop()
    own_cluster.start()
    # No refusal first: the dead pooled connection fails at the transaction's BEGIN,
    # before anything of the save was sent, and the save runs again on a new one.
    saved = entities.update(server, "event", ev.id, {"title": "Flight, moved"},
                            expected_version=ev.row_version)
    assert saved.title == "Flight, moved" and saved.row_version == ev.row_version + 1
    assert _pooled(server) is not stale and stale.closed
    own_cluster.stop()
    own_cluster.start()
    assert entities.get(server, "event", ev.id).title == "Flight, moved"  # reads too
