"""Modules meet at public names: none reaches into another's private ones, and shared
pieces (the atomic file writer) live once, where every user may import them."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "briefing_app"


def _private_imports() -> list[str]:
    """`from briefing_app.x import _name` anywhere in the package (dunders excepted)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("briefing_app"):
                found += [f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.module}.{a.name}"
                          for a in node.names
                          if a.name.startswith("_") and not a.name.startswith("__")]
    return found


def test_no_module_imports_another_modules_private_names():
    assert _private_imports() == []


def _defines(name: str) -> list[str]:
    return sorted(str(p.relative_to(PACKAGE.parent)) for p in PACKAGE.rglob("*.py")
                  if any(isinstance(n, ast.FunctionDef) and n.name == name
                         for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))))


@pytest.mark.parametrize("name", ["write_atomically", "stage", "commit", "fsync_dir", "_fsync_dir"])
def test_the_atomic_writer_is_defined_once_in_core(name):
    expected = [] if name.startswith("_") else ["briefing_app/core/atomic_file.py"]
    assert _defines(name) == expected


def test_the_old_interop_home_of_the_writer_is_gone():
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("briefing_app.interop.atomic")


def test_fsync_dir_is_harmless_on_a_folder_it_cannot_open(tmp_path):
    from briefing_app.core.atomic_file import fsync_dir

    fsync_dir(tmp_path)  # an ordinary folder: synced
    fsync_dir(tmp_path / "missing")  # cannot be opened: nothing to make durable, no error
