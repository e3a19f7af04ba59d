"""Shared fixtures: fresh databases (migrated once per run, then copied) and the demo."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never the real user's key store: keyring's fail back end unless a test installs its own.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
os.environ.pop("BRIEFING_APP_PASSPHRASE", None)
os.environ.pop("BRIEFING_APP_BUNDLE_PASSPHRASE", None)

from briefing_app.core.database import Database, open_database  # noqa: E402


@pytest.fixture(autouse=True)
def _forget_keys() -> Iterator[None]:
    """Keys unlocked by one test never open another test's files."""
    from briefing_app.core.cipher import KEYS

    yield
    KEYS.clear()


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "empty.sqlite"
    open_database(path).close()
    return path


@pytest.fixture(scope="session")
def _template_demo_db(tmp_path_factory: pytest.TempPathFactory, _template_db: Path) -> Path:
    from briefing_app.core.demo import load_demo

    path = tmp_path_factory.mktemp("template") / "demo.sqlite"
    _copy_db(_template_db, path)
    db = open_database(path)
    load_demo(db)
    db.close()
    return path


def _copy_db(src: Path, dst: Path) -> None:
    import sqlite3

    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    a.close()
    b.close()


@pytest.fixture
def db_path(tmp_path: Path, _template_db: Path) -> Path:
    """Path of a fresh, migrated, empty database."""
    path = tmp_path / "briefing.sqlite"
    _copy_db(_template_db, path)
    return path


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A fresh, migrated, empty database, open."""
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def demo_db_path(tmp_path: Path, _template_demo_db: Path) -> Path:
    """Path of a fresh database holding the demo visit."""
    path = tmp_path / "demo.sqlite"
    _copy_db(_template_demo_db, path)
    return path


@pytest.fixture
def demo_db(demo_db_path: Path) -> Iterator[Database]:
    """A fresh database holding the demo visit, open."""
    database = open_database(demo_db_path)
    yield database
    database.close()


