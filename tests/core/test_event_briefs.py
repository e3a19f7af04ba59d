"""An event's positions (our objectives, theirs, our response, if raised, do not raise,
background not for disclosure) live in a row of their own (0014_event_briefs), so that a
row-level rule can hide them (issue 11), while the event is edited, undone, copied,
searched, exchanged and upgraded as before."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from briefing_app.core import models as M
from briefing_app.core.errors import ConflictError, ValidationError
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops.events import duplicate_event
from briefing_app.core.ops.visits import duplicate_visit, list_visits
from briefing_app.core.search import opened_as, search
from briefing_app.interop import bundle_read
from briefing_app.interop.bundle_export import bundle_dict
from briefing_app.interop.bundle_merge import merge_bundle
from tests.core.helpers import make_event, make_visit

FIELDS = ("objectives", "their_objectives", "our_response", "if_raised", "do_not_raise",
          "background_nfd")


def _briefs(db) -> list[tuple[int, str, str]]:
    with db.read() as s:
        return [(b.event_id, b.objectives, str(b.level)) for b in
                s.scalars(select(M.EventBrief).order_by(M.EventBrief.id))]


def _event(db, **values):
    visit = make_visit(db)
    return visit, make_event(db, visit.id, **values)


def test_the_positions_go_to_their_own_restricted_row(db):
    visit, e = _event(db, objectives="Тоқаев: транзит", background_nfd="习近平 NFD",
                      press_line="Public line")
    assert not set(FIELDS) & set(M.Event.__table__.c.keys())
    assert (e.objectives, e.background_nfd, e.press_line) == (
        "Тоқаев: транзит", "习近平 NFD", "Public line")
    assert _briefs(db) == [(e.id, "Тоқаев: транзит", "restricted")]
    assert str(ent.get(db, "event", e.id).level) == "public"  # the programme stays readable
    [listed] = ent.list_for_visit(db, "event", visit.id)
    assert listed == ent.get(db, "event", e.id)


def test_an_event_without_positions_has_no_brief_row(db):
    visit, e = _event(db, scenario="10:00 arrival")
    assert _briefs(db) == []
    ent.update(db, "event", e.id, {"dress_code": "Lounge suit"}, e.row_version)
    assert _briefs(db) == []
    [listed] = ent.list_for_visit(db, "event", visit.id)
    assert all(getattr(listed, f) == "" for f in FIELDS)


def test_a_confidential_events_brief_is_confidential_and_follows_it_up(db):
    _visit, e = _event(db, level="confidential", our_response="C1")
    assert _briefs(db) == [(e.id, "", "confidential")]
    _visit, e = _event(db, objectives="O1")
    e = ent.update(db, "event", e.id, {"level": "confidential"}, e.row_version)
    assert _briefs(db)[-1] == (e.id, "O1", "confidential")
    ent.update(db, "event", e.id, {"level": "press"}, e.row_version)
    assert _briefs(db)[-1] == (e.id, "O1", "confidential")  # lowering the event does not


def test_editing_a_position_moves_the_events_version_and_undoes(db):
    _visit, e = _event(db, objectives="O1")
    edited = ent.update(db, "event", e.id, {"objectives": "O2"}, e.row_version)
    assert edited.objectives == "O2" and edited.row_version == e.row_version + 1
    with pytest.raises(ConflictError):  # a second window that read the event before
        ent.update(db, "event", e.id, {"objectives": "O3"}, e.row_version)
    back = ent.update(db, "event", e.id, {"objectives": "O1"}, edited.row_version)
    assert back.objectives == "O1" and _briefs(db) == [(e.id, "O1", "restricted")]


def test_deleting_an_event_takes_its_brief_and_undo_brings_both_back(db):
    _visit, e = _event(db, objectives="O1", if_raised="Say no")
    tomb = ent.delete(db, "event", e.id, e.row_version)
    assert _briefs(db) == []
    ent.undelete(db, tomb)
    assert _briefs(db) == [(e.id, "O1", "restricted")]
    assert ent.get(db, "event", e.id).if_raised == "Say no"


def test_a_duplicated_event_and_a_copied_visit_carry_the_brief_at_its_level(db):
    visit, e = _event(db, objectives="O1", level="restricted")
    with db.write() as s:  # raised by hand above its event
        s.execute(M.EventBrief.__table__.update().values(level="confidential"))
    copy, _tomb = duplicate_event(db, e.id)
    assert copy.objectives == "O1"
    assert _briefs(db) == [(e.id, "O1", "confidential"), (copy.id, "O1", "confidential")]
    later = duplicate_visit(db, visit.id, "Next year", "2020-09-10")
    with db.read() as s:
        rows = [(b.uuid, b.event.uuid, b.objectives) for b in s.scalars(
            select(M.EventBrief).where(M.EventBrief.visit_id == later.id))]
    assert len(rows) == 2 and all(
        uuid == M.companion_uuid("event_briefs", owner) and text == "O1"
        for uuid, owner, text in rows)


def test_search_finds_the_positions_as_the_events_brief(db):
    visit, e = _event(db, title="Talks with President Xi", do_not_raise="Debt ZQXDEBT")
    [hit] = search(db, "zqxdebt", visit.id)
    assert (hit.kind, hit.title) == ("event_brief", "Talks with President Xi")
    assert opened_as(db, hit.kind, hit.row_id) == ("event", e.id)
    assert [h.kind for h in search(db, "Talks with President", visit.id)] == [
        "event", "event_brief"]  # the event first; the brief is titled by it
    e = ent.update(db, "event", e.id, {"title": "Talks in Astana"}, e.row_version)
    assert [h.title for h in search(db, "zqxdebt", visit.id)] == ["Talks in Astana"]
    assert [h.kind for h in search(db, "Astana", visit.id)] == ["event", "event_brief"]
    ent.update(db, "event", e.id, {"do_not_raise": ""}, e.row_version)
    assert search(db, "zqxdebt", visit.id) == []


def _as_older_app(data: dict) -> dict:
    """The bundle as an app before 0014 wrote it: the positions in the events."""
    old = json.loads(json.dumps(data))
    by_event = {b["event"]: b for b in old.pop("event_briefs")}
    for row in old["events"]:
        brief = by_event.get(row["uuid"], {})
        row |= {f: brief.get(f, "") for f in FIELDS}
    return old


def test_bundles_carry_the_briefs_and_read_an_older_apps_the_same(demo_db, db):
    data = json.loads(json.dumps(bundle_dict(demo_db, list_visits(demo_db)[0].id)))
    assert data["event_briefs"] and all("objectives" not in r for r in data["events"])
    new = bundle_read.parse_bundle(json.dumps(data, ensure_ascii=False).encode())
    old = bundle_read.parse_bundle(json.dumps(_as_older_app(data), ensure_ascii=False).encode())

    def rows(b):
        return sorted((r.refs["event_id"], *(r.values[f] for f in FIELDS))
                      for r in b.sections["event_briefs"])
    assert rows(old) == rows(new)
    # the derived UUIDs are those the migration gives: importing twice adds nothing
    merge_bundle(db, old, backup=False)
    first = _briefs(db)
    merge_bundle(db, bundle_read.parse_bundle(
        json.dumps(_as_older_app(data), ensure_ascii=False).encode()), backup=False)
    assert _briefs(db) == first and len(first) == len(data["event_briefs"])


def test_a_bundle_cannot_bring_a_brief_below_restricted_nor_below_its_event(db):
    visit, e = _event(db, level="confidential", objectives="C1")
    data = json.loads(json.dumps(bundle_dict(db, visit.id)))
    data["event_briefs"][0]["level"] = "press"
    with pytest.raises(ValidationError) as info:
        bundle_read.parse_bundle(json.dumps(data, ensure_ascii=False).encode())
    assert info.value.field == "event_briefs[0].level"
    assert "never below Restricted" in info.value.reason
    data["event_briefs"][0]["level"] = "restricted"
    later = datetime.now(UTC) + timedelta(hours=1)  # newer than ours: the merge takes it
    data["event_briefs"][0]["updated_at"] = later.isoformat()
    merge_bundle(db, bundle_read.parse_bundle(json.dumps(data).encode()), backup=False)
    assert _briefs(db) == [(e.id, "C1", "confidential")]


def test_sqlite_down_to_0013_and_up_again(demo_db_path: Path) -> None:
    from alembic import command

    from briefing_app.core.database import open_database
    from briefing_app.core.migrations import alembic_config, upgrade

    def briefs(conn):
        return sorted(conn.execute(
            "SELECT e.uuid, b.uuid, " + ", ".join(f"b.{f}" for f in FIELDS) + ", b.level "
            "FROM event_briefs b JOIN events e ON e.id = b.event_id"))

    with sqlite3.connect(demo_db_path) as conn:
        before = briefs(conn)
    conn.close()
    assert before and all(row[-1] == "restricted" for row in before)
    command.downgrade(alembic_config(demo_db_path), "0013_delegate_passports")
    conn = sqlite3.connect(demo_db_path)
    try:
        assert sorted(conn.execute(
            "SELECT uuid, " + ", ".join(FIELDS) + " FROM events WHERE " + " OR ".join(
                f"{f} <> ''" for f in FIELDS))) == [(row[0], *row[2:-1]) for row in before]
        # a laptop's base copy of an event, as 0013's sync kept it
        event_uuid = before[0][0]
        conn.execute("INSERT INTO sync_base (id, uuid, table_name, visit_uuid, version, data) "
                     "VALUES (1, ?, 'events', 'v', 2, ?)",
                     (event_uuid, json.dumps({"uuid": event_uuid, "level": "public",
                                              "title": "习近平", "objectives": "Тоқаев",
                                              "their_objectives": "", "our_response": "",
                                              "if_raised": "", "do_not_raise": "",
                                              "background_nfd": "NFD"},
                                             ensure_ascii=False, sort_keys=True)))
        conn.execute("INSERT INTO sync_conflicts (uuid, table_name, visit_uuid, field, "
                     "local_value, server_value, server_version, found_at) VALUES (?, "
                     "'events', 'v', 'objectives', '\"b\"', '\"c\"', 3, '2019-01-01')",
                     (event_uuid,))
        conn.commit()
    finally:
        conn.close()
    upgrade(demo_db_path)
    conn = sqlite3.connect(demo_db_path)
    try:
        assert briefs(conn) == before  # the same rows, the same UUIDs
        bases = dict(conn.execute("SELECT table_name, data FROM sync_base"))
        assert json.loads(bases["events"]) == {"uuid": event_uuid, "level": "public",
                                               "title": "习近平"}
        assert json.loads(bases["event_briefs"]) == {
            "uuid": before[0][1], "event": event_uuid, "level": "restricted",
            "objectives": "Тоқаев", "their_objectives": "", "our_response": "",
            "if_raised": "", "do_not_raise": "", "background_nfd": "NFD",
            "created_at": None, "updated_at": None}
        assert conn.execute("SELECT table_name, uuid FROM sync_conflicts").fetchall() == [
            ("event_briefs", before[0][1])]
    finally:
        conn.close()
    db = open_database(demo_db_path)  # the schema guard accepts the upgraded file
    try:
        visit = list_visits(db)[0]
        assert {e.objectives for e in ent.list_for_visit(db, "event", visit.id)} >= {
            row[2] for row in before}
        assert search(db, before[0][2].split()[0], visit.id)  # the index was refilled
    finally:
        db.close()


def test_a_brief_emptied_of_every_position_goes_and_comes_back(db):
    """No empty restricted brief is kept: it would show in search (titled by its event),
    the audit and a sync as if the event had positions."""
    visit, e = _event(db, title="Gala ZQXGALA", objectives="O1", if_raised="ZQXRAISED")
    e = ent.update(db, "event", e.id, {"objectives": ""}, e.row_version)
    assert _briefs(db) == [(e.id, "", "restricted")]  # one position left
    e = ent.update(db, "event", e.id, {"if_raised": ""}, e.row_version)
    assert _briefs(db) == [] and all(getattr(e, f) == "" for f in FIELDS)
    assert [h.kind for h in search(db, "zqxgala", visit.id)] == ["event"]
    assert search(db, "zqxraised", visit.id) == []
    # one edit that empties a field and fills another keeps one row, with its UUID
    e = ent.update(db, "event", e.id, {"if_raised": "ZQXRAISED"}, e.row_version)
    e = ent.update(db, "event", e.id, {"if_raised": "", "do_not_raise": "Debt"},
                   e.row_version)
    with db.read() as s:
        [row] = s.scalars(select(M.EventBrief)).all()
        assert (row.if_raised, row.do_not_raise) == ("", "Debt")
        assert row.uuid == M.companion_uuid("event_briefs", e.uuid)
