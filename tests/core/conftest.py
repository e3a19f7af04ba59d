"""The team server of tests/rls_server.py, for the tests of row-level security."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing_app.cli import main
from tests.rls_server import PRESS, RESTRICTED, RlsServer, drop, password_file, set_up


@pytest.fixture
def rls(pg_cluster: object, tmp_path: Path) -> Iterator[RlsServer]:
    """The server set up, with a press and a restricted user cleared for its visit."""
    server = set_up(pg_cluster, tmp_path)
    for user, level in ((PRESS, "press"), (RESTRICTED, "restricted")):
        assert main(["server", "add-user", server.owner_url, user, "--clearance", level,
                     "--visit", str(server.visit_id),
                     "--password-file", str(password_file(tmp_path, user))]) == 0
    yield server
    drop(pg_cluster)
