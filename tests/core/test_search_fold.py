"""Folding: one function for the index and the query, exact offsets back to the text."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from briefing_app.core.search_fold import _pieces, fold, fold_with_offsets, word_query, word_text

SAMPLES = "aAüÜßẞéÉøØıİqҚқҢңӨөҮүҰұІіӘәҒғҺһйЙ阿里巴Ｆﬁ  -\u0301\u0308\u0306\u0483"
TEXT = st.text(alphabet=st.sampled_from(SAMPLES) | st.characters(), max_size=40)


@given(TEXT)
def test_fold_equals_the_folds_of_its_pieces_and_maps_back(text):
    folded, starts, ends = fold_with_offsets(text)
    assert fold(text) == folded == "".join(p for _s, _e, p in _pieces(text))
    assert len(starts) == len(ends) == len(folded)
    assert starts == sorted(starts) and all(0 <= s < e <= len(text) for s, e in zip(starts, ends, strict=True))


@given(TEXT, TEXT)
def test_folding_is_the_same_piece_by_piece(a, b):
    if b and unicodedata.category(b[0])[0] != "M":
        assert fold(a + b) == fold(a) + fold(b)


@given(st.text(alphabet=st.sampled_from(SAMPLES), max_size=40))
def test_folded_text_folds_to_itself(text):
    assert fold(fold(text)) == fold(text)


def test_the_rules():
    assert fold("Müller MÜLLER mu\u0308ller") == "muller muller muller"
    assert fold("Straße STRASSE ẞ") == "strasse strasse ss"
    assert fold("Ｔｒａｄｅ ﬁnance İstanbul Søren Łódź") == "trade finance istanbul soren lodz"
    assert fold("ҚАЗАҚСТАН Ұлттық ӘҒҺ") == "қазақстан ұлттық әғһ"  # Kazakh letters kept
    assert fold("ЙОД и\u0306од") == "йод йод"  # Cyrillic й is a letter, NFD or not
    assert fold("Ελλάδα") == "ελλάδα"  # accents kept outside Latin


def test_cjk_runs_are_spelled_as_unigrams_and_bigrams():
    assert word_text("wto组织") == "wto 组 组织 织 "
    assert word_query("阿里") == "阿里" and word_query("阿") == "阿"
    assert word_query("阿里巴巴") == "阿里 里 里巴 巴 巴巴"
    assert word_query("wto组织") == "wto 组 组织"
