"""Reading a spreadsheet (.xlsx or .csv) the user named, within documented limits.

Why bounded: programme sheets come from other offices on USB sticks. The file is sized
before it is read (core/bounded_read.py); an .xlsx is a zip, so the sizes its members
claim to unpack to are added up before openpyxl opens it (a 1 MB file can unpack to
gigabytes), and zipfile itself stops each member at the size it claimed. openpyxl
reads in read_only mode (rows streamed, never the whole sheet in memory), parses
through defusedxml (no entity expansion), and `data_only` gives the values cached
with formulas — a formula is never evaluated. Rows are read at most up to the limit,
blank rows included, so a sheet claiming a million rows costs a bounded time.

csv: UTF-8 with or without a byte-order mark, else Windows-1252 (what Excel writes
on most European Windows machines); the delimiter (comma, semicolon, tab or bar) is
detected from the first lines. The first non-blank row is the header row.
Never imports Qt.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from briefing_app.core.bounded_read import read_bounded
from briefing_app.core.errors import ValidationError

MAX_SHEET_BYTES = 20 * 1024 * 1024  # the file on disk
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # all members of an .xlsx, as they claim to unpack
MAX_ZIP_MEMBERS = 1_000
MAX_SHEET_ROWS = 5_000  # programme rows (as calendar import: 5,000 events)
MAX_SCANNED_ROWS = 20_000  # sheet rows looked at, blank ones included
MAX_COLUMNS = 60
MAX_CELL_CHARS = 100_000  # the longest text a field may hold

Cell = str | int | float | bool | datetime | date | time | None


@dataclass(frozen=True)
class Sheet:
    """A table read from a file: its header names and its rows, each with the number
    the row has in the spreadsheet (as the user sees it there, header row included)."""

    name: str  # the file's name, with the worksheet's for an .xlsx
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]
    sheets: tuple[str, ...] = ()  # an .xlsx's worksheet names (the first is read by default)


def read_sheet(path: Path | str, sheet: str | None = None) -> Sheet:
    """The table in `path` (.xlsx or .csv by content, not by name), or a
    ValidationError naming what is wrong with the file."""
    path = Path(path).expanduser()
    data = read_bounded(path, MAX_SHEET_BYTES, "file", "spreadsheet")
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(path, data, sheet)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ValidationError("file", f"{path.name} is an old Excel (.xls) file; save it as "
                              ".xlsx or .csv and import that")
    if sheet:
        raise ValidationError("sheet", "a .csv file has no worksheets to choose from")
    return _read_csv(path, data)


# --- xlsx -----------------------------------------------------------------------------

def _check_zip(path: Path, data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ValidationError("file", f"{path.name} is not a readable .xlsx file ({exc})") from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ValidationError("file", f"{path.name} holds {len(infos):,} parts; an .xlsx "
                              f"may hold at most {MAX_ZIP_MEMBERS:,}")
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError("file", f"{path.name} would unpack to {unpacked:,} bytes (at most "
                              f"{MAX_UNPACKED_BYTES:,}); it was not opened")


def _read_xlsx(path: Path, data: bytes, wanted: str | None) -> Sheet:
    _check_zip(path, data)
    import warnings

    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "workbook contains no default style" etc.
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise ValidationError("file", f"{path.name} is not a readable .xlsx file "
                              f"({type(exc).__name__}: {str(exc)[:120]})") from None
    try:
        names = tuple(wb.sheetnames)
        if not names:
            raise ValidationError("file", f"{path.name} holds no worksheet")
        if wanted is not None and wanted not in names:
            raise ValidationError("sheet", f"{path.name} has no worksheet {wanted!r} "
                                  f"(it has: {', '.join(names)})")
        name = wanted or names[0]
        ws = wb[name]
        if not hasattr(ws, "iter_rows"):
            raise ValidationError("sheet", f"{name!r} is a chart sheet, not a table")
        try:
            raw = ws.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
            rows = _collect(raw, f"{path.name} ▸ {name}")
        except ValidationError:
            raise
        except Exception as exc:  # noqa: BLE001 - a damaged sheet part
            raise ValidationError("file", f"worksheet {name!r} of {path.name} cannot be read "
                                  f"({type(exc).__name__}: {str(exc)[:120]})") from None
    finally:
        wb.close()
    return _sheet(f"{path.name} ▸ {name}", rows, names)


# --- csv ------------------------------------------------------------------------------

def decode_text(data: bytes, what: str = "file") -> str:
    """UTF-8 (a byte-order mark is dropped), else Windows-1252; refused if neither."""
    if b"\x00" in data:
        raise ValidationError(what, "holds NUL bytes: it is not a text (.csv) file")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValidationError(what, f"line {line} is neither UTF-8 nor Windows-1252 text; "
                              "save the file as CSV UTF-8") from None


def detect_delimiter(text: str) -> str:
    """The delimiter the first lines use most consistently (comma when unsure)."""
    sample = "\n".join(text.splitlines()[:50])[:64_000]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ",;\t|"}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _read_csv(path: Path, data: bytes) -> Sheet:
    text = decode_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text))
    old = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL_CHARS + 1)
    try:
        rows = _collect(_csv_rows(reader, path), path.name)
    finally:
        csv.field_size_limit(old)
    return _sheet(path.name, rows, ())


def _csv_rows(reader: Any, path: Path) -> Any:
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ValidationError("file", f"{path.name} line {reader.line_num}: {exc}") from None
        yield tuple(row)


# --- both -----------------------------------------------------------------------------

def _collect(raw: Any, where: str) -> list[tuple[int, tuple[Cell, ...]]]:
    """Non-blank rows with their spreadsheet row numbers, within the limits."""
    out: list[tuple[int, tuple[Cell, ...]]] = []
    for number, row in enumerate(raw, start=1):
        if number > MAX_SCANNED_ROWS:
            raise ValidationError("file", f"{where} goes on past row {MAX_SCANNED_ROWS:,} "
                                  "(blank rows included); a programme sheet may hold at most "
                                  f"{MAX_SHEET_ROWS:,} rows")
        cells = tuple(_cell(c) for c in row)
        if not any(c not in (None, "") for c in cells):
            continue
        if len(cells) > MAX_COLUMNS and any(c not in (None, "") for c in cells[MAX_COLUMNS:]):
            raise ValidationError("file", f"{where} row {number} has more than {MAX_COLUMNS} "
                                  "columns")
        out.append((number, cells[:MAX_COLUMNS]))
        if len(out) > MAX_SHEET_ROWS + 1:  # + the header row
            raise ValidationError("file", f"{where} holds more than {MAX_SHEET_ROWS:,} rows "
                                  "below its header; split it into several files")
    return out


def _cell(value: Any) -> Cell:
    if isinstance(value, str):
        value = value.strip()
        if len(value) > MAX_CELL_CHARS:
            raise ValidationError("file", f"a cell holds more than {MAX_CELL_CHARS:,} characters")
        return value
    if value is None or isinstance(value, bool | int | float | datetime | date | time):
        return value
    return str(value)  # a timedelta, an error value: shown as text, judged by its field


def _sheet(name: str, rows: list[tuple[int, tuple[Cell, ...]]], names: tuple[str, ...]) -> Sheet:
    if not rows:
        raise ValidationError("file", f"{name} is empty: it holds no header row and no rows")
    _n, header = rows[0]
    # Trailing blank cells are no columns; a row wider than the header gets named ones.
    used = [max((i + 1 for i, c in enumerate(cells) if c not in (None, "")), default=0)
            for _n2, cells in rows]
    header = tuple(header[:max(used)]) + (None,) * (max(used) - len(header))
    headers: list[str] = []
    for i, h in enumerate(header):
        title = "" if h is None else str(h).strip()
        headers.append(title or f"Column {_letters(i)}")
    seen: dict[str, int] = {}
    for i, h in enumerate(headers):  # two columns of one name stay apart: "Notes (2)"
        seen[h] = seen.get(h, 0) + 1
        if seen[h] > 1:
            headers[i] = f"{h} ({seen[h]})"
    width = len(headers)
    body = tuple((n, tuple(cells[:width]) + (None,) * (width - len(cells)))
                 for n, cells in rows[1:])
    return Sheet(name, tuple(headers), body, names)


def _letters(index: int) -> str:
    """Column letters as a spreadsheet shows them (0 → A, 26 → AA)."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out
