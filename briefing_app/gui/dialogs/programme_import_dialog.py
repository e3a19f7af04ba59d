"""File ▸ Import Programme from Spreadsheet…: which column holds what, and a preview.

The sheet has been read (within its limits) before the dialog opens. Each change of
a column choice checks every row again (interop/programme_sheet.py, nothing written)
and the preview shows what each row would become — or, in the warning colour, its
row number and what is wrong. Import stays disabled while any row has a problem or
nothing would change: a half-imported sheet would double its good rows when imported
again after the fix. Import runs one core operation, so Edit ▸ Undo takes the whole
import back in one step.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.timezones import in_zone, offset_label
from briefing_app.gui.operations.commands import CallCommand
from briefing_app.gui.operations.errors import guarded, never_raises
from briefing_app.interop.programme_import import import_programme, preview_programme
from briefing_app.interop.programme_sheet import FIELDS, guess_mapping
from briefing_app.interop.sheet_read import read_sheet

NOT_IN_FILE = "— not in the file —"
_BATCH = 200
Index = QModelIndex | QPersistentModelIndex


class PreviewModel(QAbstractTableModel):
    """One line per sheet row: what it becomes, or why it cannot. Rows are formatted
    when first shown and fetched in batches (a sheet may hold 5,000 rows)."""

    COLUMNS = ("Row", "Becomes", "Problem", "Title", "Starts (venue)", "Ends", "Zone", "Venue")
    WARN = QColor("#fde2c8")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.lines: list[tuple[str, ...]] = []
        self.bad: set[int] = set()
        self._shown = 0

    def set_plan(self, plan: Any, titles: dict[int, str]) -> None:
        """`titles`: the title cell of each row, shown beside a problem."""
        lines: list[tuple[int, tuple[str, ...], bool]] = []
        for p in plan.events:
            v = p.values
            start = in_zone(v["starts_at"], v["tz"])
            end = in_zone(v["ends_at"], v.get("end_tz") or v["tz"])
            becomes = ("unchanged" if p.row in plan.unchanged else
                       "update" if p.event_id else "new event")
            venue = p.venue + (" (new venue)" if p.venue and v.get("venue_id") is None else "")
            lines.append((p.row, (str(p.row), becomes, "", v.get("title", ""),
                                  f"{start:%a %d %b %Y %H:%M}",
                                  f"{end:%H:%M}" if end.date() == start.date() else
                                  f"{end:%d %b %H:%M}", f"{offset_label(start)} ({v['tz']})",
                                  venue), False))
        for prob in plan.problems:
            lines.append((prob.row, (str(prob.row), "cannot import",
                                     f"{prob.column}: {prob.reason}" if prob.column
                                     else prob.reason, titles.get(prob.row, ""),
                                     "", "", "", ""), True))
        lines.sort(key=lambda item: item[0])
        self.beginResetModel()
        self.lines = [cells for _n, cells, _b in lines]
        self.bad = {i for i, (_n, _c, b) in enumerate(lines) if b}
        self._shown = min(_BATCH, len(self.lines))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._shown < len(self.lines)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        more = min(_BATCH, len(self.lines) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    @never_raises()
    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    @never_raises()
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.lines[index.row()][index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and index.row() in self.bad:
            return QBrush(self.WARN)
        return None


class ProgrammeImportDialog(QDialog):
    """Choose the columns, look at the preview, import (one undo step)."""

    def __init__(self, state: Any, sheet: Any, path: Path | str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)

        self.setObjectName("programmeImport")
        self.state = state
        self.path = Path(path)
        self.sheet = sheet
        self.visit = state.require_visit()
        self.plan: Any = None
        self.summary: Any = None  # what the import did, once it ran
        self.setWindowTitle(f"Import Programme into “{self.visit.title}”")
        self.resize(980, 620)

        lay = QVBoxLayout(self)
        self.source = QLabel()
        self.source.setWordWrap(True)
        lay.addWidget(self.source)
        self.sheet_box = QComboBox()
        self.sheet_box.setObjectName("worksheet")
        if sheet.sheets:
            self.sheet_box.addItems(list(sheet.sheets))
            self.sheet_box.setCurrentText(sheet.name.rsplit(" ▸ ", 1)[-1])
            form = QFormLayout()
            form.addRow("&Worksheet:", self.sheet_box)
            lay.addLayout(form)
        self.sheet_box.currentTextChanged.connect(self._reread)

        group = QGroupBox("Which column holds what")
        grid = QGridLayout(group)
        self.combos: dict[str, QComboBox] = {}
        for n, f in enumerate(FIELDS):
            combo = QComboBox()
            combo.setObjectName(f"column_{f.key}")
            label = QLabel(f"&{f.label}" + (" *" if f.required else "") + ":")
            label.setBuddy(combo)
            grid.addWidget(label, n // 3, (n % 3) * 2)
            grid.addWidget(combo, n // 3, (n % 3) * 2 + 1)
            self.combos[f.key] = combo
            combo.currentIndexChanged.connect(self.refresh)
        lay.addWidget(group)
        hint = QLabel("Times are read as the venue's wall-clock time (the row's time zone "
                      "column, else its venue's zone, else the zone of the visit's events). "
                      "Dates may be typed 29.03.2024, 29/03/2024 (day first), 2024-03-29 or "
                      "29 Mar. A row whose ID is one of the visit's events updates it.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        lay.addWidget(hint)

        self.model = PreviewModel(self)
        self.table = QTableView()
        self.table.setObjectName("importPreview")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setObjectName("importStatus")
        self.status.setWordWrap(True)
        lay.addWidget(self.status)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = QPushButton("&Import")
        self.import_button.setObjectName("importButton")
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.reload_button = QPushButton("&Reload File")
        self.reload_button.setToolTip("Read the file again (after fixing it in the spreadsheet)")
        self.buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.import_button.clicked.connect(self.do_import)
        self.reload_button.clicked.connect(lambda: self._reread(self.sheet_box.currentText()))
        lay.addWidget(self.buttons)
        self._fill(guess_mapping(sheet.headers))

    # --- mapping and preview --------------------------------------------------------

    def _fill(self, mapping: dict[str, int]) -> None:
        self.source.setText(f"<b>{_escape(self.sheet.name)}</b>: {len(self.sheet.rows)} rows "
                            f"below the header row; columns: "
                            f"{_escape(', '.join(self.sheet.headers))}")
        for key, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(NOT_IN_FILE, -1)
            for i, header in enumerate(self.sheet.headers):
                combo.addItem(header, i)
            combo.setCurrentIndex(mapping[key] + 1 if key in mapping else 0)
            combo.blockSignals(False)
        self.refresh()

    def mapping(self) -> dict[str, int]:
        return {key: combo.currentData() for key, combo in self.combos.items()
                if combo.currentData() is not None and combo.currentData() >= 0}

    def set_column(self, key: str, header: str | None) -> None:
        """Choose the column for a field by its header (None: not in the file)."""
        combo = self.combos[key]
        combo.setCurrentIndex(0 if header is None else combo.findText(header))

    @guarded
    def refresh(self, *_: Any) -> None:
        self.plan = plan = preview_programme(self.state.require_db(), self.visit.id,
                                             self.sheet, self.mapping())
        col = self.mapping().get("title")
        titles = {} if col is None else {n: str(cells[col] or "")[:300]
                                         for n, cells in self.sheet.rows}
        self.model.set_plan(plan, titles)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):  # long texts: the tooltip has them
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 300))
        adds, updates, same = plan.counts()
        if plan.mapping_problems:
            text = "To import, " + "; ".join(plan.mapping_problems) + "."
        elif plan.problems:
            n = len(plan.problems)
            first = plan.problems[0]
            text = (f"<b>{n} row{'s' if n != 1 else ''} cannot be imported</b> (shown in "
                    f"colour; first: {_escape(str(first))}). Fix {'them' if n != 1 else 'it'} "
                    "in the file and choose Reload File, or change the columns above. "
                    "Nothing is imported until every row can be.")
        else:
            venues = plan.new_venues
            text = (f"{adds} event{'s' if adds != 1 else ''} to add, {updates} to update"
                    + (f", {same} already as the sheet says" if same else "")
                    + (f"; {len(venues)} new venue{'s' if len(venues) != 1 else ''}: "
                       f"{_escape(', '.join(venues))}" if venues else "") + ".")
            if not adds and not updates:
                text += " Nothing to import."
        self.status.setText(text)
        self.import_button.setEnabled(plan.ok and bool(adds or updates))

    @guarded
    def _reread(self, name: str = "") -> None:
        keep = {key: self.sheet.headers[col] for key, col in self.mapping().items()}
        self.sheet = read_sheet(self.path, name or None)

        mapping = guess_mapping(self.sheet.headers)
        for key, header in keep.items():  # the user's choices survive a reload
            if header in self.sheet.headers:
                mapping[key] = self.sheet.headers.index(header)
        self._fill(mapping)

    # --- import ---------------------------------------------------------------------

    @guarded
    def do_import(self, *_: Any) -> Any:
        """Run the import as one undoable step; the dialog stays open if it is refused."""
        if self.plan is None or not self.plan.ok:
            return None
        sheet, mapping, visit_id = self.sheet, self.mapping(), self.visit.id
        adds, updates, _same = self.plan.counts()
        command = CallCommand(self.state, f"Import programme from {self.path.name} ({adds} new, "
                              f"{updates} updated)", "*",
                              lambda db: import_programme(db, visit_id, sheet, mapping))
        try:
            self.summary = self.state.push(command)
        except Exception:
            self.refresh()  # the visit changed meanwhile: show why, keep the choices
            raise
        self.accept()
        return self.summary


def _escape(text: str) -> str:
    return html.escape(text, quote=False)
