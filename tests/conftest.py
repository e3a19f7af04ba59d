"""Shared fixtures: fresh databases (migrated once per run, then copied) and the demo."""

from __future__ import annotations

import atexit
import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never the real user's key store: keyring's fail back end unless a test installs its own.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
os.environ.pop("BRIEFING_APP_PASSPHRASE", None)
os.environ.pop("BRIEFING_APP_BUNDLE_PASSPHRASE", None)
# The expected-schema references (core/schema_check.py) of this run only: never the
# user's cache, which every checkout on the machine shares although their migrations may
# differ (a reference cached by another checkout would judge this one's files).
_SCHEMA_CACHE = tempfile.mkdtemp(prefix="briefing-schema-cache-")
os.environ["BRIEFING_APP_CACHE"] = _SCHEMA_CACHE
atexit.register(shutil.rmtree, _SCHEMA_CACHE, True)

from briefing_app.core.database import Database, open_database  # noqa: E402

# BRIEFING_TEST_BACKEND=postgresql: the `db` and `demo_db` fixtures open databases on a
# throw-away PostgreSQL cluster (tests/pg_cluster.py) instead of SQLite files. That pass
# (./dev.sh test runs it after the SQLite pass) keeps only tests that use one of them;
# it deselects tests that use neither (no database, or a file by path: they cannot
# differ by back end) and tests marked `sqlite_only` — about SQLite by nature (files,
# WAL, SQLCipher, backups, PRAGMAs); each such module says why (docs/team-server.md).
BACKEND = os.environ.get("BRIEFING_TEST_BACKEND", "sqlite").strip().lower() or "sqlite"
if BACKEND not in ("sqlite", "postgresql"):
    raise SystemExit(f"BRIEFING_TEST_BACKEND={BACKEND!r}: expected sqlite or postgresql")
_SERVER_FIXTURES = {"db", "demo_db", "pg_cluster", "server_url"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only(reason): about SQLite by nature; not in the PostgreSQL pass")


def runs_on_server(item: pytest.Item) -> bool:
    """Whether the PostgreSQL pass keeps this test (see BACKEND above)."""
    if item.get_closest_marker("sqlite_only") is not None:
        return False
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(fixtures & _SERVER_FIXTURES) and not fixtures & {"db_path", "demo_db_path"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if BACKEND != "postgresql":
        return
    kept = [item for item in items if runs_on_server(item)]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if not runs_on_server(i)])
        items[:] = kept


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[object]:
    """A PostgreSQL cluster of this test run, started once and stopped at the end."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from pg_cluster import destroy, pg_bin_dir, start_cluster

    if pg_bin_dir() is None:
        reason = "PostgreSQL (initdb) is not installed: ./dev.sh installs the Debian package"
        if BACKEND == "postgresql":
            pytest.fail(reason)  # the PostgreSQL pass must never pass by skipping
        pytest.skip(reason)
    cluster = start_cluster()
    yield cluster
    destroy(cluster)


@pytest.fixture(scope="session")
def _pg_templates(pg_cluster: object) -> dict[str, str]:
    """Template databases on the cluster: migrated and empty, and holding the demo."""
    from briefing_app.core.demo import load_demo
    from briefing_app.core.migrations import upgrade_server

    empty = pg_cluster.create_database("tpl_empty")  # type: ignore[attr-defined]
    upgrade_server(empty)
    demo = pg_cluster.copy_database("tpl_empty", "tpl_demo")  # type: ignore[attr-defined]
    database = open_database(demo)
    load_demo(database)
    database.close()
    return {"empty": "tpl_empty", "demo": "tpl_demo"}


class _Copies:
    """Copies of the template databases, each made ahead in a thread while the test
    before runs (CREATE DATABASE … TEMPLATE takes about 0.25 s of the server's time),
    and dropped in that thread after use: the PostgreSQL pass waits for neither."""

    def __init__(self, cluster: object) -> None:
        from concurrent.futures import Future, ThreadPoolExecutor

        self.cluster = cluster
        self.worker = ThreadPoolExecutor(max_workers=1)  # one at a time: a template
        self.ahead: dict[str, Future[str]] = {}  # may have one copy made at a time
        self.numbers = itertools.count(1)  # next() is atomic: the two threads share it

    def _copy(self, template: str) -> str:
        name = f"t{os.getpid()}_{next(self.numbers)}"
        self.cluster.copy_database(template, name)  # type: ignore[attr-defined]
        return name

    def take(self, template: str) -> str:
        ahead = self.ahead.pop(template, None)
        name = ahead.result() if ahead is not None else self._copy(template)
        self.ahead[template] = self.worker.submit(self._copy, template)
        return name

    def give_back(self, name: str) -> None:
        self.worker.submit(self.cluster.drop_database, name)  # type: ignore[attr-defined]

    def close(self) -> None:
        self.worker.shutdown(wait=True)


@pytest.fixture(scope="session")
def _pg_copies(pg_cluster: object, _pg_templates: dict[str, str]) -> Iterator[_Copies]:
    copies = _Copies(pg_cluster)
    yield copies
    copies.close()


def _server_db(request: pytest.FixtureRequest, template: str) -> Iterator[Database]:
    cluster = request.getfixturevalue("pg_cluster")
    copies = request.getfixturevalue("_pg_copies")
    name = copies.take(request.getfixturevalue("_pg_templates")[template])
    database = open_database(cluster.url(name))
    yield database
    database.close()
    copies.give_back(name)


PASSWORD_WORD = "Tajny"  # part of server_url's password: tests check it is never shown


@pytest.fixture
def server_url(pg_cluster: object, _pg_templates: dict[str, str],
               request: pytest.FixtureRequest) -> Iterator[str]:
    """--db postgresql://NAME:PASSWORD@HOST:PORT/DB of a fresh copy of the demo on the
    test cluster, as a user would type it: its own login role, a password with '@'."""
    name = "srv_" + "".join(c if c.isalnum() else "_" for c in request.node.name.lower())[:40]
    user = f"u_{name}"
    admin = pg_cluster._admin  # type: ignore[attr-defined]
    pg_cluster.drop_database(name)  # type: ignore[attr-defined]
    pg_cluster.copy_database(_pg_templates["demo"], name)  # type: ignore[attr-defined]
    admin(f"DROP ROLE IF EXISTS {user}")
    admin(f"CREATE ROLE {user} LOGIN SUPERUSER PASSWORD '{PASSWORD_WORD}@x'")
    yield pg_cluster.libpq_url(name, user, f"{PASSWORD_WORD}%40x")  # type: ignore[attr-defined]
    pg_cluster.drop_database(name)  # type: ignore[attr-defined]
    admin(f"DROP ROLE IF EXISTS {user}")


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
def db(request: pytest.FixtureRequest) -> Iterator[Database]:
    """A fresh, migrated, empty database, open (a file, or a server database)."""
    if BACKEND == "postgresql":
        yield from _server_db(request, "empty")
        return
    database = open_database(request.getfixturevalue("db_path"))
    yield database
    database.close()


@pytest.fixture
def demo_db_path(tmp_path: Path, _template_demo_db: Path) -> Path:
    """Path of a fresh database holding the demo visit."""
    path = tmp_path / "demo.sqlite"
    _copy_db(_template_demo_db, path)
    return path


@pytest.fixture
def demo_db(request: pytest.FixtureRequest) -> Iterator[Database]:
    """A fresh database holding the demo visit, open."""
    if BACKEND == "postgresql":
        yield from _server_db(request, "demo")
        return
    database = open_database(request.getfixturevalue("demo_db_path"))
    yield database
    database.close()


# The team server of tests/rls_server.py, for the tests of row-level security.
@pytest.fixture
def rls(pg_cluster: object, tmp_path: Path) -> Iterator[object]:
    """The server set up, with a press and a restricted user cleared for its visit."""
    from briefing_app.cli import main
    from tests.rls_server import PRESS, RESTRICTED, drop, password_file, set_up

    server = set_up(pg_cluster, tmp_path)
    for user, level in ((PRESS, "press"), (RESTRICTED, "restricted")):
        assert main(["server", "add-user", server.owner_url, user, "--clearance", level,
                     "--visit", str(server.visit_id),
                     "--password-file", str(password_file(tmp_path, user))]) == 0
    yield server
    drop(pg_cluster)
