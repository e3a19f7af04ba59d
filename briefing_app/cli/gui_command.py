"""`briefing-app gui`: the desktop window (the default command)."""

from __future__ import annotations

import argparse

from briefing_app.cli.context import Context


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("gui", help="open the main window (the default)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    print("briefing-app: the desktop window is not built yet; use the commands listed by "
          "`briefing-app --help`")
    return 1
