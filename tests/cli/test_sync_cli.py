"""take-offline, sync, sync-conflicts and resolve-conflict on the test cluster's server:
the round trip as a user types it, and one line for every refusal (server down, a
file not taken offline, a server URL as --db, another server, a stale push, a wrong
clock); the password is never printed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from briefing_app.cli import main
from briefing_app.core import models as M
from briefing_app.core.database import open_database
from briefing_app.core.server_db import open_server
from briefing_app.core.sync import run as sync_run
from tests.conftest import PASSWORD_WORD


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert PASSWORD_WORD not in out + err, "the password was printed"
    assert "Traceback" not in out + err
    assert len(err.strip().splitlines()) <= 1, err
    return code, out, err


def _notes(db, name: str) -> str:
    with db.read() as s:
        return s.scalar(select(M.Person.notes).where(M.Person.native_name == name))


def _set_notes(db, name: str, notes: str) -> None:
    with db.write() as s:
        s.execute(update(M.Person).where(M.Person.native_name == name).values(
            notes=notes, row_version=M.Person.row_version + 1, updated_at=datetime.now(UTC)))


def test_take_offline_sync_and_resolve_as_typed(capsys, server_url, tmp_path):
    laptop = str(tmp_path / "laptop.sqlite")
    code, out, err = run(capsys, "--db", laptop, "take-offline", server_url, "--visit", "China")
    assert code == 0 and "Took the visit offline" in out and "***" in out, err
    local, server = open_database(laptop), open_server(server_url)
    try:
        _set_notes(local, "习近平", "from the plane")
        _set_notes(server, "习近平", "from the office")
    finally:
        local.close()
        server.close()
    code, out, err = run(capsys, "--db", laptop, "sync", "--server", server_url)
    assert code == 0 and "1 conflict(s)" in out, err
    code, out, err = run(capsys, "--db", laptop, "sync-conflicts")
    assert code == 0 and "notes" in out and "from the plane" in out and "from the office" in out
    number = out.split()[0].lstrip("#")
    code, out, err = run(capsys, "--db", laptop, "resolve-conflict", number, "--keep", "server")
    assert code == 0 and "the server's value" in out, err
    code, out, err = run(capsys, "--db", laptop, "sync", "--server", server_url)
    assert code == 0 and "0 conflict(s)" in out, err
    local = open_database(laptop)
    try:
        assert _notes(local, "习近平") == "from the office"
    finally:
        local.close()
    code, out, _ = run(capsys, "--db", laptop, "sync-conflicts")
    assert out.strip() == "No conflicts"
    code, _, err = run(capsys, "--db", laptop, "resolve-conflict", number, "--keep", "local")
    assert code == 1 and f"there is no conflict #{number}" in err


def test_every_refusal_is_one_line(capsys, server_url, tmp_path, monkeypatch):
    laptop = str(tmp_path / "laptop.sqlite")
    plain = str(tmp_path / "plain.sqlite")
    code, _, err = run(capsys, "--db", plain, "take-offline",
                       "postgresql://a:b@127.0.0.1:1/visits", "--visit", "China")
    assert code == 1 and "cannot reach the database server" in err
    open_database(plain).close()
    code, _, err = run(capsys, "--db", plain, "sync")
    assert code == 1 and "no visit taken offline" in err
    code, _, err = run(capsys, "--db", server_url, "sync")
    assert code == 1 and "works on a database file" in err
    assert run(capsys, "--db", laptop, "take-offline", server_url, "--visit", "China")[0] == 0
    code, _, err = run(capsys, "--db", laptop, "take-offline", server_url, "--visit", "China")
    assert code == 1 and "already in this file" in err
    other = server_url.rsplit("/", 1)[0] + "/elsewhere"
    code, _, err = run(capsys, "--db", laptop, "sync", "--server", other)
    assert code == 1 and "was taken from" in err
    real = sync_run._utcnow
    monkeypatch.setattr(sync_run, "_utcnow", lambda: real() + timedelta(minutes=9))
    code, _, err = run(capsys, "--db", laptop, "sync", "--server", server_url)
    assert code == 1 and "clock is 9 minutes ahead of the server's" in err
    monkeypatch.undo()

    def stale(point: str) -> None:
        if point == "pull:done":
            _set_notes(server, "习近平", "meanwhile")

    local, server = open_database(laptop), open_server(server_url)
    try:
        _set_notes(local, "习近平", "offline")
    finally:
        local.close()
    monkeypatch.setattr(sync_run, "_no_point", stale)
    code, _, err = run(capsys, "--db", laptop, "sync", "--server", server_url)
    server.close()
    assert code == 1 and "nothing was sent: sync again" in err
    monkeypatch.undo()
    code, out, err = run(capsys, "--db", laptop, "sync", "--server", server_url)
    assert code == 0, err


def test_an_encrypted_file_taken_offline_stays_encrypted(capsys, server_url, tmp_path):
    from briefing_app.core import cipher

    secret = tmp_path / "secret.txt"
    secret.write_text("passphrase on the plane\n", encoding="utf-8")
    laptop = tmp_path / "laptop.sqlite"
    key = ("--db", str(laptop), "--passphrase-file", str(secret))
    code, out, err = run(capsys, *key, "take-offline", server_url, "--visit", "China")
    assert code == 0, err
    assert cipher.looks_encrypted(laptop)
    cipher.KEYS.clear()  # as a new process: the key is not at hand without the passphrase
    code, _, err = run(capsys, "--db", str(laptop), "sync", "--server", server_url)
    assert code == 1 and "encrypted" in err
    code, out, err = run(capsys, *key, "sync", "--server", server_url)
    assert code == 0 and "0 conflict(s)" in out, err
    assert cipher.looks_encrypted(laptop)
    assert b"China" not in laptop.read_bytes()
