"""Encrypted vs plain database: `show`, an event title edit and the pack export.

    .venv/bin/python benchmarks/encryption.py [--pairs 9] [--events 300]

Builds one synthetic visit (tests/large_visit.py; 300 events by default, plus the demo
visit) in a plain file, copies it and encrypts the copy (core/encryption.py), then
measures each operation on both files in interleaved pairs (plain, encrypted, plain,
…) in this process and prints the medians and their ratio (target: ≤ 1.3×):

- show: the `show` command (`cli.main`), the key already unlocked in the process as
  in a window (the one-off unlock — scrypt, deliberately slow — is printed apart, and
  `show` paid with it, as a script calling the command line once would);
- title edit: one `entities.update` of an event's title (one write transaction with
  the search index kept up to date) on an open database;
- pack export: the `export` command writing the delegation's book (PDF).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.large_visit import VisitSize, populate  # noqa: E402

PASSPHRASE = "benchmark passphrase, Тоқаев 习近平"


def _quiet(func: Callable[[], object]) -> float:
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        t0 = time.perf_counter()
        code = func()
        elapsed = time.perf_counter() - t0
    if isinstance(code, int) and code != 0:
        raise SystemExit(f"a measured command failed: {sink.getvalue()[-400:]}")
    return elapsed


def _pairs(label: str, n: int, plain: Callable[[], object],
           encrypted: Callable[[], object]) -> tuple[str, float, float, float]:
    a, b = [], []
    _quiet(plain)
    _quiet(encrypted)  # warm both (imports, caches, first page reads)
    for _ in range(n):
        a.append(_quiet(plain))
        b.append(_quiet(encrypted))
    pa, pb = statistics.median(a), statistics.median(b)
    return label, pa, pb, pb / pa


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=9)
    parser.add_argument("--events", type=int, default=300)
    args = parser.parse_args()

    from briefing_app.cli import main as cli
    from briefing_app.core import cipher
    from briefing_app.core.database import open_database
    from briefing_app.core.encryption import encrypt_database
    from briefing_app.core.ops import entities as ent

    work = Path(tempfile.mkdtemp(prefix="briefing-bench-enc-"))
    try:
        plain = work / "plain.sqlite"
        size = VisitSize(days=10, events=args.events, briefs=args.events // 4,
                         points=args.events * 5, people=max(30, args.events // 3),
                         agreements=20, facts=60)
        visit_id = populate(plain, size)
        enc = work / "encrypted.sqlite"
        shutil.copy2(plain, enc)
        t0 = time.perf_counter()
        encrypt_database(enc, PASSPHRASE)
        encrypt_s = time.perf_counter() - t0
        cipher.KEYS.clear()
        t0 = time.perf_counter()
        cipher.unlock(enc, PASSPHRASE)
        unlock_s = time.perf_counter() - t0
        vid = str(visit_id)
        rows = []

        def show(path: Path) -> Callable[[], object]:
            return lambda: cli(["--db", str(path), "show", vid])

        rows.append(_pairs("show (command, key unlocked)", args.pairs, show(plain), show(enc)))

        def show_with_unlock() -> object:
            cipher.KEYS.clear()
            import os

            os.environ[cipher.ENV_PASSPHRASE] = PASSPHRASE
            try:
                return cli(["--db", str(enc), "show", vid])
            finally:
                del os.environ[cipher.ENV_PASSPHRASE]

        rows.append(_pairs("show (command, unlocking each time)", max(3, args.pairs // 3),
                           show(plain), show_with_unlock))
        cipher.unlock(enc, PASSPHRASE)
        dbs = {p: open_database(p) for p in (plain, enc)}
        try:
            event = {p: ent.list_for_visit(db, "event", visit_id)[0].id for p, db in dbs.items()}
            counter = iter(range(10**9))

            def edit(path: Path) -> Callable[[], object]:
                return lambda: ent.update(dbs[path], "event", event[path],
                                          {"title": f"Talks round {next(counter)} — 会谈"})

            rows.append(_pairs("event title edit", args.pairs * 3, edit(plain), edit(enc)))
        finally:
            for db in dbs.values():
                db.close()

        def export(path: Path) -> Callable[[], object]:
            return lambda: cli(["--db", str(path), "export", vid, "--out",
                                str(work / f"{path.stem}.pdf"), "--edition", "delegation"])

        rows.append(_pairs("pack export (delegation)", max(3, args.pairs // 2),
                           export(plain), export(enc)))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"visit: {args.events} events (+ briefs, points, people); "
          f"encrypting the copy took {encrypt_s:.2f} s; one unlock (scrypt n=2^17) "
          f"{unlock_s * 1000:.0f} ms")
    print(f"{'operation':40} {'plain':>10} {'encrypted':>10} {'ratio':>7}")
    for label, a, b, ratio in rows:
        print(f"{label:40} {a * 1000:8.1f}ms {b * 1000:8.1f}ms {ratio:6.2f}×")


if __name__ == "__main__":
    main()
