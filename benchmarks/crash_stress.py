"""Crash stress: the test suite's SIGKILL harness, run for many more rounds.

    .venv/bin/python benchmarks/crash_stress.py [--kills 1000] [--seed N] [--max-acks 6]

Each round forks a writer that edits through the core API, SIGKILLs it after a random
number of acknowledged edits plus a random delay, then audits the file (integrity_check, foreign keys, FTS index, every
acknowledged edit present, the edit in flight all-or-nothing). Prints the figures that
docs/data-safety.md records; exits 1 at the first failed audit.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.reliability.crash_harness import CrashHarness  # noqa: E402
from tests.reliability.crash_writer import prepare  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--min-ms", type=float, default=0.0)
    parser.add_argument("--max-ms", type=float, default=60.0)
    parser.add_argument("--max-acks", type=int, default=6,
                        help="kill after 0..N acknowledged edits, then the random delay")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="briefing-crash-") as folder:
        db_path = Path(folder) / "crash.sqlite"
        prepare(db_path)
        harness = CrashHarness(db_path, seed=args.seed)
        started = time.perf_counter()
        try:
            for i in range(args.kills):
                harness.round(args.min_ms / 1000, args.max_ms / 1000, args.max_acks)
                if (i + 1) % 100 == 0:
                    print(f"  {i + 1} kills, {harness.stats.acknowledged} edits acknowledged",
                          flush=True)
        except AssertionError as exc:
            print(f"FAILED after {harness.stats.rounds} kills (seed {args.seed}): {exc}")
            return 1
        finally:
            harness.close()
        elapsed = time.perf_counter() - started
        s = harness.stats
        size = db_path.stat().st_size
    print(f"seed {args.seed}: {s.rounds} kills in {elapsed:.1f} s, all audits passed")
    print(f"  edits acknowledged: {s.acknowledged} ({s.acknowledged / elapsed:.0f}/s overall)")
    print(f"  kills inside an edit: {s.in_flight_at_kill} "
          f"({s.in_flight_committed} of them committed before the kill, the rest rolled back)")
    print("  edits by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(s.ops.items())))
    print(f"  final database size: {size / 1_048_576:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
