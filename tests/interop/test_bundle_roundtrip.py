"""A bundle carries the whole visit between laptops, exactly, and twice is once."""

from __future__ import annotations

import json

import pytest

from briefing_app.core.database import open_database
from briefing_app.core.ops.visits import list_visits
from briefing_app.interop.bundle_export import export_bundle
from briefing_app.interop.bundle_merge import import_bundle
from briefing_app.interop.bundle_schema import FORMAT, FORMAT_VERSION, SECTIONS

from .helpers import add_photo, comparable, db_files_hash, tiny_png


def test_export_holds_every_section_with_uuids_and_version(demo_db, tmp_path):
    visit = list_visits(demo_db)[0]
    add_photo(demo_db, visit.id)
    result = export_bundle(demo_db, visit.id, tmp_path / "visit.json")
    data = json.loads(result.path.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT and data["format_version"] == FORMAT_VERSION
    assert data["visit"]["uuid"] == visit.uuid
    for section in SECTIONS:
        assert data[section.name], f"the demo should exercise {section.name}"
        assert all(len(row["uuid"]) == 36 for row in data[section.name])
    assert any(p["photo"] for p in data["people"])
    assert "id" not in data["events"][0] and "visit_id" not in data["events"][0]
    assert not list(tmp_path.glob("*.partial")), "no temp file is left behind"


def test_import_into_empty_database_reproduces_the_visit(demo_db, db, tmp_path):
    visit = list_visits(demo_db)[0]
    add_photo(demo_db, visit.id)
    path = export_bundle(demo_db, visit.id, tmp_path / "visit.json").path
    summary = import_bundle(db, path)
    assert summary.visit_created and summary.changed
    if db.on_server:  # a server's copies are its administrator's: none beside it
        assert summary.backup is None
    else:
        assert summary.backup is not None and summary.backup.exists()
    assert comparable(db, summary.visit_id) == comparable(demo_db, visit.id)
    people = {p["uuid"]: p for p in comparable(db, summary.visit_id)["people"]}
    assert any(p["photo"] for p in people.values())


def test_second_import_changes_nothing_not_even_the_file(demo_db, db_path, tmp_path):
    visit = list_visits(demo_db)[0]
    path = export_bundle(demo_db, visit.id, tmp_path / "visit.json").path
    db = open_database(db_path)
    import_bundle(db, path)
    db.close()
    before = db_files_hash(db_path)
    db = open_database(db_path)
    summary = import_bundle(db, path)
    db.close()
    assert not summary.changed and summary.backup is None
    assert all(c.added == c.updated == 0 for c in summary.counts.values())
    assert db_files_hash(db_path) == before


def test_import_into_the_database_it_came_from_is_a_no_op(demo_db, tmp_path):
    visit = list_visits(demo_db)[0]
    path = export_bundle(demo_db, visit.id, tmp_path / "visit.json").path
    summary = import_bundle(demo_db, path)
    assert not summary.changed
    assert summary.counts["events"].unchanged == len(comparable(demo_db, visit.id)["events"])


def test_export_replaces_an_existing_file_whole(demo_db, tmp_path):
    visit = list_visits(demo_db)[0]
    out = tmp_path / "visit.json"
    out.write_bytes(b"old content")
    export_bundle(demo_db, visit.id, out)
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == FORMAT


def test_photo_bytes_survive_exactly(demo_db, db, tmp_path):
    from briefing_app.core.ops import entities as ent

    visit = list_visits(demo_db)[0]
    person_id = add_photo(demo_db, visit.id)
    uuid = ent.get(demo_db, "person", person_id).uuid
    summary = import_bundle(db, export_bundle(demo_db, visit.id, tmp_path / "v.json").path)
    people = ent.list_for_visit(db, "person", summary.visit_id)
    assert next(p for p in people if p.uuid == uuid).photo == tiny_png()


def test_read_only_database_is_refused_plainly_without_a_backup(demo_db, db_path, tmp_path):
    from briefing_app.core.errors import DatabaseError

    visit = list_visits(demo_db)[0]
    path = export_bundle(demo_db, visit.id, tmp_path / "visit.json").path
    open_database(db_path).close()
    db = open_database(db_path, read_only=True)
    try:
        with pytest.raises(DatabaseError, match="read-only"):
            import_bundle(db, path)
    finally:
        db.close()
    assert not any(p.name.endswith("-backups") for p in db_path.parent.iterdir())
