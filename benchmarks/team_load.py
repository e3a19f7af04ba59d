"""Many users editing one visit on the team server at once (issue 11, "Proof and figures").

Starts a throw-away PostgreSQL cluster (tests/pg_cluster.py), prepares a database the
documented way (`server init`, the demo, a user added by `server add-user`, cleared for
confidential: every statement runs under row-level security, as for the app's users), then
runs N worker processes that edit the same visit through the core operations, each on
its own `ServerDatabase`, as the window and the CLI do:

  title edit      an event's title                entities.update(expected_version)
  log append      the worker's token appended to an event's logistics notes
  status change   an agreement agreed <-> under negotiation  agreements.change_status
  point reorder   an event's talking points               links.reorder_points
  rank reorder    one side's order of precedence           seating.reorder_precedence
  export          the principal's pack as a PDF (now and then)

Every edit is based on what the worker read: a save refused with ConflictError (someone
saved first) is read again and retried, as a user would, and counted. Anything else
reaching the "user" is an error. At the end the data is checked for lost updates:

  - each event's notes hold exactly the tokens whose saves were acknowledged, each once,
    and each worker's in the order it saved them;
  - each edited event's and agreement's row version grew by exactly the number of
    acknowledged saves of it (a write based on a stale read that slipped through would
    leave it short);
  - each agreement's status history holds one entry per acknowledged change, and every
    step in it is one the workflow allows (two changes from the same stale status would
    show as agreed -> agreed);
  - every reordered list is still a permutation of the same rows (positions 1..n).

Prints p50/p95/p99 of the save latency (every save attempt, acknowledged or refused,
from the call into the core to its return) against the 50 ms target, conflicts, retries
and the machine's load. Exit status 1 when a check fails or the target is missed.

    .venv/bin/python benchmarks/team_load.py [--workers 20] [--seconds 60] [--ops N]
                                             [--think-ms 200] [--quick]
"""

from __future__ import annotations

import argparse
import math
import multiprocessing as mp
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing_app.core.enums import AgreementStatus  # noqa: E402
from tests.pg_cluster import Cluster, destroy, start_cluster  # noqa: E402

TARGET_P95_MS = 50.0
MAX_TRIES = 25  # a user who is refused this often gives up (counted, never silent)
HOT_EVENTS = 4  # edits crowd onto few rows, so that users really collide
LOGIN, LOGIN_PW = "load_user", "load-pw"
OWNER, OWNER_PW = "load_owner", "load-owner-pw"  # the database's owner, who runs server init
# How often each operation is picked (weights); exports are rare and heavy.
MIX = (("title", 30), ("append", 30), ("status", 12), ("points", 14), ("ranks", 10),
       ("export", 1))
AGREED, NEGOTIATION = AgreementStatus.AGREED, AgreementStatus.NEGOTIATION  # a cycle


@dataclass
class Plan:
    """What the workers edit: ids read once from the prepared database."""

    url: str
    visit_id: int
    events: list[int]  # the hot events (titles and notes)
    point_events: list[int]  # events with two or more talking points
    agreements: list[int]
    sides: list[str]  # sides with two or more people


@dataclass
class Outcome:
    """One worker's account of what the server acknowledged."""

    worker: int
    saves_ms: list[float] = field(default_factory=list)  # every save attempt
    saves_by_op: dict[str, list[float]] = field(default_factory=dict)
    exports_ms: list[float] = field(default_factory=list)
    ops: Counter[str] = field(default_factory=Counter)
    conflicts: int = 0
    retries: int = 0
    gave_up: int = 0
    errors: list[str] = field(default_factory=list)
    tokens: dict[int, list[str]] = field(default_factory=dict)  # event -> acked tokens
    row_saves: Counter[tuple[str, int]] = field(default_factory=Counter)  # acked updates
    status_saves: Counter[int] = field(default_factory=Counter)


# --- preparing the database -------------------------------------------------------------

def prepare(cluster: Cluster) -> Plan:
    """A server set up as docs/team-server.md says (`server init`: schema, group role,
    row-level security), the demo, and one user added with `server add-user`, cleared
    for confidential in the visit: the workers connect as that user, under the
    policies, as the app's users do. Returns what the workers edit."""
    from briefing_app.cli import main
    from briefing_app.core.demo import load_demo
    from briefing_app.core.ops import entities, links, seating
    from briefing_app.core.ops.visits import list_visits
    from briefing_app.core.server_db import open_server

    cluster._admin(f"CREATE ROLE {OWNER} LOGIN CREATEROLE PASSWORD '{OWNER_PW}'")  # step 1
    cluster._admin(f"CREATE DATABASE team_load OWNER {OWNER} ENCODING 'UTF8' "
                   "TEMPLATE template0")
    owner_url = cluster.libpq_url("team_load", OWNER, OWNER_PW)
    if main(["server", "init", owner_url]) != 0:
        raise SystemExit("server init failed")
    db = open_server(owner_url)
    try:
        load_demo(db)
        visit = list_visits(db)[0]
        events = entities.list_for_visit(db, "event", visit.id)
        point_events = [e.id for e in events if len(links.points_of_event(db, e.id)) >= 2]
        sides = []
        for side in ("our delegation", "counterpart", "other"):
            people = [p.id for p, _ in seating.precedence_order(db, visit.id, side)]
            if len(people) >= 2:
                # Protocol ranks each side once before the team starts: the first rank
                # of a side creates its entries, and two users creating the same entry
                # at the same moment is not what this load measures (see the docs).
                seating.reorder_precedence(db, visit.id, side, people)
                sides.append(side)
        agreements = [a.id for a in entities.list_for_visit(db, "agreement", visit.id)
                      if a.status in (AGREED, NEGOTIATION)]
    finally:
        db.close()
    with tempfile.TemporaryDirectory() as folder:
        secret = Path(folder) / "pw"
        secret.write_text(LOGIN_PW + "\n", encoding="utf-8")
        if main(["server", "add-user", owner_url, LOGIN, "--clearance", "confidential",
                 "--visit", str(visit.id), "--password-file", str(secret)]) != 0:
            raise SystemExit("server add-user failed")
    if not (point_events and agreements and sides):
        raise SystemExit("the demo lacks talking points, open agreements or ranked sides")
    return Plan(cluster.libpq_url("team_load", LOGIN, LOGIN_PW), visit.id,
                [e.id for e in events[:HOT_EVENTS]], point_events[:3], agreements, sides)


# --- one worker -------------------------------------------------------------------------

class Worker:
    """One user: picks an operation, reads, saves; on a conflict reads again and retries."""

    def __init__(self, number: int, plan: Plan, seed: int, think_ms: float,
                 out_dir: Path) -> None:
        from briefing_app.core.server_db import open_server

        self.n = number
        self.plan = plan
        self.rng = random.Random(seed)
        self.think = think_ms / 1000.0
        self.out_dir = out_dir
        self.db = open_server(plan.url)
        self.result = Outcome(number)
        self.seq = 0
        self.op = ""

    def _took(self, t: float) -> None:
        ms = (time.perf_counter() - t) * 1000
        self.result.saves_ms.append(ms)
        self.result.saves_by_op.setdefault(self.op, []).append(ms)

    def save(self, attempt: Any) -> Any:
        """Run one user's save until it is acknowledged (re-reading on each conflict);
        `attempt()` reads what the user sees and returns the save to try on it."""
        from briefing_app.core.errors import ConflictError

        for tries in range(MAX_TRIES):
            if tries:
                self.result.retries += 1
            write = attempt()
            t = time.perf_counter()
            try:
                value = write()
            except ConflictError:
                self._took(t)
                self.result.conflicts += 1
                continue
            self._took(t)
            return value
        self.result.gave_up += 1
        return None

    def title(self) -> None:
        from briefing_app.core.ops import entities

        event_id = self.rng.choice(self.plan.events)

        def attempt() -> Any:
            ev = entities.get(self.db, "event", event_id)
            base = ev.title.split(" · ")[0]
            return lambda: entities.update(self.db, "event", event_id, {
                "title": f"{base} · w{self.n:02d}.{self.seq}"}, expected_version=ev.row_version)

        if self.save(attempt) is not None:
            self.result.row_saves[("event", event_id)] += 1

    def append(self) -> None:
        from briefing_app.core.ops import entities

        event_id = self.rng.choice(self.plan.events)
        token = f"w{self.n:02d}.{self.seq};"

        def attempt() -> Any:
            ev = entities.get(self.db, "event", event_id)
            return lambda: entities.update(self.db, "event", event_id, {
                "logistics_notes": ev.logistics_notes + token}, expected_version=ev.row_version)

        if self.save(attempt) is not None:
            self.result.row_saves[("event", event_id)] += 1
            self.result.tokens.setdefault(event_id, []).append(token)

    def status(self) -> None:
        from briefing_app.core.ops import agreements, entities

        ag_id = self.rng.choice(self.plan.agreements)

        def attempt() -> Any:
            ag = entities.get(self.db, "agreement", ag_id)
            new = NEGOTIATION if ag.status == AGREED else AGREED
            return lambda: agreements.change_status(self.db, ag_id, new, f"w{self.n:02d}",
                                                    expected_version=ag.row_version)

        if self.save(attempt) is not None:
            self.result.row_saves[("agreement", ag_id)] += 1
            self.result.status_saves[ag_id] += 1

    def points(self) -> None:
        from briefing_app.core.ops import links

        event_id = self.rng.choice(self.plan.point_events)

        def attempt() -> Any:
            ids = [p.id for p in links.points_of_event(self.db, event_id)]
            self.rng.shuffle(ids)
            return lambda: links.reorder_points(self.db, event_id, ids)

        self.save(attempt)

    def ranks(self) -> None:
        from briefing_app.core.ops import seating

        side = self.rng.choice(self.plan.sides)

        def attempt() -> Any:
            ids = [p.id for p, _ in seating.precedence_order(self.db, self.plan.visit_id, side)]
            self.rng.shuffle(ids)
            return lambda: seating.reorder_precedence(self.db, self.plan.visit_id, side, ids)

        self.save(attempt)

    def export(self) -> None:
        from briefing_app.core.pack_data import load_pack_data
        from briefing_app.pdf import PackOptions, build_pack

        t = time.perf_counter()
        data = load_pack_data(self.db, self.plan.visit_id)
        build_pack(data, PackOptions(), self.out_dir / f"pack-w{self.n:02d}.pdf")
        self.result.exports_ms.append((time.perf_counter() - t) * 1000)

    def run(self, deadline: float, max_ops: int | None, stop: Any) -> Outcome:
        names = [name for name, _ in MIX]
        weights = [w for _, w in MIX]
        while time.monotonic() < deadline and (max_ops is None or self.seq < max_ops):
            if stop.is_set():
                break
            name = self.op = self.rng.choices(names, weights)[0]
            self.seq += 1
            try:
                getattr(self, name)()
                self.result.ops[name] += 1
            except Exception as exc:  # noqa: BLE001 - anything but a conflict is an error
                self.result.errors.append(f"{name}: {type(exc).__name__}: {exc}")
            if self.think:  # a user's pause between saves; the end of the run cuts it short
                stop.wait(self.rng.uniform(0, 2 * self.think))
        self.db.close()
        return self.result


def _work(number: int, plan: Plan, args: argparse.Namespace, out_dir: str,
          barrier: Any, stop: Any, results: Any) -> None:
    try:
        worker = Worker(number, plan, args.seed * 1000 + number, args.think_ms, Path(out_dir))
    except Exception as exc:  # noqa: BLE001
        barrier.abort()
        results.put(Outcome(number, errors=[f"open: {type(exc).__name__}: {exc}"]))
        return
    barrier.wait()  # everyone starts together, after the imports and the connection
    results.put(worker.run(time.monotonic() + args.seconds, args.ops, stop))


# --- checks -----------------------------------------------------------------------------

def snapshot(url: str, plan: Plan) -> dict[str, Any]:
    """Row versions, notes, histories and orders, read in one transaction."""
    from briefing_app.core.ops import agreements, entities, links, seating
    from briefing_app.core.server_db import open_server

    db = open_server(url)
    try:
        events = {e: entities.get(db, "event", e) for e in plan.events}
        ags = {a: entities.get(db, "agreement", a) for a in plan.agreements}
        return {
            "versions": {**{("event", e): r.row_version for e, r in events.items()},
                         **{("agreement", a): r.row_version for a, r in ags.items()}},
            "notes": {e: r.logistics_notes for e, r in events.items()},
            "history": {a: [h.status for h in agreements.status_history(db, a)]
                        for a in plan.agreements},
            "points": {e: [p.id for p in links.points_of_event(db, e)]
                       for e in plan.point_events},
            "ranks": {s: [(p.id, entry.rank if entry else None) for p, entry in
                          seating.precedence_order(db, plan.visit_id, s)] for s in plan.sides},
        }
    finally:
        db.close()


def lost_updates(before: dict[str, Any], after: dict[str, Any],
                 outcomes: list[Outcome]) -> list[str]:
    """Every way the final data disagrees with what the server acknowledged."""
    from briefing_app.core.enums import AGREEMENT_TRANSITIONS

    problems: list[str] = []
    saves: Counter[tuple[str, int]] = Counter()
    changes: Counter[int] = Counter()
    for o in outcomes:
        saves.update(o.row_saves)
        changes.update(o.status_saves)
    for key, version in after["versions"].items():
        grew = version - before["versions"][key]
        if grew != saves[key]:
            problems.append(f"{key[0]} #{key[1]}: {saves[key]} saves acknowledged, "
                            f"row version grew by {grew}")
    for event_id, notes in after["notes"].items():
        found = [t + ";" for t in notes[len(before["notes"][event_id]):].split(";") if t]
        acked = [t for o in outcomes for t in o.tokens.get(event_id, [])]
        if sorted(found) != sorted(acked):
            missing = set(acked) - set(found)
            extra = Counter(found) - Counter(acked)
            problems.append(f"event #{event_id} notes: {len(missing)} acknowledged tokens "
                            f"missing, {sum(extra.values())} unacknowledged or doubled")
        for o in outcomes:
            mine = [t for t in found if t.startswith(f"w{o.worker:02d}.")]
            if mine != o.tokens.get(event_id, []):
                problems.append(f"event #{event_id}: worker {o.worker}'s tokens out of order")
    for ag_id, history in after["history"].items():
        added = len(history) - len(before["history"][ag_id])
        if added != changes[ag_id]:
            problems.append(f"agreement #{ag_id}: {changes[ag_id]} status changes "
                            f"acknowledged, {added} in its history")
        start = before["history"][ag_id][-1] if before["history"][ag_id] else AgreementStatus.DRAFT
        for prev, new in zip([start, *history[len(before["history"][ag_id]):]],
                             history[len(before["history"][ag_id]):], strict=False):
            if AgreementStatus(new) not in AGREEMENT_TRANSITIONS[AgreementStatus(prev)]:
                problems.append(f"agreement #{ag_id}: history steps {prev} -> {new}")
    for event_id, ids in after["points"].items():
        if sorted(ids) != sorted(before["points"][event_id]):
            problems.append(f"event #{event_id}: talking points lost or doubled by reorders")
    for side, rows in after["ranks"].items():
        ids = sorted(i for i, _ in rows)
        if ids != sorted(i for i, _ in before["ranks"][side]) or \
                sorted(r for _, r in rows) != list(range(1, len(rows) + 1)):
            problems.append(f"{side}: precedence ranks are no longer 1..{len(rows)}")
    return problems


# --- the run ----------------------------------------------------------------------------

def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank): what p % of saves took at most."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))]


def run(args: argparse.Namespace) -> int:
    cluster = start_cluster()
    try:
        plan = prepare(cluster)
        before = snapshot(plan.url, plan)
        ctx = mp.get_context("fork")  # the parent holds no connection: each opens its own
        barrier = ctx.Barrier(args.workers + 1)
        stop = ctx.Event()
        results = ctx.Queue()
        with tempfile.TemporaryDirectory(prefix="team-load-") as out_dir:
            procs = [ctx.Process(target=_work, args=(n, plan, args, out_dir, barrier, stop,
                                                     results)) for n in range(args.workers)]
            for p in procs:
                p.start()
            load_start = os.getloadavg()
            try:
                barrier.wait()
            except Exception:  # noqa: BLE001 - a worker could not connect
                stop.set()
            t0 = time.monotonic()
            outcomes = [results.get() for _ in procs]
            elapsed = time.monotonic() - t0
            stop.set()
            for p in procs:
                p.join()
        load_end = os.getloadavg()
        after = snapshot(plan.url, plan)
    finally:
        destroy(cluster)
    return report(args, outcomes, lost_updates(before, after, outcomes), elapsed,
                  load_start, load_end)


def report(args: argparse.Namespace, outcomes: list[Outcome], problems: list[str],
           elapsed: float, load_start: tuple[float, ...], load_end: tuple[float, ...]) -> int:
    saves = [ms for o in outcomes for ms in o.saves_ms]
    exports = [ms for o in outcomes for ms in o.exports_ms]
    ops: Counter[str] = Counter()
    for o in outcomes:
        ops.update(o.ops)
    errors = [e for o in outcomes for e in o.errors]
    print(f"team load: {args.workers} workers, {elapsed:.0f} s, think time "
          f"{args.think_ms:.0f} ms mean, {os.cpu_count()} CPUs, load average "
          f"{load_start[0]:.1f} before, {load_end[0]:.1f} after (1 min)")
    print("operations: " + ", ".join(f"{k} {ops[k]}" for k, _ in MIX)
          + f"; {sum(ops.values()) / max(elapsed, 1e-9):.0f} ops/s")
    print(f"conflicts {sum(o.conflicts for o in outcomes)}, retries "
          f"{sum(o.retries for o in outcomes)}, gave up {sum(o.gave_up for o in outcomes)}")
    ok = True
    if saves:
        p50, p95, p99 = (percentile(saves, p) for p in (50, 95, 99))
        verdict = "within" if p95 < TARGET_P95_MS else "OVER"
        print(f"save latency ({len(saves)} saves): p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
              f"p99 {p99:.1f} ms, max {max(saves):.1f} ms — p95 {verdict} the "
              f"{TARGET_P95_MS:.0f} ms target")
        ok = p95 < TARGET_P95_MS
        by_op: dict[str, list[float]] = {}
        for o in outcomes:
            for op, values in o.saves_by_op.items():
                by_op.setdefault(op, []).extend(values)
        print("  p95 by operation: " + ", ".join(
            f"{op} {percentile(v, 95):.0f} ms" for op, v in sorted(by_op.items())))
    else:
        print("no save was made")
        ok = False
    if exports:
        print(f"pdf export ({len(exports)}): median {statistics.median(exports):.0f} ms")
    print(f"errors reaching a user: {len(errors)}")
    for e in errors[:10]:
        print(f"  {e}")
    print(f"lost updates: {'none' if not problems else len(problems)}")
    for p in problems[:20]:
        print(f"  {p}")
    return 0 if ok and not errors and not problems else 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60.0, help="how long each worker edits")
    ap.add_argument("--ops", type=int, default=None, help="at most this many operations "
                    "per worker (the run ends at whichever bound comes first)")
    ap.add_argument("--think-ms", type=float, default=200.0, help="mean pause between a "
                    "worker's operations (0: flat out)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--quick", action="store_true", help="20 workers for 10 s")
    args = ap.parse_args(argv)
    if args.quick:
        args.seconds = min(args.seconds, 10.0)
    if args.workers < 1 or args.seconds <= 0:
        ap.error("--workers and --seconds must be positive")
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
