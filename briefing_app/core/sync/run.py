"""Take a visit offline, and sync it: pull (one local transaction), then push (one
server transaction), then record the push (one local transaction).

A three-way merge per field against `sync_base` (the server's row as the laptop last
saw it): a field changed on one side takes that side's value; changed on both to
different values becomes a conflict (core/sync/conflicts.py) and the local value stays.
A field equal on both sides is no conflict, which makes every step idempotent: a push
that committed but was not recorded (the laptop killed in between) is recognised at
the next pull as the laptop's own values. Versions are the server's `row_version`; a
push names the version each write is based on and is refused whole when one is stale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.orm import Session

from briefing_app.core import models as M
from briefing_app.core.database import Database
from briefing_app.core.errors import BriefingError, ConflictError, NotFoundError
from briefing_app.core.sync import rows as R
from briefing_app.core.sync.tables import (
    sync_base,
    sync_conflicts,
    sync_origin,
    sync_tombstones,
)

MAX_CLOCK_SKEW = timedelta(minutes=5)
Point = Callable[[str], None]
Clock = Callable[[], datetime]


def _no_point(_name: str) -> None:
    """Where a test may stop a sync (tests/core/test_sync.py kills it there)."""


def _utcnow() -> datetime:
    return datetime.now(UTC)


class SyncError(BriefingError):
    """A sync refused or impossible, in one line."""


class StaleError(ConflictError):
    """The server changed a row since the pull: nothing was sent; sync again."""


@dataclass
class SyncSummary:
    pulled: int = 0  # rows added, changed or deleted here
    pushed: int = 0  # rows sent to the server
    conflicts: int = 0  # open conflicts after the sync
    waiting: int = 0  # server rows that refer to a row deleted here (not brought)
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        text_ = (f"{self.pulled} change(s) brought from the server, {self.pushed} sent; "
                 f"{self.conflicts} conflict(s) to resolve")
        if self.conflicts:
            text_ += " (briefing-app sync-conflicts)"
        return text_


def server_address(url: str) -> str:
    """The URL as it is recorded: without its password (libpq's ~/.pgpass gives it)."""
    from sqlalchemy.engine import URL, make_url

    # Not `.set(password=None)`: in SQLAlchemy 2.1 None there means "leave it", and the
    # password was recorded in the laptop's file.
    u = make_url(url)
    return URL.create(u.drivername, u.username, None, u.host, u.port, u.database,
                      u.query).render_as_string(hide_password=False)


def check_clock(server: Session, now: Clock = _utcnow) -> None:
    """Refuse a laptop whose clock is more than 5 minutes off the server's."""
    server_now = server.execute(text("SELECT now()")).scalar_one()
    skew = now() - server_now
    if abs(skew) > MAX_CLOCK_SKEW:
        minutes = round(abs(skew).total_seconds() / 60)
        way = "ahead of" if skew > timedelta(0) else "behind"
        raise SyncError(f"this computer's clock is {minutes} minutes {way} the server's; "
                        "set it right, then sync")


# --- the local state -----------------------------------------------------------------

def origin(s: Session, visit_uuid: str | None = None) -> Any:
    """The visit taken offline in this file (the only one, or the one named)."""
    stmt = select(sync_origin)
    if visit_uuid is not None:
        stmt = stmt.where(sync_origin.c.visit_uuid == visit_uuid)
    found = list(s.execute(stmt))
    if not found:
        raise SyncError("this file holds no visit taken offline from a server "
                        "(briefing-app --db FILE take-offline SERVER_URL --visit ID)")
    if len(found) > 1:
        raise SyncError("this file holds several visits taken offline; name one with --visit")
    return found[0]


def _bases(s: Session, visit_uuid: str) -> dict[str, tuple[int, dict[str, Any]]]:
    import json

    rows = s.execute(select(sync_base).where(sync_base.c.visit_uuid == visit_uuid))
    return {r.uuid: (r.version, json.loads(r.data)) for r in rows}


def _set_base(s: Session, visit_uuid: str, snap: R.Snap, uuid: str,
              version: int, data: dict[str, Any]) -> None:
    s.execute(delete(sync_base).where(sync_base.c.uuid == uuid))
    s.execute(insert(sync_base).values(uuid=uuid, table_name=snap.table, visit_uuid=visit_uuid,
                                       version=version, data=R.dumps(data)))


def _open_conflicts(s: Session, visit_uuid: str) -> dict[tuple[str, str], Any]:
    rows = s.execute(select(sync_conflicts).where(sync_conflicts.c.visit_uuid == visit_uuid))
    return {(r.uuid, r.field): r for r in rows}


def _conflict(s: Session, visit_uuid: str, table: str, uuid: str, key: str,
              local: Any, server: Any, version: int) -> None:
    s.execute(delete(sync_conflicts).where(sync_conflicts.c.uuid == uuid,
                                           sync_conflicts.c.field == key))
    s.execute(insert(sync_conflicts).values(
        visit_uuid=visit_uuid, table_name=table, uuid=uuid, field=key,
        local_value=R.dumps(local), server_value=R.dumps(server), server_version=version,
        found_at=_utcnow()))


def _local_visit_id(s: Session, visit_uuid: str) -> int | None:
    model = R.VISIT.model
    return s.scalar(select(model.id).where(model.uuid == visit_uuid))


# --- pull ------------------------------------------------------------------------------

@dataclass
class _Server:
    rows: R.VisitRows
    tombstones: set[str]


def _read_server(server: Session, visit_uuid: str, known: set[str]) -> _Server:
    model = R.VISIT.model
    visit_id = server.scalar(select(model.id).where(model.uuid == visit_uuid))
    rows = R.read_visit(server, visit_id) if visit_id is not None else R.VisitRows(0)
    gone = sorted(known - rows.rows.keys())
    dead: set[str] = set()
    for i in range(0, len(gone), 500):
        dead |= set(server.scalars(select(sync_tombstones.c.uuid).where(
            sync_tombstones.c.uuid.in_(gone[i:i + 500]))))
    return _Server(rows, dead)


def _pull(local: Session, visit_uuid: str, srv: _Server, point: Point,
          summary: SyncSummary) -> None:
    """Bring the server's rows into the local file (inside the caller's transaction)."""
    visit_id = _local_visit_id(local, visit_uuid)
    here = R.read_visit(local, visit_id) if visit_id is not None else R.VisitRows(0)
    bases = _bases(local, visit_uuid)
    conflicts = _open_conflicts(local, visit_uuid)
    ids = here.ids()
    server_rows = srv.rows.rows
    everything = set(server_rows) | set(bases) | set(here.rows)
    order = sorted(everything, key=lambda u: R.ORDER[(server_rows.get(u) or here.rows.get(u)
                                                       or _base_snap(u, bases, local)).table])
    visit_refs: list[tuple[str, dict[str, Any]]] = []
    deletions: list[tuple[str, str]] = []
    for uuid in order:
        s_row, l_row, base = server_rows.get(uuid), here.rows.get(uuid), bases.get(uuid)
        if s_row is None:
            if base is None:
                continue  # a local insert not pushed yet
            table = l_row.table if l_row else _base_snap(uuid, bases, local).table
            if uuid in srv.tombstones and l_row is not None and \
                    R.changed_keys(l_row.section, l_row.data, base[1]):
                _conflict(local, visit_uuid, table, uuid, "*", l_row.data, None, base[0])
                continue  # edited here, deleted there: both kept until the user chooses
            deletions.append((table, uuid))  # deleted there, or no longer shown to us
            continue
        section = s_row.section
        if l_row is None:
            if base is None:  # new on the server
                if visit_id is None and section is not R.VISIT:
                    raise SyncError("the visit itself is missing here")
                try:
                    new_id = R.insert_row(local, section, uuid, s_row.data, ids, visit_id, 1)
                except R.MissingRow:
                    summary.waiting += 1
                    continue
                if section is R.VISIT:
                    visit_id = new_id
                    visit_refs.append((uuid, s_row.data))
                _set_base(local, visit_uuid, s_row, uuid, s_row.version, s_row.data)
                summary.pulled += 1
                point("pull:insert")
            elif s_row.version != base[0]:  # deleted here, changed there
                _conflict(local, visit_uuid, s_row.table, uuid, "*", None, s_row.data,
                          s_row.version)
                _set_base(local, visit_uuid, s_row, uuid, s_row.version, s_row.data)
            continue
        if base is not None and s_row.version == base[0]:
            continue  # nothing new from the server
        old = base[1] if base is not None else {}
        take: list[str] = []
        for key in R.compared(section):
            theirs, mine, was = s_row.data.get(key), l_row.data.get(key), old.get(key)
            if theirs == was or theirs == mine:
                if (uuid, key) in conflicts and theirs == mine:
                    local.execute(delete(sync_conflicts).where(
                        sync_conflicts.c.id == conflicts[uuid, key].id))
                continue
            if mine == was and base is not None:
                take.append(key)
            else:
                _conflict(local, visit_uuid, s_row.table, uuid, key, mine, theirs,
                          s_row.version)
        if take:
            merged = dict(l_row.data) | {k: s_row.data[k] for k in take}
            merged["updated_at"] = max(l_row.data["updated_at"], s_row.data["updated_at"])
            if section is R.VISIT:
                visit_refs.append((uuid, merged))
            try:
                R.update_row(local, section, uuid, merged,
                             tuple(k for k in take if section is not R.VISIT
                                   or k not in {r.key for r in section.refs}),
                             ids, base=None, version=section.model.row_version + 1)
            except R.MissingRow:
                summary.waiting += 1
                continue
            summary.pulled += 1
            point("pull:update")
        _set_base(local, visit_uuid, s_row, uuid, s_row.version, s_row.data)
    for uuid, data in visit_refs:
        R.set_visit_refs(local, uuid, data, ids)
    for table, uuid in sorted(deletions, key=lambda d: -R.ORDER[d[0]]):
        if R.delete_row(local, R.BY_TABLE[table], uuid, base=None):
            summary.pulled += 1
        local.execute(delete(sync_base).where(sync_base.c.uuid == uuid))
        local.execute(delete(sync_conflicts).where(sync_conflicts.c.uuid == uuid))
        point("pull:delete")
    M.companion_floor(local, visit_id)  # bulk writes skip the models' events
    # A row deleted here by a cascade of a server deletion leaves no base behind either.
    here_now = R.read_visit(local, visit_id).rows if visit_id is not None else {}
    for uuid in set(_bases(local, visit_uuid)) - set(here_now) - set(server_rows):
        local.execute(delete(sync_base).where(sync_base.c.uuid == uuid))


def _base_snap(uuid: str, bases: dict[str, Any], local: Session) -> R.Snap:
    table = local.scalar(select(sync_base.c.table_name).where(sync_base.c.uuid == uuid))
    return R.Snap(table, 0, bases[uuid][0], bases[uuid][1])


# --- push ------------------------------------------------------------------------------

@dataclass
class _Pushed:
    rows: list[tuple[str, str, int, dict[str, Any]]] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


def _push(server: Session, local_rows: R.VisitRows, bases: dict[str, Any],
          conflicts: dict[tuple[str, str], Any], visit_uuid: str, point: Point) -> _Pushed:
    """Send the local changes to the server (inside the caller's server transaction)."""
    model = R.VISIT.model
    server_visit = server.scalar(select(model.id).where(model.uuid == visit_uuid))
    if server_visit is None:
        raise SyncError("the visit is no longer on the server")
    ids = R.read_visit(server, server_visit).ids()
    done = _Pushed()
    blocked = {u for (u, k) in conflicts if k == "*"}
    # The visit last: its principal may be a person added in this push.
    ordered = sorted(local_rows.rows.items(),
                     key=lambda kv: R.ORDER[kv[1].table] or len(R.ORDER))
    for uuid, row in ordered:
        section = row.section
        if uuid in blocked:
            continue
        base = bases.get(uuid)
        if base is None:
            try:
                R.insert_row(server, section, uuid, row.data, ids, server_visit, 1)
            except R.MissingRow:
                raise SyncError(f"a new {section.name} row refers to a row deleted on the "
                                "server; resolve or delete it, then sync") from None
            done.rows.append((row.table, uuid, 1, row.data))
            point("push:insert")
            continue
        keys = tuple(k for k in R.changed_keys(section, row.data, base[1])
                     if (uuid, k) not in conflicts)
        if not keys:
            continue
        try:
            written = R.update_row(server, section, uuid, row.data, keys, ids, base=base[0],
                                   version=base[0] + 1)
        except R.MissingRow:
            raise SyncError(f"a {section.name} row refers to a row deleted on the server; "
                            "sync again to bring the deletion") from None
        if written != 1:
            raise StaleError(f"the server changed a {section.name} row since this sync "
                             "began; nothing was sent: sync again")
        done.rows.append((row.table, uuid, base[0] + 1,
                          dict(base[1]) | {k: row.data[k] for k in keys}))
        point("push:update")
    gone = [(u, b) for u, b in bases.items() if u not in local_rows.rows and u not in blocked]
    tables = {u: t for u, t in _tables_of(bases)}
    for uuid, base in sorted(gone, key=lambda ub: -R.ORDER[tables[ub[0]]]):
        section = R.BY_TABLE[tables[uuid]]
        if R.delete_row(server, section, uuid, base=base[0]) != 1:
            still = server.scalar(select(section.model.row_version)
                                  .where(section.model.uuid == uuid))
            if still is not None:
                raise StaleError(f"the server changed a {section.name} row deleted here; "
                                 "nothing was sent: sync again")
        done.deleted.append(uuid)
        point("push:delete")
    M.companion_floor(server, server_visit)  # bulk writes skip the models' events
    return done


def _tables_of(bases: dict[str, Any]) -> list[tuple[str, str]]:
    return [(u, b[2]) for u, b in bases.items()]


def _bases_with_tables(s: Session, visit_uuid: str) -> dict[str, tuple[int, dict[str, Any], str]]:
    import json

    rows = s.execute(select(sync_base).where(sync_base.c.visit_uuid == visit_uuid))
    return {r.uuid: (r.version, json.loads(r.data), r.table_name) for r in rows}


def _record_push(local: Session, visit_uuid: str, done: _Pushed) -> None:
    for table, uuid, version, data in done.rows:
        local.execute(delete(sync_base).where(sync_base.c.uuid == uuid))
        local.execute(insert(sync_base).values(uuid=uuid, table_name=table,
                                               visit_uuid=visit_uuid, version=version,
                                               data=R.dumps(data)))
    for uuid in done.deleted:
        local.execute(delete(sync_base).where(sync_base.c.uuid == uuid))


# --- the operations --------------------------------------------------------------------

def take_offline(local: Database, server: Database, server_url: str, visit_ref: str, *,
                 now: Clock | None = None, point: Point = _no_point) -> SyncSummary:
    """Copy one visit from the server into the local file, keeping its UUIDs, and
    record where it came from (one local transaction). `now` is the laptop's clock
    (a test's injected one; else the module's `_utcnow`, looked up at the call)."""
    from briefing_app.core.ops.visits import find_visit

    now = now or _utcnow
    visit = find_visit(server, visit_ref)
    with local.read() as s:
        if _local_visit_id(s, visit.uuid) is not None:
            taken = s.scalar(select(sync_origin.c.id).where(
                sync_origin.c.visit_uuid == visit.uuid))
            raise SyncError(f"the visit {visit.title!r} is already in this file"
                            + ("; sync it instead" if taken else
                               " (not taken offline: use another file)"))
    with server.read() as s:
        check_clock(s, now)
        srv = _read_server(s, visit.uuid, set())
    summary = SyncSummary()
    with local.write() as s:
        s.execute(insert(sync_origin).values(visit_uuid=visit.uuid,
                                             server=server_address(server_url),
                                             taken_at=now(), pulled_at=now()))
        _pull(s, visit.uuid, srv, point, summary)
    return summary


def sync(local: Database, server: Database, visit_uuid: str, *, now: Clock | None = None,
         point: Point | None = None) -> SyncSummary:
    """Pull, then push, then record the push: each step one transaction, each safe to
    repeat after an interruption anywhere. `now` and `point` default to the module's
    `_utcnow` and `_no_point`, looked up at the call (tests replace them)."""
    now = now or _utcnow
    point = point or _no_point
    summary = SyncSummary()
    with local.read() as s:
        bases = _bases(s, visit_uuid)
    with server.read() as s:
        check_clock(s, now)
        srv = _read_server(s, visit_uuid, set(bases))
    point("pull:read")
    with local.write() as s:
        _pull(s, visit_uuid, srv, point, summary)
        s.execute(update(sync_origin).where(sync_origin.c.visit_uuid == visit_uuid)
                  .values(pulled_at=now()))
    point("pull:done")
    with local.read() as s:
        visit_id = _local_visit_id(s, visit_uuid)
        if visit_id is None:
            raise NotFoundError("the visit was deleted on the server; nothing to send")
        local_rows = R.read_visit(s, visit_id)
        bases3 = _bases_with_tables(s, visit_uuid)
        conflicts = _open_conflicts(s, visit_uuid)
    with server.write() as s:
        done = _push(s, local_rows, bases3, conflicts, visit_uuid, point)
    point("push:done")
    with local.write() as s:
        _record_push(s, visit_uuid, done)
        s.execute(update(sync_origin).where(sync_origin.c.visit_uuid == visit_uuid)
                  .values(pushed_at=now()))
        summary.conflicts = len(_open_conflicts(s, visit_uuid))
    summary.pushed = len(done.rows) + len(done.deleted)
    return summary
