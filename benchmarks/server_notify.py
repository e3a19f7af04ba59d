"""Measure how long another user's edit takes to reach a window on a team server.

    .venv/bin/python benchmarks/server_notify.py [--db postgresql://…] [--pairs 200]

Without --db it starts a throw-away cluster (tests/pg_cluster.py), migrates it and loads
the demo. A writer (one ServerDatabase) renames an event through `changes.run` and
`entities.update` — one user action, one transaction whose notice is sent on commit —
and a listener on a connection of its own (core/server_notify.Listener, the one the
window runs) hears it. Each pair is one edit and its notice; it prints the medians and
the 95th percentile, in milliseconds, of:

- save: the edit itself, from the call to its return (the commit included);
- commit to notice: from the edit's return to the listener's hand-over;
- edit to notice: from the call to the hand-over (what the other user waits for).

Explicit synchronisation only: the writer waits for each notice (queue.get) before the
next edit, so pairs never overlap.
"""

from __future__ import annotations

import argparse
import queue
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def _cluster_url() -> tuple[str, object]:
    from pg_cluster import start_cluster

    from briefing_app.core.database import open_database
    from briefing_app.core.demo import load_demo
    from briefing_app.core.migrations import upgrade_server

    cluster = start_cluster()
    url = cluster.create_database("bench_notify")
    upgrade_server(url)
    db = open_database(url)
    load_demo(db)
    db.close()
    return url, cluster


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a prepared team server (default: a throw-away cluster)")
    parser.add_argument("--pairs", type=int, default=200)
    args = parser.parse_args()
    from briefing_app.core.ops import entities as ent
    from briefing_app.core.ops.changes import run
    from briefing_app.core.ops.visits import list_visits
    from briefing_app.core.server_db import open_server
    from briefing_app.core.server_notify import Listener

    cluster = None
    url = args.db
    if url is None:
        url, cluster = _cluster_url()
    heard: queue.Queue[float] = queue.Queue()
    listener = Listener(url, lambda _notice: heard.put(time.perf_counter()), poll=0.25)
    thread = threading.Thread(target=listener.run, daemon=True)
    thread.start()
    db = open_server(url)
    saves, after_commit, total = [], [], []
    try:
        if not listener.ready.wait(30):
            raise SystemExit("the listener did not start listening")
        event = ent.list_for_visit(db, "event", list_visits(db)[0].id)[0]
        version = event.row_version
        for i in range(args.pairs):
            start = time.perf_counter()
            step = run(ent.update, db, "event", event.id, {"title": f"Talks {i}"}, version)
            saved = time.perf_counter()
            arrived = heard.get(timeout=30)
            version = step.value.row_version
            saves.append((saved - start) * 1000)
            after_commit.append((arrived - saved) * 1000)
            total.append((arrived - start) * 1000)
    finally:
        listener.stop()
        thread.join(30)
        db.close()
        if cluster is not None:
            from pg_cluster import destroy

            destroy(cluster)  # type: ignore[arg-type]
    print(f"{args.pairs} pairs (edit, notice) on {'the given server' if args.db else 'a local cluster'}")
    for name, values in (("save", saves), ("commit to notice", after_commit),
                         ("edit to notice", total)):
        print(f"  {name:17} median {statistics.median(values):7.2f} ms   "
              f"p95 {_p95(values):7.2f} ms   max {max(values):7.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
