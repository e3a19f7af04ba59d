"""Full-text search: Chinese substrings, Kazakh Cyrillic in any case, every kind of text."""

import pytest

from briefing_app.core.errors import ValidationError
from briefing_app.core.ops import agreements as ag
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops.links import remove_participant, set_participant
from briefing_app.core.ops.visits import list_visits
from briefing_app.core.search import search
from tests.core.helpers import make_event


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
    visit = ent.create(db, "visit", None, {"title": "Trip", "visit_type": "working visit",
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
        v = ent.create(db, "visit", None, {"title": title, "visit_type": "working visit",
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


# --- folding: case, accents, compatibility forms, the same for index and query ---------

def _visit(db, title="Trip"):
    return ent.create(db, "visit", None, {"title": title, "visit_type": "working visit",
                                          "start_date": "2019-01-01", "end_date": "2019-01-02",
                                          "home_tz": "Asia/Almaty"})


@pytest.fixture
def folded_db(db):
    v = _visit(db)
    ent.create(db, "person", v.id, {"native_name": "Müller", "latin_name": "Hans Müller"})
    ent.create(db, "venue", v.id, {"name": "Hotel Königsallee", "tz": "Europe/Berlin",
                                   "address": "Friedrichstraße 12"})
    ent.create(db, "fact", v.id, {"statement": "Ｆｕｌｌ-width ﬁgures: Søren Łódź"})
    return db


@pytest.mark.parametrize("query", ["Muller", "MÜLLER", "müller", "mu\u0308ller", "MULLER"])
def test_case_and_accents_fold_the_same_way(folded_db, query):
    assert [h.title for h in search(folded_db, query) if h.kind == "person"] == [
        "Müller Hans Müller"]


@pytest.mark.parametrize("query", ["strasse", "STRASSE", "straße", "Friedrichstrasse",
                                   "konigsallee", "KÖNIGSALLEE"])
def test_sharp_s_is_ss_and_umlauts_fold(folded_db, query):
    assert [h.kind for h in search(folded_db, query)] == ["venue"]


@pytest.mark.parametrize("query", ["full-width", "figures", "soren", "lodz", "ＦＩＧＵＲＥＳ"])
def test_compatibility_forms_and_stroked_letters_fold(folded_db, query):
    assert [h.kind for h in search(folded_db, query)] == ["fact"]


def test_excerpt_marks_the_original_text_of_a_folded_match(folded_db):
    (hit,) = search(folded_db, "strasse")
    assert hit.excerpt[hit.match_start:hit.match_start + hit.match_length] == "straße"
    (hit,) = search(folded_db, "lodz")
    assert hit.excerpt[hit.match_start:hit.match_start + hit.match_length] == "Łódź"


def test_kazakh_letters_are_letters_not_accents(db):
    v = _visit(db)
    ent.create(db, "talking_point", v.id, {"heading": "Қазақстан", "text": "Ұлттық банк"})
    ent.create(db, "talking_point", v.id, {"heading": "Казак", "text": "Улттык"})
    assert [h.title for h in search(db, "ҚАЗАҚСТАН")] == ["Қазақстан"]
    assert [h.title for h in search(db, "қазақ")] == ["Қазақстан"]
    assert [h.title for h in search(db, "казак")] == ["Казак"]
    assert [h.title for h in search(db, "ұлттық")] == ["Қазақстан"]


def test_one_and_two_chinese_characters_use_the_word_index(db):
    v = _visit(db)
    ent.create(db, "talking_point", v.id, {"heading": "与阿里巴巴合作", "text": "电子商务"})
    ent.create(db, "talking_point", v.id, {"heading": "里程碑", "text": "WTO组织"})
    assert [h.title for h in search(db, "阿里")] == ["与阿里巴巴合作"]
    assert [h.title for h in search(db, "阿")] == ["与阿里巴巴合作"]
    assert {h.title for h in search(db, "里")} == {"与阿里巴巴合作", "里程碑"}
    assert search(db, "里阿") == [] and search(db, "巴阿") == []
    assert [h.title for h in search(db, "组织")] == ["里程碑"]
    assert [h.title for h in search(db, "商务")] == ["与阿里巴巴合作"]
    hit = search(db, "商务")[0]
    assert hit.excerpt[hit.match_start:hit.match_start + hit.match_length] == "商务"


def test_a_person_name_finds_the_events_they_take_part_in(db):
    v = _visit(db)
    person = ent.create(db, "person", v.id, {"native_name": "Қасым-Жомарт Тоқаев",
                                             "latin_name": "Kassym-Jomart Tokayev"})
    talks = make_event(db, v.id, title="Talks in the Great Hall", start="2019-01-01 10:00",
                       end="2019-01-01 11:00")
    make_event(db, v.id, title="Lunch", start="2019-01-01 12:00", end="2019-01-01 13:00")
    set_participant(db, talks.id, person.id)
    for query in ("Tokayev", "тоқаев", "ТОҚАЕВ"):
        assert {(h.kind, h.title) for h in search(db, query)} == {
            ("person", "Қасым-Жомарт Тоқаев Kassym-Jomart Tokayev"),
            ("event", "Talks in the Great Hall")}
    ent.update(db, "person", person.id, {"latin_name": "K. Tokaev"})
    assert [h.kind for h in search(db, "Tokayev")] == []
    assert {h.kind for h in search(db, "Tokaev")} == {"person", "event"}
    remove_participant(db, talks.id, person.id)
    assert [h.kind for h in search(db, "Tokaev")] == ["person"]


def test_best_matches_come_first(db):
    v = _visit(db)

    def point(heading, text):
        ent.create(db, "talking_point", v.id, {"heading": heading, "text": text})

    point("Customs and transit", "Nothing about the other subject here at all.")  # body exact
    point("Energy", "Partial only: traders gather.")  # body partial
    point("Traders in the region", "Nothing more.")  # title partial
    point("Trade", "Short title that is exactly the word.")  # title exact, short
    point("Trade and investment in the long run", "Title exact, longer.")  # title exact
    ent.update(db, "talking_point", search(db, "Customs")[0].row_id,
               {"text": "Body mentions trade once."})
    assert [h.title for h in search(db, "trade")] == [
        "Trade", "Trade and investment in the long run", "Traders in the region",
        "Customs and transit", "Energy"]


def test_short_latin_terms_match_word_starts(db):
    v = _visit(db)
    ent.create(db, "talking_point", v.id, {"heading": "EU relations", "text": "Europe"})
    ent.create(db, "talking_point", v.id, {"heading": "Museum", "text": "Nothing"})
    assert [h.title for h in search(db, "eu")] == ["EU relations"]
    assert [h.title for h in search(db, "Mu")] == ["Museum"]


@pytest.mark.parametrize("query", ['"', 'a"b', "AND OR NOT", "NEAR(", "*", "title:x", "(((",
                                   "-", "{title}: trade", '"阿里"*', "^Tok", "Tok* + x"])
def test_fts_syntax_over_real_data_is_just_text(demo_db, query):
    search(demo_db, query)  # never an FTS5 syntax error
    assert [h.title for h in search(demo_db, "{title}: Khorgos")] == []
