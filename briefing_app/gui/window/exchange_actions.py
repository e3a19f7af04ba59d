"""File ▸ Import/Export Visit Bundle and Export/Import Calendar (.ics), through
`briefing_app.interop` (the same functions as the CLI; see docs/interop.md).

Each file operation runs in a worker while a busy dialog keeps the window from being
edited meanwhile; then a summary says what happened. Jobs run in the state's database
job pool (one at a time, after a backup in progress; closing the file waits for them).

Imports change the database outside the undo stack (a bundle merge is one transaction
of its own), so an import that changed something clears the undo history — an undo
of an earlier edit could otherwise act on rows the import replaced — and says so.
A refused file changes nothing; the dialog names the field path (bundles) or the
reason (calendars), as the interop layer reports it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QProgressDialog

from briefing_app.core.cipher import key_for
from briefing_app.core.errors import ValidationError
from briefing_app.core.ops import entities
from briefing_app.gui.launch import settings
from briefing_app.gui.operations.errors import show_error
from briefing_app.gui.operations.workers import Worker
from briefing_app.gui.window import encryption_actions  # by module: tests stand in for ask
from briefing_app.interop.bundle_crypto import MAGIC
from briefing_app.interop.bundle_export import export_bundle as core_export
from briefing_app.interop.bundle_merge import import_bundle as core_import
from briefing_app.interop.ics_export import export_ics
from briefing_app.interop.ics_import import import_ics

if TYPE_CHECKING:
    from briefing_app.gui.window.ports import WindowPort


BUNDLE_FILTER = "Visit bundle (*.json);;All files (*)"
ICS_FILTER = "Calendar (*.ics);;All files (*)"
UNDO_CLEARED = ("The undo history was cleared: changes made before the import cannot be "
                "undone (the import itself is undone by File ▸ Restore Backup…, which "
                "lists the backup taken just before it).")
_SKIPS_SHOWN = 12


def file_stem(title: str) -> str:
    """A file name from a visit title: letters of any script kept, the rest dashes."""
    stem = re.sub(r"[^\w]+", "-", title, flags=re.UNICODE).strip("-")
    return stem[:60] or "visit"


class ExchangeJob(QObject):
    """One file operation in the worker: a busy dialog while it runs, then `done`
    with the result on the GUI thread (or the error shown by `failed`). Parented to the
    window, so it (and the runnable the pool runs) lives as long as the window."""

    def __init__(self, win: WindowPort, label: str, job: Callable[[], Any],
                 done: Callable[[Any], None],
                 failed: Callable[[BaseException], None] | None = None) -> None:
        super().__init__(win)
        self.win = win
        self._done = done
        self._failed = failed
        self.result: Any = None
        self.error: BaseException | None = None
        self.finished = False
        self.busy = QProgressDialog(label, "", 0, 0, win)
        self.busy.setObjectName("exchangeBusy")
        self.busy.setWindowTitle("Please wait")
        self.busy.setCancelButton(None)  # one transaction: nothing to stop half-way
        self.busy.setMinimumDuration(0)
        self.busy.setWindowModality(self.busy.windowModality().WindowModal)
        self.busy.show()
        win.statusBar().showMessage(label)
        self.worker = Worker(job)
        self.worker.signals.finished.connect(self._on_finished)
        self.worker.signals.failed.connect(self._on_failed)
        win.state.backup_pool.start(self.worker)

    def _end(self) -> None:
        self.finished = True
        self.busy.close()
        self.busy.deleteLater()
        self.win.statusBar().clearMessage()

    def _on_finished(self, result: Any) -> None:
        self.result = result
        self._end()
        try:
            self._done(result)
        except Exception as exc:  # noqa: BLE001 - shown like any slot's error
            show_error(exc, self.win)

    def _on_failed(self, exc: BaseException) -> None:
        self.error = exc
        self._end()
        (self._failed or (lambda e: show_error(e, self.win)))(exc)


def show_info(win: WindowPort, title: str, text: str, details: str = "",
              name: str = "exchangeDone") -> QMessageBox:
    """An import's or export's outcome, non-modal (tests find it by `name`)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text,
                      QMessageBox.StandardButton.Ok, win)
    box.setObjectName(name)
    if details:
        box.setDetailedText(details)
    box.open()
    return box


def refused(win: WindowPort, what: str, exc: BaseException) -> None:
    """A refused import: the field path (bundle) or reason, and that nothing changed.
    Other errors (a file that cannot be read, a read-only database) go to show_error."""
    if not isinstance(exc, ValidationError):
        show_error(exc, win)
        return
    box = QMessageBox(QMessageBox.Icon.Warning, f"{what} refused",
                      f"{what} was not imported: nothing in the database was changed.\n\n"
                      f"{exc.field}: {exc.reason}", QMessageBox.StandardButton.Ok, win)
    box.setObjectName("exchangeRefused")
    box.open()


def _after_import(win: WindowPort, visit_id: int, changed: bool) -> None:
    """Reload every view from the file; forget the undo history when rows changed."""
    state = win.state
    if changed:
        state.clear_history()
        state.note_change()
    state.data_changed.emit("*")
    state.set_visit(visit_id)
    win.switch_to("programme")


def ask_open_path(win: WindowPort, title: str, filters: str) -> str:
    """The file the user picks to read ("" if cancelled)."""
    path, _f = QFileDialog.getOpenFileName(win, title, "", filters)
    return path


def ask_save_path(win: WindowPort, title: str, name: str, filters: str) -> str:
    """The file the user picks to write, offered in the last export folder ("" if cancelled)."""
    folder = settings.get(settings.EXPORT_FOLDER) or str(Path.home())
    path, _f = QFileDialog.getSaveFileName(win, title, str(Path(folder) / name), filters)
    return path


# --- visit bundles --------------------------------------------------------------------


def _sealed(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(len(MAGIC)) == MAGIC
    except OSError:
        return False  # the import then says what is wrong with the file


def import_bundle(win: WindowPort, path: str | Path | None = None) -> ExchangeJob | None:
    """Read and check a bundle, then merge it (both in the worker); show what changed."""
    db = win.state.require_writable()
    path = path or ask_open_path(win, "Import Visit Bundle", BUNDLE_FILTER)
    if not path:
        return None
    passphrase = None
    if _sealed(Path(path)):
        answer = encryption_actions.ask(win, "Encrypted bundle", f"{Path(path).name} is encrypted. Type the "
                     "passphrase its sender gave you.")
        if answer is None:
            return None
        passphrase = answer[0]

    def done(summary: Any) -> None:
        _after_import(win, summary.visit_id, summary.changed)
        if not summary.changed:
            show_info(win, "Nothing to import", f"The visit “{summary.visit_title}” already holds "
                  "everything in this bundle; nothing was changed.")
            return
        verb = "Added the visit" if summary.visit_created else "Merged into the visit"
        lines = [f"{verb} “{summary.visit_title}”.", "", *summary.lines()]
        lines += [f"Note: {n}" for n in summary.notes]
        if summary.backup is not None:
            lines += ["", f"Backup taken before the import: {Path(summary.backup).name}"]
        lines += ["", UNDO_CLEARED]
        show_info(win, "Bundle imported", "\n".join(lines))

    return ExchangeJob(win, f"Reading, checking and merging {Path(path).name}…",
                       lambda: core_import(db, path, passphrase=passphrase), done,
                       lambda exc: refused(win, "The bundle", exc))


def export_bundle(win: WindowPort, path: str | Path | None = None) -> ExchangeJob | None:
    """Write the open visit, with everything in it, to one bundle file."""
    db, visit = win.state.require_db(), win.state.require_visit()
    path = path or ask_save_path(win, "Export Visit Bundle", f"{file_stem(visit.title)}.json",
                             BUNDLE_FILTER)
    if not path:
        return None
    passphrase = None

    if key_for(db.path) is not None:  # an encrypted database's data never leaves it plain
        answer = encryption_actions.ask(win, "Encrypt the bundle", "The database is encrypted, so the bundle is "
                     "too. Choose a passphrase for it and tell it to the recipient another "
                     "way than the file (in person, by phone).", new=True)
        if answer is None:
            return None
        passphrase = answer[0]

    def done(result: Any) -> None:
        c = result.counts
        rows = sum(c.values()) + 1
        show_info(win, "Bundle written",
              f"Wrote {result.path} ({result.size:,} bytes): “{result.visit_title}”, {rows} "
              f"rows ({c['events']} events, {c['people']} people, {c['agreements']} "
              "agreements).\n\nOn the other laptop: File ▸ Import Visit Bundle…")

    return ExchangeJob(win, f"Writing {Path(path).name}…",
                       lambda: core_export(db, visit.id, path, passphrase), done)


# --- calendars ------------------------------------------------------------------------


def choose_person(win: WindowPort) -> tuple[bool, int | None]:
    """(chosen, person id or None for the whole programme)."""
    people = entities.list_for_visit(win.state.require_db(), "person",
                                     win.state.require_visit().id)
    everyone = "The whole programme"
    names = [everyone] + [f"{p.display_name} — itinerary" for p in people]
    choice, ok = QInputDialog.getItem(win, "Export Calendar", "Events of:", names, 0, False)
    if not ok:
        return False, None
    return True, (None if choice == everyone else people[names.index(choice) - 1].id)


def export_calendar(win: WindowPort, path: str | Path | None = None,
                    person_id: int | None = None, ask_person: bool = True
                    ) -> ExchangeJob | None:
    """Write the programme (or one person's itinerary) as an .ics file for phones;
    brief content never goes into it (docs/interop.md)."""
    db, visit = win.state.require_db(), win.state.require_visit()
    if ask_person:
        ok, person_id = choose_person(win)
        if not ok:
            return None
    path = path or ask_save_path(win, "Export Calendar", f"{file_stem(visit.title)}.ics", ICS_FILTER)
    if not path:
        return None

    plain_warning = ""
    if key_for(db.path) is not None:
        plain_warning = ("\n\nThis calendar file is plain text (calendars cannot be "
                         "encrypted): anyone who gets it can read the programme's titles, "
                         "times and places.")
        sure = QMessageBox.question(
            win, "Calendar files are plain text",
            "The database is encrypted, but a calendar file is plain text: anyone who gets it "
            "can read the programme's titles, times and places. Write it anyway?")
        if sure != QMessageBox.StandardButton.Yes:
            return None

    def done(result: Any) -> None:
        whose = f" for {result.person.display_name}" if result.person else ""
        show_info(win, "Calendar written",
              f"Wrote {result.path}: {result.events} events{whose} (time zones: "
              f"{', '.join(result.zones) or 'none'}).\n\nThe calendar holds the schedule "
              "only, never the brief." + plain_warning)

    return ExchangeJob(win, f"Writing {Path(path).name}…",
                       lambda: export_ics(db, visit.id, path, person_id), done)


def import_calendar(win: WindowPort, path: str | Path | None = None) -> ExchangeJob | None:
    """Add the events of an .ics file to the open visit (skipped ones listed)."""
    db, visit = win.state.require_writable(), win.state.require_visit()
    path = path or ask_open_path(win, f"Import Calendar into “{visit.title}”", ICS_FILTER)
    if not path:
        return None

    def done(s: Any) -> None:
        changed = bool(s.added or s.updated or s.venues_added)
        _after_import(win, s.visit_id, changed)
        lines = [f"Into “{s.visit_title}”: {s.added} events added, {s.updated} updated, "
                 f"{s.unchanged} already there (left alone)"
                 + (f"; {s.venues_added} venues added." if s.venues_added else ".")]
        details = ""
        if s.skipped:
            lines += ["", f"Skipped {len(s.skipped)}:"]
            lines += [f"• {item}" for item in s.skipped[:_SKIPS_SHOWN]]
            if len(s.skipped) > _SKIPS_SHOWN:
                lines.append(f"… and {len(s.skipped) - _SKIPS_SHOWN} more (Show Details)")
            details = "\n".join(str(item) for item in s.skipped)
        if s.backup is not None:
            lines += ["", f"Backup taken before the import: {Path(s.backup).name}"]
        if changed:
            lines += ["", UNDO_CLEARED]
        show_info(win, "Calendar imported", "\n".join(lines), details)

    return ExchangeJob(win, f"Reading {Path(path).name}…",
                       lambda: import_ics(db, path, visit.id), done,
                       lambda exc: refused(win, "The calendar", exc))
