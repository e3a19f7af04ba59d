"""The .xlsx writer the exported sheets share (programme, gift register): a bold frozen
header row with column widths, cells with a number format, text that starts with "="
kept as text (never a formula that runs in the reader's spreadsheet), and the workbook
as bytes for an atomic write. Never imports Qt."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any


class SheetWriter:
    """One write-only worksheet: header first, then rows of (value, number format).
    Used as a context manager, a failure while filling it leaves no temporary file."""

    def __init__(self, sheet: str, headers: Sequence[tuple[str, int]]) -> None:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        self._cell = WriteOnlyCell
        self._wrap = Alignment(wrap_text=True, vertical="top")
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet(sheet)
        for n, (_title, width) in enumerate(headers, start=1):
            self.sheet.column_dimensions[get_column_letter(n)].width = width
        self.sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for title, _w in headers:
            cell = WriteOnlyCell(self.sheet, value=title)
            cell.font = bold
            header.append(cell)
        self.sheet.append(header)
        self.rows = 0

    def append(self, values: Iterable[tuple[Any, str]]) -> None:
        """One row; a value's format ("" for none) makes dates and amounts real values."""
        cells = []
        for value, fmt in values:
            cell = self._cell(self.sheet, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, never a formula
            if fmt:
                cell.number_format = fmt
            elif isinstance(value, str) and "\n" in value:
                cell.alignment = self._wrap
            cells.append(cell)
        self.sheet.append(cells)
        self.rows += 1

    def __enter__(self) -> SheetWriter:
        return self

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        if exc is not None:
            self.discard()

    def discard(self) -> None:
        """After a failure half-way: close the sheet and remove the temporary file
        openpyxl streams its rows to (else it lingers until the app exits)."""
        try:
            self.sheet.close()
            self.sheet._writer.cleanup()  # noqa: SLF001 - openpyxl has no public way
        except Exception:  # noqa: BLE001, S110 - the first error is the one to report
            pass

    def to_bytes(self, title: str) -> bytes:
        """The finished workbook (its title property cut to what Excel accepts)."""
        self.book.properties.title = title[:250]
        self.book.properties.creator = "Briefing App"
        out = io.BytesIO()
        self.book.save(out)
        return out.getvalue()
