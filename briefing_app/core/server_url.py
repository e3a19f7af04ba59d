"""Telling a --db value that names a team server from a file name, without importing
SQLAlchemy (the command line and the window start faster for files)."""

from __future__ import annotations

import re

SCHEMES = ("postgresql", "postgres")
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def is_server_url(text: object) -> bool:
    """Whether a --db value names a database server rather than a file: any
    `scheme://…` (a scheme other than PostgreSQL's is then refused by name, not
    taken for a file called 'mysql:')."""
    value = str(text)
    if _URL.match(value):
        return True
    scheme = value.split(":", 1)[0].split("+", 1)[0].lower()
    return ":" in value and scheme in SCHEMES
