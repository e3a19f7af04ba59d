"""Encrypted bundles: round trip, streaming, and every alteration refused by name."""

from __future__ import annotations

import os
import struct

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing_app.core.errors import ValidationError
from briefing_app.interop import bundle_crypto as bc
from briefing_app.interop.bundle_export import export_bundle
from briefing_app.interop.bundle_read import read_bundle_file

PASS = "bundle passphrase Тоқаев"


@pytest.fixture
def fast_kdf(monkeypatch):
    """A cheap scrypt for the many seals below (the header carries n, so reading works
    the same; the real cost is tested once in test_the_real_work_factor)."""
    monkeypatch.setattr(bc, "LOG2_N", 10)


def _seal(data: bytes, passphrase: str = PASS, pieces: int = 7) -> bytes:
    step = max(1, len(data) // pieces)
    parts = [data[i:i + step] for i in range(0, len(data), step)] or [b""]
    return b"".join(bc.seal_chunks(parts, passphrase))


@pytest.mark.parametrize("size", [0, 1, bc.CHUNK - 1, bc.CHUNK, bc.CHUNK + 1, 3 * bc.CHUNK + 5])
def test_round_trip_at_chunk_boundaries(fast_kdf, size):
    data = os.urandom(size)
    sealed = _seal(data)
    assert sealed.startswith(bc.MAGIC)
    assert bc.open_sealed(sealed, PASS, 10**9) == data


def test_wrong_passphrase_is_not_called_tampering(fast_kdf):
    sealed = _seal(b"{}" * 100)
    with pytest.raises(ValidationError, match="passphrase is wrong"):
        bc.open_sealed(sealed, "another", 10**9)
    with pytest.raises(ValidationError, match="give its passphrase"):
        bc.open_sealed(sealed, None, 10**9)


def test_truncation_reordering_and_appending_are_refused(fast_kdf):
    data = os.urandom(3 * bc.CHUNK + 100)
    sealed = _seal(data)
    frame = 4 + bc.CHUNK + bc.TAG
    head, frames = sealed[:bc.HEADER_SIZE], sealed[bc.HEADER_SIZE:]
    cut_whole_frame = head + frames[:3 * frame]  # drops the final chunk exactly
    swapped = head + frames[frame:2 * frame] + frames[:frame] + frames[2 * frame:]
    appended = sealed + struct.pack(">I", 20) + bytes(20)
    for bad in (cut_whole_frame, swapped, appended, sealed[:-1], sealed[:bc.HEADER_SIZE + 2]):
        with pytest.raises(ValidationError, match="altered|cut short"):
            bc.open_sealed(bad, PASS, 10**9)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_flipped_byte_is_refused(fast_kdf, data):
    sealed = _seal(os.urandom(2 * bc.CHUNK + 17))
    where = data.draw(st.integers(0, len(sealed) - 1))
    bit = data.draw(st.integers(0, 7))
    bad = bytearray(sealed)
    bad[where] ^= 1 << bit
    with pytest.raises(ValidationError) as info:
        bc.open_sealed(bytes(bad), PASS, 10**9)
    assert info.value.field == "bundle"


def test_the_plaintext_limit_holds_while_decrypting(fast_kdf):
    sealed = _seal(os.urandom(4 * bc.CHUNK))
    with pytest.raises(ValidationError, match="more than"):
        bc.open_sealed(sealed, PASS, bc.CHUNK)


def test_the_real_work_factor_and_a_demo_bundle(demo_db, tmp_path):
    from briefing_app.core.ops.visits import list_visits

    visit = list_visits(demo_db)[0]
    out = tmp_path / "visit.bundle"
    result = export_bundle(demo_db, visit.id, out, passphrase=PASS)
    data = out.read_bytes()
    assert data[10] == 17  # log2(n) of scrypt in the header
    assert "Тоқаев".encode() not in data and b"Tokayev" not in data
    assert result.size == len(data)
    bundle = read_bundle_file(out, PASS)
    assert bundle.visit.values["title"] == visit.title
    plain = tmp_path / "plain.json"
    export_bundle(demo_db, visit.id, plain)
    assert read_bundle_file(plain).visit.values["title"] == visit.title


def test_an_encrypted_database_never_writes_a_plain_bundle(demo_db_path, tmp_path):
    from briefing_app.core import cipher
    from briefing_app.core.database import open_database
    from briefing_app.core.encryption import encrypt_database

    encrypt_database(demo_db_path, "database passphrase")
    db = open_database(demo_db_path)
    try:
        with pytest.raises(ValidationError, match="encrypted too"):
            export_bundle(db, 1, tmp_path / "x.json")
    finally:
        db.close()
        cipher.KEYS.clear()
    assert not (tmp_path / "x.json").exists()


def test_export_streams_with_bounded_memory(demo_db, tmp_path):
    """The sealing wrapper holds at most about two chunks, whatever the input."""
    import tracemalloc

    def pieces():
        for _ in range(200):
            yield os.urandom(16 * 1024)  # 3.2 MB in all

    mp = pytest.MonkeyPatch()
    mp.setattr(bc, "LOG2_N", 10)
    try:
        tracemalloc.start()
        total = 0
        for out in bc.seal_chunks(pieces(), PASS):
            total += len(out)
        _now, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        mp.undo()
    assert total > 3_200_000
    assert peak < 8 * bc.CHUNK


def test_a_hostile_work_factor_is_refused_before_deriving(fast_kdf):
    sealed = bytearray(_seal(b"{}"))
    sealed[10], sealed[11] = 20, 32  # 128 * 32 * 2**20 bytes = 4 GiB
    with pytest.raises(ValidationError, match="header is damaged or altered"):
        bc.open_sealed(bytes(sealed), PASS, 10**9)
