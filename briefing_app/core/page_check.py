"""The page check of a file, run in a thread beside a read-only command's reads.

Why: before a file is used every page is checked (`quick_check`; on an encrypted file
SQLCipher's `cipher_integrity_check`, every page's HMAC — ~40 ms for a 10 MB visit).
A command that only reads (`show`, `list`, `search`) need not wait for that verdict
before it reads, only before it *says* anything: so the check runs on its own read-only
connection in a thread (SQLite works without the interpreter lock) while the command
reads, and the command's output is held until `reads_stand()` has passed
(cli/__init__.py). A damaged file then prints the same clear message as before and
nothing else. Anything that would write at open (an upgrade, the search index catching
up) asks for the full `verdict()` first (core/database.py), so a damaged file is never
written.

An encrypted file needs no separate check before its reads are shown: SQLCipher
verifies the HMAC of every page it reads, so whatever a command read is exactly what was
written, and a damaged page it touches fails the read (which then gives way to the full
check's message, as on a plain file). Its check runs only when something asks for the
`verdict()` (a write at open, a failed read); the window and every command that writes
still check every page before use. Checking beside the reads cost an encrypted `show`
a third of its time on a quiet 2-core machine (docs/data-safety.md).

The thread imports nothing: the caller imports the driver first (importing one module
in two threads at once can hand one of them a half-made module), and the thread's
findings are worded in the caller's thread.
"""

from __future__ import annotations

import threading
from pathlib import Path

from briefing_app.core.file_check import damaged, page_problems, sqlite_problem


class PageCheck:
    """`page_problems(path)` started in a thread now (a plain file) or when first asked
    for (an encrypted one); `verdict()` waits for it and raises the file's
    DatabaseFileError when its pages are damaged (or unreadable)."""

    def __init__(self, path: Path | str) -> None:
        from briefing_app.core import cipher

        self.path = Path(path).expanduser().resolve()
        self.encrypted = cipher.key_for(self.path) is not None
        if self.encrypted:
            import sqlcipher3  # noqa: F401 - imported here, never first in the thread
        self._errors = cipher.errors()
        self._problems: list[str] = []
        self._error: BaseException | None = None
        self._passed = False
        self._thread: threading.Thread | None = None
        if not self.encrypted:
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
        if self._thread is None:
            self._run()  # an encrypted file: checked only now that it is asked for
        else:
            self._thread.join()
        if self._error is not None:
            if isinstance(self._error, self._errors):
                raise sqlite_problem(self.path, self._error)  # type: ignore[arg-type]
            raise self._error
        if self._problems != ["ok"]:
            raise damaged(self.path, self._problems)
        self._passed = True

    def reads_stand(self) -> None:
        """Return once what the command read may be shown: on an encrypted file at once
        (every page read passed its HMAC), on a plain one when `verdict()` has passed."""
        if not self.encrypted:
            self.verdict()
