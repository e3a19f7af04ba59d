"""The page check of a file, run in a thread beside a read-only command's reads.

Why: before a file is used every page is checked (`quick_check`; on an encrypted file
SQLCipher's `cipher_integrity_check`, every page's HMAC — ~55 ms for a 10 MB visit).
A command that only reads (`show`, `list`, `search`) need not wait for that verdict
before it reads, only before it *says* anything: so the check runs on its own read-only
connection in a thread (SQLite and SQLCipher work without the interpreter lock) while
the command reads, and the command's output is held until `verdict()` has passed
(cli/__init__.py). A damaged file then prints the same clear message as before and
nothing else. Anything that would write at open (an upgrade, the search index catching
up) asks for the verdict first (core/database.py), so a damaged file is never written.

The thread imports nothing: the caller imports the driver first (importing one module
in two threads at once can hand one of them a half-made module), and the thread's
findings are worded in the caller's thread.
"""

from __future__ import annotations

import threading
from pathlib import Path

from briefing_app.core.file_check import damaged, page_problems, sqlite_problem


class PageCheck:
    """`page_problems(path)` started in a thread now; `verdict()` waits for it and raises
    the file's DatabaseFileError when its pages are damaged (or unreadable)."""

    def __init__(self, path: Path | str) -> None:
        from briefing_app.core import cipher

        self.path = Path(path).expanduser().resolve()
        if cipher.key_for(self.path) is not None:
            import sqlcipher3  # noqa: F401 - imported here, never first in the thread
        self._errors = cipher.errors()
        self._problems: list[str] = []
        self._error: BaseException | None = None
        self._passed = False
        self._thread = threading.Thread(target=self._run, name="page-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._problems = page_problems(self.path)
        except BaseException as exc:  # noqa: BLE001 - worded by whoever asks for the verdict
            self._error = exc

    def verdict(self) -> None:
        """Return once the pages are sound; raise DatabaseFileError naming the damage."""
        if self._passed:
            return
        self._thread.join()
        if self._error is not None:
            if isinstance(self._error, self._errors):
                raise sqlite_problem(self.path, self._error)  # type: ignore[arg-type]
            raise self._error
        if self._problems != ["ok"]:
            raise damaged(self.path, self._problems)
        self._passed = True
