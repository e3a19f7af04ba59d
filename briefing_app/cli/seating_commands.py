"""The seating plan's own prints: place cards and the table plan poster."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefing_app.cli.context import Context

PLAN_HELP = "seating plan id, UUID or a unique word of its title or its event's"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "print-place-cards", help="print a seating plan's place cards (folded A4) to PDF",
        description="One A4 sheet per person at the table, in seat order, to fold across "
                    "the middle: the name in native script and Latin on both faces.")
    p.add_argument("plan", metavar="PLAN", help=PLAN_HELP)
    p.add_argument("out", metavar="FILE.pdf", help="the PDF to write")
    _font(p)
    p.set_defaults(func=cmd_place_cards)
    p = sub.add_parser(
        "print-table-plan", help="print one seating plan as a poster (A3) to PDF",
        description="The plan drawn to scale with who sits where, on one landscape sheet.")
    p.add_argument("plan", metavar="PLAN", help=PLAN_HELP)
    p.add_argument("out", metavar="FILE.pdf", help="the PDF to write")
    size = p.add_mutually_exclusive_group()
    size.add_argument("--a3", dest="paper", action="store_const", const="a3",
                      help="A3 landscape (the default)")
    size.add_argument("--a4", dest="paper", action="store_const", const="a4",
                      help="A4 landscape")
    _font(p)
    p.set_defaults(func=cmd_table_plan, paper="a3")


def _font(p: argparse.ArgumentParser) -> None:
    p.add_argument("--font", metavar="FILE", action="append", default=[],
                   help="an extra TrueType font for scripts the built-in fonts lack (repeatable)")


def _report(result: object, what: str) -> int:
    for warning in result.warnings:  # type: ignore[attr-defined]
        print(f"briefing-app: warning: {warning}", file=sys.stderr)
    print(f"Wrote {result.path} ({what})")  # type: ignore[attr-defined]
    return 0


def cmd_place_cards(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core.ops.seating import find_plan
    from briefing_app.pdf.place_cards import write_place_cards

    plan = find_plan(ctx.db, args.plan)
    result = write_place_cards(ctx.db, plan.id, Path(args.out),
                               tuple(Path(f) for f in args.font))
    return _report(result, f"{result.pages} place card{'s' if result.pages != 1 else ''}")


def cmd_table_plan(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core.ops.seating import find_plan
    from briefing_app.pdf.table_plan import write_table_plan

    plan = find_plan(ctx.db, args.plan)
    result = write_table_plan(ctx.db, plan.id, Path(args.out), args.paper,
                              tuple(Path(f) for f in args.font))
    return _report(result, f"table plan, {args.paper.upper()} landscape")
