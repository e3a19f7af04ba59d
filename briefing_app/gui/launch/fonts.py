"""Make Kazakh Cyrillic and Chinese render on a machine that has no font for them.

Qt falls back per glyph through the system's fonts; only when the system has no
Chinese-capable family do we register the app's own fonts (resources/fonts, shipped
with the PDF code) or a known system file, so registration costs nothing otherwise.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase

# Deferred imports: start-up itself: each step loads only what it needs, in the order
# the window paints (benchmarks/startup.py).

_KNOWN_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "C:/Windows/Fonts/msyh.ttc",
)


def _resource_fonts() -> list[Path]:
    from briefing_app.core.paths import resources_dir

    folder = resources_dir() / "fonts"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".ttf", ".ttc", ".otf"))


def has_chinese_font() -> bool:
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def ensure_fonts() -> list[str]:
    """Register fonts covering Chinese and Kazakh if needed; return the families added."""
    if has_chinese_font():
        return []
    added: list[str] = []
    candidates = _resource_fonts() + [Path(p) for p in _KNOWN_FILES]
    for path in candidates:
        if not path.is_file():
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            added += QFontDatabase.applicationFontFamilies(font_id)
        if has_chinese_font():
            break
    return added
