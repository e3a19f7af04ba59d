"""The command line on encrypted databases, and the "nothing plain on disk" scan."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_app.cli import main
from briefing_app.core import cipher

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    cipher.KEYS.clear()  # each command is a process of its own
    return code, out, err


@pytest.fixture
def secrets(tmp_path: Path) -> tuple[Path, Path]:
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text("first passphrase, Тоқаев\n", encoding="utf-8")
    two.write_text("second passphrase 习近平\n", encoding="utf-8")
    return one, two


def test_demo_creates_encrypted_and_every_command_needs_the_passphrase(capsys, tmp_path, secrets):
    one, two = secrets
    path = tmp_path / "enc.sqlite"
    code, out, err = run(capsys, "--db", str(path), "--passphrase-file", str(one), "demo")
    assert code == 0 and "Loaded the demo visit" in out and err == ""
    assert not path.read_bytes().startswith(b"SQLite format 3")
    code, out, err = run(capsys, "--db", str(path), "show", "China")
    assert code == 1 and "is encrypted" in err and "--passphrase-file" in err
    assert "Traceback" not in err
    code, out, err = run(capsys, "--db", str(path), "--passphrase-file", str(two), "list")
    assert code == 1 and "passphrase does not open" in err and "damaged" not in err
    code, out, err = run(capsys, "--db", str(path), "--passphrase-file", str(one), "show", "China")
    assert code == 0 and "Wednesday 11 September 2019" in out and err == ""
    code, out, err = run(capsys, "--db", str(path), "--passphrase-file", str(one), "check")
    assert code == 0 and "integrity ok" in out


def test_the_environment_variable_and_change_passphrase(capsys, tmp_path, secrets, monkeypatch):
    one, two = secrets
    path = tmp_path / "enc.sqlite"
    assert run(capsys, "--db", str(path), "--passphrase-file", str(one), "demo")[0] == 0
    monkeypatch.setenv(cipher.ENV_PASSPHRASE, "first passphrase, Тоқаев")
    code, out, err = run(capsys, "--db", str(path), "change-passphrase",
                         "--new-passphrase-file", str(two))
    assert code == 0 and "Changed the passphrase" in out
    code, out, err = run(capsys, "--db", str(path), "list")
    assert code == 1 and "passphrase does not open" in err
    monkeypatch.delenv(cipher.ENV_PASSPHRASE)
    code, out, err = run(capsys, "--db", str(path), "--passphrase-file", str(two), "list")
    assert code == 0 and "2019-09-10" in out


def test_encrypt_converts_a_plain_database(capsys, demo_db_path, secrets):
    one, _two = secrets
    code, out, err = run(capsys, "--db", str(demo_db_path), "encrypt")
    assert code == 1 and "--passphrase-file" in err
    code, out, err = run(capsys, "--db", str(demo_db_path), "--passphrase-file", str(one),
                         "encrypt")
    assert code == 0 and "Encrypted" in out
    assert not demo_db_path.read_bytes().startswith(b"SQLite format 3")
    code, out, err = run(capsys, "--db", str(demo_db_path), "--passphrase-file", str(one),
                         "backups")
    assert code == 0 and "before-encrypt" in out


def test_bundles_from_an_encrypted_database_are_sealed(capsys, tmp_path, secrets):
    one, two = secrets
    path, bundle, other = tmp_path / "enc.sqlite", tmp_path / "visit.bundle", tmp_path / "b.sqlite"
    assert run(capsys, "--db", str(path), "--passphrase-file", str(one), "demo")[0] == 0
    code, _out, err = run(capsys, "--db", str(path), "--passphrase-file", str(one),
                          "export-bundle", "China", "--out", str(bundle))
    assert code == 1 and "bundles are encrypted too" in err and not bundle.exists()
    code, out, err = run(capsys, "--db", str(path), "--passphrase-file", str(one),
                         "export-bundle", "China", "--out", str(bundle),
                         "--bundle-passphrase-file", str(two))
    assert code == 0, err
    code, out, err = run(capsys, "--db", str(other), "import-bundle", str(bundle))
    assert code == 1 and "encrypted" in err and not other.exists()
    code, out, err = run(capsys, "--db", str(other), "import-bundle", str(bundle),
                         "--bundle-passphrase-file", str(one))
    assert code == 1 and "passphrase is wrong" in err and not other.exists()
    code, out, err = run(capsys, "--db", str(other), "import-bundle", str(bundle),
                         "--bundle-passphrase-file", str(two))
    assert code == 0 and "Added visit" in out


def test_a_calendar_from_an_encrypted_database_warns_it_is_plain_text(capsys, tmp_path, secrets):
    one, _two = secrets
    path = tmp_path / "enc.sqlite"
    assert run(capsys, "--db", str(path), "--passphrase-file", str(one), "demo")[0] == 0
    code, _out, err = run(capsys, "--db", str(path), "--passphrase-file", str(one),
                          "export-ics", "China", "--out", str(tmp_path / "a.ics"))
    assert code == 0 and "plain text" in err


def _demo_strings() -> list[bytes]:
    data = json.loads((ROOT / "resources/demo/state_visit_2019.json").read_text("utf-8"))
    sentence = next(e["objectives"] for e in data["events"] if e.get("objectives"))
    sentence = sentence.splitlines()[0][3:60]  # "Sign the Joint Statement on the develo…"
    found = [s.encode() for s in ("Тоқаев", "习近平", "Tokayev", sentence)]
    found += [s.encode("utf-16-le") for s in ("Тоқаев", "习近平")]
    return found


def test_nothing_plain_on_disk(tmp_path, secrets):
    """The demo in an encrypted database, edited, backed up, searched, bundled: no file
    the app wrote — database, -wal, -shm, backups, bundle, the temp folder — holds a
    demo string."""
    one, two = secrets
    home = tmp_path / "data"
    temp = tmp_path / "temp"
    home.mkdir()
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "XDG_STATE_HOME": str(tmp_path / "state"),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_DATA_HOME": str(tmp_path / "share")}
    db = home / "briefing.sqlite"

    def cli(*argv: str) -> str:
        done = subprocess.run([sys.executable, "-m", "briefing_app", "--db", str(db),
                               "--passphrase-file", str(one), *argv], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout

    cli("demo")
    cli("backup")
    assert "Тоқаев" in cli("search", "тоқаев")
    cli("show", "China")
    cli("export-bundle", "China", "--out", str(home / "visit.bundle"),
        "--bundle-passphrase-file", str(two))
    cli("check")
    # A write still in its log: keep a session open so -wal and -shm exist for the scan.
    script = ("import sys, time\n"
              "from pathlib import Path\n"
              "from briefing_app.core import cipher\n"
              "from briefing_app.core.database import open_database\n"
              "from briefing_app.core.ops import entities as ent\n"
              "p = Path(sys.argv[1])\n"
              "cipher.unlock(p, sys.argv[2])\n"
              "db = open_database(p)\n"
              "v = ent.create(db, 'visit', None, {'title': 'Тоқаев 习近平 in the log', 'visit_type': "
              "'state visit', 'start_date': '2019-09-10', 'end_date': '2019-09-12', "
              "'home_tz': 'Asia/Almaty'})\n"
              "print('ready', flush=True)\n"
              "sys.stdin.readline()\n"
              "db.close()\n")
    holder = subprocess.Popen([sys.executable, "-c", script, str(db),
                               "first passphrase, Тоқаев"], cwd=ROOT, env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        files = [p for p in tmp_path.rglob("*") if p.is_file() and p not in (one, two)]
        names = {p.name for p in files}
        assert {"briefing.sqlite-wal", "briefing.sqlite-shm", "visit.bundle"} <= names
        assert any(p.parent.name == "briefing-backups" for p in files)
        for path in files:
            data = path.read_bytes()
            for needle in _demo_strings():
                assert needle not in data, f"{needle!r} in plain text in {path}"
            if path.name.endswith(".sqlite"):
                assert not data.startswith(b"SQLite format 3"), path
    finally:
        holder.communicate("\n", timeout=60)
    assert holder.returncode == 0
