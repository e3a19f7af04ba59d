"""0009_levels on a SQLite file: existing rows become public, except what was already
marked as only for some (a restricted talking point, a delegate with passport data);
the downgrade leaves the file as 0008b made it."""

from __future__ import annotations

import sqlite3

import pytest

from briefing_app.core.migrations import alembic_config, upgrade

pytestmark = pytest.mark.sqlite_only


def _schema(path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return sorted(conn.execute("SELECT type, name, sql FROM sqlite_master"))


def test_0009_marks_what_was_restricted_and_goes_down_to_0008b(tmp_path):
    from alembic import command

    path = tmp_path / "v.db"
    upgrade(path, "0008b_protocol_lists")
    before = _schema(path)
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO visits (id, uuid, title, kind, host_country, host_city, "
                     "start_date, end_date, home_tz, classification, purpose, objectives, "
                     "key_messages, status, fact_stale_days, notes, press_marking, "
                     "press_embargo, press_contacts, duty_contacts, issuing_department, "
                     "drafted_by, cleared_by, as_at, distribution, risks, created_at, "
                     "updated_at, row_version) VALUES (1, 'u', 'V', 'other', '', '', "
                     "'2019-09-10', '2019-09-12', 'UTC', '', '', '', '', 'planning', 365, "
                     "'', '', '', '', '', '', '', '', '', '', '', '2019-01-01', "
                     "'2019-01-01', 1)")
        for i, restricted in ((1, 1), (2, 0)):
            conn.execute("INSERT INTO talking_points (id, uuid, visit_id, heading, text, "
                         "answer, kind, priority, topics, status, restricted, created_at, "
                         "updated_at, row_version) VALUES (?, ?, 1, '', 't', '', "
                         "'point to make', 2, '', 'draft', ?, '2019-01-01', '2019-01-01', 1)",
                         (i, f"tp{i}", restricted))
    upgrade(path)
    with sqlite3.connect(path) as conn:
        levels = dict(conn.execute("SELECT id, level FROM talking_points"))
        assert levels == {1: "restricted", 2: "public"}
        assert conn.execute("SELECT default_level FROM visits").fetchone() == ("public",)
    command.downgrade(alembic_config(path), "0008b_protocol_lists")
    assert _schema(path) == before
