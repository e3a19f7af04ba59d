"""Place cards (folded A4, one per person at the table) and the table plan poster (A3),
from the CLI and the PDF modules: pages, paper, names, and no half-written file."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A3, A4, landscape

from briefing_app.cli import main
from briefing_app.core.database import Database
from briefing_app.core.errors import NotFoundError, ValidationError
from briefing_app.core.ops import seating
from briefing_app.core.ops.visits import list_visits
from briefing_app.pdf import place_cards

from .conftest import flat


def _plans(db: Database) -> dict[str, seating.PlanData]:
    visit = list_visits(db)[0]
    return {str(p.layout): seating.load_plan(db, p.id)
            for p in seating.plans_of_visit(db, visit.id)}


def _run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _size(page: object) -> tuple[float, float]:
    box = page.mediabox  # type: ignore[attr-defined]
    return round(float(box.width), 1), round(float(box.height), 1)


@pytest.mark.parametrize("layout", ["round", "boardroom"])
def test_a_place_card_for_each_person_at_the_table_in_seat_order(
        capsys: pytest.CaptureFixture[str], demo_db_path: Path, tmp_path: Path,
        layout: str, demo_db: Database) -> None:
    plan = _plans(demo_db)[layout]
    out = tmp_path / "cards.pdf"
    code, said, err = _run(capsys, "--db", demo_db_path, "print-place-cards", plan.plan.id, out)
    at_table = [s for s in plan.seats if not s.behind]
    assert code == 0 and err == ""
    assert said.strip() == f"Wrote {out} ({len(at_table)} place cards)"
    reader = PdfReader(str(out))
    assert len(reader.pages) == len(at_table)
    for page, s in zip(reader.pages, at_table, strict=True):
        assert _size(page) == (round(A4[0], 1), round(A4[1], 1))
        text = flat([page.extract_text()])
        person = plan.people[s.person_id]
        # both faces: the upright one and the one upside down
        assert text.count(person.native_name) == 2, (person.native_name, text)
        assert text.count(person.latin_name) == 2
        assert f"Seat {s.seat} ·" in text
    behind = [plan.people[s.person_id].native_name for s in plan.seats if s.behind]
    everything = flat([p.extract_text() for p in reader.pages])
    assert behind and not any(name in everything for name in behind)  # no interpreter card


def test_the_upper_face_is_printed_upside_down(demo_db: Database) -> None:
    """Once upright (the lower face) and once turned through 180° (the upper one)."""
    plan = _plans(demo_db)["round"]
    data, pages = place_cards.place_cards_pdf(plan, place_cards.FontSet())
    assert pages == 7
    first = PdfReader(BytesIO(data)).pages[0]
    name = plan.people[plan.seats[0].person_id].latin_name
    assert flat([first.extract_text(orientations=(0,))]).count(name) == 1
    assert flat([first.extract_text(orientations=(180,))]).count(name) == 1


def test_a_plan_nobody_sits_at_is_refused_with_what_to_do(demo_db: Database,
                                                           tmp_path: Path) -> None:
    plan = _plans(demo_db)["round"]
    for s in plan.seats:
        seating.unseat(demo_db, plan.plan.id, s.person_id)
    with pytest.raises(ValidationError, match="nobody is seated .* seat it first"):
        place_cards.write_place_cards(demo_db, plan.plan.id, tmp_path / "c.pdf")
    assert not (tmp_path / "c.pdf").exists()


def test_an_error_part_way_leaves_the_old_file_and_no_partial_one(
        demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = _plans(demo_db)["round"]
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "cards.pdf"
    out.write_bytes(b"the cards printed yesterday")
    calls = []
    real = place_cards._face

    def failing(*a: object, **kw: object) -> None:
        calls.append(1)
        if len(calls) == 5:
            raise OSError("printer font vanished")
        real(*a, **kw)

    monkeypatch.setattr(place_cards, "_face", failing)
    with pytest.raises(OSError):
        place_cards.write_place_cards(demo_db, plan.plan.id, out)
    assert out.read_bytes() == b"the cards printed yesterday"
    assert [p.name for p in out.parent.iterdir()] == ["cards.pdf"]


@pytest.mark.parametrize(("flag", "size"), [("--a3", landscape(A3)), ("--a4", landscape(A4)),
                                            (None, landscape(A3))])
def test_the_table_plan_poster_is_one_landscape_page_with_every_name(
        capsys: pytest.CaptureFixture[str], demo_db_path: Path, demo_db: Database,
        tmp_path: Path, flag: str | None, size: tuple[float, float]) -> None:
    plan = _plans(demo_db)["boardroom"]
    out = tmp_path / "poster.pdf"
    code, said, err = _run(capsys, "--db", demo_db_path, "print-table-plan", "extended", out,
                           *([flag] if flag else []))
    assert code == 0 and err == "" and said.startswith(f"Wrote {out} (table plan")
    [page] = PdfReader(str(out)).pages
    assert _size(page) == (round(size[0], 1), round(size[1], 1))
    text = flat([page.extract_text()])
    assert "Talks in extended format" in text and "10:45–11:45" in text
    for s in plan.seats:
        person = plan.people[s.person_id]
        assert person.native_name in text  # the list holds each name on one line
        assert person.latin_name in text


def test_the_cli_names_a_plan_it_cannot_find_or_tell_apart(
        capsys: pytest.CaptureFixture[str], demo_db_path: Path, demo_db: Database,
        tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    code, _o, err = _run(capsys, "--db", demo_db_path, "print-table-plan", "banquet", out)
    assert code == 1 and "no seating plan matches 'banquet'" in err and "Traceback" not in err
    with pytest.raises(NotFoundError, match="matches 2 seating plans"):
        seating.find_plan(demo_db, "a")  # in both plans' titles
    code, _o, err = _run(capsys, "--db", demo_db_path, "print-place-cards", "lunch",
                         demo_db_path)
    assert code == 1 and "nothing was written" in err
    with pytest.raises(SystemExit) as stop:
        main(["--db", str(demo_db_path), "print-table-plan", "lunch", str(out), "--a3", "--a4"])
    assert stop.value.code == 2 and "not allowed with argument" in capsys.readouterr().err
    assert not out.exists()


def test_a_name_too_long_for_one_line_at_the_smallest_size_wraps() -> None:
    fonts = place_cards.FontSet()
    bold = fonts["sans-bold"]
    width = 595 - 2 * place_cards.MARGIN
    size, lines = place_cards.fitted(fonts, "Тоқаев", bold, width, place_cards.NATIVE_PT)
    assert (size, lines) == (place_cards.NATIVE_PT[0], ["Тоқаев"])  # short: the largest
    long = "Қасым-Жомарт Кемелұлы Тоқаев Нұрсұлтанұлы Әбішұлы"
    size, lines = place_cards.fitted(fonts, long, bold, width, place_cards.NATIVE_PT)
    assert size == place_cards.NATIVE_PT[1] and len(lines) > 1
    assert all(fonts.width(ln, bold, size) <= width for ln in lines)
    assert " ".join(lines).replace("- ", "-") == long
