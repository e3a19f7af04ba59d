"""Command line: the same operations as the GUI, one clear line on error, no traceback.

Each command module exposes `register(subparsers)`; the command functions receive the
parsed arguments and a `Context` that opens the database on first use, so commands
that do not need it (and `--help`) stay fast.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from briefing_app import __version__
from briefing_app.cli.context import Context, fail

if TYPE_CHECKING:
    import argparse

# Modules that add subcommands. Each is imported at parse time, so keep their top
# level free of heavy imports (ReportLab, Qt): import those inside the command.
COMMAND_MODULES: tuple[str, ...] = (
    "briefing_app.cli.core_commands",
    "briefing_app.cli.gui_command",
    "briefing_app.cli.backup_commands",
    "briefing_app.cli.pdf_commands",
    "briefing_app.cli.seating_commands",
    "briefing_app.cli.interop_commands",
    "briefing_app.cli.cipher_commands",
    "briefing_app.cli.audit_commands",
    "briefing_app.cli.server_commands",
    "briefing_app.cli.sync_commands",
)


def _parser_class() -> type[argparse.ArgumentParser]:
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # usage errors: exit status 2, one line
            self.print_usage(sys.stderr)
            print(f"{self.prog}: error: {message}", file=sys.stderr)
            raise SystemExit(2)

    return _Parser


def build_parser() -> argparse.ArgumentParser:
    parser_class = _parser_class()
    parser = parser_class(
        prog="briefing-app",
        description="Prepare an official visit and print its briefing packs.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", metavar="PATH|URL",
                        help="database file (default: in your user data folder), or a team "
                             "server: postgresql://NAME:PASSWORD@HOST:PORT/DATABASE")
    parser.add_argument("--passphrase-file", metavar="FILE",
                        help="the passphrase of an encrypted database (its first line); a new "
                             "database is then created encrypted. Or set BRIEFING_APP_PASSPHRASE")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=parser_class)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _plain_window(argv: list[str]) -> tuple[bool, str | None]:
    """(True, db) when argv only asks for the window: `[--db PATH] [gui]`.

    Opening the window is the common case and start-up time matters: it then skips
    building the parsers of every command (argparse and the command modules)."""
    rest = list(argv)
    db = None
    if len(rest) >= 2 and rest[0] == "--db" and not rest[1].startswith("-"):
        db, rest = rest[1], rest[2:]
    elif rest and rest[0].startswith("--db="):
        db, rest = rest[0].split("=", 1)[1], rest[1:]
    return (rest in ([], ["gui"]) and (db is None or db != "")), db


def _held(func, args: object, ctx: Context) -> int:  # noqa: ANN001
    """Run a command that only reads with its output held until the file's page check
    (run beside the reads) has passed: a damaged file prints its message and nothing
    else. A failure of the reads gives way to the damage that may have caused it."""
    import contextlib
    import io

    from briefing_app.core.file_check import DatabaseFileError

    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = int(func(args, ctx) or 0)
    except DatabaseFileError:
        raise  # the file was refused before any read: that refusal names it best
    except Exception:
        ctx.confirm_pages(read_failed=True)
        raise
    ctx.confirm_pages()
    sys.stdout.write(out.getvalue())
    sys.stderr.write(err.getvalue())
    return code


def _run(func, args: object, ctx: Context) -> int:  # noqa: ANN001
    try:
        if ctx.reads_only:
            return _held(func, args, ctx)
        return int(func(args, ctx) or 0)
    except KeyboardInterrupt:
        print("briefing-app: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the user gets one line, never a traceback
        return fail(exc)
    finally:
        ctx.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit status (0 ok, 1 error, 2 usage)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    window_only, db = _plain_window(argv)
    if window_only:
        from briefing_app.cli.gui_command import open_window

        return _run(lambda _args, _ctx: open_window(db), None, Context(db, create=True))
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*argv, "gui"])
    if args.db is not None and not args.db.strip():
        parser.error("--db needs a file name")
    return _run(args.func, args, Context(args.db, create=getattr(args, "creates_database", False),
                                         initialise=getattr(args, "initialise", False),
                                         passphrase_file=args.passphrase_file,
                                         reads_only=getattr(args, "reads_only", False),
                                         command=args.command))
