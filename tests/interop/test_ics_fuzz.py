"""Fuzzing the calendar reader with mutations of real calendars the app exported.

Every input either loads or is refused with the app's own error (ValidationError or
BriefingError: any other exception fails the test), takes CPU time within a generous
bound linear in its size (relative to reading the unmutated export on this machine, so
a busy machine cannot make it flake), and leaves the database byte-for-byte as it was
when it is refused.

The budget is fixed and the examples derandomised, so every run tries the same inputs;
set BRIEFING_FUZZ_EXAMPLES to try more (and BRIEFING_FUZZ_RANDOM=1 for new ones).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing_app.core.database import open_database
from briefing_app.core.errors import BriefingError, ValidationError
from briefing_app.core.ops.visits import list_visits
from briefing_app.interop.ics_export import export_ics
from briefing_app.interop.ics_import import import_ics
from briefing_app.interop.ics_read import ReadContext, parse_calendar

from .helpers import db_files_hash

pytestmark = pytest.mark.sqlite_only(reason="leaves the database file byte-for-byte as it was")

EXAMPLES = int(os.environ.get("BRIEFING_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # time is bounded by the test itself, relative to this machine
    derandomize=os.environ.get("BRIEFING_FUZZ_RANDOM") != "1",
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
)
SLACK = 100  # times the per-byte cost of reading the export an input may take (a hang is
# thousands of times more; a cold cache or a collection on a busy machine is not)

HOSTILE_LINES = [
    b"BEGIN;X=1:VEVENT", b"END;X=1:VEVENT", b"BEGIN:VEVENT", b"END:VEVENT", b"BEGIN:VALARM",
    b"END:VALARM", b"BEGIN:VCALENDAR", b"END:VCALENDAR", b"BEGIN:VTIMEZONE", b"begin:vevent",
    b"B EGIN:VEVENT", b"BEGIN;X=\"a:b\":VEVENT", b" BEGIN:VEVENT", b"\tcontinued", b" ",
    b"DTSTART;TZID=Europe/Berlin:20190331T023000", b"DTEND;TZID=Europe/Berlin:20191027T023000",
    b"DTSTART:20190911T100000Z", b"DTEND:19000101T000000Z", b"DTSTART:20190911T100000",
    b"DURATION:-PT5H", b"DURATION:P99999W", b"DTSTART;VALUE=DATE:20190911",
    b"DTSTART;TZID=Mars/Olympus:20190911T100000", b"RRULE:FREQ=DAILY;COUNT=10000",
    b"RRULE:FREQ=DAILY;COUNT=100000;BYMONTH=2;BYMONTHDAY=30", b"RRULE:FREQ=SECONDLY",
    b"RRULE:FREQ=YEARLY;COUNT=" + b"9" * 400, b"RRULE:FREQ=WEEKLY;BYDAY=+9MO",
    b"EXDATE:garbage", b"RDATE;VALUE=PERIOD:20190911T100000Z/PT1H",
    b"RECURRENCE-ID:20190911T100000Z", b"UID:", b"SUMMARY:<b>bold</b>&amp;", b"SUMMARY:" + b"W" * 400,
    "LOCATION:Дом приёмов, 北京".encode(), b"CATEGORIES:a,b,\\,", b"ATTENDEE;CN=\"a:b\":mailto:x",
    b"STATUS:CANCELLED", b"SEQUENCE:99999999999999999999", b"X-" * 60 + b":x", b"\xff\xfe",
    b"\x00", b"BEGIN", b":", b";", b"\\", b"\"", b"TZOFFSETTO:+9999", b"TZID:",
]
BREAKS = [b"\r\n"] * 6 + [b"\n", b"\r", b"\r\r\n", b"\n\n"]


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory, _template_demo_db: Path) -> list[bytes]:
    """The demo visit exported by the app: the whole programme and one person's."""
    from tests.conftest import _copy_db

    folder = tmp_path_factory.mktemp("fuzz-seeds")
    path = folder / "demo.sqlite"
    _copy_db(_template_demo_db, path)
    db = open_database(path)
    try:
        from briefing_app.core.ops import entities

        visit = list_visits(db)[0]
        out = [export_ics(db, visit.id, folder / "all.ics").path.read_bytes()]
        principal = entities.get(db, "visit", visit.id).principal_id
        out.append(export_ics(db, visit.id, folder / "one.ics", person_id=principal).path.read_bytes())
    finally:
        db.close()
    return out


def _index(draw: Callable[..., Any], lines: list[bytes]) -> int:
    return draw(st.integers(0, max(0, len(lines) - 1)))


@st.composite
def _mutated(draw: Callable[..., Any], seeds: list[bytes]) -> bytes:
    """One exported calendar with one to four mutations, joined with some line break."""
    lines = draw(st.sampled_from(seeds)).split(b"\r\n")
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(OPS))
        lines = op(draw, lines) or [b""]
    return draw(st.sampled_from(BREAKS)).join(lines)


def _insert_hostile(draw: Callable[..., Any], lines: list[bytes]) -> list[bytes]:
    i = _index(draw, lines)
    return lines[:i] + [draw(st.sampled_from(HOSTILE_LINES))] + lines[i:]


def _insert_random(draw: Callable[..., Any], lines: list[bytes]) -> list[bytes]:
    i = _index(draw, lines)
    text = draw(st.one_of(st.binary(max_size=60), st.text(max_size=60).map(
        lambda t: t.encode("utf-8", "surrogatepass"))))
    return lines[:i] + [text] + lines[i:]


def _delete(draw: Callable[..., Any], lines: list[bytes]) -> list[bytes]:
    i = _index(draw, lines)
    return lines[:i] + lines[i + draw(st.integers(1, 5)):]


def _duplicate(draw: Callable[..., Any], lines: list[bytes]) -> list[bytes]:
    i = _index(draw, lines)
    return lines[:i] + [lines[i]] * draw(st.integers(1, 3)) + lines[i:]


def _swap(draw: Callable[..., Any], lines: list[bytes]) -> list[bytes]:
    i, j = _index(draw, lines), _index(draw, lines)
    lines = list(lines)
    lines[i], lines[j] = lines[j], lines[i]
    return lines


def _new_value(draw: Callable[..., Any], lines: list[bytes]) -> list[bytes]:
    i = _index(draw, lines)
    name = lines[i].partition(b":")[0]
    value = draw(st.one_of(
        st.sampled_from([b"", b"20190931T250000", b"20190911", b"-1", b"99999999T999999Z",
                         b"Europe/Berlin", b"FREQ=DAILY", b"P1D", b"a" * 300]),
        st.text(max_size=40).map(lambda t: t.encode("utf-8", "surrogatepass"))))
    return lines[:i] + [name + b":" + value] + lines[i + 1:]


def _flip(draw: Callable[..., Any], lines: list[bytes]) -> list[bytes]:
    i = _index(draw, lines)
    line = bytearray(lines[i] or b"x")
    at = draw(st.integers(0, len(line) - 1))
    line[at] = draw(st.integers(0, 255))
    return lines[:i] + [bytes(line)] + lines[i + 1:]


def _fold(draw: Callable[..., Any], lines: list[bytes]) -> list[bytes]:
    i = _index(draw, lines)
    line = lines[i]
    at = draw(st.integers(0, len(line)))
    fold = draw(st.sampled_from([b"\r\n ", b"\r\n\t", b"\n ", b"\r\n\r\n "]))
    return lines[:i] + [line[:at] + fold + line[at:]] + lines[i + 1:]


def _nest(draw: Callable[..., Any], lines: list[bytes]) -> list[bytes]:
    i = _index(draw, lines)
    j = draw(st.integers(i, len(lines)))
    depth = draw(st.sampled_from([1, 2, 5, 7, 60, 2_000]))
    begin, end = draw(st.sampled_from([(b"BEGIN;X=1:VEVENT", b"END;X=1:VEVENT"),
                                        (b"BEGIN:VEVENT", b"END:VEVENT"),
                                        (b"BEGIN:VALARM", b"END:VALARM")]))
    return lines[:i] + [begin] * depth + lines[i:j] + [end] * depth + lines[j:]


def _repeat_event(draw: Callable[..., Any], lines: list[bytes]) -> list[bytes]:
    starts = [n for n, line in enumerate(lines) if line == b"BEGIN:VEVENT"]
    if not starts:
        return lines
    i = draw(st.sampled_from(starts))
    j = next((n for n in range(i, len(lines)) if lines[n] == b"END:VEVENT"), len(lines) - 1) + 1
    copies = draw(st.sampled_from([2, 10, 100]))
    return lines[:i] + lines[i:j] * copies + lines[j:]


def _truncate(draw: Callable[..., Any], lines: list[bytes]) -> list[bytes]:
    data = b"\r\n".join(lines)
    return data[:draw(st.integers(0, len(data)))].split(b"\r\n")


OPS = [_insert_hostile, _insert_hostile, _insert_random, _delete, _duplicate, _swap, _new_value,
       _flip, _fold, _nest, _repeat_event, _truncate]


def _cpu(fn: Callable[[], Any]) -> float:
    started = time.process_time()
    fn()
    return time.process_time() - started


@pytest.fixture
def demo(demo_db: Any, demo_db_path: Path) -> Iterator[tuple[Any, Path, int]]:
    """The demo database (shared by all examples of a test), its path, its visit."""
    yield demo_db, demo_db_path, list_visits(demo_db)[0].id


def _import_bound(db: Any, visit_id: int, tmp_path: Path, seed: bytes) -> float:
    """Seconds of CPU per byte to import the unmutated export here (the least of three)."""
    path = tmp_path / "seed.ics"
    path.write_bytes(seed)
    best = min(_cpu(lambda: import_ics(db, path, visit_id, backup=False)) for _ in range(3))
    return max(best, 1e-3) / len(seed)


def test_mutated_calendars_load_or_are_refused_cleanly(seeds: list[bytes], demo: Any,
                                                       tmp_path: Path) -> None:
    db, db_path, visit_id = demo
    per_byte = _import_bound(db, visit_id, tmp_path, max(seeds, key=len))
    floor = len(max(seeds, key=len))
    path = tmp_path / "fuzz.ics"
    outcomes: dict[str, int] = {}

    @FUZZ
    @given(data=_mutated(seeds), strict=st.booleans())
    def run(data: bytes, strict: bool) -> None:
        path.write_bytes(data)
        before = db_files_hash(db_path)
        outcome = "loaded"

        def attempt() -> None:
            nonlocal outcome
            try:
                import_ics(db, path, visit_id, strict=strict, backup=False)
            except (ValidationError, BriefingError) as err:
                outcome = "refused"
                assert str(err) and "\n" not in str(err).strip(), "one line, no traceback"

        spent = _cpu(attempt)
        if outcome == "refused":
            assert db_files_hash(db_path) == before, "a refusal leaves the database as it was"
        bound = SLACK * per_byte * max(len(data), floor)
        assert spent <= bound, f"{len(data):,} bytes took {spent:.2f} s CPU (bound {bound:.2f} s)"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1

    run()
    assert set(outcomes) == {"loaded", "refused"}, outcomes  # the mutations reach both ends


CTX = ReadContext((date(2019, 9, 10), date(2019, 9, 12)), ("Asia/Shanghai", "Asia/Almaty"),
                  lambda _location: "Asia/Shanghai")


def test_the_reader_alone_never_raises_anything_but_a_refusal(seeds: list[bytes]) -> None:
    """Many more mutations straight into the reader (no database): fast, so more of them."""
    per_byte = max(min(_cpu(lambda: parse_calendar(seeds[0], CTX)) for _ in range(3)), 1e-3) / len(seeds[0])

    @settings(FUZZ, max_examples=EXAMPLES * 3)
    @given(data=_mutated(seeds))
    def run(data: bytes) -> None:
        def attempt() -> None:
            try:
                parse_calendar(data, CTX)
            except ValidationError as err:
                assert err.field == "file" and err.reason

        spent = _cpu(attempt)
        bound = SLACK * per_byte * max(len(data), len(seeds[0]))
        assert spent <= bound, f"{len(data):,} bytes took {spent:.2f} s CPU (bound {bound:.2f} s)"

    run()
