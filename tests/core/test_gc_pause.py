"""The cycle collector is paused while a whole-visit read builds its records, and is
left as it was found afterwards (core/gc_pause.py)."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from briefing_app.core.database import open_database
from briefing_app.core.gc_pause import collector_paused
from briefing_app.core.programme import load_programme
from briefing_app.core.quick_programme import read_programme
from tests.large_visit import VisitSize, populate


@pytest.fixture
def collections(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Collections that start while a programme read builds its records (the one the
    allocations made meanwhile bring about right after the pause is not counted)."""
    import briefing_app.core.programme as programme
    import briefing_app.core.quick_programme as quick

    seen: list[int] = []
    inside: list[bool] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and inside:
            seen.append(info["generation"])

    def watched(real: Any) -> Any:
        def read(*args: Any) -> Any:
            inside.append(True)
            try:
                return real(*args)
            finally:
                inside.pop()
        return read

    monkeypatch.setattr(programme, "_read_programme", watched(programme._read_programme))
    monkeypatch.setattr(quick, "_read", watched(quick._read))
    gc.callbacks.append(note)
    yield seen
    gc.callbacks.remove(note)


def test_the_collector_is_on_again_after_the_block_even_after_an_error() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # nested: still paused after the inner block
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(KeyError), collector_paused():
        raise KeyError("x")
    assert gc.isenabled()


def test_a_collector_switched_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_reading_a_programme_runs_no_collection(tmp_path: Path, collections: list[int]) -> None:
    path = tmp_path / "visit.sqlite"
    populate(path, VisitSize(events=300, points=20, people=60, briefs=2, agreements=2))
    db = open_database(path)
    try:
        gc.collect()
        collections.clear()
        prog = load_programme(db, 1)
        assert sum(len(d.items) for d in prog.days) == 300
        assert collections == []  # ~10,000 objects allocated: collections without the pause
        quick = read_programme(path, 1)
        assert quick is not None and sum(len(d.items) for d in quick.days) == 300
        assert collections == []
    finally:
        db.close()
