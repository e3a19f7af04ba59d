"""The core, the PDF builder and the exchange formats never depend on Qt."""

import importlib
import pkgutil
import subprocess
import sys

import pytest

import briefing_app


def _modules(package: str) -> list[str]:
    pkg = importlib.import_module(package)
    return [package] + [m.name for m in pkgutil.walk_packages(pkg.__path__, package + ".")]


@pytest.mark.parametrize("package", ["briefing_app.core", "briefing_app.pdf", "briefing_app.interop",
                                     "briefing_app.cli"])
def test_package_imports_without_qt(package):
    modules = _modules(package)
    assert len(modules) > 3, f"{package} has lost its modules"
    code = ("import importlib, sys\n"
            f"for m in {modules!r}:\n    importlib.import_module(m)\n"
            "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{package} pulls in Qt: {out.stdout.strip()}"


def test_version_is_exposed():
    assert briefing_app.__version__
