"""Press Q&A, a kind of item of a visit: validated, undoable, searchable, exchanged in
bundles, copied with a visit (as drafts), loaded for the pack in the user's order."""

from __future__ import annotations

import json

import pytest

from briefing_app.core.errors import ValidationError
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops.visits import duplicate_visit, list_visits
from briefing_app.core.pack_data import load_pack_data
from briefing_app.core.search import search
from tests.core.helpers import make_event, make_visit


def test_create_update_delete_and_undo(db):
    v = make_visit(db)
    ev = make_event(db, v.id)
    qa = ent.create(db, "press_qa", v.id, {"question": "Will trade double?", "answer": "Yes.",
                                           "event_id": ev.id, "topics": "trade"})
    assert qa.status == "draft" and qa.event_id == ev.id and qa.topic_list == ["trade"]
    qa = ent.update(db, "press_qa", qa.id, {"status": "approved"}, expected_version=1)
    assert qa.status == "approved"
    tomb = ent.delete(db, "press_qa", qa.id, expected_version=qa.row_version)
    assert ent.list_for_visit(db, "press_qa", v.id) == []
    ent.undelete(db, tomb)
    back = ent.get(db, "press_qa", qa.id)
    assert (back.uuid, back.status, back.event_id) == (qa.uuid, "approved", ev.id)


def test_deleting_its_event_unlinks_it_and_undo_links_it_again(db):
    v = make_visit(db)
    ev = make_event(db, v.id)
    qa = ent.create(db, "press_qa", v.id, {"question": "Q?", "event_id": ev.id})
    tomb = ent.delete(db, "event", ev.id)
    assert ent.get(db, "press_qa", qa.id).event_id is None  # a general question now
    ent.undelete(db, tomb)
    assert ent.get(db, "press_qa", qa.id).event_id == ev.id


def test_validation(db):
    v = make_visit(db)
    other = make_visit(db, title="Another visit")
    foreign = make_event(db, other.id)
    with pytest.raises(ValidationError, match="question"):
        ent.create(db, "press_qa", v.id, {"answer": "An answer without a question"})
    with pytest.raises(ValidationError, match="status"):
        ent.create(db, "press_qa", v.id, {"question": "Q?", "status": "cleared"})
    with pytest.raises(ValidationError, match="not part of this visit"):
        ent.create(db, "press_qa", v.id, {"question": "Q?", "event_id": foreign.id})
    with pytest.raises(ValidationError, match="not a field"):
        ent.create(db, "press_qa", v.id, {"question": "Q?", "restricted": True})


def test_search_finds_questions_and_answers_in_any_script(db):
    v = make_visit(db)
    qa = ent.create(db, "press_qa", v.id, {"question": "阿里巴巴 and e-commerce?",
                                           "answer": "Тоқаев visited the campus."})
    assert [(h.kind, h.row_id) for h in search(db, "阿里", v.id)] == [("press_qa", qa.id)]
    assert [h.kind for h in search(db, "тоқаев", v.id)] == ["press_qa"]
    ent.delete(db, "press_qa", qa.id)
    assert search(db, "阿里巴巴", v.id) == []


def test_new_event_and_visit_fields_are_searchable(db):
    v = make_visit(db, press_contacts="Press secretary PRESSDESKALPHA")
    make_event(db, v.id, accreditation_point="Gate ACCREDGAMMA", media_notes="Pool POOLDELTA")
    assert [h.kind for h in search(db, "PRESSDESKALPHA", v.id)] == ["visit"]
    assert [h.kind for h in search(db, "ACCREDGAMMA", v.id)] == ["event"]
    assert [h.kind for h in search(db, "POOLDELTA", v.id)] == ["event"]


def test_duplicate_visit_copies_them_as_drafts(db):
    v = make_visit(db)
    ev = make_event(db, v.id, press_line="Good talks", press_line_status="approved")
    ent.create(db, "press_qa", v.id, {"question": "Q?", "status": "approved", "event_id": ev.id})
    copy = duplicate_visit(db, v.id, "Next visit", "2020-09-10")
    (qa,) = ent.list_for_visit(db, "press_qa", copy.id)
    (ev2,) = ent.list_for_visit(db, "event", copy.id)
    assert qa.status == "draft" and qa.event_id == ev2.id
    assert ev2.press_line == "Good talks" and ev2.press_line_status == "draft"


def test_pack_data_holds_them_in_the_users_order(db):
    v = make_visit(db)
    for n, q in ((2, "second"), (1, "first")):
        ent.create(db, "press_qa", v.id, {"question": q, "sort_order": n})
    assert [q.question for q in load_pack_data(db, v.id).press_qas] == ["first", "second"]


def test_the_demo_has_cleared_and_draft_questions(demo_db):
    visit = list_visits(demo_db)[0]
    qas = ent.list_for_visit(demo_db, "press_qa", visit.id)
    assert {q.status for q in qas} == {"approved", "draft"}
    assert any(q.event_id for q in qas) and any(q.event_id is None for q in qas)


def test_a_bundle_from_before_press_qa_still_imports(demo_db, db, tmp_path):
    """A colleague's older app writes no press fields and no press_qas section."""
    from briefing_app.interop.bundle_export import export_bundle
    from briefing_app.interop.bundle_merge import import_bundle

    visit = list_visits(demo_db)[0]
    path = export_bundle(demo_db, visit.id, tmp_path / "v.json").path
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["press_qas"]
    for key in ("press_marking", "press_embargo", "press_contacts", "duty_contacts"):
        del data["visit"][key]
    for row in data["people"]:
        del row["public_biography"]
    for row in data["events"]:
        for key in ("press_line_status", "photo_opportunity", "accreditation_point",
                    "media_notes"):
            del row[key]
    path.write_text(json.dumps(data), encoding="utf-8")
    summary = import_bundle(db, path)
    got = ent.get(db, "visit", summary.visit_id)
    assert got.press_marking == "PUBLIC" and got.duty_contacts == ""
    events = ent.list_for_visit(db, "event", summary.visit_id)
    assert events and all(e.press_line_status == "draft" for e in events)
