"""Edit ▸ Preferences… (Ctrl+,): each preference takes effect where it is used; a bad
value keeps the dialog open with everything typed; a new preference is one declaration;
the window reopens on the view it closed on."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QSpinBox

from briefing_app.gui.launch import settings
from briefing_app.gui.window import preferences


def _open(win: Any) -> Any:
    win.preferences_dialog = None
    win.actions.preferences.trigger()
    dlg = win.preferences_dialog
    assert dlg is not None and dlg.isVisible()
    return dlg


def test_the_menu_entry_and_its_shortcut(demo_window: Any) -> None:
    action = demo_window.actions.preferences
    assert action.shortcut().toString() == "Ctrl+,"
    edit_menu = next(a.menu() for a in demo_window.menuBar().actions() if a.text() == "&Edit")
    assert action in edit_menu.actions()


def test_each_preference_takes_effect(demo_window: Any) -> None:
    from briefing_app.gui.dialogs.export_options import ExportOptionsForm
    from briefing_app.gui.dialogs.visit_dialog import NewVisitDialog

    app = QApplication.instance()
    system_size = app.font().pointSizeF()
    dlg = _open(demo_window)
    dlg.set_value(settings.DEFAULT_HOME_TZ.key, "Europe/Berlin")
    dlg.set_value(settings.DEFAULT_CLASSIFICATION.key, "SECRET")
    dlg.set_value(settings.EXPORT_PAPER.key, "letter")
    dlg.set_value(settings.TEXT_SIZE.key, 16)
    dlg.buttons.accepted.emit()
    assert not dlg.isVisible()
    try:
        # A new visit starts with the home zone and marking chosen.
        new = NewVisitDialog(demo_window)
        values = new.values()
        assert values["home_tz"] == "Europe/Berlin" and values["classification"] == "SECRET"
        new.deleteLater()
        # The export dialog starts on the paper chosen.
        form = ExportOptionsForm(demo_window.state.visit, [])
        assert form.paper.currentData() == "letter"
        form.deleteLater()
        # The window's text changes at once, and again at the next start.
        assert app.font().pointSizeF() == 16
        app.processEvents()  # Qt tells the open widgets by an event
        assert demo_window.font().pointSizeF() == 16
        assert demo_window.view("programme").table.font().pointSizeF() == 16
        preferences.apply_text_size(0)
        assert app.font().pointSizeF() == system_size
        preferences.apply_at_start()
        assert app.font().pointSizeF() == 16
        # Reopened, the dialog shows what was stored.
        again = _open(demo_window)
        assert again.value(settings.TEXT_SIZE) == 16
        assert again.value(settings.EXPORT_PAPER) == "letter"
        again.set_value(settings.TEXT_SIZE.key, 0)
        again.buttons.accepted.emit()
        assert app.font().pointSizeF() == system_size
    finally:
        preferences.apply_text_size(0)


def test_a_bad_value_keeps_the_dialog_open_with_what_was_typed(demo_window: Any) -> None:
    dlg = _open(demo_window)
    dlg.set_value(settings.DEFAULT_HOME_TZ.key, "Asia/Atlantis")
    dlg.set_value(settings.DEFAULT_CLASSIFICATION.key, "CONFIDENTIAL")
    dlg.buttons.accepted.emit()
    assert dlg.isVisible()
    assert "unknown time zone 'Asia/Atlantis'" in dlg.error.text()
    assert "Default home time zone" in dlg.error.text()
    assert dlg.value(settings.DEFAULT_CLASSIFICATION) == "CONFIDENTIAL"
    assert dlg.value(settings.DEFAULT_HOME_TZ) == "Asia/Atlantis"
    # Nothing was stored, not even the value that was fine.
    assert settings.get(settings.DEFAULT_CLASSIFICATION) == "RESTRICTED"
    assert settings.get(settings.DEFAULT_HOME_TZ) == "Asia/Almaty"
    dlg.set_value(settings.DEFAULT_HOME_TZ.key, "Asia/Shanghai")
    dlg.buttons.accepted.emit()
    assert not dlg.isVisible()
    assert settings.get(settings.DEFAULT_HOME_TZ) == "Asia/Shanghai"
    assert settings.get(settings.DEFAULT_CLASSIFICATION) == "CONFIDENTIAL"


def test_a_new_preference_is_one_declaration(demo_window: Any,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    idle = settings.Preference("preferences/idle_lock", 0, "&Lock after idle", "int",
                               minimum=0, maximum=240, suffix=" min")
    monkeypatch.setattr(settings, "PREFERENCES", (*settings.PREFERENCES, idle))
    dlg = _open(demo_window)
    editor = dlg.editors[idle.key]
    assert isinstance(editor, QSpinBox) and editor.maximum() == 240
    editor.setValue(15)
    dlg.buttons.accepted.emit()
    assert settings.get(idle) == 15


def test_the_last_view_is_reopened(window_factory: Any, db_path: Any) -> None:
    win = window_factory(db_path)
    win.switch_to("people")
    win.close()
    assert settings.get(settings.LAST_VIEW) == "people"
    again = window_factory(db_path)
    assert again.current_key() == "programme"  # the first frame shows the programme
    assert preferences.restore_last_view(again) == "people"
    assert again.current_key() == "people"
    settings.put(settings.LAST_VIEW, "no-such-view")
    assert preferences.restore_last_view(again) == "people"  # unknown: left as it is
    again.close()


def test_the_idle_lock_time_is_a_preference_that_acts_at_once(demo_window: Any) -> None:
    assert settings.IDLE_LOCK_MINUTES in settings.PREFERENCES
    dlg = _open(demo_window)
    dlg.set_value(settings.IDLE_LOCK_MINUTES.key, 25)
    dlg.buttons.accepted.emit()
    assert settings.get(settings.IDLE_LOCK_MINUTES) == 25
    assert demo_window.idle_lock.minutes == 25
    assert demo_window.idle_lock.timer.interval() == 25 * 60_000
