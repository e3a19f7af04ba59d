"""After a step of ours that changed only events, the shared programme is patched with
those events instead of read again (core/programme.py `_carried_over`, Database.memo):
over random sequences of edits (fields and brief texts), undos, new events, deletes and
writes by another connection, the programme the views get always equals a fresh read, and the patch is
taken exactly when the step changed existing events and nobody else committed."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import briefing_app.core.programme as programme
from briefing_app.core.database import open_database
from briefing_app.core.ops import changes as ch
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops import links
from tests.core.helpers import make_event, make_person, make_visit

pytestmark = pytest.mark.sqlite_only(reason="the memo's version is SQLite's data_version")

ZONES = ("Asia/Shanghai", "Asia/Almaty", "Europe/Berlin")
EVENTS = 6

OP = st.one_of(
    st.tuples(st.just("title"), st.integers(0, EVENTS - 1), st.text("ab习Қ ", max_size=6)),
    st.tuples(st.just("times"), st.integers(0, EVENTS - 1), st.integers(0, 48),
              st.integers(1, 8)),
    st.tuples(st.just("tz"), st.integers(0, EVENTS - 1), st.sampled_from(ZONES)),
    st.tuples(st.just("status"), st.integers(0, EVENTS - 1),
              st.sampled_from(["proposed", "confirmed", "cancelled"])),
    st.tuples(st.just("venue"), st.integers(0, EVENTS - 1), st.integers(-1, 1)),
    st.tuples(st.just("brief"), st.integers(0, EVENTS - 1), st.text("ab习", max_size=5)),
    st.tuples(st.just("undo")),
    st.tuples(st.just("foreign"), st.integers(0, EVENTS - 1)),
    st.tuples(st.just("create")),
    st.tuples(st.just("delete"), st.integers(0, EVENTS - 1)),
    st.tuples(st.just("attend"), st.integers(0, EVENTS - 1)),
)


def _visit(db: Any) -> tuple[int, list[int], list[int], int]:
    visit = make_visit(db)
    venues = [ent.create(db, "venue", visit.id, {"name": n, "city": "Beijing",
                                               "tz": "Asia/Shanghai"}).id
              for n in ("Great Hall", "Diaoyutai")]
    person = make_person(db, visit.id).id
    events = []
    for i in range(EVENTS):
        ev = make_event(db, visit.id, f"Event {i}", start=f"2019-09-11 {9 + i:02d}:00",
                        end=f"2019-09-11 {10 + i:02d}:30", venue_id=venues[i % 2])
        events.append(ev.id)
    links.set_participant(db, events[0], person, "principal")
    links.set_participant(db, events[1], person, "principal")  # overlaps event 0
    return visit.id, events, venues, person


def _count_patches(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each patch tried from now on: True when it gave the programme, False: read all."""
    patched: list[bool] = []
    real = programme._carried_over
    monkeypatch.setattr(programme, "_carried_over",
                        lambda *a: patched.append(bool(r := real(*a))) or r)
    return patched


def _when(hours: int, length: int) -> tuple[str, str]:
    day, hour = divmod(hours, 24)
    end_day, end_hour = divmod(hours + length, 24)
    return f"2019-09-{10 + day:02d} {hour:02d}:00", f"2019-09-{10 + end_day:02d} {end_hour:02d}:15"


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(OP, min_size=1, max_size=12))
def test_the_programme_always_equals_a_fresh_read(db_path: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  ops: list[tuple[Any, ...]]) -> None:
    path = tmp_path / "example.sqlite"
    shutil.copyfile(db_path, path)
    db = open_database(path)
    patched = _count_patches(monkeypatch)
    try:
        vid, events, venues, person = _visit(db)
        steps: list[Any] = []
        assert programme.load_programme(db, vid) == programme._read_programme(db, vid)
        for op in ops:
            fresh = programme._read_programme(db, vid)
            live = [it.event.id for d in fresh.days for it in d.items]
            target = live[op[1] % len(live)] if len(op) > 1 and live else None
            kind = op[0]
            values: dict[str, Any] = {}
            if kind == "title":
                values = {"title": op[2].strip() or "Untitled"}
            elif kind == "times":
                start, end = _when(op[2], op[3])
                values = {"start_local": start, "end_local": end}
            elif kind == "tz":
                values = {"tz": op[2]}
            elif kind == "status":
                values = {"status": op[2]}
            elif kind == "venue":
                values = {"venue_id": venues[op[2]] if op[2] >= 0 else None}
            elif kind == "brief":  # a text the programme does not hold
                values = {"objectives": op[2]}
            patched.clear()
            changed = False
            if values and target is not None:
                steps.append(ch.run(ent.update, db, "event", target, values))
                changed = bool(steps[-1].changes)  # (the same value again changes nothing)
            elif kind == "undo" and steps:
                steps.pop().reverse.apply(db)
            elif kind == "foreign" and target is not None:  # another program writes
                other = sqlite3.connect(path)
                other.execute("UPDATE events SET title = title || '*', "
                              "row_version = row_version + 1 WHERE id = ?", (target,))
                other.commit()
                other.close()
            elif kind == "create":
                step = ch.run(ent.create, db, "event", vid, {
                    "title": "New", "event_type": "talks", "tz": "Asia/Shanghai",
                    "start_local": "2019-09-12 08:00", "end_local": "2019-09-12 09:00"})
                events.append(step.value.id)
                steps.append(step)
            elif kind == "delete" and target is not None:
                steps.append(ch.run(ent.delete, db, "event", target))
            elif kind == "attend" and target is not None:
                steps.append(ch.run(links.set_participant, db, target, person, "participant")
                             if not any(p.id == person for p, _r in _parts(db, vid, target))
                             else ch.run(links.remove_participant, db, target, person))
            got = programme.load_programme(db, vid)
            assert got == programme._read_programme(db, vid), op
            if changed:
                assert patched == [True], (op, patched)  # read only the changed event
            elif kind in ("create", "foreign"):
                assert True not in patched, (op, patched)
    finally:
        db.close()


def _parts(db: Any, vid: int, event_id: int) -> tuple[Any, ...]:
    prog = programme._read_programme(db, vid)
    return next(it.participants for d in prog.days for it in d.items if it.event.id == event_id)


def test_a_commit_by_another_connection_beside_ours_is_not_patched_over(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another program commits between our COMMIT and the marks taken after it: the
    programme is read again (it holds their change too), not patched from ours."""
    db = open_database(db_path)
    try:
        vid, events, _venues, _person = _visit(db)
        programme.load_programme(db, vid)
        real = db.data_version
        calls: list[int] = []

        def version() -> int | None:
            calls.append(1)
            if len(calls) == 2:  # the mark after our COMMIT: the other program is faster
                other = sqlite3.connect(db_path)
                other.execute("UPDATE events SET title = 'Theirs' WHERE id = ?", (events[3],))
                other.commit()
                other.close()
            return real()

        monkeypatch.setattr(db, "data_version", version)
        ch.run(ent.update, db, "event", events[2], {"title": "Ours"})
        monkeypatch.setattr(db, "data_version", real)
        assert len(calls) >= 2
        got = programme.load_programme(db, vid)
        titles = {it.event.id: it.event.title for d in got.days for it in d.items}
        assert titles[events[2]] == "Ours" and titles[events[3]] == "Theirs"
        assert got == programme._read_programme(db, vid)
    finally:
        db.close()


def test_an_edit_after_a_checkpoint_is_still_patched(db_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Another connection copies the whole log back into the file, and our next write
    starts the log again: the edit is still patched, and equals a fresh read."""
    db = open_database(db_path)
    patched = _count_patches(monkeypatch)
    try:
        vid, events, _venues, _person = _visit(db)
        for n in range(3):
            other = sqlite3.connect(db_path)
            # Every frame copied back, the log left in place: the next write restarts it.
            busy, log, done = other.execute("PRAGMA wal_checkpoint(FULL)").fetchone()
            other.close()
            assert busy == 0 and log == done > 0
            programme.load_programme(db, vid)
            patched.clear()
            ch.run(ent.update, db, "event", events[n], {"title": f"After checkpoint {n}"})
            assert programme.load_programme(db, vid) == programme._read_programme(db, vid)
            assert patched == [True]
    finally:
        db.close()
