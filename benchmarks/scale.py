"""A real-sized visit against the demo, measured in the same run (issue 8 §3).

Builds (once per run, in a temporary folder) the demo database and a synthetic visit of
5,000 events, 20,000 talking points and 1,000 people (tests/large_visit.py), then runs
each measurement in fresh processes, demo and large visit alternating, several pairs,
and prints medians and the large/demo ratios:

  show              `briefing-app show` wall time              target: large ≤ 2× demo
  export-bundle     peak memory (max RSS) of the command        target: < 300 MiB
  import-bundle     peak memory, into an empty database         target: < 300 MiB
  programme         window: the database open → the programme painted   target: < 0.5 s
                    (also from the call that opens it: the file check and the
                    database layer's import included)
                    (again with the database layer imported beforehand: what the
                    size of the visit costs, without SQLAlchemy's import)
  window memory     max RSS of the window with the visit open   target: < 300 MiB
  start-up          process start → editable window (it takes an edit of an event's
                    details; the file opens once the database layer has loaded in
                    its thread), against an empty PySide6 window   target: ≤ 3× on both
                    (also: → the file open and its live programme painted)
  title edit        SQL statements and read transactions one edit of an event's title
                    costs in the window (demo), and how often conflicts are detected
                    when a timeline block is dragged             target: 1 write, ≤ 2 reads
                    (also: the wall time of a title edit in the Brief, from the edit
                    to the window idle again, demo and large visit: median of 7)

    .venv/bin/python benchmarks/scale.py [--pairs 5] [--events 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import startup  # noqa: E402  (the empty-window baseline and the probe runner)

WORK = startup.WORK  # one temporary folder for the whole run
MiB = 1024 * 1024

# A child that runs one CLI command and reports its wall time and max RSS.
CLI = r"""
import json, resource, sys, time, io, contextlib
t = time.perf_counter()
from briefing_app.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
wall = time.perf_counter() - t
print(json.dumps({"code": code, "wall": wall,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""

# A child that opens the window offscreen on a database and reports how long the
# programme took to be painted once the database was open, and the window's max RSS.
WINDOW = r"""
import json, os, resource, sys, tempfile, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from briefing_app.gui.launch.app import _application
app = _application(offscreen=True)
from PySide6.QtCore import QSettings
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
from briefing_app.gui.window.main_window import MainWindow
if len(sys.argv) > 2:  # "warm": the database layer already imported (what the size costs)
    import briefing_app.core.ops.visits, briefing_app.core.programme, briefing_app.core.backup
win = MainWindow(); win.resize(1440, 880); win.show(); app.processEvents()
win.complete_startup()
opened = []
win.state.database_opened.connect(lambda _p: opened.append(time.perf_counter()))
called = time.perf_counter()
win.open_database(sys.argv[1], first_run=False, offer_restore=False)
app.processEvents()
view = win.view("programme")
view.table.grab()
done = time.perf_counter()
rows = sum(1 for r in view.model.rows if not r.is_day)
print(json.dumps({"programme": done - opened[0], "from_call": done - called, "rows": rows,
                  "shown": view.model.rowCount(),
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
win.close()
"""

# A child that counts what one title edit and one timeline drag cost in the window.
EDIT = r"""
import json, os, sys, tempfile
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from briefing_app.gui.launch.app import _application
app = _application(offscreen=True)
from PySide6.QtCore import QSettings
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
from sqlalchemy import event
import briefing_app.core.programme as programme
from briefing_app.gui.window.main_window import MainWindow
win = MainWindow(); win.resize(1440, 880); win.show(); app.processEvents()
win.open_database(sys.argv[1], first_run=False, offer_restore=False)
db = win.state.db
log = []
for name, engine in (("write", db.write_engine), ("read", db.read_engine)):
    event.listen(engine, "before_cursor_execute",
                 lambda c, cur, st, p, ctx, many, n=name: log.append((n, st.split()[0].upper())))
detected = []
real = programme.detect
programme.detect = lambda *a: detected.append(1) or real(*a)
out = {}
brief = win.switch_to("brief")
win.state.select("event", next(r.event_id for r in win.view("programme").model.rows
                               if not r.is_day))
app.processEvents()
log.clear(); detected.clear()
brief._save({"title": "Renamed for the count"})
app.processEvents()
out["title"] = {"write_transactions": sum(1 for n, s in log if n == "write" and s == "BEGIN"),
                "writes": sum(1 for n, s in log if n == "write" and s in ("UPDATE", "INSERT", "DELETE")),
                "read_transactions": sum(1 for n, s in log if n == "read" and s == "BEGIN"),
                "read_statements": sum(1 for n, s in log if s == "SELECT"),
                "conflict_checks": len(detected)}
import time
timed = []
for i in range(8):  # the same event again and again, as a user retyping a title
    t0 = time.perf_counter()
    brief._save({"title": f"Renamed for the clock {i}"})
    app.processEvents()
    timed.append(time.perf_counter() - t0)
out["title_wall"] = sorted(timed[1:])[3]  # median of the 7 after the first
timeline = win.switch_to("timeline")
app.processEvents()
block = next(b for b in timeline.canvas.blocks if b.event_type == "talks")
log.clear(); detected.clear()
timeline.canvas.moved.emit(block.event_id, "2019-09-11 16:00", "2019-09-11 16:45")
app.processEvents()
out["drag"] = {"read_transactions": sum(1 for n, s in log if n == "read" and s == "BEGIN"),
               "conflict_checks": len(detected)}
print(json.dumps(out))
win.close()
"""


def _child(code: str, *args: str) -> dict:
    env = startup._env(None)
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         env=env, check=True, timeout=600, cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])


def _cli(db: Path, *args: str) -> dict:
    result = _child(CLI, "--db", str(db), *args)
    if result["code"] != 0:
        raise SystemExit(f"briefing-app {' '.join(args)} failed on {db}")
    return result


def _median(values: list[float]) -> float:
    return statistics.median(values)


def build(events: int) -> tuple[Path, Path]:
    demo = WORK / "demo.sqlite"
    _cli(demo, "demo")
    large = WORK / "large.sqlite"
    t = time.perf_counter()
    # In a child: the children measured later inherit this process's peak RSS on Linux
    # (ru_maxrss survives fork and exec), so this one must stay small.
    code = ("import sys; sys.path.insert(0, 'tests'); from pathlib import Path; "
            "from large_visit import VisitSize, populate; "
            f"populate(Path({str(large)!r}), VisitSize(events={events}, points={events * 4}, "
            f"people={events // 5}, briefs={events // 20}, agreements=100))")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, env=startup._env(None),
                   timeout=900)
    print(f"built the large visit ({events} events) in {time.perf_counter() - t:.1f} s")
    return demo, large


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--events", type=int, default=5000)
    args = parser.parse_args()
    demo, large = build(args.events)
    bundles = {"demo": WORK / "demo.json", "large": WORK / "large.json"}
    dbs = {"demo": demo, "large": large}
    for name in dbs:  # warm the file cache, compile bytecode
        _cli(dbs[name], "show", "1")
    samples: dict[str, dict[str, list[float]]] = {
        k: {"demo": [], "large": []} for k in (
            "show", "export_rss", "import_rss", "programme", "programme_warm", "from_call",
            "window_rss", "editable", "live")}
    base: list[float] = []
    for pair in range(args.pairs):
        base.append(startup.run_baseline())
        for name, db in dbs.items():
            samples["show"][name].append(_cli(db, "show", "1")["wall"])
            samples["export_rss"][name].append(
                _cli(db, "export-bundle", "1", "--out", str(bundles[name]))["rss"])
            target = WORK / f"import-{name}-{pair}.sqlite"
            samples["import_rss"][name].append(
                _cli(target, "import-bundle", str(bundles[name]))["rss"])
            shutil.rmtree(WORK / f"import-{name}-{pair}-backups", ignore_errors=True)
            target.unlink(missing_ok=True)
            shown = _child(WINDOW, str(db))
            samples["programme"][name].append(shown["programme"])
            samples["from_call"][name].append(shown["from_call"])
            samples["window_rss"][name].append(shown["rss"])
            samples["programme_warm"][name].append(_child(WINDOW, str(db), "warm")["programme"])
            marks = startup.run_app([sys.executable, "-m", "briefing_app.gui", "--db", str(db)],
                                    WORK)
            samples["editable"][name].append(marks["editable"])
            samples["live"][name].append(marks["live"])
    b = _median(base)
    med = {k: {n: _median(v) for n, v in by.items()} for k, by in samples.items()}
    print(f"{args.pairs} interleaved pairs, medians; {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.1f}")
    ok = True

    def line(what: str, demo_v: str, large_v: str, verdict: str, met: bool) -> None:
        nonlocal ok
        ok &= met
        print(f"  {what:<34} demo {demo_v:>10}   large {large_v:>10}   {verdict}"
              f" ({'met' if met else 'NOT met'})")

    s = med["show"]
    line("show", f"{s['demo']:.2f} s", f"{s['large']:.2f} s",
         f"{s['large'] / s['demo']:.2f}× (target ≤ 2×)", s["large"] <= 2 * s["demo"])
    for key, what in (("export_rss", "export-bundle peak memory"),
                      ("import_rss", "import-bundle peak memory"),
                      ("window_rss", "window memory, visit open")):
        m = med[key]
        line(what, f"{m['demo'] / MiB:.0f} MiB", f"{m['large'] / MiB:.0f} MiB",
             "target < 300 MiB", m["large"] < 300 * MiB)
    p = med["programme"]
    line("programme painted after open", f"{p['demo'] * 1000:.0f} ms",
         f"{p['large'] * 1000:.0f} ms", "target < 500 ms", p["large"] < 0.5)
    p = med["from_call"]
    print(f"  {'  the same, from the open call':<34} demo {p['demo'] * 1000:>7.0f} ms   "
          f"large {p['large'] * 1000:>7.0f} ms   (file check and database layer included)")
    p = med["programme_warm"]
    line("  the same, database layer imported", f"{p['demo'] * 1000:.0f} ms",
         f"{p['large'] * 1000:.0f} ms", "target < 500 ms", p["large"] < 0.5)
    ed = med["editable"]
    line("start-up to an editable window", f"{ed['demo'] / b:.2f}×", f"{ed['large'] / b:.2f}×",
         f"empty window {b * 1000:.0f} ms; target ≤ 3×",
         max(ed["demo"], ed["large"]) <= 3 * b)
    live = med["live"]
    print(f"  {'  the file open, live programme':<34} demo {live['demo'] / b:>9.2f}×   "
          f"large {live['large'] / b:>9.2f}×")
    counts = _child(EDIT, str(_copy(demo, "edit.sqlite")))
    walls = {name: _median([_child(EDIT, str(_copy(db, f"edit-{name}-{i}.sqlite")))["title_wall"]
                            for i in range(3)]) for name, db in dbs.items()}
    t, d = counts["title"], counts["drag"]
    print(f"  title edit (demo, brief view): {t['write_transactions']} write transaction "
          f"({t['writes']} UPDATE), {t['read_transactions']} read transactions, "
          f"{t['read_statements']} SELECTs, conflicts detected {t['conflict_checks']}×")
    ok &= t["write_transactions"] == 1 and t["read_transactions"] <= 2
    print(f"    (target: 1 write transaction, ≤ 2 read transactions: "
          f"{'met' if t['write_transactions'] == 1 and t['read_transactions'] <= 2 else 'NOT met'})")
    print(f"  title edit in the Brief, wall (to the window idle again): demo "
          f"{walls['demo'] * 1000:.0f} ms, large {walls['large'] * 1000:.0f} ms "
          f"({walls['large'] / walls['demo']:.1f}×; no target)")
    print(f"  timeline drag (demo): {d['read_transactions']} read transactions, "
          f"conflicts detected {d['conflict_checks']}× (target: not 4×)")
    ok &= d["conflict_checks"] <= 1
    shutil.rmtree(WORK, ignore_errors=True)
    return 0 if ok else 1


def _copy(src: Path, name: str) -> Path:
    dst = WORK / name
    shutil.copyfile(src, dst)
    return dst


if __name__ == "__main__":
    raise SystemExit(main())
