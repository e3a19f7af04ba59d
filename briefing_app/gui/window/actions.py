"""Menus, toolbar and shortcuts of the main window, built in one place.

The menus and the toolbar are in the first frame; shortcuts (QKeySequence), the
toolbar's icons (QStyle) and its text-beside-icon style (a `Qt` enum) are applied by
`complete()` right after it, since each would load a set of PySide6 enums first.
Shortcuts are written as text ("Ctrl+O"), the keys Qt's standard keys give on Linux
and Windows, and shown in the Help ▸ Keyboard shortcuts list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction

from briefing_app.gui.views import VIEWS, view_shortcut

if TYPE_CHECKING:
    from briefing_app.gui.window.ports import MenuPort

# Deferred imports: this module is loaded before the first paint (or while the database
# opens), so the core (SQLAlchemy), ReportLab and Qt enums load only when first used
# (benchmarks/startup.py).


class Actions:
    """Every QAction of the window, as attributes (tests and menus use the same ones)."""

    def __init__(self, win: MenuPort) -> None:
        self.win = win
        self._icons: list[tuple[QAction, str]] = []
        self._shortcuts: list[tuple[QAction, tuple[str, ...]]] = []

        def act(text: str, slot: object, shortcut: str | tuple[str, ...] = (),
                icon: str | None = None, tip: str = "") -> QAction:
            a = QAction(win)  # not QAction(text, win): resolving that overload loads QIcon's enums
            a.setText(text)
            keys = (shortcut,) if isinstance(shortcut, str) else shortcut
            if keys:
                self._shortcuts.append((a, keys))
            if icon is not None:
                self._icons.append((a, icon))
            if tip:
                a.setStatusTip(tip)
            a.triggered.connect(slot)
            return a

        self.new_db = act("&New database…", win.new_database, (), "SP_FileIcon",
                          "Start an empty database file")
        self.open_db = act("&Open database…", win.choose_database, "Ctrl+O",
                           "SP_DialogOpenButton", "Open another database file")
        self.export = act("&Export / print briefing pack…", win.export_pack, "Ctrl+P",
                          "SP_DialogSaveButton", "Build the PDF briefing pack")
        self.back_up = act("&Back Up Now", win.back_up_now, (), None,
                           "Make a verified copy of the database now (kept until you delete it)")
        self.restore = act("Restore Backup…", win.restore_backup, (), None,
                           "Go back to a backup of the database (the current state is kept)")
        self.encrypt = act("En&crypt…", win.encrypt_database, (), None,
                           "Encrypt the database and its backups with a passphrase")
        self.change_passphrase = act("Change &Passphrase…", win.change_passphrase, (), None,
                                     "Re-key the encrypted database and its backups")
        self.import_bundle = act("&Import Visit Bundle…", lambda: win.exchange("import_bundle"),
                                 (), None, "Merge a visit written on another laptop")
        self.export_bundle = act("Export Visit &Bundle…", lambda: win.exchange("export_bundle"),
                                 (), None, "Write the open visit to one file for another laptop")
        self.export_ics = act("Export &Calendar (.ics)…", lambda: win.exchange("export_calendar"),
                              (), None, "The programme or one person's itinerary for a phone")
        self.import_ics = act("Import Ca&lendar (.ics)…", lambda: win.exchange("import_calendar"),
                              (), None, "Add the events of a calendar file to the open visit")
        self.import_programme = act("Import &Programme from Spreadsheet…",
                                    lambda: win.exchange("import_programme"), (), None,
                                    "Add a programme kept in .xlsx or .csv to the open visit")
        self.export_programme = act("Export Programme to &Spreadsheet…",
                                    lambda: win.exchange("export_programme"), (), None,
                                    "The programme with venue and home times, as .xlsx")
        self.export_gifts = act("Export &Gift Register…", lambda: _export_gifts(win), (), None,
                                "The gifts given and received, with value and disposition, "
                                "as .xlsx")
        self.take_offline = act("Take &Offline…", lambda: _sync(win, "take_offline"), (), None,
                                "Copy a visit from the team server into a file, to work on "
                                "it without the network")
        self.sync = act("S&ync", lambda: _sync(win, "sync_now"), (), None,
                        "Send this file's changes to the server it was taken from and "
                        "bring the others'")
        self.sync_conflicts = act("Sync Co&nflicts…", lambda: _sync(win, "show_conflicts"),
                                  (), None, "Fields changed both here and on the server: "
                                  "keep one")
        self.quit = act("&Quit", win.close, "Ctrl+Q")
        self.undo = act("&Undo", win.state.undo, "Ctrl+Z", "SP_ArrowBack")
        self.redo = act("&Redo", win.state.redo, ("Ctrl+Shift+Z", "Ctrl+Y"), "SP_ArrowForward")
        self.new_item = act("&New", win.new_item, "Ctrl+N", "SP_FileDialogNewFolder",
                            "Add an item to the current view")
        self.duplicate = act("D&uplicate", win.duplicate_item, "Ctrl+D")
        self.delete = act("&Delete", win.delete_item, "Del", "SP_TrashIcon",
                          "Delete the selected item (undo brings it back)")
        self.find = act("&Find…", win.find, "Ctrl+F", "SP_FileDialogContentsView",
                        "Search everything in the visit")
        self.preferences = act("Pre&ferences…", lambda: _preferences(win), "Ctrl+,", None,
                               "Default home zone and classification, paper, text size")
        self.views: dict[str, QAction] = {}
        for n, (key, title, _m, _c) in enumerate(VIEWS, start=1):
            a = act(title, lambda _=False, k=key: win.switch_to(k), view_shortcut(n) or ())
            a.setCheckable(True)
            self.views[key] = a
        self.new_visit = act("&New visit…", win.new_visit, "Ctrl+Shift+N")
        self.visit_details = act("Visit &details…", win.visit_details, "Ctrl+I")
        self.duplicate_visit = act("D&uplicate visit…", win.duplicate_visit)
        self.delete_visit = act("De&lete visit…", win.delete_visit)
        self.add_event = act("Add &event…", win.add_event, "Ctrl+E")
        self.load_demo = act("Load the de&mo visit", win.load_demo)
        self.server_history = act("&History on the server…", lambda: _server_history(win),
                                  tip="who changed the selected item and the visit, and "
                                      "who exported it (a team server only)")
        self.about = act("&About Briefing App", win.about)
        self.shortcuts = act("&Keyboard shortcuts", win.show_shortcuts, "F1")

        mb = win.menuBar()
        m = mb.addMenu("&File")
        m.addActions([self.new_db, self.open_db])
        self.recent_menu = m.addMenu("Open &recent")
        m.addSeparator()
        m.addActions([self.back_up, self.restore])
        m.addActions([self.encrypt, self.change_passphrase])
        m.addSeparator()
        m.addAction(self.export)
        m.addSeparator()
        m.addActions([self.import_bundle, self.export_bundle])
        m.addActions([self.export_ics, self.import_ics])
        m.addActions([self.import_programme, self.export_programme, self.export_gifts])
        m.addSeparator()
        m.addActions([self.take_offline, self.sync, self.sync_conflicts])
        m.addSeparator()
        m.addAction(self.quit)
        m = mb.addMenu("&Edit")
        m.addActions([self.undo, self.redo])
        m.addSeparator()
        m.addActions([self.new_item, self.duplicate, self.delete])
        m.addSeparator()
        m.addAction(self.find)
        m.addSeparator()
        m.addAction(self.preferences)
        self.view_menu = mb.addMenu("&View")
        self.view_menu.addActions(list(self.views.values()))
        self.view_menu.addSeparator()
        m = mb.addMenu("Vi&sit")
        m.addActions([self.new_visit, self.visit_details, self.duplicate_visit, self.delete_visit])
        m.addSeparator()
        m.addAction(self.add_event)
        m.addSeparator()
        m.addAction(self.server_history)
        m.addSeparator()
        m.addAction(self.load_demo)
        m = mb.addMenu("&Help")
        m.addActions([self.shortcuts, self.about])

        tb = win.addToolBar("Main")
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.addActions([self.undo, self.redo])
        tb.addSeparator()
        tb.addActions([self.new_item, self.delete])
        tb.addSeparator()
        tb.addAction(self.find)
        tb.addAction(self.export)
        self.toolbar = tb
        # Until the icons come (right after the first paint) the buttons show text only;
        # reserve the height they will have then, so nothing below moves.
        text_only = tb.sizeHint().height()
        tb.setMinimumHeight(text_only - tb.fontMetrics().height() + max(
            tb.iconSize().height(), tb.fontMetrics().height()))

        for a, short_text in ((self.undo, "Undo"), (self.redo, "Redo"), (self.new_item, "New"),
                              (self.delete, "Delete"), (self.find, "Find"),
                              (self.export, "Export")):
            a.setIconText(short_text)
        stack = win.state.undo_stack
        stack.canUndoChanged.connect(self.undo.setEnabled)
        stack.canRedoChanged.connect(self.redo.setEnabled)
        stack.undoTextChanged.connect(
            lambda t: self.undo.setText(f"&Undo {t}" if t else "&Undo"))
        stack.redoTextChanged.connect(
            lambda t: self.redo.setText(f"&Redo {t}" if t else "&Redo"))
        self.undo.setEnabled(False)
        self.redo.setEnabled(False)

    def complete(self) -> None:
        """Shortcuts, icons and the toolbar's text-beside-icon style (after the first
        paint: QKeySequence, QStyle and the `Qt` namespace each load their enums)."""
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QKeySequence
        from PySide6.QtWidgets import QStyle

        for action, keys in self._shortcuts:
            action.setShortcuts([QKeySequence(k) for k in keys])
        self._shortcuts.clear()
        style = self.win.style()
        for action, name in self._icons:
            action.setIcon(style.standardIcon(getattr(QStyle.StandardPixmap, name)))
        self._icons.clear()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setMinimumHeight(0)


def _preferences(win: MenuPort) -> Any:
    """Edit ▸ Preferences… (here, not in window/preferences.py, which the dialog uses)."""
    from briefing_app.gui.dialogs.preferences_dialog import PreferencesDialog
    from briefing_app.gui.operations.errors import show_error

    try:
        dlg = PreferencesDialog(win)
        dlg.open()
    except Exception as exc:  # noqa: BLE001 - a slot: shown, never raised into Qt
        show_error(exc, win)
        return None
    win.preferences_dialog = dlg
    return dlg


def _export_gifts(win: MenuPort) -> Any:
    from briefing_app.gui.window import sheet_actions

    return sheet_actions.export_gifts(win)


def _sync(win: Any, what: str) -> Any:
    """File ▸ Take Offline…, Sync, Sync Conflicts… (gui/window/sync_actions.py)."""
    from briefing_app.gui.window import sync_actions

    return getattr(sync_actions, what)(win)


def _server_history(win: Any) -> None:
    from briefing_app.gui.dialogs.server_history import show_history

    show_history(win)
