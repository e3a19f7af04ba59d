"""The book as a ministry reads it: page breaks, continued days, lists, places,
flights, signing order, word-level redlines, Chinese in bold, right-to-left text, and
what a real book carries (department, clearance, recipient, distribution, risks,
format, order of speaking, do not raise, duty contacts, scenario tables)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from briefing_app.core.database import Database
from briefing_app.core.facts import is_stale
from briefing_app.core.ops import entities as ops
from briefing_app.core.pack_data import load_pack_data
from briefing_app.core.records import FactRecord
from briefing_app.pdf import SECTIONS, PackOptions, build_pack
from briefing_app.pdf.fonts import close_bidi, isolate
from briefing_app.pdf.sections.cover import list_items
from briefing_app.pdf.sections.deliverables import changes
from briefing_app.pdf.sections.programme import scenario_steps
from briefing_app.pdf.story import _place

from .conftest import Sample, flat, pdf_text

ALL = frozenset(SECTIONS)


def _pages_of(path: Path) -> dict[str, int]:
    """Outline title -> page number (1-based)."""
    reader = PdfReader(str(path))
    out: dict[str, int] = {}

    def walk(items: list) -> None:  # type: ignore[type-arg]
        for it in items:
            if isinstance(it, list):
                walk(it)
            else:
                out[str(it.title)] = reader.get_destination_page_number(it) + 1
    walk(reader.outline)
    return out


def _build(db: Database, visit_id: int, out: Path, **kw: object) -> list[str]:
    data = load_pack_data(db, visit_id)
    build_pack(data, PackOptions(**kw), out)  # type: ignore[arg-type]
    return pdf_text(out)


@pytest.fixture
def book(db: Database, sample: Sample) -> Sample:
    """The sample visit with every book field filled."""
    ops.update(db, "visit", sample.visit_id, {
        "issuing_department": "Asia Department DEPTMARK", "drafted_by": "DRAFTERMARK",
        "cleared_by": "CLEARERMARK", "as_at": "9 Sep 2019 18:00 ASATMARK",
        "distribution": "The President RECIPONE\nThe Minister RECIPTWO",
        "risks": "- RISKMARK protests\n- Water", "duty_contacts": "Embassy: +86 10 DUTYMARK"})
    ops.update(db, "event", sample.talks, {
        "meeting_format": "tête-à-tête FORMATMARK",
        "speaking_order": "President Xi opens\nPresident Tokayev SPEAKMARK",
        "do_not_raise": "NORAISEMARK Xinjiang",
        "scenario": "09:58 Leaders enter SCENEMARK\n10:00 Opening words\n10:40 To the Fujian Room"})
    return sample


def test_each_brief_starts_on_a_new_page(db: Database, book: Sample, tmp_path: Path) -> None:
    ops.update(db, "event", book.lunch, {"objectives": "A short brief for the banquet"})
    out = tmp_path / "b.pdf"
    text = _build(db, book.visit_id, out)
    pages = _pages_of(out)
    talks, lunch = pages["Talks with President Xi"], pages["State banquet"]
    assert lunch > talks
    # the banquet's brief title is the first text under the page furniture
    furniture = {"RESTRICTED", str(len(text))}  # "Page N of M" breaks before M
    body = [ln for ln in text[lunch - 1].split("\n")
            if ln not in furniture and not ln.startswith(("State visit", "Copy 1", "Page ", "Issued"))]
    assert body[0] == "State banquet", body[:3]
    assert "Talks with President Xi" not in text[lunch - 1]


def test_a_long_day_repeats_its_header_as_continued(db: Database, sample: Sample,
                                                   tmp_path: Path) -> None:
    venue = ops.create(db, "venue", sample.visit_id, {"name": "Hall", "tz": "Asia/Shanghai"}).id
    for i in range(40):
        ops.create(db, "event", sample.visit_id, {
            "title": f"Meeting {i}", "event_type": "meeting", "tz": "Asia/Shanghai", "venue_id": venue,
            "start_local": f"2019-09-11 {7 + i // 4:02d}:{(i % 4) * 15:02d}",
            "end_local": f"2019-09-11 {7 + i // 4:02d}:{(i % 4) * 15 + 10:02d}",
            "protocol_notes": "Long protocol note " * 12})
    text = flat(_build(db, sample.visit_id, tmp_path / "c.pdf",
                       sections=frozenset({"programme"})))
    assert "Day 2 · Wednesday 11 September 2019 (continued)" in text


def test_paragraph_styles_allow_no_widows_or_orphans() -> None:
    from briefing_app.pdf.fonts import FontSet
    from briefing_app.pdf.styles import Styles

    st = Styles(FontSet())
    for name in ("body", "bullet", "number", "cell", "body_nfd"):
        style = getattr(st, name)
        assert style.allowWidows == 0 and style.allowOrphans == 0
        assert style.bulletFontName != "Helvetica"


def test_home_time_beside_venue_time_at_the_same_weight(db: Database, sample: Sample) -> None:
    from briefing_app.pdf.editions import apply_edition
    from briefing_app.pdf.fonts import FontSet
    from briefing_app.pdf.sections.programme import _event_row
    from briefing_app.pdf.story import Book
    from briefing_app.pdf.styles import Styles, geometry

    data, rules = apply_edition(load_pack_data(db, sample.visit_id), PackOptions())
    fonts = FontSet()
    b = Book(data, rules, fonts, Styles(fonts), geometry("a4", False), lambda: None)
    venue_time, home_time = _event_row(b, data.events_by_id[sample.talks])[0]
    assert home_time.style.fontName == venue_time.style.fontName
    assert home_time.style.fontSize == venue_time.style.fontSize


def test_places_never_say_the_city_twice() -> None:
    v = SimpleNamespace(name="Nur-Sultan International Airport", city="Nur-Sultan",
                        address="Nur-Sultan, Kazakhstan", notes="")
    assert _place(v, True) == "Nur-Sultan International Airport, Kazakhstan"  # type: ignore[arg-type]
    v = SimpleNamespace(name="Great Hall of the People", city="Beijing",
                        address="West side of Tiananmen Square, Beijing", notes="")
    assert _place(v, True) == "Great Hall of the People, West side of Tiananmen Square, Beijing"  # type: ignore[arg-type]
    assert _place(v, False) == "Great Hall of the People, Beijing"  # type: ignore[arg-type]


def test_flights_show_both_airports_and_both_zones_even_when_they_read_alike(
        db: Database, sample: Sample, tmp_path: Path) -> None:
    cdg = ops.create(db, "venue", sample.visit_id, {"name": "Paris-Charles de Gaulle",
                                                     "city": "Paris", "tz": "Europe/Paris"}).id
    ber = ops.create(db, "venue", sample.visit_id, {"name": "Berlin Brandenburg",
                                                     "city": "Berlin", "tz": "Europe/Berlin",
                                                     "notes": "VENUENOTEMARK VIP terminal"}).id
    ops.create(db, "event", sample.visit_id, {
        "title": "Flight Paris – Berlin", "event_type": "flight", "tz": "Europe/Paris",
        "end_tz": "Europe/Berlin", "venue_id": cdg, "arrival_venue_id": ber,
        "start_local": "2019-09-12 07:00", "end_local": "2019-09-12 08:45"})
    text = flat(_build(db, sample.visit_id, tmp_path / "f.pdf", edition="delegation",
                       sections=frozenset({"programme"})))
    assert "07:00 CEST Paris – 08:45 CEST Berlin" in text
    assert "From: Paris-Charles de Gaulle" in text and "To: Berlin Brandenburg" in text
    assert "VENUENOTEMARK VIP terminal" in text  # the venue's notes print


def test_history_is_not_stale_but_old_figures_are() -> None:
    visit = SimpleNamespace(start_date=date(2019, 9, 10), fact_stale_days=365)
    base = dict(id=1, uuid="u", created_at=None, updated_at=None, row_version=1, visit_id=1,
                statement="x", unit="", source="", topics="")
    history = FactRecord(**base, value=None, as_of=date(2013, 9, 7))  # type: ignore[arg-type]
    figure = FactRecord(**base, value=5.0, as_of=date(2013, 9, 7))  # type: ignore[arg-type]
    undated = FactRecord(**base, value=None, as_of=None)  # type: ignore[arg-type]
    assert not is_stale(history, visit)  # type: ignore[arg-type]
    assert is_stale(figure, visit) and is_stale(undated, visit)  # type: ignore[arg-type]


def test_lists_are_real_lists() -> None:
    assert list_items("1. One\n2. Two\ncontinued") == ["One", "Two continued"]
    assert list_items("Alpha\nBeta") == ["Alpha", "Beta"]
    assert list_items("- a\n• b") == ["a", "b"]


def test_person_edition_has_no_contents_and_does_not_name_its_reader(
        db: Database, sample: Sample, tmp_path: Path) -> None:
    text = _build(db, sample.visit_id, tmp_path / "p.pdf", edition="person",
                  person_id=sample.aide)
    assert not any("Contents" in page for page in text)
    joined = flat(text)
    assert "With:" in joined and "Yerlan Omarov" not in joined.split("Personal itinerary", 1)[1]\
        .split("With:", 1)[1].split("Your role")[0]


def test_register_prints_signing_order_and_pairs_and_nine_fit_a_page(
        demo_db: Database, tmp_path: Path) -> None:
    from briefing_app.core.ops.visits import list_visits

    visit = list_visits(demo_db)[0]
    out = tmp_path / "d.pdf"
    text = _build(demo_db, visit.id, out, sections=frozenset({"deliverables"}))
    pages = [i for i, t in enumerate(text) if "Deliverables" in t]
    assert len(pages) == 1
    page = " ".join(text[pages[0]].split())
    assert "Signed at: Signing ceremony and press statements" in page and "in this order" in page
    assert "Қасым-Жомарт Тоқаев (Kassym-Jomart Tokayev) — 习近平 (Xi Jinping)" in page
    assert "Treaty on Good-Neighbourliness" in page  # the ninth is on the same page


def test_redline_is_word_level_inside_the_matching_paragraph() -> None:
    old = "Article 1. Trade.\nArticle 2. Transit stays.\nArticle 3. Train fifty specialists."
    new = "Article 1. Trade.\nArticle 3. Train at least fifty Kazakh specialists."
    found = changes(old, new)
    assert [(c.old_no, c.new_no) for c in found] == [(2, None), (3, 2)]
    words = found[1].words
    assert ("+", "at least ") in words and ("+", "Kazakh ") in words
    assert all(op != "-" for op, _w in words)


def test_redline_pairs_the_most_similar_paragraphs_without_crossing() -> None:
    """An article inserted before the last one: the old "Article 4. Entry into force"
    is the new Article 5, not the new "Article 4. Maintenance"."""
    old = ("Article 3. Training\nTrain fifty specialists.\nArticle 4. Entry into force\n"
           "This Agreement enters into force on signature.")
    new = ("Article 3. Training\nTrain fifty specialists.\nArticle 4. Maintenance\n"
           "The Chinese side shall provide maintenance for three years.\n"
           "Article 5. Entry into force\n"
           "This Agreement enters into force on the date of the last notification.")
    found = changes(old, new)
    assert [(c.old_no, c.new_no) for c in found] == [(None, 3), (None, 4), (3, 5), (4, 6)]
    assert ("-", "4. ") in found[2].words and ("+", "5. ") in found[2].words


def test_redline_is_labelled(db: Database, sample: Sample, tmp_path: Path) -> None:
    text = flat(_build(db, sample.visit_id, tmp_path / "r.pdf", sections=ALL))
    assert "Redline: changes from version 1 to version 2" in text
    assert "Struck through, red" in text and "underlined, blue" in text
    assert "Paragraph 1, changed" in text


def test_chinese_in_a_bold_line_is_bold_and_still_extracts(
        db: Database, sample: Sample, tmp_path: Path) -> None:
    out = tmp_path / "z.pdf"
    text = flat(_build(db, sample.visit_id, out))
    assert "习近平" in text
    streams = b"".join(p.get_contents().get_data() for p in PdfReader(str(out)).pages)  # type: ignore[union-attr]
    assert re.search(rb"2 Tr [\d.]+ w", streams)  # synthetic bold: fill + stroke
    assert streams.count(b"2 Tr") <= streams.count(b"0 Tr")  # always switched back


def test_right_to_left_text_is_shaped_ordered_and_contained(
        db: Database, sample: Sample, tmp_path: Path) -> None:
    from briefing_app.pdf.rtl import BidiParagraph, visual_line

    assert visual_line("שלום world") == "world םולש"
    shaped = visual_line("مرحبا")
    assert shaped != "مرحبا" and all("\ufe70" <= c <= "\ufeff" for c in shaped)  # joined forms
    ops.update(db, "event", sample.talks, {"title": "Talks \u202eevil", "background": "שלום עולם"})
    out = tmp_path / "rtl.pdf"
    text = flat(_build(db, sample.visit_id, out))
    assert "[U+05E9]" not in text  # Hebrew has a font (DejaVu Sans)
    titles = list(_pages_of(out))
    evil = [t for t in titles if "evil" in t]
    assert evil and all(t.endswith("\u202c\u2069") and "\u2068" in t for t in evil)
    assert isolate("plain") == "plain"
    assert close_bidi("a\u202eb\u2067c") == "a\u202eb\u2067c\u2069\u202c"
    assert close_bidi("a\u202cb\u2069") == "ab"
    assert BidiParagraph  # the flowable exists for body and headings


def test_what_a_real_book_carries(db: Database, book: Sample, tmp_path: Path) -> None:
    ops.update(db, "event", book.talks, {"press_line": "Good talks"})
    data = load_pack_data(db, book.visit_id)
    result = build_pack(data, PackOptions(copies=2, sections=ALL), tmp_path / "k.pdf")
    first, second = (flat(pdf_text(p)) for p in result.paths)
    for mark in ("DEPTMARK", "DRAFTERMARK", "CLEARERMARK", "ASATMARK", "RISKMARK", "DUTYMARK",
                 "FORMATMARK", "SPEAKMARK", "NORAISEMARK", "SCENEMARK", "Do not raise",
                 "Order of speaking", "Risks and sensitivities", "Duty contacts",
                 "Distribution", "Copy 2: The Minister RECIPTWO"):
        assert mark in first, mark
    assert "Copy 1 of 2 · The President RECIPONE" in first
    assert "Copy 2 of 2 · The Minister RECIPTWO" in second
    meta = PdfReader(str(result.paths[0])).metadata
    assert meta is not None and meta.author == "Asia Department DEPTMARK"


def test_timed_scenario_becomes_steps() -> None:
    steps = scenario_steps("09:58 Leaders enter\n10:00 – Opening words\n  by the host\n10.40 Move")
    assert steps == [("09:58", "Leaders enter"), ("10:00", "Opening words by the host"),
                     ("10:40", "Move")]
    assert scenario_steps("Just a note.") is None


def test_press_edition_does_not_print_the_internal_book_fields(
        db: Database, book: Sample, tmp_path: Path) -> None:
    text = flat(_build(db, book.visit_id, tmp_path / "press.pdf", edition="press",
                       sections=ALL))
    for mark in ("RISKMARK", "FORMATMARK", "SPEAKMARK", "NORAISEMARK", "SCENEMARK"):
        assert mark not in text, mark


def test_a_personal_itinerarys_copies_are_its_readers(
        db: Database, book: Sample, tmp_path: Path) -> None:
    """Not line N of the book's distribution list (line 1 is the principal's book):
    every copy of a person's itinerary names that person, and the book's list is not
    printed on its cover."""
    data = load_pack_data(db, book.visit_id)
    reader = data.people_by_id[book.aide].display_name
    result = build_pack(data, PackOptions(edition="person", person_id=book.aide, copies=2),
                        tmp_path / "p.pdf")
    for n, path in enumerate(result.paths, start=1):
        text = flat(pdf_text(path))
        assert f"Copy {n} of 2 · {reader}" in text
        assert "RECIPONE" not in text and "RECIPTWO" not in text and "Distribution" not in text
