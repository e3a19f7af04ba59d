"""Refuse to start on a Qt binding that is known to crash the process.

PySide6 6.12.0 on CPython 3.11 drops a reference to ``None`` on every call of a void Qt
method; ``None`` holds only some tens of thousands of references, so after that many
calls the interpreter aborts with ``Fatal Python error: none_dealloc`` and everything
typed since the last save would be gone with it. pyproject.toml excludes that release,
but a user who installed it before gets this message instead of an abort later.

The check measures the defect itself instead of matching version numbers, so it also
catches a rebuilt or patched wheel that carries it, and passes a fixed one.
"""

from __future__ import annotations

import sys

# Deferred imports: start-up itself: each step loads only what it needs, in the order
# the window paints (benchmarks/startup.py).

PROBE_CALLS = 64


def none_references_lost(calls: int = PROBE_CALLS) -> int:
    """How many references to None `calls` void Qt calls drop (0 on a sound binding)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(calls):
        probe.setObjectName("probe")
    after = sys.getrefcount(None)
    del probe
    return before - after


def binding_problem() -> str | None:
    """A message for the user when the installed binding has the defect, else None."""
    lost = none_references_lost()
    if lost < PROBE_CALLS // 2:
        return None
    import PySide6

    return (f"The installed Qt binding (PySide6 {PySide6.__version__} on Python "
            f"{sys.version_info.major}.{sys.version_info.minor}) has a known defect that "
            "crashes the app after a few thousand actions. Nothing was opened. "
            "Re-run the set-up (./dev.sh run), or install a supported version: "
            "pip install 'PySide6-Essentials>=6.9,<6.12' 'PySide6-Addons>=6.9,<6.12'.")
