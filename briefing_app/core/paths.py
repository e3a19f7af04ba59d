"""Where the app finds what it ships (resources, migrations) and keeps its data."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

APP_NAME = "briefing-app"
_CHECKOUT = Path(__file__).resolve().parents[2]


@cache  # where the app's files are does not change while it runs
def _shipped_dir(package: str, checkout_name: str) -> Path:
    """The installed copy (wheel or editable), else the checkout's top-level folder."""
    try:
        spec = importlib.util.find_spec(f"briefing_app.{package}")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return _CHECKOUT / checkout_name


def resources_dir() -> Path:
    """Fonts, icons and demo data shipped with the app."""
    return _shipped_dir("_resources", "resources")


def migrations_dir() -> Path:
    """The Alembic environment (env.py, versions/)."""
    return _shipped_dir("_migrations", "db")


def default_db_path() -> Path:
    """The database used when no --db is given, in the user's data directory."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "briefing.sqlite"
