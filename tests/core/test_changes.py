"""Change sets and reversals: every operation says what it touched and how to undo it."""

from __future__ import annotations

from typing import Any

import pytest

from briefing_app.core.errors import ConflictError
from briefing_app.core.ops import agreements, changes, entities, links
from tests.core.helpers import make_event, make_person, make_visit


def _ours(*steps: changes.Step[Any]) -> dict[changes.RowKey, int]:
    out: dict[changes.RowKey, int] = {}
    for step in steps:
        for key, (_before, after) in step.changes.rows.items():
            if after is not None:
                out[key] = after
    return out


def test_update_reports_its_rows_and_reverses_exactly(db: Any) -> None:
    visit = make_visit(db)
    ev = make_event(db, visit.id)
    step = changes.run(entities.update, db, "event", ev.id, {"title": "Renamed",
                                                            "start_local": "2019-09-11 09:00"},
                       expected_version=ev.row_version)
    assert step.value.title == "Renamed"
    assert step.changes.kinds == {"event"}
    assert step.changes.ids("event") == {ev.id}
    assert step.changes.rows[("events", ev.id)] == (ev.row_version, ev.row_version + 1)
    assert step.changes.touches({"event"}) and not step.changes.touches({"agreement"})
    back = step.reverse.apply(db)
    again = entities.get(db, "event", ev.id)
    assert (again.title, again.starts_at, again.ends_at, again.tz) == \
        (ev.title, ev.starts_at, ev.ends_at, ev.tz)
    assert again.row_version == ev.row_version + 2  # versions never go back
    back.reverse.apply(db)
    assert entities.get(db, "event", ev.id).title == "Renamed"


def test_two_edits_of_one_record_undo_in_turn(db: Any) -> None:
    """The regression of issue 8 §2 at the core: undoing the later edit moves the
    version on, and the earlier edit's undo still applies (its row is as it left it)."""
    visit = make_visit(db)
    ag = entities.create(db, "agreement", visit.id, {"title": "A"})
    s1 = changes.run(entities.update, db, "agreement", ag.id, {"title": "B"},
                     expected_version=ag.row_version)
    s2 = changes.run(entities.update, db, "agreement", ag.id, {"title": "C"},
                     expected_version=s1.value.row_version)
    s3 = changes.run(entities.update, db, "agreement", ag.id, {"lead_agency": "MFA"},
                     expected_version=s2.value.row_version)
    ours = _ours(s1, s2, s3)
    r3 = s3.reverse.apply(db, ours)
    ours |= _ours(r3)
    r2 = s2.reverse.apply(db, ours)
    ours |= _ours(r2)
    r1 = s1.reverse.apply(db, ours)
    ours |= _ours(r1)
    now = entities.get(db, "agreement", ag.id)
    assert (now.title, now.lead_agency) == ("A", ag.lead_agency)
    for redo in (r1, r2, r3):
        ours |= _ours(redo.reverse.apply(db, ours))
    now = entities.get(db, "agreement", ag.id)
    assert (now.title, now.lead_agency) == ("C", "MFA")


def test_undo_refused_after_a_write_elsewhere(db: Any) -> None:
    visit = make_visit(db)
    person = make_person(db, visit.id)
    s1 = changes.run(entities.update, db, "person", person.id, {"title": "Chairman"})
    entities.update(db, "person", person.id, {"biography": "someone else"})
    with pytest.raises(ConflictError, match="changed elsewhere"):
        s1.reverse.apply(db, _ours(s1))
    assert entities.get(db, "person", person.id).title == "Chairman"


def test_content_at_a_version_not_ours_is_refused(db: Any) -> None:
    """Another window writes the row and writes it back: same content, but not our
    version, so it is someone else's change and the undo is refused."""
    visit = make_visit(db)
    person = make_person(db, visit.id)
    s1 = changes.run(entities.update, db, "person", person.id, {"title": "Chairman"})
    entities.update(db, "person", person.id, {"title": "X"})
    entities.update(db, "person", person.id, {"title": "Chairman"})
    with pytest.raises(ConflictError):
        s1.reverse.apply(db, _ours(s1))


def test_delete_takes_cascades_along_and_undo_brings_them_back(db: Any) -> None:
    visit = make_visit(db)
    ev = make_event(db, visit.id)
    person = make_person(db, visit.id)
    links.set_participant(db, ev.id, person.id, "principal")
    tp = entities.create(db, "talking_point", visit.id, {"heading": "Trade", "text": "t"})
    links.link_point(db, ev.id, tp.id)
    step = changes.run(entities.delete, db, "event", ev.id, expected_version=ev.row_version)
    assert {"event", "participation", "event_talking_point", "person",
            "talking_point"} <= step.changes.kinds
    assert step.changes.ids("person") == {person.id}
    assert links.participants(db, ev.id) == []
    back = step.reverse.apply(db)
    assert entities.get(db, "event", ev.id) == ev
    assert [(p.id, r) for p, r in links.participants(db, ev.id)] == [(person.id, "principal")]
    assert [t.id for t in links.points_of_event(db, ev.id)] == [tp.id]
    back.reverse.apply(db)
    with pytest.raises(Exception, match="does not exist"):
        entities.get(db, "event", ev.id)


def test_create_undo_refused_once_the_row_changed_elsewhere(db: Any) -> None:
    visit = make_visit(db)
    step = changes.run(entities.create, db, "fact", visit.id, {"statement": "Trade"})
    entities.update(db, "fact", step.value.id, {"statement": "Trade 2018"})
    with pytest.raises(ConflictError):
        step.reverse.apply(db, _ours(step))
    assert entities.get(db, "fact", step.value.id).statement == "Trade 2018"


def test_status_change_and_new_text_reverse_with_their_rows(db: Any) -> None:
    visit = make_visit(db)
    ag = entities.create(db, "agreement", visit.id, {"title": "MoU"})
    target = agreements.allowed_next(ag.status)[0].value
    step = changes.run(agreements.change_status_recorded, db, ag.id, target)
    assert "agreement_status_change" in step.changes.kinds and "agreement" in step.changes.kinds
    step.reverse.apply(db, _ours(step))
    assert agreements.status_history(db, ag.id) == []
    assert entities.get(db, "agreement", ag.id).status == ag.status
    mine = changes.run(agreements.add_version, db, ag.id, "Ours")
    agreements.add_version(db, ag.id, "Theirs")  # another window: the agreement moved on
    with pytest.raises(ConflictError):
        mine.reverse.apply(db, _ours(mine))
    assert [v.text for v in agreements.versions(db, ag.id)] == ["Ours", "Theirs"]


def test_a_refused_reversal_changes_nothing(db: Any) -> None:
    visit = make_visit(db)
    ev = make_event(db, visit.id)
    other = make_event(db, visit.id, title="Lunch")
    both = changes.run(_rename_both, db, ev.id, other.id)
    entities.update(db, "event", other.id, {"title": "elsewhere"})
    with pytest.raises(ConflictError):
        both.reverse.apply(db, _ours(both))
    assert entities.get(db, "event", ev.id).title == "One"  # not half undone


def _rename_both(db: Any, a: int, b: int) -> None:
    with db.write() as s:
        from briefing_app.core.ops import registry as reg

        reg.fetch(s, "event", a).title = "One"
        reg.fetch(s, "event", b).title = "Two"


def test_deleting_the_principal_undoes_with_the_visit_pointing_at_them_again(db: Any) -> None:
    """The visit's principal is a person of the visit (a reference cycle): undo must
    bring the person back before the visit points at them again."""
    visit = make_visit(db)
    person = make_person(db, visit.id)
    entities.update(db, "visit", visit.id, {"principal_id": person.id})
    step = changes.run(entities.delete, db, "person", person.id)
    assert entities.get(db, "visit", visit.id).principal_id is None
    assert ("visits", visit.id) in step.changes.rows
    redo = step.reverse.apply(db, _ours(step))
    assert entities.get(db, "visit", visit.id).principal_id == person.id
    assert entities.get(db, "person", person.id).native_name == person.native_name
    redo.reverse.apply(db, _ours(step, redo))
    assert entities.get(db, "visit", visit.id).principal_id is None


def test_an_operation_that_reads_before_it_writes_is_recorded(db: Any) -> None:
    """A read transaction first (e.g. a check of the input) must not claim the
    operation's recorder: the write after it is the one recorded and reversed."""
    visit = make_visit(db)
    ev = make_event(db, visit.id, title="Before")

    def read_then_rename(database: Any, event_id: int) -> None:
        entities.get(database, "event", event_id)  # its own read transaction
        entities.update(database, "event", event_id, {"title": "After"})

    step = changes.run(read_then_rename, db, ev.id)
    assert step.changes.ids("event") == {ev.id}
    step.reverse.apply(db)
    assert entities.get(db, "event", ev.id).title == "Before"


def test_reordering_points_flushed_only_at_commit_is_recorded(db: Any) -> None:
    visit = make_visit(db)
    ev = make_event(db, visit.id)
    a = entities.create(db, "talking_point", visit.id, {"text": "First"})
    b = entities.create(db, "talking_point", visit.id, {"text": "Second"})
    links.link_points(db, ev.id, [a.id, b.id])
    step = changes.run(links.reorder_points, db, ev.id, [b.id, a.id])
    assert [p.id for p in links.points_of_event(db, ev.id)] == [b.id, a.id]
    step.reverse.apply(db)
    assert [p.id for p in links.points_of_event(db, ev.id)] == [a.id, b.id]


def test_every_table_reports_its_declared_kind_and_items_do_not_touch_their_parents(db: Any) -> None:
    """A gift edit is a gift's change: the programme, brief and timeline (which show
    events and people) must not reload for it on a 5,000-event visit; a link row (a
    participant) still touches the event and person it joins."""
    from briefing_app.core.kinds import KINDS

    for kind in KINDS:
        assert changes.kind_of(kind.table.name) == kind.name
    visit = make_visit(db)
    ev = make_event(db, visit.id)
    person = make_person(db, visit.id)
    gift = entities.create(db, "gift", visit.id, {"description": "Vase", "event_id": ev.id,
                                                   "giver_id": person.id})
    step = changes.run(entities.update, db, "gift", gift.id, {"description": "Carpet"},
                       expected_version=gift.row_version)
    assert step.changes.kinds == {"gift"}
    assert step.changes.ids("gift") == {gift.id}
    assert not step.changes.touches({"event", "person", "venue"})
    joined = changes.run(links.set_participant, db, ev.id, person.id)
    assert {"participation", "event", "person"} <= joined.changes.kinds


def test_a_refused_undo_names_the_kind_as_the_user_knows_it(db: Any) -> None:
    visit = make_visit(db)
    ev = make_event(db, visit.id)
    person = make_person(db, visit.id)
    joined = changes.run(links.set_participant, db, ev.id, person.id)
    links.remove_participant(db, ev.id, person.id)
    with pytest.raises(ConflictError, match="this participant was deleted elsewhere"):
        joined.reverse.apply(db)
