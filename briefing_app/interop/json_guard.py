"""Reading untrusted JSON without letting it crash, hang or fool us.

`json.loads` alone accepts NaN and Infinity, silently keeps the last of two duplicate
keys, turns `1e999` into infinity, spends quadratic time on a 100,000-digit integer
and overflows the C stack on deeply nested arrays. Here the file is checked for size,
UTF-8, nesting depth and the number of objects and lists (one flat, linear scan, no
recursion) before parsing; the parser's hooks replace every suspicious value by a
`Rejected` marker, and one iterative walk then reports the first problem with its path
(``events[3].tz``), so no trap stays hidden in a part of the document that later code
might skip.

Every step is linear in the size of the text. The scan's string pattern matches an
unterminated string up to the end of the text: otherwise every escaped quote inside
it would start a new attempt that runs to the end again (80 KB of `\\"` took 55 s).
Objects and lists are counted because they are what costs memory out of proportion
(`{}` is 2 bytes of text and ~64 bytes of dict); other values cost at most ~10 bytes
of memory per byte of text.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from briefing_app.core.errors import ValidationError

MAX_DEPTH = 32
MAX_INT_DIGITS = 18
MAX_CONTAINERS = 1_000_000  # objects and lists in one document, unless the caller says

# A JSON string (escapes included; an unterminated one runs to the end of the text) or
# one bracket; strings are skipped when counting.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)|[\[\]{}]', re.DOTALL)
_SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True)
class Rejected:
    """Stands in for a value the parser refused; the walk reports it with its path."""

    reason: str


class KeyedObject(dict):  # type: ignore[type-arg]
    """A JSON object that remembers a key it saw twice (the first one)."""

    duplicate: str | None = None


def _pairs(pairs: list[tuple[str, Any]]) -> KeyedObject:
    obj = KeyedObject()
    for key, value in pairs:
        if key in obj and obj.duplicate is None:
            obj.duplicate = key
        obj[key] = value
    return obj


def _constant(name: str) -> Rejected:
    return Rejected(f"{name} is not a number this file may contain")


def _int(digits: str) -> int | Rejected:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        return Rejected(f"the number has {len(digits):,} digits (too large)")
    return int(digits)


def _float(literal: str) -> float | Rejected:
    if len(literal) > 64:
        return Rejected(f"the number is {len(literal):,} characters long (too large)")
    value = float(literal)
    if not math.isfinite(value):
        return Rejected(f"{literal} is too large a number")
    return value


def decode_utf8(data: bytes, what: str = "file") -> str:
    """Strict UTF-8 (a leading BOM is allowed); the error gives the line of the bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ValidationError(what, f"is not valid UTF-8 text (bad byte at line {line})") from None


def check_depth(text: str, max_depth: int = MAX_DEPTH, what: str = "file",
                max_containers: int = MAX_CONTAINERS) -> None:
    """Refuse nesting deeper than `max_depth`, or more than `max_containers` objects and
    lists, with one flat scan (no recursion at all, linear in the text)."""
    depth = 0
    containers = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            containers += 1
            if depth > max_depth:
                line = text.count("\n", 0, match.start()) + 1
                raise ValidationError(
                    what, f"is nested more than {max_depth} levels deep (line {line})")
            if containers > max_containers:
                line = text.count("\n", 0, match.start()) + 1
                raise ValidationError(
                    what, f"holds more than {max_containers:,} objects and lists (line {line})")
        elif token in "]}":
            depth -= 1


def loads(data: bytes, *, max_bytes: int, what: str = "file", max_depth: int = MAX_DEPTH,
          max_containers: int = MAX_CONTAINERS) -> Any:
    """Parse untrusted JSON bytes; any problem is a ValidationError naming where it is."""
    if len(data) > max_bytes:
        raise ValidationError(
            what, f"is too large ({len(data):,} bytes; at most {max_bytes:,})")
    text = decode_utf8(data, what)
    check_depth(text, max_depth, what, max_containers)
    try:
        tree = json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant,
                          parse_int=_int, parse_float=_float)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            what, f"is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ValidationError(what, f"is not valid JSON ({type(exc).__name__})") from None
    problem = first_problem(tree)
    if problem is not None:
        raise ValidationError(*problem)
    return tree


def short_key(key: str, limit: int = 40) -> str:
    """A key as it appears in a path or a message: a hostile 1 MB key is cut short."""
    return key if len(key) <= limit else key[:limit] + "…"


def join_path(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    key = short_key(key)
    return f"{path}.{key}" if path else key


def first_problem(tree: Any) -> tuple[str, str] | None:
    """(path, reason) of the first rejected value, duplicate key or bad string, in order."""
    stack: list[tuple[str, Any]] = [("(top)", tree)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, Rejected):
            return path, value.reason
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return path, "contains an invalid character (lone surrogate)"
            if "\x00" in value:
                return path, "contains a NUL character"
        elif isinstance(value, dict):
            base = "" if path == "(top)" else path
            if getattr(value, "duplicate", None) is not None:
                return join_path(base, value.duplicate), "appears twice in the same object"
            children = []
            for key, item in value.items():
                if _SURROGATE.search(key) or "\x00" in key:
                    return base or "(top)", ("has a key with an invalid character: "
                                             f"{short_key(key)!r}")
                children.append((join_path(base, key), item))
            stack.extend(reversed(children))
        elif isinstance(value, list):
            base = "" if path == "(top)" else path
            stack.extend(reversed([(join_path(base, i), item) for i, item in enumerate(value)]))
    return None
