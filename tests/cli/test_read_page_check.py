"""Read-only commands check the file's pages beside their reads and hold their output
until the check has passed (core/page_check.py): a damaged file prints its message and
nothing else, with exit status 1."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from briefing_app.cli import main
from briefing_app.core import cipher, page_check
from briefing_app.core.errors import DatabaseError
from briefing_app.core.ops import visits

PASS = "page check passphrase, Тоқаев 习近平"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    cipher.KEYS.clear()  # each command is a process of its own
    return code, out, err


@pytest.fixture
def encrypted(capsys, tmp_path: Path) -> tuple[Path, Path]:
    secret = tmp_path / "pass.txt"
    secret.write_text(PASS + "\n", encoding="utf-8")
    path = tmp_path / "enc.sqlite"
    assert run(capsys, "--db", str(path), "--passphrase-file", str(secret), "demo")[0] == 0
    return path, secret


def _damaged_once_reads_ran(monkeypatch) -> threading.Event:
    """The page check finds damage, and only after the command's reads have run (so the
    test proves the reads go on beside the check and their output is held)."""
    reads_ran = threading.Event()
    real_find = visits.find_visit

    def find_visit(*args, **kwargs):
        found = real_find(*args, **kwargs)
        reads_ran.set()
        return found

    def page_problems(path: Path) -> list[str]:
        assert reads_ran.wait(60), "the command's reads never ran beside the check"
        return ["page 12: hmac check failed"]

    monkeypatch.setattr(visits, "find_visit", find_visit)
    monkeypatch.setattr(page_check, "page_problems", page_problems)
    return reads_ran


def test_show_on_a_sound_encrypted_file_prints_the_programme(capsys, encrypted):
    path, secret = encrypted
    code, out, err = run(capsys, "--db", str(path), "--passphrase-file", str(secret),
                         "show", "China")
    assert code == 0 and err == ""
    assert "Wednesday 11 September 2019" in out


def test_damage_found_beside_the_reads_prints_only_the_message(capsys, monkeypatch, encrypted):
    path, secret = encrypted
    reads_ran = _damaged_once_reads_ran(monkeypatch)
    code, out, err = run(capsys, "--db", str(path), "--passphrase-file", str(secret),
                         "show", "China")
    assert reads_ran.is_set()
    assert code == 1 and out == ""
    assert f"{path.resolve()} is damaged: page 12: hmac check failed" in err
    assert "Traceback" not in err and "September" not in err


def test_a_read_that_fails_gives_way_to_the_damage(capsys, monkeypatch, encrypted):
    path, secret = encrypted
    monkeypatch.setattr(page_check, "page_problems", lambda p: ["page 3: hmac check failed"])

    def broken(*args, **kwargs):
        raise DatabaseError("the read failed half-way")

    monkeypatch.setattr(visits, "find_visit", broken)
    code, out, err = run(capsys, "--db", str(path), "--passphrase-file", str(secret),
                         "search", "Тоқаев", "--visit", "China")
    assert code == 1 and out == ""
    assert "is damaged: page 3" in err and "half-way" not in err


def test_list_and_search_hold_their_output_too(capsys, monkeypatch, encrypted):
    path, secret = encrypted
    monkeypatch.setattr(page_check, "page_problems", lambda p: ["page 5: hmac check failed"])
    for command in (["list"], ["search", "Тоқаев"]):
        code, out, err = run(capsys, "--db", str(path), "--passphrase-file", str(secret),
                             *command)
        assert code == 1 and out == "" and "is damaged: page 5" in err, command


def test_a_really_damaged_encrypted_page_is_refused_with_nothing_printed(capsys, encrypted):
    path, secret = encrypted
    data = bytearray(path.read_bytes())
    page = 4096
    last = len(data) // page - 1
    data[last * page + 2000] ^= 0xFF  # one flipped bit-run in the last page's ciphertext
    path.write_bytes(bytes(data))
    code, out, err = run(capsys, "--db", str(path), "--passphrase-file", str(secret),
                         "show", "China")
    assert code == 1 and out == ""
    assert "is damaged" in err and "passphrase" not in err and "Traceback" not in err


def test_a_plain_file_is_checked_beside_its_reads_as_well(capsys, monkeypatch, demo_db_path):
    _damaged_once_reads_ran(monkeypatch)
    code, out, err = run(capsys, "--db", str(demo_db_path), "show", "China")
    assert code == 1 and out == "" and "is damaged: page 12" in err
    monkeypatch.undo()
    code, out, err = run(capsys, "--db", str(demo_db_path), "show", "China")
    assert code == 0 and "Wednesday 11 September 2019" in out


def test_commands_that_write_still_check_the_pages_first(capsys, monkeypatch, encrypted):
    path, secret = encrypted
    monkeypatch.setattr(page_check, "page_problems",
                        lambda p: pytest.fail("a writing command used the deferred check"))
    code, out, err = run(capsys, "--db", str(path), "--passphrase-file", str(secret), "demo")
    assert code == 0 and "already there" in out
