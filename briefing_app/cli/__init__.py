"""Command line: the same operations as the GUI, one clear line on error, no traceback.

Each command module exposes `register(subparsers)`; the command functions receive the
parsed arguments and a `Context` that opens the database on first use, so commands
that do not need it (and `--help`) stay fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from briefing_app import __version__
from briefing_app.cli.context import Context, fail

# Modules that add subcommands. Each is imported at parse time, so keep their top
# level free of heavy imports (ReportLab, Qt): import those inside the command.
COMMAND_MODULES: tuple[str, ...] = (
    "briefing_app.cli.core_commands",
    "briefing_app.cli.gui_command",
    "briefing_app.cli.backup_commands",
    "briefing_app.cli.pdf_commands",
    "briefing_app.cli.interop_commands",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors: exit status 2, one line
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="briefing-app",
        description="Prepare an official visit and print its briefing packs.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", metavar="PATH", help="database file (default: in your user data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit status (0 ok, 1 error, 2 usage)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*(argv if argv is not None else sys.argv[1:]), "gui"])
    ctx = Context(args.db)
    try:
        return int(args.func(args, ctx) or 0)
    except KeyboardInterrupt:
        print("briefing-app: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the user gets one line, never a traceback
        return fail(exc)
    finally:
        ctx.close()
