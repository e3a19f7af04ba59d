"""Drives the real window on a real X server (run by test_x_session.py, not by pytest).

`python drive_window.py DB OUT.pdf REPORT.json` opens the main window on DB (an empty,
migrated database) with the xcb platform, then works as a user does — key presses and
mouse clicks delivered to the shown, active window — and after each step writes what
the database then holds (read with the core, in a fresh session) into REPORT.json.

Synchronisation is on conditions only: a step waits until the dialog it opened is the
active modal window, or until the state it made is in the database, each with a
generous limit that only a hang reaches (no sleeps that hope).

Steps are functions in STEPS, run in order; a new one is a function added to the list
at its place. A dialog opened from a dialog (New venue… in the event dialog) is answered
the same way, from inside the first one's fill.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget

LIMIT = 60.0  # seconds a condition may take before the run is declared hung

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier


class Hung(RuntimeError):
    pass


def wait_until(cond: Callable[[], Any], what: str) -> Any:
    """Process events until `cond()` is true (returns its value)."""
    deadline = time.monotonic() + LIMIT
    while True:
        value = cond()
        if value:
            return value
        if time.monotonic() > deadline:
            raise Hung(f"waited {LIMIT:.0f} s for {what}")
        QApplication.processEvents()
        QTest.qWait(10)


def focused() -> QWidget:
    return wait_until(QApplication.focusWidget, "a focused widget")


def key(k: Qt.Key, mods: Qt.KeyboardModifier = NONE, widget: QWidget | None = None) -> None:
    target = widget or focused()
    active(target.window())  # a window's shortcuts answer only while it is active
    QTest.keyClick(target, k, mods)


def active(window: QWidget) -> None:
    """Make `window` the active one, as a click on its title bar does (with no window
    manager on the display, focus does not go back to the window by itself when a
    dialog closes)."""
    if QApplication.activeWindow() is not window and QApplication.activeModalWidget() in (
            None, window):
        window.raise_()
        window.activateWindow()
        wait_until(lambda: QApplication.activeWindow() is window, "the window to be active")


def type_text(text: str) -> None:
    """Type into the focused widget, after selecting what it holds (Ctrl+A). ASCII goes
    as key clicks; other letters (Тоқаев, 习近平) as the key events a keyboard layout or
    an input method delivers: no key code, the character as the event's text."""
    w = focused()
    QTest.keyClick(w, K.Key_A, CTRL)
    for ch in text:
        if ch.isascii():
            QTest.keyClick(w, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(w, QKeyEvent(kind, 0, NONE, ch))


class Modal(QObject):
    """Answers the next modal dialog: `fill(dialog)` runs inside the dialog's own event
    loop, once it is the active modal window (its exec() is what the key press ran)."""

    def __init__(self, fill: Callable[[QDialog], None], opener: QWidget | None = None) -> None:
        super().__init__()
        self.fill, self.opener = fill, opener  # opener: the dialog already open, if any
        self.error: BaseException | None = None
        self.done = False
        self.timer = QTimer(self)
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._poll)
        self.deadline = time.monotonic() + LIMIT
        self.timer.start()

    def _poll(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is self.opener:
            dialog = None  # the dialog this one opens from: wait for the new one
        if dialog is None or not dialog.isVisible() or QApplication.activeWindow() is not dialog:
            if time.monotonic() > self.deadline:
                self.timer.stop()
                self.error = Hung("the dialog never became the active window")
            return
        self.timer.stop()
        try:
            self.fill(dialog)
        except BaseException as exc:  # noqa: BLE001 - reported by the step
            self.error = exc
            dialog.reject()
        self.done = True


def answer_next_dialog(fill: Callable[[QDialog], None], press: Callable[[], None],
                       opener: QWidget | None = None) -> None:
    """Arm `fill` for the dialog that `press()` opens (from the dialog `opener`, when
    one is open), press, and check it ran."""
    modal = Modal(fill, opener)
    press()
    wait_until(lambda: modal.done or modal.error, "the dialog to be answered")
    if modal.error is not None:
        raise modal.error


class Session:
    def __init__(self, db_path: Path, pdf: Path) -> None:
        from briefing_app.gui.launch.fonts import ensure_fonts
        from briefing_app.gui.window.main_window import MainWindow

        ensure_fonts()
        self.db_path, self.pdf = db_path, pdf
        self.win = MainWindow()
        self.win.resize(1366, 740)
        self.win.show()
        self.win.activateWindow()
        wait_until(lambda: QTest.qWaitForWindowExposed(self.win, 100), "the window on screen")
        assert self.win.open_database(db_path, first_run=False)
        wait_until(lambda: QApplication.activeWindow() is self.win, "the window to be active")
        self.report: dict[str, Any] = {"platform": QApplication.platformName(), "steps": []}

    # --- reading back what the database holds ---------------------------------------

    def stored(self) -> dict[str, Any]:
        """The database as the core reads it now (a fresh read, not the window's)."""
        from briefing_app.core.database import open_database
        from briefing_app.core.ops import entities
        from briefing_app.core.ops.visits import list_visits

        db = open_database(self.db_path)
        try:
            out: dict[str, Any] = {"visits": []}
            for v in list_visits(db):
                people = entities.list_for_visit(db, "person", v.id)
                venues = entities.list_for_visit(db, "venue", v.id)
                events = entities.list_for_visit(db, "event", v.id)
                out["visits"].append({
                    "id": v.id, "title": v.title, "home_tz": v.home_tz,
                    "principal_id": v.principal_id,
                    "people": [{"id": p.id, "native_name": p.native_name,
                                "latin_name": p.latin_name} for p in people],
                    "venues": [{"id": p.id, "name": p.name, "tz": p.tz} for p in venues],
                    "events": [{"id": e.id, "title": e.title, "tz": e.tz,
                                "venue_id": e.venue_id,
                                "starts_at": e.starts_at.isoformat()} for e in events],
                })
            return out
        finally:
            db.close()

    # --- the steps --------------------------------------------------------------------

    def new_visit(self) -> None:
        def fill(dialog: QDialog) -> None:
            type_text("State visit to China — Тоқаев, 习近平")
            key(K.Key_Tab)  # kind: keep "State visit"
            key(K.Key_Tab)
            type_text("People's Republic of China")
            key(K.Key_Tab)
            type_text("Beijing")
            key(K.Key_Return)  # OK is the default button

        answer_next_dialog(fill, lambda: key(K.Key_N, CTRL | SHIFT, self.win))

    def add_principal(self) -> None:
        """A person in People, then chosen as the visit's principal in Visit details."""
        key(K.Key_4, CTRL, self.win)  # People
        wait_until(lambda: self.win.current_key() == "people", "the People view")
        key(K.Key_N, CTRL, self.win)  # New person: the form's first field gets focus
        view = self.win.view("people")
        wait_until(lambda: QApplication.focusWidget() is view.form.widgets["native_name"],
                   "the name field")
        type_text("Қасым-Жомарт Тоқаев")
        key(K.Key_Tab)  # leaving the field saves it
        wait_until(lambda: QApplication.focusWidget() is view.form.widgets["latin_name"],
                   "the transliteration field")
        type_text("Kassym-Jomart Tokayev")
        key(K.Key_Tab)

        def fill(dialog: QDialog) -> None:
            box = dialog.form.widgets["principal_id"]
            box.setFocus()
            wait_until(lambda: QApplication.focusWidget() is box, "the principal box")
            index = box.findText("Tokayev", Qt.MatchFlag.MatchContains)
            while box.currentIndex() < index:
                key(K.Key_Down)  # each step is a choice, saved at once
            key(K.Key_Escape)  # Visit details has no OK: every field saved itself

        answer_next_dialog(fill, lambda: key(K.Key_I, CTRL, self.win))

    def add_event(self) -> None:
        """An event at a venue made in place: New venue… in the event dialog, its zone
        then the event's."""
        def venue(dialog: QDialog) -> None:
            assert QApplication.focusWidget() is dialog.name
            type_text("Diaoyutai State Guesthouse 钓鱼台国宾馆")
            key(K.Key_Tab)
            type_text("Beijing")
            key(K.Key_Tab)
            type_text("China")
            for _ in range(2):  # address (Tab leaves it), then the zone
                key(K.Key_Tab)
            assert QApplication.focusWidget() in (dialog.tz, dialog.tz.lineEdit())
            type_text("Asia/Shanghai")
            QTest.mouseClick(_ok_button(dialog), Qt.MouseButton.LeftButton)

        def fill(dialog: QDialog) -> None:
            type_text("Talks with President Xi Jinping 习近平")
            for _ in range(3):  # kind, venue, then New venue…
                key(K.Key_Tab)
            assert QApplication.focusWidget() is dialog.new_venue
            answer_next_dialog(venue, lambda: key(K.Key_Space), opener=dialog)
            wait_until(lambda: dialog.tz.currentText() == "Asia/Shanghai",
                       "the venue's zone in the event")
            QTest.mouseClick(_ok_button(dialog), Qt.MouseButton.LeftButton)

        key(K.Key_1, CTRL, self.win)  # Programme
        answer_next_dialog(fill, lambda: key(K.Key_E, CTRL, self.win))

    def undo(self) -> None:
        key(K.Key_Z, CTRL, self.win)

    def redo(self) -> None:
        key(K.Key_Z, CTRL | SHIFT, self.win)

    def export_pack(self) -> None:
        key(K.Key_P, CTRL, self.win)
        from briefing_app.gui.dialogs.export_dialog import ExportDialog

        dialog = wait_until(lambda: next((d for d in self.win.findChildren(ExportDialog)
                                          if d.isVisible()), None), "the export window")
        assert not dialog.isModal() and QApplication.activeModalWidget() is None
        dialog.activateWindow()
        wait_until(lambda: QApplication.activeWindow() is dialog, "the export window active")
        dialog.form.path.setFocus()
        wait_until(lambda: QApplication.focusWidget() is dialog.form.path, "the file box")
        type_text(str(self.pdf))
        QTest.mouseClick(dialog.b_export, Qt.MouseButton.LeftButton)
        wait_until(lambda: dialog.result is not None, "the pack to be written")
        wait_until(lambda: dialog.reader is not None and dialog.reader.page_count() > 0,
                   "the preview")
        key(K.Key_End, CTRL, dialog.reader.view)  # last page, from the keyboard
        self.report["export"] = {"pages": dialog.result.pages,
                                 "preview_pages": dialog.reader.page_count(),
                                 "preview_page_after_ctrl_end": dialog.reader.current_page()}
        QTest.mouseClick(dialog.b_close, Qt.MouseButton.LeftButton)

    STEPS = ("new_visit", "add_principal", "add_event", "undo", "redo", "export_pack")

    def run(self, report: Path) -> None:
        for name in self.STEPS:
            getattr(self, name)()
            QApplication.processEvents()
            self.report["steps"].append({"step": name, "db": self.stored(),
                                         "undo_text": self.win.actions.undo.text()})
            report.write_text(json.dumps(self.report, ensure_ascii=False), encoding="utf-8")


def _ok_button(dialog: QDialog) -> QWidget:
    from PySide6.QtWidgets import QDialogButtonBox

    box = dialog.findChild(QDialogButtonBox)
    return box.button(QDialogButtonBox.StandardButton.Ok)


def main() -> int:
    db, pdf, report = (Path(a) for a in sys.argv[1:4])
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Briefing App e2e")
    session = Session(db, pdf)
    session.run(report)
    session.win.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
