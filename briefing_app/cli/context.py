"""What a command needs: the database (opened lazily) and error reporting."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from briefing_app.core.errors import BriefingError
from briefing_app.core.paths import default_db_path
from briefing_app.core.server_url import is_server_url

if TYPE_CHECKING:  # SQLAlchemy costs ~0.3 s to import: only commands that open a database pay
    from briefing_app.core.database import Database
    from briefing_app.core.page_check import PageCheck


class Context:
    """Per-invocation state of the command line (no globals)."""

    def __init__(self, db_path: str | None, create: bool = False,
                 initialise: bool = False, passphrase_file: str | None = None,
                 reads_only: bool = False, command: str | None = None) -> None:
        # --db is a file, or a team server's postgresql://… URL (core/server_db.py),
        # which stays a string: a Path would fold its '//' and it names no file.
        self.server_url = db_path if db_path and is_server_url(db_path) else None
        self._path = (None if self.server_url else
                      Path(db_path).expanduser() if db_path else default_db_path())
        self.command = command
        self.create = create  # only commands that add data may create a new database
        self.initialise = initialise  # ...and fill an existing empty one, when told to
        self.passphrase_file = passphrase_file
        # A command that only reads checks the file's pages beside its reads and holds
        # its output until they pass (core/page_check.py, `confirm_pages`).
        self.reads_only = reads_only
        self._page_check: PageCheck | None = None
        self._db: Database | None = None

    @property
    def db_path(self) -> Path:
        """The database file; a command that works on the file itself (backups, restore,
        encryption, clean copy…) is refused, naming why, when --db is a server."""
        if self._path is None:
            from briefing_app.core.errors import DatabaseError
            from briefing_app.core.server_db import display_url

            what = f"`{self.command}`" if self.command else "this command"
            raise DatabaseError(
                f"{what} works on a database file, not on the team server "
                f"{display_url(self.server_url or '')} (the server's administrator keeps "
                "its backups and access)")
        return self._path

    def passphrase(self) -> str | None:
        """The passphrase from `--passphrase-file`, else the environment variable."""
        import os

        from briefing_app.core import cipher

        if self.passphrase_file:
            return cipher.read_passphrase_file(Path(self.passphrase_file).expanduser())
        return os.environ.get(cipher.ENV_PASSPHRASE) or None

    def unlock(self) -> None:
        """Unlock an encrypted database with the given passphrase (nothing for a plain
        one); a locked file with no passphrase is refused naming the two ways to give it."""
        from briefing_app.core import cipher

        if self.server_url is not None:
            return  # a server has no file to unlock: its login role and password
        path = self.db_path.resolve()
        if not path.is_file() or cipher.key_for(path) is not None:
            return
        if not cipher.looks_encrypted(path):
            return
        passphrase = self.passphrase()
        if passphrase is None:
            raise cipher.LockedError(path)
        cipher.unlock(path, passphrase)

    @property
    def db(self) -> Database:
        if self._db is None and self.server_url is not None:
            from briefing_app.core.server_db import open_server

            self._db = open_server(self.server_url)
        if self._db is None:
            from briefing_app.core.database import open_database

            self.unlock()
            key = None
            if self.create and not self.db_path.exists() and self.passphrase() is not None:
                from briefing_app.core import cipher

                key = cipher.new_key(self.passphrase() or "")
            side_files = any(Path(f"{self.db_path}{s}").exists() for s in ("-wal", "-shm"))
            if self.reads_only and key is None and self.db_path.is_file() and not side_files:
                # (a journal beside the file is examined first, in order: a connection
                # of the page check's own would touch it before it is judged)
                from briefing_app.core.page_check import PageCheck

                self._page_check = PageCheck(self.db_path)
            self._db = open_database(self.db_path, create=self.create,
                                     initialise=self.create and self.initialise, key=key,
                                     page_check=self._page_check)
        return self._db

    def confirm_pages(self, *, read_failed: bool = False) -> None:
        """Wait for the page check started with the database (if any); raise the damaged
        file's DatabaseFileError. Output read from the file is shown only after this. A
        read that failed asks for the full check on any file (damage may have caused it);
        reads that succeeded on an encrypted file stand as they are (core/page_check.py)."""
        if self._page_check is None:
            return
        if read_failed:
            self._page_check.verdict()
        else:
            self._page_check.reads_stand()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def fail(exc: BaseException) -> int:
    """Report an error as one line on stderr; exit status 1."""
    if isinstance(exc, BriefingError):
        print(f"briefing-app: error: {exc}", file=sys.stderr)
        return 1
    if isinstance(exc, OSError):
        name = f" {exc.filename}" if getattr(exc, "filename", None) else ""
        print(f"briefing-app: error:{name} {exc.strerror or exc}", file=sys.stderr)
        return 1
    # Never str(exc) as it is: an SQL error's text holds the row's values.
    from briefing_app.core.crash_log import summary, write_crash_log

    log = write_crash_log(exc, "command line")
    print(f"briefing-app: internal error: {summary(exc)} (details in {log})", file=sys.stderr)
    return 1
