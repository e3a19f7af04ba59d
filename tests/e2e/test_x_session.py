"""End to end under a real X server (issue 9): the window, shown on Xvfb with the xcb
platform, is driven by key presses and clicks — a new visit, its principal, an event at
a venue made in place (its zone the event's), undo and redo, a pack exported — and each step's result is checked in
the database.

The test starts its own Xvfb on a free display (`-displayfd`: the server picks the
number and writes it to a pipe, so two runs never race for one) and stops it after.
It is skipped only when Xvfb is not installed (`./dev.sh` installs it).
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("drive_window.py")
XVFB = shutil.which("Xvfb")


@pytest.fixture
def x_display() -> Iterator[str]:
    if XVFB is None:
        pytest.skip("Xvfb is not installed (./dev.sh installs the xvfb package)")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [XVFB, "-displayfd", str(write_end), "-screen", "0", "1366x768x24",
         "-nolisten", "tcp", "-noreset"],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(write_end)
    try:
        number = b""
        while not number.endswith(b"\n"):
            # a hang guard only: the server answers in well under a second
            ready, _, _ = select.select([read_end], [], [], 60)
            chunk = os.read(read_end, 16) if ready else b""
            if not chunk:
                err = server.stderr.read().decode(errors="replace") if server.poll() else ""
                pytest.fail(f"Xvfb did not report its display number {err[-500:]}")
            number += chunk
        yield f":{int(number)}"
    finally:
        os.close(read_end)
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _event_ids(step: dict) -> list[int]:
    return [e["id"] for v in step["db"]["visits"] for e in v["events"]]


def test_a_user_session_on_a_real_x_server(x_display: str, db_path: Path,
                                           tmp_path: Path) -> None:
    pdf, report = tmp_path / "pack.pdf", tmp_path / "report.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    env.update(DISPLAY=x_display, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_CACHE_HOME=str(tmp_path / "cache"),
               XDG_STATE_HOME=str(tmp_path / "state"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_RUNTIME_DIR=str(tmp_path / "runtime"))
    (tmp_path / "runtime").mkdir(mode=0o700)
    out = subprocess.run([sys.executable, str(DRIVER), str(db_path), str(pdf), str(report)],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    steps = json.loads(report.read_text(encoding="utf-8"))["steps"] if report.exists() else []
    done = [s["step"] for s in steps]
    assert out.returncode == 0, f"stopped after {done}:\n{out.stderr[-3000:]}"
    result = json.loads(report.read_text(encoding="utf-8"))
    assert result["platform"] == "xcb"  # a real X server, not offscreen
    by = {s["step"]: s for s in steps}

    visits = by["new_visit"]["db"]["visits"]
    assert [v["title"] for v in visits] == ["State visit to China — Тоқаев, 习近平"]
    assert by["new_visit"]["undo_text"] == "&Undo Add visit “State visit to China — Тоқаев, 习近平”"

    visit = by["add_principal"]["db"]["visits"][0]
    person = next(p for p in visit["people"] if p["native_name"] == "Қасым-Жомарт Тоқаев")
    assert person["latin_name"] == "Kassym-Jomart Tokayev"
    assert visit["principal_id"] == person["id"]

    venues = by["add_event"]["db"]["visits"][0]["venues"]
    assert [(v["name"], v["tz"]) for v in venues] == [
        ("Diaoyutai State Guesthouse 钓鱼台国宾馆", "Asia/Shanghai")]
    events = by["add_event"]["db"]["visits"][0]["events"]
    assert [(e["title"], e["tz"], e["venue_id"]) for e in events] == [
        ("Talks with President Xi Jinping 习近平", "Asia/Shanghai", venues[0]["id"])]
    made = _event_ids(by["add_event"])
    assert by["add_event"]["undo_text"].startswith("&Undo Add event “Talks with President Xi")

    assert _event_ids(by["undo"]) == []  # Ctrl+Z took the event back out of the database
    assert _event_ids(by["redo"]) == made  # Ctrl+Shift+Z: the very same row again
    assert by["redo"]["db"]["visits"][0]["events"][0]["venue_id"] == venues[0]["id"]
    assert by["redo"]["db"]["visits"][0]["principal_id"] == person["id"]

    exported = result["export"]
    assert pdf.read_bytes().startswith(b"%PDF") and exported["pages"] >= 2
    assert exported["preview_pages"] == exported["pages"]
    assert exported["preview_page_after_ctrl_end"] == exported["pages"] - 1
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "Тоқаев" in text and "Talks with President Xi Jinping" in text
