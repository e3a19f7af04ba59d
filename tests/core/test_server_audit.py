"""The audit trail on a team server (core/server_audit.py): a write by a user appears
with that user's login and the names (never the contents) of the columns it changed;
that user cannot UPDATE, DELETE, TRUNCATE or INSERT into audit_log with plain SQL, even
when given every table right; pack, bundle and calendar exports are logged with their
edition, copies and recipients; `audit` shows it per visit and per item."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from briefing_app.cli import main
from briefing_app.core import models as M
from briefing_app.core import server_audit
from briefing_app.core.errors import DatabaseError
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops.visits import list_visits
from briefing_app.core.server_db import open_server

SECRET = "Background NOT FOR DISCLOSURE: the minister's health"


def _migration(name: str):
    path = Path(__file__).parents[2] / "db" / "versions" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"m_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_migration_froze_the_tables_core_kinds_declares():
    # 0010 audits every data table it knew; 0013 adds the passport rows' table, 0014
    # the events' restricted briefs
    frozen = (_migration("0010_audit").TARGETS + _migration("0013_delegate_passports").AUDITED
              + _migration("0014_event_briefs").AUDITED
              + _migration("0015_visit_briefs").AUDITED)
    assert sorted(frozen) == sorted(server_audit.audit_targets())
    assert len(frozen) == len(server_audit.audit_targets())


@pytest.fixture
def team(pg_cluster, _pg_templates, request) -> Iterator[tuple[str, str, str]]:
    """A fresh demo database owned by the cluster's superuser, and a plain login role
    given every table right (wider than docs/team-server.md says): (owner, user URLs, name)."""
    name = "aud_" + "".join(c if c.isalnum() else "_" for c in request.node.name.lower())[:40]
    user = "audit_anna"
    pg_cluster.drop_database(name)
    owner = pg_cluster.copy_database(_pg_templates["demo"], name)
    pg_cluster._admin(f"DROP ROLE IF EXISTS {user}")
    pg_cluster._admin(f"CREATE ROLE {user} LOGIN PASSWORD 'anna-pw'")
    libpq = pg_cluster.libpq_url(name, "postgres", pg_cluster.password)
    with psycopg.connect(libpq, autocommit=True) as conn:
        conn.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA "
                     f"public TO {user}")
        conn.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {user}")
    yield owner, pg_cluster.libpq_url(name, user, "anna-pw"), user
    pg_cluster.drop_database(name)
    pg_cluster._admin(f"DROP ROLE IF EXISTS {user}")


def test_a_write_by_a_user_is_in_the_audit_with_that_login_and_no_content(team):
    _owner, url, user = team
    db = open_server(url)
    try:
        visit = list_visits(db)[0]
        event = ent.list_for_visit(db, "event", visit.id)[0]
        ent.update(db, "event", event.id, {"title": "Talks", "background_nfd": SECRET}, event.row_version)
        person = ent.create(db, "person", visit.id, {"native_name": "Ли Цян", "biography": SECRET})
        ent.delete(db, "person", person.id)
        lines = server_audit.entries(db, item=("events", event.id))
        # the event's line, and its restricted brief's (0014_event_briefs): one edit
        assert {(e.login, e.table) for e in lines[:2]} == {
            (user, "events"), (user, "event_briefs")}
        changed = next(e for e in lines if e.table == "events")
        assert changed.action == "update" and set(changed.columns) == {"title"}
        assert changed.new_version == changed.old_version + 1 == event.row_version + 1
        brief = next(e for e in lines if e.table == "event_briefs")
        had_brief = any(getattr(event, f) for f in M.companion_fields(M.Event))
        assert brief.action == ("update" if had_brief else "insert")
        assert not had_brief or set(brief.columns) == {"background_nfd"}
        assert [e.action for e in server_audit.entries(db, item=("people", person.id))] == \
            ["delete", "insert"]
        in_visit = server_audit.entries(db, visit_id=visit.id, limit=4)  # ours: newest first
        assert {e.row_id for e in in_visit} >= {event.id, person.id}
        assert all(e.visit_id == visit.id and e.login == user for e in in_visit)
        assert server_audit.count(db, visit_id=visit.id) >= 3
        with db.read() as s:  # nothing of the restricted text is in the trail
            dump = s.connection().exec_driver_sql("SELECT audit_log::text FROM audit_log").all()
        assert dump and not any("NOT FOR DISCLOSURE" in row[0] for row in dump)
    finally:
        db.close()


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET login = 'someone else'",
    "DELETE FROM audit_log",
    "TRUNCATE audit_log",
    "INSERT INTO audit_log (table_name, action) VALUES ('visits', 'delete')",
])
def test_the_user_cannot_change_the_audit_with_plain_sql(team, statement):
    owner, url, user = team
    db = open_server(url)
    visit = list_visits(db)[0]
    ent.update(db, "visit", visit.id, {"notes": "seen"}, visit.row_version)
    db.close()
    # with every table right (the triggers refuse) and after install() took them back
    for message in ("the audit trail (is written by the server only|cannot be changed)",
                    "permission denied"):
        with psycopg.connect(url) as conn, pytest.raises(psycopg.Error, match=message):
            conn.execute(statement)
        if message == "permission denied":
            break
        from sqlalchemy import create_engine

        engine = create_engine(owner)
        with engine.begin() as conn:
            server_audit.install(conn)  # idempotent; revokes the write rights
        engine.dispose()
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM audit_log WHERE login = %s",
                            (user,)).fetchone()[0] >= 1
        # the export function records the caller's own login, whatever it is given
        conn.execute("SELECT audit_export(%s, '{\"what\": \"pack\", \"login\": \"x\"}')",
                     (visit.id,))
        assert conn.execute("SELECT login FROM audit_log ORDER BY id DESC LIMIT 1"
                            ).fetchone()[0] == user
    # the owner's normal use cannot change it either
    with psycopg.connect(owner.replace("+psycopg", "")) as conn, \
            pytest.raises(psycopg.Error, match="cannot be changed"):
        conn.execute("DELETE FROM audit_log")


def test_exports_are_logged_and_audit_shows_them(server_url, tmp_path, capsys):
    def cli(*argv: str) -> str:
        code = main(["--db", server_url, *argv])
        out, err = capsys.readouterr()
        assert code == 0, err
        assert "Traceback" not in out + err
        return out

    db = open_server(server_url)
    visit = list_visits(db)[0]
    ent.update(db, "visit", visit.id, {"distribution": "Embassy Beijing\nPress office"},
               visit.row_version)
    db.close()
    cli("export", str(visit.id), "--out", str(tmp_path / "pack.pdf"), "--edition",
        "delegation", "--copies", "3")
    cli("export-bundle", str(visit.id), "--out", str(tmp_path / "v.json"))
    cli("export-ics", str(visit.id), "--out", str(tmp_path / "v.ics"))
    out = cli("audit", "--visit", str(visit.id))
    lines = out.splitlines()
    user = server_url.split("//")[1].split(":")[0]
    assert "exported the calendar" in lines[0] and user in lines[0]
    assert "exported the bundle" in lines[1]
    assert "exported the delegation pack copies 1–3 (1: Embassy Beijing; 2: Press office)" \
        in lines[2]
    assert "changed visit" in out and "distribution" in out
    assert "added " in cli("audit", "--limit", "0")  # the demo's rows, as they were loaded
    out = cli("audit", "--item", f"visit:{visit.id}", "--limit", "1")
    assert len(out.splitlines()) == 2 and "older line(s) not shown" in out
    db = open_server(server_url)
    try:
        pack = next(e for e in server_audit.entries(db, visit_id=visit.id)
                    if e.action == "export" and e.detail["what"] == "pack")
        assert pack.detail["copies"] == 3 and pack.detail["edition"] == "delegation"
        assert pack.detail["recipients"] == ["Embassy Beijing", "Press office", ""]
    finally:
        db.close()


def test_audit_refuses_a_file_and_a_bad_item(db_path, capsys, server_url):
    assert main(["--db", str(db_path), "audit"]) != 0
    assert "keeps no audit trail" in capsys.readouterr().err
    assert main(["--db", server_url, "audit", "--item", "nonsense"]) != 0
    assert "is not KIND:ID" in capsys.readouterr().err
    db = open_server(server_url)
    db.close()
    with pytest.raises(DatabaseError, match="kept on a team server only"):
        from briefing_app.core.database import open_database

        server_audit.count(open_database(db_path))
