"""`briefing-app server init` and `server add-user` (cli/server_commands.py): the three
steps of docs/team-server.md, run again without harm, and one clear line for each
mistake; a password is read from its file and never printed."""

from __future__ import annotations

import pytest

from briefing_app.cli import main
from briefing_app.core.schema_version import HEAD_REVISION
from tests.rls_server import DATABASE, OWNER, PRESS, drop, password_file, set_up


@pytest.fixture
def server(pg_cluster, tmp_path):
    yield set_up(pg_cluster, tmp_path)
    drop(pg_cluster)


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "-pw" not in out + err, "a password was printed"
    return code, out + err


def test_init_again_upgrades_nothing_and_keeps_the_policies(server, capsys):
    code, out = run(capsys, "server", "init", server.owner_url)
    assert code == 0 and f"schema {HEAD_REVISION}" in out and "row-level security forced" in out
    assert "***" in out


def test_add_user_then_again_updates_clearance_and_says_so(server, capsys, tmp_path):
    pw = str(password_file(tmp_path, PRESS))
    code, out = run(capsys, "server", "add-user", server.owner_url, PRESS, "--clearance",
                    "press", "--password-file", pw)
    assert code == 0 and f"User {PRESS} added" in out and "every visit" in out
    code, out = run(capsys, "server", "add-user", server.owner_url, PRESS, "--clearance",
                    "restricted", "--visit", str(server.visit_id), "--password-file", pw)
    assert code == 0 and "already exists" in out and "restricted" in out
    # the user connects with the password from the file
    code, out = run(capsys, "--db", server.url(PRESS), "list")
    assert code == 0 and "State visit Rls" in out


@pytest.mark.parametrize(("argv", "message"), [
    (["--clearance", "secret"], "unknown level 'secret'"),
    (["--clearance", "press", "--visit", "999"], "has no visit #999"),
])
def test_add_user_mistakes_get_one_line(server, capsys, tmp_path, argv, message):
    code, out = run(capsys, "server", "add-user", server.owner_url, PRESS, *argv,
                    "--password-file", str(password_file(tmp_path, PRESS)))
    assert code == 1 and message in out and out.count("\n") == 1


def test_add_user_refuses_a_role_that_is_not_a_user_and_a_bad_name(server, capsys, tmp_path):
    pw = str(password_file(tmp_path, PRESS))
    code, out = run(capsys, "server", "add-user", server.owner_url, OWNER, "--clearance",
                    "press", "--password-file", pw)
    assert code == 1 and "is not a user of this database" in out
    code, out = run(capsys, "server", "add-user", server.owner_url, "Robert'); DROP",
                    "--clearance", "press", "--password-file", pw)
    assert code == 1 and "is not a plain name" in out


def test_add_user_password_file_missing_or_empty(server, capsys, tmp_path):
    code, out = run(capsys, "server", "add-user", server.owner_url, PRESS, "--clearance",
                    "press", "--password-file", str(tmp_path / "none"))
    assert code == 1 and "no password file" in out
    (tmp_path / "empty").write_text("\n", encoding="utf-8")
    code, out = run(capsys, "server", "add-user", server.owner_url, PRESS, "--clearance",
                    "press", "--password-file", str(tmp_path / "empty"))
    assert code == 1 and "is empty" in out


def test_init_as_a_superuser_and_add_user_before_init_are_refused(pg_cluster, capsys,
                                                                  tmp_path):
    drop(pg_cluster)
    pg_cluster.create_database(DATABASE)
    try:
        url = pg_cluster.libpq_url(DATABASE, "postgres", pg_cluster.password)
        code, out = main(["server", "init", url]), capsys.readouterr()
        assert code == 1 and "not as a superuser" in out.err
        code, out = main(["server", "add-user", url, PRESS, "--clearance", "press",
                          "--password-file", str(password_file(tmp_path, PRESS))]), \
            capsys.readouterr()
        assert code == 1 and "run `briefing-app server init` first" in out.err
    finally:
        drop(pg_cluster)
