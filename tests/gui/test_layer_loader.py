"""The database layer's loader (gui/launch/layer_loader.py): while it runs, another
thread's import of anything not complete waits for it first — never two threads in one
import — and modules already loaded import at once."""

from __future__ import annotations

import builtins
import sys
import threading
import types
from typing import Any

import pytest

from briefing_app.gui.launch.layer_loader import LayerLoader, needs_waiting


def test_what_must_wait_for_the_loader() -> None:
    assert not needs_waiting("json", None, 0)  # loaded and complete
    assert not needs_waiting("os", ("path", "sep"), 0)  # names it has
    assert needs_waiting("briefing_app_no_such_module", None, 0)  # an import would start
    assert needs_waiting("os", ("path", "no_such_submodule"), 0)  # may be a submodule
    assert not needs_waiting("os", ("*",), 0)
    assert needs_waiting("json", None, 1)  # relative: resolved by the import system
    half = types.ModuleType("briefing_app_half_made")
    half.__spec__ = types.SimpleNamespace(_initializing=True)  # another thread runs it
    sys.modules[half.__name__] = half
    try:
        assert needs_waiting(half.__name__, None, 0)
        half.__spec__._initializing = False
        assert not needs_waiting(half.__name__, None, 0)
    finally:
        del sys.modules[half.__name__]


class _Held:
    """A loader whose load waits at a gate the test (or a wait for it) opens."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.done = threading.Event()
        self.loader = LayerLoader(self._load, self.done.set)
        self.joins: list[int] = []

    def _load(self) -> None:
        assert self.gate.wait(120), "the test never opened the gate"


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Any:
    h = _Held()
    thread = h.loader._thread
    joins = h.joins

    class Watched:  # the loader's thread, its join counted (and opening the gate)
        def __getattr__(self, name: str) -> Any:
            return getattr(thread, name)

        def join(self, timeout: float | None = None) -> None:
            joins.append(1)
            h.gate.set()
            thread.join(timeout)

    monkeypatch.setattr(h.loader, "_thread", Watched())
    yield h
    h.gate.set()
    thread.join()
    assert builtins.__import__ is not h.loader._guarded_import  # taken off when done


def test_an_import_of_a_loaded_module_does_not_wait(held: Any) -> None:
    held.loader.start()
    import json  # noqa: F401 - the import statement itself is the test
    from os import path  # noqa: F401
    assert held.joins == [] and held.loader.running
    held.gate.set()


def test_an_import_that_would_start_waits_for_the_loader_first(held: Any) -> None:
    held.loader.start()
    assert held.loader.running
    with pytest.raises(ModuleNotFoundError):
        import briefing_app_no_such_module  # noqa: F401
    assert held.joins == [1]  # waited (the join opened the gate) before importing
    assert held.done.is_set()  # and the loader had ended by then


def test_the_loader_itself_imports_without_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    done = threading.Event()

    def load() -> None:
        with pytest.raises(ModuleNotFoundError):
            import briefing_app_no_such_module  # noqa: F401
        seen.append(True)

    loader = LayerLoader(load, done.set)
    loader.start()
    loader.wait()
    assert seen == [True] and done.is_set() and loader.error is None


def test_a_failed_load_is_kept_for_the_open_to_explain() -> None:
    def load() -> None:
        raise ImportError("no SQLAlchemy")

    done = threading.Event()
    loader = LayerLoader(load, done.set)
    loader.start()
    loader.wait()
    assert isinstance(loader.error, ImportError) and done.is_set()
    assert builtins.__import__ is not loader._guarded_import


def test_a_thread_already_inside_an_import_is_not_held(tmp_path: Any,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Another thread that is inside an import when the loader starts holds that module's
    lock; held by the guard there, it would wait for the loader while the loader waits
    for that module: for ever (seen with the file check inside `socket`)."""
    gate = types.ModuleType("briefing_toy_gate")
    gate.entered = threading.Event()  # type: ignore[attr-defined]
    gate.started = threading.Event()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, gate.__name__, gate)
    (tmp_path / "briefing_toy_outer.py").write_text(
        "from briefing_toy_gate import entered, started\n"
        "entered.set()  # inside its import, holding its lock\n"
        "assert started.wait(120)\n"
        "import briefing_toy_inner  # not loaded yet, once the loader runs\n", encoding="utf-8")
    (tmp_path / "briefing_toy_inner.py").write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("briefing_toy_outer", "briefing_toy_inner"):
        monkeypatch.delitem(sys.modules, name, raising=False)

    def other() -> None:
        import briefing_toy_outer  # noqa: F401 - holds its lock until the loader runs

    def load() -> None:
        import briefing_toy_outer  # noqa: F401 - waits for the other thread's import

    thread = threading.Thread(target=other, daemon=True)
    thread.start()
    assert gate.entered.wait(60)
    done = threading.Event()
    loader = LayerLoader(load, done.set)
    loader.start()
    gate.started.set()
    thread.join(60)
    loader._thread.join(60)
    assert not thread.is_alive() and not loader.running, "the two threads wait on each other"
    assert done.is_set() and loader.error is None
