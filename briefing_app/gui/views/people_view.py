"""People: native-script name beside the transliteration, photo, profile, itinerary."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core import enums as E
from briefing_app.core.enums import label as enum_label
from briefing_app.core.ops import links
from briefing_app.core.timezones import in_zone
from briefing_app.gui.operations import history_text as H
from briefing_app.gui.operations.commands import UpdateCommand
from briefing_app.gui.operations.errors import guarded
from briefing_app.gui.operations.state import AppState
from briefing_app.gui.views import photo_drop
from briefing_app.gui.views.list_form import ListFormView
from briefing_app.gui.views.photo_drop import load_photo
from briefing_app.gui.widgets.item_keys import has_id, install_opener
from briefing_app.gui.widgets.record_form import Field
from briefing_app.gui.widgets.table_model import Column


class PeopleView(ListFormView):
    kind = "person"
    title_text = "People"
    new_values = {"native_name": "New person"}
    copy_fields = ("native_name", "latin_name", "title", "organisation", "country", "side",
                   "form_of_address", "biography", "public_biography", "notes", "sort_order")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        self._icons: dict[tuple[int, int], QIcon] = {}
        super().__init__(state, parent)
        self.side = QComboBox()
        self.side.addItem("All sides", None)
        for s in E.Side:
            self.side.addItem(enum_label(s.value), s.value)
        self.side.activated.connect(self.safe_refresh)
        self.filters.addWidget(self.side)
        self.table.setIconSize(self.table.iconSize().expandedTo(self.table.iconSize()))
        self.table.verticalHeader().setDefaultSectionSize(30)
        for col, width in enumerate((220, 210, 260, 120)):
            self.table.setColumnWidth(col, width)

        self.photo = QLabel("No photo")
        self.photo.setFixedSize(132, 160)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setStyleSheet("border: 1px solid #c8ccd2; background: #f4f5f7; color: #777;")
        self.choose_photo = choose = QPushButton("Choose &photo…")
        choose.clicked.connect(self._choose_photo)
        self.clear_photo = clear = QPushButton("Remove photo")
        clear.clicked.connect(self._clear_photo)
        buttons = QVBoxLayout()
        buttons.addWidget(choose)
        buttons.addWidget(clear)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.photo)
        row.addLayout(buttons)
        row.addStretch(1)
        self.right_layout.insertLayout(0, row)
        self.itinerary = QListWidget()
        self.itinerary.setMinimumHeight(120)
        self.itinerary.itemActivated.connect(self._open_event)

        install_opener(self.itinerary, lambda i: self._open_event(self.itinerary.itemFromIndex(i)),
                       "Open the event's &brief", opens=has_id)
        self.right_layout.addWidget(QLabel("<b>Itinerary</b> (Enter or double-click opens the brief)"))
        self.right_layout.addWidget(self.itinerary)

        self.photo_drop = photo_drop.install(self)  # a photo file dropped onto a person

    def editors(self) -> list[QWidget]:
        return [*super().editors(), self.choose_photo, self.clear_photo]

    def columns(self) -> list[Column]:
        return [
            Column("Name (native script)", lambda p: p.native_name, icon=self._icon),
            Column("Transliteration", lambda p: p.latin_name),
            Column("Title", lambda p: p.title, tooltip=lambda p: f"{p.title}\n{p.organisation}"),
            Column("Side", lambda p: enum_label(p.side)),
            Column("Country", lambda p: p.country),
        ]

    def fields(self) -> list[Field]:
        return [
            Field("native_name", "&Name (native)"),
            Field("latin_name", "&Transliteration"),
            Field("title", "T&itle"),
            Field("organisation", "&Organisation"),
            Field("country", "&Country"),
            Field("side", "&Side", "choice", choices=[s.value for s in E.Side]),
            Field("form_of_address", "&Form of address"),
            Field("sort_order", "Or&der", "int", lo=-1_000_000, hi=1_000_000),
            Field("biography", "&Biography (personality notes, internal)", "text", rows=8),
            Field("public_biography", "P&ublic biography (press pack)", "text", rows=5),
            Field("notes", "No&tes", "text", rows=3),
        ]

    def accept(self, record: Any) -> bool:
        side = self.side.currentData() if hasattr(self, "side") else None
        return side is None or record.side == side

    def _icon(self, person: Any) -> Any:
        if not person.photo:
            return None
        key = (person.id, person.row_version)
        if key not in self._icons:
            pix = QPixmap()
            pix.loadFromData(person.photo)
            self._icons[key] = QIcon(pix) if not pix.isNull() else QIcon()
        return self._icons[key]

    def on_record(self, person: Any) -> None:
        self.itinerary.clear()
        self.photo.setText("No photo")
        self.photo.setPixmap(QPixmap())
        if person is None:
            return
        if person.photo:
            pix = QPixmap()
            if pix.loadFromData(person.photo):
                self.photo.setPixmap(pix.scaled(self.photo.size(),
                                                Qt.AspectRatioMode.KeepAspectRatio,
                                                Qt.TransformationMode.SmoothTransformation))
        for ev, role in links.events_of_person(self.state.require_db(), person.id):
            local = in_zone(ev.starts_at, ev.tz)
            self.itinerary.addItem(f"{local:%a %d %b %H:%M}  {ev.title}  ({enum_label(role)})")
            self.itinerary.item(self.itinerary.count() - 1).setData(Qt.ItemDataRole.UserRole,
                                                                    ev.id)

    @guarded
    def _open_event(self, item: Any) -> None:
        self.state.select("event", item.data(Qt.ItemDataRole.UserRole))
        self.state.view_requested.emit("brief")

    @guarded
    def _choose_photo(self, *_: Any) -> None:
        rec = self.selected()
        if rec is None:
            return
        path, _f = QFileDialog.getOpenFileName(self, "Choose a photo", "",
                                               "Images (*.png *.jpg *.jpeg *.gif *.webp *.bmp)")
        if not path:
            return

        self.set_photo(rec, *load_photo(path))  # the same check as a dropped photo

    def set_photo(self, rec: Any, data: bytes | None, mime: str) -> None:
        self.push(UpdateCommand(self.state, "person", rec, {"photo": data, "photo_mime": mime},
                                text=H.both(f"Changed the photo of {H.quoted(rec.native_name)}",
                                            f"Change the photo of {H.quoted(rec.native_name)}")))

    @guarded
    def _clear_photo(self, *_: Any) -> None:
        rec = self.selected()
        if rec is not None and rec.photo:
            self.set_photo(rec, None, "")
