"""A photo file dropped onto a person (a row of the People list, or the photo beside
their details) becomes their photo — through the same check as Choose photo…: sized
before it is read (at most validation.MAX_PHOTO_BYTES), and it must be an image Qt can
read. One undoable step, as with the chooser; a read-only database refuses it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QPixmap

from briefing_app.core.bounded_read import read_bounded
from briefing_app.core.errors import ValidationError
from briefing_app.core.validation import MAX_PHOTO_BYTES
from briefing_app.gui.operations.errors import show_error
from briefing_app.gui.widgets.table_model import RECORD_ROLE
from briefing_app.gui.window.file_drop import IMAGES, dropped_files

MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
        ".webp": "image/webp", ".bmp": "image/bmp"}


def load_photo(path: str | Path) -> tuple[bytes, str]:
    """The image data of a photo file and its type, or a ValidationError naming the photo
    (shared by Choose photo… and a drop)."""

    path = Path(path)
    data = read_bounded(path, MAX_PHOTO_BYTES, "photo", "photo")  # sized before reading
    if QPixmap().loadFromData(data) is False:
        raise ValidationError("photo", f"{path.name} is not an image Qt can read")
    return data, MIME.get(path.suffix.lower(), "image/png")


def _photo_file(mime: Any) -> Path | None:
    files = dropped_files(mime)
    if len(files) == 1 and files[0].suffix.lower() in IMAGES:
        return files[0]
    return None


class PhotoDrop(QObject):
    """Event filter on the people list's viewport and on the photo label."""

    def __init__(self, view: Any) -> None:
        super().__init__(view)
        self.view = view

    def _person(self, obj: Any, event: Any) -> Any:
        if obj is self.view.table.viewport():
            index = self.view.table.indexAt(event.position().toPoint())
            return index.data(RECORD_ROLE) if index.isValid() else None
        return self.view.selected()

    def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        path = _photo_file(event.mimeData())
        if path is None or self.view.state.read_only:
            return False  # not a photo: the window may take it (a bundle, a calendar)
        person = self._person(obj, event)
        if person is None:
            event.ignore()
            return True
        event.acceptProposedAction()
        if kind == QEvent.Type.Drop:
            try:
                data, mime = load_photo(path)
                self.view.set_photo(person, data, mime)
            except Exception as exc:  # noqa: BLE001 - an event filter must never raise
                show_error(exc, self.view)
        return True


def install(view: Any) -> PhotoDrop:
    handler = PhotoDrop(view)
    for widget in (view.table.viewport(), view.photo):
        widget.setAcceptDrops(True)
        widget.installEventFilter(handler)
    view.photo.setToolTip("Drop a photo here, or onto a person in the list")
    return handler
