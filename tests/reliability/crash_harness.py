"""The checking side of the crash test: kill the writer at random, then audit the file.

After each SIGKILL the database must pass `integrity_check`, `foreign_key_check` and the
FTS index check, and its content must equal the model replayed from the acknowledged
edits — or, when an edit was in flight at the moment of the kill, the model with that
edit applied *completely*. Anything in between (a duplicated visit missing some events,
a status change without its history row, a version gap) fails the round.
"""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.reliability.crash_writer import (
    AGREEMENT_TITLE,
    EVENT_TITLE,
    PASSPHRASE_ENV,
    TEMPLATE_VISIT,
    WORK_VISIT,
)

ROOT = Path(__file__).resolve().parents[2]
CHILD_TABLES = ("venues", "people", "events", "talking_points", "facts", "agreements")


# --- reading the database -----------------------------------------------------------------

def _one(conn: sqlite3.Connection, sql: str, *args: object) -> object:
    return conn.execute(sql, args).fetchone()[0]


def _visit_counts(conn: sqlite3.Connection, visit_id: int) -> tuple[int, ...]:
    """Rows a visit owns, directly and through its events, agreements and points."""
    counts = [_one(conn, f"SELECT count(*) FROM {t} WHERE visit_id = ?", visit_id)
              for t in CHILD_TABLES]
    for sql in (
        "SELECT count(*) FROM participations p JOIN events e ON e.id = p.event_id WHERE e.visit_id = ?",
        "SELECT count(*) FROM event_talking_points l JOIN events e ON e.id = l.event_id WHERE e.visit_id = ?",
        "SELECT count(*) FROM event_facts l JOIN events e ON e.id = l.event_id WHERE e.visit_id = ?",
        "SELECT count(*) FROM agreement_signatories s JOIN agreements a ON a.id = s.agreement_id WHERE a.visit_id = ?",
        "SELECT count(*) FROM agreement_versions v JOIN agreements a ON a.id = v.agreement_id WHERE a.visit_id = ?",
        "SELECT count(*) FROM search_index_docs WHERE visit_id = ?",
    ):
        counts.append(_one(conn, sql, visit_id))
    return tuple(counts)


def audit(db_path: Path) -> tuple[list[str], dict]:
    """(problems, content snapshot) of the file as a fresh process would find it."""
    from briefing_app.core import cipher

    conn = cipher.connect(db_path, timeout=10)  # keyed when the test unlocked an encrypted file
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key: {r}" for r in conn.execute("PRAGMA foreign_key_check")]
        try:
            conn.execute("INSERT INTO search_index(search_index) VALUES('integrity-check')")
        except cipher.errors() as exc:
            problems.append(f"search index: {exc}")
        missing = _one(conn, "SELECT count(*) FROM talking_points t LEFT JOIN search_index_docs s "
                             "ON s.key = t.id * 16 + 4 WHERE s.key IS NULL")
        stray = _one(conn, "SELECT count(*) FROM search_index_docs s WHERE s.kind = 'talking_point' "
                           "AND s.row_id NOT IN (SELECT id FROM talking_points)")
        if missing or stray:
            problems.append(f"search index out of step: {missing} missing, {stray} stray")
        visits = dict(conn.execute("SELECT title, id FROM visits"))
        work, template = visits[WORK_VISIT], visits[TEMPLATE_VISIT]
        event = _one(conn, "SELECT id FROM events WHERE visit_id = ?", work)
        agreement = _one(conn, "SELECT id FROM agreements WHERE visit_id = ? AND title = ?",
                         work, AGREEMENT_TITLE)
        numbers = [r[0] for r in conn.execute(
            "SELECT number FROM agreement_versions WHERE agreement_id = ? ORDER BY number",
            (agreement,))]
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(f"agreement version numbers not contiguous: {numbers}")
        history = [tuple(r) for r in conn.execute(
            "SELECT note, status FROM agreement_status_changes WHERE agreement_id = ? ORDER BY id",
            (agreement,))]
        status = _one(conn, "SELECT status FROM agreements WHERE id = ?", agreement)
        if history and history[-1][1] != status:
            problems.append(f"agreement status {status!r} but history ends {history[-1]!r}")
        template_counts = _visit_counts(conn, template)
        dups = {}
        for title, vid in visits.items():
            if title.startswith("dup-"):
                dups[title] = _visit_counts(conn, vid)
                if dups[title] != template_counts:
                    problems.append(f"{title} half-copied: {dups[title]} != {template_counts}")
        snapshot = {
            "points": sorted(r[0] for r in conn.execute(
                "SELECT text FROM talking_points WHERE visit_id = ?", (work,))),
            "linked": sorted(r[0] for r in conn.execute(
                "SELECT t.text FROM event_talking_points l JOIN talking_points t "
                "ON t.id = l.talking_point_id WHERE l.event_id = ?", (event,))),
            "title": _one(conn, "SELECT title FROM events WHERE id = ?", event),
            "history": [list(h) for h in history],
            "status": status,
            "signers": [r[0] for r in conn.execute(
                "SELECT p.native_name FROM agreement_signatories s JOIN people p "
                "ON p.id = s.person_id WHERE s.agreement_id = ? ORDER BY s.position",
                (agreement,))],
            "versions": [r[0].split("\n", 1)[0] for r in conn.execute(
                "SELECT text FROM agreement_versions WHERE agreement_id = ? ORDER BY number",
                (agreement,))],
            "dups": sorted(dups),
            "orphans": _one(conn, "SELECT count(*) FROM events WHERE visit_id NOT IN "
                                  "(SELECT id FROM visits)"),
        }
        return problems, snapshot
    finally:
        conn.close()


# --- the model ---------------------------------------------------------------------------

def apply(state: dict, op: dict) -> dict:
    """The snapshot after `op`, computed without the database."""
    s = json.loads(json.dumps(state))
    kind = op["op"]
    if kind == "tp_add":
        s["points"] = sorted([*s["points"], op["text"]])
    elif kind == "tp_link":
        if op["text"] not in s["linked"]:
            s["linked"] = sorted([*s["linked"], op["text"]])
    elif kind == "tp_del":
        s["points"].remove(op["text"])
        s["linked"] = [t for t in s["linked"] if t != op["text"]]
    elif kind == "title":
        s["title"] = op["title"]
    elif kind == "status":
        s["history"].append([op["note"], op["status"]])
        s["status"] = op["status"]
    elif kind == "signers":
        s["signers"] = list(op["names"])
    elif kind == "version":
        s["versions"].append(op["marker"])
    elif kind == "dup":
        s["dups"] = sorted([*s["dups"], op["title"]])
    elif kind == "dup_del":
        s["dups"].remove(op["title"])
    return s


# --- driving the writer ------------------------------------------------------------------

@dataclass
class Stats:
    rounds: int = 0
    acknowledged: int = 0
    in_flight_at_kill: int = 0
    in_flight_committed: int = 0
    seconds: float = 0.0
    ops: dict[str, int] = field(default_factory=dict)


class CrashHarness:
    """One fork-server writer process; `round()` = start a writer, kill it, audit."""

    def __init__(self, db_path: Path, seed: int, passphrase: str | None = None) -> None:
        self.db_path = db_path
        self.rng = random.Random(seed)
        self.next_n = 1
        self.stats = Stats()
        _problems, self.state = audit(db_path)
        assert not _problems, _problems
        assert self.state["title"] == EVENT_TITLE
        env = dict(os.environ)
        if passphrase is not None:  # the writer unlocks once, before it forks
            env[PASSPHRASE_ENV] = passphrase
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.crash_writer", str(db_path)],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
            env=env)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put("EOF")

    def _next_line(self) -> str:
        try:
            line = self.lines.get(timeout=60)
        except queue.Empty:
            raise AssertionError("the writer process stopped answering") from None
        if line == "EOF":
            raise AssertionError("the writer server exited unexpectedly")
        return line

    def round(self, min_s: float, max_s: float, max_acks: int = 0) -> None:
        """Run one writer, SIGKILL it, audit.

        The kill comes after a random number (0..max_acks) of acknowledged edits plus
        a random delay in [min_s, max_s], so every round does work however loaded the
        machine is, and the kill lands at an unpredictable point of the next edit.
        """
        started = time.perf_counter()
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"run {self.next_n} {self.rng.randrange(1 << 30)}\n")
        self.proc.stdin.flush()
        begun: dict[int, dict] = {}
        acked: list[int] = []
        errors: list[str] = []

        def take(line: str) -> None:
            tag, _, rest = line.partition(" ")
            if tag == "B":
                op = json.loads(rest)
                begun[op["n"]] = op
            elif tag == "A":
                acked.append(int(rest))
            elif tag == "E":
                errors.append(rest)

        line = self._next_line()
        while not line.startswith("P "):
            take(line)
            line = self._next_line()
        pid = int(line.split()[1])
        wanted = self.rng.randint(0, max_acks)
        while len(acked) < wanted:
            line = self._next_line()
            assert not line.startswith(f"X {pid} "), f"the writer ended by itself: {errors}"
            take(line)
        time.sleep(self.rng.uniform(min_s, max_s))
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        line = self._next_line()
        while not line.startswith(f"X {pid} "):
            take(line)
            line = self._next_line()
        assert not errors, f"the writer failed instead of being killed: {errors}"
        self._check(begun, acked)
        self.stats.rounds += 1
        self.stats.seconds += time.perf_counter() - started

    def _check(self, begun: dict[int, dict], acked: list[int]) -> None:
        assert acked == sorted(begun)[: len(acked)], "acknowledgements out of order"
        for n in acked:
            self.state = apply(self.state, begun[n])
            kind = begun[n]["op"]
            self.stats.ops[kind] = self.stats.ops.get(kind, 0) + 1
        self.stats.acknowledged += len(acked)
        pending = [begun[n] for n in sorted(begun) if n not in set(acked)]
        assert len(pending) <= 1, f"more than one edit in flight: {pending}"
        problems, found = audit(self.db_path)
        assert not problems, f"after the kill: {problems}"
        assert found["orphans"] == 0
        if pending:
            self.stats.in_flight_at_kill += 1
            with_it = apply(self.state, pending[0])
            if found == with_it:  # committed, but killed before it could say so
                self.state = with_it
                self.stats.in_flight_committed += 1
            else:
                assert found == self.state, _diff(self.state, found, pending[0])
        else:
            assert found == self.state, _diff(self.state, found, None)
        self.next_n = max([self.next_n - 1, *begun]) + 1

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _diff(expected: dict, found: dict, pending: dict | None) -> str:
    keys = [k for k in expected if expected[k] != found.get(k)]
    parts = [f"{k}: expected {expected[k]!r}, found {found.get(k)!r}" for k in keys]
    return f"database differs from the acknowledged edits (in flight: {pending}): " + "; ".join(parts)
