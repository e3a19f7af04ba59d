"""The load test's lost-update check (benchmarks/team_load.py) catches a lost update: a
save that ignores the row version it read overwrites another user's acknowledged token,
and the check names it; the honest path (expected_version) leaves nothing to report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from briefing_app.core.errors import ConflictError
from briefing_app.core.ops import entities
from briefing_app.core.server_db import open_server

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import team_load  # noqa: E402


def _drop(cluster: Any) -> None:
    """The load test's database and its roles (roles are the cluster's, not the
    database's: the user, the group `server init` made, the owner)."""
    cluster.drop_database("team_load")
    for role in (team_load.LOGIN, "briefing_team_load_users", team_load.OWNER):
        cluster._admin(f"DROP ROLE IF EXISTS {role}")


@pytest.fixture
def plan(pg_cluster: Any) -> Any:
    _drop(pg_cluster)
    yield team_load.prepare(pg_cluster)
    _drop(pg_cluster)


def _append(db: Any, event_id: int, token: str, version: int | None, notes: str) -> None:
    entities.update(db, "event", event_id, {"logistics_notes": notes + token},
                    expected_version=version)


def test_a_write_that_ignores_the_version_it_read_is_reported(plan: Any) -> None:
    before = team_load.snapshot(plan.url, plan)
    event_id = plan.events[0]
    a, b = team_load.Outcome(0), team_load.Outcome(1)
    db = open_server(plan.url)
    try:
        seen_by_b = entities.get(db, "event", event_id)  # b opens the form first
        seen_by_a = entities.get(db, "event", event_id)
        _append(db, event_id, "w00.1;", seen_by_a.row_version, seen_by_a.logistics_notes)
        a.tokens[event_id] = ["w00.1;"]
        a.row_saves[("event", event_id)] += 1
        with pytest.raises(ConflictError):  # the ops refuse b's stale save ...
            _append(db, event_id, "w01.1;", seen_by_b.row_version, seen_by_b.logistics_notes)
        honest = team_load.lost_updates(before, team_load.snapshot(plan.url, plan), [a, b])
        assert honest == []
        # ... so the lost update is made by hand: b's save without the version it read
        _append(db, event_id, "w01.1;", None, seen_by_b.logistics_notes)
        b.tokens[event_id] = ["w01.1;"]
        b.row_saves[("event", event_id)] += 1
    finally:
        db.close()
    problems = team_load.lost_updates(before, team_load.snapshot(plan.url, plan), [a, b])
    assert any(f"event #{event_id} notes: 1 acknowledged tokens missing" in p
               for p in problems), problems


def test_a_status_change_from_a_stale_status_is_reported(plan: Any) -> None:
    from briefing_app.core.ops import agreements

    before = team_load.snapshot(plan.url, plan)
    ag_id = plan.agreements[0]
    db = open_server(plan.url)
    try:
        ag = entities.get(db, "agreement", ag_id)
        new = team_load.NEGOTIATION if ag.status == team_load.AGREED else team_load.AGREED
        agreements.change_status(db, ag_id, new, expected_version=ag.row_version)
        # A second user changes it again from the status they had read, the version
        # ignored: the history now holds a step the workflow never allows (x -> x).
        from briefing_app.core import models as M

        with db.write() as s:
            row = s.get(M.Agreement, ag_id)
            s.add(M.AgreementStatusChange(agreement_id=ag_id, status=new, note="",
                                          changed_at=row.updated_at))
    finally:
        db.close()
    outcome = team_load.Outcome(0)
    outcome.row_saves[("agreement", ag_id)] += 1
    outcome.status_saves[ag_id] += 2
    problems = team_load.lost_updates(before, team_load.snapshot(plan.url, plan), [outcome])
    assert any(f"history steps {new} -> {new}" in p for p in problems), problems


def test_the_percentile_is_the_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert team_load.percentile(values, 50) == 50.0
    assert team_load.percentile(values, 95) == 95.0
    assert team_load.percentile(values, 99) == 99.0
    assert team_load.percentile([7.0], 95) == 7.0
