"""The main window: navigator, views (created when first shown), conflicts, history.

Start-up is split in two (see gui/launch/app.py): `__init__` builds only what the first
frame shows — menus, toolbar, the navigator, the programme — with no `Qt` enum and no
style sheet, since PySide6 builds the ~90 enum classes of the `Qt` namespace (~20 ms)
on first use; `complete_startup` adds the rest right after that frame is painted.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from briefing_app import __version__
from briefing_app.core.enums import count
from briefing_app.gui.launch import screen_fit, settings
from briefing_app.gui.operations.errors import guarded, show_error
from briefing_app.gui.operations.state import AppState
from briefing_app.gui.views import VIEW_KEYS, VIEWS
from briefing_app.gui.window import window_layout
from briefing_app.gui.window.actions import Actions
from briefing_app.gui.window.navigator import Navigator
from briefing_app.gui.window.server_reconnect import ServerReconnect

if TYPE_CHECKING:
    from briefing_app.core.cipher import Key

# Deferred imports: this module is loaded before the first paint (or while the database
# opens), so the core (SQLAlchemy), ReportLab and Qt enums load only when first used
# (benchmarks/startup.py).


class MainWindow(QMainWindow):
    def __init__(self, state: AppState | None = None) -> None:
        super().__init__()
        self.state = state or AppState(self)
        self.setWindowTitle("Briefing App")
        screen_fit.fit_main_window(self)  # first start: the screen it opens on
        self.tabs = QTabWidget()
        self.tabs.setObjectName("views")
        self.tabs.setDocumentMode(True)
        self._pages: dict[str, QWidget] = {}
        self._views: dict[str, Any] = {}
        self.started = False  # True once complete_startup has run
        self.db_path: Path | None = None  # the file last opened or tried (for Restore Backup…)
        self.banner: QLabel | None = None  # the read-only bar, made when first needed
        # Set by the modules that act for the window (window/ports.py WindowPort).
        self.file_drop: Any = None  # the drop handler, installed after the first paint
        self.import_dialog: Any = None  # the open programme-import dialog
        self.preferences_dialog: Any = None  # the open preferences dialog
        self.sync_dialog: Any = None  # the open Take Offline or Sync Conflicts dialog
        self.offline_from: str | None = None  # the server the open file's visit came from
        # gui/launch/deferred_open.DeferredOpen while the database layer loads in a thread
        self.opening: Any = None
        self.idle_lock: Any = None  # gui/window/idle_lock.IdleLock, from complete_startup
        for key, title, _m, _c in VIEWS:
            page = QWidget()
            QVBoxLayout(page).setContentsMargins(8, 8, 8, 8)
            self._pages[key] = page
            self.tabs.addTab(page, title)
        self.tabs.currentChanged.connect(self._tab_changed)
        # The views sit in a box so that the read-only bar can go above them later
        # (replacing the central widget then would reset the docks' sizes).
        central = QWidget()
        self.central_layout = QVBoxLayout(central)
        self.central_layout.setContentsMargins(0, 0, 0, 0)
        self.central_layout.setSpacing(0)
        self.central_layout.addWidget(self.tabs)
        self.setCentralWidget(central)

        self.navigator = Navigator(self.state)
        self.nav_dock = QDockWidget("Visits", self)
        self.nav_dock.setObjectName("navigatorDock")
        self.nav_dock.setWidget(self.navigator)
        self.conflicts: Any = None  # the conflicts and history docks come after the first paint
        self.conflicts_dock: QDockWidget | None = None
        self.history: Any = None
        self.history_dock: QDockWidget | None = None
        self.conflict_lines: int | None = None  # see window_layout.fit_conflicts
        self.actions = Actions(self)

        self.db_label = QLabel()
        self.conflict_label = QLabel()
        self.statusBar().addPermanentWidget(self.conflict_label)
        self.statusBar().addPermanentWidget(self.db_label)
        self.reconnect = ServerReconnect(self)  # a team server that stops answering

        s = self.state
        s.message.connect(lambda m: self.statusBar().showMessage(m, 6000))
        s.view_requested.connect(self.switch_to)
        s.selection_requested.connect(self._show_item)
        s.visit_changed.connect(self._visit_changed)
        s.data_changed.connect(lambda kind: self._visit_changed(s.visit)
                               if kind in ("visit", "*") else None)
        s.changed.connect(lambda c: self._visit_changed(s.visit)
                          if c.touches({"visit"}) else None)
        s.database_opened.connect(self._database_opened)
        s.selection_changed.connect(self._update_actions)
        # A saved layout places the navigator without touching Qt's enums; the very
        # first start (no layout yet) places it the ordinary way.
        self._layout_restored = window_layout.restore(self)
        screen_fit.keep_on_screen(self)  # a geometry saved on a larger screen
        if not self._layout_restored:
            window_layout.place_navigator(self)
        self._update_actions()
        self.statusBar().showMessage("Opening the database…")
        self.view("programme")

    def complete_startup(self) -> None:
        """Everything the first frame did not need: the conflicts and history docks,
        shortcuts, icons, recent files. Idempotent; open_database calls it too."""
        if self.started:
            return
        self.started = True
        screen_fit.keep_on_screen(self)  # the frame is known now that the window is shown
        window_layout.add_bottom_docks(self, restored=self._layout_restored)
        self.actions.complete()
        from briefing_app.gui.window import file_drop

        file_drop.install(self)  # a bundle, calendar or spreadsheet dropped on the window
        self.navigator.install_keys()  # F2 / Enter / Ctrl+C / menu (after the first paint)
        self._rebuild_recent()
        from briefing_app.gui.window.idle_lock import IdleLock

        self.idle_lock = IdleLock(self, settings.get(settings.IDLE_LOCK_MINUTES))
        self.idle_lock.follow(self.state.db)  # watches only while an encrypted file is open
        programme = self._views.get("programme")
        if programme is not None:
            programme.model.set_warn_icon(window_layout.warning_icon(self))

    # --- views ----------------------------------------------------------------------

    def view(self, key: str) -> Any:
        """The view for `key`, built the first time it is asked for."""
        if key not in self._views:
            _k, _t, module, cls = VIEWS[VIEW_KEYS.index(key)]
            if self.opening is not None and module not in sys.modules:
                # import_module passes by the loader's guard (gui/launch/layer_loader.py)
                self.opening.wait_for_layer()
            view = getattr(importlib.import_module(module), cls)(self.state)
            view.set_read_only(self.state.read_only)  # later changes come by signal
            self._pages[key].layout().addWidget(view)
            self._views[key] = view
            if self.tabs.currentIndex() == VIEW_KEYS.index(key):
                view.refresh_if_dirty()
        return self._views[key]

    def current_key(self) -> str:
        return VIEW_KEYS[self.tabs.currentIndex()]

    def current_view(self) -> Any:
        return self.view(self.current_key())

    def switch_to(self, key: str) -> Any:
        view = self.view(key)
        self.tabs.setCurrentIndex(VIEW_KEYS.index(key))
        return view

    def _tab_changed(self, index: int) -> None:
        key = VIEW_KEYS[index]
        view = self.view(key)
        view.refresh_if_dirty()
        for k, a in self.actions.views.items():
            a.setChecked(k == key)
        if self.state.current_event_id and key in ("programme", "timeline", "brief"):
            view.show_item("event", self.state.current_event_id)
        self._update_actions()

    def _show_item(self, kind: str, row_id: int) -> None:
        for view in self._views.values():
            view.show_item(kind, row_id)

    def _update_actions(self) -> None:
        view = self._views.get(self.current_key())
        has_visit = self.state.visit is not None
        a = self.actions
        label = getattr(view, "new_label", "")
        # A database that opened read-only can be read, searched, printed and backed up.
        writable = self.state.db is not None and not self.state.read_only
        edit = has_visit and writable
        a.new_item.setText(f"&New {label}" if label else "&New")
        a.new_item.setEnabled(bool(label) and edit)
        # Delete and Duplicate apply to what is selected: off when nothing is.
        n = view.selection_count() if view is not None else 0
        a.delete.setEnabled(bool(getattr(view, "can_delete", False)) and edit and n > 0)
        a.duplicate.setEnabled(bool(getattr(view, "can_duplicate", False)) and edit and n == 1)
        for act in (a.visit_details, a.duplicate_visit, a.delete_visit, a.add_event):
            act.setEnabled(edit)
        for act in (a.export, a.find, a.export_bundle, a.export_ics, a.export_programme,
                    a.export_gifts):
            act.setEnabled(has_visit)
        for act in (a.new_visit, a.load_demo, a.import_bundle):
            act.setEnabled(writable)
        a.import_ics.setEnabled(edit)
        a.import_programme.setEnabled(edit)
        # A team server's backups and access are its administrator's, not the window's.
        on_file = self.state.db is not None and not self.state.db.on_server
        a.back_up.setEnabled(on_file)
        writable_db = on_file and not self.state.read_only
        encrypted = False
        if writable_db:  # (the window's first frame has no file open: no cipher module)
            from briefing_app.core.cipher import key_for

            encrypted = key_for(self.state.db.path) is not None
        a.encrypt.setEnabled(writable_db and not encrypted)
        a.change_passphrase.setEnabled(encrypted)
        a.restore.setEnabled(self.db_path is not None and not self.state.read_only)
        offline = self.offline_from is not None and not self.state.read_only
        a.sync.setEnabled(offline)
        a.sync_conflicts.setEnabled(offline)

    def sync_state_changed(self) -> None:
        """The open file was taken offline, synced or had a conflict settled: File ▸
        Sync and Sync Conflicts… follow (only a visit taken offline can sync)."""
        from briefing_app.core.sync.tables import taken_from

        self.offline_from = taken_from(self.state.db)
        self._update_actions()

    # --- database and visit ---------------------------------------------------------

    def open_database(self, path: Path | str, visit_id: int | None = None,
                      first_run: bool = True, offer_restore: bool = True,
                      read_only: bool = False, initialise: bool = False,
                      key: Key | None = None, checked: Any = None) -> bool:
        """Open a file, pick its visit (the last one used, else the first); False on error.
        A file that fails its check while backups exist gets the offer to restore one.
        `key`: a file that does not exist yet is created encrypted with it."""
        self.complete_startup()
        if self.opening is not None and not self.opening.opening_now:
            self.opening.cancel()  # the user chose a file before start-up's had opened
        from briefing_app.core.server_url import is_server_url

        # A team server (postgresql://…) is no file: nothing to restore beside it.
        self.db_path = None if is_server_url(path) else Path(path).expanduser().resolve()
        try:
            self.state.open_database(path, read_only=read_only, initialise=initialise, key=key,
                                     checked=checked)
        except Exception as exc:  # noqa: BLE001
            self.show_locked("No database open")
            from briefing_app.core.file_check import DatabaseFileError

            decide = {"stray-wal": "resolve_stray_wal", "uninitialised": "confirm_initialise",
                      "encrypted": "unlock_and_open"}
            if offer_restore and isinstance(exc, DatabaseFileError) and exc.kind in decide:
                from briefing_app.gui.window import encryption_actions, file_decisions

                module = encryption_actions if exc.kind == "encrypted" else file_decisions
                try:
                    return getattr(module, decide[exc.kind])(self, self.db_path, exc)
                except Exception as failed:  # noqa: BLE001 - shown; the file stays closed
                    show_error(failed, self)
                    return False
            if offer_restore and isinstance(exc, DatabaseFileError) and exc.can_restore:
                from briefing_app.gui.window import backup_actions

                try:
                    return backup_actions.offer_restore(self, self.db_path, exc)
                except Exception as failed:  # noqa: BLE001 - e.g. the backup is damaged too
                    show_error(failed, self)
                    return False
            show_error(exc, self)
            return False
        visits = self.state.visits()
        wanted = visit_id or settings.get(settings.LAST_VISIT)
        ids = [v.id for v in visits]
        if visits:
            self.state.set_visit(wanted if wanted in ids else ids[0])
        else:
            self.state.set_visit(None)
            if first_run:
                QTimer.singleShot(0, self.offer_first_run)
        # Views refresh when shown or when data changes while they are visible; the
        # current one also when the window was not on screen yet.
        self.view(self.current_key()).refresh_if_dirty()
        return True

    def show_locked(self, text: str) -> None:
        """Show no database: close the open one (none stays open behind an empty window,
        nor behind a locked one) and empty the views."""
        self.statusBar().showMessage(text, 0)
        self.view("programme").show_rows([], text, "")
        self.navigator.reload()  # no last-session tree for a file that did not open
        window_layout.set_read_only_banner(self, "")
        self.state.close_database()
        self.state.visit_changed.emit(None)
        self.offline_from = None
        self._update_actions()

    @guarded
    def encrypt_database(self, *_: Any) -> bool:
        from briefing_app.gui.window import encryption_actions

        return encryption_actions.encrypt_current(self)

    @guarded
    def change_passphrase(self, *_: Any) -> bool:
        from briefing_app.gui.window import encryption_actions

        return encryption_actions.change_passphrase(self)

    def _database_opened(self, path: str) -> None:
        db = self.state.db
        reason = db.read_only_reason if db is not None and db.read_only else ""
        on_server = db is not None and db.on_server
        # A server is shown by its address without the password (display_url), and never
        # remembered: the recent list and settings would keep its password.
        name = path.rsplit("@", 1)[-1] if on_server else Path(path).name
        self.db_label.setText(name + (" (read-only)" if reason else ""))
        self.db_label.setToolTip(reason or path)
        window_layout.set_read_only_banner(self, reason)
        if not on_server:
            settings.remember_database(path)
        self._rebuild_recent()
        self.statusBar().showMessage(f"Opened {path}", 4000)
        self.sync_state_changed()
        if self.idle_lock is not None:  # None until complete_startup
            self.idle_lock.follow(db)

    def _visit_changed(self, visit: Any) -> None:
        title = f"{visit.title} — Briefing App" if visit else "Briefing App"
        self.setWindowTitle(title + (" (read-only)" if self.state.read_only else ""))
        if visit is not None:
            settings.put(settings.LAST_VISIT, visit.id)
        self._update_actions()

    def conflict_count(self, n: int) -> None:
        """The conflicts panel's count changed: the status bar says it, the dock fits it."""
        self.conflict_label.setText(f"⚠ {count(n, 'conflict')}" if n else
                                    "No conflicts")
        self.conflict_label.setStyleSheet("color: #b04a00; font-weight: 600;" if n else "")
        window_layout.fit_conflicts(self, n)

    def _rebuild_recent(self) -> None:
        menu = self.actions.recent_menu
        menu.clear()
        for path in settings.get(settings.RECENT_DATABASES):
            act = menu.addAction(path)
            act.triggered.connect(lambda _=False, p=path: self.open_database(p))
        menu.setEnabled(not menu.isEmpty())

    @guarded
    def offer_first_run(self) -> None:
        from briefing_app.gui.dialogs.first_run import DEMO, NEW, FirstRunDialog

        if self.state.db is None or self.state.visits():
            return
        dlg = FirstRunDialog(self)
        dlg.exec()
        if dlg.choice == DEMO:
            self.load_demo()
        elif dlg.choice == NEW:
            self.new_visit()

    @guarded
    def back_up_now(self, *_: Any) -> Any:
        from briefing_app.gui.window import backup_actions

        return backup_actions.back_up_now(self)

    @guarded
    def restore_backup(self, *_: Any) -> bool:
        from briefing_app.gui.window import backup_actions

        return backup_actions.restore_from_menu(self)

    @guarded
    def new_database(self, *_: Any) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _f = QFileDialog.getSaveFileName(self, "New database", "briefing.sqlite",
                                               "Briefing App database (*.sqlite *.db)")
        if path:
            if Path(path).exists():
                raise FileExistsError(17, "choose a name that is not taken yet", path)
            from briefing_app.gui.window import encryption_actions

            encryption_actions.create_database(self, Path(path))

    @guarded
    def choose_database(self, *_: Any) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _f = QFileDialog.getOpenFileName(self, "Open database", "",
                                               "Briefing App database (*.sqlite *.db);;All (*)")
        if path:
            self.open_database(path)

    # --- Edit and Visit menus -------------------------------------------------------

    @guarded
    def new_item(self, *_: Any) -> None:
        self.current_view().new_item()

    @guarded
    def delete_item(self, *_: Any) -> None:
        self.current_view().delete_selected()

    @guarded
    def duplicate_item(self, *_: Any) -> None:
        self.current_view().duplicate_selected()

    @guarded
    def find(self, *_: Any) -> None:
        self.switch_to("search").focus_query()

    @guarded
    def new_visit(self, *_: Any) -> None:
        from briefing_app.gui.window import visit_actions

        visit_actions.new_visit(self.state, self)

    @guarded
    def visit_details(self, *_: Any) -> None:
        from briefing_app.gui.window import visit_actions

        visit_actions.visit_details(self.state, self)

    @guarded
    def duplicate_visit(self, *_: Any) -> None:
        from briefing_app.gui.window import visit_actions

        visit_actions.duplicate_visit(self.state, self)

    @guarded
    def delete_visit(self, *_: Any) -> None:
        from briefing_app.gui.window import visit_actions

        visit_actions.delete_visit(self.state, self)

    @guarded
    def load_demo(self, *_: Any) -> None:
        from briefing_app.gui.window import visit_actions

        visit_actions.load_demo(self.state)
        self.switch_to("programme")

    @guarded
    def add_event(self, *_: Any) -> None:
        from briefing_app.gui.window import event_actions

        event_actions.new_event(self.state, self)

    @guarded
    def export_pack(self, *_: Any) -> Any:
        from briefing_app.gui.dialogs.export_dialog import show_export

        return show_export(self.state, self)

    @guarded
    def exchange(self, what: str, **kwargs: Any) -> Any:
        """File ▸ Import/Export Visit Bundle, Export/Import Calendar: `what` names the
        function of gui/window/exchange_actions.py (the programme's: sheet_actions.py; each runs in a worker, then reports)."""
        from briefing_app.gui.window import exchange_actions, sheet_actions

        module = sheet_actions if what in ("import_programme", "export_programme") \
            else exchange_actions
        return getattr(module, what)(self, **kwargs)

    def about(self, *_: Any) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, "About Briefing App",
                          f"<h3>Briefing App {__version__}</h3><p>Prepare an official visit — "
                          "programme, briefs, people, facts and agreements — and print its "
                          "briefing packs. Works offline; every change is saved at once and "
                          "can be undone.</p>")

    def show_shortcuts(self, *_: Any) -> None:
        from briefing_app.gui.dialogs.shortcuts import ShortcutsDialog

        ShortcutsDialog(self.actions, self).exec()

    # --- window state ---------------------------------------------------------------

    def show_quick_programme(self, path: Path | str) -> bool:
        """Show the programme read straight from the file (core.quick_programme, with
        sqlite3 alone) while the database layer loads: greyed and read-only until the
        live data replaces it. False when the file could not be read that way."""
        from briefing_app.core.quick_programme import read_programme
        from briefing_app.gui.views.programme_rows import titled_rows

        prog = read_programme(path, settings.get(settings.LAST_VISIT) or None)
        if prog is None:
            return False
        title, summary, rows = titled_rows(prog)
        self.view("programme").show_rows(rows, title, summary)
        self.navigator.show_preview(list(prog.visits), prog.visit.id, prog)
        self.setWindowTitle(f"{title} — Briefing App")
        self.statusBar().showMessage("Opening the database… (until then the programme is "
                                     "shown read-only)")
        return True

    def closeEvent(self, event: Any) -> None:
        window_layout.save(self)
        settings.put(settings.LAST_VIEW, self.current_key())
        self.state.close_database()  # waits for a running backup, then flushes the scheduler
        super().closeEvent(event)
