"""Search in Chinese and Cyrillic; export through the dialog with progress, cancel, preview."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QThreadPool

from briefing_app.core.ops import entities


def _search(qtbot: Any, window: Any, text: str) -> Any:
    view = window.switch_to("search")
    view.run_query(text)
    qtbot.waitUntil(lambda: view.status.text() not in ("", "Searching…"), timeout=10_000)
    return view


def test_search_chinese_and_cyrillic(qtbot: Any, demo_window: Any) -> None:
    view = _search(qtbot, demo_window, "阿里")
    assert any("Alibaba" in h.title or "阿里" in h.title + h.excerpt for h in view.last_hits)
    group = view.results.topLevelItem(0)
    assert group.childCount() >= 1
    from briefing_app.gui.widgets.html_delegate import HTML_ROLE

    rich = " ".join(str(group.child(i).data(c, HTML_ROLE)) for i in range(group.childCount())
                    for c in (0, 1))
    assert "background:#ffe38a" in rich and "阿里" in rich

    view = _search(qtbot, demo_window, "Тоқаев")
    hits = view.last_hits
    assert any(h.kind == "person" and "Тоқаев" in h.title for h in hits)
    # Choosing the person opens the People view on that person.
    person_item = next(view.results.topLevelItem(g).child(i)
                       for g in range(view.results.topLevelItemCount())
                       for i in range(view.results.topLevelItem(g).childCount())
                       if view.results.topLevelItem(g).child(i).data(0, 257).kind == "person")
    view._open(person_item)
    assert demo_window.current_key() == "people"
    assert "Тоқаев" in demo_window.view("people").selected().native_name


def test_search_nothing_found_and_too_short(qtbot: Any, demo_window: Any) -> None:
    view = _search(qtbot, demo_window, "zzzqqqxx")
    assert view.status.text().startswith("Nothing found")


def _export_dialog(window: Any, out: Path) -> Any:
    dialog = window.export_pack()
    dialog.form.path.setText(str(out))
    return dialog


def test_export_progress_file_and_preview(qtbot: Any, demo_window: Any, tmp_path: Path) -> None:
    out = tmp_path / "pack.pdf"
    dialog = _export_dialog(demo_window, out)
    seen: list[int] = []
    dialog.progress.valueChanged.connect(seen.append)
    dialog.start()
    assert dialog.b_cancel.isVisible() and not dialog.form.isEnabled()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=120_000)
    assert dialog.progress.value() == 100 and max(seen) == 100
    assert out.is_file() and out.read_bytes().startswith(b"%PDF")
    assert dialog.pages.currentIndex() == 1
    from PySide6.QtPdf import QPdfDocument

    qtbot.waitUntil(lambda: dialog.document.status() == QPdfDocument.Status.Ready)
    assert dialog.document.pageCount() == dialog.result.pages > 1
    page = dialog.document.render(0, dialog.document.pagePointSize(0).toSize())
    assert not page.isNull() and len({page.pixel(x, y) for x in range(0, page.width(), 7)
                                      for y in range(0, page.height(), 7)}) > 2
    assert dialog.preview.isVisible()
    _check_reader(qtbot, dialog)
    from briefing_app.gui.launch import settings

    assert settings.get(settings.EXPORT_FOLDER) == str(tmp_path)
    dialog.close()


def _check_reader(qtbot: Any, dialog: Any) -> None:
    """The preview reads like a PDF reader: pages, zoom, thumbnails; the window stays
    usable (the export is not modal)."""
    from PySide6.QtPdfWidgets import QPdfView
    from PySide6.QtWidgets import QApplication

    assert not dialog.isModal() and QApplication.activeModalWidget() is None
    reader = dialog.reader
    n = reader.page_count()
    assert n == dialog.result.pages and reader.of_pages.text() == f"of {n}"
    assert not reader.b_first.isEnabled() and reader.b_next.isEnabled()
    reader.last()
    assert reader.current_page() == n - 1 and reader.selector.currentPage() == n - 1
    assert not reader.b_next.isEnabled() and reader.b_prev.isEnabled()
    assert reader.thumbs.currentRow() == n - 1
    reader.previous()
    assert reader.current_page() == n - 2
    reader.selector.setCurrentPage(1)  # typed into the page box
    assert reader.current_page() == 1
    reader.thumbs.setCurrentRow(0)  # a click on the first thumbnail
    assert reader.current_page() == 0
    fit = reader.effective_zoom()
    reader.zoom_in()
    assert reader.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert abs(reader.view.zoomFactor() - fit * 1.25) < 1e-6
    assert reader.zoom_label.text() == f"{fit * 125:.0f} %"
    reader.zoom_out()
    reader.zoom_out()
    assert reader.view.zoomFactor() < fit
    reader.fit_page()
    assert reader.view.zoomMode() == QPdfView.ZoomMode.FitInView and reader.b_fit_page.isChecked()
    reader.fit_width()
    assert reader.b_fit_width.isChecked() and not reader.b_fit_page.isChecked()
    qtbot.waitUntil(reader.thumbnails_done, timeout=60_000)
    icon = reader.thumbs.item(0).icon().pixmap(reader.thumbs.iconSize()).toImage()
    assert len({icon.pixel(x, y) for x in range(0, icon.width(), 5)
                for y in range(0, icon.height(), 5)}) > 2  # a drawn page, not a blank


def test_export_again_raises_the_open_window(demo_window: Any, tmp_path: Path) -> None:
    first = _export_dialog(demo_window, tmp_path / "a.pdf")
    assert first.isVisible() and not first.isModal()
    assert demo_window.export_pack() is first  # one export window per visit
    first.close()
    second = demo_window.export_pack()
    assert second is not first and second.isVisible()
    second.close()


def test_export_cancel_leaves_no_file(qtbot: Any, demo_window: Any, tmp_path: Path) -> None:
    out = tmp_path / "cancelled.pdf"
    dialog = _export_dialog(demo_window, out)
    dialog.start()
    dialog.cancel()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=60_000)
    QThreadPool.globalInstance().waitForDone(5000)
    assert dialog.result is None
    assert "Cancelled" in dialog.progress_label.text()
    assert not out.exists() and list(tmp_path.glob("*.pdf")) == []
    assert dialog.form.isEnabled()


def test_export_bad_folder_shows_error(qtbot: Any, demo_window: Any, tmp_path: Path) -> None:
    from briefing_app.gui.operations.errors import shown

    dialog = _export_dialog(demo_window, tmp_path / "missing" / "x.pdf")
    dialog.start()
    assert dialog.worker is None
    assert shown and "does not exist" in shown[-1][1]


def test_export_reads_the_visit_off_the_gui_thread_and_cancels(
        qtbot: Any, demo_window: Any, tmp_path: Path, monkeypatch: Any) -> None:
    """The visit is read in the worker: Export returns at once with "Reading the visit"
    shown, and a Cancel pressed while it reads stops before any page is laid out."""
    import threading

    from briefing_app.core import pack_data

    original = pack_data.load_pack_data
    gate = threading.Event()
    readers: list[threading.Thread] = []

    def slow_load(*args: Any, **kwargs: Any) -> Any:
        readers.append(threading.current_thread())
        gate.wait(30)
        return original(*args, **kwargs)

    monkeypatch.setattr(pack_data, "load_pack_data", slow_load)
    out = tmp_path / "slow.pdf"
    dialog = _export_dialog(demo_window, out)
    dialog.start()  # returns while the worker is still reading
    assert dialog.worker is not None and dialog.b_cancel.isVisible()
    assert dialog.progress.isVisible() and dialog.progress_label.text() == "Reading the visit…"
    qtbot.waitUntil(lambda: bool(readers), timeout=10_000)
    assert readers[0] is not threading.main_thread()
    dialog.cancel()
    gate.set()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=60_000)
    QThreadPool.globalInstance().waitForDone(5000)
    assert dialog.result is None and "Cancelled" in dialog.progress_label.text()
    assert not out.exists() and dialog.form.isEnabled()


def test_search_finds_press_qa_and_opens_it_in_the_press_qa_view(qtbot: Any,
                                                                  demo_window: Any) -> None:
    view = _search(qtbot, demo_window, "belt and road projects")  # a press question
    assert "press_qa" in {h.kind for h in view.last_hits}
    group = next(view.results.topLevelItem(g) for g in range(view.results.topLevelItemCount())
                 if view.results.topLevelItem(g).text(0).startswith("Press questions ("))
    item = group.child(0)
    hit = item.data(0, 257)
    assert hit.kind == "press_qa" and "Belt and Road" in hit.title
    view._open(item)
    assert demo_window.current_key() == "press-qa"
    assert demo_window.view("press-qa").selected().id == hit.row_id


def test_export_dialog_warns_of_a_short_password_and_chooses_permissions(
        qtbot: Any, demo_window: Any, tmp_path: Path) -> None:
    dialog = _export_dialog(demo_window, tmp_path / "p.pdf")
    form = dialog.form
    assert not form.permissions.isEnabled()  # no password: nothing to restrict
    form.password.setText("short")
    assert form.password_note.isVisibleTo(form) and "12" in form.password_note.text()
    form.password.setText("a long enough passphrase")
    assert not form.password_note.isVisibleTo(form) and form.permissions.isEnabled()
    assert form.options().permissions is None  # by the marking
    form.permissions.setCurrentIndex(form.permissions.findData("view"))
    assert form.options().permissions == "view"
    dialog.close()


def test_a_restricted_brief_is_found_on_its_own_and_opens_its_event(qtbot: Any,
                                                                     demo_window: Any) -> None:
    """An event's positions have an index entry of their own (0014_event_briefs): the
    hit is the restricted brief, titled by its event, and opening it shows the event."""
    view = _search(qtbot, demo_window, "sovereign loans")  # talks' "do not raise"
    hits = [h for h in view.last_hits if h.kind == "event_brief"]
    assert [h.title for h in hits] == ["Talks in extended format"]
    group = next(view.results.topLevelItem(g) for g in range(view.results.topLevelItemCount())
                 if view.results.topLevelItem(g).text(0).startswith("Restricted briefs ("))
    view._open(group.child(0))
    assert demo_window.current_key() == "brief"
    event = next(e for e in entities.list_for_visit(demo_window.state.require_db(), "event",
                                                     demo_window.state.require_visit().id)
                 if e.title == "Talks in extended format")
    assert demo_window.state.current_event_id == event.id
    assert "sovereign loans" in event.do_not_raise
