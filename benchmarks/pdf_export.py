"""Measure the briefing pack export on a synthetic large visit.

    .venv/bin/python benchmarks/pdf_export.py [--days 30 --events 1000 ...] [--multibuild]

Builds a visit of about 30 days, 1,000 events, 5,000 talking points, 300 people and 100
agreements in a temporary database, then measures, each in a fresh child process (so
peak memory is per measurement):

- full: `load_pack_data` + `build_pack` — the whole principal's book with cover,
  contents (page numbers, links), outline, running heads, "Page N of M";
- baseline: the same story (same flowables, same text) laid out ONCE by a plain
  platypus `BaseDocTemplate` with no contents, no outline and no page furniture;
- multibuild (optional, slow): the same story with a ReportLab TableOfContents laid out
  by `multiBuild`, the usual way to get contents page numbers.

Each mode runs --repeat times (alternating) and its best time counts. It prints
pages, seconds, pages/s, peak memory (max RSS of the child) and the ratio
baseline time / full time (1.0 = contents and outline cost nothing).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LATIN = ("trade transit investment agriculture energy digital logistics customs railway "
         "corridor partnership cooperation finance technology water climate education "
         "tourism culture security border").split()
CYR = "Қазақстан Қытай серіктестік сауда транзит инвестиция әріптестік Тоқаев Астана".split()
CJK = ["习近平", "阿里巴巴", "一带一路", "合作", "贸易", "北京", "投资"]


def sentence(rng: random.Random, words: int) -> str:
    out = []
    for _ in range(words):
        r = rng.random()
        out.append(rng.choice(CJK) if r < 0.03 else rng.choice(CYR) if r < 0.12 else rng.choice(LATIN))
    return " ".join(out).capitalize() + "."


def populate(path: Path, args: argparse.Namespace) -> int:
    """The synthetic visit, written with the ORM in one transaction (fast)."""
    from briefing_app.core import models as M
    from briefing_app.core.database import open_database

    rng = random.Random(2019)
    db = open_database(path)
    start = date(2019, 9, 1)
    with db.write() as s:
        v = M.Visit(title="Synthetic state visit for benchmarking", kind="state visit",
                    start_date=start, end_date=start + timedelta(days=args.days - 1),
                    home_tz="Asia/Almaty", classification="RESTRICTED",
                    purpose=sentence(rng, 60), objectives="\n".join(
                        "- " + sentence(rng, 20) for _ in range(6)),
                    key_messages=sentence(rng, 80), host_country="China", host_city="Beijing")
        s.add(v)
        s.flush()
        venues = [M.Venue(visit_id=v.id, name=f"Venue {i} {rng.choice(CJK)}", city="Beijing",
                          tz=rng.choice(["Asia/Shanghai", "Asia/Almaty", "Europe/Moscow"]))
                  for i in range(40)]
        people = [M.Person(visit_id=v.id, native_name=f"{rng.choice(CYR)} {rng.choice(CJK)} {i}",
                           latin_name=f"Person {i}", title=sentence(rng, 5),
                           organisation=sentence(rng, 4), side=rng.choice(
                               ["our delegation", "counterpart"]),
                           form_of_address="Excellency", biography=" ".join(
                               sentence(rng, 18) for _ in range(8)), sort_order=i)
                  for i in range(args.people)]
        facts = [M.Fact(visit_id=v.id, statement=sentence(rng, 14), value=rng.random() * 100,
                        unit="bn US$", as_of=date(2015 + rng.randrange(5), 6, 30),
                        source=sentence(rng, 4)) for _ in range(200)]
        s.add_all(venues + people + facts)
        s.flush()
        points = [M.TalkingPoint(visit_id=v.id, heading=sentence(rng, 4), text=" ".join(
            sentence(rng, 16) for _ in range(3)), priority=rng.choice([1, 2, 2, 3]),
            restricted=rng.random() < 0.1) for _ in range(args.points)]
        s.add_all(points)
        s.flush()
        per_event = args.points // max(1, args.briefs)
        events = []
        slot = timedelta(minutes=(args.days * 12 * 60) // args.events)
        for i in range(args.events):
            day = i * args.days // args.events
            t0 = datetime(2019, 9, 1, 1, 0, tzinfo=UTC) + timedelta(days=day) + (
                i % max(1, args.events // args.days)) * slot
            venue = rng.choice(venues)
            brief = i % max(1, args.events // args.briefs) == 0
            ev = M.Event(visit_id=v.id, title=f"{sentence(rng, 5)[:-1]} #{i}",
                         kind="talks" if brief else rng.choice(["meal", "transfer", "ceremony"]),
                         starts_at=t0, ends_at=t0 + slot * 0.8, tz=venue.tz, venue_id=venue.id,
                         status="confirmed", press=rng.choice(["open", "closed", "pool"]),
                         dress_code="Business suit", protocol_notes=sentence(rng, 12),
                         objectives=sentence(rng, 30) if brief else "",
                         their_objectives=sentence(rng, 20) if brief else "",
                         our_response=sentence(rng, 20) if brief else "",
                         press_line=sentence(rng, 15) if brief else "",
                         background=sentence(rng, 40) if brief else "")
            s.add(ev)
            events.append((ev, brief))
        s.flush()
        p_iter = iter(points)
        for n, (ev, brief) in enumerate(events):
            for pos, person in enumerate(rng.sample(people, 4), start=1):
                s.add(M.Participation(event_id=ev.id, person_id=person.id, position=pos,
                                      role=rng.choice(["principal", "host", "participant"])))
            if brief:
                for pos in range(1, per_event + 1):
                    tp = next(p_iter, None)
                    if tp is not None:
                        s.add(M.EventTalkingPoint(event_id=ev.id, talking_point_id=tp.id,
                                                  position=pos))
                s.add(M.EventFact(event_id=ev.id, fact_id=facts[n % len(facts)].id, position=1))
        for i in range(args.agreements):
            ag = M.Agreement(visit_id=v.id, title=f"Agreement {i}: {sentence(rng, 8)}",
                             parties="Kazakhstan; China", lead_agency=sentence(rng, 3),
                             status=rng.choice(["draft", "agreed", "signed"]),
                             signing_event_id=events[i * 7 % len(events)][0].id,
                             is_public=rng.random() < 0.5, signing_order=i)
            s.add(ag)
            s.flush()
            s.add(M.AgreementSignatory(agreement_id=ag.id, person_id=people[i % len(people)].id,
                                       position=1))
            s.add(M.AgreementVersion(agreement_id=ag.id, number=1, text="\n".join(
                sentence(rng, 12) for _ in range(8))))
        visit_id = v.id
    db.close()
    return visit_id


def _story_for_baseline(data, fonts, styles, geo):  # type: ignore[no-untyped-def]
    """The same flowables as the full pack, minus what only the pack template knows."""
    from reportlab.platypus import NextPageTemplate

    from briefing_app.pdf.builder import story
    from briefing_app.pdf.editions import apply_edition
    from briefing_app.pdf.options import PackOptions
    from briefing_app.pdf.story import Book
    from briefing_app.pdf.template import ContentsPage, Decor

    pack, rules = apply_edition(data, PackOptions())
    book = Book(pack, rules, fonts, styles, geo, lambda: None)
    decor = Decor("RESTRICTED", pack.visit.title, "Copy 1 of 1", "Principal's brief", "", "")
    flow = story(book, decor)
    return [f for f in flow if not isinstance(f, NextPageTemplate | ContentsPage)], book


def measure(mode: str, db_path: Path, visit_id: int, out_dir: Path) -> dict[str, float]:
    """One measurement in this (child) process."""
    t0 = time.perf_counter()
    from briefing_app.core.database import open_database
    from briefing_app.core.pack_data import load_pack_data

    db = open_database(db_path)
    data = load_pack_data(db, visit_id)
    db.close()
    t_load = time.perf_counter() - t0
    t1 = time.perf_counter()
    if mode == "full":
        from briefing_app.pdf import PackOptions, build_pack

        result = build_pack(data, PackOptions(), out_dir / "full.pdf")
        pages = result.pages
    else:
        from reportlab.pdfgen.canvas import Canvas
        from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

        from briefing_app.pdf.fonts import FontSet
        from briefing_app.pdf.styles import Styles, geometry

        class FormsCanvas(Canvas):
            """Defines (empty) the page-number forms the shared flowables refer to."""

            def doForm(self, name: str) -> None:
                self.__dict__.setdefault("_names", set()).add(name)
                super().doForm(name)

            def save(self) -> None:
                for name in self.__dict__.get("_names", ()):
                    self.beginForm(name)
                    self.endForm()
                super().save()

        fonts = FontSet()
        geo = geometry("a4", False)
        flow, book = _story_for_baseline(data, fonts, Styles(fonts), geo)
        doc = BaseDocTemplate(str(out_dir / f"{mode}.pdf"), pagesize=(geo.width, geo.height))
        doc.addPageTemplates([PageTemplate("plain", [Frame(  # the pack's frame, no furniture
            geo.left, geo.bottom, geo.frame_width, geo.frame_height, leftPadding=0,
            rightPadding=0, topPadding=0, bottomPadding=0)])])
        if mode == "baseline":
            doc.build(flow, canvasmaker=FormsCanvas)
        else:
            from reportlab.platypus.tableofcontents import TableOfContents

            toc = TableOfContents()
            keys = {e.key for e in book.toc}

            def after(f: object) -> None:
                key = getattr(f, "key", None)
                if key in keys:
                    doc.notify("TOCEntry", (f.level, f.title, doc.page, key))  # type: ignore[attr-defined]

            doc.afterFlowable = after  # type: ignore[method-assign]
            doc.multiBuild([toc, *flow], canvasmaker=FormsCanvas)
        import pypdf

        pages = len(pypdf.PdfReader(str(out_dir / f"{mode}.pdf")).pages)
    seconds = time.perf_counter() - t1
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
    return {"pages": pages, "seconds": seconds, "load_seconds": t_load, "peak_mib": rss}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--events", type=int, default=1000)
    ap.add_argument("--briefs", type=int, default=250, help="events that have a meeting brief")
    ap.add_argument("--points", type=int, default=5000)
    ap.add_argument("--people", type=int, default=300)
    ap.add_argument("--agreements", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=2, help="runs per mode; the best counts")
    ap.add_argument("--multibuild", action="store_true", help="also time ReportLab's multiBuild")
    ap.add_argument("--child", nargs=3, metavar=("MODE", "DB", "VISIT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        mode, db, visit = args.child
        out = Path(db).parent
        print(json.dumps(measure(mode, Path(db), int(visit), out)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite"
        t = time.perf_counter()
        visit = populate(db, args)
        print(f"synthetic visit: {args.days} days, {args.events} events ({args.briefs} with briefs), "
              f"{args.points} talking points, {args.people} people, {args.agreements} agreements "
              f"(built in {time.perf_counter() - t:.1f} s)")
        results: dict[str, dict[str, float]] = {}
        # Alternate the modes and keep each one's best run: on a shared machine the
        # load of other processes otherwise decides the ratio.
        modes = ["baseline", "full"] * args.repeat + (["multibuild"] if args.multibuild else [])
        for mode in modes:
            proc = subprocess.run([sys.executable, __file__, "--child", mode, str(db), str(visit)],
                                  capture_output=True, text=True, check=False)
            if proc.returncode:
                print(proc.stderr, file=sys.stderr)
                return 1
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            if mode not in results or r["seconds"] < results[mode]["seconds"]:
                results[mode] = r
        for mode, r in results.items():
            print(f"{mode:>10}: {r['pages']:5d} pages  {r['seconds']:6.2f} s  "
                  f"{r['pages'] / r['seconds']:6.1f} pages/s  peak {r['peak_mib']:.0f} MiB  "
                  f"(data loaded in {r['load_seconds']:.2f} s)")
        ratio = results["baseline"]["seconds"] / results["full"]["seconds"]
        print(f"ratio (single-pass baseline time / full pack time): {ratio:.2f} (target >= 0.80)")
        full = results["full"]
        per500 = full["seconds"] * 500 / full["pages"]
        print(f"full pack at this rate: 500 pages in {per500:.1f} s (target < 12 s), "
              f"peak {full['peak_mib']:.0f} MiB (target < 300 MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
