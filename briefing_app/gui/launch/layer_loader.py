"""The database layer imported in a thread, while the window already takes input.

Why: importing SQLAlchemy, the models and the operations and configuring the mappers
is ~0.7 s of Python, about three times an empty window's whole start. Done on the
window's thread it kept the window from taking any input until it was over. In a
thread, the window's own thread is idle meanwhile (Qt's event loop waits without the
interpreter lock), so the import runs at full speed and the window answers at once.

The danger of two threads importing at once is real: a module whose import another
thread has begun, reached through a cycle, can be handed over half made (seen:
"partially initialized module 'sqlalchemy.sql.roles'"). So while the loader runs, the
thread that started it (the window's) first waits for the loader to finish whenever it
imports a module that is not yet complete — or does `from … import` of a name its
module does not have yet, which may be a submodule still to come — and only then
imports. That thread starts the loader from the event loop, outside any import, and
every import it makes from then on passes through the guard from its outermost level,
so it waits before taking any of the import system's locks and never holds one the
loader needs. Other threads are not held: one that was already inside an import when
the loader started holds that module's lock, and waiting for the loader there waits
for ever once the loader needs that module (seen: the file check inside `socket`, the
loader in `asyncio` waiting for `socket`). They must not import beside the loader at
all: the file check does its imports first and the load waits for them
(core/file_check_ahead.py, gui/launch/deferred_open.py). Modules already loaded import
as before, so the window's thread waits only when the user does something new that
needs the layer (and then for what is left of the load). `importlib.import_module`
does not pass through `__import__`: callers on the window's thread wait for the loader
themselves before using it (`MainWindow.view`).
"""

from __future__ import annotations

import builtins
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["LayerLoader", "needs_waiting"]


def needs_waiting(name: str, fromlist: Sequence[str] | None, level: int) -> bool:
    """Whether `import name` / `from name import fromlist` could start an import (or
    see a module another thread is still running)."""
    if level:  # a relative import: resolving it is the import system's job; wait
        return True
    module = sys.modules.get(name)
    if module is None or getattr(getattr(module, "__spec__", None), "_initializing", False):
        return True
    return any(item != "*" and not hasattr(module, item) for item in fromlist or ())


class LayerLoader:
    """Runs `load` once in a thread; `done` is called in that thread when it is over
    (it must be safe to call from any thread: a Qt signal's `emit` is)."""

    def __init__(self, load: Callable[[], None], done: Callable[[], None]) -> None:
        self._load = load
        self._done = done
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="database-layer", daemon=True)
        self._original: Any = None
        self._held: int | None = None  # the thread that started the load (ident)

    def start(self) -> None:
        self._held = threading.get_ident()
        self._original = builtins.__import__
        builtins.__import__ = self._guarded_import
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self) -> None:
        """Until the load is over (at once if it is, or was never started)."""
        if self._thread.ident not in (None, threading.get_ident()):
            self._thread.join()

    def _run(self) -> None:
        try:
            self._load()
        except BaseException as exc:  # noqa: BLE001 - the open runs the load again and says why
            self.error = exc
        finally:
            self._uninstall()
            self._done()

    def _uninstall(self) -> None:
        # Only if nothing replaced it since (another hook then keeps ours as its original,
        # which stops waiting once the thread has ended).
        if builtins.__import__ is self._guarded_import:
            builtins.__import__ = self._original

    def _guarded_import(self, name: str, globals: Any = None, locals: Any = None,  # noqa: A002
                        fromlist: Sequence[str] | None = (), level: int = 0) -> Any:
        thread = self._thread
        if (threading.get_ident() == self._held and thread.is_alive()
                and needs_waiting(name, fromlist, level)):
            thread.join()
        return self._original(name, globals, locals, fromlist, level)
