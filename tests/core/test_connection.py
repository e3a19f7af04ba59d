"""Every connection enforces foreign keys, uses WAL with synchronous=FULL and waits on locks."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError


@pytest.mark.sqlite_only(reason="SQLite's PRAGMAs (WAL, foreign_keys) set per connection")
def test_pragmas_on_every_connection(db):
    for ctx in (db.read, db.write):
        with ctx() as s:
            assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert s.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert s.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_foreign_keys_are_enforced(db):
    with pytest.raises(IntegrityError):
        with db.write() as s:
            s.execute(text("INSERT INTO venues (uuid, visit_id, name, city, address, tz, notes, "
                           "created_at, updated_at, row_version) VALUES ('u', 424242, 'x', '', '', "
                           "'UTC', '', '2019-01-01', '2019-01-01', 1)"))


def test_a_failed_transaction_leaves_nothing(db):
    from briefing_app.core.ops.visits import list_visits

    with pytest.raises(RuntimeError):
        with db.write() as s:
            s.execute(text("INSERT INTO visits (uuid, title, visit_type, host_country, host_city, start_date, "
                           "end_date, home_tz, classification, purpose, "
                           "status, fact_stale_days, notes, created_at, updated_at, row_version) "
                           "VALUES ('v', 'Half', 'state visit', '', '', '2019-01-01', '2019-01-02', "
                           "'UTC', '', '', 'planning', 365, '', '2019-01-01', "
                           "'2019-01-01', 1)"))
            raise RuntimeError("crash mid-operation")
    assert list_visits(db) == []
