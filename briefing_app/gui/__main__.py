"""`python -m briefing_app.gui [--db PATH]`: the window alone, without the command line's
imports (the benchmark starts the app this way too)."""

from __future__ import annotations

import sys

# Deferred imports: this module is loaded before the first paint (or while the database
# opens), so the core (SQLAlchemy), ReportLab and Qt enums load only when first used
# (benchmarks/startup.py).


def _db_argument(argv: list[str]) -> tuple[bool, str | None]:
    """(understood, path) for the only forms there are: nothing, `--db PATH`, `--db=PATH`.
    Parsed by hand: argparse would load `locale` (~3 ms) before the window paints."""
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--db" and not argv[1].startswith("-"):
        return True, argv[1]
    if len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > 5:
        return True, argv[0][5:]
    return False, None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    understood, db = _db_argument(argv)
    if not understood:  # help, or a mistake: let argparse explain
        import argparse

        parser = argparse.ArgumentParser(prog="python -m briefing_app.gui")
        parser.add_argument("--db", metavar="PATH")
        db = parser.parse_args(argv).db
    from briefing_app.gui.launch.app import run

    return run(db)


if __name__ == "__main__":
    sys.exit(main())
