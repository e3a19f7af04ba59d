"""Run by tests/core/test_sync.py: one sync that, at its Nth point, says "at N" on
stdout and waits on stdin, where the test kills it. "done" if it finished before."""

from __future__ import annotations

import sys

from briefing_app.core.database import open_database
from briefing_app.core.server_db import open_server
from briefing_app.core.sync.run import sync


def main() -> None:
    path, url, uuid, stop = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    reached = 0

    def point(name: str) -> None:
        nonlocal reached
        reached += 1
        if reached == stop:
            print(f"at {stop} {name}", flush=True)
            sys.stdin.read()  # the test kills this process here

    sync(open_database(path), open_server(url), uuid, point=point)
    print("done", flush=True)


if __name__ == "__main__":
    main()
