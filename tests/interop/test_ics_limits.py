"""The calendar reader's limits: it sees every BEGIN the parser sees (with parameters,
folded, at any depth), stays linear in its input, refuses an oversize file by its size
before reading it, and reads RRULE numbers up to their documented bounds."""

from __future__ import annotations

import functools
import time
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_app.core.errors import ValidationError
from briefing_app.core.ops import entities as ent
from briefing_app.interop.ics_import import import_ics
from briefing_app.interop.ics_read import (
    MAX_COMPONENTS,
    MAX_ICS_BYTES,
    ReadContext,
    _content_lines,
    parse_calendar,
    prescan,
)
from briefing_app.interop.ics_recurrence import MAX_FILE_PERIODS, RecurrenceError, parse_rule

from .helpers import db_files_hash
from .test_ics_import import HEAD, TAIL, vevent, write


@pytest.fixture
def visit(db):
    return ent.create(db, "visit", None, {"title": "Visit to China", "visit_type": "state visit",
                                           "start_date": "2019-09-10", "end_date": "2019-09-12",
                                           "home_tz": "Asia/Almaty"})


CTX = ReadContext((date(2019, 9, 10), date(2019, 9, 12)), ("Asia/Shanghai",),
                  lambda _location: "Asia/Shanghai")


def _nested(depth: int, begin: str = "BEGIN;X=1:VEVENT", end: str = "END;X=1:VEVENT") -> bytes:
    body = f"{begin}\r\nDTSTART:20190911T020000Z\r\n" * depth + f"{end}\r\n" * depth
    return (HEAD + body + TAIL).encode()


def _cpu(fn) -> float:
    """The least CPU time of three runs: other processes on the machine barely move it."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        fn()
        best = min(best, time.process_time() - started)
    return best


def _flat(size: int) -> bytes:
    """A plain calendar of about `size` bytes: events side by side, none nested."""
    one = vevent("e", ":20190911T100000Z", summary="Plain")
    body = "".join(one.replace("UID:e", f"UID:e{i}") for i in range(max(1, size // len(one))))
    return (HEAD + body + TAIL).encode()


@functools.cache
def _flat_cpu(size: int) -> float:
    """CPU time to read a plain calendar of `size` bytes (once: noise only makes it larger)."""
    data = _flat(size)
    started = time.process_time()
    parse_calendar(data, CTX)
    return time.process_time() - started


@pytest.mark.parametrize("begin,end", [
    ("BEGIN;X=1:VEVENT", "END;X=1:VEVENT"),
    ("begin:vevent", "end:vevent"),
    ("B EGIN:VEVENT", "E ND:VEVENT"),
    ("BEGIN;X=\"a:b\":VEVENT", "END:VEVENT"),
])
def test_nesting_is_seen_through_parameters_case_and_spaces(begin, end):
    hostile = _nested(2_000, begin, end)

    def refuse() -> None:
        with pytest.raises(ValidationError, match="nested too deeply"):
            parse_calendar(hostile, CTX)

    # Was 108 s for BEGIN;X=1 at depth 2,000; now no slower than reading a plain
    # calendar of the same size (which takes a fraction of a second).
    assert _cpu(refuse) <= 2 * _flat_cpu(len(_nested(2_000)) * 11 // 10)


def test_a_begin_folded_over_two_lines_is_counted():
    data = (HEAD + "BEG\r\n IN:VEVENT\r\nDTSTART:20190911T020000Z\r\n" * 8
            + "END:VEVENT\r\n" * 8 + TAIL).encode()
    with pytest.raises(ValidationError, match="nested too deeply"):
        parse_calendar(data, CTX)


def test_events_written_with_parameters_count_against_the_limit():
    body = "".join(vevent(f"e{i}", ":20190911T100000Z").replace("BEGIN:VEVENT", "BEGIN;X=1:VEVENT")
                   for i in range(5_001))
    with pytest.raises(ValidationError, match="5,001 events"):
        parse_calendar((HEAD + body + TAIL).encode(), CTX)


def test_components_of_any_kind_are_limited():
    alarm = "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT5M\r\nEND:VALARM\r\n"
    body = vevent("a", ":20190911T100000Z", extra=(alarm * (MAX_COMPONENTS + 1)).replace("\r\n", "\n"))
    with pytest.raises(ValidationError, match=f"more than {MAX_COMPONENTS:,} components"):
        parse_calendar((HEAD + body + TAIL).encode(), CTX)


def test_the_parser_is_given_exactly_the_lines_that_were_counted():
    text = (HEAD + "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Long\r\n  title\r\n\r\n\tend\r\n"
            "DTSTART:20190911T100000Z\r\nEND:VEVENT\r\n" + TAIL)
    checked = prescan(text)
    assert (checked.vevents, checked.components) == (1, 2)
    assert "SUMMARY:Long titleend\r\n" in checked.text
    (item,) = parse_calendar(text.encode(), CTX).occurrences
    assert item.title == "Long titleend"


def test_nested_events_are_read_in_linear_time():
    """A file of nested events without UIDs (legal depth, repeated) costs about four times
    as much at four times the size; deriving each UID from its whole subtree made it square."""
    block = ("BEGIN:VEVENT\r\nDTSTART:20190911T020000Z\r\n" * 5 + "END:VEVENT\r\n" * 5)

    def data(copies: int) -> bytes:
        return (HEAD + block * copies + TAIL).encode()

    small, large = data(60), data(240)
    assert len(parse_calendar(small, CTX).occurrences) == 300
    ratio = _cpu(lambda: parse_calendar(large, CTX)) / _cpu(lambda: parse_calendar(small, CTX))
    assert ratio < 10, f"4x the input took {ratio:.1f}x the time"


def test_an_oversize_file_is_refused_by_its_size_before_it_is_read(db, db_path, visit,
                                                                   tmp_path, monkeypatch):
    path = tmp_path / "big.ics"
    path.write_bytes((HEAD + "X-PAD:" + "a" * 70 + "\r\n").encode() * 70_000)
    size = path.stat().st_size
    assert size > MAX_ICS_BYTES
    reads: list[int] = []
    real_open = type(path).open

    def counting_open(self, *args, **kwargs):
        fh = real_open(self, *args, **kwargs)
        if self.name != path.name:
            return fh
        real_read = fh.read

        def read(n=-1):
            reads.append(n)
            return real_read(n)

        fh.read = read
        return fh

    before = db_files_hash(db_path)
    monkeypatch.setattr(type(path), "open", counting_open)
    with pytest.raises(ValidationError) as err:
        import_ics(db, path, visit.id)
    assert f"{size:,} bytes" in err.value.reason and f"at most {MAX_ICS_BYTES:,}" in err.value.reason
    assert reads == [], "refused by its size on disk, before any read"
    monkeypatch.undo()
    assert db_files_hash(db_path) == before


def test_a_stream_without_a_size_is_read_only_up_to_the_limit(db, visit):
    with pytest.raises(ValidationError, match=f"goes on past {MAX_ICS_BYTES:,} bytes"):
        import_ics(db, "/dev/zero", visit.id)


@pytest.mark.parametrize("count", [10_000, 99_999, 100_000])
def test_large_counts_up_to_the_documented_bound_are_read(count):
    assert parse_rule(f"FREQ=DAILY;COUNT={count}").count == count


@pytest.mark.parametrize("rule,message", [
    ("FREQ=DAILY;COUNT=100001", "COUNT value 100001 is out of range (1–100,000)"),
    ("FREQ=DAILY;COUNT=" + "9" * 5_000, "is out of range"),
    ("FREQ=DAILY;INTERVAL=10001", "INTERVAL value 10001 is out of range (1–10,000)"),
    ("FREQ=DAILY;COUNT=1O", "is not a list of numbers"),
    ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY value 0 is out of range"),
])
def test_numbers_beyond_their_bound_say_so(rule, message):
    with pytest.raises(RecurrenceError) as err:
        parse_rule(rule[:1_000])
    assert message in str(err.value)


def test_a_daily_rule_with_count_10000_imports_its_visit_days(db, visit, tmp_path):
    body = vevent("r", ";TZID=Asia/Shanghai:20190910T080000", ";TZID=Asia/Shanghai:20190910T083000",
                  "Briefing", "RRULE:FREQ=DAILY;COUNT=10000")
    summary = import_ics(db, write(tmp_path, body), visit.id)
    assert (summary.added, summary.skipped) == (3, [])


def test_recurrence_work_is_bounded_for_the_whole_file():
    """Each rule alone may look at 50,000 days before the visit (COUNT forbids skipping
    them); 5,000 such events took minutes. The file as a whole has a budget."""
    rule = "RRULE:FREQ=DAILY;COUNT=100000;BYMONTH=2;BYMONTHDAY=30"
    body = "".join(vevent(f"r{i}", ":19000101T080000Z", extra=rule) for i in range(60))
    parsed = parse_calendar((HEAD + body + TAIL).encode(), CTX)
    reasons = [s.reason for s in parsed.skipped]
    assert len(reasons) == 60 and parsed.occurrences == []
    over = [r for r in reasons if f"more than {MAX_FILE_PERIODS:,} steps" in r]
    assert 40 <= len(over) < 60  # the first rules use the budget up; the rest are skipped
    assert parsed.budget.left < 0


def test_a_component_name_in_a_message_stays_on_one_line():
    """Found by the fuzzer: a BEGIN value unescapes `\\n` into a line break."""
    data = (HEAD + "BEGIN;X=1:VEVENT\\nDRESS\r\nEND:VEVENT\r\n" + TAIL).encode()
    with pytest.raises(ValidationError) as err:
        parse_calendar(data, CTX)
    assert "\n" not in str(err.value) and "VEVENT?DRESS" in str(err.value)


@settings(max_examples=500, derandomize=True, database=None, deadline=None)
@given(st.lists(st.sampled_from(["A", "B:1", " ", "\t", "\r", "\n", "\r\n", "\n\n", ":", "\x0b",
                                 "\u2028", "\r\r", " \r", "\n ", "\r\n "]), max_size=40).map("".join))
def test_lines_are_unfolded_and_split_exactly_as_the_parser_does(text: str) -> None:
    from icalendar.parser.content_line import Contentlines

    mine = [line for _number, line in _content_lines(text)]
    assert mine == [str(line) for line in Contentlines.from_ical(text) if line]
    # ... and the text the parser is finally given splits into the very same lines.
    joined = "\r\n".join(mine) + "\r\n"
    assert [str(line) for line in Contentlines.from_ical(joined) if line] == mine
