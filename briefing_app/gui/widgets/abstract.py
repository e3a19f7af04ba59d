"""Abstract base classes for Qt classes (`abc.ABC` cannot be mixed into them as it is).

`class X(QWidget, abc.ABC)` fails with a metaclass conflict: Qt classes have
Shiboken's metaclass. A metaclass deriving from both is allowed, but Shiboken creates
the class without running `ABCMeta.__new__` and builds instances without the check
`object.__new__` makes, so `@abstractmethod` would be silently ignored. `QtABCMeta`
restores both: the abstract-method bookkeeping when a class is made, and the refusal
to instantiate a class that still has abstract methods.
"""

from __future__ import annotations

import abc
from typing import Any

from PySide6.QtCore import QObject

__all__ = ["QtABCMeta", "abstractmethod"]

abstractmethod = abc.abstractmethod


class QtABCMeta(type(QObject), abc.ABCMeta):  # type: ignore[misc]
    """Metaclass for abstract Qt classes: use with `@abstractmethod` as with `abc.ABC`."""

    def __new__(mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any],
                **kwargs: Any) -> QtABCMeta:
        cls = super().__new__(mcls, name, bases, namespace, **kwargs)
        abc._abc_init(cls)  # what ABCMeta.__new__ would have done: __abstractmethods__ etc.
        return cls

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        missing = getattr(cls, "__abstractmethods__", ())
        if missing:
            raise TypeError(f"Can't instantiate abstract class {cls.__name__} without an "
                            f"implementation for: {', '.join(sorted(missing))}")
        return super().__call__(*args, **kwargs)
