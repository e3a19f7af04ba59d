"""Encrypted databases: created, unlocked, refused while locked, told apart from damage."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from briefing_app.core import cipher
from briefing_app.core.backup import list_backups, make_backup, restore_backup
from briefing_app.core.database import open_database
from briefing_app.core.demo import load_demo
from briefing_app.core.file_check import DatabaseFileError

pytestmark = pytest.mark.sqlite_only(reason="SQLCipher keys of database files")

PASSPHRASE = "Astana–Beijing 2019, тоқаев 习近平"


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    path = tmp_path / "secret.sqlite"
    db = open_database(path, key=cipher.new_key(PASSPHRASE))
    load_demo(db)
    db.close()
    make_backup(path, "manual")
    cipher.KEYS.clear()
    return path


def test_a_new_encrypted_database_has_no_sqlite_header_and_no_plain_text(encrypted):
    data = encrypted.read_bytes()
    assert not data.startswith(b"SQLite format 3")
    assert "Тоқаев".encode() not in data and "习近平".encode() not in data
    assert not (encrypted.parent / "secret.sqlite-wal").exists()
    assert not (encrypted.parent / "secret.sqlite-session").exists()


def test_locked_file_is_refused_untouched_until_unlocked(encrypted):
    before = _digest(encrypted.parent)
    with pytest.raises(DatabaseFileError) as info:
        open_database(encrypted)
    assert info.value.kind == "encrypted"
    assert "passphrase" in str(info.value)
    assert _digest(encrypted.parent) == before
    cipher.unlock(encrypted, PASSPHRASE)
    db = open_database(encrypted)
    try:
        from briefing_app.core.search import search

        assert any("Тоқаев" in h.title for h in search(db, "тоқаев"))
        assert search(db, "习近平")  # FTS5 (trigram) works through SQLCipher
    finally:
        db.close()


def test_a_wrong_passphrase_is_named_so_and_changes_nothing(encrypted):
    before = _digest(encrypted.parent)
    for wrong in ("", "astana", PASSPHRASE + " "):
        with pytest.raises((cipher.WrongPassphraseError, Exception)) as info:
            cipher.unlock(encrypted, wrong)
        assert "damaged" not in str(info.value)
    with pytest.raises(cipher.WrongPassphraseError, match="wrong"):
        cipher.unlock(encrypted, "not it")
    assert _digest(encrypted.parent) == before
    assert cipher.key_for(encrypted) is None


def test_the_passphrase_is_normalised():
    salt = bytes(16)
    assert cipher.derive("café", salt) == cipher.derive("cafe\u0301", salt)  # NFC
    assert cipher.derive("café", salt) != cipher.derive("cafe", salt)


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


def test_a_damaged_page_is_damage_with_the_restore_offer_never_a_wrong_passphrase(encrypted):
    _flip(encrypted, 4096 * 5 + 300)
    cipher.unlock(encrypted, PASSPHRASE)  # page 1 is intact: the key is proven right
    with pytest.raises(DatabaseFileError) as info:
        open_database(encrypted)
    assert info.value.kind == "damaged"
    assert info.value.can_restore and "Restore Backup" in str(info.value)
    result = restore_backup(encrypted, info.value.backups[0])
    assert result.previous_was_damaged
    assert not encrypted.read_bytes().startswith(b"SQLite format 3")
    open_database(encrypted).close()


def test_a_damaged_first_page_with_a_backup_is_damage_too(encrypted):
    _flip(encrypted, 2000)
    cipher.unlock(encrypted, PASSPHRASE)  # the backup of the same family proves the key
    with pytest.raises(DatabaseFileError) as info:
        open_database(encrypted)
    assert info.value.kind == "damaged" and info.value.can_restore
    cipher.KEYS.clear()
    with pytest.raises(cipher.WrongPassphraseError):
        cipher.unlock(encrypted, "another passphrase")  # still never called damage


def test_backups_are_encrypted_with_the_same_key(encrypted):
    (backup,) = list_backups(encrypted)
    data = backup.path.read_bytes()
    assert data[:16] == encrypted.read_bytes()[:16]  # the family's salt
    assert "Тоқаев".encode() not in data
    cipher.unlock(encrypted, PASSPHRASE)
    assert backup.revision_known()


def test_the_quick_start_read_skips_an_encrypted_file_and_writes_nothing(encrypted):
    from briefing_app.core.quick_programme import read_programme

    before = _digest(encrypted.parent)
    assert read_programme(encrypted) is None
    cipher.unlock(encrypted, PASSPHRASE)
    assert read_programme(encrypted) is None  # never a plain copy, never a cipher reader
    assert _digest(encrypted.parent) == before


def test_connections_keep_temporary_data_in_memory(encrypted):
    cipher.unlock(encrypted, PASSPHRASE)
    db = open_database(encrypted)
    try:
        with db.read() as s:
            assert s.connection().exec_driver_sql("PRAGMA temp_store").scalar() == 2
            assert s.connection().exec_driver_sql("PRAGMA cipher_version").scalar()
    finally:
        db.close()


def test_passphrase_files(tmp_path):
    f = tmp_path / "p"
    f.write_bytes("\ufeffпароль 密码\r\nsecond line\n".encode())
    assert cipher.read_passphrase_file(f) == "пароль 密码"
    f.write_bytes(b"")
    with pytest.raises(Exception, match="empty"):
        cipher.read_passphrase_file(f)
    f.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(Exception, match="UTF-8"):
        cipher.read_passphrase_file(f)
    f.write_bytes(b"x" * 5000)
    with pytest.raises(Exception, match="larger"):
        cipher.read_passphrase_file(f)


def test_random_or_patterned_binary_files_are_not_taken_for_encrypted(tmp_path):
    patterned = tmp_path / "a.sqlite"
    patterned.write_bytes(bytes(range(256)) * 8)
    assert not cipher.looks_encrypted(patterned)
    with pytest.raises(DatabaseFileError) as info:
        open_database(patterned)
    assert info.value.kind == "not-sqlite"


def test_a_plain_backup_is_not_restored_into_an_encrypted_file(encrypted, demo_db_path):
    from briefing_app.core.errors import DatabaseError

    cipher.unlock(encrypted, PASSPHRASE)
    before = encrypted.read_bytes()
    with pytest.raises(DatabaseError, match="one of them is encrypted"):
        restore_backup(encrypted, demo_db_path)
    assert encrypted.read_bytes() == before
    assert len(list_backups(encrypted)) == 1  # refused before the before-restore backup
