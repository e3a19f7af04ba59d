"""File ▸ Import Programme from Spreadsheet… and Export Programme to Spreadsheet….

Import: the file is read in a worker (within the limits of interop/sheet_read.py),
then the column-mapping dialog shows what every row becomes; nothing is written until
the user chooses Import, and the import is one undo step (unlike bundle and calendar
imports, which replace rows wholesale and clear the history). Export writes the
programme with venue and home times to an .xlsx in a worker; Export Gift Register…
the gift register likewise.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing_app.gui.dialogs.programme_import_dialog import ProgrammeImportDialog
from briefing_app.gui.window.exchange_actions import (
    ExchangeJob,
    ask_open_path,
    ask_save_path,
    file_stem,
    refused,
    show_info,
)
from briefing_app.interop.programme_xlsx import export_programme as core_export
from briefing_app.interop.sheet_read import read_sheet

if TYPE_CHECKING:
    from briefing_app.gui.window.ports import WindowPort

# Deferred imports: the interop export_gifts is imported where used: this module's function has its name.

SHEET_FILTER = "Spreadsheet (*.xlsx *.csv);;All files (*)"
XLSX_FILTER = "Excel workbook (*.xlsx);;All files (*)"


def import_programme(win: WindowPort, path: str | Path | None = None) -> ExchangeJob | None:
    """Read a programme sheet, then let the user map its columns and confirm."""
    win.state.require_writable()
    visit = win.state.require_visit()
    path = path or ask_open_path(win, f"Import Programme into “{visit.title}”", SHEET_FILTER)
    if not path:
        return None

    def done(sheet: Any) -> None:
        open_mapping_dialog(win, sheet, path)

    return ExchangeJob(win, f"Reading {Path(path).name}…", lambda: read_sheet(path), done,
                       lambda exc: refused(win, "The spreadsheet", exc))


def open_mapping_dialog(win: WindowPort, sheet: Any, path: str | Path) -> Any:
    dlg = ProgrammeImportDialog(win.state, sheet, path, win)
    dlg.accepted.connect(lambda: _imported(win, dlg))
    dlg.open()
    win.import_dialog = dlg  # kept for tests and so it is not collected while open
    return dlg


def _imported(win: WindowPort, dlg: Any) -> None:
    s = dlg.summary
    if s is None:
        return
    lines = [f"Into “{s.visit_title}”: {s.sentence()}."]
    if s.backup is not None:
        lines += ["", f"Backup taken before the import: {Path(s.backup).name}"]
    lines += ["", "Edit ▸ Undo takes the whole import back in one step."]
    win.switch_to("programme")
    show_info(win, "Programme imported", "\n".join(lines))


def export_programme(win: WindowPort, path: str | Path | None = None) -> ExchangeJob | None:
    """Write the programme (venue and home times, zone labels) to an .xlsx file."""
    db, visit = win.state.require_db(), win.state.require_visit()
    path = path or ask_save_path(win, "Export Programme to Spreadsheet",
                             f"{file_stem(visit.title)}-programme.xlsx", XLSX_FILTER)
    if not path:
        return None

    def done(result: Any) -> None:
        show_info(win, "Programme written",
              f"Wrote {result.path}: {result.events} events with venue and home times "
              f"(time zones: {', '.join(result.zones) or 'none'}).\n\nThe sheet holds the "
              "schedule only, never the brief. Edited and imported back (File ▸ Import "
              "Programme from Spreadsheet…), its ID column updates the same events.")

    return ExchangeJob(win, f"Writing {Path(path).name}…",
                       lambda: core_export(db, visit.id, path), done)


def export_gifts(win: WindowPort, path: str | Path | None = None) -> ExchangeJob | None:
    """Write the gift register (given and received, value, disposition) to an .xlsx."""
    from briefing_app.interop.gifts_xlsx import export_gifts as core_export

    db, visit = win.state.require_db(), win.state.require_visit()
    path = path or ask_save_path(win, "Export Gift Register",
                                 f"{file_stem(visit.title)}-gifts.xlsx", XLSX_FILTER)
    if not path:
        return None

    def done(result: Any) -> None:
        n = result.gifts
        show_info(win, "Gift register written",
                  f"Wrote {result.path}: {n} gift{'s' if n != 1 else ''} given and received, "
                  "with value, currency and disposition.\n\nThe photos stay in the database; "
                  "the Photo column says which gifts have one.")

    return ExchangeJob(win, f"Writing {Path(path).name}…",
                       lambda: core_export(db, visit.id, path), done)
