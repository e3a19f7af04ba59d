"""The programme and the meeting brief list an event's participants in precedence
order (the demo's extended talks: the participation list was entered in another)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_app.core.database import Database
from briefing_app.core.ops.visits import list_visits
from briefing_app.core.pack_data import load_pack_data
from briefing_app.pdf import PackOptions, build_pack

from .conftest import flat, pdf_text

# Nuryshev and Nurtleuov share rank 3 and office rank 20: the earlier appointment
# (2015) goes first; the user listed Nurtleuov first and the counterpart in between.
IN_PRECEDENCE = ["Kassym-Jomart Tokayev", "Beibut Atamkulov", "Shakhrat Nuryshev",
                 "Murat Nurtleuov", "Yerlan Omarov", "Aigerim Sarsenova", "Xi Jinping",
                 "Wang Yi", "Zhong Shan", "Zhang Li"]


def _the_extended_talks(text: str) -> str:
    """The stretch of text from the principal's name to his next mention that names all
    ten: the extended talks' list (no other event has all of them)."""
    first = IN_PRECEDENCE[0]
    for piece in text.split(first)[1:]:
        if all(n in piece for n in IN_PRECEDENCE[1:]):
            return first + piece
    raise AssertionError("no list names all ten people of the extended talks")


@pytest.mark.parametrize("section", ["programme", "briefs"])
def test_the_extended_talks_list_their_people_in_precedence(
        demo_db: Database, tmp_path: Path, section: str) -> None:
    visit = list_visits(demo_db)[0]
    out = tmp_path / "pack.pdf"
    build_pack(load_pack_data(demo_db, visit.id),
               PackOptions(edition="principal", sections=frozenset({section})), out)
    chunk = _the_extended_talks(flat(pdf_text(out)))
    found = [chunk.index(n) for n in IN_PRECEDENCE]
    assert found == sorted(found), [n for _p, n in sorted(zip(found, IN_PRECEDENCE, strict=True))]
