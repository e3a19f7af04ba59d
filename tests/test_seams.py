"""Modules meet at public names: none reaches into another's private ones; shared pieces
(the atomic file writer) live once, where every user may import them; closed vocabularies
are compared as the enum members of core/enums.py, never as bare strings."""

from __future__ import annotations

import ast
import dataclasses
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


def _enum_values() -> dict[str, str]:
    from enum import StrEnum

    from briefing_app.core import enums
    from briefing_app.pdf.options import Edition

    classes = [c for c in vars(enums).values()
               if isinstance(c, type) and issubclass(c, StrEnum) and c is not StrEnum]
    return {m.value: f"{c.__name__}.{m.name}" for c in (*classes, Edition) for m in c}


_ENUM_FIELDS = ("status", "side", "press", "role", "edition", "_type")


def _is_enum_field(node: ast.expr) -> bool:
    """`x.status`, `status`, `ev.event_type`, `x.side`, `role`, `lay.kind`... (a bare `kind`
    is an item kind)."""
    if isinstance(node, ast.Call) and ast.unparse(node.func) == "getattr" and len(node.args) > 1:
        node = node.args[1]
        return isinstance(node, ast.Constant) and str(node.value).endswith(_ENUM_FIELDS)
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return name.endswith(_ENUM_FIELDS) or (isinstance(node, ast.Attribute) and name == "kind")


def test_enum_fields_are_compared_with_enum_members_not_bare_strings():
    values = _enum_values()
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Compare):
                continue
            operands = [node.left, *node.comparators]
            strings = [c.value for o in operands
                       for c in (o.elts if isinstance(o, ast.Tuple | ast.List | ast.Set) else [o])
                       if isinstance(c, ast.Constant) and c.value in values]
            if strings and any(_is_enum_field(o) for o in operands):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} "
                             f"{ast.unparse(node)} (use {', '.join(values[s] for s in strings)})")
    assert found == []


def test_records_type_enum_columns_by_their_enum():
    from briefing_app.core.enums import EventStatus, Side
    from briefing_app.core.records import EventRecord, PersonRecord

    assert {f.name: f.type for f in dataclasses.fields(EventRecord)}["status"] is EventStatus
    assert {f.name: f.type for f in dataclasses.fields(PersonRecord)}["side"] is Side


def test_one_class_is_called_row_the_orm_mixin():
    """`Row` is the columns every table has (models.Row); a programme line is a
    `ProgrammeLine`."""
    assert _classes("Row") == ["briefing_app/core/models.py"]
    assert _classes("ProgrammeLine") == ["briefing_app/gui/views/programme_rows.py"]


def _classes(name: str) -> list[str]:
    return sorted(str(p.relative_to(PACKAGE.parent)) for p in PACKAGE.rglob("*.py")
                  if any(isinstance(n, ast.ClassDef) and n.name == name
                         for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))))
