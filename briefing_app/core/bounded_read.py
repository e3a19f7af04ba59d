"""Reading a file the user named, never more than its documented limit.

Every reader of an outside file (a bundle, a password file, a font, a photo) goes
through `read_bounded`: a regular file is measured with `stat` first and refused by its
real size without reading a byte of it; anything else (a pipe, `/dev/stdin`, a device
such as `/dev/zero`) is read at most one byte past the limit, so an endless source
costs `limit` bytes of memory and is then refused. Never imports Qt.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from briefing_app.core.errors import BriefingError, ValidationError

_CHUNK = 1024 * 1024


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_bounded(path: Path | str, limit: int, what: str, noun: str = "file") -> bytes:
    """The bytes of `path`, or an error naming `what` (the option or the kind of file).

    A regular file larger than `limit` is refused by its size, before reading; a pipe
    or a device is refused once it has given more than `limit` bytes.
    """
    path = Path(path).expanduser()
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise BriefingError(f"{path} is a folder, not a {noun}")
        regular = stat.S_ISREG(info.st_mode)
        if regular and info.st_size > limit:
            raise ValidationError(what, f"{path} is too large ({info.st_size:,} bytes; "
                                  f"at most {limit:,})")
        with open(path, "rb") as fh:
            parts: list[bytes] = []
            got = 0
            while got <= limit:
                chunk = fh.read(min(_CHUNK, limit + 1 - got))
                if not chunk:
                    break
                parts.append(chunk)
                got += len(chunk)
    except FileNotFoundError:
        raise BriefingError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BriefingError(f"{path} is a folder, not a {noun}") from None
    except PermissionError:
        raise BriefingError(f"cannot read {path}: permission denied") from None
    except OSError as exc:
        raise BriefingError(f"cannot read {path}: {exc.strerror or exc}") from None
    if got > limit:
        source = ("it grew while being read" if regular else
                  f"it is {_kind(info.st_mode)}, read only up to the limit")
        raise ValidationError(what, f"{path} is too large (more than {limit:,} bytes; {source})")
    return b"".join(parts)
