"""Operations: each a whole change in one transaction, validated, returning plain data."""

from datetime import UTC, datetime

import pytest

from briefing_app.core.errors import ConflictError, NotFoundError, ValidationError
from briefing_app.core.ops import agreements as ag
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops import links
from briefing_app.core.ops.visits import duplicate_visit, find_visit, list_visits
from briefing_app.core.records import EventRecord, VisitRecord
from tests.core.helpers import make_event, make_person, make_visit


def test_create_returns_plain_records_with_uuid_and_utc_stamps(db):
    visit = make_visit(db)
    assert isinstance(visit, VisitRecord)
    assert len(visit.uuid) == 36
    assert visit.created_at.tzinfo is not None and visit.updated_at.tzinfo is not None
    ev = make_event(db, visit.id)
    assert isinstance(ev, EventRecord)
    assert ev.starts_at == datetime(2019, 9, 11, 2, 0, tzinfo=UTC)


def test_event_ending_before_it_starts_is_refused(db):
    visit = make_visit(db)
    with pytest.raises(ValidationError) as err:
        make_event(db, visit.id, start="2019-09-11 10:00", end="2019-09-11 09:00")
    assert err.value.field == "end"
    ev = make_event(db, visit.id)
    with pytest.raises(ValidationError):
        ent.update(db, "event", ev.id, {"end_local": "2019-09-11 09:59"})
    assert ent.list_for_visit(db, "event", visit.id) == [ev]


def test_flight_lands_in_another_zone(db):
    visit = make_visit(db)
    ev = make_event(db, visit.id, "Flight", "2019-09-10 12:00", "2019-09-10 18:40",
                    tz="Asia/Almaty", end_tz="Asia/Shanghai", event_type="flight")
    assert (ev.ends_at - ev.starts_at).total_seconds() == 4 * 3600 + 40 * 60


def test_event_in_dst_gap_is_refused(db):
    visit = make_visit(db)
    with pytest.raises(ValidationError, match="does not exist"):
        make_event(db, visit.id, start="2019-03-31 02:30", end="2019-03-31 04:00", tz="Europe/Berlin")


def test_changing_the_zone_keeps_the_wall_clock_typed(db):
    visit = make_visit(db)
    ev = make_event(db, visit.id)
    moved = ent.update(db, "event", ev.id, {"tz": "Asia/Almaty", "start_local": "2019-09-11 10:00",
                                             "end_local": "2019-09-11 11:00"}, ev.row_version)
    assert moved.starts_at == datetime(2019, 9, 11, 4, 0, tzinfo=UTC)
    assert moved.row_version == ev.row_version + 1


def test_stale_edit_is_detected_not_overwritten(db):
    visit = make_visit(db)
    ev = make_event(db, visit.id)
    ent.update(db, "event", ev.id, {"title": "First edit"}, ev.row_version)
    with pytest.raises(ConflictError, match="changed elsewhere"):
        ent.update(db, "event", ev.id, {"title": "Second edit"}, ev.row_version)
    assert ent.get(db, "event", ev.id).title == "First edit"


def test_references_must_stay_inside_the_visit(db):
    a, b = make_visit(db), make_visit(db, title="Other visit")
    venue_b = ent.create(db, "venue", b.id, {"name": "Hall", "tz": "Asia/Shanghai"})
    with pytest.raises(ValidationError, match="not part of this visit"):
        make_event(db, a.id, venue_id=venue_b.id)
    person_b = make_person(db, b.id)
    ev = make_event(db, a.id)
    with pytest.raises(ValidationError, match="another visit"):
        links.set_participant(db, ev.id, person_b.id, "host")
    with pytest.raises(ValidationError):
        ent.update(db, "visit", a.id, {"principal_id": person_b.id})


def test_visit_dates_must_be_in_order(db):
    with pytest.raises(ValidationError, match="ends before it starts"):
        make_visit(db, start_date="2019-09-12", end_date="2019-09-10")


def test_unknown_rows_raise_not_found(db):
    with pytest.raises(NotFoundError):
        ent.update(db, "event", 999, {"title": "x"})
    with pytest.raises(NotFoundError):
        ent.delete(db, "person", 999)


def test_delete_event_and_undo_brings_back_participants_points_and_references(db):
    visit = make_visit(db)
    ev = make_event(db, visit.id)
    xi = make_person(db, visit.id)
    links.set_participant(db, ev.id, xi.id, "host")
    p1 = ent.create(db, "talking_point", visit.id, {"text": "Transit"})
    p2 = ent.create(db, "talking_point", visit.id, {"text": "Digital"})
    links.link_point(db, ev.id, p1.id)
    links.link_point(db, ev.id, p2.id, position=0)
    agreement = ent.create(db, "agreement", visit.id, {"title": "MoU", "signing_event_id": ev.id})
    tomb = ent.delete(db, "event", ev.id)
    assert ent.list_for_visit(db, "event", visit.id) == []
    assert ent.get(db, "agreement", agreement.id).signing_event_id is None
    assert links.participants(db, ev.id) == []
    ent.undelete(db, tomb)
    assert ent.get(db, "event", ev.id) == ev
    assert [(p.id, role) for p, role in links.participants(db, ev.id)] == [(xi.id, "host")]
    assert [p.text for p in links.points_of_event(db, ev.id)] == ["Digital", "Transit"]
    assert ent.get(db, "agreement", agreement.id).signing_event_id == ev.id


def test_delete_principal_clears_and_undo_restores_it(db):
    visit = make_visit(db)
    boss = make_person(db, visit.id, "Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev")
    ent.update(db, "visit", visit.id, {"principal_id": boss.id})
    tomb = ent.delete(db, "person", boss.id)
    assert ent.get(db, "visit", visit.id).principal_id is None
    ent.undelete(db, tomb)
    assert ent.get(db, "visit", visit.id).principal_id == boss.id


def test_delete_visit_removes_everything_and_undo_restores_it(db):
    visit = make_visit(db)
    boss = make_person(db, visit.id)
    ent.update(db, "visit", visit.id, {"principal_id": boss.id})
    ev = make_event(db, visit.id)
    links.set_participant(db, ev.id, boss.id, "principal")
    tomb = ent.delete(db, "visit", visit.id)
    assert list_visits(db) == []
    ent.undelete(db, tomb)
    assert list_visits(db)[0].principal_id == boss.id
    assert links.events_of_person(db, boss.id)[0][1] == "principal"


def test_reorder_points_requires_exactly_the_linked_points(db):
    visit = make_visit(db)
    ev = make_event(db, visit.id)
    ids = [ent.create(db, "talking_point", visit.id, {"text": t}).id for t in "ABC"]
    for i in ids:
        links.link_point(db, ev.id, i)
    links.reorder_points(db, ev.id, [ids[2], ids[0], ids[1]])
    assert [p.text for p in links.points_of_event(db, ev.id)] == ["C", "A", "B"]
    with pytest.raises(ValidationError):
        links.reorder_points(db, ev.id, [ids[0], ids[1]])
    with pytest.raises(ValidationError):
        links.reorder_points(db, ev.id, [ids[0], ids[0], ids[1]])
    assert [e.id for e in links.events_using_point(db, ids[0])] == [ev.id]


def test_facts_reach_an_event_directly_and_through_its_points(db):
    visit = make_visit(db)
    ev = make_event(db, visit.id)
    tp = ent.create(db, "talking_point", visit.id, {"text": "Trade"})
    f1 = ent.create(db, "fact", visit.id, {"statement": "Trade 2018", "value": 11.7, "unit": "bn US$",
                                           "as_of": "2018-12-31", "source": "National Bank"})
    f2 = ent.create(db, "fact", visit.id, {"statement": "Border", "value": 1700, "unit": "km"})
    links.link_fact_to_event(db, ev.id, f2.id)
    links.link_fact_to_point(db, tp.id, f1.id)
    links.link_point(db, ev.id, tp.id)
    assert [f.id for f in links.facts_of_event(db, ev.id)] == [f2.id, f1.id]
    assert links.unlink_fact_from_point(db, tp.id, f1.id)
    assert [f.id for f in links.facts_of_event(db, ev.id)] == [f2.id]


def test_agreement_workflow_records_history_and_refuses_skips(db):
    visit = make_visit(db)
    a = ent.create(db, "agreement", visit.id, {"title": "Supercomputer"})
    assert a.status == "draft"
    with pytest.raises(ValidationError, match="cannot go from draft to signed"):
        ag.change_status(db, a.id, "signed")
    for status in ("under negotiation", "agreed", "initialled", "signed"):
        a = ag.change_status(db, a.id, status, note=f"now {status}")
    assert [h.status for h in ag.status_history(db, a.id)] == [
        "under negotiation", "agreed", "initialled", "signed"]
    assert ag.allowed_next("signed") == ()
    with pytest.raises(ValidationError, match="final"):
        ag.change_status(db, a.id, "dropped")


def test_agreement_versions_and_diff(db):
    visit = make_visit(db)
    a = ent.create(db, "agreement", visit.id, {"title": "Supercomputer"})
    ag.add_version(db, a.id, "Article 1\nTransfer.\nArticle 2\nTwelve months.", author="MDDIAI")
    v2 = ag.add_version(db, a.id, "Article 1\nTransfer free of charge.\nArticle 2\nTwelve months.\nArticle 3")
    assert v2.number == 2
    diff = ag.diff_versions(db, a.id, 1, 2)
    assert diff.changed
    tags = [(r.tag, r.left, r.right) for r in diff.rows]
    assert ("replace", "Transfer.", "Transfer free of charge.") in tags
    assert ("insert", "", "Article 3") in tags
    assert "+Article 3" in diff.unified
    assert not ag.diff_versions(db, a.id, 2, 2).changed
    with pytest.raises(NotFoundError):
        ag.diff_versions(db, a.id, 1, 3)


def test_signatories_keep_order_and_refuse_duplicates(db):
    visit = make_visit(db)
    a = ent.create(db, "agreement", visit.id, {"title": "Joint statement"})
    xi = make_person(db, visit.id)
    kt = make_person(db, visit.id, "Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev")
    ag.set_signatories(db, a.id, [kt.id, xi.id])
    assert [p.id for p in ag.signatories(db, a.id)] == [kt.id, xi.id]
    with pytest.raises(ValidationError, match="twice"):
        ag.set_signatories(db, a.id, [xi.id, xi.id])


def test_find_visit_by_id_uuid_and_unique_fragment(db):
    a = make_visit(db, title="State visit to China")
    make_visit(db, title="Working visit to China")
    assert find_visit(db, str(a.id)) == a
    assert find_visit(db, a.uuid) == a
    assert find_visit(db, "state") == a
    with pytest.raises(NotFoundError, match="matches 2 visits"):
        find_visit(db, "china")
    with pytest.raises(NotFoundError, match="no visit matches"):
        find_visit(db, "Mars")


def test_duplicate_visit_shifts_events_and_resets_agreements(demo_db):
    source = list_visits(demo_db)[0]
    copy = duplicate_visit(demo_db, source.id, "Next state visit", "2020-09-10")
    assert copy.uuid != source.uuid
    assert (copy.start_date.isoformat(), copy.end_date.isoformat()) == ("2020-09-10", "2020-09-12")
    old = ent.list_for_visit(demo_db, "event", source.id)
    new = ent.list_for_visit(demo_db, "event", copy.id)
    assert [e.title for e in new] == [e.title for e in old]
    assert all(n.uuid != o.uuid for n, o in zip(new, old, strict=True))
    assert new[0].starts_at.year == 2020
    agreements = ent.list_for_visit(demo_db, "agreement", copy.id)
    assert {a.status for a in agreements} == {"draft"}
    assert ent.get(demo_db, "person", copy.principal_id).latin_name == "Kassym-Jomart Tokayev"


def test_a_failing_operation_writes_nothing(db, monkeypatch):
    visit = make_visit(db)
    import briefing_app.core.ops.agreements as mod

    def boom(*a, **k):
        raise RuntimeError("disk on fire")

    a = ent.create(db, "agreement", visit.id, {"title": "MoU"})
    monkeypatch.setattr(mod.M, "AgreementStatusChange", boom)
    with pytest.raises(RuntimeError):
        ag.change_status(db, a.id, "under negotiation")
    assert ent.get(db, "agreement", a.id).status == "draft"


def test_undo_status_change_restores_the_previous_status(db):
    visit = make_visit(db)
    a = ent.create(db, "agreement", visit.id, {"title": "Supercomputer"})
    for status in ("under negotiation", "agreed", "signed"):
        ag.change_status(db, a.id, status)
    history = ag.status_history(db, a.id)
    with pytest.raises(ValidationError, match="latest"):
        ag.undo_status_change(db, a.id, history[0].id)
    back = ag.undo_status_change(db, a.id, history[-1].id)
    assert back.status == "agreed"
    assert [h.status for h in ag.status_history(db, a.id)] == ["under negotiation", "agreed"]
    ag.undo_status_change(db, a.id, ag.status_history(db, a.id)[-1].id)
    first = ag.undo_status_change(db, a.id, ag.status_history(db, a.id)[-1].id)
    assert first.status == "draft" and ag.status_history(db, a.id) == []


def test_remove_latest_version_only(db):
    visit = make_visit(db)
    a = ent.create(db, "agreement", visit.id, {"title": "MoU"})
    ag.add_version(db, a.id, "one")
    ag.add_version(db, a.id, "two")
    with pytest.raises(ValidationError, match="not the newest"):
        ag.remove_latest_version(db, a.id, 1)
    assert ag.remove_latest_version(db, a.id, 2).text == "two"
    assert [v.number for v in ag.versions(db, a.id)] == [1]
    assert ag.add_version(db, a.id, "again").number == 2


def test_cited_facts_say_which_are_cited_directly(db):
    visit = make_visit(db)
    ev = make_event(db, visit.id)
    tp = ent.create(db, "talking_point", visit.id, {"text": "Trade"})
    direct = ent.create(db, "fact", visit.id, {"statement": "Border 1,700 km"})
    through = ent.create(db, "fact", visit.id, {"statement": "Trade 11.7 bn"})
    links.link_fact_to_event(db, ev.id, direct.id)
    links.link_fact_to_point(db, tp.id, through.id)
    links.link_point(db, ev.id, tp.id)
    assert [(f.id, d) for f, d in links.cited_facts(db, ev.id)] == [(direct.id, True), (through.id, False)]


def test_duplicate_event_copies_everything_in_one_step_and_undoes(db):
    from briefing_app.core.ops.events import duplicate_event

    visit = make_visit(db)
    ev = make_event(db, visit.id, objectives="Agree the joint statement")
    xi = make_person(db, visit.id)
    links.set_participant(db, ev.id, xi.id, "host")
    tp = ent.create(db, "talking_point", visit.id, {"text": "Transit"})
    links.link_point(db, ev.id, tp.id)
    fact = ent.create(db, "fact", visit.id, {"statement": "Trade"})
    links.link_fact_to_event(db, ev.id, fact.id)
    copy, tomb = duplicate_event(db, ev.id)
    assert copy.id != ev.id and copy.uuid != ev.uuid
    assert copy.title == "Talks (copy)" and copy.objectives == "Agree the joint statement"
    assert (copy.starts_at, copy.ends_at) == (ev.starts_at, ev.ends_at)
    assert [(p.id, r) for p, r in links.participants(db, copy.id)] == [(xi.id, "host")]
    assert [p.id for p in links.points_of_event(db, copy.id)] == [tp.id]
    assert [f.id for f in links.facts_of_event(db, copy.id)] == [fact.id]
    ent.delete(db, "event", copy.id)
    assert len(ent.list_for_visit(db, "event", visit.id)) == 1
    ent.undelete(db, tomb)
    assert [(p.id, r) for p, r in links.participants(db, copy.id)] == [(xi.id, "host")]


def test_new_point_in_event_is_one_step(db):
    from briefing_app.core.ops.events import new_point_in_event

    visit = make_visit(db)
    ev = make_event(db, visit.id)
    first = ent.create(db, "talking_point", visit.id, {"text": "First"})
    links.link_point(db, ev.id, first.id)
    tp, tomb = new_point_in_event(db, ev.id, {"text": "Astana Hub"}, position=0)
    assert [p.text for p in links.points_of_event(db, ev.id)] == ["Astana Hub", "First"]
    with pytest.raises(ValidationError):
        new_point_in_event(db, ev.id, {"text": "  "})
    ent.delete(db, "talking_point", tp.id)
    assert [p.text for p in links.points_of_event(db, ev.id)] == ["First"]
    ent.undelete(db, tomb)
    assert [p.text for p in links.points_of_event(db, ev.id)] == ["Astana Hub", "First"]


def test_change_status_recorded_returns_its_history_entry(db):
    visit = make_visit(db)
    a = ent.create(db, "agreement", visit.id, {"title": "MoU"})
    rec, change = ag.change_status_recorded(db, a.id, "under negotiation", note="opened")
    assert rec.status == change.status == "under negotiation"
    assert ag.status_history(db, a.id)[-1].id == change.id
    assert ag.undo_status_change(db, a.id, change.id).status == "draft"


def test_several_links_at_once_are_all_or_nothing(db):
    other = make_visit(db, title="Other visit")
    visit = make_visit(db)
    ev = make_event(db, visit.id)
    people = [make_person(db, visit.id, f"Адам {i}", f"Person {i}").id for i in range(3)]
    stranger = make_person(db, other.id).id
    with pytest.raises(ValidationError):
        links.add_participants(db, ev.id, [*people, stranger], "participant")
    assert links.participants(db, ev.id) == []
    links.add_participants(db, ev.id, people, "note-taker")
    assert [(p.id, r) for p, r in links.participants(db, ev.id)] == [(i, "note-taker") for i in people]
    assert links.remove_participants(db, ev.id, people[:2]) == 2
    points = [ent.create(db, "talking_point", visit.id, {"text": t}).id for t in "AB"]
    links.link_points(db, ev.id, points)
    assert [p.text for p in links.points_of_event(db, ev.id)] == ["A", "B"]
    assert links.unlink_points(db, ev.id, points) == 2
    facts = [ent.create(db, "fact", visit.id, {"statement": t}).id for t in "XY"]
    links.link_facts_to_event(db, ev.id, facts)
    assert [f.id for f in links.facts_of_event(db, ev.id)] == facts
    assert links.unlink_facts_from_event(db, ev.id, facts) == 2
