"""The `audit` command: who changed what and when on a team server, per visit or item."""

from __future__ import annotations

import argparse

from briefing_app.cli.context import Context
from briefing_app.core.errors import ValidationError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "audit", help="show the team server's audit trail (who changed what, who exported)",
        description="The audit trail of a team server, newest first: when (the server's "
                    "clock), who (the login), what (the action, the item, the names of the "
                    "columns changed; never their contents) and every pack, bundle and "
                    "calendar export. A database file keeps no audit trail.")
    p.add_argument("--visit", metavar="VISIT", help="visit id, UUID or a unique title fragment")
    p.add_argument("--item", metavar="KIND:ID", help="one item, e.g. event:12 or talking_point:3")
    p.add_argument("--limit", metavar="N", type=int, default=100,
                   help="show at most N lines, the newest (default 100; 0: all)")
    p.set_defaults(func=cmd_audit)


def parse_item(text: str) -> tuple[str, int]:
    """'event:12' -> ('events', 12): the kind by its name in core/kinds.py."""
    from briefing_app.core.kinds import KIND

    kind, _, row_id = text.partition(":")
    if kind.strip() not in KIND or not row_id.strip().isdigit():
        raise ValidationError("--item", f"{text!r} is not KIND:ID (kinds: "
                              f"{', '.join(sorted(KIND))})")
    return KIND[kind.strip()].table.name, int(row_id)


def cmd_audit(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core import server_audit
    from briefing_app.core.ops.visits import find_visit

    if ctx.server_url is None:
        from briefing_app.core.errors import DatabaseError

        raise DatabaseError("a database file keeps no audit trail; `audit` works on a team "
                            "server (--db postgresql://…, docs/team-server.md)")
    if args.limit < 0:
        raise ValidationError("--limit", "must be 0 (all) or more")
    item = parse_item(args.item) if args.item else None
    visit_id = find_visit(ctx.db, args.visit).id if args.visit else None
    total = server_audit.count(ctx.db, visit_id=visit_id, item=item)
    shown = server_audit.entries(ctx.db, visit_id=visit_id, item=item,
                                 limit=args.limit or max(total, 1))
    for e in shown:
        who = e.login if e.acting_role == e.login else f"{e.login} (as {e.acting_role})"
        where = f"  visit {e.visit_id}" if e.visit_id is not None and visit_id is None else ""
        print(f"{e.at:%Y-%m-%d %H:%M:%S %Z}  {who}  {e.what()}{where}")
    if total > len(shown):
        print(f"({total - len(shown)} older line(s) not shown; --limit 0 shows all)")
    elif not shown:
        print("The audit trail has nothing for this yet.")
    return 0
