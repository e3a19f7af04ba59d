"""What a command needs: the database (opened lazily) and error reporting."""

from __future__ import annotations

import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from briefing_app.core.errors import BriefingError
from briefing_app.core.paths import default_db_path

if TYPE_CHECKING:  # SQLAlchemy costs ~0.3 s to import: only commands that open a database pay
    from briefing_app.core.database import Database


class Context:
    """Per-invocation state of the command line (no globals)."""

    def __init__(self, db_path: str | None, create: bool = False,
                 initialise: bool = False) -> None:
        self.db_path = Path(db_path).expanduser() if db_path else default_db_path()
        self.create = create  # only commands that add data may create a new database
        self.initialise = initialise  # ...and fill an existing empty one, when told to
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            from briefing_app.core.database import open_database

            self._db = open_database(self.db_path, create=self.create,
                                     initialise=self.create and self.initialise)
        return self._db

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
    log = _write_crash_log(exc)
    print(f"briefing-app: internal error: {type(exc).__name__}: {exc} (details in {log})",
          file=sys.stderr)
    return 1


def _write_crash_log(exc: BaseException) -> Path | str:
    try:
        from platformdirs import user_log_path

        folder = user_log_path("briefing-app", appauthor=False)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{datetime.now(UTC):%Y%m%dT%H%M%S}.log"
        path.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
        return path
    except OSError:
        return "no log: the log folder is not writable"
