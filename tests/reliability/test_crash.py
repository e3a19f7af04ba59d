"""Crash safety: a writer process SIGKILLed at random moments, 120 times.

Each kill is followed by a full audit (integrity, foreign keys, search index, and the
content against every acknowledged edit; an edit in flight is all there or not at all).
benchmarks/crash_stress.py runs the same harness for longer.
"""

from __future__ import annotations

import os

import pytest

from tests.reliability.crash_harness import CrashHarness
from tests.reliability.crash_writer import prepare

KILLS = 120

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the writer forks (POSIX)")


def test_sigkill_at_random_moments_never_loses_or_half_applies_an_edit(tmp_path):
    db_path = tmp_path / "crash.sqlite"
    prepare(db_path)
    harness = CrashHarness(db_path, seed=20190911)
    try:
        for _ in range(KILLS):
            harness.round(min_s=0.0, max_s=0.06, max_acks=6)
    finally:
        harness.close()
    stats = harness.stats
    assert stats.rounds == KILLS
    assert stats.acknowledged >= KILLS  # the writer got real work done between kills
    assert stats.in_flight_at_kill >= KILLS // 4  # many kills landed inside an edit
    assert {"dup", "status", "version", "signers", "tp_del"} <= set(stats.ops)


ENCRYPTED_KILLS = 30


def test_sigkill_on_an_encrypted_database_never_loses_or_half_applies_an_edit(tmp_path):
    """The same harness on an SQLCipher file (fewer kills: the machinery is shared)."""
    from briefing_app.core import cipher

    db_path = tmp_path / "crash-encrypted.sqlite"
    key = cipher.new_key("kill test passphrase")
    prepare(db_path, key=key)
    assert not db_path.read_bytes().startswith(b"SQLite format 3")
    harness = CrashHarness(db_path, seed=20190912, passphrase="kill test passphrase")
    try:
        for _ in range(ENCRYPTED_KILLS):
            harness.round(min_s=0.0, max_s=0.06, max_acks=6)
    finally:
        harness.close()
    stats = harness.stats
    assert stats.rounds == ENCRYPTED_KILLS
    assert stats.acknowledged >= ENCRYPTED_KILLS
    assert stats.in_flight_at_kill >= ENCRYPTED_KILLS // 5
    assert "Тоқаев".encode() not in db_path.read_bytes()
