"""The demo visit: the interview's programme, people, figures and agreements, loaded once."""

from datetime import UTC, datetime

from briefing_app.core.demo import load_demo
from briefing_app.core.facts import is_stale
from briefing_app.core.ops import agreements as ag
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops import links
from briefing_app.core.ops.visits import list_visits
from briefing_app.core.programme import load_programme


def _visit(db):
    (visit,) = list_visits(db)
    return visit


def test_loading_twice_changes_nothing(demo_db):
    before = {k: ent.list_for_visit(demo_db, k, _visit(demo_db).id)
              for k in ("event", "person", "talking_point", "fact", "agreement", "venue")}
    visit, created = load_demo(demo_db)
    assert not created
    assert len(list_visits(demo_db)) == 1
    after = {k: ent.list_for_visit(demo_db, k, visit.id) for k in before}
    assert after == before


def test_visit_frame(demo_db):
    v = _visit(demo_db)
    assert (v.start_date.isoformat(), v.end_date.isoformat()) == ("2019-09-10", "2019-09-12")
    assert v.home_tz == "Asia/Almaty" and v.visit_type == "state visit"
    assert ent.get(demo_db, "person", v.principal_id).native_name == "Қасым-Жомарт Тоқаев"


def test_programme_has_the_interviews_events_in_shanghai_time(demo_db):
    v = _visit(demo_db)
    titles = " | ".join(e.title for e in ent.list_for_visit(demo_db, "event", v.id))
    for expected in ("Arrival in Beijing", "Official welcome", "restricted format", "extended format",
                     "Signing ceremony", "Li Keqiang", "Li Zhanshu", "Sixth meeting of the Kazakh-Chinese Business Council",
                     "Chinese Academy of Social Sciences", "Transfer to Hangzhou", "Jack Ma",
                     "Hikvision", "Departure"):
        assert expected in titles
    talks = next(e for e in ent.list_for_visit(demo_db, "event", v.id) if "restricted" in e.title)
    assert talks.tz == "Asia/Shanghai"
    assert talks.starts_at == datetime(2019, 9, 11, 2, 0, tzinfo=UTC)
    prog = load_programme(demo_db, v.id)
    item = next(i for d in prog.days for i in d.items if i.event.id == talks.id)
    assert (item.start.venue.hour, item.start.home.hour) == (10, 8)  # UTC+8 vs UTC+6 in 2019
    assert [d.day.day for d in prog.days] == [10, 11, 12]


def test_people_in_native_script(demo_db):
    names = {p.native_name for p in ent.list_for_visit(demo_db, "person", _visit(demo_db).id)}
    assert {"Қасым-Жомарт Тоқаев", "习近平", "李克强", "栗战书", "马云"} <= names


def test_briefs_and_talking_points(demo_db):
    v = _visit(demo_db)
    talks = next(e for e in ent.list_for_visit(demo_db, "event", v.id) if "restricted" in e.title)
    for field in ("objectives", "their_objectives", "our_response", "if_raised", "press_line",
                  "background", "background_nfd"):
        assert getattr(talks, field).strip(), field
    points = " ".join(p.text for p in links.points_of_event(demo_db, talks.id))
    assert "Nurly Zhol" in points and "Astana Hub" in points
    library = ent.list_for_visit(demo_db, "talking_point", v.id)
    topics = " ".join(p.topics for p in library)
    for topic in ("transit", "digital", "agriculture", "finance", "water", "culture"):
        assert topic in topics
    assert any(p.restricted for p in library)


def test_facts_with_sources(demo_db):
    v = _visit(demo_db)
    facts = ent.list_for_visit(demo_db, "fact", v.id)
    by_value = {f.value: f for f in facts if f.value is not None}
    assert by_value[11.7].unit == "bn US$" and by_value[11.7].source
    assert "National Bank" in by_value[15.6].source
    assert 1700 in by_value and 250 in by_value
    assert all(f.source for f in facts)
    assert is_stale(by_value[15.6], v)  # no as-of date: must be checked
    assert not is_stale(by_value[11.7], v)


def test_agreements_register(demo_db):
    v = _visit(demo_db)
    agreements = ent.list_for_visit(demo_db, "agreement", v.id)
    titles = " | ".join(a.title for a in agreements)
    for expected in ("supercomputer", "agricultural", "emergency", "information", "electronic commerce",
                     "Commercial", "Joint Statement"):
        assert expected.lower() in titles.lower()
    assert len(agreements) >= 8
    assert len({a.status for a in agreements}) >= 4
    supercomputer = next(a for a in agreements if "supercomputer" in a.title)
    assert len(ag.versions(demo_db, supercomputer.id)) == 2
    assert ag.diff_versions(demo_db, supercomputer.id, 1, 2).changed
    assert len(ag.status_history(demo_db, supercomputer.id)) == 4
    assert [p.latin_name for p in ag.signatories(demo_db, supercomputer.id)] == ["Beibut Atamkulov", "Wang Yi"]


def test_agreement_versions_carry_the_dates_they_were_written(demo_db):
    v = _visit(demo_db)
    supercomputer = next(a for a in ent.list_for_visit(demo_db, "agreement", v.id)
                         if "supercomputer" in a.title)
    dates = [x.created_at.date().isoformat() for x in ag.versions(demo_db, supercomputer.id)]
    assert dates == ["2019-06-10", "2019-08-28"]


def test_every_demo_agreement_has_its_pair_of_signatories_and_a_signing_order(demo_db):
    """The deliverables register is complete: each of the nine agreements is signed by
    one of ours and one of theirs, in a signing order of its own."""
    v = _visit(demo_db)
    agreements = ent.list_for_visit(demo_db, "agreement", v.id)
    assert len(agreements) == 9
    orders = [a.signing_order for a in agreements]
    assert all(o > 0 for o in orders) and len(set(orders)) == len(orders)
    for a in agreements:
        people = ag.signatories(demo_db, a.id)
        sides = [p.side for p in people]
        assert sides == ["our delegation", "counterpart"], (a.title, sides)
        assert all(p.public_biography for p in people), a.title  # the press may print them
    # a ceremony's signatories take part in it
    for a in agreements:
        if a.signing_event_id is None:
            continue
        taking_part = {p.id for p, _role in links.participants(demo_db, a.signing_event_id)}
        assert {p.id for p in ag.signatories(demo_db, a.id)} <= taking_part, a.title
