"""The witnesses themselves: they must notice what the hostile tests say never happens."""

from __future__ import annotations

import socket

from .guards import PortListener, watching


def test_witness_sees_the_secret_opened_and_the_port_connected(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    server = PortListener()
    try:
        with watching(secret, server.port) as w:
            secret.read_text()
            with socket.create_connection(("127.0.0.1", server.port), timeout=2):
                pass
        assert any(e.startswith("open") for e in w.events)
        assert any(e.startswith("connect") for e in w.events)
        assert server.wait_for_connections(1)
        assert server.connections == 1
    finally:
        server.close()
