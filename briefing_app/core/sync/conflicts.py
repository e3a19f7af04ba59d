"""The fields both sides changed: listed with both values; the user keeps one.

Until the user chooses, the local value stays and the field is not sent; `keep local`
sends it at the next sync, `keep server` puts the server's value here. A row deleted on
one side and changed on the other is one conflict on the field "*".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select

from briefing_app.core.database import Database
from briefing_app.core.errors import NotFoundError, ValidationError
from briefing_app.core.kinds import BY_TABLE as KIND_BY_TABLE
from briefing_app.core.sync import rows as R
from briefing_app.core.sync.tables import sync_base, sync_conflicts


@dataclass(frozen=True)
class Conflict:
    id: int
    kind: str  # "event", "person", ...
    title: str  # what names the item
    field: str  # "*": the row itself, deleted on one side
    local: Any  # JSON value; None with field "*": deleted here
    server: Any  # JSON value; None with field "*": deleted on the server

    def line(self) -> str:
        if self.field == "*":
            here = "deleted here" if self.local is None else "changed here"
            there = "deleted on the server" if self.server is None else "changed on the server"
            return f"#{self.id} {self.kind} {self.title!r}: {here}, {there}"
        return (f"#{self.id} {self.kind} {self.title!r} {self.field}: "
                f"here {_short(self.local)}, server {_short(self.server)}")


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def list_conflicts(db: Database) -> list[Conflict]:
    """Every open conflict of the file, oldest first."""
    with db.read() as s:
        rows = list(s.execute(select(sync_conflicts).order_by(sync_conflicts.c.id)))
    out = []
    for r in rows:
        local, server = json.loads(r.local_value), json.loads(r.server_value)
        kind = KIND_BY_TABLE[r.table_name]
        shown = local if isinstance(local, dict) else server if isinstance(server, dict) else {}
        out.append(Conflict(r.id, kind.label, kind.title_of(shown) if r.field == "*"
                            else "", r.field, local, server))
    return _with_titles(db, out, rows)


def _with_titles(db: Database, found: list[Conflict], rows: list[Any]) -> list[Conflict]:
    with db.read() as s:
        out = []
        for c, r in zip(found, rows, strict=True):
            if c.field != "*":
                model = R.BY_TABLE[r.table_name].model
                obj = s.scalar(select(model).where(model.uuid == r.uuid))
                c = Conflict(c.id, c.kind, KIND_BY_TABLE[r.table_name].title_of(obj)
                             if obj is not None else "", c.field, c.local, c.server)
            out.append(c)
        return out


def resolve_conflict(db: Database, conflict_id: int, keep: str) -> Conflict:
    """Keep the local or the server's value of one conflict (one local transaction)."""
    if keep not in ("local", "server"):
        raise ValidationError("keep", "must be local or server")
    with db.write() as s:
        r = s.execute(select(sync_conflicts).where(sync_conflicts.c.id == conflict_id)).first()
        if r is None:
            raise NotFoundError(f"there is no conflict #{conflict_id} (briefing-app sync-conflicts)")
        section = R.BY_TABLE[r.table_name]
        model = section.model
        local, server = json.loads(r.local_value), json.loads(r.server_value)
        visit_id = s.scalar(select(R.VISIT.model.id).where(R.VISIT.model.uuid == r.visit_uuid))
        if r.field == "*":
            if keep == "local" and server is None:  # re-created on the server at the sync
                s.execute(delete(sync_base).where(sync_base.c.uuid == r.uuid))
            elif keep == "server" and server is None:
                R.delete_row(s, section, r.uuid, base=None)
                s.execute(delete(sync_base).where(sync_base.c.uuid == r.uuid))
            elif keep == "server":  # deleted here: the server's row comes back
                ids = R.read_visit(s, visit_id).ids() if visit_id is not None else {}
                try:
                    R.insert_row(s, section, r.uuid, server, ids, visit_id, 1)
                except R.MissingRow:
                    raise ValidationError(f"conflict #{conflict_id}", "the row it belongs to "
                                          "was deleted here; keep that one first") from None
            # keep local of a row deleted here: the next sync deletes it on the server
        else:
            if keep == "server":
                row = R.read_visit(s, visit_id).rows[r.uuid]
                data = dict(row.data) | {r.field: server}
                ids = R.read_visit(s, visit_id).ids()
                try:
                    R.update_row(s, section, r.uuid, data, (r.field,), ids, base=None,
                                 version=model.row_version + 1)
                except R.MissingRow:
                    raise ValidationError(f"conflict #{conflict_id}", "the server's value "
                                          "names a row deleted here") from None
        s.execute(delete(sync_conflicts).where(sync_conflicts.c.id == conflict_id))
        kind = KIND_BY_TABLE[r.table_name]
        return Conflict(r.id, kind.label, "", r.field, local, server)
