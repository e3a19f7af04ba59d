"""Printing a pack: at the printer's resolution, off the GUI thread, with Cancel."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtPrintSupport import QPrinter

from briefing_app.gui.dialogs import print_pdf


@pytest.fixture
def pack(demo_db: Any, tmp_path: Path) -> tuple[Path, int]:
    from briefing_app.core.ops.visits import list_visits
    from briefing_app.core.pack_data import load_pack_data
    from briefing_app.pdf import build_pack
    from briefing_app.pdf.options import PackOptions

    visit = list_visits(demo_db)[0]
    out = tmp_path / "pack.pdf"
    result = build_pack(load_pack_data(demo_db, visit.id), PackOptions(), out)
    return out, result.pages


def _file_printer(out: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.PrinterResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(print_pdf.MIN_DPI)
    return printer


def test_printing_runs_off_the_gui_thread_and_sends_every_page(
        qtbot: Any, pack: tuple[Path, int], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    pdf, pages = pack
    threads: list[threading.Thread] = []
    original = print_pdf.print_pages

    def recording(*args: Any, **kwargs: Any) -> int:
        threads.append(threading.current_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(print_pdf, "print_pages", recording)
    out = tmp_path / "printed.pdf"
    messages: list[str] = []
    worker = print_pdf.start_printing(pdf, "", _file_printer(out), 1, pages, None,
                                      messages.append)
    assert worker.dialog.isVisible() and not worker.dialog.isModal()
    qtbot.waitUntil(lambda: bool(messages), timeout=300_000)
    assert messages == [f"Sent {pages} pages to the printer."]
    assert threads and threads[0] is not threading.main_thread()
    assert not worker.dialog.isVisible()

    from pypdf import PdfReader

    assert len(PdfReader(str(out)).pages) == pages
    # 300 dpi, not the 1200 dpi images of old (164 MB for 24 pages).
    assert out.stat().st_size < 2_000_000 * pages


def test_pages_are_rendered_at_the_printer_resolution(
        pack: tuple[Path, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtPdf import QPdfDocument

    pdf, _pages = pack
    sizes: list[tuple[int, int]] = []
    original = QPdfDocument.render

    def render(self: Any, page: int, size: Any, *rest: Any) -> Any:
        sizes.append((size.width(), size.height()))
        return original(self, page, size, *rest)

    monkeypatch.setattr(QPdfDocument, "render", render)
    printer = _file_printer(tmp_path / "one.pdf")
    print_pdf.print_pages(pdf, "", printer, 1, 1, progress=lambda *_: None,
                          cancelled=lambda: False)
    width_inches = printer.pageRect(QPrinter.Unit.Inch).width()
    assert sizes and abs(sizes[0][0] - width_inches * print_pdf.MIN_DPI) < 0.02 * sizes[0][0]


def test_cancel_stops_between_pages_and_aborts_the_job(
        pack: tuple[Path, int], tmp_path: Path) -> None:
    pdf, pages = pack
    assert pages >= 3
    printer = _file_printer(tmp_path / "cancelled.pdf")
    seen: list[str] = []
    with pytest.raises(print_pdf.PrintCancelled):
        print_pdf.print_pages(pdf, "", printer, 1, pages,
                              progress=lambda _p, m: seen.append(m),
                              cancelled=lambda: len(seen) >= 2)
    assert seen == [f"Printed page 1 of {pages}", f"Printed page 2 of {pages}"]
    # No third page reached the job (Qt's PDF back end keeps what it had; a spooler drops it).
    out = tmp_path / "cancelled.pdf"
    if out.exists() and out.stat().st_size:
        from pypdf import PdfReader

        assert len(PdfReader(str(out)).pages) <= 2


def test_an_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-pdf.pdf"
    bad.write_text("hello")
    with pytest.raises(OSError, match="could not be read for printing"):
        print_pdf.page_count(bad)
