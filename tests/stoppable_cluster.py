"""A PostgreSQL cluster that tests may stop and start (the server going away under a
user): one per test module, not the session's, with the demo migrated into a template;
`server` opens a fresh copy and leaves the cluster running for the next test."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest

from briefing_app.core.server_db import ServerDatabase, open_server
from tests.pg_cluster import Cluster, destroy, pg_bin_dir, start_cluster


@pytest.fixture(scope="module")
def own_cluster() -> Iterator[Cluster]:
    """A cluster these tests may stop, with the demo migrated into a template."""
    from briefing_app.core.demo import load_demo
    from briefing_app.core.migrations import upgrade_server

    if pg_bin_dir() is None:
        pytest.skip("PostgreSQL (initdb) is not installed: ./dev.sh installs the Debian package")
    cluster = start_cluster()
    try:
        upgrade_server(cluster.create_database("fault_tpl"))
        db = open_server(cluster.url("fault_tpl"))
        load_demo(db)
        db.close()
        yield cluster
    finally:
        destroy(cluster)


@pytest.fixture
def server(own_cluster: Cluster, request: pytest.FixtureRequest) -> Iterator[ServerDatabase]:
    """A fresh copy of the demo, open; the cluster is running again afterwards."""
    name = f"fault_{request.node.name[5:40]}"
    own_cluster.drop_database(name)
    db = open_server(own_cluster.copy_database("fault_tpl", name))
    yield db
    db.close()
    if not running(own_cluster):
        own_cluster.start()
    own_cluster.drop_database(name)


def running(cluster: Cluster) -> bool:
    """Whether the cluster's server is up (pg_ctl status)."""
    try:
        cluster._run("pg_ctl", "-D", str(cluster.data), "status")
    except subprocess.CalledProcessError:
        return False
    return True
