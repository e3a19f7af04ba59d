"""File ▸ Encrypt… and Change passphrase… in the core: the original is replaced only by a
verified copy, after a backup; every backup follows the database's key."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_app.core import cipher
from briefing_app.core.backup import list_backups, make_backup
from briefing_app.core.database import open_database
from briefing_app.core.encryption import change_passphrase, encrypt_database
from briefing_app.core.errors import DatabaseError
from briefing_app.core.ops.visits import list_visits
from briefing_app.core.search import search

pytestmark = pytest.mark.sqlite_only(reason="encrypting a database file and its backups (SQLCipher)")


def _summary(path: Path) -> tuple:
    db = open_database(path)
    try:
        visits = [(v.title, v.start_date) for v in list_visits(db)]
        hits = sorted(h.title for h in search(db, "тоқаев"))
        return visits, hits
    finally:
        db.close()


def test_encrypting_keeps_every_row_and_encrypts_the_backups(demo_db_path):
    make_backup(demo_db_path, "manual")
    before = _summary(demo_db_path)
    change = encrypt_database(demo_db_path, "first passphrase")
    assert change.converted == 2  # the manual one and the one made before encrypting
    for item in [demo_db_path, *(b.path for b in list_backups(demo_db_path))]:
        data = item.read_bytes()
        assert not data.startswith(b"SQLite format 3"), item
        assert "Тоқаев".encode() not in data and "习近平".encode() not in data, item
        assert data[:16] == change.key.salt
    cipher.KEYS.clear()
    with pytest.raises(DatabaseError, match="encrypted"):
        open_database(demo_db_path)
    cipher.unlock(demo_db_path, "first passphrase")
    assert _summary(demo_db_path) == before
    assert not list(demo_db_path.parent.glob(".*encrypting*"))


def test_changing_the_passphrase_rekeys_the_file_and_its_backups(demo_db_path):
    encrypt_database(demo_db_path, "first passphrase")
    before = _summary(demo_db_path)
    old_salt = demo_db_path.read_bytes()[:16]
    change = change_passphrase(demo_db_path, "second passphrase")
    assert change.key.salt != old_salt
    assert all(b.path.read_bytes()[:16] == change.key.salt for b in list_backups(demo_db_path))
    cipher.KEYS.clear()
    with pytest.raises(cipher.WrongPassphraseError):
        cipher.unlock(demo_db_path, "first passphrase")
    cipher.unlock(demo_db_path, "second passphrase")
    assert _summary(demo_db_path) == before
    assert all(b.revision_known() for b in list_backups(demo_db_path))


def test_an_open_file_is_not_converted(demo_db_path):
    db = open_database(demo_db_path)
    try:
        before = demo_db_path.read_bytes()
        with pytest.raises(DatabaseError, match="open in another"):
            encrypt_database(demo_db_path, "some passphrase")
        assert demo_db_path.read_bytes() == before
    finally:
        db.close()


def test_encrypting_twice_or_rekeying_a_plain_file_is_refused(demo_db_path):
    with pytest.raises(DatabaseError, match="not encrypted"):
        change_passphrase(demo_db_path, "x" * 10)
    encrypt_database(demo_db_path, "first passphrase")
    with pytest.raises(DatabaseError, match="already encrypted"):
        encrypt_database(demo_db_path, "first passphrase")


def test_a_copy_that_does_not_verify_leaves_the_original(demo_db_path, monkeypatch):
    from briefing_app.core import encryption

    before = demo_db_path.read_bytes()
    real = encryption._counts
    calls = []

    def lying(conn, schema="main"):
        counts = real(conn, schema)
        calls.append(1)
        if len(calls) == 2:  # the copy's count: one row short
            counts["events"] -= 1
        return counts

    monkeypatch.setattr(encryption, "_counts", lying)
    with pytest.raises(DatabaseError, match="did not verify"):
        encrypt_database(demo_db_path, "first passphrase")
    assert demo_db_path.read_bytes() == before
    assert not list(demo_db_path.parent.glob(".*encrypting*"))
    open_database(demo_db_path).close()  # still the plain, working file
