"""The file check run in a thread while the database layer is imported.

Why: opening a file costs importing SQLAlchemy and the mappers (~0.4 s of Python) and
`check_file` — above all `PRAGMA quick_check`, which reads every page (~0.2 s for an
84 MB visit) and runs inside SQLite without the interpreter lock. Done one after the
other they add up; done side by side the check is mostly hidden behind the import.

The answer is used only for the file as it still is: the file's identity, size and
times, its log's size and times, its session record and whether it may be written are
noted before the check starts and compared when the answer is asked for. If anything
changed (another program wrote, a copy replaced it, its permissions changed), the
check runs again there and then, so no damage the check would have found is missed.
The thread never imports SQLAlchemy or Alembic: importing the same package in two
threads at once can hand one of them a half-made module (seen: "partially initialized
module 'sqlalchemy.sql.roles'"). Where the check would need Alembic (no cached schema
reference for the file's revision yet: a first start, an older file), the thread stops
and the check runs in the caller's thread.

Nor does it import anything while the database layer is being imported: it first
imports every module the check uses (`_CHECK_MODULES`: ~20 ms — json, hashlib, socket,
tempfile, platformdirs… — which SQLAlchemy imports too) and then sets `imported`; the
layer's import waits for that (`wait_imported`) before it begins. Two threads importing
the same modules at once either hand one a half-made module or, through the layer
loader's import guard, wait on each other for ever (seen: the check thread inside
`socket` waiting for the loader, the loader in `asyncio` waiting for `socket`).
tests/core/test_file_check_ahead.py checks that the check imports nothing after
`imported`, for each kind of file it meets.
"""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Collection
from pathlib import Path

from briefing_app.core.file_check import (
    DatabaseFileError,
    FileState,
    ReferenceNotAtHand,
    check_file,
)
from briefing_app.core.schema_version import KNOWN_REVISIONS

Fingerprint = tuple[object, ...]

# What check_file imports on its way (its own imports are deferred: the window's first
# frame imports this module), with what those import when first called.
_CHECK_MODULES = ("briefing_app.core.backup", "briefing_app.core.cipher",
                  "briefing_app.core.schema_check", "briefing_app.core.wal_guard",
                  "platformdirs", "tempfile", "urllib.parse")


def fingerprint(path: Path) -> Fingerprint:
    """What must stay the same for an earlier check of `path` to still hold."""
    def stat(p: Path) -> tuple[int, int, int, int] | None:
        try:
            st = p.stat()
        except OSError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)

    wal = stat(path.with_name(path.name + "-wal"))
    # An empty log (the check's own read-only connection may create one) holds nothing.
    wal_data = wal if wal is not None and wal[1] > 0 else None
    return (stat(path), wal_data, stat(path.with_name(path.name + "-journal")),
            path.with_name(path.name + "-session").exists(),
            os.access(path.parent, os.W_OK), os.access(path, os.W_OK))


class CheckAhead:
    """`check_file(path)` started in a thread now; `result()` gives its answer (or raises
    its DatabaseFileError) if the file is as it was, else checks it again."""

    def __init__(self, path: Path | str, known: Collection[str] = KNOWN_REVISIONS) -> None:
        self.path = Path(path).expanduser().resolve()
        self._known = known
        self._state: FileState | None = None
        self._error: BaseException | None = None
        self._before = fingerprint(self.path)
        self.imported = threading.Event()  # set once the thread imports nothing more
        self._thread = threading.Thread(target=self._run, name="check-file", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            try:
                _import_what_the_check_uses(self.path)
            finally:
                self.imported.set()
            self._state = check_file(self.path, self._known, build_reference=False)
        except BaseException as exc:  # noqa: BLE001 - handed to whoever asks for the result
            self._error = exc

    def wait_imported(self) -> None:
        """Until the thread has imported all it needs: only then may another thread
        import the database layer (see the module docstring)."""
        self.imported.wait()

    def wait(self) -> None:
        """Until the thread has finished its check."""
        self._thread.join()

    def result(self, path: Path | str | None = None) -> FileState:
        """The check's answer for `path` (default: the path checked)."""
        self.wait()
        wanted = self.path if path is None else Path(path).expanduser().resolve()
        if (wanted != self.path or isinstance(self._error, ReferenceNotAtHand)
                or _locked(self._error) or fingerprint(self.path) != self._before):
            return check_file(wanted, self._known)
        if self._error is not None:
            raise self._error
        assert self._state is not None  # noqa: S101 - set whenever no error was
        return self._state


def _import_what_the_check_uses(path: Path) -> None:
    for name in _CHECK_MODULES:
        importlib.import_module(name)
    from briefing_app.core import cipher, paths

    paths.migrations_dir()  # looked up once (cached): the finders run now, not later
    if cipher.file_salt(path) is not None:  # maybe SQLCipher's: its module (~6 ms)
        importlib.import_module("sqlcipher3")


def _locked(error: BaseException | None) -> bool:
    """An encrypted file refused for want of its key: its key may be unlocked since."""
    return isinstance(error, DatabaseFileError) and error.kind == "encrypted"
