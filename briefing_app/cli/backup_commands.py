"""Commands for backups: make one now, list them, restore one.

They work on the file path without opening the database, so `backups` and `restore`
also help when the database itself no longer opens.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from briefing_app.cli.context import Context
from briefing_app.core.errors import NotFoundError

if TYPE_CHECKING:
    from briefing_app.core.backup import BackupInfo


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="make a verified backup of the database now")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("backups", help="list the database's backups, newest first")
    p.set_defaults(func=cmd_backups)
    p = sub.add_parser(
        "restore", help="restore a backup (the current file is kept as a backup first)")
    p.add_argument("backup", metavar="BACKUP",
                   help="number from `backups` (1 = newest), 'latest', or a backup file")
    p.set_defaults(func=cmd_restore)
    p = sub.add_parser(
        "journal", help="decide about a journal (-wal) that Briefing App did not leave behind")
    p.add_argument("action", choices=("apply", "set-aside"),
                   help="apply its changes to the file, or keep it aside and open the file "
                        "as it is (either way a copy of both is kept in <name>-backups/held/)")
    p.set_defaults(func=cmd_journal)


def _db_path(ctx: Context) -> Path:
    ctx.unlock()  # an encrypted file's backups are read and written with its key
    return Path(ctx.db_path).expanduser().resolve()


def cmd_backup(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core.backup import make_backup

    path = make_backup(_db_path(ctx), "manual")
    print(f"Backup written and verified (integrity check ok): {path}")
    return 0


def cmd_backups(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core.backup import backups_dir, list_backups

    db_path = _db_path(ctx)
    backups = list_backups(db_path)
    if not backups:
        print(f"No backups of {db_path} yet (they go to {backups_dir(db_path)}).")
        return 0
    print(f"Backups of {db_path}, newest first:")
    for n, b in enumerate(backups, start=1):
        print(f"{n:>4}  {b.label}  {b.path.name}")
    return 0


def _choose(db_path: Path, ref: str) -> BackupInfo | Path:
    """The backup the user named: its number in `backups`, 'latest', a name or a path."""
    from briefing_app.core.backup import list_backups

    backups = list_backups(db_path)
    ref = ref.strip()
    if ref.lower() == "latest" or ref.isdigit():
        n = 1 if ref.lower() == "latest" else int(ref)
        if not backups:
            raise NotFoundError(f"{db_path} has no backups")
        if not 1 <= n <= len(backups):
            raise NotFoundError(f"there is no backup {n}; `backups` lists 1 to {len(backups)}")
        return backups[n - 1]
    for b in backups:
        if b.path.name == ref:
            return b
    candidate = Path(ref).expanduser()
    if candidate.is_file():
        return candidate
    raise NotFoundError(f"no backup {ref!r}: give a number from `backups` or a backup file")


def cmd_restore(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core.backup import restore_backup

    db_path = _db_path(ctx)
    result = restore_backup(db_path, _choose(db_path, args.backup))
    print(f"Restored {db_path} from the backup of {result.restored_from.label}")
    if result.previous_kept_as is not None:
        state = "damaged file was kept unchanged" if result.previous_was_damaged else \
            "content before the restore was backed up"
        print(f"The {state} as {result.previous_kept_as}")
    return 0


def cmd_journal(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core import wal_guard
    from briefing_app.core.database import open_database

    db_path = _db_path(ctx)

    def reopen() -> None:
        """Check the file as it is now; closing a connection folds the journal in."""
        from sqlalchemy import text

        db = open_database(db_path, create=False)
        try:
            with db.read() as s:
                s.execute(text("SELECT count(*) FROM sqlite_master"))
        finally:
            db.close()

    if args.action == "apply":
        wal_guard.apply_wal(db_path)
        reopen()
        print(f"Applied the journal of {db_path}: its changes are now in the file")
    else:
        kept = wal_guard.set_aside_wal(db_path)
        reopen()
        print(f"Set the journal of {db_path} aside; the file opens as it was")
        print(f"The file and its journal as they were are kept as {kept}")
    return 0
