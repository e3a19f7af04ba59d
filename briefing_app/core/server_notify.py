"""Live changes on a team server: every write announces its change set (LISTEN/NOTIFY).

A write transaction on a server that changed rows sends, inside that transaction (so it
is delivered on commit only, and never for a rolled-back write), one notice on the
channel `briefing_changes`: the change set (core/ops/changes.py: tables, ids, versions,
the entities whose links changed) as compact JSON, and the writer's `origin`, an id of
its `ServerDatabase`, so a window ignores its own notices. A notice that would not fit
PostgreSQL's 8000-byte payload, and a write no operation recorded (an import), says
`everything` for the visits the audit trail saw it touch (core/server_audit.py).

`Listener` owns a psycopg connection of its own, LISTENs, waits for notices with a
timeout (so `stop()` ends it within `poll` seconds), and reconnects after a lost
connection; after a reconnect it reports `everything` once, since notices sent
meanwhile are lost.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from briefing_app.core.ops.changes import ChangeSet, pending

CHANNEL = "briefing_changes"
PAYLOAD_LIMIT = 8000  # bytes; PostgreSQL refuses a payload of this size or more
VERSION = 1


@dataclass(frozen=True)
class Notice:
    """One announced write: who sent it, what it changed."""

    origin: str
    changes: ChangeSet
    visits: frozenset[int] = field(default_factory=frozenset)  # for `everything`
    pid: int = 0  # the sender's backend process (0: not known)


def encode(changes: ChangeSet, origin: str, visits: Callable[[], Iterable[int]]) -> str:
    """The notice's JSON; `visits()` is asked only when it must say `everything`."""
    text = _rows_text(changes, origin)
    if text is not None:
        return text
    return _dumps({"v": VERSION, "o": origin, "e": sorted(set(visits()))})


def _rows_text(changes: ChangeSet, origin: str) -> str | None:
    """The notice row by row, or None when it must say `everything` (too large, or
    a change set that cannot say which rows)."""
    if changes.everything:
        return None
    rows: dict[str, list[list[int | None]]] = {}
    for (table, row_id), (before, after) in sorted(changes.rows.items()):
        rows.setdefault(table, []).append([row_id, before, after])
    body: dict[str, Any] = {"v": VERSION, "o": origin, "r": rows}
    if changes.linked:
        body["l"] = {k: sorted(v) for k, v in sorted(changes.linked.items())}
    text = _dumps(body)
    return text if len(text.encode("utf-8")) < PAYLOAD_LIMIT else None


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def decode(payload: str, pid: int = 0) -> Notice | None:
    """The notice in `payload`; None for anything this app did not send."""
    try:
        data = json.loads(payload)
        if not isinstance(data, dict) or data.get("v") != VERSION:
            return None
        origin = str(data["o"])
        if "e" in data:
            visits = frozenset(_int(v) for v in data["e"])
            return Notice(origin, ChangeSet(everything=True), visits, pid)
        rows = {(str(table), _int(r[0])): (_opt(r[1]), _opt(r[2]))
                for table, items in data["r"].items() for r in items}
        linked = {str(k): frozenset(_int(i) for i in v) for k, v in data.get("l", {}).items()}
        return Notice(origin, ChangeSet(rows, linked=linked), frozenset(), pid)
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("not a whole number")
    return value


def _opt(value: Any) -> int | None:
    return None if value is None else _int(value)


# Sent only when the transaction wrote something (it has a transaction id): one round
# trip decides and sends. `everything` appends to the notice's head the JSON array of
# the visits the audit trail saw this transaction touch.
_NOTIFY_ROWS = ("SELECT pg_notify(%s, %s) WHERE pg_current_xact_id_if_assigned() IS NOT NULL")
_NOTIFY_EVERYTHING = (
    "SELECT pg_notify(%s, %s || coalesce((SELECT json_agg(visit_id ORDER BY visit_id)::text "
    "FROM (SELECT DISTINCT visit_id FROM audit_log WHERE xact = "
    "pg_current_xact_id_if_assigned() AND visit_id IS NOT NULL) AS touched), '[]') || '}') "
    "WHERE pg_current_xact_id_if_assigned() IS NOT NULL")


def publish(session: Session, origin: str) -> None:
    """Announce what this transaction changed, inside it; nothing when it wrote nothing."""
    changes = pending(session)
    if changes is not None and not changes:
        return  # an operation that changed no row
    session.flush()  # an operation whose changes wait for the commit (a reorder) wrote too
    if changes is None:
        changes = ChangeSet(everything=True)  # a write no operation recorded (an import)
    conn = session.connection()
    text = _rows_text(changes, origin)
    if text is not None:
        conn.exec_driver_sql(_NOTIFY_ROWS, (CHANNEL, text))
    else:
        head = _dumps({"v": VERSION, "o": origin})[:-1] + ',"e":'
        conn.exec_driver_sql(_NOTIFY_EVERYTHING, (CHANNEL, head))


def conninfo(url: str) -> str:
    """A libpq address for psycopg from the app's server URL (its password included)."""
    from briefing_app.core.server_db import engine_url

    return make_url(engine_url(url)).set(drivername="postgresql").render_as_string(
        hide_password=False)


class Listener:
    """Waits for notices on a connection of its own; `run()` until `stop()`.

    `on_notice` is called in the listener's thread for every notice not sent by
    `ignore` (the window's own origin). `on_state` hears "listening" and "lost"."""

    def __init__(self, url: str, on_notice: Callable[[Notice], None], *,
                 ignore: str | None = None, on_state: Callable[[str], None] | None = None,
                 poll: float = 0.25, retry: float = 2.0) -> None:
        self._conninfo = conninfo(url)
        self._on_notice = on_notice
        self._ignore = ignore
        self._on_state = on_state or (lambda _state: None)
        self.poll = poll
        self.retry = retry
        self._stop = threading.Event()
        self.ready = threading.Event()  # set while LISTEN is in effect (tests wait for it)
        self.connections = 0  # how many times it connected (a reconnect makes it 2)
        self._conn: Any = None

    def stop(self) -> None:
        """Ask `run()` to end; it does within `poll` seconds."""
        self._stop.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def run(self) -> None:
        """Listen until stopped, reconnecting after a lost connection."""
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True, connect_timeout=10,
                                     application_name="briefing-app-listener") as conn:
                    self._conn = conn
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.connections += 1
                    self.ready.set()
                    self._on_state("listening")
                    if self.connections > 1:  # what was sent while away is lost
                        self._on_notice(Notice("", ChangeSet(everything=True)))
                    self._listen(conn)
            except psycopg.Error:
                pass
            finally:
                self._conn = None
            if self._stop.is_set():
                break
            self.ready.clear()
            self._on_state("lost")
            self._stop.wait(self.retry)  # a back-off before the next try; stop ends it

    def _listen(self, conn: Any) -> None:
        while not self._stop.is_set():
            for note in conn.notifies(timeout=self.poll):
                if note.channel != CHANNEL:
                    continue
                notice = decode(note.payload, note.pid)
                if notice is not None and notice.origin != self._ignore:
                    self._on_notice(notice)
                if self._stop.is_set():
                    return

    def backend_pid(self) -> int | None:
        """The listening connection's server process (a test ends it to cut the line)."""
        conn = self._conn
        return None if conn is None else int(conn.info.backend_pid)
