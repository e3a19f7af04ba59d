"""The start-up probe (benchmarks/startup.py) counts in each mark the grab that proves
its paint, as the empty-window baseline does, but takes its own earlier work — grabs a
start without the probe never makes — off every later mark."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from briefing_app.gui.launch import startup_probe


class Clock:
    """time.time() that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_earlier_grabs_are_taken_off_later_marks(qtbot: Any, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMainWindow

    probe = tmp_path / "probe.jsonl"
    monkeypatch.setenv(startup_probe.ENV, str(probe))
    monkeypatch.delenv(startup_probe.EDIT_ENV, raising=False)
    monkeypatch.setattr(startup_probe._Spent, "total", 0.0)
    clock = Clock()
    monkeypatch.setattr(startup_probe.time, "time", clock)
    win = QMainWindow()
    qtbot.addWidget(win)
    win.show()
    real_grab = win.grab

    def slow_grab(*args: Any) -> Any:  # each grab of the window "takes" 0.25 s
        clock.now += 0.25
        return real_grab(*args)

    monkeypatch.setattr(win, "grab", slow_grab)
    startup_probe.window_painted(win)  # at 1000 + its own grab
    clock.now += 1.0  # the app's own work between the marks
    startup_probe.editable(win)  # its own grab counts, the first one does not
    marks = {m["mark"]: m for m in map(json.loads, probe.read_text().splitlines())}
    assert marks["window"]["t"] == pytest.approx(1000.25)
    assert marks["window"]["spent"] == 0.0
    # As if the first grab had not been made: the start, the work, its own grab.
    assert marks["editable"]["t"] == pytest.approx(1000.0 + 1.0 + 0.25)
    assert marks["editable"]["spent"] == pytest.approx(0.25)
    assert marks["editable"]["t"] + marks["editable"]["spent"] == pytest.approx(clock.now)
