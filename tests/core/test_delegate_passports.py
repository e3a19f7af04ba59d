"""A delegate's passport data live in a row of their own (0013_delegate_passports), so
that a row-level rule can hide them (issue 11), while the delegate is edited, undone,
listed, exchanged and upgraded as before."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from briefing_app.core import models as M
from briefing_app.core.errors import ConflictError, ValidationError
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops.visits import list_visits
from briefing_app.interop import bundle_read
from briefing_app.interop.bundle_export import bundle_dict
from briefing_app.interop.bundle_merge import merge_bundle
from tests.core.helpers import make_visit

FIELDS = ("date_of_birth", "passport_number", "passport_expiry")


def _passports(db) -> list[tuple[int, str, str]]:
    with db.read() as s:
        return [(p.delegate_id, p.passport_number, str(p.level)) for p in
                s.scalars(select(M.DelegatePassport).order_by(M.DelegatePassport.id))]


def _delegate(db, **values):
    visit = make_visit(db)
    person = ent.create(db, "person", visit.id, {"native_name": "Тоқаев 习近平"})
    return visit, ent.create(db, "delegate", visit.id, {"person_id": person.id, **values})


def test_passport_data_go_to_their_own_restricted_row(db):
    visit, d = _delegate(db, delegation_role="Adviser", passport_number="N0012345",
                         passport_expiry="2030-01-31")
    assert "passport_number" not in M.Delegate.__table__.c
    assert d.passport_number == "N0012345" and d.passport_expiry == date(2030, 1, 31)
    assert d.date_of_birth is None
    assert _passports(db) == [(d.id, "N0012345", "restricted")]
    assert str(ent.get(db, "delegate", d.id).level) == "public"  # the list stays readable
    [listed] = ent.list_for_visit(db, "delegate", visit.id)
    assert listed == ent.get(db, "delegate", d.id)


def test_a_delegate_without_passport_data_has_no_passport_row(db):
    visit, d = _delegate(db, delegation_role="Interpreter")
    assert _passports(db) == []
    [listed] = ent.list_for_visit(db, "delegate", visit.id)
    assert (listed.passport_number, listed.passport_expiry, listed.date_of_birth) == ("", None, None)
    ent.update(db, "delegate", d.id, {"notes": "no papers yet"}, d.row_version)
    assert _passports(db) == []


def test_a_confidential_delegates_passport_is_confidential(db):
    _visit, d = _delegate(db, level="confidential", passport_number="C1")
    assert _passports(db) == [(d.id, "C1", "confidential")]


def test_raising_a_delegate_raises_its_passport_and_lowering_it_does_not(db):
    _visit, d = _delegate(db, passport_number="N1")
    d = ent.update(db, "delegate", d.id, {"level": "confidential"}, d.row_version)
    assert _passports(db) == [(d.id, "N1", "confidential")]
    ent.update(db, "delegate", d.id, {"level": "press"}, d.row_version)
    assert _passports(db) == [(d.id, "N1", "confidential")]


def test_editing_the_passport_moves_the_delegates_version_and_undoes(db):
    _visit, d = _delegate(db, passport_number="N1")
    edited = ent.update(db, "delegate", d.id, {"passport_number": "N2"}, d.row_version)
    assert edited.passport_number == "N2" and edited.row_version == d.row_version + 1
    with pytest.raises(ConflictError):  # a second window that read the delegate before
        ent.update(db, "delegate", d.id, {"passport_number": "N3"}, d.row_version)
    back = ent.update(db, "delegate", d.id, {"passport_number": "N1"}, edited.row_version)
    assert back.passport_number == "N1" and _passports(db) == [(d.id, "N1", "restricted")]


def test_deleting_a_delegate_takes_its_passport_and_undo_brings_both_back(db):
    _visit, d = _delegate(db, passport_number="N1", date_of_birth="1953-05-17")
    tomb = ent.delete(db, "delegate", d.id, d.row_version)
    assert _passports(db) == []
    ent.undelete(db, tomb)
    assert _passports(db) == [(d.id, "N1", "restricted")]
    assert ent.get(db, "delegate", d.id).date_of_birth == date(1953, 5, 17)


def _as_older_app(data: dict) -> dict:
    """The bundle as an app before 0013 wrote it: passport data in the delegates."""
    old = json.loads(json.dumps(data))
    by_delegate = {p["delegate"]: p for p in old.pop("delegate_passports")}
    for row in old["delegates"]:
        passport = by_delegate.get(row["uuid"], {})
        row |= {f: passport.get(f, "" if f == "passport_number" else None) for f in FIELDS}
    return old


def test_bundles_carry_the_passports_and_read_an_older_apps_the_same(demo_db, db):
    data = json.loads(json.dumps(bundle_dict(demo_db, list_visits(demo_db)[0].id)))
    assert data["delegate_passports"] and all(
        "passport_number" not in r for r in data["delegates"])
    new = bundle_read.parse_bundle(json.dumps(data, ensure_ascii=False).encode())
    old = bundle_read.parse_bundle(json.dumps(_as_older_app(data), ensure_ascii=False).encode())
    def rows(b):
        return sorted((r.refs["delegate_id"], *(r.values[f] for f in FIELDS))
                      for r in b.sections["delegate_passports"])
    assert rows(old) == rows(new)
    # the derived UUIDs are those the migration gives: importing twice adds nothing
    merge_bundle(db, old, backup=False)
    first = _passports(db)
    merge_bundle(db, bundle_read.parse_bundle(
        json.dumps(_as_older_app(data), ensure_ascii=False).encode()), backup=False)
    assert _passports(db) == first and len(first) == len(data["delegate_passports"])


def test_sqlite_down_to_0012_and_up_again(demo_db_path: Path) -> None:
    from alembic import command

    from briefing_app.core.database import open_database
    from briefing_app.core.migrations import alembic_config, upgrade

    def passports(conn):
        return sorted(conn.execute(
            "SELECT d.uuid, p.uuid, p.date_of_birth, p.passport_number, p.passport_expiry, "
            "p.level FROM delegate_passports p JOIN delegates d ON d.id = p.delegate_id"))

    with sqlite3.connect(demo_db_path) as conn:
        before = passports(conn)
    conn.close()
    assert before and all(level == "restricted" for *_x, level in before)
    command.downgrade(alembic_config(demo_db_path), "0012_type_columns")
    conn = sqlite3.connect(demo_db_path)
    try:
        assert sorted(conn.execute(
            "SELECT uuid, date_of_birth, passport_number, passport_expiry FROM delegates "
            "WHERE passport_number <> ''")) == [(d, born, n, exp) for d, _p, born, n, exp, _l
                                                in before]
        # a laptop's base copy of a delegate, as 0012's sync kept it
        delegate_uuid = before[0][0]
        conn.execute("INSERT INTO sync_base (id, uuid, table_name, visit_uuid, version, data) "
                     "VALUES (1, ?, 'delegates', 'v', 2, ?)",
                     (delegate_uuid, json.dumps({"uuid": delegate_uuid, "level": "public",
                                                 "passport_number": "B-1", "notes": "习近平",
                                                 "date_of_birth": None,
                                                 "passport_expiry": "2030-01-01"},
                                                ensure_ascii=False, sort_keys=True)))
        conn.commit()
    finally:
        conn.close()
    upgrade(demo_db_path)
    conn = sqlite3.connect(demo_db_path)
    try:
        assert passports(conn) == before  # the same rows, the same UUIDs
        bases = dict(conn.execute("SELECT table_name, data FROM sync_base"))
        assert json.loads(bases["delegates"]) == {"uuid": delegate_uuid, "level": "public",
                                                  "notes": "习近平"}
        assert json.loads(bases["delegate_passports"]) == {
            "uuid": before[0][1], "delegate": delegate_uuid, "level": "restricted",
            "passport_number": "B-1", "date_of_birth": None, "passport_expiry": "2030-01-01",
            "created_at": None, "updated_at": None}
    finally:
        conn.close()
    db = open_database(demo_db_path)  # the schema guard accepts the upgraded file
    try:
        visit = list_visits(db)[0]
        assert {d.passport_number for d in ent.list_for_visit(db, "delegate", visit.id)} >= {
            n for *_x, n, _e, _l in before}
    finally:
        db.close()


def test_a_bundle_cannot_bring_passport_data_below_restricted(demo_db):
    data = json.loads(json.dumps(bundle_dict(demo_db, list_visits(demo_db)[0].id)))
    data["delegate_passports"][0]["level"] = "press"
    with pytest.raises(ValidationError) as info:
        bundle_read.parse_bundle(json.dumps(data, ensure_ascii=False).encode())
    assert info.value.field == "delegate_passports[0].level"
    assert "never below Restricted" in info.value.reason


def test_bundles_keep_a_confidential_delegates_passport_confidential(db):
    """A bundle merge writes rows in bulk, past the models' events: an older app's
    bundle (its passport moved to a row of its own) and a bundle that lowers the
    passport's level both end at the delegate's level."""
    visit, d = _delegate(db, level="confidential", passport_number="C1")
    data = json.loads(json.dumps(bundle_dict(db, visit.id)))
    lowered = json.loads(json.dumps(data))
    lowered["delegate_passports"][0]["level"] = "restricted"
    later = datetime.now(UTC) + timedelta(hours=1)  # newer than ours: the merge takes it
    lowered["delegate_passports"][0]["updated_at"] = later.isoformat()
    merge_bundle(db, bundle_read.parse_bundle(json.dumps(lowered).encode()), backup=False)
    assert _passports(db) == [(d.id, "C1", "confidential")]
    ent.delete(db, "visit", visit.id)
    merge_bundle(db, bundle_read.parse_bundle(json.dumps(_as_older_app(data)).encode()),
                 backup=False)
    [(_id, number, level)] = _passports(db)
    assert (number, level) == ("C1", "confidential")


def test_a_copied_visits_passports_take_the_derived_uuid(db):
    from briefing_app.core.ops.visits import duplicate_visit

    visit, d = _delegate(db, passport_number="N1")
    copy = duplicate_visit(db, visit.id, "Next year", "2020-09-10")
    with db.read() as s:
        rows = {p.visit_id: (p.uuid, p.delegate.uuid) for p in
                s.scalars(select(M.DelegatePassport))}
    assert set(rows) == {visit.id, copy.id}
    assert all(uuid == M.companion_uuid("delegate_passports", owner)
               for uuid, owner in rows.values())
    # so an older app's bundle of the copy merges into it instead of clashing
    old = _as_older_app(json.loads(json.dumps(bundle_dict(db, copy.id))))
    merge_bundle(db, bundle_read.parse_bundle(json.dumps(old).encode()), backup=False)
    assert len(_passports(db)) == 2


def test_a_passport_made_by_its_delegates_id_still_takes_the_delegates_level(db):
    """As a visit's copy makes it (the delegate given by id, not as an object)."""
    visit, d = _delegate(db, level="confidential")
    with db.write() as s:
        s.add(M.DelegatePassport(delegate_id=d.id, passport_number="X1", level="restricted"))
    assert _passports(db) == [(d.id, "X1", "confidential")]
    with db.read() as s:
        row = s.scalars(select(M.DelegatePassport)).one()
        assert row.visit_id == visit.id
        assert row.uuid == M.companion_uuid("delegate_passports", d.uuid)
