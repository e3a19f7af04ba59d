"""`python -m briefing_app.gui [--db PATH]`: the window alone, without the command line's
imports (the benchmark starts the app this way too)."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefing_app.gui")
    parser.add_argument("--db", metavar="PATH")
    args = parser.parse_args(argv)
    from briefing_app.gui.app import run

    return run(args.db)


if __name__ == "__main__":
    sys.exit(main())
