"""The writer side of the crash test: edits through the core API until it is killed.

Run as `python -m tests.reliability.crash_writer DB` from the checkout. It imports the
app once and then acts as a fork server (so a hundred kills do not cost a hundred
interpreter start-ups): each line `run N SEED` on stdin forks a writer child that opens
the database and performs edits numbered from N, writing to stdout

    B {op as JSON}    before calling the core (the edit may or may not get committed)
    A n               after the call returned, i.e. after COMMIT (acknowledged)

The server answers `P pid` for each child and `X pid status` once it has been reaped.
Each line is one os.write() smaller than PIPE_BUF, so a kill never leaves half a line.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

from briefing_app.core.database import Database, open_database
from briefing_app.core.ops import agreements as ag
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops import links
from briefing_app.core.ops.visits import duplicate_visit, list_visits

WORK_VISIT = "Crash test: working visit"
TEMPLATE_VISIT = "Crash test: template visit"
EVENT_TITLE = "title-initial"
AGREEMENT_TITLE = "Crash test agreement"
MAX_DUPLICATES = 3
PASSPHRASE_ENV = "CRASH_TEST_PASSPHRASE"  # set by the harness for an encrypted file
CHILD_LIFETIME_S = 30.0  # a child never outlives a vanished test by long
STATUS_CYCLE = {"draft": ["under negotiation"], "under negotiation": ["draft", "agreed"],
                "agreed": ["under negotiation"]}
VERSION_PADDING = "Статья 1. 第一条 The Parties shall cooperate. " * 150  # ~7 kB: many pages


def _visit(db: Database, title: str, start: str, end: str) -> int:
    return ent.create(db, "visit", None, {"title": title, "visit_type": "state visit",
                                          "start_date": start, "end_date": end,
                                          "home_tz": "Asia/Almaty"}).id


def prepare(db_path: Path, key: object = None) -> None:
    """Create the data the writer edits: a working visit and a template to duplicate
    (in a new encrypted file when `key`, a cipher.Key, is given)."""
    db = open_database(db_path, key=key)  # type: ignore[arg-type]
    try:
        work = _visit(db, WORK_VISIT, "2019-09-10", "2019-09-12")
        people = [ent.create(db, "person", work, {"native_name": name}).id
                  for name in ("Қасым-Жомарт Тоқаев", "习近平", "马云", "Әлихан Смайылов",
                               "王毅")]
        ent.create(db, "event", work, {"title": EVENT_TITLE, "event_type": "talks",
                                       "tz": "Asia/Shanghai", "start_local": "2019-09-11 10:00",
                                       "end_local": "2019-09-11 11:00"})
        ent.create(db, "agreement", work, {"title": AGREEMENT_TITLE})
        template = _visit(db, TEMPLATE_VISIT, "2019-09-10", "2019-09-12")
        venues = [ent.create(db, "venue", template, {"name": f"Hall {i}", "tz": "Asia/Shanghai"}).id
                  for i in range(3)]
        people = [ent.create(db, "person", template, {"native_name": f"Person {i} 王"}).id
                  for i in range(6)]
        points = [ent.create(db, "talking_point", template, {"text": f"Point {i} Тоқаев"}).id
                  for i in range(5)]
        facts = [ent.create(db, "fact", template, {"statement": f"Fact {i}"}).id for i in range(3)]
        for i in range(8):
            ev = ent.create(db, "event", template, {
                "title": f"Event {i}", "event_type": "talks", "tz": "Asia/Shanghai",
                "venue_id": venues[i % 3], "start_local": f"2019-09-11 {8 + i:02d}:00",
                "end_local": f"2019-09-11 {8 + i:02d}:45"}).id
            links.set_participant(db, ev, people[i % 6])
            links.set_participant(db, ev, people[(i + 1) % 6], "host")
            links.link_point(db, ev, points[i % 5])
            links.link_fact_to_event(db, ev, facts[i % 3])
        for i in range(2):
            agreement = ent.create(db, "agreement", template, {"title": f"Memorandum {i}"}).id
            ag.set_signatories(db, agreement, people[:2])
            ag.add_version(db, agreement, f"Text {i}\n" + VERSION_PADDING)
    finally:
        db.close()


def _say(line: str) -> None:
    os.write(1, (line + "\n").encode("utf-8"))


class Writer:
    """Chooses and performs edits; the choice depends only on the seed and the data."""

    def __init__(self, db: Database, seed: int) -> None:
        self.db = db
        self.rng = random.Random(seed)
        visits = {v.title: v.id for v in list_visits(db)}
        self.work, self.template = visits[WORK_VISIT], visits[TEMPLATE_VISIT]
        self.event = ent.list_for_visit(db, "event", self.work)[0].id
        self.agreement = ent.list_for_visit(db, "agreement", self.work)[0].id
        self.people = {p.native_name: p.id for p in ent.list_for_visit(db, "person", self.work)}

    def _points(self) -> dict[str, int]:
        return {p.text: p.id for p in ent.list_for_visit(self.db, "talking_point", self.work)}

    def _duplicates(self) -> dict[str, int]:
        return {v.title: v.id for v in list_visits(self.db) if v.title.startswith("dup-")}

    def choose(self, n: int) -> dict:
        """The next edit, as data the test can replay on its model."""
        points = sorted(self._points())
        dups = sorted(self._duplicates())
        menu = ["tp_add"] * 3 + ["title"] * 2 + ["status"] * 2 + ["signers"] * 2 + ["version"] * 2
        menu += ["tp_link", "tp_del"] * bool(points) + ["dup"] * (len(dups) < MAX_DUPLICATES)
        menu += ["dup_del"] * bool(dups)
        op = self.rng.choice(menu)
        if op == "tp_add":
            return {"op": op, "n": n, "text": f"tp-{n}"}
        if op in ("tp_link", "tp_del"):
            return {"op": op, "n": n, "text": self.rng.choice(points)}
        if op == "title":
            return {"op": op, "n": n, "title": f"title-{n}"}
        if op == "status":
            current = ent.get(self.db, "agreement", self.agreement).status
            return {"op": op, "n": n, "status": self.rng.choice(STATUS_CYCLE[current]),
                    "note": f"s-{n}"}
        if op == "signers":
            names = self.rng.sample(sorted(self.people), self.rng.randint(1, 4))
            return {"op": op, "n": n, "names": names}
        if op == "version":
            return {"op": op, "n": n, "marker": f"v-{n}"}
        if op == "dup":
            return {"op": op, "n": n, "title": f"dup-{n}"}
        return {"op": op, "n": n, "title": self.rng.choice(dups)}

    def perform(self, op: dict) -> None:
        kind = op["op"]
        if kind == "tp_add":
            ent.create(self.db, "talking_point", self.work, {"text": op["text"]})
        elif kind == "tp_link":
            links.link_point(self.db, self.event, self._points()[op["text"]])
        elif kind == "tp_del":
            ent.delete(self.db, "talking_point", self._points()[op["text"]])
        elif kind == "title":
            version = ent.get(self.db, "event", self.event).row_version
            ent.update(self.db, "event", self.event, {"title": op["title"]},
                       expected_version=version)
        elif kind == "status":
            ag.change_status(self.db, self.agreement, op["status"], note=op["note"])
        elif kind == "signers":
            ag.set_signatories(self.db, self.agreement, [self.people[x] for x in op["names"]])
        elif kind == "version":
            ag.add_version(self.db, self.agreement, op["marker"] + "\n" + VERSION_PADDING)
        elif kind == "dup":
            duplicate_visit(self.db, self.template, op["title"], "2020-05-01")
        elif kind == "dup_del":
            ent.delete(self.db, "visit", self._duplicates()[op["title"]])


def run_child(db_path: str, first: int, seed: int) -> None:
    """Edit until killed (or, as a safety net, until CHILD_LIFETIME_S has passed)."""
    deadline = time.monotonic() + CHILD_LIFETIME_S
    db = open_database(db_path)
    writer = Writer(db, seed)
    n = first
    while time.monotonic() < deadline:
        op = writer.choose(n)
        _say("B " + json.dumps(op, ensure_ascii=True))
        writer.perform(op)
        _say(f"A {n}")
        n += 1


def warm_up(db_path: str) -> None:
    """Configure the mappers and load lazy modules once, before forking (read only)."""
    db = open_database(db_path, read_only=True)
    try:
        writer = Writer(db, 0)
        writer.choose(0)
        ent.get(db, "event", writer.event)
        ag.versions(db, writer.agreement)
    finally:
        db.close()


def serve(db_path: str) -> None:
    """Fork one writer per `run N SEED` line; report its pid and its end."""
    passphrase = os.environ.get(PASSPHRASE_ENV)
    if passphrase:  # an encrypted file: the key is derived once and inherited by each fork
        from briefing_app.core import cipher

        cipher.unlock(Path(db_path), passphrase)
    warm_up(db_path)
    for line in sys.stdin:
        parts = line.split()
        if not parts or parts[0] != "run":
            continue
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                run_child(db_path, int(parts[1]), int(parts[2]))
            except BaseException as exc:  # noqa: BLE001 - reported to the test, then exit
                _say(f"E {type(exc).__name__}: {exc}".replace("\n", " ")[:3000])
                code = 1
            os._exit(code)
        _say(f"P {pid}")
        _pid, status = os.waitpid(pid, 0)
        _say(f"X {pid} {status}")


if __name__ == "__main__":
    serve(sys.argv[1])
