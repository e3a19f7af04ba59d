"""The hostile corpus through bundle import and then PDF export: every accepted string is
printed literally; no markup is obeyed, no file read, no port touched, no code run."""

from __future__ import annotations

import json
import re
import time
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing_app.core.database import open_database
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops import links
from briefing_app.core.pack_data import load_pack_data
from briefing_app.interop.bundle_export import bundle_dict
from briefing_app.interop.bundle_merge import import_bundle
from briefing_app.pdf import SECTIONS, PackOptions, build_pack
from briefing_app.pdf.fonts import has_rtl

from .corpus import png_bomb, strings, truncated_jpeg

LITERAL = [h.name for h in strings(Path("/s"), 1, Path("/m")) if h.outcome == "literal"]


def _squeeze(text: str) -> str:
    """Extraction breaks lines and drops invisible characters anywhere: compare without
    whitespace and without format characters (bidi controls have no glyph)."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def _printed(expected: str) -> re.Pattern[str]:
    """Each character printed as itself, or as the builder's visible '[U+hex code]' when no
    font has it (never silently dropped, never interpreted)."""
    parts = []
    for c in expected:
        code = rf"\[U\+{ord(c):04X}\]"
        if unicodedata.category(c) == "Cf":
            parts.append(f"(?:{code})?")
        elif not c.isspace():
            parts.append(f"(?:{re.escape(c)}|{code})")
    return re.compile("".join(parts))


@pytest.fixture(scope="module")
def hostile_pack(tmp_path_factory, corpus, secret_file, listener, marker):
    """A visit full of hostile text, sent through a bundle and printed with every section."""
    from .guards import watching

    folder = tmp_path_factory.mktemp("pdf")
    source = open_database(folder / "source.sqlite")
    visit = ent.create(source, "visit", None, {
        "title": "Hostile <b>visit</b> & co", "visit_type": "working visit", "start_date": "2019-09-10",
        "end_date": "2019-09-12", "home_tz": "Asia/Almaty", "purpose": corpus[0].text})
    literal = [h for h in corpus if h.outcome == "literal"]
    for i, item in enumerate(literal):
        one_line = item.text if len(item.text) <= 300 else f"Long item {i}"
        person = ent.create(source, "person", visit.id, {"native_name": one_line, "biography": item.text})
        event = ent.create(source, "event", visit.id, {
            "title": one_line, "event_type": "meeting", "tz": "Asia/Shanghai",
            "start_local": f"2019-09-11 {8 + i // 4:02d}:{(i % 4) * 15:02d}",
            "end_local": f"2019-09-11 {8 + i // 4:02d}:{(i % 4) * 15 + 10:02d}",
            "objectives": item.text, "scenario": item.text})
        links.set_participant(source, event.id, person.id, "participant")
        point = ent.create(source, "talking_point", visit.id, {"text": item.text})
        links.link_point(source, event.id, point.id)
        fact = ent.create(source, "fact", visit.id, {"statement": item.text[:5_000],
                                                      "source": item.text[:2_000]})
        links.link_fact_to_event(source, event.id, fact.id)
    for name, photo, mime in (("Bomb photo", png_bomb(), "image/png"),
                              ("Cut photo", truncated_jpeg(), "image/jpeg")):
        ent.create(source, "person", visit.id, {"native_name": name, "photo": photo, "photo_mime": mime})
    bundle = folder / "hostile.json"
    bundle.write_text(json.dumps(bundle_dict(source, visit.id), ensure_ascii=False), encoding="utf-8")
    source.close()

    before = listener.connections
    with watching(secret_file, listener.port) as w:
        target = open_database(folder / "target.sqlite")
        summary = import_bundle(target, bundle)
        data = load_pack_data(target, summary.visit_id)
        target.close()
        out = folder / "hostile.pdf"
        started = time.process_time()
        result = build_pack(data, PackOptions(sections=frozenset(SECTIONS)), out)
        elapsed = time.process_time() - started
    assert w.events == [], f"the export reached out: {w.events}"
    assert listener.connections == before
    assert not marker.exists(), "the CVE-2023-33733 payload ran"
    text = " ".join(page.extract_text() or "" for page in PdfReader(str(out)).pages)
    return literal, result, _squeeze(text), elapsed


def test_export_finishes_in_bounded_time(hostile_pack):
    _literal, result, _text, elapsed = hostile_pack
    assert result.pages > 5
    assert elapsed < 120


@pytest.mark.parametrize("name", LITERAL)
def test_each_accepted_string_is_printed_literally(hostile_pack, name):
    literal, _result, text, _elapsed = hostile_pack
    item = next(h for h in literal if h.name == name)
    if len(item.text) > 1_000:  # the long word wraps: every slice of it must be there
        chunks = [item.text[i:i + 40] for i in range(0, len(item.text), 4_000)]
        assert all(c in text for c in chunks), item.name
    elif has_rtl(item.text):
        # right-to-left letters are shaped (Arabic presentation forms, which NFKC maps
        # back to the letters typed) and put in visual order, which text extraction
        # may or may not undo: every word is there, one way round or the other
        folded = unicodedata.normalize("NFKC", text)
        for word in item.text.split():
            w = unicodedata.normalize("NFKC", _squeeze(word))
            assert w in folded or w[::-1] in folded, (item.name, word)
    else:
        assert _printed(item.text).search(text), item.name


def test_unreadable_photos_are_left_out_with_a_warning(hostile_pack):
    _literal, result, text, _elapsed = hostile_pack
    assert "Bombphoto" in text and "Cutphoto" in text
    warned = " ".join(result.warnings)
    assert "Bomb photo" in warned and "Cut photo" in warned


def test_no_markup_was_obeyed(hostile_pack):
    _literal, _result, text, _elapsed = hostile_pack
    assert "Hostile<b>visit</b>&co" in text
    assert '<fontsize="40"color="red">HUGE</font>' in text
    assert "getattr(pow,Word('__globals__'))" in text

