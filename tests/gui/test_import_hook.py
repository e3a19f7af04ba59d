"""The byte check (gui/launch/import_hook.py) answers as PySide6's own `_mod_uses_pyside`
for every kind of module, and the start-up installs it before the app's modules load."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing_app.gui.launch import import_hook

ROOT = Path(__file__).resolve().parents[2]


def _upstream() -> Callable[[types.ModuleType], bool]:
    """PySide6's own check, whether or not this test process has installed ours."""
    import PySide6.QtCore  # noqa: F401  (loads shibokensupport.feature)

    current = getattr(sys.modules[import_hook.FEATURE_MODULE], import_hook.CHECK)
    return current.upstream if isinstance(current, import_hook.ByteCheck) else current


def _module_from(path: Path) -> types.ModuleType:
    """A module object for `path` with its __file__ and loader, not executed."""
    spec = importlib.util.spec_from_file_location(f"hooktest_{path.stem}", path)
    assert spec is not None
    return importlib.util.module_from_spec(spec)


def _same(module: types.ModuleType, expected: bool) -> None:
    upstream = _upstream()
    assert upstream(module) is expected
    assert import_hook.uses_pyside(module, upstream) is expected


def test_same_answer_for_installed_modules() -> None:
    import json as plain
    import math

    from briefing_app.core import paths
    from briefing_app.gui.launch import settings

    _same(settings, True)  # imports PySide6
    _same(import_hook, True)  # names it in its docstring only: still "uses" upstream
    _same(paths, False)  # one of ours without Qt
    _same(plain, False)  # the standard library
    _same(sys, False)  # built in: no __file__
    _same(math if getattr(math, "__file__", None) else importlib, False)  # an extension
    _same(types.ModuleType("no_file_at_all"), False)


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("utf8", "import PySide6  # é\n".encode(), True),
    ("bom", b"\xef\xbb\xbfx = 'PySide6'\n", True),
    ("plain", b"x = 1\n", False),
    # Not UTF-8: linecache gives no lines, so upstream says False even with the bytes
    ("invalid_utf8", b"x = 'PySide6'\n\xff\xfe\n", False),
    ("bad_cookie", b"# -*- coding: no-such-codec -*-\nimport PySide6\n", False),
    ("latin1", b"# -*- coding: latin-1 -*-\nimport PySide6  # \xe9\n", True),
    ("latin1_without", b"# -*- coding: latin-1 -*-\nx = '\xe9'\n", False),
])
def test_same_answer_from_file_bytes(tmp_path: Path, name: str, data: bytes,
                                     expected: bool) -> None:
    path = tmp_path / f"{name}.py"
    path.write_bytes(data)
    _same(_module_from(path), expected)


def test_a_file_that_cannot_be_read_gets_upstreams_answer(tmp_path: Path) -> None:
    path = tmp_path / "gone.py"
    path.write_bytes(b"import PySide6\n")
    module = _module_from(path)
    path.unlink()
    _same(module, False)


def test_install_leaves_a_pyside_without_the_check_alone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    without = types.ModuleType(import_hook.FEATURE_MODULE)
    monkeypatch.setitem(sys.modules, import_hook.FEATURE_MODULE, without)
    assert import_hook.install() is False
    assert not hasattr(without, import_hook.CHECK)

    renamed = types.ModuleType(import_hook.FEATURE_MODULE)
    renamed._mod_uses_pyside = lambda module: True  # type: ignore[attr-defined]
    renamed.feature_imported = lambda module: None  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, import_hook.FEATURE_MODULE, renamed)
    assert import_hook.install() is False  # feature_imported no longer calls it by name
    assert not isinstance(renamed._mod_uses_pyside, import_hook.ByteCheck)  # type: ignore[attr-defined]


STARTUP = r"""
import json, linecache, sys
from briefing_app.gui.launch.app import _application
app = _application(offscreen=False)
from briefing_app.gui.launch import import_hook
feature = sys.modules[import_hook.FEATURE_MODULE]
check = feature._mod_uses_pyside
asked_before = set(feature.pyside_feature_dict)  # e.g. the package import_hook is in
import_hook.install()  # a second call changes nothing
import briefing_app.gui.window.main_window  # the app's modules, as the start-up loads them
ours = {name: (value, sys.modules[name].__file__)
        for name, value in feature.pyside_feature_dict.items()
        if name.startswith("briefing_app.") and name not in asked_before}
print(json.dumps({
    "installed": import_hook.installed(),
    "same_after_second_install": feature._mod_uses_pyside is check,
    "upstream_is_original": not isinstance(check.upstream, import_hook.ByteCheck),
    "ours": ours,
    "in_linecache": sorted(f for _, f in ours.values() if f in linecache.cache),
}))
"""


def test_the_startup_installs_it_before_the_app_modules_load() -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", STARTUP], capture_output=True, text=True,
                         env=env, cwd=ROOT, check=True, timeout=120).stdout
    got = json.loads(out.strip().splitlines()[-1])
    assert got["installed"] and got["same_after_second_install"]
    assert got["upstream_is_original"]
    # Every module of ours that PySide6 asked about after the start-up carries upstream's
    # default (0: uses PySide6, no feature; -1: ignored), and none was read into
    # linecache, as upstream's inspect.getsource would have done.
    expected = {name: 0 if b"PySide6" in Path(file).read_bytes() else -1
                for name, (_, file) in got["ours"].items()}
    assert {name: value for name, (value, _) in got["ours"].items()} == expected
    assert sorted(set(expected.values())) == [-1, 0]  # both kinds were asked about
    assert got["in_linecache"] == []
