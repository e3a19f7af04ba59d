"""Panels under the agreement form: workflow with history, signatories, text versions."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.enums import label as enum_label
from briefing_app.core.ops import agreements, entities
from briefing_app.gui.dialogs.diff_dialog import DiffDialog
from briefing_app.gui.dialogs.pick_dialog import PickDialog
from briefing_app.gui.dialogs.text_dialogs import VersionDialog
from briefing_app.gui.operations.commands import CallCommand
from briefing_app.gui.operations.commands_agreements import AddVersionCommand, StatusCommand
from briefing_app.gui.operations.errors import guarded
from briefing_app.gui.operations.run_step import run_step
from briefing_app.gui.operations.state import AppState

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class AgreementPanels(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.record: Any = None
        self.status = QLabel()
        # The status, signatory and add-version controls sit in bars that are locked as
        # a whole on a read-only database; history, lists and Compare stay usable.
        self.status_bar = QWidget()
        self.status_buttons = QHBoxLayout(self.status_bar)
        self.status_buttons.setContentsMargins(0, 0, 0, 0)
        self.history = QListWidget()
        self.history.setMaximumHeight(110)
        self.signatories = QListWidget()
        self.signatories.setMaximumHeight(90)
        self.versions = QListWidget()
        self.versions.setMaximumHeight(110)
        self.signatory_bar = QWidget()
        sig_buttons = QHBoxLayout(self.signatory_bar)
        sig_buttons.setContentsMargins(0, 0, 0, 0)
        for text, slot in (("Add signatory…", self._add_signatory), ("Remove", self._remove_sig),
                           ("Up", lambda: self._move_sig(-1)), ("Down", lambda: self._move_sig(1))):
            b = QPushButton(text)
            b.clicked.connect(slot)
            sig_buttons.addWidget(b)
        sig_buttons.addStretch(1)
        ver_buttons = QHBoxLayout()
        self.add_version = add_v = QPushButton("Add &version…")
        add_v.clicked.connect(self._add_version)
        cmp_v = QPushButton("&Compare versions…")
        cmp_v.clicked.connect(self._compare)
        ver_buttons.addWidget(add_v)
        ver_buttons.addWidget(cmp_v)
        ver_buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel("<b>Workflow</b>"))
        lay.addWidget(self.status)
        lay.addWidget(self.status_bar)
        lay.addWidget(self.history)
        lay.addWidget(QLabel("<b>Signatories</b> (in signing order)"))
        lay.addWidget(self.signatory_bar)
        lay.addWidget(self.signatories)
        lay.addWidget(QLabel("<b>Texts</b>"))
        lay.addLayout(ver_buttons)
        lay.addWidget(self.versions)

    def set_read_only(self, read_only: bool) -> None:
        """Status changes, signatories and new versions are off on a read-only database."""
        for control in (self.status_bar, self.signatory_bar, self.add_version):
            control.setEnabled(not read_only)

    def set_record(self, rec: Any) -> None:
        self.record = rec
        self.setEnabled(rec is not None)
        while self.status_buttons.count():
            item = self.status_buttons.takeAt(0)
            if item.widget():  # hidden at once: deleteLater waits for the event loop
                item.widget().hide()
                item.widget().deleteLater()
        for lst in (self.history, self.signatories, self.versions):
            lst.clear()
        if rec is None:
            self.status.clear()
            return
        db = self.state.require_db()
        nxt = agreements.allowed_next(rec.status)
        self.status.setText(f"Status: <b>{escape(enum_label(rec.status))}</b>" + ("" if nxt else " (final)"))
        for status in nxt:
            b = QPushButton(f"→ {enum_label(status.value)}")
            b.setObjectName(f"to_{status.value.replace(' ', '_')}")
            b.clicked.connect(lambda _=False, s=status.value: self.change_status(s))
            self.status_buttons.addWidget(b)
        self.status_buttons.addStretch(1)
        for h in agreements.status_history(db, rec.id):
            note = f" — {h.note}" if h.note else ""
            self.history.addItem(f"{h.changed_at:%d %b %Y %H:%M} UTC  {enum_label(h.status)}{note}")
        for p in agreements.signatories(db, rec.id):
            self.signatories.addItem(f"{p.display_name}, {p.title}" if p.title
                                     else p.display_name)
            self.signatories.item(self.signatories.count() - 1).setData(ID_ROLE, p.id)
        for v in agreements.versions(db, rec.id):
            who = f" by {v.author}" if v.author else ""
            note = f" — {v.note}" if v.note else ""
            self.versions.addItem(f"Version {v.number}{who}, {v.created_at:%d %b %Y}{note}")

    def _push(self, cmd: Any) -> None:
        if not run_step(self.state, cmd, self).ok:
            self.state.data_changed.emit("agreement")

    @guarded
    def change_status(self, status: str) -> None:
        if self.record is not None:
            self._push(StatusCommand(self.state, self.record, status))

    def _signatory_ids(self) -> list[int]:
        return [self.signatories.item(i).data(ID_ROLE) for i in range(self.signatories.count())]

    def _set_signatories(self, new: list[int], text: str) -> None:
        aid = self.record.id
        self._push(CallCommand(self.state, text, "agreement",
                               lambda d: agreements.set_signatories(d, aid, new)))

    @guarded
    def _add_signatory(self, *_: Any) -> None:
        if self.record is None:
            return
        current = self._signatory_ids()
        people = [p for p in entities.list_for_visit(self.state.require_db(), "person",
                                                     self.record.visit_id)
                  if p.id not in current]
        dlg = PickDialog(self, "Add signatories", [(p.display_name, p.id) for p in people])
        if dlg.exec() and dlg.chosen():
            self._set_signatories(current + dlg.chosen(), "Add signatory")

    @guarded
    def _remove_sig(self, *_: Any) -> None:
        row = self.signatories.currentRow()
        if self.record is not None and row >= 0:
            ids = self._signatory_ids()
            del ids[row]
            self._set_signatories(ids, "Remove signatory")

    @guarded
    def _move_sig(self, step: int) -> None:
        row = self.signatories.currentRow()
        ids = self._signatory_ids()
        if self.record is None or row < 0 or not 0 <= row + step < len(ids):
            return
        ids[row], ids[row + step] = ids[row + step], ids[row]
        self._set_signatories(ids, "Reorder signatories")

    @guarded
    def _add_version(self, *_: Any) -> None:
        if self.record is None:
            return

        existing = agreements.versions(self.state.require_db(), self.record.id)
        record = self.record
        dlg = VersionDialog(self, existing[-1].text if existing else "")

        def submit(d: VersionDialog) -> Any:  # a refusal keeps the dialog and the text
            return self.state.push(AddVersionCommand(self.state, record, *d.values()))

        dlg.submit = submit
        dlg.exec()

    @guarded
    def _compare(self, *_: Any) -> None:
        if self.record is None:
            return
        db = self.state.require_db()
        DiffDialog(db, self.record, agreements.versions(db, self.record.id), self).exec()
