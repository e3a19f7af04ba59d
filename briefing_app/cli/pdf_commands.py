"""The `export` command: print a visit's briefing pack to PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefing_app.cli.context import Context
from briefing_app.core.errors import ValidationError
from briefing_app.pdf.pack_sections import sections_help

EDITIONS = ("principal", "delegation", "press", "pocket", "person")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export", help="print a visit's briefing pack to PDF",
        description="Print a visit's briefing pack. Warnings (characters no font has, stale "
                    "facts) go to stderr; the exit status is 0 when the file was written.")
    p.add_argument("visit", metavar="VISIT", help="visit id, UUID or a unique title fragment")
    p.add_argument("--out", metavar="FILE.pdf", required=True, help="the PDF to write")
    p.add_argument("--edition", choices=EDITIONS, default="principal",
                   help="whose book (default: principal)")
    p.add_argument("--person", metavar="ID", type=int, help="the person, for --edition person")
    p.add_argument("--classification", metavar="TEXT",
                   help="marking at the top and bottom of every page (default: the visit's; "
                        "the press edition's is the visit's press marking, e.g. PUBLIC)")
    p.add_argument("--copies", metavar="N", type=int, default=1,
                   help="numbered copies, one file each: FILE-copy-1-of-N.pdf (default 1)")
    p.add_argument("--watermark", metavar="TEXT", default="", help="e.g. DRAFT")
    p.add_argument("--paper", choices=("a4", "letter"), default="a4")
    p.add_argument("--password-file", metavar="FILE",
                   help="encrypt with AES-256; the password is the first line of FILE")
    p.add_argument("--permissions", choices=("print", "all", "view"),
                   help="what the reader of an encrypted pack may do: print (print only, no "
                        "copying or changes), all, view (on screen only); default: print for "
                        "restricted markings, all for public ones")
    p.add_argument("--sections", metavar="LIST",
                   help=sections_help())
    p.add_argument("--approved-only", action="store_true",
                   help="leave out every item not yet approved (talking points, press lines, "
                        "press Q&A) instead of printing it marked 'DRAFT — not cleared'; the "
                        "press and pocket editions never carry drafts")
    p.add_argument("--font", metavar="FILE", action="append", default=[],
                   help="an extra TrueType font for scripts the built-in fonts lack (repeatable)")
    p.set_defaults(func=cmd_export)


MAX_PASSWORD_FILE_BYTES = 64 * 1024  # a password and perhaps a comment, never more


def _password(path: str | None) -> str:
    """The first line of the password file, read at most MAX_PASSWORD_FILE_BYTES (so
    `/dev/zero` or a huge file is refused instead of filling the memory)."""
    if not path:
        return ""
    from briefing_app.core.bounded_read import read_bounded

    data = read_bounded(path, MAX_PASSWORD_FILE_BYTES, "--password-file", "password file")
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("--password-file", f"{path} is not UTF-8 text") from None
    lines = raw.splitlines()
    password = lines[0] if lines else ""
    if not password:
        raise ValidationError("--password-file", f"{path} is empty; put the password on its first line")
    return password


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core.ops.visits import find_visit
    from briefing_app.core.pack_data import load_pack_data
    from briefing_app.pdf import DEFAULT_SECTIONS, Edition, PackOptions, build_pack, record_export

    if args.person is not None and args.edition != Edition.PERSON:
        raise ValidationError("--person", "is only used with --edition person")
    if args.permissions and not args.password_file:
        raise ValidationError("--permissions", "needs --password-file (only an encrypted "
                              "pack carries permissions)")
    sections = DEFAULT_SECTIONS
    if args.sections:
        sections = frozenset(s.strip().lower() for s in args.sections.split(",") if s.strip())
    options = PackOptions(
        edition=args.edition, person_id=args.person, paper=args.paper,
        classification=args.classification, copies=args.copies, watermark=args.watermark,
        sections=sections, password=_password(args.password_file),
        permissions=args.permissions, approved_only=args.approved_only,
        font_files=tuple(Path(f) for f in args.font))
    visit = find_visit(ctx.db, args.visit)
    data = load_pack_data(ctx.db, visit.id)
    result = build_pack(data, options, Path(args.out))
    record_export(ctx.db, visit.id, options, result)  # the team server's audit trail
    for warning in result.warnings:
        print(f"briefing-app: warning: {warning}", file=sys.stderr)
    names = ", ".join(str(p) for p in result.paths)
    print(f"Wrote {names} ({result.pages} pages{' each' if len(result.paths) > 1 else ''})")
    return 0
