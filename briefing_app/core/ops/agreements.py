"""The deliverables: status workflow with its history, signatories, text versions."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, func, select

from briefing_app.core import models as M
from briefing_app.core.database import Database
from briefing_app.core.enums import AGREEMENT_TRANSITIONS, AgreementStatus
from briefing_app.core.errors import NotFoundError, ValidationError
from briefing_app.core.ops import registry as reg
from briefing_app.core.records import (
    AgreementRecord,
    AgreementVersionRecord,
    PersonRecord,
    StatusChangeRecord,
    to_record,
)
from briefing_app.core.timezones import now_utc
from briefing_app.core.validation import choice, text


def allowed_next(status: str) -> tuple[AgreementStatus, ...]:
    """The statuses the workflow allows after `status` (for the GUI's buttons)."""
    return AGREEMENT_TRANSITIONS[AgreementStatus(status)]


def change_status(db: Database, agreement_id: int, status: str, note: str = "",
                  at: datetime | None = None, expected_version: int | None = None
                  ) -> AgreementRecord:
    """Move an agreement along its workflow and record when (and why)."""
    return change_status_recorded(db, agreement_id, status, note, at, expected_version)[0]


def change_status_recorded(db: Database, agreement_id: int, status: str, note: str = "",
                           at: datetime | None = None, expected_version: int | None = None
                           ) -> tuple[AgreementRecord, StatusChangeRecord]:
    """`change_status`, also returning the history entry it wrote (from the same
    transaction, so an undo takes back exactly this change)."""
    new = choice(AgreementStatus)("status", status)
    note = text(2_000)("note", note)
    with db.write() as s:
        ag = reg.fetch(s, "agreement", agreement_id)
        reg.check_version("agreement", ag, expected_version)
        current = AgreementStatus(ag.status)
        if new not in AGREEMENT_TRANSITIONS[current]:
            allowed = ", ".join(AGREEMENT_TRANSITIONS[current]) or "none (it is final)"
            raise ValidationError("status", f"cannot go from {current} to {new}; allowed: {allowed}")
        ag.status = new
        change = M.AgreementStatusChange(agreement_id=ag.id, status=new, note=note,
                                         changed_at=at or now_utc())
        s.add(change)
        s.flush()
        return reg.record("agreement", ag), to_record(StatusChangeRecord, change)


def undo_status_change(db: Database, agreement_id: int, change_id: int) -> AgreementRecord:
    """Take back the latest recorded status change (undo): its history entry goes and the
    status returns to the one before it — even where the workflow would not allow that
    step forward (signed back to agreed), since it restores what was."""
    with db.write() as s:
        ag = reg.fetch(s, "agreement", agreement_id)
        history = list(s.scalars(select(M.AgreementStatusChange).where(
            M.AgreementStatusChange.agreement_id == agreement_id).order_by(
            M.AgreementStatusChange.changed_at, M.AgreementStatusChange.id)))
        if not history or history[-1].id != change_id:
            raise ValidationError("status", "only the latest status change can be taken back")
        s.delete(history[-1])
        ag.status = history[-2].status if len(history) > 1 else AgreementStatus.DRAFT
        s.flush()
        return reg.record("agreement", ag)


def status_history(db: Database, agreement_id: int) -> list[StatusChangeRecord]:
    with db.read() as s:
        rows = s.scalars(select(M.AgreementStatusChange).where(
            M.AgreementStatusChange.agreement_id == agreement_id).order_by(
            M.AgreementStatusChange.changed_at, M.AgreementStatusChange.id))
        return [to_record(StatusChangeRecord, r) for r in rows]


def set_signatories(db: Database, agreement_id: int, person_ids: list[int]) -> None:
    """Replace the signatories, in signing order."""
    if len(set(person_ids)) != len(person_ids):
        raise ValidationError("signatories", "a person is listed twice")
    with db.write() as s:
        ag = reg.fetch(s, "agreement", agreement_id)
        for pid in person_ids:
            p = s.get(M.Person, pid)
            if p is None or p.visit_id != ag.visit_id:
                raise ValidationError("signatories", f"person #{pid} is not part of this visit")
        s.execute(delete(M.AgreementSignatory).where(M.AgreementSignatory.agreement_id == agreement_id))
        for pos, pid in enumerate(person_ids, start=1):
            s.add(M.AgreementSignatory(agreement_id=agreement_id, person_id=pid, position=pos))


def signatories(db: Database, agreement_id: int) -> list[PersonRecord]:
    with db.read() as s:
        rows = s.scalars(select(M.Person).join(
            M.AgreementSignatory, M.AgreementSignatory.person_id == M.Person.id).where(
            M.AgreementSignatory.agreement_id == agreement_id).order_by(M.AgreementSignatory.position))
        return [reg.record("person", p) for p in rows]


def add_version(db: Database, agreement_id: int, body: str, author: str = "", note: str = ""
                ) -> AgreementVersionRecord:
    """Store a new text of the agreement as the next version number."""
    body = text(2_000_000)("text", body)
    author = text(300, single_line=True)("author", author)
    note = text(2_000)("note", note)
    with db.write() as s:
        ag = reg.fetch(s, "agreement", agreement_id)
        # A new text moves the agreement on (its version): an undo of an earlier text,
        # or an edit based on a stale read, then sees that something changed.
        ag.updated_at = datetime.now(UTC)
        last = s.scalar(select(func.max(M.AgreementVersion.number)).where(
            M.AgreementVersion.agreement_id == agreement_id)) or 0
        v = M.AgreementVersion(agreement_id=agreement_id, number=last + 1, text=body,
                               author=author, note=note)
        s.add(v)
        s.flush()
        return to_record(AgreementVersionRecord, v)


def remove_latest_version(db: Database, agreement_id: int, number: int) -> AgreementVersionRecord:
    """Remove the newest text version (undo of `add_version`); older versions are history
    and are never removed, so numbers stay meaningful in notes and diffs."""
    with db.write() as s:
        reg.fetch(s, "agreement", agreement_id)
        latest = s.scalar(select(M.AgreementVersion).where(
            M.AgreementVersion.agreement_id == agreement_id).order_by(
            M.AgreementVersion.number.desc()).limit(1))
        if latest is None or latest.number != number:
            raise ValidationError("version", f"version {number} is not the newest version")
        gone = to_record(AgreementVersionRecord, latest)
        s.delete(latest)
        return gone


def versions(db: Database, agreement_id: int) -> list[AgreementVersionRecord]:
    with db.read() as s:
        rows = s.scalars(select(M.AgreementVersion).where(
            M.AgreementVersion.agreement_id == agreement_id).order_by(M.AgreementVersion.number))
        return [to_record(AgreementVersionRecord, v) for v in rows]


@dataclass(frozen=True)
class DiffRow:
    """One row of a side-by-side diff: tag is equal, replace, delete or insert."""

    tag: str
    left_no: int | None
    left: str
    right_no: int | None
    right: str


@dataclass(frozen=True)
class VersionDiff:
    old: AgreementVersionRecord
    new: AgreementVersionRecord
    rows: tuple[DiffRow, ...]
    unified: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return any(r.tag != "equal" for r in self.rows)


def diff_versions(db: Database, agreement_id: int, old_number: int, new_number: int) -> VersionDiff:
    """Line diff between two versions, side by side and unified."""
    by_number = {v.number: v for v in versions(db, agreement_id)}
    for n in (old_number, new_number):
        if n not in by_number:
            raise NotFoundError(f"agreement #{agreement_id} has no version {n}")
    old, new = by_number[old_number], by_number[new_number]
    return VersionDiff(old, new, tuple(diff_rows(old.text, new.text)), tuple(difflib.unified_diff(
        old.text.splitlines(), new.text.splitlines(), f"version {old.number}",
        f"version {new.number}", lineterm="")))


def diff_rows(old: str, new: str) -> list[DiffRow]:
    """Side-by-side rows; replaced blocks pair line by line, the rest pads with blanks."""
    a, b = old.splitlines(), new.splitlines()
    rows: list[DiffRow] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [DiffRow("equal", i + 1, a[i], j + 1, b[j]) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)]
            continue
        span = max(i2 - i1, j2 - j1)
        for k in range(span):
            i, j = i1 + k, j1 + k
            left = (i + 1, a[i]) if i < i2 else (None, "")
            right = (j + 1, b[j]) if j < j2 else (None, "")
            kind = tag if tag != "replace" else (
                "replace" if left[0] and right[0] else ("delete" if left[0] else "insert"))
            rows.append(DiffRow(kind, left[0], left[1], right[0], right[1]))
    return rows
