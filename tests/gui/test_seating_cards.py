"""The diagram's name cards: on every table layout with every seat taken (principals
with interpreters behind), no two cards overlap and no card covers a seat."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from briefing_app.core.enums import TableLayout
from briefing_app.core.ops.seating import PlanData
from briefing_app.core.seating_layout import layout
from briefing_app.gui.views.seating_diagram import SeatingScene

NAMES = [("Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev"), ("习近平", "Xi Jinping"),
         ("Бейбіт Атамқұлов", "Beibut Atamkulov"), ("王毅", "Wang Yi"),
         ("Шахрат Нұрышев", "Shakhrat Nuryshev")]


def _person(i: int) -> Any:
    native, latin = NAMES[(i - 1) % len(NAMES)]
    return SimpleNamespace(id=i, native_name=native, latin_name=latin,
                           display_name=f"{native} ({latin})")


def _full_plan(kind: str, n: int, length: float, width: float) -> PlanData:
    lay = layout(kind, n, length, width)
    seats = [SimpleNamespace(person_id=i, seat=i, behind=False) for i in range(1, n + 1)]
    seats += [SimpleNamespace(person_id=1000 + i, seat=i, behind=True) for i in (1, 2)]
    people = {s.person_id: _person(s.person_id) for s in seats}
    return PlanData(SimpleNamespace(), SimpleNamespace(), lay, tuple(seats), people,
                    {}, ())


@pytest.mark.parametrize(("kind", "n", "length", "width"), [
    (TableLayout.ROUND, 8, 2.2, 2.2), (TableLayout.ROUND, 12, 1.8, 1.8),
    (TableLayout.BOARDROOM, 10, 5.6, 1.6), (TableLayout.RECTANGULAR, 14, 4.0, 1.2),
    (TableLayout.T_SHAPE, 11, 3.0, 0.8), (TableLayout.U_SHAPE, 16, 5.0, 0.8),
])
def test_no_two_cards_overlap(qtbot: Any, kind: str, n: int, length: float,
                              width: float) -> None:
    scene = SeatingScene()
    scene.show_plan(_full_plan(kind, n, length, width))
    cards = [(seat, c.sceneBoundingRect()) for seat, c in scene.cards.items()]
    assert len(cards) == n
    for i, (a, ra) in enumerate(cards):
        for b, rb in cards[i + 1:]:
            assert not ra.intersects(rb), f"the cards of seats {a} and {b} overlap"
        for number, seat in scene.seat_items.items():
            assert not ra.intersects(seat.sceneBoundingRect()), \
                f"the card of seat {a} covers seat {number}"
    assert "Тоқаев" in scene.cards[1].toPlainText()
    assert "习近平" in scene.cards[2].toPlainText()


def test_a_name_with_markup_characters_shows_as_typed(qtbot: Any) -> None:
    plan = _full_plan(TableLayout.ROUND, 2, 1.2, 1.2)
    odd = SimpleNamespace(id=1, native_name="<b>Ли</b> & 李", latin_name="Li <i>",
                          display_name="<b>Ли</b> & 李 (Li <i>)")
    plan.people[1] = odd
    scene = SeatingScene()
    scene.show_plan(plan)
    text = scene.cards[1].toPlainText()
    assert "<b>Ли</b> & 李" in text and "Li <i>" in text
