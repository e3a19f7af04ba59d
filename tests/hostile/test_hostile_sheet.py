"""Hostile programme spreadsheets: zip bombs, XML entity bombs, endless rows, files too
large, broken encodings, the hostile corpus as cell text — each refused with one clear
message or imported literally; never a crash, a hang, a read of the secret file, a
connection, or a changed database."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from briefing_app.core.errors import ValidationError
from briefing_app.core.ops import entities as ent
from briefing_app.interop import sheet_read
from briefing_app.interop.programme_import import import_programme
from briefing_app.interop.programme_sheet import guess_mapping
from briefing_app.interop.programme_xlsx import export_programme
from briefing_app.interop.sheet_read import read_sheet

from .corpus import strings
from .guards import db_files_hash

NAMES = [h.name for h in strings(Path("/s"), 1, Path("/m"))]


@pytest.fixture
def visit(db):
    return ent.create(db, "visit", None, {"title": "Visit", "visit_type": "working visit",
                                           "start_date": "2019-09-10", "end_date": "2019-09-12",
                                           "home_tz": "Asia/Almaty"})


def _xlsx(rows: list[list[object]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _refused(path: Path, words: str) -> None:
    started = time.process_time()
    with pytest.raises(ValidationError) as info:
        read_sheet(path)
    assert words in str(info.value), str(info.value)
    assert time.process_time() - started < 10  # CPU seconds: bounded, whatever the machine load


def test_a_zip_bomb_is_refused_by_the_sizes_it_claims(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as member:
            block = b"\0" * (1 << 20)
            for _ in range(sheet_read.MAX_UNPACKED_BYTES // len(block) + 1):
                member.write(block)
    assert path.stat().st_size < sheet_read.MAX_SHEET_BYTES
    _refused(path, "would unpack to")


def test_too_many_zip_members_are_refused(tmp_path):
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(sheet_read.MAX_ZIP_MEMBERS + 1):
            zf.writestr(f"x/{i}", "")
    _refused(path, "parts")


def test_an_entity_bomb_inside_the_workbook_is_refused(tmp_path):
    entities = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">'
                       for i in range(1, 10))
    bomb = ('<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY lol0 "lol">' + entities + ']>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
            '</sheetData></worksheet>')
    src = zipfile.ZipFile(io.BytesIO(_xlsx([["Title"], ["x"]])))
    path = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        for info in src.infolist():
            body = src.read(info.filename)
            zf.writestr(info, bomb.encode() if info.filename == "xl/worksheets/sheet1.xml"
                        else body)
    started = time.process_time()
    with pytest.raises(ValidationError, match="not a readable .xlsx|cannot be read"):
        read_sheet(path)
    assert time.process_time() - started < 10


def test_a_sheet_that_claims_endless_rows_is_cut_off(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Title"
    wb.active.cell(sheet_read.MAX_SCANNED_ROWS + 5, 1, "far away")
    path = tmp_path / "far.xlsx"
    wb.save(path)
    _refused(path, f"goes on past row {sheet_read.MAX_SCANNED_ROWS:,}")


def test_too_many_rows_and_columns(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("Title\n" + "x\n" * (sheet_read.MAX_SHEET_ROWS + 1), encoding="utf-8")
    _refused(path, f"more than {sheet_read.MAX_SHEET_ROWS:,} rows")
    path.write_text(",".join(["h"] * (sheet_read.MAX_COLUMNS + 5)) + "\n", encoding="utf-8")
    _refused(path, f"more than {sheet_read.MAX_COLUMNS} columns")


def test_a_file_too_large_is_refused_by_its_size_without_reading(tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as fh:  # sparse: no data on disk, a real size
        fh.truncate(sheet_read.MAX_SHEET_BYTES + 1)
    _refused(path, f"is too large ({sheet_read.MAX_SHEET_BYTES + 1:,} bytes")


def test_a_device_is_read_only_up_to_the_limit():
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    _refused(Path("/dev/zero"), "read only up to the limit")


def test_broken_text_and_broken_zips(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"Title\n\x81\x8d\x90\n")  # neither UTF-8 nor Windows-1252
    _refused(path, "line 2 is neither UTF-8 nor Windows-1252")
    path.write_bytes(b"Title\n\"unterminated\0\n")
    _refused(path, "NUL")
    path.write_bytes(b"PK\x03\x04" + os.urandom(2000))
    _refused(path, "not a readable .xlsx")
    path.write_bytes(b"Title\n" + b"\"" + b"x" * (sheet_read.MAX_CELL_CHARS + 10) + b"\"\n")
    _refused(path, "line")


@pytest.mark.parametrize("name", NAMES)
def test_hostile_text_as_cells(name, corpus, db, db_path, visit, tmp_path, witness):
    item = next(h for h in corpus if h.name == name)
    text = item.text
    try:
        data = _xlsx([["Title", "Date", "Start", "End", "Venue", "Notes"],
                      [text[:300], "11.09.2019", "10:00", "11:00", text[:300], text]])
    except Exception:  # noqa: BLE001 - openpyxl will not even write it (control chars)
        path = tmp_path / "hostile.csv"
        path.write_bytes(("Title,Date,Start,End\n\"" + text.replace('"', '""')[:300]
                          + '",11.09.2019,10:00,11:00\n').encode("utf-8", "surrogatepass"))
    else:
        path = tmp_path / "hostile.xlsx"
        path.write_bytes(data)
    before = db_files_hash(db_path)
    try:
        sheet = read_sheet(path)
        import_programme(db, visit.id, sheet, guess_mapping(sheet.headers), backup=False)
    except ValidationError as exc:
        assert "\n" not in str(exc)[:400] or item.outcome == "refused"
        assert db_files_hash(db_path) == before
        return
    (event,) = ent.list_for_visit(db, "event", visit.id)
    assert event.title == text[:300].strip()  # literally, as the cell held it
    out = tmp_path / "back.xlsx"
    export_programme(db, visit.id, out)
    cell = openpyxl.load_workbook(out).active.cell(2, 10)
    assert cell.value == event.title and cell.data_type == "s"
