"""Commands over the data: demo, list, show, check, search."""

from __future__ import annotations

import argparse

from briefing_app.cli.context import Context
from briefing_app.core.enums import EventStatus


def add_initialise_flag(p: argparse.ArgumentParser) -> None:
    """The explicit consent to fill an existing empty SQLite file with the app's schema."""
    p.add_argument("--initialise", action="store_true",
                   help="set up an existing empty SQLite file (no tables) as a Briefing App "
                        "database; without it such a file is refused untouched")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="load the demo state visit (safe to run twice)")
    add_initialise_flag(p)
    p.set_defaults(func=cmd_demo, creates_database=True)
    p = sub.add_parser("list", help="list visits with their ids and dates")
    p.set_defaults(func=cmd_list, reads_only=True)
    p = sub.add_parser("show", help="print a visit's programme day by day")
    p.add_argument("visit", metavar="VISIT", help="visit id, UUID or a unique title fragment")
    p.set_defaults(func=cmd_show, reads_only=True)
    p = sub.add_parser("check", help="check database integrity and scheduling conflicts")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("clean-copy", help="copy the data of a refused file (objects the app "
                       "did not create) into a new, clean database")
    p.add_argument("out", metavar="NEW.sqlite", help="the new database file (must not exist)")
    p.set_defaults(func=cmd_clean_copy)
    p = sub.add_parser("search", help="full-text search (any script, substrings too)")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--visit", metavar="VISIT", help="only this visit")
    p.set_defaults(func=cmd_search, reads_only=True)


def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core.demo import load_demo

    visit, created = load_demo(ctx.db)
    if created:
        print(f"Loaded the demo visit #{visit.id}: {visit.title}")
    else:
        print(f"The demo visit is already there (#{visit.id}: {visit.title}); nothing changed")
    return 0


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core.ops.visits import list_visits

    visits = list_visits(ctx.db)
    if not visits:
        print("No visits yet. Load the demo with `briefing-app demo`.")
    for v in visits:
        print(f"{v.id:>4}  {v.start_date} – {v.end_date}  {v.title}  [{v.visit_type}, {v.status}]")
    return 0


def cmd_show(args: argparse.Namespace, ctx: Context) -> int:
    import sys

    from briefing_app.core.ops.visits import find_visit
    from briefing_app.core.programme import load_programme
    from briefing_app.core.timezones import offset_label

    visit = find_visit(ctx.db, args.visit)
    prog = load_programme(ctx.db, visit.id)
    # Lines are collected and written once: a 5,000-event programme is 15,000 lines.
    out = [f"{visit.title}",
           f"{visit.start_date} – {visit.end_date} · {visit.visit_type} · home time {visit.home_tz} "
           f"· {visit.classification}"]
    if not prog.days:
        out.append("\nNo events yet.")
    for day in prog.days:
        out.append(f"\n{day.day:%A %d %B %Y}")
        for item in day.items:
            ev = item.event
            mark = "!" if item.in_conflict else " "
            status = " [CANCELLED]" if ev.status == EventStatus.CANCELLED else (
                " [proposed]" if ev.status == EventStatus.PROPOSED else "")
            end = f"{item.end.venue:%H:%M}"
            if ev.end_tz and ev.end_tz != ev.tz:  # a flight lands in another zone
                end += f" {offset_label(item.end.venue)}"
            out.append(f" {mark} {item.start.label()} – {end}  {ev.title}{status}")
            where = ", ".join(x for x in (item.venue.name, item.venue.city) if x) if item.venue else ""
            details = [ev.event_type, f"press {ev.press}"] + ([where] if where else [])
            out.append(f"      {' · '.join(details)}")
            if item.participants:
                who = "; ".join(f"{p.display_name} ({role})" for p, role in item.participants)
                out.append(f"      with {who}")
    if prog.conflicts:
        out.append(f"\nConflicts ({len(prog.conflicts)}):")
        out += [f" ! {c.kind}: {c.message}" for c in prog.conflicts]
    sys.stdout.write("\n".join(out) + "\n")
    return 0


def cmd_check(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core.conflicts import find_conflicts
    from briefing_app.core.file_check import DatabaseFileError
    from briefing_app.core.integrity import check_integrity
    from briefing_app.core.ops.visits import list_visits
    from briefing_app.core.protocol_check import protocol_warnings
    from briefing_app.core.server_db import display_url

    try:
        db = ctx.db
    except DatabaseFileError as exc:
        if exc.kind != "schema":
            raise
        for obj in exc.objects:
            print(f"schema: {obj.describe()}")  # type: ignore[attr-defined]
        print(f"{len(exc.objects)} problem(s) found: {exc}")
        return 1
    problems = check_integrity(db)
    for p in problems:
        print(f"integrity: {p}")
    count = len(problems)
    warnings = 0
    for v in list_visits(ctx.db):
        for c in find_conflicts(ctx.db, v.id):
            print(f"#{v.id} {v.title}: {c.kind}: {c.message}")
            count += 1
        for w in protocol_warnings(ctx.db, v.id):  # the protocol office acts on these
            print(f"#{v.id} {v.title}: warning: {w}")
            warnings += 1
    noted = f"; {warnings} protocol warning(s)" if warnings else ""
    if count == 0:
        where = ctx.server_url and display_url(ctx.server_url)  # a Path folds its '//'
        print(f"{where or ctx.db.path}: integrity ok, no scheduling conflicts{noted}")
        return 0
    print(f"{count} problem(s) found{noted}")
    return 1


def cmd_search(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core.ops.visits import find_visit
    from briefing_app.core.search import KIND_LABELS, search

    visit_id = find_visit(ctx.db, args.visit).id if args.visit else None
    hits = search(ctx.db, args.query, visit_id)
    for h in hits:
        excerpt = h.excerpt if h.match_start >= 0 else ""
        print(f"{KIND_LABELS.get(h.kind, h.kind)}\t{h.title}\t{excerpt}")
    if not hits:
        print(f"No matches for {args.query!r}")
    return 0


def cmd_clean_copy(args: argparse.Namespace, ctx: Context) -> int:
    from briefing_app.core.clean_copy import clean_copy

    result = clean_copy(ctx.db_path, args.out)
    print(f"Copied {result.rows:,} rows from {result.source} into the new database "
          f"{result.path}")
    if result.left_behind:
        print("Left behind (not created by Briefing App): "
              + "; ".join(o.describe() for o in result.left_behind))
    print(f"Open it with `briefing-app --db {result.path}`; {result.source} was not changed")
    return 0
