"""The protocol office's pages of the demo pack: restricted passport data only in the
delegation's edition with `passports`, the seating diagrams' names whole."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from briefing_app.core.database import Database
from briefing_app.core.ops import seating
from briefing_app.core.ops.visits import list_visits
from briefing_app.core.pack_data import load_pack_data
from briefing_app.pdf import PackOptions, build_pack
from briefing_app.pdf.fonts import FontSet
from briefing_app.pdf.sections.seating_diagram import draw_plan, wrap_text

from .conftest import flat, pdf_text

PROTOCOL = frozenset({"protocol", "passports", "badges", "reading"})
# the demo's SAMPLE passport data of Tokayev, and a gift's estimated value
PASSPORT, BORN, EXPIRES = "SAMPLE-D0000001", "17 May 1953", "01 May 2027"
GIFT_VALUE = "1,200 USD"


def _export(db: Database, path: Path, edition: str, sections: frozenset[str] = PROTOCOL
            ) -> str:
    visit = list_visits(db)[0]
    result = build_pack(load_pack_data(db, visit.id),
                        PackOptions(edition=edition, sections=sections), path)
    return flat(pdf_text(result.paths[0]))


def test_the_press_edition_has_no_passport_birth_date_or_gift_value(
        demo_db: Database, tmp_path: Path) -> None:
    text = _export(demo_db, tmp_path / "press.pdf", "press",
                   PROTOCOL | {"programme", "biographies"})
    for secret in (PASSPORT, "SAMPLE-D", BORN, EXPIRES, GIFT_VALUE, "Gift register",
                   "passport"):
        assert secret not in text
    assert "Тоқаев" in text  # the press pack was printed, names and all


def test_the_principals_book_has_the_protocol_lists_but_no_passport_data(
        demo_db: Database, tmp_path: Path) -> None:
    text = _export(demo_db, tmp_path / "principal.pdf", "principal")
    for secret in (PASSPORT, "SAMPLE-D", BORN, EXPIRES, "passport data"):
        assert secret not in text
    assert "Delegation list" in text and GIFT_VALUE in text
    assert "KZ-001" in text  # the delegation list's badge number (not the badge sheet)
    assert "HEAD OF DELEGATION" not in text  # badges are the delegation edition's
    result = build_pack(load_pack_data(demo_db, list_visits(demo_db)[0].id),
                        PackOptions(edition="principal", sections=PROTOCOL),
                        tmp_path / "again.pdf")
    assert ("left out of the principal's book, which may not print them: badges, "
            "passports (only the delegation's may)") in result.warnings


def test_the_delegations_book_with_passports_has_them_and_their_warnings(
        demo_db: Database, tmp_path: Path) -> None:
    text = _export(demo_db, tmp_path / "delegation.pdf", "delegation")
    for shown in (PASSPORT, BORN, EXPIRES, "Delegation list — passport data (RESTRICTED)",
                  "HEAD OF DELEGATION"):
        assert shown in text
    # Nurtleuov's passport ends on 20 Jan 2020, within six months of 12 Sep 2019
    assert "passport expires on 20 Jan 2020, within 6 months" in text
    assert "visa applied, not granted" in text


def test_the_delegations_book_without_passports_blanks_them(
        demo_db: Database, tmp_path: Path) -> None:
    text = _export(demo_db, tmp_path / "d.pdf", "delegation", frozenset({"protocol"}))
    for secret in (PASSPORT, BORN, EXPIRES):
        assert secret not in text
    assert "KZ-001" in text


def test_each_plan_and_its_list_keep_to_one_page(demo_db: Database, tmp_path: Path) -> None:
    visit = list_visits(demo_db)[0]
    out = tmp_path / "p.pdf"
    build_pack(load_pack_data(demo_db, visit.id),
               PackOptions(edition="delegation", sections=frozenset({"protocol"})), out)
    pages = [flat([p]) for p in pdf_text(out)]
    for title, last in (("Talks in extended format", "Ерлан Омаров"),
                        ("Official lunch — table of honour", "Әйгерім Сәрсенова")):
        header = "Seat Name Latin Office Role"
        page = next(p for p in pages if title in p and header in p)
        assert last in page.split("Seat Name Latin Office Role")[1]


def _diagram_text(db: Database, plan_id: int) -> str:
    buf = BytesIO()
    canv = Canvas(buf, pagesize=A4)
    draw_plan(canv, FontSet(), seating.load_plan(db, plan_id), 40, 200, 480, 420, 7.5)
    canv.showPage()
    canv.save()
    return "".join(p.extract_text() for p in PdfReader(BytesIO(buf.getvalue())).pages)


@pytest.mark.parametrize("which", [0, 1])
def test_the_diagram_names_everyone_seated_in_both_scripts_whole(
        demo_db: Database, which: int) -> None:
    visit = list_visits(demo_db)[0]
    plan = seating.load_plan(demo_db, seating.plans_of_visit(demo_db, visit.id)[which].id)
    text = _diagram_text(demo_db, plan.plan.id)
    joined = re.sub(r"\s+", "", text)
    assert "…" not in text  # no name cut short
    seated = [s for s in plan.seats if not s.behind]
    assert seated
    for s in seated:
        person = plan.people[s.person_id]
        assert person.native_name.replace(" ", "") in joined, person.native_name
        assert person.latin_name.replace(" ", "") in joined, person.latin_name
    for s in plan.seats:
        if s.behind:
            assert plan.people[s.person_id].latin_name.split()[-1] in joined
    for n in range(1, plan.plan.seat_count + 1):
        assert str(n) in text


def test_names_wrap_between_words_and_after_hyphens() -> None:
    fonts = FontSet()
    font = fonts["sans-bold"]
    narrow = fonts.width("Қасым-Жомарт", font, 10) - 1
    lines = wrap_text(fonts, "Қасым-Жомарт Тоқаев", font, 10, narrow)
    assert lines == ["Қасым-", "Жомарт", "Тоқаев"]
    wide = fonts.width("Қасым-Жомарт Тоқаев", font, 10) + 1
    assert wrap_text(fonts, "Қасым-Жомарт Тоқаев", font, 10, wide) == ["Қасым-Жомарт Тоқаев"]
    assert wrap_text(fonts, "习近平", font, 10, 100) == ["习近平"]


@pytest.mark.parametrize(("layout", "count", "length", "width"), [
    ("round", 10, 2.4, 2.4), ("rectangular", 10, 3.5, 1.2), ("boardroom", 10, 5.6, 1.6),
    ("T-shape", 10, 3.0, 0.9), ("U-shape", 11, 4.0, 0.8)])
@pytest.mark.parametrize("box", [(482.0, 300.0), (820.0, 640.0)])  # the pack's, the poster's
def test_the_diagrams_names_stay_in_its_box_and_clear_of_each_other(
        demo_db: Database, layout: str, count: int, length: float, width: float,
        box: tuple[float, float]) -> None:
    from briefing_app.core.ops import entities
    from briefing_app.pdf.sections.seating_diagram import fit_plan

    lunch = seating.load_plan(demo_db, seating.find_plan(demo_db, "lunch").id)
    plan = entities.create(demo_db, "seating_plan", lunch.plan.visit_id, {
        "event_id": lunch.event.id, "title": f"Test {layout}", "layout": layout,
        "convention": "meal", "seat_count": count, "length_m": length, "width_m": width})
    seating.seat_plan_by_precedence(demo_db, plan.id)
    data = seating.load_plan(demo_db, plan.id)
    w, h = box
    _k, chairs, cx, cy = fit_plan(FontSet(), data, w, h, 7.5)
    labels = [(c.seat.number, c.label.box) for c in chairs if c.label is not None]
    assert len(labels) == len([s for s in data.seats if not s.behind])
    for n, (x0, y0, x1, y1) in labels:
        assert -1 <= cx + x0 and cx + x1 <= w + 1 and -1 <= cy + y0 and cy + y1 <= h + 1, n
    for i, (a, ba) in enumerate(labels):
        for b, bb in labels[i + 1:]:
            apart = ba[2] <= bb[0] or bb[2] <= ba[0] or ba[3] <= bb[1] or bb[3] <= ba[1]
            assert apart, f"the labels of seats {a} and {b} overlap"


def test_an_edition_says_which_sections_asked_for_by_name_it_does_not_print(
        demo_db: Database, tmp_path: Path) -> None:
    data = load_pack_data(demo_db, list_visits(demo_db)[0].id)
    result = build_pack(data, PackOptions(edition="press", sections=frozenset(
        {"programme", "protocol", "passports"})), tmp_path / "press.pdf")
    assert ("left out of the press edition, which does not print them: passports, protocol"
            in result.warnings)
    # the default choice is each edition's own: nothing to say
    result = build_pack(data, PackOptions(edition="press"), tmp_path / "press2.pdf")
    assert not any(w.startswith("left out") for w in result.warnings)
    result = build_pack(data, PackOptions(edition="pocket"), tmp_path / "pocket.pdf")
    assert not any(w.startswith("left out") for w in result.warnings)
