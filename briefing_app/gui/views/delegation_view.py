"""The delegation: who of our side travels, as what, with which badge and visa, and the
restricted passport data the visa office needs; the papers to put right before
departure (core.protocol_lists) are listed above the table, each naming the person."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from briefing_app.core import enums as E
from briefing_app.core.enums import label as enum_label
from briefing_app.core.errors import BriefingError
from briefing_app.core.ops import entities
from briefing_app.core.protocol_lists import delegate_warnings
from briefing_app.gui.operations.commands import CreateCommand
from briefing_app.gui.operations.errors import guarded
from briefing_app.gui.operations.state import AppState
from briefing_app.gui.views.list_form import ListFormView
from briefing_app.gui.widgets.record_form import Field
from briefing_app.gui.widgets.table_model import Column
from briefing_app.gui.widgets.wide_choices import widen_choices

RESTRICTED = "restricted"


def _day(value: Any) -> str:
    return f"{value:%d %b %Y}" if value else ""


class DelegationView(ListFormView):
    kind = "delegate"
    title_text = "Delegation"
    copy_fields = ("delegation_role", "category", "nationality", "visa_status")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        self._names: dict[int, str] = {}
        self._ours: list[Any] = []
        self._flagged: set[int] = set()
        self.warnings: list[str] = []
        super().__init__(state, parent)
        self.kinds = frozenset({"delegate", "person", "visit"})
        for col, width in enumerate((215, 165, 105, 60, 90, 90, 150, 115, 110)):
            self.table.setColumnWidth(col, width)
        self.warning_box = QLabel()
        self.warning_box.setObjectName("delegationWarnings")
        self.warning_box.setWordWrap(True)
        self.warning_box.setStyleSheet("background: #fde2c8; border: 1px solid #e0a060; "
                                       "padding: 6px; color: #5a3000;")
        self.layout().insertWidget(1, self.warning_box)
        note = QLabel("<b>Restricted:</b> date of birth, passport number and expiry are "
                      "for the visa and accreditation authorities only. They print only "
                      "in the delegation's book with the passport list asked for.")
        note.setWordWrap(True)
        note.setStyleSheet("color: #8a1c1c;")
        self.right_layout.addWidget(note)
        self.right_layout.addStretch(1)  # the form stays compact, the note under it
        widen_choices(self.form)

    @property
    def new_values(self) -> dict[str, Any]:  # type: ignore[override]
        """A new delegate is the first person of our side not yet in the delegation
        (each is listed once)."""
        listed = {self.model.record(r).person_id for r in range(self.model.rowCount())}
        if not self._ours:
            raise BriefingError("The delegation lists people of our side: add a person "
                                "with Side “our delegation” in People first.")
        free = [p for p in self._ours if p.id not in listed]
        if not free:
            raise BriefingError("Everyone of our side is already in the delegation: add "
                                "the new member in People (Side “our delegation”) first.")
        return {"person_id": free[0].id}

    @guarded
    def duplicate_selected(self, *_: Any) -> None:
        """A colleague with the same role, category, nationality and visa: the next
        person of our side not yet listed (one person is listed once)."""
        rec = self.selected()
        if rec is None:
            return
        values = {f: getattr(rec, f) for f in self.copy_fields} | self.new_values
        created = self.push(CreateCommand(self.state, self.kind, rec.visit_id, values))
        if created is not None:
            self.show_item(self.kind, created.id)

    def columns(self) -> list[Column]:
        return [
            Column("Person", lambda d: self._names.get(d.person_id, "")),
            Column("Role", lambda d: d.delegation_role),
            Column("Accreditation", lambda d: enum_label(d.category)),
            Column("Badge", lambda d: d.badge_number),
            Column("Nationality", lambda d: d.nationality),
            Column("Visa", lambda d: enum_label(d.visa_status)),
            Column(f"Passport no. ({RESTRICTED})", lambda d: d.passport_number),
            Column(f"Expires ({RESTRICTED})", lambda d: _day(d.passport_expiry),
                   sort=lambda d: d.passport_expiry.toordinal() if d.passport_expiry else 0),
            Column(f"Born ({RESTRICTED})", lambda d: _day(d.date_of_birth),
                   sort=lambda d: d.date_of_birth.toordinal() if d.date_of_birth else 0),
        ]

    def fields(self) -> list[Field]:
        return [
            Field("person_id", "&Person", "ref"),
            Field("delegation_role", "&Role in the delegation",
                  placeholder="e.g. Minister for Foreign Affairs"),
            Field("category", "&Accreditation", "choice",
                  choices=[c.value for c in E.Accreditation]),
            Field("badge_number", "&Badge number", placeholder="e.g. KZ-014"),
            Field("nationality", "Nationa&lity"),
            Field("visa_status", "Visa stat&us", "choice", choices=[v.value for v in E.VisaStatus]),
            Field("passport_number", f"Passport nu&mber ({RESTRICTED})"),
            Field("passport_expiry", f"Passport e&xpires ({RESTRICTED})", "optdate"),
            Field("date_of_birth", f"Date of b&irth ({RESTRICTED})", "optdate"),
            Field("notes", "No&tes", "text", rows=3),
        ]

    def warn(self, record: Any) -> bool:
        return record.id in self._flagged

    def load(self) -> list[Any]:
        db, visit = self.state.require_db(), self.state.require_visit()
        people = entities.list_for_visit(db, "person", visit.id)
        self._names = {p.id: p.display_name for p in people}
        self._ours = [p for p in people if p.side == E.Side.OURS]
        records = super().load()
        listed = {d.person_id for d in records}
        # Our side first; anyone else already listed stays choosable so the box shows them.
        choices = self._ours + [p for p in people if p.side != E.Side.OURS and p.id in listed]
        self.form.set_choices("person_id", [(p.display_name, p.id) for p in choices])
        self.warnings, self._flagged = [], set()
        for d in records:
            found = delegate_warnings(d, visit.end_date, self._names.get(d.person_id, "?"))
            if found:
                self._flagged.add(d.id)
                self.warnings += found
        self._show_warnings()
        return records

    def refresh(self) -> None:
        if self.state.visit is None:  # no visit (deleted, none yet): nothing to warn of
            self.warnings, self._flagged = [], set()
            self._show_warnings()
        super().refresh()

    def _show_warnings(self) -> None:
        if not self.warnings:
            self.warning_box.hide()
            return
        n = len(self.warnings)
        items = "".join(f"<li>{escape(w, quote=False)}</li>" for w in self.warnings)
        self.warning_box.setText(f"<b>{n} thing{'s' if n != 1 else ''} to put right before "
                                 f"departure</b><ul style='margin: 2px 0 0 -20px;'>{items}</ul>")
        self.warning_box.show()
