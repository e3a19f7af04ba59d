"""Every persistent setting, declared once with its default (as Picard does).

Values live in QSettings (the platform's usual place); `get`/`put` convert the loose
types QSettings hands back into the declared type.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "Briefing App"
APPLICATION = "briefing-app"


class Setting:
    """One setting: its key in QSettings and its default (which also fixes its type)."""

    __slots__ = ("key", "default")

    def __init__(self, key: str, default: Any) -> None:
        self.key = key
        self.default = default


class Preference(Setting):
    """A setting the user changes in Edit ▸ Preferences…: declared once, here, with how
    the dialog shows it. `kind` picks the editor: "zone" (an IANA zone), "choice"
    (`choices` as (value, label)), "text", "int" (`minimum`..`maximum`, `suffix`) or
    "bool". What a preference does is read where it is used (settings.get), or — for
    one that changes the open window — applied by gui/window/preferences.py `APPLY`."""

    __slots__ = ("label", "kind", "choices", "minimum", "maximum", "suffix", "help")

    def __init__(self, key: str, default: Any, label: str, kind: str, *,
                 choices: tuple[tuple[Any, str], ...] = (), minimum: int = 0,
                 maximum: int = 0, suffix: str = "", help: str = "") -> None:
        super().__init__(key, default)
        self.label, self.kind, self.choices, self.help = label, kind, choices, help
        self.minimum, self.maximum, self.suffix = minimum, maximum, suffix


WINDOW_GEOMETRY = Setting("window/geometry", QByteArray())
WINDOW_STATE = Setting("window/state", QByteArray())
WINDOW_LAYOUT = Setting("window/layout", 0)  # window_layout.LAYOUT_VERSION of the saved state
LAST_DATABASE = Setting("database/last", "")
RECENT_DATABASES = Setting("database/recent", [])
LAST_VISIT = Setting("database/last_visit", 0)
LAST_VIEW = Setting("window/last_view", "programme")
EXPORT_EDITION = Setting("export/edition", "delegation")
EXPORT_CLASSIFICATION = Setting("export/classification", "")
EXPORT_COPIES = Setting("export/copies", 1)
EXPORT_WATERMARK = Setting("export/watermark", "")

EXPORT_FOLDER = Setting("export/folder", "")
EXPORT_SECTIONS = Setting("export/sections", [])
EXPORT_APPROVED_ONLY = Setting("export/approved_only", False)
MAX_RECENT = 8

# --- Edit ▸ Preferences…, in the order the dialog shows them (one declaration each) -----

DEFAULT_HOME_TZ = Preference(
    "preferences/home_tz", "Asia/Almaty", "Default &home time zone", "zone",
    help="The home zone a new visit starts with (the delegation's capital).")
DEFAULT_CLASSIFICATION = Preference(
    "preferences/classification", "RESTRICTED", "Default &classification", "text",
    help="The marking a new visit starts with; each visit can change its own.")
EXPORT_PAPER = Preference(  # also remembered by the export dialog as its last choice
    "export/paper", "A4", "&Paper size for exports", "choice",
    choices=(("a4", "A4 (210 × 297 mm)"), ("letter", "US Letter (8.5 × 11 in)")),
    help="The paper the export and print dialog starts with.")
TEXT_SIZE = Preference(
    "window/text_size", 0, "&Text size of the window", "choice",
    choices=((0, "As the system sets it"), *((n, f"{n} pt") for n in (8, 9, 10, 11, 12, 13,
                                                                     14, 16, 18, 20))),
    help="The size of the text in every window of the app; it changes at once.")
IDLE_LOCK_MINUTES = Preference(  # read by gui/window/idle_lock.py
    "security/idle_lock_minutes", 10, "&Lock an encrypted database after", "int",
    minimum=0, maximum=480, suffix=" min without use",
    help="The window hides an encrypted visit and asks for its passphrase again "
         "(0: never). Plain databases are not locked.")
PREFERENCES: tuple[Preference, ...] = tuple(
    v for v in list(globals().values()) if isinstance(v, Preference))


def _settings() -> QSettings:
    # An INI file on every platform (not the Windows registry): easy to inspect, to back
    # up, and to redirect (QSettings.setPath) for tests and screenshot runs.
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION,
                     APPLICATION)


def _converted(raw: Any, default: Any) -> Any:
    """`raw` as QSettings hands it back, in the default's type; TypeError/ValueError
    when it cannot be."""
    if isinstance(default, bool):
        return raw in (True, "true", "1", 1)
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, list):
        if raw in (None, ""):
            return []
        return [str(x) for x in raw] if isinstance(raw, list | tuple) else [str(raw)]
    if isinstance(default, QByteArray):
        return raw if isinstance(raw, QByteArray) else QByteArray()
    return str(raw) if raw is not None else default


def get(setting: Setting) -> Any:
    """The stored value converted to the default's type, or the default."""
    try:
        return _converted(_settings().value(setting.key, setting.default), setting.default)
    except (TypeError, ValueError):
        return setting.default


def put(setting: Setting, value: Any) -> None:
    """Store `value` unless the setting already holds it: QSettings rewrites the whole
    INI file for any setValue, an unchanged value too (a new file renamed over the old
    one), and the app puts the same values at every start and close."""
    store = _settings()
    if store.contains(setting.key):
        try:
            held = _converted(store.value(setting.key), setting.default)
        except (TypeError, ValueError):  # something else is stored: replace it
            pass
        else:
            if type(held) is type(value) and held == value:
                return
    store.setValue(setting.key, value)


def remember_database(path: str) -> list[str]:
    """Make `path` the last database and the head of the recent list; return the list."""
    recent = [p for p in get(RECENT_DATABASES) if p != path]
    recent.insert(0, path)
    del recent[MAX_RECENT:]
    put(RECENT_DATABASES, recent)
    put(LAST_DATABASE, path)
    return recent
