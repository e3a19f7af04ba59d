"""A visit's positions (objectives, key messages, risks and sensitivities) live in a row
of their own (0015_visit_briefs), so that a row-level rule can hide them from a user
who may read the visit (issue 11), while the visit is edited, copied, exchanged, printed
and upgraded as before."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from briefing_app.core import models as M
from briefing_app.core.errors import ConflictError, ValidationError
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops.visits import duplicate_visit, list_visits
from briefing_app.core.search import search
from briefing_app.interop import bundle_read
from briefing_app.interop.bundle_export import bundle_dict
from briefing_app.interop.bundle_merge import merge_bundle
from tests.core.helpers import make_visit

FIELDS = ("objectives", "key_messages", "risks")


def _briefs(db) -> list[tuple[int, str, str]]:
    with db.read() as s:
        return [(b.visit_id, b.risks, str(b.level)) for b in
                s.scalars(select(M.VisitBrief).order_by(M.VisitBrief.id))]


def test_the_positions_go_to_their_own_restricted_row(db):
    visit = make_visit(db)
    assert _briefs(db) == []  # a visit without positions has none
    edited = ent.update(db, "visit", visit.id, {"risks": "Тоқаев: протесты 习近平",
                                                "purpose": "State visit"}, visit.row_version)
    assert not set(FIELDS) & set(M.Visit.__table__.c.keys())
    assert (edited.risks, edited.purpose) == ("Тоқаев: протесты 习近平", "State visit")
    assert edited.row_version == visit.row_version + 1  # the visit's version moves
    assert _briefs(db) == [(visit.id, "Тоқаев: протесты 习近平", "restricted")]
    [listed] = [v for v in list_visits(db) if v.id == visit.id]
    assert listed.risks == edited.risks
    with pytest.raises(ConflictError):  # a second window that read the visit before
        ent.update(db, "visit", visit.id, {"objectives": "x"}, visit.row_version)
    # not indexed (every search code is taken): the visit is found by its public text
    assert search(db, "протесты", visit.id) == []
    assert [h.kind for h in search(db, "State visit", visit.id)][:1] == ["visit"]


def test_a_copied_visit_carries_its_brief_and_deleting_takes_it(db):
    visit = make_visit(db)
    ent.update(db, "visit", visit.id, {"objectives": "O1"}, visit.row_version)
    later = duplicate_visit(db, visit.id, "Next year", "2020-09-10")
    assert ent.get(db, "visit", later.id).objectives == "O1"
    with db.read() as s:
        uuids = {b.visit_id: b.uuid for b in s.scalars(select(M.VisitBrief))}
        owners = {v.id: v.uuid for v in s.scalars(select(M.Visit))}
    assert uuids == {v: M.companion_uuid("visit_briefs", owners[v]) for v in (visit.id, later.id)}
    ent.delete(db, "visit", later.id)
    assert [b[0] for b in _briefs(db)] == [visit.id]


def _as_older_app(data: dict) -> dict:
    """The bundle as an app before 0015 wrote it: the positions on the visit."""
    old = json.loads(json.dumps(data))
    [brief] = old.pop("visit_briefs") or [{}]
    old["visit"] |= {f: brief.get(f, "") for f in FIELDS}
    return old


def test_bundles_carry_the_brief_and_read_an_older_apps_the_same(demo_db, db):
    data = json.loads(json.dumps(bundle_dict(demo_db, list_visits(demo_db)[0].id)))
    assert data["visit_briefs"] and "risks" not in data["visit"]
    old = bundle_read.parse_bundle(json.dumps(_as_older_app(data), ensure_ascii=False).encode())
    new = bundle_read.parse_bundle(json.dumps(data, ensure_ascii=False).encode())
    assert [(r.uuid, r.values) for r in old.sections["visit_briefs"]] == [
        (r.uuid, r.values) for r in new.sections["visit_briefs"]]
    merge_bundle(db, old, backup=False)
    first = _briefs(db)
    merge_bundle(db, bundle_read.parse_bundle(json.dumps(_as_older_app(data)).encode()),
                 backup=False)
    assert _briefs(db) == first and len(first) == 1 and "Xinjiang" in first[0][1]
    data["visit_briefs"][0]["level"] = "public"
    with pytest.raises(ValidationError) as info:
        bundle_read.parse_bundle(json.dumps(data, ensure_ascii=False).encode())
    assert info.value.field == "visit_briefs[0].level"


def test_sqlite_down_to_0014_and_up_again(demo_db_path: Path) -> None:
    from alembic import command

    from briefing_app.core.database import open_database
    from briefing_app.core.migrations import alembic_config, upgrade

    def briefs(conn):
        return sorted(conn.execute(
            "SELECT v.uuid, b.uuid, b.objectives, b.key_messages, b.risks, b.level "
            "FROM visit_briefs b JOIN visits v ON v.id = b.visit_id"))

    with sqlite3.connect(demo_db_path) as conn:
        before = briefs(conn)
    conn.close()
    assert before and all(row[-1] == "restricted" for row in before)
    command.downgrade(alembic_config(demo_db_path), "0014_event_briefs")
    conn = sqlite3.connect(demo_db_path)
    try:
        assert sorted(conn.execute("SELECT uuid, objectives, key_messages, risks FROM visits")
                      ) == [(row[0], *row[2:5]) for row in before]
        visit_uuid = before[0][0]
        conn.execute("INSERT INTO sync_base (id, uuid, table_name, visit_uuid, version, data) "
                     "VALUES (1, ?, 'visits', ?, 2, ?)",
                     (visit_uuid, visit_uuid, json.dumps(
                         {"uuid": visit_uuid, "title": "习近平", "objectives": "Тоқаев",
                          "key_messages": "", "risks": "R"}, ensure_ascii=False,
                         sort_keys=True)))
        conn.commit()
    finally:
        conn.close()
    upgrade(demo_db_path)
    conn = sqlite3.connect(demo_db_path)
    try:
        assert briefs(conn) == before  # the same rows, the same UUIDs
        bases = dict(conn.execute("SELECT table_name, data FROM sync_base"))
        assert json.loads(bases["visits"]) == {"uuid": visit_uuid, "title": "习近平"}
        assert json.loads(bases["visit_briefs"]) == {
            "uuid": before[0][1], "level": "restricted", "objectives": "Тоқаев",
            "key_messages": "", "risks": "R", "created_at": None, "updated_at": None}
    finally:
        conn.close()
    command.downgrade(alembic_config(demo_db_path), "0014_event_briefs")
    conn = sqlite3.connect(demo_db_path)
    try:  # and the split undone again: the visit's base copy whole
        assert json.loads(dict(conn.execute("SELECT table_name, data FROM sync_base"))[
            "visits"]) == {"uuid": visit_uuid, "title": "习近平", "objectives": "Тоқаев",
                           "key_messages": "", "risks": "R"}
    finally:
        conn.close()
    upgrade(demo_db_path)
    db = open_database(demo_db_path)  # the schema guard accepts the upgraded file
    try:
        assert list_visits(db)[0].risks == before[0][4]
    finally:
        db.close()
