"""Commands for encryption at rest: encrypt the database, change its passphrase."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefing_app.cli.context import Context


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("encrypt", help="encrypt the database and its backups with the "
                       "passphrase of --passphrase-file (or BRIEFING_APP_PASSPHRASE)")
    p.set_defaults(func=cmd_encrypt)
    p = sub.add_parser("change-passphrase", help="re-key the encrypted database and its "
                       "backups under a new passphrase")
    p.add_argument("--new-passphrase-file", metavar="FILE", required=True,
                   help="the new passphrase (its first line)")
    p.set_defaults(func=cmd_change_passphrase)


def _progress(text: str) -> None:
    print(f"briefing-app: {text}", file=sys.stderr)


def _existing(ctx: Context) -> Path:
    from briefing_app.core.errors import DatabaseError

    path = ctx.db_path.expanduser().resolve()
    if not path.is_file():
        raise DatabaseError(f"there is no database at {path}")
    return path


def cmd_encrypt(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core.encryption import encrypt_database
    from briefing_app.core.errors import DatabaseError

    path = _existing(ctx)
    passphrase = ctx.passphrase()
    if passphrase is None:
        raise DatabaseError("give the new passphrase with --passphrase-file FILE (or the "
                            "BRIEFING_APP_PASSPHRASE environment variable)")
    done = encrypt_database(path, passphrase, progress=_progress)
    print(f"Encrypted {path} and {done.converted} backup(s); from now on it opens only "
          "with the passphrase")
    return 0


def cmd_change_passphrase(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core import cipher
    from briefing_app.core.encryption import change_passphrase

    path = _existing(ctx)
    ctx.unlock()
    new = cipher.read_passphrase_file(Path(args.new_passphrase_file).expanduser())
    done = change_passphrase(path, new, progress=_progress)
    print(f"Changed the passphrase of {path} and of {done.converted} backup(s)")
    return 0
