"""Merging by UUID: newer edits win, nothing is deleted, links and versions never double."""

from __future__ import annotations

import json

import pytest

from briefing_app.core.database import open_database
from briefing_app.core.errors import ValidationError
from briefing_app.core.ops import agreements as ag
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops import links
from briefing_app.core.ops.visits import duplicate_visit, list_visits
from briefing_app.interop.bundle_export import export_bundle
from briefing_app.interop.bundle_merge import import_bundle

from .helpers import db_files_hash, write_json


@pytest.fixture
def two_laptops(demo_db, demo_db_path, tmp_path):
    """Laptop A (the demo) and laptop B, which received A's bundle."""
    visit = list_visits(demo_db)[0]
    b_path = tmp_path / "b.sqlite"
    b = open_database(b_path)
    import_bundle(b, export_bundle(demo_db, visit.id, tmp_path / "a.json").path, backup=False)
    yield demo_db, b, visit
    b.close()


def _event(db, visit_id, title_part):
    return next(e for e in ent.list_for_visit(db, "event", visit_id) if title_part in e.title)


def test_newer_edit_from_the_other_laptop_wins(two_laptops, tmp_path):
    a, b, visit = two_laptops
    talks_b = _event(b, visit.id, "Business Council")
    ent.update(b, "event", talks_b.id, {"dress_code": "Lounge suit"})
    summary = import_bundle(a, export_bundle(b, visit.id, tmp_path / "b.json").path)
    assert summary.counts["events"].updated == 1
    assert summary.counts["events"].added == 0
    assert _event(a, visit.id, "Business Council").dress_code == "Lounge suit"
    # and the two laptops now agree on that row, timestamps included
    assert _event(a, visit.id, "Business Council").updated_at == _event(
        b, visit.id, "Business Council").updated_at


def test_local_edit_newer_than_the_bundle_is_left_alone(two_laptops, tmp_path):
    a, b, visit = two_laptops
    stale = export_bundle(b, visit.id, tmp_path / "b.json").path
    ev = _event(a, visit.id, "Business Council")
    ent.update(a, "event", ev.id, {"dress_code": "Edited here later"})
    ent.update(b, "event", _event(b, visit.id, "Hikvision").id, {"dress_code": "x"})
    summary = import_bundle(a, stale)
    assert not summary.changed
    assert _event(a, visit.id, "Business Council").dress_code == "Edited here later"
    newer = export_bundle(b, visit.id, tmp_path / "b2.json").path
    summary = import_bundle(a, newer)
    assert summary.counts["events"].kept == 1 and summary.counts["events"].updated == 1
    assert _event(a, visit.id, "Business Council").dress_code == "Edited here later"


def test_bundle_never_deletes_and_restores_rows_deleted_here(two_laptops, tmp_path):
    a, b, visit = two_laptops
    # Deleted on B: A keeps it.
    gone_on_b = _event(b, visit.id, "Hikvision")
    ent.delete(b, "event", gone_on_b.id)
    summary = import_bundle(a, export_bundle(b, visit.id, tmp_path / "b.json").path)
    assert not summary.changed
    assert _event(a, visit.id, "Hikvision")
    # Deleted on A: B's bundle still holds it, so it comes back (with its links).
    doomed = _event(a, visit.id, "Li Keqiang")
    people_before = links.participants(a, doomed.id)
    ent.delete(a, "event", doomed.id)
    summary = import_bundle(a, export_bundle(b, visit.id, tmp_path / "b2.json").path)
    assert summary.counts["events"].added == 1
    back = _event(a, visit.id, "Li Keqiang")
    assert back.uuid == doomed.uuid
    assert [p.uuid for p, _ in links.participants(a, back.id)] == [p.uuid for p, _ in people_before]


def test_rows_added_on_both_sides_are_all_kept(two_laptops, tmp_path):
    a, b, visit = two_laptops
    ent.create(a, "fact", visit.id, {"statement": "Added on A"})
    ent.create(b, "fact", visit.id, {"statement": "Added on B"})
    import_bundle(a, export_bundle(b, visit.id, tmp_path / "b.json").path)
    statements = {f.statement for f in ent.list_for_visit(a, "fact", visit.id)}
    assert {"Added on A", "Added on B"} <= statements


def test_same_link_made_on_both_laptops_merges_into_one(two_laptops, tmp_path):
    a, b, visit = two_laptops
    ev_a, ev_b = _event(a, visit.id, "Hikvision"), _event(b, visit.id, "Hikvision")
    person_uuid = ent.list_for_visit(a, "person", visit.id)[-1].uuid
    pa = next(p for p in ent.list_for_visit(a, "person", visit.id) if p.uuid == person_uuid)
    pb = next(p for p in ent.list_for_visit(b, "person", visit.id) if p.uuid == person_uuid)
    links.remove_participant(a, ev_a.id, pa.id)
    links.remove_participant(b, ev_b.id, pb.id)
    links.set_participant(a, ev_a.id, pa.id, "participant")
    links.set_participant(b, ev_b.id, pb.id, "interpreter")  # later: B's role wins
    summary = import_bundle(a, export_bundle(b, visit.id, tmp_path / "b.json").path)
    roles = [role for p, role in links.participants(a, ev_a.id) if p.id == pa.id]
    assert roles == ["interpreter"]
    assert summary.counts["participations"].added == 0


def test_version_number_taken_by_another_text_keeps_both(two_laptops, tmp_path):
    a, b, visit = two_laptops
    agr_a = ent.list_for_visit(a, "agreement", visit.id)[0]
    agr_b = next(x for x in ent.list_for_visit(b, "agreement", visit.id) if x.uuid == agr_a.uuid)
    ag.add_version(a, agr_a.id, "Text written on A")
    ag.add_version(b, agr_b.id, "Text written on B")
    summary = import_bundle(a, export_bundle(b, visit.id, tmp_path / "b.json").path)
    texts = [v.text for v in ag.versions(a, agr_a.id)]
    assert texts[-2:] == ["Text written on A", "Text written on B"]
    assert any("kept as version" in n for n in summary.notes)
    again = import_bundle(a, tmp_path / "b.json")
    assert not again.changed


def test_uuid_of_another_visit_is_refused_and_nothing_changes(demo_db, demo_db_path, tmp_path):
    visit = list_visits(demo_db)[0]
    copy = duplicate_visit(demo_db, visit.id, "Next visit", "2020-09-10")
    path = export_bundle(demo_db, copy.id, tmp_path / "v.json").path
    data = json.loads(path.read_text(encoding="utf-8"))
    data["visit"]["uuid"] = visit.uuid  # the copy's rows, claimed for the original visit
    write_json(path, data)
    demo_db.close()
    before = db_files_hash(demo_db_path)
    db = open_database(demo_db_path)
    with pytest.raises(ValidationError) as err:
        import_bundle(db, path)
    db.close()
    assert err.value.field == "visit_briefs[0].uuid"  # the first section after the visit
    assert "another visit" in err.value.reason
    assert db_files_hash(demo_db_path) == before


def test_visit_fields_and_principal_follow_the_newer_visit_row(two_laptops, tmp_path):
    a, b, visit = two_laptops
    people_b = ent.list_for_visit(b, "person", visit.id)
    new_principal = people_b[-1]
    ent.update(b, "visit", visit.id, {"notes": "Changed on B", "principal_id": new_principal.id})
    summary = import_bundle(a, export_bundle(b, visit.id, tmp_path / "b.json").path)
    assert summary.counts["visit"].updated == 1
    after = ent.get(a, "visit", visit.id)
    assert after.notes == "Changed on B"
    assert ent.get(a, "person", after.principal_id).uuid == new_principal.uuid
    assert after.updated_at == ent.get(b, "visit", visit.id).updated_at
    assert not import_bundle(a, tmp_path / "b.json").changed
