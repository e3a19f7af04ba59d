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

Baseline and full run as --pairs interleaved pairs (the order inside a pair alternates,
so neither always runs on a warmer cache); it prints each mode's median seconds, pages,
pages/s and peak memory (max RSS of the child), and the median of the per-pair ratios
baseline time / full time (1.0 = contents and outline cost nothing).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.large_visit import VisitSize, populate  # noqa: E402


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
    ap.add_argument("--pairs", type=int, default=5,
                    help="interleaved baseline/full pairs; medians count")
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
        visit = populate(db, VisitSize(args.days, args.events, args.briefs, args.points,
                                        args.people, args.agreements))
        print(f"synthetic visit: {args.days} days, {args.events} events ({args.briefs} with briefs), "
              f"{args.points} talking points, {args.people} people, {args.agreements} agreements "
              f"(built in {time.perf_counter() - t:.1f} s)")
        def run(mode: str) -> dict[str, float]:
            proc = subprocess.run([sys.executable, __file__, "--child", mode, str(db), str(visit)],
                                  capture_output=True, text=True, check=False)
            if proc.returncode:
                print(proc.stderr, file=sys.stderr)
                raise SystemExit(1)
            return json.loads(proc.stdout.strip().splitlines()[-1])

        runs: dict[str, list[dict[str, float]]] = {"baseline": [], "full": []}
        ratios: list[float] = []
        for i in range(args.pairs):
            order = ("baseline", "full") if i % 2 == 0 else ("full", "baseline")
            pair = {mode: run(mode) for mode in order}
            for mode, r in pair.items():
                runs[mode].append(r)
            ratios.append(pair["baseline"]["seconds"] / pair["full"]["seconds"])
        if args.multibuild:
            runs["multibuild"] = [run("multibuild")]
        results = {mode: {k: statistics.median(r[k] for r in rs) for k in rs[0]}
                   for mode, rs in runs.items()}
        for mode, r in results.items():
            print(f"{mode:>10}: {r['pages']:5d} pages  {r['seconds']:6.2f} s  "
                  f"{r['pages'] / r['seconds']:6.1f} pages/s  peak {r['peak_mib']:.0f} MiB  "
                  f"(data loaded in {r['load_seconds']:.2f} s)")
        ratio = statistics.median(ratios)
        print(f"ratio (single-pass baseline time / full pack time), median of {args.pairs} "
              f"pairs: {ratio:.2f} (target >= 0.80); pairs: "
              + ", ".join(f"{r:.2f}" for r in ratios))
        full = results["full"]
        per500 = full["seconds"] * 500 / full["pages"]
        print(f"full pack at this rate: 500 pages in {per500:.1f} s (target < 12 s), "
              f"peak {full['peak_mib']:.0f} MiB (target < 300 MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
