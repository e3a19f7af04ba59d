"""Every command with `--db postgresql://…` (a team server, core/server_db.py), on the
test run's throw-away cluster: the commands that read or change data work on it as on a
file; the ones that work on the file itself refuse it by name; a bad address or a server
that does not answer gets one line saying what is wrong; the password is never printed."""

from __future__ import annotations

import csv
import zipfile

import pytest

from briefing_app.cli import main
from tests.conftest import PASSWORD_WORD


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert PASSWORD_WORD not in out + err, "the password was printed"
    assert "Traceback" not in out + err
    return code, out, err


def test_list_show_search_and_check_read_the_server(capsys, server_url):
    code, out, err = run(capsys, "--db", server_url, "list")
    assert code == 0, err
    assert "2019-09-10 – 2019-09-12" in out
    code, out, err = run(capsys, "--db", server_url, "show", "China")
    assert code == 0, err
    assert "Қасым-Жомарт Тоқаев" in out and "习近平" in out
    code, out, err = run(capsys, "--db", server_url, "search", "习近平")
    assert code == 0, err
    assert "习近平" in out
    code, out, err = run(capsys, "--db", server_url, "check")
    assert code == 0, err
    last = out.strip().splitlines()[-1]  # after the protocol office's warnings
    assert last.startswith("postgresql://") and "integrity ok" in last and "***" in last


def test_demo_and_imports_write_to_the_server(capsys, server_url, tmp_path):
    code, out, err = run(capsys, "--db", server_url, "demo")
    assert code == 0 and "already there" in out, err
    bundle = tmp_path / "visit.json"
    code, out, err = run(capsys, "--db", server_url, "export-bundle", "China", "--out", str(bundle))
    assert code == 0, err
    ics = tmp_path / "visit.ics"
    code, _, err = run(capsys, "--db", server_url, "export-ics", "China", "--out", str(ics))
    assert code == 0 and "BEGIN:VEVENT" in ics.read_text(encoding="utf-8"), err
    sheet = tmp_path / "programme.csv"
    with sheet.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Date", "Start", "End", "Title"])
        w.writerow(["2019-09-11", "21:00", "22:00", "Встреча с диаспорой 习近平"])
    code, out, err = run(capsys, "--db", server_url, "import-programme", str(sheet),
                         "--visit", "China")
    assert code == 0, err
    code, out, err = run(capsys, "--db", server_url, "show", "China")
    assert code == 0 and "Встреча с диаспорой 习近平" in out, err
    code, out, err = run(capsys, "--db", server_url, "import-ics", str(ics), "--visit", "China")
    assert code == 0, err
    code, out, err = run(capsys, "--db", server_url, "import-bundle", str(bundle))
    assert code == 0, err


def test_exports_read_the_server(capsys, server_url, tmp_path):
    pdf = tmp_path / "pack.pdf"
    code, _, err = run(capsys, "--db", server_url, "export", "China", "--out", str(pdf))
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")
    xlsx = tmp_path / "programme.xlsx"
    code, _, err = run(capsys, "--db", server_url, "export-programme", "China", "--out", str(xlsx))
    assert code == 0, err
    assert zipfile.is_zipfile(xlsx)


@pytest.mark.parametrize("argv", [
    ["backup"], ["backups"], ["restore", "latest"], ["journal", "apply"],
    ["encrypt"], ["change-passphrase", "--new-passphrase-file", "x"],
    ["clean-copy", "x.sqlite"],
], ids=lambda a: a[0])
def test_file_only_commands_refuse_a_server_by_name(capsys, server_url, argv):
    code, out, err = run(capsys, "--db", server_url, *argv)
    assert code == 1 and out == ""
    assert err.count("\n") == 1
    assert f"`{argv[0]}` works on a database file, not on the team server" in err
    assert "***" in err  # the address is named, its password masked


@pytest.mark.parametrize(("url", "expected"), [
    ("postgresql://u:{pw}@127.0.0.1:notaport/db", "not a valid URL"),
    ("postgresql://u:{pw}@127.0.0.1:5432/", "names no database"),
    ("mysql://u:{pw}@127.0.0.1:3306/db", "unsupported database server 'mysql'"),
    ("postgresql://u:{pw}@no-such-host.invalid:5432/db", "cannot reach the database server"),
], ids=["port", "no-database", "mysql", "unknown-host"])
def test_a_bad_address_gets_one_clear_line(capsys, url, expected):
    code, out, err = run(capsys, "--db", url.format(pw=PASSWORD_WORD), "list")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and expected in err, err


def test_an_unreachable_or_refusing_server_gets_one_clear_line(capsys, pg_cluster, server_url):
    from tests.pg_cluster import _free_port

    closed = server_url.replace(f":{pg_cluster.port}/", f":{_free_port()}/")
    code, out, err = run(capsys, "--db", closed, "list")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "cannot reach the database server" in err and "Connection refused" in err
    wrong = server_url.replace(f"{PASSWORD_WORD}%40x", f"{PASSWORD_WORD}-wrong")
    code, out, err = run(capsys, "--db", wrong, "list")
    assert code == 1 and err.count("\n") == 1
    assert "refused the user name or password" in err


def test_a_server_without_the_schema_is_named(capsys, pg_cluster):
    pg_cluster.drop_database("cli_bare")
    pg_cluster.create_database("cli_bare")
    url = pg_cluster.libpq_url("cli_bare", "postgres", pg_cluster.password)
    try:
        code, out, err = run(capsys, "--db", url, "list")
    finally:
        pg_cluster.drop_database("cli_bare")
    assert code == 1 and err.count("\n") == 1
    assert "has no Briefing App schema" in err
    assert pg_cluster.password not in err


def test_a_url_without_password_takes_it_from_the_pgpass_file(capsys, server_url, tmp_path,
                                                               monkeypatch):
    """docs/team-server.md: libpq's password file keeps the password off the command line."""
    from urllib.parse import urlsplit

    parts = urlsplit(server_url)
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{parts.port}:{parts.path[1:]}:{parts.username}:"
                      f"{PASSWORD_WORD}@x\n", encoding="utf-8")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    bare = f"postgresql://{parts.username}@127.0.0.1:{parts.port}{parts.path}"
    code, out, err = run(capsys, "--db", bare, "list")
    assert code == 0, err
    assert "2019-09-10 – 2019-09-12" in out
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    code, out, err = run(capsys, "--db", bare, "list")
    assert code == 1 and err.count("\n") == 1, err
    assert "the server asks for a password" in err and "~/.pgpass" in err
