"""What an operation changed and how to take it back (as Anki's `OpChanges` and undo).

`run(op, db, ...)` calls any core operation with a recorder watching its transaction
and returns a `Step`: the operation's own return value, the `ChangeSet` (which kinds
and ids were touched, with each row's version before and after) and the `Reversal`
that takes it back. A reversal holds the image of every row the step touched: the
content the row must still have (`expect`) and the content to write back (`target`).
`Reversal.apply` checks and writes in one transaction and returns the step that
reverses *it* (undo hands back redo, and redo undo), so the GUI's undo stack holds
only what the core handed back and never re-implements an operation.

Row versions stay monotonic: every write, undo and redo included, bumps the version
(a calendar client needs a rising SEQUENCE, another window must see that the row
moved). An undo therefore cannot expect the version the step produced once the
stack has undone a later step of the same row; it expects instead that the row is
*exactly* as the step left it: same version (nobody wrote since), or the same content
at a version the same history wrote last (`ours`: our own undo of a later step put it
back). Anything else is someone else's write, and the step is refused untouched.

Content here means every column except `updated_at` and `row_version`, which move on
every write by design; `created_at` and the UUID are restored exactly.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, Table, event, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import ORMExecuteState, Session

from briefing_app.core.database import Database
from briefing_app.core.errors import ConflictError
from briefing_app.core.kinds import BY_TABLE
from briefing_app.core.models import Base

T = TypeVar("T")
RowKey = tuple[str, int]  # (table name, id)
Image = dict[str, Any] | None  # a row's columns, None: the row does not exist
MOVING = frozenset({"updated_at", "row_version"})  # change on every write; not content

def kind_of(table: str) -> str:
    """The kind a table holds, as core/kinds.py declares it ("gifts" holds "gift")."""
    kind = BY_TABLE.get(table)
    return kind.name if kind is not None else table


def _parent_keys(table: str) -> tuple[tuple[str, str], ...]:
    """(column, item kind) of the items a part's rows belong to (a participation: its
    event and person), so a view showing events refreshes when an event's participants
    change. An item edited on its own (a gift, a speech) has none, though it refers to
    an event: the programme of a 5,000-event visit does not reload for a gift."""
    kind = BY_TABLE.get(table)
    if kind is None or kind.item:
        return ()
    out = []
    for fk in kind.table.foreign_keys:
        target = BY_TABLE.get(fk.column.table.name)
        if target is not None and target.item and target.name != "visit":
            out.append((fk.parent.name, target.name))
    return tuple(out)


def _parents(table: str) -> frozenset[str]:
    return frozenset(name for _col, name in _parent_keys(table))


@dataclass(frozen=True)
class ChangeSet:
    """Rows one step touched, with their versions (before, after; None: absent).

    `everything` stands for a change the step cannot describe row by row (a restore,
    an import): every view reloads."""

    rows: Mapping[RowKey, tuple[int | None, int | None]] = field(default_factory=dict)
    everything: bool = False
    linked: Mapping[str, frozenset[int]] = field(default_factory=dict)  # kind -> ids whose links changed

    @property
    def kinds(self) -> frozenset[str]:
        """Kinds touched, including the entities whose links changed."""
        out: set[str] = set()
        for table in {t for t, _ in self.rows}:
            out.add(kind_of(table))
            out |= _parents(table)
        return frozenset(out)

    def ids(self, kind: str) -> frozenset[int]:
        """Ids of `kind` touched (for an entity kind, also those whose links changed)."""
        out: set[int] = set(self.linked.get(kind, ()))
        for table, row_id in self.rows:
            if kind_of(table) == kind:
                out.add(row_id)
        return frozenset(out)

    def touches(self, kinds: Iterable[str]) -> bool:
        """True when a view showing `kinds` ('*': everything) must refresh."""
        kinds = frozenset(kinds)
        return self.everything or "*" in kinds or bool(kinds & self.kinds)

    def version(self, kind: str, row_id: int) -> int | None:
        """The version a row of `kind` has after the step (None: deleted or untouched)."""
        for table, key_id in self.rows:
            if key_id == row_id and kind_of(table) == kind:
                return self.rows[(table, key_id)][1]
        return None

    def __bool__(self) -> bool:
        return self.everything or bool(self.rows)

    @staticmethod
    def merged(sets: Iterable[ChangeSet]) -> ChangeSet:
        """Several steps as one (a History-dock jump): first version before, last after."""
        rows: dict[RowKey, tuple[int | None, int | None]] = {}
        linked: dict[str, set[int]] = {}
        everything = False
        for cs in sets:
            everything = everything or cs.everything
            for key, (before, after) in cs.rows.items():
                rows[key] = (rows[key][0] if key in rows else before, after)
            for kind, ids in cs.linked.items():
                linked.setdefault(kind, set()).update(ids)
        return ChangeSet(rows, everything, {k: frozenset(v) for k, v in linked.items()})


EVERYTHING = ChangeSet(everything=True)


@dataclass(frozen=True)
class Reversal:
    """How to take a step back: each row must be as `expect` says, and becomes `target`."""

    label: str
    expect: tuple[tuple[RowKey, Image], ...]
    target: tuple[tuple[RowKey, Image], ...]

    def apply(self, db: Database, ours: Mapping[RowKey, int] | None = None) -> Step[None]:
        """Write `target` in one transaction if every row is still as `expect`;
        otherwise refuse with a ConflictError and change nothing.

        `ours`: the version each row was last given by the history this step belongs
        to; a row at that version with the expected content was put back by that
        history (the undo of a later step), not changed elsewhere."""
        ours = ours or {}
        token = _active.set(None)  # this write describes itself
        try:
            with db.write() as s:
                conn = s.connection()
                keys = [key for key, _ in self.target]
                current = _images(conn, keys)
                for key, expected in self.expect:
                    _check(key, current[key], expected, ours.get(key))
                try:
                    extra = _write(conn, dict(self.target), current)
                except IntegrityError:
                    raise ConflictError(
                        f"cannot {self.label}: it depends on something that was "
                        "deleted or changed elsewhere since") from None
                before = current | extra
                after = _images(conn, list(before))
                step = _step(None, "redo this step" if self.label != "redo this step"
                             else "take this step back", before, after)
                s.info[PENDING] = step.changes  # for a server's notice (core/server_notify)
        finally:
            _active.reset(token)
        _note(db, step.changes)
        return step


@dataclass(frozen=True)
class Step(Generic[T]):
    """What one core operation did: its result, what it touched, how to reverse it."""

    value: T
    changes: ChangeSet
    reverse: Reversal


def run(op: Callable[..., T], db: Database, *args: Any, **kwargs: Any) -> Step[T]:
    """Run one core operation and return its result with its change set and reversal.

    Every row the operation's transaction inserts, updates or deletes (cascades
    included) is recorded before and after. A write the recorder cannot see row by
    row (raw SQL) makes the operation fail before it commits: an operation that could
    not be undone exactly is never half-recorded."""
    rec = _Recorder()
    token = _active.set(rec)
    try:
        value = op(db, *args, **kwargs)
    finally:
        _active.reset(token)
    step = _step(value, "take this step back", rec.before, rec.after)
    _note(db, step.changes)
    return step


def _note(db: Any, changes: ChangeSet) -> None:
    """Tell the database what its last write changed (whole-visit reads it memoizes
    can then be patched instead of read again: Database.memo)."""
    note = getattr(db, "note_own_changes", None)
    if note is not None:
        note(changes)


def pending(session: Session) -> ChangeSet | None:
    """What this session's transaction has changed so far, as its step will report it,
    read before the commit (a team server announces it inside the transaction); None
    when no operation records this transaction (a write outside `run`)."""
    known = session.info.get(PENDING)
    if known is not None:
        return known  # type: ignore[no-any-return]
    rec = _recorder(session, attach=bool(session.new or session.dirty or session.deleted))
    if rec is None:
        return None
    session.flush()
    after = _images(session.connection(), list(rec.before))
    return _step(None, "", rec.before, after).changes


# --- recording ------------------------------------------------------------------------

PENDING = "briefing_app_pending_changes"  # session.info: a reversal's change set

_active: contextvars.ContextVar[_Recorder | None] = contextvars.ContextVar(
    "briefing_app_change_recorder", default=None)


class _Recorder:
    """Before-images of every row a transaction touches, after-images at its commit."""

    def __init__(self) -> None:
        self.before: dict[RowKey, Image] = {}
        self.after: dict[RowKey, Image] = {}
        self.untracked: list[str] = []
        self.session: Session | None = None
        self.closed = False  # one operation is one transaction: later ones are not its


    def watch(self, conn: Connection, table: Table, ids: Iterable[int]) -> None:
        fresh = [i for i in ids if (table.name, i) not in self.before]
        if fresh:
            self.before |= _images(conn, [(table.name, i) for i in fresh])

    def watch_delete(self, conn: Connection, table: Table, ids: Iterable[int]) -> None:
        for tbl, tbl_ids in _closure(conn, table, list(ids)):
            self.watch(conn, tbl, tbl_ids)

    def created(self, table: Table, row_id: int) -> None:
        self.before.setdefault((table.name, row_id), None)


def _recorder(session: Session, attach: bool = True) -> _Recorder | None:
    """The recorder of the operation this session's transaction belongs to, if any;
    the first transaction that writes is the operation's (`attach`)."""
    rec = _active.get()
    if rec is None or rec.closed:
        return None
    if rec.session is None and attach:
        rec.session = session
    return rec if rec.session is session else None


def _table(obj: Any) -> Table:
    return obj.__table__


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    rec = _recorder(session)
    if rec is None:
        return
    conn = session.connection()
    for obj in session.dirty:
        if obj.id is not None and session.is_modified(obj):
            rec.watch(conn, _table(obj), [obj.id])
    for obj in session.deleted:
        rec.watch_delete(conn, _table(obj), [obj.id])


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _ctx: Any) -> None:
    rec = _recorder(session, attach=False)
    if rec is None:
        return
    for obj in session.new:
        rec.created(_table(obj), obj.id)


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    if state.is_select:  # a read never claims the operation: its first write does
        return
    rec = _recorder(state.session)
    if rec is None:
        return
    stmt: Any = state.statement
    conn = state.session.connection()
    if state.is_update or state.is_delete:
        table = stmt.table
        where = stmt.whereclause
        query = select(table.c.id) if where is None else select(table.c.id).where(where)
        ids = list(conn.execute(query).scalars())
        if state.is_delete:
            rec.watch_delete(conn, table, ids)
        else:
            rec.watch(conn, table, ids)
    elif state.is_insert and not state.parameters and \
            stmt.compile().params.get("id") is not None:
        rec.created(stmt.table, stmt.compile().params["id"])
    else:
        rec.untracked.append(str(stmt)[:80])


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    # Changes still pending (flushed only now) make this transaction the operation's.
    rec = _recorder(session, attach=bool(session.new or session.dirty or session.deleted))
    if rec is None:
        return
    session.flush()
    if rec.untracked:
        raise RuntimeError(f"a write the undo history cannot record: {rec.untracked[0]}")
    rec.after = _images(session.connection(), list(rec.before))
    rec.closed = True


# --- images ---------------------------------------------------------------------------

def _images(conn: Connection, keys: list[RowKey]) -> dict[RowKey, Image]:
    """The current row for each key (None where it does not exist), a query per table."""
    out: dict[RowKey, Image] = dict.fromkeys(keys)
    by_table: dict[str, list[int]] = {}
    for name, row_id in keys:
        by_table.setdefault(name, []).append(row_id)
    for name, ids in by_table.items():
        tbl = Base.metadata.tables[name]
        for i in range(0, len(ids), 500):
            for row in conn.execute(select(tbl).where(tbl.c.id.in_(ids[i:i + 500]))).mappings():
                out[(name, row["id"])] = dict(row)
    return out


def content(image: Image) -> dict[str, Any] | None:
    """What the user sees of a row: every column but the ones that move on each write."""
    return None if image is None else {k: v for k, v in image.items() if k not in MOVING}


def _step(value: T, label: str, before: Mapping[RowKey, Image],
          after: Mapping[RowKey, Image]) -> Step[T]:
    changed = [k for k in before if before[k] != after.get(k)]
    rows = {k: (_version(before[k]), _version(after.get(k))) for k in changed}
    reverse = Reversal(label,
                       expect=tuple((k, after.get(k)) for k in changed),
                       target=tuple((k, before[k]) for k in changed))
    return Step(value, ChangeSet(rows, linked=_linked(changed, before, after)), reverse)


def _linked(keys: list[RowKey], before: Mapping[RowKey, Image],
            after: Mapping[RowKey, Image]) -> dict[str, frozenset[int]]:
    """Entities whose links changed: the event and the person of a participation."""
    out: dict[str, set[int]] = {}
    for name, row_id in keys:
        for column, parent in _parent_keys(name):
            for img in (before.get((name, row_id)), after.get((name, row_id))):
                if img is not None and img.get(column) is not None:
                    out.setdefault(parent, set()).add(img[column])
    return {k: frozenset(v) for k, v in out.items()}


def _version(image: Image) -> int | None:
    return None if image is None else image["row_version"]


def _check(key: RowKey, current: Image, expected: Image, ours: int | None) -> None:
    """Refuse when the row is not as the step left it (someone else wrote it since)."""
    if current is None and expected is None:
        return
    if current is not None and expected is not None:
        if current["row_version"] == expected["row_version"] and \
                content(current) == content(expected):
            return
        if current["row_version"] == ours and content(current) == content(expected):
            return
    kind = BY_TABLE.get(key[0])
    what = kind.label if kind is not None else key[0].replace("_", " ")
    if current is None:
        raise ConflictError(f"this {what} was deleted elsewhere since this step; "
                            "it cannot be taken back")
    if expected is None:
        raise ConflictError(f"this {what} was created again elsewhere since this step; "
                            "it cannot be taken back")
    raise ConflictError(
        f"this {what} was changed elsewhere since this step "
        f"(version {current['row_version']}, this step left version "
        f"{expected['row_version']}); reload it and try again")


def _order() -> dict[str, int]:
    return {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}


def _closure(conn: Connection, table: Table, ids: list[int]) -> list[tuple[Table, list[int]]]:
    """The rows deleting `ids` of `table` removes (ON DELETE CASCADE, recursively) or
    changes (ON DELETE SET NULL), as (table, ids), the deleted rows first."""
    out: list[tuple[Table, list[int]]] = []
    seen: set[RowKey] = set()

    def walk(tbl: Table, tbl_ids: list[int]) -> None:
        fresh = [i for i in tbl_ids if (tbl.name, i) not in seen]
        if not fresh:
            return
        seen.update((tbl.name, i) for i in fresh)
        out.append((tbl, fresh))
        for child in Base.metadata.sorted_tables:
            for fk in child.foreign_keys:
                if fk.column.table is not tbl:
                    continue
                col = child.c[fk.parent.name]
                kids = [k for i in range(0, len(fresh), 500) for k in conn.execute(
                    select(child.c.id).where(col.in_(fresh[i:i + 500]))).scalars()]
                if (fk.ondelete or "").upper() == "CASCADE":
                    walk(child, kids)
                elif kids:
                    out.append((child, kids))

    walk(table, ids)
    return out


def _write(conn: Connection, target: dict[RowKey, Image],
           current: dict[RowKey, Image]) -> dict[RowKey, Image]:
    """Make each row as `target` says; returns the before-images of rows a delete
    took along (cascades not in `target`), so the reverse step puts them back."""
    order = _order()
    tables = Base.metadata.tables
    drops = [k for k, img in target.items() if img is None and current[k] is not None]
    extra: dict[RowKey, Image] = {}
    for name, row_id in drops:
        for tbl, ids in _closure(conn, tables[name], [row_id]):
            missing = [(tbl.name, i) for i in ids if (tbl.name, i) not in target
                       and (tbl.name, i) not in extra]
            extra |= _images(conn, missing)
    for name, row_id in sorted(drops, key=lambda k: -order[k[0]]):
        tbl = tables[name]
        conn.execute(tbl.delete().where(tbl.c.id == row_id))
    now = datetime.now(UTC)
    deferred: list[tuple[Table, int, str, Any]] = []
    for (name, row_id), img in sorted(target.items(), key=lambda item: order[item[0][0]]):
        if img is None:
            continue
        tbl = tables[name]
        values = dict(img)
        now_row = current[(name, row_id)]
        # Cycles (visit.principal_id -> a person of the visit) are set after every
        # insert: the person may be one this step brings back.
        for fk in tbl.foreign_keys:
            column = fk.parent.name
            if fk.use_alter and values.get(column) is not None and \
                    (now_row is None or now_row[column] != values[column]):
                deferred.append((tbl, row_id, column, values[column]))
                values[column] = None if now_row is None else now_row[column]
        if now_row is None:
            conn.execute(insert(tbl).values(**values))
        else:
            values.pop("id")
            values["row_version"] = current[(name, row_id)]["row_version"] + 1
            values["updated_at"] = now
            conn.execute(update(tbl).where(tbl.c.id == row_id).values(**values))
    for tbl, row_id, column, value in deferred:
        conn.execute(update(tbl).where(tbl.c.id == row_id).values({column: value}))
    return extra
