"""The gift register: what was given and received at which event, by whom to whom, its
value and what became of it (kept by the state, a museum, declared, returned), with a
photo (chosen, or a file dropped onto a gift: gui/views/photo_drop.py); written to .xlsx for
the ethics return (Export gift register…)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from briefing_app.core import enums as E
from briefing_app.core.enums import label as enum_label
from briefing_app.core.ops import entities
from briefing_app.gui.operations import history_text as H
from briefing_app.gui.operations.commands import UpdateCommand, short
from briefing_app.gui.operations.errors import guarded
from briefing_app.gui.operations.state import AppState
from briefing_app.gui.views import photo_drop
from briefing_app.gui.views.list_form import ListFormView
from briefing_app.gui.views.photo_drop import load_photo
from briefing_app.gui.widgets.record_form import Field
from briefing_app.gui.widgets.table_model import Column
from briefing_app.gui.widgets.wide_choices import widen_choices
from briefing_app.gui.window import sheet_actions


def amount(gift: Any) -> str:
    """'1,200.00 USD'; empty when no value is recorded."""
    if gift.value is None:
        return ""
    return f"{gift.value:,.2f} {gift.currency}".strip()


class GiftsView(ListFormView):
    kind = "gift"
    title_text = "Gift register"
    new_values = {"description": "New gift"}
    copy_fields = ("description", "direction", "event_id", "giver_id", "recipient_id",
                   "value", "currency", "disposition", "notes")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        self._names: dict[int, str] = {}
        self._events: dict[int, str] = {}
        super().__init__(state, parent)
        self.kinds = frozenset({"gift", "event", "person"})
        self.direction = QComboBox()
        self.direction.addItem("Given and received", None)
        for d in E.GiftDirection:
            self.direction.addItem(enum_label(d.value), d.value)
        self.direction.activated.connect(self.safe_refresh)
        self.filters.addWidget(self.direction)
        self.export_button = QPushButton("E&xport gift register…")
        self.export_button.clicked.connect(self._export)
        self.layout().itemAt(0).layout().insertWidget(2, self.export_button)
        for col, width in enumerate((170, 75, 170, 170, 220, 100, 45, 110)):
            self.table.setColumnWidth(col, width)
        self.photo = QLabel("No photo")
        self.photo.setObjectName("giftPhoto")
        self.photo.setFixedSize(160, 120)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setStyleSheet("border: 1px solid #c8ccd2; background: #f4f5f7; color: #777;")
        self.choose_photo = QPushButton("Choose photo…")
        self.choose_photo.clicked.connect(self._choose_photo)
        self.clear_photo = QPushButton("Remove photo")
        self.clear_photo.clicked.connect(self._clear_photo)
        note = QLabel("Orange: a received gift whose disposition is still undecided. "
                      "Returned gifts are greyed.")
        note.setWordWrap(True)
        note.setStyleSheet("color: #5f6670;")
        self.right_layout.addWidget(note)
        row = QHBoxLayout()
        row.addWidget(self.photo)
        row.addWidget(self.choose_photo, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.clear_photo, 0, Qt.AlignmentFlag.AlignTop)
        row.addStretch(1)
        self.right_layout.addLayout(row)
        self.right_layout.addStretch(1)
        widen_choices(self.form)

        self.photo_drop = photo_drop.install(self)  # a photo file dropped onto a gift
        self.photo.setToolTip("Drop a photo here, or onto a gift in the list")

    def editors(self) -> list[QWidget]:
        return [*super().editors(), self.choose_photo, self.clear_photo]

    def columns(self) -> list[Column]:
        return [
            Column("Event", lambda g: self._events.get(g.event_id or 0, "")),
            Column("Direction", lambda g: enum_label(g.direction)),
            Column("Giver", lambda g: self._names.get(g.giver_id or 0, "")),
            Column("Recipient", lambda g: self._names.get(g.recipient_id or 0, "")),
            Column("Description", lambda g: short(g.description, 80),
                   tooltip=lambda g: g.description),
            Column("Value", amount, align_right=True,
                   sort=lambda g: (g.currency, g.value if g.value is not None else -1.0)),
            Column("Photo", lambda g: "yes" if g.photo else ""),
            Column("Disposition", lambda g: enum_label(g.disposition),
                   tooltip=lambda g: "Received: decide what becomes of it (kept by the "
                   "state, museum, declared, returned)" if self.warn(g)
                   else enum_label(g.disposition)),
        ]

    def fields(self) -> list[Field]:
        return [
            Field("description", "Descri&ption", placeholder="e.g. Домбыра — a hand-made dombra"),
            Field("direction", "Di&rection", "choice", choices=[d.value for d in E.GiftDirection]),
            Field("event_id", "Even&t", "ref"),
            Field("giver_id", "&Giver", "ref"),
            Field("recipient_id", "Re&cipient", "ref"),
            Field("value", "V&alue", "float", placeholder="e.g. 1200"),
            Field("currency", "C&urrency", placeholder="ISO code, e.g. USD, KZT, CNY"),
            Field("disposition", "D&isposition", "choice",
                  choices=[d.value for d in E.GiftDisposition]),
            Field("notes", "N&otes", "text", rows=3),
        ]

    def warn(self, record: Any) -> bool:
        """A received gift whose fate is undecided: the ethics return needs one."""
        return (record.direction == E.GiftDirection.RECEIVED
                and record.disposition == E.GiftDisposition.UNDECIDED)

    def muted(self, record: Any) -> bool:
        return record.disposition == E.GiftDisposition.RETURNED

    def load(self) -> list[Any]:
        db, visit_id = self.state.require_db(), self.state.require_visit().id
        people = entities.list_for_visit(db, "person", visit_id)
        events = entities.list_for_visit(db, "event", visit_id)
        self._names = {p.id: p.display_name for p in people}
        self._events = {e.id: e.title for e in events}
        persons = [("— nobody —", None)] + [(p.display_name, p.id) for p in people]
        self.form.set_choices("giver_id", persons)
        self.form.set_choices("recipient_id", persons)
        self.form.set_choices("event_id", [("— no event —", None)]
                              + [(e.title, e.id) for e in events])
        return super().load()

    def accept(self, record: Any) -> bool:
        wanted = self.direction.currentData() if hasattr(self, "direction") else None
        return wanted is None or record.direction == wanted

    def on_record(self, gift: Any) -> None:
        self.photo.setPixmap(QPixmap())
        self.photo.setText("No photo")
        if gift is not None and gift.photo:
            pix = QPixmap()
            if pix.loadFromData(gift.photo):
                self.photo.setPixmap(pix.scaled(self.photo.size(),
                                                Qt.AspectRatioMode.KeepAspectRatio,
                                                Qt.TransformationMode.SmoothTransformation))

    @guarded
    def _export(self, *_: Any) -> None:
        self.export_job = sheet_actions.export_gifts(self.window())

    @guarded
    def _choose_photo(self, *_: Any) -> None:
        rec = self.selected()
        if rec is None:
            return
        path, _f = QFileDialog.getOpenFileName(self, "Choose a photo of the gift", "",
                                               "Images (*.png *.jpg *.jpeg *.gif *.webp *.bmp)")
        if not path:
            return

        self.set_photo(rec, *load_photo(path))

    def set_photo(self, rec: Any, data: bytes | None, mime: str) -> None:
        """One undoable change of the gift's photo (None removes it)."""
        name = H.quoted(rec.description)
        self.push(UpdateCommand(self.state, "gift", rec, {"photo": data, "photo_mime": mime},
                                text=H.both(f"Changed the photo of the gift {name}",
                                            f"Change the photo of the gift {name}")))

    @guarded
    def _clear_photo(self, *_: Any) -> None:
        rec = self.selected()
        if rec is not None and rec.photo:
            self.set_photo(rec, None, "")
