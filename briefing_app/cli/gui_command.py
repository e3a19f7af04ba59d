"""`briefing-app gui`: the desktop window (the default command), or a screenshot of it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing_app.cli.context import Context

if TYPE_CHECKING:
    import argparse

VIEWS = ("programme", "timeline", "brief", "people", "talking-points", "facts", "agreements",
         "search", "export", "press-qa", "venues", "seating", "delegation", "movements",
         "gifts", "speeches")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("gui", help="open the main window (the default)")
    p.add_argument("--screenshot", metavar="OUT.png",
                   help="open offscreen, save a PNG of the whole window and exit")
    p.add_argument("--view", choices=VIEWS, default="programme",
                   help="the view to show with --screenshot (default: programme)")
    p.add_argument("--size", type=window_size, default=(1366, 768), metavar="WxH",
                   help="window size for --screenshot (default: 1366x768, the laptop "
                        "screen the window is made to fit)")
    p.set_defaults(func=run)


def window_size(text: str) -> tuple[int, int]:
    """'1366x768' -> (1366, 768); argparse words the refusal of anything else."""
    import argparse
    import re

    m = re.fullmatch(r"\s*(\d{3,5})\s*[x×]\s*(\d{3,5})\s*", text)
    if not m or not (640 <= int(m[1]) <= 7680 and 480 <= int(m[2]) <= 4320):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a window size such as 1366x768 (640x480 to 7680x4320)")
    return int(m[1]), int(m[2])


def run(args: argparse.Namespace, ctx: Context) -> int:
    db = getattr(args, "db", None)
    if ctx.passphrase_file or args.screenshot:
        ctx.unlock()  # --passphrase-file: the window (or screenshot) opens without asking
    if args.screenshot:
        from briefing_app.gui.launch import app

        return app.screenshot(args.screenshot, args.view, db, size=args.size)
    return open_window(db)


def open_window(db: str | None) -> int:
    """Run the main window until it closes (the command line's fast path calls this)."""
    from briefing_app.gui.launch import app

    return app.run(db)
