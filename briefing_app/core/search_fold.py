"""One text folding for the search index and for queries, so both always agree.

Folding works per *cluster* (a character and the combining marks that follow it):
NFKC, then `casefold()` (so ß → ss, Ｍ → m, ﬁ → fi), then — for Latin letters only —
the accents are dropped (é → e, NFD u + ◌̈ → u, ø → o). Other scripts keep their marks:
Kazakh қ ң ө ү ұ і ә ғ һ have no decomposition and Cyrillic й stays й. Because the
fold of a text is the concatenation of the folds of its clusters, an offset in folded
text maps back to the original text exactly (`fold_with_offsets`, for excerpts).

Runs of Chinese, Japanese or Korean characters get no spaces between words, and the
trigram index cannot find one or two of them; `word_text` spells each such run as
unigrams and overlapping bigrams for the word index, so 阿 and 阿里 are whole tokens.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

# Letters with a stroke or bar have no Unicode decomposition but are "accented" Latin.
_STROKES = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ŧ": "t", "ı": "i",
                          "ƀ": "b", "ɨ": "i", "ƶ": "z"})

# Scripts written without spaces between words (plus Hangul, whose words are short).
CJK_CHARS = ("\u3005\u3007\u3040-\u30ff\u3100-\u312f\u31a0-\u31bf\u31f0-\u31ff"
             "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f")
_SEGMENT = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")


@lru_cache(maxsize=1)
def _cjk_run() -> re.Pattern[str]:
    """A run of CJK characters. Compiled when first used (~3 ms: the character class
    spans most of Unicode's CJK planes), not when the window opens a file, which
    imports this module for the index but folds nothing unless it indexes."""
    return re.compile(f"[{CJK_CHARS}]+")


@lru_cache(maxsize=4096)
def _is_latin(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("LATIN ")


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch)[0] == "M"


@lru_cache(maxsize=65536)
def fold_cluster(cluster: str) -> str:
    """Fold one character with its combining marks (see the module docstring)."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", cluster).casefold())
    out: list[str] = []
    latin = False
    for ch in decomposed:
        if unicodedata.category(ch) in ("Mn", "Me"):
            if latin:
                continue
        else:
            latin = _is_latin(ch)
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)).translate(_STROKES)


def _pieces(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, folded) for consecutive pieces: ASCII runs, then single clusters.

    An ASCII run folds with `lower()` (the same as folding each of its characters),
    except its last character when a combining mark follows: that one starts a cluster.
    """
    carry = -1  # start of a cluster begun by the last character of an ASCII run
    n = len(text)
    for m in _SEGMENT.finditer(text):
        start, end = m.span()
        if text[start] < "\x80":
            if end < n and _is_mark(text[end]):
                carry = end - 1
                end -= 1
            if end > start:
                yield start, end, text[start:end].lower()
            continue
        cluster = carry if carry >= 0 else start
        carry = -1
        for j in range(start + 1, end):
            if j > cluster and not _is_mark(text[j]):
                yield cluster, j, fold_cluster(text[cluster:j])
                cluster = j
        yield cluster, end, fold_cluster(text[cluster:end])


@lru_cache(maxsize=65536)
def _fold_segment(segment: str) -> str:
    """Fold a run of non-ASCII characters (words repeat, so runs are cached)."""
    return "".join(piece for _s, _e, piece in _pieces(segment))


def fold(text: str) -> str:
    """The folded form of `text`, as stored in the index and used for queries.

    Equal to joining `_pieces(text)`; faster, by folding whole runs of non-ASCII
    characters at once — unless a run starts with a mark that belongs to the ASCII
    letter before it (u + ◌̈), which only the general path handles.
    """
    if text.isascii():
        return text.lower()
    out = []
    for m in _SEGMENT.finditer(text):
        segment = m.group()
        if segment[0] < "\x80":
            out.append(segment.lower())
        elif m.start() > 0 and _is_mark(segment[0]):
            return "".join(piece for _s, _e, piece in _pieces(text))
        else:
            out.append(_fold_segment(segment))
    return "".join(out)


def fold_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """(folded, starts, ends): folded character i comes from text[starts[i]:ends[i]]."""
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for s, e, piece in _pieces(text):
        parts.append(piece)
        if e - s == len(piece) and text[s] < "\x80":  # an ASCII run: one to one
            starts.extend(range(s, e))
            ends.extend(range(s + 1, e + 1))
        else:
            starts.extend([s] * len(piece))
            ends.extend([e] * len(piece))
    return "".join(parts), starts, ends


@lru_cache(maxsize=65536)
def _spell_run(run: str) -> str:
    tokens: list[str] = []
    for i, ch in enumerate(run):
        tokens.append(ch)
        if i + 1 < len(run):
            tokens.append(run[i:i + 2])
    return " " + " ".join(tokens) + " "


def word_text(folded: str) -> str:
    """Folded text for the word index: CJK runs spelled as unigrams and bigrams."""
    return _cjk_run().sub(lambda m: _spell_run(m.group()), folded)


def word_query(folded_term: str) -> str:
    """The token sequence that finds `folded_term` in `word_text` output, as a phrase.

    Inside a CJK run the tokens alternate unigram, bigram, unigram…; a query run at the
    edge of the term may start or end anywhere inside a longer run, so its outer
    unigrams are dropped (阿里 is the single token 阿里, found inside 阿里巴巴).
    """
    spelled = word_text(folded_term).split()
    runs = _cjk_run().findall(folded_term)
    if runs and folded_term.startswith(runs[0]) and len(runs[0]) > 1:
        spelled = spelled[1:]
    if runs and folded_term.endswith(runs[-1]) and len(runs[-1]) > 1:
        spelled = spelled[:-1]
    return " ".join(spelled)


def has_cjk(text: str) -> bool:
    return _cjk_run().search(text) is not None
