"""Bringing a validated bundle into a database: merge by UUID, all or nothing.

The rule, row by row (a row is one venue, person, event, link, version ...):

- not in this database: it is added, with its UUID and its timestamps;
- here and in the bundle: the copy with the later `updated_at` wins; equal means
  identical, so importing the same bundle twice changes nothing the second time;
- here but not in the bundle: left alone. A bundle never deletes anything: a row
  deleted on the other laptop stays here, and a row deleted here comes back if the
  bundle still holds it (delete it again, or import a newer bundle and delete there).

Links (a person in an event, a talking point in a brief, a signatory, a fact cited)
are also matched by what they join, so two laptops that each put the same person
into the same event end up with one participation. A text version whose number is
already taken here by a different text is kept as the next free number, so neither
text is lost. A UUID that belongs to a row of another visit here is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from briefing_app.core import models as M
from briefing_app.core.database import Database
from briefing_app.core.errors import ValidationError
from briefing_app.interop.bundle_read import Bundle, BundleRow
from briefing_app.interop.bundle_schema import BY_NAME, SECTIONS, VISIT, Section, owner_ref

_CHUNK = 500


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0  # identical here
    kept: int = 0  # newer here: left alone

    @property
    def changed(self) -> int:
        return self.added + self.updated


@dataclass
class ImportSummary:
    """What an import did, per section; `backup` is the copy taken just before."""

    visit_id: int
    visit_title: str
    visit_created: bool
    counts: dict[str, Counts]
    notes: list[str] = field(default_factory=list)
    backup: Path | None = None

    @property
    def changed(self) -> bool:
        return any(c.changed for c in self.counts.values())

    def lines(self) -> list[str]:
        """One line per section that the bundle holds rows of."""
        out = []
        for name, c in self.counts.items():
            if c.added or c.updated or c.unchanged or c.kept:
                label = name.replace("_", " ")
                out.append(f"{label}: {c.added} added, {c.updated} updated, "
                           f"{c.unchanged + c.kept} left alone"
                           + (f" ({c.kept} newer here)" if c.kept else ""))
        return out


@dataclass
class _Decision:
    row: BundleRow
    action: str  # add | update | same | kept
    obj: Any = None


def _by_uuid(s: Session, model: type[M.Row], uuids: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for i in range(0, len(uuids), _CHUNK):
        for obj in s.scalars(select(model).where(model.uuid.in_(uuids[i:i + _CHUNK]))):
            found[obj.uuid] = obj
    return found


def _owner_visit(s: Session, section: Section, obj: Any) -> int:
    if section.owned_by_visit:
        return obj.visit_id
    ref = owner_ref(section)
    assert ref is not None
    parent = s.get(BY_NAME[ref.target].model, getattr(obj, ref.column))
    return parent.visit_id


def _decide(row: BundleRow, obj: Any | None) -> _Decision:
    if obj is None:
        return _Decision(row, "add")
    if row.updated_at > obj.updated_at:
        return _Decision(row, "update", obj)
    return _Decision(row, "same" if row.updated_at == obj.updated_at else "kept", obj)


class _Merge:
    """One import inside one write transaction: plan (reads only), then apply."""

    def __init__(self, s: Session, bundle: Bundle) -> None:
        self.s = s
        self.bundle = bundle
        self.visit: M.Visit | None = s.scalar(select(M.Visit).where(M.Visit.uuid == bundle.visit.uuid))
        self.ids: dict[str, dict[str, int]] = {sec.name: {} for sec in SECTIONS}
        self.plan: dict[str, list[_Decision]] = {}
        self.notes: list[str] = []
        self.links: dict[tuple[int, ...], Any] = {}
        self.version_numbers: dict[int, set[int]] = {}

    # --- planning: every refusal happens here, before the first write -------------
    def make_plan(self) -> None:
        self.plan["visit"] = [_decide(self.bundle.visit, self.visit)]
        visit_id = self.visit.id if self.visit is not None else None
        for section in SECTIONS:
            rows = self.bundle.sections[section.name]
            found = _by_uuid(self.s, section.model, [r.uuid for r in rows])
            self.links = self._links_here(section, visit_id)
            decisions = []
            for row in rows:
                obj = found.get(row.uuid)
                if obj is not None:
                    if _owner_visit(self.s, section, obj) != visit_id:
                        raise ValidationError(
                            f"{row.path}.uuid", "belongs to a row of another visit in this "
                            "database; the bundle cannot be merged into it")
                    self._same_ends(section, row, obj)
                    self.ids[section.name][row.uuid] = obj.id
                elif section.natural_key and section.name != "agreement_versions":
                    obj = self._by_natural_key(section, row)
                decisions.append(_decide(row, obj))
            self.plan[section.name] = decisions

    def _same_ends(self, section: Section, row: BundleRow, obj: Any) -> None:
        """A link found by UUID must join the same two rows here as in the bundle."""
        for ref in section.refs:
            if not ref.identity:
                continue
            here = self.ids[ref.target].get(row.refs[ref.column] or "")
            if here != getattr(obj, ref.column):
                raise ValidationError(f"{row.path}.{ref.key}",
                                      "differs from the same link in this database")

    def _links_here(self, section: Section, visit_id: int | None) -> dict[tuple[int, ...], Any]:
        """The visit's existing links of this kind, by the two rows they join."""
        ref = owner_ref(section)
        if not section.natural_key or ref is None or visit_id is None:
            return {}
        parent = BY_NAME[ref.target].model
        model = section.model
        rows = self.s.scalars(select(model).join(parent, getattr(model, ref.column) == parent.id)
                              .where(parent.visit_id == visit_id))
        return {tuple(getattr(o, c) for c in section.natural_key): o for o in rows}

    def _by_natural_key(self, section: Section, row: BundleRow) -> Any | None:
        key = []
        for column in section.natural_key:
            ref = next(r for r in section.refs if r.column == column)
            local = self.ids[ref.target].get(row.refs[column] or "")
            if local is None:
                return None  # one end is new here, so the link is new too
            key.append(local)
        return self.links.get(tuple(key))

    @property
    def changes(self) -> bool:
        return any(d.action in ("add", "update") for ds in self.plan.values() for d in ds)

    # --- applying -----------------------------------------------------------------
    def apply(self) -> None:
        visit_dec = self.plan["visit"][0]
        if visit_dec.action == "add":
            self.visit = M.Visit(**self._columns(VISIT, visit_dec.row, new=True))
            self.s.add(self.visit)
            self.s.flush()
        elif visit_dec.action == "update":
            self._set(VISIT, visit_dec)
        assert self.visit is not None
        for section in SECTIONS:
            new_rows = []
            for dec in self.plan[section.name]:
                if dec.action == "add":
                    new_rows.append(self._new_values(section, dec.row))
                elif dec.action == "update":
                    self._set(section, dec)
            self.s.flush()
            model = section.model
            for i in range(0, len(new_rows), _CHUNK):  # one multi-row INSERT per chunk
                result = self.s.execute(insert(model).returning(model.id, model.uuid),
                                        new_rows[i:i + _CHUNK])
                for row_id, uuid in result:
                    self.ids[section.name][uuid] = row_id
        M.companion_floor(self.s, self.visit.id)  # bulk writes skip the models' events
        if visit_dec.action in ("add", "update"):
            principal = visit_dec.row.refs["principal_id"]
            self.s.execute(update(M.Visit).where(M.Visit.id == self.visit.id).values(
                principal_id=self.ids["people"][principal] if principal else None,
                updated_at=visit_dec.row.updated_at).execution_options(synchronize_session=False))

    def _columns(self, section: Section, row: BundleRow, *, new: bool) -> dict[str, Any]:
        values = dict(row.values)
        if new:
            values |= {"uuid": row.uuid, "created_at": row.created_at}
        values["updated_at"] = row.updated_at
        for ref in section.refs:
            if section is VISIT or (ref.identity and not new):
                continue  # the principal is set last; a link's ends never move
            target = row.refs[ref.column]
            values[ref.column] = self.ids[ref.target][target] if target else None
        return values

    def _new_values(self, section: Section, row: BundleRow) -> dict[str, Any]:
        values = self._columns(section, row, new=True)
        values["row_version"] = 1
        if section.owned_by_visit:
            values["visit_id"] = self.visit.id  # type: ignore[union-attr]
        if section.name == "agreement_versions":
            values["number"] = self._free_number(row, values)
        return values

    def _free_number(self, row: BundleRow, values: dict[str, Any]) -> int:
        """The bundle's version number, or the next free one if a different text has it."""
        agreement, number = values["agreement_id"], values["number"]
        if agreement not in self.version_numbers:
            model = M.AgreementVersion
            self.version_numbers[agreement] = set(self.s.scalars(
                select(model.number).where(model.agreement_id == agreement)))
        taken = self.version_numbers[agreement]
        if number in taken:
            new = max(taken) + 1
            self.notes.append(f"{row.path}: version {number} is taken here by another text; "
                              f"kept as version {new}")
            number = new
        taken.add(number)
        return number

    def _set(self, section: Section, dec: _Decision) -> None:
        for key, value in self._columns(section, dec.row, new=False).items():
            if key not in section.frozen_fields:
                setattr(dec.obj, key, value)

    def summary(self, backup: Path | None) -> ImportSummary:
        counts: dict[str, Counts] = {}
        for name, decisions in self.plan.items():
            c = Counts()
            for d in decisions:
                if d.action == "add":
                    c.added += 1
                elif d.action == "update":
                    c.updated += 1
                elif d.action == "same":
                    c.unchanged += 1
                else:
                    c.kept += 1
            counts[name] = c
        visit = self.visit
        assert visit is not None
        return ImportSummary(visit.id, visit.title, self.plan["visit"][0].action == "add",
                             counts, self.notes, backup)


def ensure_writable(db: Database) -> None:
    """Refuse a read-only database with its own message before a backup is attempted."""
    with db.write():
        pass  # entering checks read-only; an unused session touches nothing


def merge_bundle(db: Database, bundle: Bundle, *, backup: bool = True) -> ImportSummary:
    """Merge `bundle` into `db` in one transaction, backing the database up first.

    The plan is made once in a read to learn whether anything would change (no backup
    for a bundle already imported), then again inside the write transaction, where
    every refusal (a UUID of another visit, a link that disagrees) is raised before
    the first write: a refused import leaves the file exactly as it was.
    """
    from briefing_app.core.backup import discard_on_failure, make_backup

    with db.read() as s:
        probe = _Merge(s, bundle)
        probe.make_plan()
        if not probe.changes:
            return probe.summary(None)
    ensure_writable(db)
    copy = (make_backup(db.path, "before-import", retention=None)
            if backup and not db.on_server else None)
    with discard_on_failure(db.path, copy), db.write() as s:
        merge = _Merge(s, bundle)
        merge.make_plan()
        if merge.changes:
            merge.apply()
        return merge.summary(copy)



def import_bundle(db: Database, path: Path | str, *, backup: bool = True,
                  passphrase: str | None = None) -> ImportSummary:
    """Read, validate completely (an encrypted bundle with `passphrase`), then merge the
    bundle file at `path`."""
    from briefing_app.interop.bundle_read import read_bundle_file

    return merge_bundle(db, read_bundle_file(path, passphrase), backup=backup)
