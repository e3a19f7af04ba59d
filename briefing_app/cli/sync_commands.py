"""Offline and back: take a visit from the team server into a file, sync it back, and
settle the fields both sides changed (core/sync; docs/team-server.md)."""

from __future__ import annotations

import argparse

from briefing_app.cli.context import Context


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("take-offline", help="copy a visit from a team server into the "
                       "--db file, to work on it offline and sync it back")
    p.add_argument("server", metavar="SERVER_URL", help="postgresql://NAME:PASSWORD@HOST:PORT/DB")
    p.add_argument("--visit", required=True, metavar="ID", help="the visit (id, UUID or title)")
    p.set_defaults(func=cmd_take_offline, creates_database=True)
    p = sub.add_parser("sync", help="send this file's changes to the server it was taken "
                       "from and bring the others'")
    p.add_argument("--server", metavar="SERVER_URL", help="the same server with its password "
                   "(else ~/.pgpass or PGPASSWORD gives it)")
    p.add_argument("--visit", metavar="UUID", help="which visit, if the file holds several")
    p.set_defaults(func=cmd_sync)
    p = sub.add_parser("sync-conflicts", help="fields changed both here and on the server")
    p.set_defaults(func=cmd_conflicts)
    p = sub.add_parser("resolve-conflict", help="keep this file's or the server's value")
    p.add_argument("number", type=int, metavar="N", help="the conflict's number (sync-conflicts)")
    p.add_argument("--keep", required=True, choices=("local", "server"))
    p.set_defaults(func=cmd_resolve)


def cmd_take_offline(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core.server_db import display_url, open_server
    from briefing_app.core.sync.run import take_offline

    ctx.db_path  # noqa: B018 - a server as --db is refused by name here
    server = open_server(args.server)
    try:
        done = take_offline(ctx.db, server, args.server, args.visit)
    finally:
        server.close()
    print(f"Took the visit offline from {display_url(args.server)}: {done.pulled} rows in "
          f"{ctx.db_path}; `briefing-app --db {ctx.db_path} sync` sends the changes back")
    return 0


def cmd_sync(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core.errors import ValidationError
    from briefing_app.core.server_db import display_url, open_server
    from briefing_app.core.sync.run import origin, server_address, sync

    ctx.db_path  # noqa: B018
    with ctx.db.read() as s:
        taken = origin(s, args.visit)
    url = args.server or taken.server
    if args.server and server_address(args.server) != taken.server:
        raise ValidationError("--server", f"this visit was taken from {display_url(taken.server)}, "
                              "not from that server")
    server = open_server(url)
    try:
        done = sync(ctx.db, server, taken.visit_uuid)
    finally:
        server.close()
    print(f"Synced with {display_url(url)}: {done.line()}")
    return 0


def cmd_conflicts(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core.sync.conflicts import list_conflicts

    ctx.db_path  # noqa: B018
    found = list_conflicts(ctx.db)
    for c in found:
        print(c.line())
    if not found:
        print("No conflicts")
    return 0


def cmd_resolve(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core.sync.conflicts import resolve_conflict

    ctx.db_path  # noqa: B018
    c = resolve_conflict(ctx.db, args.number, args.keep)
    what = "this file's" if args.keep == "local" else "the server's"
    print(f"Kept {what} value of conflict #{c.id} ({c.kind}"
          + (f" {c.field}" if c.field != "*" else "") + "); the next sync sends it")
    return 0
