"""Witnesses for the hostile tests: who opened the secret file, who connected, who ran a shell.

A Python audit hook (PEP 578) sees every `open`, `socket.connect` and `os.system` in the
process, including those made by C extensions through Python's APIs; a real listening
socket on 127.0.0.1 records any connection the hook might have missed. Audit hooks
cannot be removed, so one hook is installed per process and reports to whichever
`Witness` is active.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_active: list[Witness] = []
_installed = False


class Witness:
    def __init__(self, secret: Path, port: int) -> None:
        self.secret_name = os.fsencode(secret.name)
        self.port = port
        self.events: list[str] = []

    def see(self, event: str, args: tuple[Any, ...]) -> None:
        if event == "open" and args and isinstance(args[0], str | bytes | os.PathLike):
            path = os.fsencode(os.fspath(args[0]))
            if os.path.basename(path) == self.secret_name:
                self.events.append(f"open {path!r}")
        elif event == "socket.connect" and len(args) > 1:
            address = args[1]
            if isinstance(address, tuple) and len(address) >= 2 and address[1] == self.port:
                self.events.append(f"connect {address!r}")
        elif event in ("os.system", "subprocess.Popen", "os.exec", "os.posix_spawn"):
            self.events.append(f"{event} {args[:1]!r}")


def _hook(event: str, args: tuple[Any, ...]) -> None:
    for witness in _active:
        witness.see(event, args)


class PortListener:
    """A TCP server on 127.0.0.1 that counts the connections it accepts."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._accepted = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with self._accepted:
                self.connections += 1
                self._accepted.notify_all()
            conn.close()

    def wait_for_connections(self, count: int, timeout: float = 120.0) -> bool:
        """Block until `count` connections were accepted (False if it timed out)."""
        with self._accepted:
            return self._accepted.wait_for(lambda: self.connections >= count, timeout)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


@contextmanager
def watching(secret: Path, port: int) -> Iterator[Witness]:
    """Record touches of `secret`, connections to `port` and shell commands meanwhile."""
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True
    witness = Witness(secret, port)
    _active.append(witness)
    try:
        yield witness
    finally:
        _active.remove(witness)


def db_files_hash(path: Path) -> str:
    """Hash of a database file and its WAL: a refused import must leave both as they were."""
    import hashlib

    h = hashlib.sha256()
    for p in (path, path.with_name(path.name + "-wal")):
        h.update(p.read_bytes() if p.exists() else b"<absent>")
    return h.hexdigest()
