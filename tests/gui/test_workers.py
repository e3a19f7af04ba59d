"""A worker's progress is a fraction 0..1 from the job to the signal (the PDF builder's
scale); only a progress bar turns it into 0..100. Cancel reaches the job."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from briefing_app.gui.operations.workers import Worker, percent


def test_progress_passes_through_as_a_fraction_and_the_result_arrives(qtbot: Any) -> None:
    def job(n: int, *, progress: Any, cancelled: Any) -> int:
        for i in range(1, n + 1):
            progress(i / n, f"step {i}")
        return n * 10

    worker = Worker(job, 4, with_progress=True)
    seen: list[tuple[float, str]] = []
    worker.signals.progress.connect(lambda f, m: seen.append((f, m)))
    with qtbot.waitSignal(worker.signals.finished, timeout=10_000) as done:
        worker.start()
    assert done.args == [40]
    qtbot.waitUntil(lambda: len(seen) == 4)
    assert seen == [(0.25, "step 1"), (0.5, "step 2"), (0.75, "step 3"), (1.0, "step 4")]


def test_cancel_is_seen_by_the_job_and_its_exception_is_reported(qtbot: Any) -> None:
    pressed = threading.Event()
    answers: list[bool] = []

    def job(*, progress: Any, cancelled: Any) -> None:
        answers.append(cancelled())
        pressed.wait(10)  # until the test has pressed Cancel
        answers.append(cancelled())
        raise RuntimeError("stopped by cancel")

    worker = Worker(job, with_progress=True)
    with qtbot.waitSignal(worker.signals.failed, timeout=10_000) as failed:
        worker.start()
        qtbot.waitUntil(lambda: bool(answers))
        worker.cancel()
        pressed.set()
    assert answers == [False, True] and worker.is_cancelled()
    assert str(failed.args[0]) == "stopped by cancel"


def test_the_unused_cancel_flag_is_gone() -> None:
    assert not hasattr(Worker, "cancel_flag")


@pytest.mark.parametrize(("fraction", "value"), [
    (0.0, 0), (0.1, 10), (0.29, 29), (0.555, 56), (1.0, 100), (-0.2, 0), (1.7, 100)])
def test_percent_is_the_bars_scale_clamped(fraction: float, value: int) -> None:
    assert percent(fraction) == value
