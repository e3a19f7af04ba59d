"""Editions from one source: press, person, pocket, delegation; encryption; copies."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing_app.core.database import Database
from briefing_app.core.errors import NotFoundError, ValidationError
from briefing_app.core.pack_data import load_pack_data
from briefing_app.pdf import SECTIONS, PackOptions, build_pack

from .conftest import (
    DRAFT_PUBLIC,
    INTERNAL,
    LOGISTICS,
    NFD,
    NONPUBLIC,
    OBJECTIVE,
    PUBLIC,
    SECRET_POINT,
    Sample,
    flat,
    pdf_text,
)


def export(db: Database, sample: Sample, path: Path, **kw: object) -> str:
    data = load_pack_data(db, sample.visit_id)
    kw.setdefault("sections", frozenset(SECTIONS))
    result = build_pack(data, PackOptions(**kw), path)  # type: ignore[arg-type]
    assert result.paths[0].exists()
    return flat(pdf_text(result.paths[0]))


def test_press_edition_has_no_restricted_material(db: Database, sample: Sample, tmp_path: Path) -> None:
    text = export(db, sample, tmp_path / "press.pdf", edition="press")
    for secret in (SECRET_POINT.split()[0], NFD.split()[0], INTERNAL, NONPUBLIC, DRAFT_PUBLIC,
                   OBJECTIVE.split()[0], LOGISTICS.split()[0], "CANCELLEDVISITNU",
                   "Stay calm", "Belt and Road support", "Welcome projects"):
        assert secret not in text, secret
    # Our talking points are never the press's (they were printed before); a press line
    # prints only once cleared.
    assert "Trade should double" not in text and "Good talks" not in text
    assert PUBLIC in text and "Press pack" in text
    from briefing_app.core.ops import entities as ent

    ent.update(db, "event", sample.talks, {"press_line_status": "approved"})
    assert "Good talks" in export(db, sample, tmp_path / "press2.pdf", edition="press")


def test_delegation_edition_adds_logistics_and_strikes_cancelled(
        db: Database, sample: Sample, tmp_path: Path) -> None:
    text = export(db, sample, tmp_path / "d.pdf", edition="delegation")
    assert LOGISTICS.split()[0] in text and NFD.split()[0] in text
    assert "CANCELLEDVISITNU — CANCELLED" in text


def test_person_edition_holds_only_their_events(db: Database, sample: Sample, tmp_path: Path) -> None:
    text = export(db, sample, tmp_path / "p.pdf", edition="person", person_id=sample.aide)
    assert "Talks with President Xi" in text and INTERNAL in text
    assert "State banquet" not in text and "Business forum" not in text
    assert "note-taker" in text and "Personal itinerary" in text and "Ерлан Омаров" in text
    assert "Points to make" not in text


def test_person_edition_needs_a_person_of_this_visit(db: Database, sample: Sample, tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        PackOptions(edition="person")
    with pytest.raises(NotFoundError):
        export(db, sample, tmp_path / "x.pdf", edition="person", person_id=99999)
    assert not (tmp_path / "x.pdf").exists()


def test_pocket_edition_is_small_day_cards(db: Database, sample: Sample, tmp_path: Path) -> None:
    path = tmp_path / "pocket.pdf"
    text = export(db, sample, path, edition="pocket")
    reader = PdfReader(str(path))
    assert float(reader.pages[0].mediabox.width) < 300  # A6
    assert "Day 1" in text and "Day 3" in text
    assert "CANCELLEDVISITNU" not in text
    # The key point is a draft: left off the card (it printed before) until approved.
    assert "Trade should double" not in text and "Trade" not in text.split("Talks with")[1]
    from briefing_app.core.ops import entities as ent

    point = next(p for p in ent.list_for_visit(db, "talking_point", sample.visit_id)
                 if p.heading == "Trade")
    ent.update(db, "talking_point", point.id, {"status": "approved"})
    text = export(db, sample, path, edition="pocket")
    assert "Trade" in text.split("Talks with President Xi")[1].split("State banquet")[0]


def test_letter_paper_and_custom_classification(db: Database, sample: Sample, tmp_path: Path) -> None:
    path = tmp_path / "l.pdf"
    text = export(db, sample, path, paper="letter", classification="SECRET//NOFORN")
    assert round(float(PdfReader(str(path)).pages[0].mediabox.height)) == 792
    assert text.count("SECRET//NOFORN") >= 2 * (len(PdfReader(str(path)).pages) - 1)


def test_encrypted_pack_needs_its_password(db: Database, sample: Sample, tmp_path: Path) -> None:
    path = tmp_path / "enc.pdf"
    data = load_pack_data(db, sample.visit_id)
    build_pack(data, PackOptions(password="correct horse"), path)
    reader = PdfReader(str(path))
    assert reader.is_encrypted
    assert "/AESV3" in str(reader.trailer["/Encrypt"].get_object()["/CF"])
    assert not reader.decrypt("wrong")
    reader = PdfReader(str(path))
    assert reader.decrypt("correct horse")
    text = flat([p.extract_text() for p in reader.pages])
    assert "Қасым-Жомарт Тоқаев" in text and "习近平" in text
    assert len(reader.outline) >= 5


def test_copies_are_numbered_files(db: Database, sample: Sample, tmp_path: Path) -> None:
    data = load_pack_data(db, sample.visit_id)
    result = build_pack(data, PackOptions(copies=3, sections=frozenset({"programme"})),
                        tmp_path / "book.pdf")
    assert [p.name for p in result.paths] == [
        "book-copy-1-of-3.pdf", "book-copy-2-of-3.pdf", "book-copy-3-of-3.pdf"]
    for n, p in enumerate(result.paths, start=1):
        text = flat(pdf_text(p))
        assert f"Copy {n} of 3" in text
    assert not (tmp_path / "book.pdf").exists()


def test_options_are_validated() -> None:
    for kw in ({"paper": "a3"}, {"copies": 0}, {"edition": "tabloid"}, {"sections": {"gossip"}},
               {"watermark": "x" * 41}, {"classification": "a\nb"}):
        with pytest.raises(ValidationError):
            PackOptions(**kw)  # type: ignore[arg-type]


def test_press_edition_prints_a_signed_text_without_its_negotiating_history(
        demo_db: Database, tmp_path: Path) -> None:
    from briefing_app.core.ops import agreements as ag
    from briefing_app.core.ops import entities as ent
    from briefing_app.core.ops.visits import list_visits

    visit = list_visits(demo_db)[0]
    computer = next(a for a in ent.list_for_visit(demo_db, "agreement", visit.id)
                    if "supercomputer" in a.title)
    ent.update(demo_db, "agreement", computer.id, {"is_public": True})
    ag.change_status(demo_db, computer.id, "signed")
    data = load_pack_data(demo_db, visit.id)
    sections = frozenset({"deliverables", "texts"})
    press = build_pack(data, PackOptions(edition="press", sections=sections), tmp_path / "p.pdf")
    text = flat(pdf_text(press.paths[0]))
    assert "freeofcharge" in text.replace(" ", "")  # the signed text
    assert "withintwelvemonths" not in text.replace(" ", "")  # version 1, the draft
    assert "twelve" not in text
    principal = build_pack(data, PackOptions(sections=sections), tmp_path / "x.pdf")
    # the word-level redline: "within ~~twelve~~ __nine__ months"
    assert "withintwelveninemonths" in flat(pdf_text(principal.paths[0])).replace(" ", "")


def test_missing_glyph_warnings_are_not_multiplied_by_copies(
        db: Database, sample: Sample, tmp_path: Path) -> None:
    from briefing_app.core.ops import entities as ent

    ent.create(db, "fact", sample.visit_id, {"statement": "Linear B 𐀀 tablet", "source": "x"})
    data = load_pack_data(db, sample.visit_id)
    one = build_pack(data, PackOptions(copies=1), tmp_path / "one.pdf")
    three = build_pack(data, PackOptions(copies=3), tmp_path / "three.pdf")
    glyphs = [w for w in one.warnings if "no font" in w]
    assert glyphs and glyphs == [w for w in three.warnings if "no font" in w]


def test_an_empty_section_list_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="at least one"):
        PackOptions(sections=frozenset())
