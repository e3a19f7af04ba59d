"""Thin launcher: `python main.py [ARGS]` is the same as `briefing-app [ARGS]`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from briefing_app.cli import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
