"""Commands that exchange files: visit bundles between laptops, calendars for phones."""

from __future__ import annotations

import argparse
import sys

from briefing_app.cli.context import Context


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-bundle", help="write a visit, with everything in it, to one file")
    p.add_argument("visit", metavar="VISIT", help="visit id, UUID or a unique title fragment")
    p.add_argument("--out", metavar="FILE", required=True, help="bundle file to write (.json)")
    _bundle_passphrase(p, "encrypt the bundle with this passphrase (required when the "
                       "database is encrypted)")
    p.set_defaults(func=cmd_export_bundle)
    p = sub.add_parser("import-bundle", help="merge a visit bundle from another laptop")
    p.add_argument("file", metavar="FILE")
    _bundle_passphrase(p, "the passphrase of an encrypted bundle")
    from briefing_app.cli.core_commands import add_initialise_flag

    add_initialise_flag(p)
    p.set_defaults(func=cmd_import_bundle, creates_database=True)
    p = sub.add_parser("export-ics", help="write the programme as a calendar file (.ics)")
    p.add_argument("visit", metavar="VISIT", help="visit id, UUID or a unique title fragment")
    p.add_argument("--out", metavar="FILE.ics", required=True)
    p.add_argument("--person", metavar="ID", type=int, help="only this person's itinerary")
    p.set_defaults(func=cmd_export_ics)
    p = sub.add_parser("import-ics", help="add the events of a calendar file to a visit")
    p.add_argument("file", metavar="FILE.ics")
    p.add_argument("--visit", metavar="VISIT", required=True)
    p.add_argument("--strict", action="store_true",
                   help="import nothing if any event would be skipped")
    p.set_defaults(func=cmd_import_ics)
    p = sub.add_parser("export-programme", help="write the programme as a spreadsheet (.xlsx)")
    p.add_argument("visit", metavar="VISIT", help="visit id, UUID or a unique title fragment")
    p.add_argument("--out", metavar="FILE.xlsx", required=True)
    p.set_defaults(func=cmd_export_programme)
    p = sub.add_parser("export-gifts", help="write the gift register as a spreadsheet (.xlsx)")
    p.add_argument("visit", metavar="VISIT", help="visit id, UUID or a unique title fragment")
    p.add_argument("out", metavar="FILE.xlsx")
    p.set_defaults(func=cmd_export_gifts)
    p = sub.add_parser("import-programme",
                       help="add a programme from a spreadsheet (.xlsx or .csv) to a visit")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--visit", metavar="VISIT", required=True)
    p.add_argument("--dry-run", action="store_true",
                   help="check every row and say what would change; write nothing")
    p.add_argument("--sheet", metavar="NAME", help="the worksheet of an .xlsx (default: the first)")
    p.add_argument("--map", metavar="FIELD=COLUMN", action="append", default=[],
                   help="the column holding a field, when its header is not recognised "
                        "(e.g. --map title=Programme); FIELD= leaves the field out")
    p.set_defaults(func=cmd_import_programme)


BUNDLE_PASSPHRASE_ENV = "BRIEFING_APP_BUNDLE_PASSPHRASE"


def _bundle_passphrase(p: argparse.ArgumentParser, text: str) -> None:
    p.add_argument("--bundle-passphrase-file", metavar="FILE",
                   help=f"{text} (its first line; or set {BUNDLE_PASSPHRASE_ENV})")


def bundle_passphrase(args: argparse.Namespace) -> str | None:
    """The bundle's passphrase from its file option, else the environment variable."""
    import os
    from pathlib import Path

    from briefing_app.core.cipher import read_passphrase_file

    if args.bundle_passphrase_file:
        return read_passphrase_file(Path(args.bundle_passphrase_file).expanduser())
    return os.environ.get(BUNDLE_PASSPHRASE_ENV) or None


def cmd_export_bundle(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core.ops.visits import find_visit
    from briefing_app.interop.bundle_export import export_bundle

    visit = find_visit(ctx.db, args.visit)
    result = export_bundle(ctx.db, visit.id, args.out, bundle_passphrase(args))
    rows = sum(result.counts.values()) + 1
    print(f"Wrote {result.path} ({result.size:,} bytes): {visit.title}, {rows} rows "
          f"({result.counts['events']} events, {result.counts['people']} people, "
          f"{result.counts['agreements']} agreements)")
    return 0


def cmd_import_bundle(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.interop.bundle_merge import merge_bundle
    from briefing_app.interop.bundle_read import read_bundle_file

    # validated (and, if encrypted, authenticated) completely before the database opens
    bundle = read_bundle_file(args.file, bundle_passphrase(args))
    summary = merge_bundle(ctx.db, bundle)
    if not summary.changed:
        print(f"Nothing to change: visit #{summary.visit_id} {summary.visit_title} already "
              "holds everything in this bundle")
        return 0
    verb = "Added" if summary.visit_created else "Merged into"
    print(f"{verb} visit #{summary.visit_id}: {summary.visit_title}")
    for line in summary.lines():
        print(f"  {line}")
    for note in summary.notes:
        print(f"  note: {note}")
    if summary.backup is not None:
        print(f"Backup taken before the import: {summary.backup}")
    return 0


def cmd_export_ics(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core.cipher import key_for
    from briefing_app.core.ops.visits import find_visit
    from briefing_app.interop.ics_export import export_ics

    visit = find_visit(ctx.db, args.visit)
    result = export_ics(ctx.db, visit.id, args.out, args.person)
    if key_for(ctx.db.path) is not None:
        print(f"briefing-app: warning: {result.path} is plain text (calendar files cannot "
              "be encrypted): the programme's titles, times and places can be read by "
              "anyone who gets the file", file=sys.stderr)
    whose = f" for {result.person.display_name}" if result.person else ""
    print(f"Wrote {result.path}: {result.events} events{whose} "
          f"(time zones: {', '.join(result.zones) or 'none'})")
    return 0


def cmd_import_ics(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core.ops.visits import find_visit
    from briefing_app.interop.ics_import import import_ics

    visit = find_visit(ctx.db, args.visit)
    summary = import_ics(ctx.db, args.file, visit.id, strict=args.strict)
    print(f"Visit #{summary.visit_id} {summary.visit_title}: {summary.added} events added, "
          f"{summary.updated} updated, {summary.unchanged} already there"
          + (f", {summary.venues_added} venues added" if summary.venues_added else ""))
    if summary.skipped:
        print(f"Skipped {len(summary.skipped)}:", file=sys.stderr)
        for item in summary.skipped:
            print(f"  {item}", file=sys.stderr)
    if summary.backup is not None:
        print(f"Backup taken before the import: {summary.backup}")
    return 0 if summary.imported or not summary.skipped else 1


def cmd_export_programme(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core.ops.visits import find_visit
    from briefing_app.interop.programme_xlsx import export_programme

    visit = find_visit(ctx.db, args.visit)
    result = export_programme(ctx.db, visit.id, args.out)
    print(f"Wrote {result.path} ({result.size:,} bytes): {result.events} events of "
          f"{visit.title} (time zones: {', '.join(result.zones) or 'none'})")
    return 0


def cmd_export_gifts(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core.ops.visits import find_visit
    from briefing_app.interop.gifts_xlsx import export_gifts

    visit = find_visit(ctx.db, args.visit)
    result = export_gifts(ctx.db, visit.id, args.out)
    n = result.gifts
    print(f"Wrote {result.path} ({result.size:,} bytes): {n} gift{'s' if n != 1 else ''} "
          f"of {visit.title}")
    return 0


def cmd_import_programme(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core.errors import ValidationError
    from briefing_app.core.ops.visits import find_visit
    from briefing_app.interop.programme_import import import_programme, preview_programme
    from briefing_app.interop.programme_sheet import FIELDS, mapping_from_names
    from briefing_app.interop.sheet_read import read_sheet

    given: dict[str, str] = {}
    for item in args.map:
        name, sep, column = item.partition("=")
        if not sep:
            raise ValidationError("--map", f"{item!r} is not FIELD=COLUMN")
        given[name] = column
    sheet = read_sheet(args.file, args.sheet)  # checked before the database opens
    mapping = mapping_from_names(sheet.headers, given)
    visit = find_visit(ctx.db, args.visit)
    columns = ", ".join(f"{f.label} = {sheet.headers[mapping[f.key]]!r}" for f in FIELDS
                        if f.key in mapping)
    n = len(sheet.rows)
    print(f"{sheet.name}: {n} row{'s' if n != 1 else ''}; columns: {columns}")
    plan = preview_programme(ctx.db, visit.id, sheet, mapping)
    if not plan.ok:
        problems = [*plan.mapping_problems, *(str(p) for p in plan.problems)]
        for line in problems or ["the sheet holds no rows to import"]:
            print(f"  {line}", file=sys.stderr)
        n = len(plan.problems)
        print(f"briefing-app: {sheet.name}: " + (
            f"{n} row{'s' if n != 1 else ''} cannot be imported (listed above)" if n else
            "the sheet cannot be imported as it is") + "; nothing was written", file=sys.stderr)
        return 1
    adds, updates, same = plan.counts()
    venues = plan.new_venues
    extra = f", {len(venues)} venues to add ({', '.join(venues)})" if venues else ""
    if args.dry_run:
        print(f"Dry run, nothing written: visit #{visit.id} {visit.title} would get {adds} "
              f"event{'s' if adds != 1 else ''} added and {updates} updated ({same} already as the sheet says){extra}")
        return 0
    summary = import_programme(ctx.db, visit.id, sheet, mapping)
    print(f"Visit #{summary.visit_id} {summary.visit_title}: {summary.sentence()}")
    if summary.backup is not None:
        print(f"Backup taken before the import: {summary.backup}")
    return 0
