"""Fixtures of the hostile tests: a secret file, a listening port, an exploit marker."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .corpus import Hostile, strings
from .guards import PortListener, Witness, watching


@pytest.fixture(scope="module")
def secret_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("secret") / "secret-credentials-4f1c.txt"
    path.write_text("TOP SECRET: this file must never be read by an import or an export\n")
    return path


@pytest.fixture(scope="module")
def listener() -> Iterator[PortListener]:
    server = PortListener()
    yield server
    server.close()


@pytest.fixture(scope="module")
def marker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("marker") / "exploited"


@pytest.fixture(scope="module")
def corpus(secret_file: Path, listener: PortListener, marker: Path) -> list[Hostile]:
    return strings(secret_file, listener.port, marker)


@pytest.fixture
def witness(secret_file: Path, listener: PortListener, marker: Path) -> Iterator[Witness]:
    """Everything inside must leave the secret, the port and the shell alone."""
    before = listener.connections
    with watching(secret_file, listener.port) as w:
        yield w
    assert w.events == [], f"hostile input reached out: {w.events}"
    assert listener.connections == before, "something connected to the local port"
    assert not marker.exists(), "the CVE-2023-33733 payload ran"
