"""Two users making the same new row at the same moment on a team server: the second
save is refused as a conflict in one line (never a traceback), and nothing is half-saved.

The race is made exact, not hoped for: a second connection inserts the row and holds its
transaction open; the operation, in a thread, blocks on the unique index; the test waits
until the server shows that wait (pg_stat_activity), then commits the first."""

from __future__ import annotations

import threading

import psycopg
import pytest

from briefing_app.core.errors import ConflictError
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops import seating
from briefing_app.core.server_db import open_server


def _wait_until_blocked(url: str, application: str, timeout: float = 60.0) -> None:
    """Until a backend of `application` waits on a lock (the unique index's row)."""
    with psycopg.connect(url, autocommit=True) as watch:
        for _ in range(int(timeout / 0.02)):
            row = watch.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s "
                "AND wait_event_type = 'Lock'", (application,)).fetchone()
            if row and row[0]:
                return
            watch.execute("SELECT pg_sleep(0.02)")  # the server's own wait between looks
    raise AssertionError("the operation never reached the unique index")


def test_two_users_ranking_a_side_first_at_once_the_second_is_a_conflict(server_url):
    db = open_server(server_url)
    try:
        visit = ent.create(db, "visit", None, {
            "title": "Race visit", "visit_type": "working visit", "start_date": "2019-09-10",
            "end_date": "2019-09-11", "home_tz": "UTC"})
        a = ent.create(db, "person", visit.id, {"native_name": "Тоқаев", "side": "our delegation"})
        b = ent.create(db, "person", visit.id, {"native_name": "习近平", "side": "our delegation"})
        other = psycopg.connect(server_url)
        other.execute("INSERT INTO precedence (uuid, person_id, rank, office_rank, "
                      "created_at, updated_at, row_version) VALUES "
                      "(gen_random_uuid()::text, %s, 1, 100, now(), now(), 1)", (a.id,))
        outcome: list[BaseException | None] = []

        def rank() -> None:
            try:
                seating.reorder_precedence(db, visit.id, "our delegation", [b.id, a.id])
                outcome.append(None)
            except BaseException as exc:  # noqa: BLE001 - handed to the test thread
                outcome.append(exc)

        worker = threading.Thread(target=rank)
        worker.start()
        _wait_until_blocked(server_url, "briefing-app")
        other.commit()
        other.close()
        worker.join(timeout=60)
        assert not worker.is_alive()
        assert len(outcome) == 1 and isinstance(outcome[0], ConflictError), outcome
        assert "at the same moment" in str(outcome[0])
        order = seating.precedence_order(db, visit.id, "our delegation")
        ranked = {p.id: e.rank if e else None for p, e in order}
        assert ranked == {a.id: 1, b.id: None}  # the first user's rank; nothing of ours
        seating.reorder_precedence(db, visit.id, "our delegation", [b.id, a.id])  # a retry works
        assert [p.id for p, _e in seating.precedence_order(db, visit.id, "our delegation")] == [b.id, a.id]
    finally:
        db.close()


def test_a_broken_reference_on_the_server_is_still_the_operations_own_error(server_url):
    """Only a unique clash is a race; a foreign key broken stays an IntegrityError that
    the operations word themselves (as on a file)."""
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    db = open_server(server_url)
    try:
        with pytest.raises(IntegrityError):
            with db.write() as s:
                s.execute(text("INSERT INTO precedence (uuid, person_id, rank, office_rank, "
                               "created_at, updated_at, row_version) VALUES "
                               "('x', 99999999, 1, 100, now(), now(), 1)"))
    finally:
        db.close()
