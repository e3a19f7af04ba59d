"""An edition is a query capped at a level (pdf/editions.py): the press edition never
carries a row above press, whatever its fields; the cover prints the level."""

from __future__ import annotations

from briefing_app.core.ops import entities as ent
from briefing_app.core.ops.visits import list_visits
from briefing_app.core.pack_data import load_pack_data
from briefing_app.pdf.editions import apply_edition
from briefing_app.pdf.options import Edition, PackOptions


def _public_event(data):
    from briefing_app.pdf.editions import is_public_event

    return next(e for e in data.events if is_public_event(e))


def test_the_press_edition_leaves_out_rows_above_press(demo_db):
    visit = list_visits(demo_db)[0]
    data = load_pack_data(demo_db, visit.id)
    event = _public_event(data).event
    press, rules = apply_edition(data, PackOptions(edition=Edition.PRESS))
    assert event.id in {e.event.id for e in press.events} and rules.level == "press"
    ent.update(demo_db, "event", event.id, {"level": "restricted"})
    data = load_pack_data(demo_db, visit.id)
    press, _ = apply_edition(data, PackOptions(edition=Edition.PRESS))
    assert event.id not in {e.event.id for e in press.events}
    book, rules = apply_edition(data, PackOptions(edition=Edition.DELEGATION))
    assert event.id in {e.event.id for e in book.events} and rules.level == "confidential"


def test_a_new_item_takes_its_visits_default_level(db):
    visit = ent.create(db, "visit", None, {
        "title": "Levels", "visit_type": "state visit", "start_date": "2019-09-10",
        "end_date": "2019-09-12", "home_tz": "Asia/Almaty", "default_level": "restricted"})
    fact = ent.create(db, "fact", visit.id, {"statement": "GDP"})
    assert fact.level == "restricted"
    point = ent.create(db, "talking_point", visit.id, {"text": "ours", "level": "public",
                                                        "restricted": True})
    assert point.level == "restricted"  # a point marked restricted is never below it
