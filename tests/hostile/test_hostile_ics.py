"""The hostile corpus inside calendar files: imported literally, skipped with a reason,
or the file refused — never a crash, a read of the secret file or a connection."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar, Event

from briefing_app.core.errors import ValidationError
from briefing_app.core.ops import entities as ent
from briefing_app.interop.ics_import import import_ics

from .corpus import strings
from .guards import db_files_hash

NAMES = [h.name for h in strings(Path("/s"), 1, Path("/m"))]


@pytest.fixture
def visit(db):
    return ent.create(db, "visit", None, {"title": "Visit", "visit_type": "working visit",
                                           "start_date": "2019-09-10", "end_date": "2019-09-12",
                                           "home_tz": "Asia/Almaty"})


def _calendar_bytes(title: str) -> bytes:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    # icalendar escapes the text as RFC 5545 asks; text it cannot encode (lone
    # surrogates) goes in afterwards as raw bytes, as a hostile writer would.
    placeholder = "HOSTILE-PLACEHOLDER"
    encodable = "\ud800" not in title and "\udc00" not in title
    text = title if encodable else placeholder
    cal = Calendar.new(prodid="-//Hostile//EN")
    cal.add_component(Event.new(uid="hostile-1", summary=text, description=text,
                                location=text[:200],
                                start=datetime(2019, 9, 11, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
                                end=datetime(2019, 9, 11, 11, tzinfo=ZoneInfo("Asia/Shanghai"))))
    raw = cal.to_ical()
    return raw.replace(placeholder.encode(), title.encode("utf-8", "surrogatepass"))


@pytest.mark.parametrize("name", NAMES)
def test_hostile_text_in_a_calendar(name, corpus, db, db_path, visit, tmp_path, witness):
    item = next(h for h in corpus if h.name == name)
    path = tmp_path / "hostile.ics"
    path.write_bytes(_calendar_bytes(item.text))
    before = db_files_hash(db_path)
    try:
        summary = import_ics(db, path, visit.id)
    except ValidationError as err:  # the whole file refused (NUL, invalid UTF-8)
        assert item.outcome == "refused", str(err)
        assert err.field == "file"
        assert db_files_hash(db_path) == before
        return
    events = ent.list_for_visit(db, "event", visit.id)
    if item.outcome == "refused" or len(item.text) > 300:
        assert summary.added == 0 and len(summary.skipped) == 1
        assert "title:" in summary.skipped[0].reason
        assert events == []
    else:
        (event,) = events
        assert event.title == " ".join(item.text.split())
        assert event.logistics_notes == item.text
