"""Crash logs: the details of an unexpected error, for the command line and the window.

One place for both front ends (the window must not reach into the command line's
private helpers). What is written or shown never carries field values: a
delegation's restricted text must not end up in a terminal, a dialog or a log file a
user attaches to a bug report. So exception texts are *scrubbed* before they leave:

- an SQLAlchemy statement error keeps the database's own reason and our SQL (with its
  `?` placeholders), never its parameters (the engine also runs with
  `hide_parameters=True`, so its own text never has them either);
- any other exception text keeps its words but loses what it quotes (`KeyError:
  'Talks on…'` becomes `KeyError: '…'`) and is cut to a bounded length;
- tracebacks list files, lines and our own source lines, never local variables.

A process writes one log file (`crash-<UTC time>-<pid>.log`, readable by its owner
only) and appends every later error to it, up to `MAX_LOG_BYTES`, so a burst of
errors cannot fill the disk. Never imports Qt.
"""

from __future__ import annotations

import os
import re
import threading
from datetime import UTC, datetime
from pathlib import Path

MAX_LOG_BYTES = 1024 * 1024
MAX_MESSAGE_CHARS = 300  # per exception in a log
MAX_SUMMARY_CHARS = 160  # the one line on stderr or in a dialog

# A quoted literal as Python's repr and most libraries write it: '…' or "…".
_QUOTED = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")
_PARAMS = re.compile(r"\[parameters:.*?\](?=\n|$)|\[SQL parameters hidden[^\]]*\]", re.DOTALL)

_FULL = b"\n--- the log is full; later errors are not written ---\n"
_lock = threading.Lock()
_current: Path | None = None  # this process's log file, once the first error is written


def _is_statement_error(exc: BaseException) -> bool:
    """True for sqlalchemy.exc.StatementError and its subclasses (without importing it)."""
    return any(c.__name__ == "StatementError" and c.__module__.startswith("sqlalchemy")
               for c in type(exc).__mro__)


def _redact(text: str, limit: int) -> str:
    text = _QUOTED.sub(lambda m: m.group()[0] + "…" + m.group()[0], text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def scrubbed_message(exc: BaseException, *, limit: int = MAX_MESSAGE_CHARS,
                     with_sql: bool = True) -> str:
    """The text of `exc` without field values (see the module docstring)."""
    if _is_statement_error(exc):
        orig = getattr(exc, "orig", None)
        reason = _redact(str(orig), limit) if orig is not None else "statement failed"
        if orig is not None:
            reason = f"({type(orig).__module__}.{type(orig).__name__}) {reason}"
        statement = getattr(exc, "statement", None)
        if with_sql and statement:
            reason += f"\n[SQL: {_PARAMS.sub('', str(statement))[:2000]}]"
        return reason
    try:
        text = str(exc)
    except Exception:  # noqa: BLE001 - a broken __str__ must not break the report
        text = "<the error's text could not be read>"
    return _redact(_PARAMS.sub("", text), limit)


def summary(exc: BaseException) -> str:
    """'OverflowError: date value out of range': one line for stderr or a dialog."""
    first = scrubbed_message(exc, limit=MAX_SUMMARY_CHARS, with_sql=False).split("\n", 1)[0]
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and its causes, oldest first (as Python prints them)."""
    out: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen and len(out) < 20:
        seen.add(id(current))
        out.append(current)
        current = current.__cause__ or (None if current.__suppress_context__
                                        else current.__context__)
    return out[::-1]


def format_details(exc: BaseException) -> str:
    """A traceback like Python's, with every exception's text scrubbed."""
    import traceback  # not at import: the window's start-up does not need it

    parts: list[str] = []
    chain = _chain(exc)
    for i, item in enumerate(chain):
        if i:
            parts.append("\nThe above exception was the direct cause of the following "
                         "exception:\n\n" if item.__cause__ is chain[i - 1] else
                         "\nDuring handling of the above exception, another exception "
                         "occurred:\n\n")
        if item.__traceback__ is not None:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_tb(item.__traceback__))
        name = type(item).__qualname__
        module = type(item).__module__
        if module not in ("builtins", "__main__"):
            name = f"{module}.{name}"
        parts.append(f"{name}: {scrubbed_message(item)}\n")
    return "".join(parts)


def log_folder() -> Path:
    """Where crash logs go: the user log folder (`~/.local/state/briefing-app/log`)."""
    from platformdirs import user_log_path

    return user_log_path("briefing-app", appauthor=False)


def write_crash_log(exc: BaseException, where: str = "") -> Path | str:
    """Append the scrubbed details of `exc` to this process's crash log; its path, or
    a short sentence saying why nothing could be written (never raises)."""
    global _current
    try:
        entry = (f"--- {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC"
                 + (f" in {where}" if where else "") + "\n" + format_details(exc) + "\n")
        data = entry.encode("utf-8", "replace")
        folder = log_folder()
        with _lock:
            if _current is None or _current.parent != folder or not _current.exists():
                folder.mkdir(parents=True, exist_ok=True)
                _current = folder / f"crash-{datetime.now(UTC):%Y%m%dT%H%M%S}-{os.getpid()}.log"
            path = _current
            size = path.stat().st_size if path.exists() else 0
            room = MAX_LOG_BYTES - len(_FULL) - size
            if room <= 0:
                return path  # full: the first errors are the ones that explain the rest
            if len(data) > room:
                data = data[:room] + _FULL
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, data)
            finally:
                os.close(fd)
            return path
    except Exception:  # noqa: BLE001 - reporting an error must never raise another
        return "no log: the log folder is not writable"

