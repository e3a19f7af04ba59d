"""A cheaper answer to PySide6's "does this module use PySide6?", asked at every import.

Once PySide6 is imported, its `__feature__` import hook calls
`shibokensupport.feature.feature_imported(module)` for every module imported afterwards,
which asks `_mod_uses_pyside(module)`: `"PySide6" in inspect.getsource(module)`, False on
TypeError, OSError or SyntaxError. `inspect.getsource` goes through `linecache`: it
opens each file as text, splits it into lines and keeps them all in memory; SQLAlchemy
and most of our own modules are imported after the first frame, so a start paid
~80–100 ms of CPU (of ~0.95 s) and ~500 files' lines in `linecache` for that question.

`uses_pyside` gives the same answer from the file's bytes: the encoding is found as
Python finds it (`tokenize.detect_encoding`); for UTF-8 a file without b"PySide6" cannot
decode to text holding "PySide6", and otherwise the bytes are decoded, which fails where
`linecache` fails (upstream then answers False). A module that is not a readable `.py`
file (built in, an extension, bytecode alone, in a zip, no `__file__`) gets upstream's
own answer. `install` leaves a PySide6 whose `feature.py` no longer looks the check up
by that name alone.
"""

from __future__ import annotations

import io
import sys
import tokenize
from collections.abc import Callable
from types import ModuleType

FEATURE_MODULE = "shibokensupport.feature"
CHECK = "_mod_uses_pyside"
_UTF8 = ("utf-8", "utf-8-sig")


def uses_pyside(module: ModuleType, upstream: Callable[[ModuleType], bool]) -> bool:
    """upstream(module)'s answer, read from the module's file without `linecache`."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return upstream(module)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:  # upstream may still find the source (its loader, sys.path)
        return upstream(module)
    try:
        encoding = tokenize.detect_encoding(io.BytesIO(data).readline)[0]
    except SyntaxError:  # a bad coding cookie: linecache gives no lines, upstream False
        return False
    if encoding in _UTF8 and b"PySide6" not in data:
        return False
    try:
        return "PySide6" in data.decode(encoding)
    except UnicodeDecodeError:
        return False


class ByteCheck:
    """The replacement put in `feature.py`; keeps upstream's function for the odd cases."""

    __slots__ = ("upstream",)

    def __init__(self, upstream: Callable[[ModuleType], bool]) -> None:
        self.upstream = upstream

    def __call__(self, module: ModuleType) -> bool:
        return uses_pyside(module, self.upstream)


def install() -> bool:
    """Replace the check in PySide6's feature module once; False (nothing changed) when
    this PySide6 has no such check or no longer calls it from `feature_imported`."""
    feature = sys.modules.get(FEATURE_MODULE)
    current = getattr(feature, CHECK, None)
    if isinstance(current, ByteCheck):
        return True
    caller = getattr(feature, "feature_imported", None)
    names = getattr(getattr(caller, "__code__", None), "co_names", ())
    if feature is None or not callable(current) or CHECK not in names:
        return False
    setattr(feature, CHECK, ByteCheck(current))
    return True


def installed() -> bool:
    """Whether the byte check answers for PySide6 in this process."""
    return isinstance(getattr(sys.modules.get(FEATURE_MODULE), CHECK, None), ByteCheck)
