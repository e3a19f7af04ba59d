"""Full-text search: Chinese substrings, Kazakh Cyrillic in any case, every kind of text."""

import pytest

from briefing_app.core.errors import ValidationError
from briefing_app.core.ops import agreements as ag
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops.visits import list_visits
from briefing_app.core.search import search


def _kinds_titles(hits):
    return {(h.kind, h.title) for h in hits}


def test_two_chinese_characters_find_a_longer_word(demo_db):
    hits = search(demo_db, "阿里")
    assert ("person", "马云 Jack Ma (Ma Yun)") in _kinds_titles(hits)
    assert any(h.kind == "venue" and "阿里巴巴" in h.title for h in hits)


def test_three_chinese_characters_use_the_index(demo_db):
    assert any(h.kind == "person" for h in search(demo_db, "习近平"))


@pytest.mark.parametrize("query", ["Тоқаев", "тоқаев", "ТОҚАЕВ", "оқа"])
def test_kazakh_cyrillic_is_found_in_any_case(demo_db, query):
    assert any("Тоқаев" in h.title for h in search(demo_db, query))


def test_every_kind_of_text_is_searchable(demo_db):
    visit = list_visits(demo_db)[0]
    kinds = {h.kind for q in ("Nurly", "Hikvision", "supercomputer", "National Bank", "Diaoyutai",
                              "nine months")
             for h in search(demo_db, q, visit.id)}
    assert {"visit", "event", "talking_point", "fact", "agreement", "agreement_version",
            "venue"} <= kinds


def test_all_terms_must_match_and_excerpt_marks_the_match(demo_db):
    hits = search(demo_db, "Khorgos dry port")
    assert hits and all("Khorgos" in (h.title + h.excerpt) for h in hits)
    first = hits[0]
    assert first.excerpt[first.match_start:first.match_start + first.match_length] == "Khorgos"
    assert search(demo_db, "Khorgos zzzqqq") == []


def test_index_follows_edits_and_deletes(db):
    visit = ent.create(db, "visit", None, {"title": "Trip", "kind": "working visit",
                                            "start_date": "2019-01-01", "end_date": "2019-01-02",
                                            "home_tz": "Asia/Almaty"})
    tp = ent.create(db, "talking_point", visit.id, {"text": "Wheat exports to 中国"})
    assert len(search(db, "中国")) == 1
    ent.update(db, "talking_point", tp.id, {"text": "Barley exports"})
    assert search(db, "中国") == [] and len(search(db, "Barley")) == 1
    a = ent.create(db, "agreement", visit.id, {"title": "Grain protocol"})
    ag.add_version(db, a.id, "Quarantine rules")
    ent.update(db, "agreement", a.id, {"title": "Cereal protocol"})
    assert [h.title for h in search(db, "Quarantine")] == ["Cereal protocol — version 1"]
    ent.delete(db, "visit", visit.id)
    assert search(db, "Barley") == [] and search(db, "Quarantine") == []


def test_search_is_limited_to_one_visit_when_asked(db):
    for title in ("Visit A", "Visit B"):
        v = ent.create(db, "visit", None, {"title": title, "kind": "working visit",
                                            "start_date": "2019-01-01", "end_date": "2019-01-02",
                                            "home_tz": "Asia/Almaty"})
        ent.create(db, "fact", v.id, {"statement": "Common figure"})
    assert len(search(db, "Common")) == 2
    assert len(search(db, "Common", v.id)) == 1


@pytest.mark.parametrize("query", ['"', 'a"b', "AND", "NEAR(", "*", "title:x", "(((", "-"])
def test_fts_syntax_in_queries_is_just_text(db, query):
    assert search(db, query) == []


def test_empty_query_is_refused(db):
    with pytest.raises(ValidationError):
        search(db, "   ")
