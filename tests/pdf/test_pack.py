"""The principal's book: scripts, page furniture, outline, contents, data loading."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing_app.core.database import open_database
from briefing_app.core.pack_data import PackData, load_pack_data
from briefing_app.pdf import SECTIONS, PackOptions, build_pack

from .conftest import LOGISTICS, NFD, OBJECTIVE, SECRET_POINT, Sample, flat, make_sample, pdf_text


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Sample, PackData, Path]:
    folder = tmp_path_factory.mktemp("pack")
    db = open_database(folder / "b.sqlite")
    sample = make_sample(db)
    data = load_pack_data(db, sample.visit_id)
    db.close()
    out = folder / "principal.pdf"
    build_pack(data, PackOptions(watermark="DRAFT", sections=frozenset(SECTIONS)), out)
    return sample, data, out


def test_names_in_all_three_scripts_are_extractable(built: tuple[Sample, PackData, Path]) -> None:
    text = flat(pdf_text(built[2]))
    for name in ("Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev", "习近平", "阿里巴巴", "әғқңөұүһі"):
        assert name in text


def test_every_page_but_the_cover_has_marking_top_and_bottom_and_page_n_of_m(
        built: tuple[Sample, PackData, Path]) -> None:
    reader = PdfReader(str(built[2]))
    total = len(reader.pages)
    assert total > 5
    for n, page in enumerate(reader.pages[1:], start=2):
        height = float(page.mediabox.height)
        ys: list[float] = []

        def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
            if "RESTRICTED" in text:
                ys.append(cm[5] + tm[5])  # noqa: B023

        page.extract_text(visitor_text=visit)
        assert any(y > height - 80 for y in ys), f"no marking at the top of page {n}"
        assert any(y < 80 for y in ys), f"no marking at the foot of page {n}"
        assert f"Page {n} of {total}" in " ".join(page.extract_text().split())
        assert "Copy 1 of 1" in page.extract_text()


def test_outline_has_sections_days_and_events(built: tuple[Sample, PackData, Path]) -> None:
    reader = PdfReader(str(built[2]))
    titles: list[str] = []

    def walk(items: list) -> None:
        for it in items:
            if isinstance(it, list):
                walk(it)
            else:
                titles.append(it.title)

    walk(reader.outline)
    for section in ("Steering brief", "Programme at a glance", "Programme day by day",
                    "Meeting briefs", "Deliverables", "Biographies", "Facts and figures"):
        assert section in titles
    assert sum(t.startswith("Day ") for t in titles) == 3
    for title in ("10:00 Talks with President Xi", "12:30 State banquet", "15:00 Business forum"):
        assert title in titles


def test_contents_page_numbers_match_where_sections_start(
        built: tuple[Sample, PackData, Path]) -> None:
    reader = PdfReader(str(built[2]))
    pages = pdf_text(built[2])
    contents = " ".join(pages[1].split())
    assert contents.startswith("RESTRICTED") or "Contents" in contents
    dests = {}

    def walk(items: list) -> None:
        for it in items:
            if isinstance(it, list):
                walk(it)
            else:
                dests[it.title] = reader.get_destination_page_number(it) + 1

    walk(reader.outline)
    checked = 0
    for title in ("Steering brief", "Programme at a glance", "Programme day by day",
                  "Meeting briefs", "Deliverables", "Biographies", "Facts and figures"):
        m = re.search(re.escape(title) + r"\s*(\d+)", contents)
        assert m, f"{title} not in the contents"
        printed = int(m.group(1))
        assert printed == dests[title]
        assert title in pages[printed - 1]
        checked += 1
    assert checked == 7
    links = [a for a in reader.pages[1].get("/Annots", []) if a.get_object()["/Subtype"] == "/Link"]
    assert len(links) >= 7


def test_principal_book_holds_briefs_but_not_logistics(built: tuple[Sample, PackData, Path]) -> None:
    text = flat(pdf_text(built[2]))
    assert SECRET_POINT in text and NFD in text and OBJECTIVE in text
    assert LOGISTICS not in text
    assert "STALE" in text and "STALEFACTPSI" in text
    assert "home 04:00–05:30 UTC+6" in text or "08:00–09:30 UTC+6" in text


def test_points_keep_the_users_order(built: tuple[Sample, PackData, Path]) -> None:
    text = flat(pdf_text(built[2]))
    brief = text[text.index("Points to make"):]
    assert brief.index("Trade should double") < brief.index("RESTRICTEDPOINTZETA") < brief.index(
        "Transit via Khorgos")


def test_load_pack_data_reads_in_one_transaction_and_returns_plain_data(
        db_path: Path) -> None:
    db = open_database(db_path)
    sample = make_sample(db)
    calls = 0
    original = db.read

    def counting_read():  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return original()

    db.read = counting_read  # type: ignore[method-assign]
    data = load_pack_data(db, sample.visit_id)
    db.close()
    assert calls == 1
    assert [e.event.title for e in data.events][0].startswith("INTERNAL")
    talks = data.events_by_id[sample.talks]
    assert [p.point.text for p in talks.points][0] == "Trade should double"
    assert talks.start.venue.hour == 10 and talks.start.home.hour == 8
    assert data.principal is not None and data.principal.id == sample.tokayev
    assert {a.agreement.title: a.latest.number if a.latest else None for a in data.agreements}[
        "PUBLICSIGNEDAGREEMENTRHO"] == 2
    with pytest.raises(AttributeError):
        data.visit = None  # type: ignore[misc]
    assert "sqlalchemy" not in type(data.events[0].event).__module__


def test_the_demo_visit_prints_in_every_edition(demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from briefing_app.core.ops.visits import list_visits

    visit = list_visits(demo_db)[0]
    data = load_pack_data(demo_db, visit.id)
    person = next(p for p in data.people if p.native_name == "习近平")
    for edition in ("principal", "delegation", "press", "pocket", "person"):
        out = tmp_path / f"{edition}.pdf"
        result = build_pack(data, PackOptions(edition=edition, person_id=person.id,
                                              sections=frozenset(SECTIONS)), out)
        assert result.pages >= 2
        assert not [w for w in result.warnings if "no font" in w]
        text = flat(pdf_text(out))
        assert "习近平" in text and "Тоқаев" in text, edition
