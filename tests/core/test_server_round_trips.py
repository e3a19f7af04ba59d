"""What one save sends to a team server (issue 11's load test: a save's cost is mostly
its round trips). Exact counts, so that a change which adds a statement to every save
is seen; where a count changes on purpose, change it here and say why."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from briefing_app.core.database import Database
from briefing_app.core.ops import agreements, entities
from briefing_app.core.ops.visits import list_visits


@pytest.fixture
def server(demo_db: Database) -> Database:
    if not demo_db.on_server:
        pytest.skip("about the team server (BRIEFING_TEST_BACKEND=postgresql)")
    return demo_db


@contextmanager
def _statements(db: Database) -> Iterator[list[str]]:
    sent: list[str] = []

    def _count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement.split(None, 1)[0].rstrip(";").upper())

    event.listen(db.write_engine, "before_cursor_execute", _count)
    try:
        yield sent
    finally:
        event.remove(db.write_engine, "before_cursor_execute", _count)


def test_a_title_edit_makes_seven_statements_and_a_commit(server: Database) -> None:
    visit = list_visits(server)[0]
    ev = entities.list_for_visit(server, "event", visit.id)[0]
    with _statements(server) as sent:
        entities.update(server, "event", ev.id, {"title": "Moved"},
                        expected_version=ev.row_version)
        # BEGIN with the cap; the event with its brief; the UPDATE (version-checked);
        # the notice; the search drain: take the marks, read the text, insert.
        assert sent == ["BEGIN", "SELECT", "UPDATE", "SELECT", "WITH", "SELECT", "INSERT"]


def test_a_status_change_makes_eight_statements_and_a_commit(server: Database) -> None:
    visit = list_visits(server)[0]
    ag = next(a for a in entities.list_for_visit(server, "agreement", visit.id)
              if a.status == "agreed")
    with _statements(server) as sent:
        agreements.change_status(server, ag.id, "under negotiation",
                                 expected_version=ag.row_version)
        assert sent == ["BEGIN", "SELECT", "UPDATE", "INSERT", "SELECT", "WITH", "SELECT",
                        "INSERT"]


def test_a_read_is_one_statement_after_its_begin(server: Database) -> None:
    visit = list_visits(server)[0]
    with _statements(server) as sent:
        entities.get(server, "visit", visit.id)
        assert sent == ["BEGIN", "SELECT"]
    assert not server.write_engine.pool._pre_ping  # the BEGIN is the ping (server_db)


def test_each_transaction_sets_its_isolation_and_cap_and_leaves_neither_behind(
        server: Database) -> None:
    from briefing_app.core.levels import LEVELS
    from briefing_app.core.server_db import open_server

    capped = open_server(server.url, cap=LEVELS[0])
    try:
        show = "SELECT current_setting('transaction_isolation'), " \
               "current_setting('briefing.cap', true)"
        with capped.read() as s:  # one snapshot, as a SQLite read
            assert tuple(s.connection().exec_driver_sql(show).one()) == \
                ("repeatable read", LEVELS[0])
        with capped.write() as s:
            conn = s.connection()
            assert tuple(conn.exec_driver_sql(show).one()) == ("read committed", LEVELS[0])
            raw = conn.connection.dbapi_connection
        # the same pooled connection, outside any transaction: no cap carried over
        assert raw.execute("SELECT current_setting('briefing.cap', true)").fetchone()[0] \
            in ("", None)
    finally:
        capped.close()


def test_the_apps_connections_run_without_jit(server: Database) -> None:
    """JIT compiled each search a user ran under the policies (~0.3 s, for a query that
    executes in milliseconds): the app's connections turn it off (server_db)."""
    with server.read() as s:
        assert s.connection().exec_driver_sql("SHOW jit").scalar() == "off"
