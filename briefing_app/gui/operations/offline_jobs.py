"""Offline and back for the window: the core calls (core/sync) as plain jobs that a
`Worker` runs off the GUI thread, each opening and closing its own server connection.

The password is given apart from the address and joined to it only here, in memory;
the address recorded in the file and shown anywhere is without it (core server_address
and display_url). A server that asks for a password the address and ~/.pgpass did not
give is told by `asks_password`, so the window can ask for it and try again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from briefing_app.core.database import Database, open_database
from briefing_app.core.errors import DatabaseError, ValidationError
from briefing_app.core.ops.visits import list_visits
from briefing_app.core.server_db import engine_url, open_server
from briefing_app.core.server_url import is_server_url
from briefing_app.core.sync.run import SyncSummary, origin, sync, take_offline

# Where a sync stands at each of the core's stopping points (core/sync/run.py `point`):
# a fraction done and what it is doing, for the progress bar.
STEPS = {"pull:read": (0.3, "Bringing the server's changes…"),
         "pull:done": (0.5, "Sending this file's changes…"),
         "push:done": (0.9, "Recording what was sent…")}


def with_password(url: str, password: str) -> str:
    """The address with `password` put in (when one was typed); checked first, so a bad
    address is one line naming it."""
    url = url.strip()
    if not is_server_url(url):
        raise ValidationError("server address", "must start with postgresql:// "
                              "(postgresql://NAME@HOST:PORT/DATABASE)")
    engine_url(url)  # a clear line for an address that is not one
    if not password:
        return url
    return make_url(url).set(password=password).render_as_string(hide_password=False)


def asks_password(exc: BaseException) -> bool:
    """True when the server refused for want of a password (none in the address nor in
    ~/.pgpass): the window asks for it rather than only showing the refusal."""
    return isinstance(exc, DatabaseError) and "asks for a password" in str(exc)


def server_visits(url: str) -> list[tuple[str, str]]:
    """(UUID, "title (start)") of every visit on the server this user may read."""
    server = open_server(url)
    try:
        return [(v.uuid, f"{v.title} ({v.start_date})") for v in list_visits(server)]
    finally:
        server.close()


@dataclass(frozen=True)
class Taken:
    path: Path  # the file the visit is now in
    summary: SyncSummary


def take_offline_into(target: Database | Path, url: str, visit_uuid: str) -> Taken:
    """Take the visit into the open file, or into a new file at a path (created here;
    an existing one is refused before anything is written)."""
    if isinstance(target, Path):
        if target.exists():
            raise ValidationError("laptop file", f"{target.name} exists already; choose a "
                                  "new name, or take the visit into the open file")
        server = open_server(url)  # the server first: a refusal leaves no empty file
        try:
            local = open_database(target, create=True)
            try:
                done = take_offline(local, server, url, visit_uuid)
            finally:
                local.close()
        except BaseException:
            target.unlink(missing_ok=True)  # nothing was taken: no half-made file stays
            raise
        finally:
            server.close()
        return Taken(target, done)
    server = open_server(url)
    try:
        return Taken(target.path, take_offline(target, server, url, visit_uuid))
    finally:
        server.close()


def sync_file(db: Database, url: str,
              progress: Callable[[float, str], None] | None = None,
              cancelled: Callable[[], bool] | None = None) -> SyncSummary:
    """Sync the file's visit with its server (core `sync`: pull, then push), telling
    `progress` at each of the core's steps. Not cancellable: each step is one
    transaction and a sync stopped between two is finished by the next one."""
    report = progress or (lambda _f, _m: None)
    with db.read() as s:
        visit_uuid = origin(s).visit_uuid
    report(0.05, "Connecting to the server…")
    server = open_server(url)
    try:
        def point(name: str) -> None:
            if name in STEPS:
                report(*STEPS[name])

        done = sync(db, server, visit_uuid, point=point)
    finally:
        server.close()
    report(1.0, "Synced")
    return done


def summary_lines(done: SyncSummary) -> list[str]:
    """The sync's outcome as the window says it: pulled, pushed, conflicts."""
    lines = [f"Brought from the server: {done.pulled} change(s)",
             f"Sent to the server: {done.pushed} change(s)",
             f"Conflicts to resolve: {done.conflicts}"
             + (" (File ▸ Sync Conflicts…)" if done.conflicts else "")]
    if done.waiting:
        lines.append(f"Waiting: {done.waiting} server row(s) refer to a row deleted here")
    return lines + list(done.notes)


def shown_value(value: Any) -> str:
    """A conflict's value for a table cell: text as it is, the rest as JSON; None is
    "(empty)"; long values cut (the tooltip holds them whole)."""
    if value is None:
        return "(empty)"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "…"
