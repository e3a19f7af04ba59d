"""Start-up speed of the window, measured against an empty PySide6 window.

Runs, in one go and several times each (alternating, so machine load hits all alike):
  baseline   an empty QMainWindow that shows and grabs itself (process start → painted)
  window     Briefing App: process start → first painted main window
  programme  Briefing App: process start → the open visit's programme painted
             (what `gui --screenshot --view programme` captures)
  editable   Briefing App: process start → the window takes edits (an event's details,
             before the file is open: gui/window/quick_edit.py; the database layer loads
             in a thread from then on)
  live       Briefing App: process start → the file open, its live programme painted
for both entry points: `python -m briefing_app.gui` (the window alone) and `main.py gui`
(through the command line), and a first-ever start (`python -m briefing_app.gui` with an
empty settings folder: no window layout saved yet). Then a user who edits at the first
instant the window allows: Edit times… on the first event, a new title, OK
(gui/launch/startup_probe.py); the dialog's paint and the save are timed, and the
title is checked in the file afterwards. Uses a fresh demo database in a temporary
folder. Each mark includes the grab that proves its paint (as the baseline's does) but
not the probe's own earlier grabs, which a start without the probe never makes
(gui/launch/startup_probe.py); the time taken off is printed too.

All run on Qt's offscreen platform with a 1920×1080 screen (its default screen is
800×800, which would shrink a restored 1440×880 window and flatter the app). The other
app runs are a returning user's start: the window layout saved by the previous run is
there, as after any normal session. Nothing else is kept between runs: the programme
on screen is read from the database file at every start (core/quick_programme.py).

    .venv/bin/python benchmarks/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_WINDOW, TARGET_PROGRAMME, TARGET_EDITABLE = 1.5, 3.0, 3.0

BASELINE = """
import sys, time, json
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1440, 880); w.show(); app.processEvents(); w.grab()
print(json.dumps({"mark": "window", "t": time.time()}))
"""


SCREEN = {"screens": [{"name": "bench", "x": 0, "y": 0, "width": 1920, "height": 1080,
                       "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}]}
# Settings, cache and the screen file live in this run's own temporary folder, so a
# layout saved by an earlier version of the app (or another screen) never leaks in.
WORK = Path(tempfile.mkdtemp(prefix="briefing-bench-"))


def _env(probe: Path | None, settings: Path | None = None, edit: bool = False
         ) -> dict[str, str]:
    screen = WORK / "screen.json"
    if not screen.exists():
        screen.write_text(json.dumps(SCREEN), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screen}",
               PYTHONPATH=str(ROOT))
    env.pop("BRIEFING_STARTUP_PROBE", None)
    env.pop("BRIEFING_STARTUP_PROBE_EDIT", None)
    if edit:
        env["BRIEFING_STARTUP_PROBE_EDIT"] = "1"
    # An installed app has its bytecode compiled (pip does it); let Python cache ours too
    # instead of recompiling every module on every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if probe is not None:
        env["BRIEFING_STARTUP_PROBE"] = str(probe)
    # Keep the user's settings untouched: QSettings on Linux follows XDG_CONFIG_HOME.
    env["XDG_CONFIG_HOME"] = str(settings or WORK / "config")
    env["XDG_CACHE_HOME"] = str(WORK / "cache")
    return env


def run_baseline() -> float:
    start = time.time()
    out = subprocess.run([sys.executable, "-c", BASELINE], capture_output=True, text=True,
                         env=_env(None), check=True, timeout=60).stdout
    return json.loads(out.strip().splitlines()[-1])["t"] - start


def run_app(cmd: list[str], workdir: Path, first_start: bool = False, edit: bool = False
            ) -> dict[str, float]:
    probe = workdir / "probe.jsonl"
    probe.unlink(missing_ok=True)
    settings = None
    if first_start:  # an empty settings folder, as on the very first start
        settings = workdir / "first-start-config"
        shutil.rmtree(settings, ignore_errors=True)
    start = time.time()
    subprocess.run(cmd, capture_output=True, text=True, env=_env(probe, settings, edit),
                   check=True, timeout=120, cwd=ROOT)
    marks = [json.loads(line) for line in probe.read_text().splitlines()]
    out = {m["mark"]: m["t"] - start for m in marks}
    out["spent"] = next((m["spent"] for m in marks if m["mark"] == "editable"), 0.0)
    out.setdefault("programme", out["live"])  # not read quickly: the live one is the first
    out.setdefault("editable", out["live"])  # no early edits (a server): once it is open
    if edit and not next(m for m in marks if m["mark"] == "saved")["ok"]:
        raise SystemExit("the edit made at start-up was not saved")
    rows = next((m.get("rows", 0) for m in marks if m["mark"] == "live"), 0)
    if not rows:
        raise SystemExit("the programme never appeared with events; is the demo loaded?")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    work = WORK
    db = work / "demo.sqlite"
    subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), "demo"],
                   check=True, capture_output=True, env=_env(None))
    entries = {
        "python -m briefing_app.gui": [sys.executable, "-m", "briefing_app.gui", "--db", str(db)],
        "main.py gui": [sys.executable, str(ROOT / "main.py"), "--db", str(db), "gui"],
        "first-ever start (python -m)": [sys.executable, "-m", "briefing_app.gui",
                                         "--db", str(db)],
    }
    run_app(entries["python -m briefing_app.gui"], work)  # warm the OS file cache
    run_baseline()
    base: list[float] = []
    kinds = ("window", "programme", "editable", "live")
    results: dict[str, dict[str, list[float]]] = {k: {m: [] for m in kinds + ("spent",)}
                                                  for k in entries}
    edits: dict[str, list[float]] = {"editable": [], "dialog": [], "saved": [], "live": []}
    for _ in range(args.runs):
        base.append(run_baseline())
        for name, cmd in entries.items():
            marks = run_app(cmd, work, first_start=name.startswith("first"))
            for m in kinds + ("spent",):
                results[name][m].append(marks[m])
        marks = run_app(entries["python -m briefing_app.gui"], work, edit=True)
        for m in edits:
            edits[m].append(marks[m])
    b = statistics.median(base)
    print(f"{args.runs} runs each, medians; machine: {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.1f}")
    print(f"  empty PySide6 window (baseline)          {b * 1000:6.0f} ms")
    ok = True

    def line(what: str, values: list[float], target: float | None = None) -> bool:
        v = statistics.median(values)
        met = target is None or v <= target * b
        verdict = "" if target is None else \
            f"  (target ≤{target}x: {'met' if met else 'NOT met'})"
        print(f"    {what:<39}{v * 1000:6.0f} ms  {v / b:4.2f}x{verdict}")
        return met

    for name, marks in results.items():
        print(f"  {name}")
        met = line("first painted main window", marks["window"], TARGET_WINDOW)
        met &= line("programme of the visit on screen", marks["programme"], TARGET_PROGRAMME)
        met &= line("editable (an event's details)", marks["editable"], TARGET_EDITABLE)
        line("live data loaded (database open)", marks["live"])
        print(f"    {'(the probe’s earlier grabs, not counted)':<39}"
              f"{statistics.median(marks['spent']) * 1000:6.0f} ms before editable")
        ok &= met if name.startswith("python -m") else True
    print("  an edit at the first instant (python -m): Edit times…, a new title, OK")
    line("window editable", edits["editable"])
    line("the event's dialog painted", edits["dialog"])
    line("database open (live programme)", edits["live"])
    line("the edit saved (OK returned)", edits["saved"])
    shutil.rmtree(WORK, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
