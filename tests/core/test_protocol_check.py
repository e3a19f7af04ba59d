"""The protocol office's warnings (core/protocol_check.py) and `check` printing them
without failing: passports, visas and the seating plans' checks."""

from __future__ import annotations

from briefing_app.cli import main
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops import seating
from briefing_app.core.ops.visits import list_visits
from briefing_app.core.protocol_check import protocol_warnings


def test_the_demo_warns_of_one_passport_and_one_visa(demo_db):
    visit = list_visits(demo_db)[0]
    found = protocol_warnings(demo_db, visit.id)
    assert found == [
        "Мұрат Нұртілеуов (Murat Nurtleuov): passport expires on 20 Jan 2020, within 6 months "
        "of the visit's end (12 Sep 2019)",
        "Ерлан Омаров (Yerlan Omarov): visa applied, not granted"]


def test_a_seated_stranger_is_warned_of(demo_db):
    visit = list_visits(demo_db)[0]
    plan = next(p for p in seating.plans_of_visit(demo_db, visit.id) if "lunch" in p.title)
    stranger = next(p for p in ent.list_for_visit(demo_db, "person", visit.id)
                    if p.latin_name == "Jiang Zemin")
    seating.seat_person(demo_db, plan.id, stranger.id, 1)
    found = [w for w in protocol_warnings(demo_db, visit.id) if w.startswith("seating plan")]
    assert found and all(plan.title in w for w in found)
    assert any("江泽民" in w or "Jiang Zemin" in w for w in found)


def test_check_prints_the_warnings_and_still_passes(capsys, demo_db_path):
    assert main(["--db", str(demo_db_path), "check"]) == 0
    out = capsys.readouterr().out
    assert "warning: Ерлан Омаров (Yerlan Omarov): visa applied, not granted" in out
    assert "integrity ok, no scheduling conflicts; 2 protocol warning(s)" in out
