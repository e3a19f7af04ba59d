"""`briefing-app server init` and `server add-user`: setting up a team server.

Both are run by the database's owner (the administrator), with the owner's URL. They
never take a password on the command line and never print one: `add-user` reads the
new user's password from a file, and addresses are shown without theirs.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from briefing_app.cli.context import Context
from briefing_app.core.errors import DatabaseError, ValidationError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("server", help="set up a team server (its owner runs these)")
    what = p.add_subparsers(dest="server_command", metavar="ACTION", required=True,
                            parser_class=type(p))
    q = what.add_parser(
        "init", help="create or upgrade the schema, the users' group role and the "
                     "row-level security, as the database's owner")
    q.add_argument("url", metavar="URL", help="postgresql://OWNER:PASSWORD@HOST:PORT/DATABASE")
    q.set_defaults(func=cmd_init)
    q = what.add_parser("add-user", help="add a user (a login role) with a clearance, or "
                                         "change an existing user's clearance and password")
    q.add_argument("url", metavar="URL", help="the owner's postgresql://… address")
    q.add_argument("name", metavar="NAME", help="the user's login name")
    q.add_argument("--clearance", required=True, metavar="LEVEL",
                   help="the highest level the user may read: public, press, restricted "
                        "or confidential")
    q.add_argument("--visit", type=int, nargs="+", default=[], metavar="ID",
                   help="the visits it applies to (default: every visit)")
    q.add_argument("--password-file", required=True, metavar="FILE",
                   help="a file whose first line is the user's password")
    q.set_defaults(func=cmd_add_user)


def cmd_init(args: argparse.Namespace, _ctx: Context) -> int:
    from briefing_app.core.server_admin import init_server

    result = init_server(args.url)
    print(f"{result.where}: schema {result.revision}; group role {result.group} for the "
          f"app's users; row-level security forced on {result.tables} tables")
    print("Next: briefing-app server add-user URL NAME --clearance LEVEL --password-file FILE")
    return 0


def cmd_add_user(args: argparse.Namespace, _ctx: Context) -> int:
    from briefing_app.core.levels import LEVELS
    from briefing_app.core.server_admin import add_user

    if args.clearance not in LEVELS:
        raise ValidationError("--clearance", f"unknown level {args.clearance!r} (one of "
                              f"{', '.join(LEVELS)})")
    result = add_user(args.url, args.name, args.clearance, args.visit,
                      read_password(Path(args.password_file).expanduser()))
    where = ("every visit" if not args.visit else
             "visit" + ("s " if len(args.visit) > 1 else " ") + ", ".join(
                 f"#{v}" for v in args.visit))
    if result.created:
        print(f"User {args.name} added (group {result.group}), cleared for "
              f"{args.clearance} in {where}; they connect with "
              f"--db postgresql://{args.name}:PASSWORD@{result.address}")
    else:
        print(f"User {args.name} already exists: clearance set to {args.clearance} in "
              f"{where}, password replaced by the file's")
    return 0


def read_password(path: Path) -> str:
    """The first line of the password file (never echoed, never in a message)."""
    try:
        with path.open(encoding="utf-8") as f:
            line = f.readline(10_000).rstrip("\r\n")
    except FileNotFoundError:
        raise DatabaseError(f"no password file {path}") from None
    except UnicodeDecodeError:
        raise DatabaseError(f"the password file {path} is not UTF-8 text") from None
    if not line:
        raise DatabaseError(f"the password file {path} is empty (the password is its "
                            "first line)")
    return line
