"""A setting that already holds its value is not written again: QSettings rewrites the
whole INI file (a new file renamed over the old) for every setValue, an unchanged
value too."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray

from briefing_app.gui.launch import settings


def _ini(tmp_path: Path) -> Path:
    # tests/gui/conftest.py points the user scope at tmp_path/"settings"
    return tmp_path / "settings" / settings.ORGANISATION / f"{settings.APPLICATION}.ini"


def _written(path: Path) -> tuple[int, int, int]:
    """What changes when the file is rewritten (Qt saves to a new file, renamed over)."""
    settings._settings().sync()
    st = os.stat(path)
    return st.st_ino, st.st_mtime_ns, st.st_size


VALUES = [
    (settings.LAST_VISIT, 5, 6),
    (settings.LAST_DATABASE, "/data/visit.sqlite", "/data/other.sqlite"),
    (settings.RECENT_DATABASES, ["/a.sqlite", "/b.sqlite"], ["/b.sqlite"]),
    (settings.EXPORT_APPROVED_ONLY, True, False),
    (settings.WINDOW_GEOMETRY, QByteArray(b"\x01\x02geometry"), QByteArray(b"\x03")),
]


def test_an_unchanged_value_is_not_rewritten_in_this_session(tmp_path: Path) -> None:
    for setting, value, _ in VALUES:
        settings.put(setting, value)
    before = _written(_ini(tmp_path))
    for setting, value, _ in VALUES:
        settings.put(setting, value)
        assert settings.get(setting) == value
    assert _written(_ini(tmp_path)) == before
    for setting, _, other in VALUES:  # a changed value is written, each of them
        settings.put(setting, other)
        now = _written(_ini(tmp_path))
        assert now != before, setting.key
        assert settings.get(setting) == other
        before = now


def test_values_read_back_from_the_file_are_not_rewritten(tmp_path: Path) -> None:
    """At start-up the values come from the file as text ("5", "a, b", "true")."""
    ini = _ini(tmp_path)
    ini.parent.mkdir(parents=True)
    ini.write_text("[database]\nlast=/data/visit.sqlite\nlast_visit=5\n"
                   "recent=/data/visit.sqlite, /b.sqlite\n[export]\napproved_only=true\n",
                   encoding="utf-8")
    assert settings._settings().fileName() == str(ini)
    before = _written(ini)
    # what opening the last database does at every start
    assert settings.remember_database("/data/visit.sqlite") == ["/data/visit.sqlite", "/b.sqlite"]
    settings.put(settings.LAST_VISIT, 5)
    settings.put(settings.EXPORT_APPROVED_ONLY, True)
    assert _written(ini) == before
    settings.remember_database("/b.sqlite")
    assert _written(ini) != before
    assert settings.get(settings.RECENT_DATABASES) == ["/b.sqlite", "/data/visit.sqlite"]


def test_a_value_of_another_type_is_replaced(tmp_path: Path) -> None:
    ini = _ini(tmp_path)
    ini.parent.mkdir(parents=True)
    ini.write_text("[database]\nlast_visit=not a number\n", encoding="utf-8")
    before = _written(ini)
    settings.put(settings.LAST_VISIT, 0)  # the default get() falls back to: still written
    assert _written(ini) != before
    assert "last_visit=0" in ini.read_text(encoding="utf-8")
