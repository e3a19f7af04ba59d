"""`python -m briefing_app` runs the same entry point as the `briefing-app` script."""

from briefing_app.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
