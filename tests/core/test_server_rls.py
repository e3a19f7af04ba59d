"""Row-level security on the team server (core/server_policies.py): a press-cleared user
reading every table with psql and plain SQL finds no restricted text, and neither do the
app's show, search and exports; a restricted-cleared user reads restricted but not
confidential; a write above a user's clearance is refused with a clear message."""

from __future__ import annotations

import subprocess

import pytest

from briefing_app.cli import main
from tests.rls_server import (
    DELEGATE_ROLE,
    LUNCH_TEXT,
    PRESS,
    PUBLIC_TEXT,
    RESTRICTED,
    SECRET_CONFIDENTIAL,
    SECRET_RESTRICTED,
    password_file,
)


def psql() -> str:
    """The cluster's psql (beside its initdb), else the one on PATH."""
    import shutil

    from pg_cluster import pg_bin_dir

    beside = pg_bin_dir() / "psql"
    found = str(beside) if beside.exists() else shutil.which("psql")
    assert found, "psql is not installed (it comes with the postgresql package)"
    return found


def psql_every_table(server, user: str) -> str:
    """Everything `user` reads with psql: SELECT * FROM every table of the schema."""
    tables = subprocess.run(
        [psql(), "-At", "-d", server.url(user), "-c",
         "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"],
        capture_output=True, text=True, check=True, timeout=60).stdout.split()
    assert "talking_points" in tables and "search_index_docs" in tables
    sql = "".join(f"SELECT * FROM {t};" for t in tables)
    return subprocess.run([psql(), "-At", "-d", server.url(user),
                           "-c", sql], capture_output=True, text=True, check=True,
                          timeout=60).stdout


def folded(text: str) -> str:
    return text.casefold()


def test_psql_as_a_press_user_shows_no_restricted_text_in_any_table(rls):
    seen = psql_every_table(rls, PRESS)
    assert PUBLIC_TEXT in seen  # the user does read, and reads the public programme
    for secret in (*SECRET_RESTRICTED, *SECRET_CONFIDENTIAL):
        assert folded(secret) not in folded(seen), secret
        assert folded(secret.split()[0]) not in folded(seen), secret  # nor its index text


def test_a_press_user_reads_the_delegation_list_but_not_the_passports(rls):
    """The passport data live in rows of their own (0013_delegate_passports): the
    press-level delegate is read, its restricted passport row is not, in psql and in
    the app; a restricted user reads both."""
    from briefing_app.core.ops import entities as ent
    from briefing_app.core.server_db import open_server

    seen = psql_every_table(rls, PRESS)
    assert DELEGATE_ROLE in seen and SECRET_RESTRICTED[1] not in seen
    count = subprocess.run([psql(), "-At", "-d", rls.url(PRESS), "-c",
                            "SELECT count(*) FROM delegate_passports"],
                           capture_output=True, text=True, check=True, timeout=60).stdout
    assert count.strip() == "0"
    for user, number in ((PRESS, ""), (RESTRICTED, SECRET_RESTRICTED[1])):
        db = open_server(rls.url(user))
        try:
            [delegate] = ent.list_for_visit(db, "delegate", rls.visit_id)
            assert delegate.delegation_role == DELEGATE_ROLE
            assert delegate.passport_number == number, user
            assert ent.get(db, "delegate", delegate.id).passport_number == number, user
        finally:
            db.close()


def test_a_press_user_reads_the_event_but_not_its_positions(rls):
    """An event's positions live in a row of their own (0014_event_briefs), and so do
    the visit's (0015_visit_briefs): the press user reads the public event and the
    visit with their positions empty, in psql, the app and search; a restricted user
    reads them and finds the event's by search as the event's brief."""
    from briefing_app.core.ops import entities as ent
    from briefing_app.core.search import search
    from briefing_app.core.server_db import open_server

    count = subprocess.run([psql(), "-At", "-d", rls.url(PRESS), "-c",
                            "SELECT count(*) FROM event_briefs UNION ALL "
                            "SELECT count(*) FROM visit_briefs"],
                           capture_output=True, text=True, check=True, timeout=60).stdout
    assert count.split() == ["0", "0"]
    term = SECRET_RESTRICTED[3].split()[0]
    for user, objectives, found in ((PRESS, "", []), (RESTRICTED, SECRET_RESTRICTED[3],
                                                      ["event_brief"])):
        db = open_server(rls.url(user))
        try:
            event = next(e for e in ent.list_for_visit(db, "event", rls.visit_id)
                         if e.title == PUBLIC_TEXT)
            assert event.objectives == objectives, user
            assert ent.get(db, "event", event.id).objectives == objectives, user
            assert [h.kind for h in search(db, term)] == found, user
            # the visit's risks likewise (0015_visit_briefs)
            risks = "" if user == PRESS else SECRET_RESTRICTED[4]
            assert ent.get(db, "visit", rls.visit_id).risks == risks, user
        finally:
            db.close()


def test_search_entries_holding_a_hidden_persons_name_are_hidden_too(rls):
    """A public event attended by a restricted person, and a press-level room of that
    person: their search entries hold the name, so a press user finds neither by search
    (the event stays in the programme); a restricted user finds both."""
    from briefing_app.core.ops import entities as ent
    from briefing_app.core.search import search
    from briefing_app.core.server_db import open_server

    name = SECRET_RESTRICTED[2]
    db = open_server(rls.url(PRESS))
    try:
        assert search(db, name) == [] and search(db, LUNCH_TEXT) == []
        assert search(db, "1208") == []
        assert LUNCH_TEXT in {e.title for e in ent.list_for_visit(db, "event", rls.visit_id)}
        assert [h.kind for h in search(db, PUBLIC_TEXT)] == ["event"]  # no hidden guest
        # what such a user exports or takes offline: the room without its hidden person
        from briefing_app.interop.bundle_export import bundle_dict

        data = bundle_dict(db, rls.visit_id)
        assert [(r["room"], r["person"]) for r in data["rooms"]] == [("1208", None)]
        assert all(p["native_name"] != name for p in data["people"])
    finally:
        db.close()
    db = open_server(rls.url(RESTRICTED))
    try:
        assert {h.kind for h in search(db, name)} == {"person", "event", "room"}
        assert [h.kind for h in search(db, LUNCH_TEXT)] == ["event"]
    finally:
        db.close()


def test_a_restricted_user_reads_restricted_but_not_confidential(rls):
    seen = psql_every_table(rls, RESTRICTED)
    for secret in SECRET_RESTRICTED:
        assert secret in seen
    assert folded(SECRET_CONFIDENTIAL[0].split()[0]) not in folded(seen)


def test_a_user_without_a_clearance_row_sees_nothing(rls, tmp_path):
    assert main(["server", "add-user", rls.owner_url, "rls_other", "--clearance",
                 "confidential", "--visit", str(rls.visit_id),
                 "--password-file", str(password_file(tmp_path, "rls_other"))]) == 0
    from sqlalchemy import create_engine

    engine = create_engine(rls.owner_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM clearances WHERE role_name = 'rls_other'")
    engine.dispose()
    seen = psql_every_table(rls, "rls_other")
    assert PUBLIC_TEXT not in seen and "State visit Rls" not in seen


def test_the_app_as_a_press_user_shows_and_exports_no_restricted_text(rls, capsys, tmp_path):
    url = rls.url(PRESS)
    outputs = []
    assert main(["--db", url, "show", "Rls"]) == 0
    outputs.append(capsys.readouterr().out)
    for word in ("Restricted-line-Qx7", "P7734912", "Confidential-note-Zk4", "fallback"):
        main(["--db", url, "search", word])
        out, err = capsys.readouterr()
        assert "No matches" in out and "Traceback" not in err, out  # (it repeats the query)
    # the same search as a restricted user finds the point (so the search itself works)
    assert main(["--db", rls.url(RESTRICTED), "search", "Restricted-line-Qx7"]) == 0
    assert "No matches" not in capsys.readouterr().out
    bundle, ics, pack = tmp_path / "v.json", tmp_path / "v.ics", tmp_path / "v.pdf"
    for argv in (["export-bundle", "Rls", "--out", str(bundle)],
                 ["export-ics", "Rls", "--out", str(ics)],
                 ["export", "Rls", "--edition", "delegation", "--out", str(pack)]):
        code = main(["--db", url, *argv])
        out, err = capsys.readouterr()
        assert code == 0, err
    outputs += [bundle.read_text(encoding="utf-8"), ics.read_text(encoding="utf-8")]
    from pypdf import PdfReader

    outputs.append("".join(page.extract_text() or "" for page in PdfReader(pack).pages))
    seen = "\n".join(outputs)
    assert "Made at level: press" in outputs[-1]  # the reader's clearance, on the cover
    assert PUBLIC_TEXT in seen
    for secret in (*SECRET_RESTRICTED, *SECRET_CONFIDENTIAL):
        assert folded(secret.split()[0]) not in folded(seen), secret


def test_a_write_above_the_users_clearance_is_refused_clearly(rls):
    from briefing_app.core.errors import DatabaseError
    from briefing_app.core.ops import entities as ent
    from briefing_app.core.server_db import open_server

    db = open_server(rls.url(RESTRICTED))
    try:
        with pytest.raises(DatabaseError, match="your clearance does not allow this change"):
            ent.create(db, "talking_point", rls.visit_id, {"text": "x", "level": "confidential"})
        point = ent.create(db, "talking_point", rls.visit_id, {"text": "ours",
                                                                "level": "restricted"})
        with pytest.raises(DatabaseError, match="your clearance does not allow this change"):
            ent.update(db, "talking_point", point.id, {"level": "confidential"})
    finally:
        db.close()
    db = open_server(rls.url(PRESS))
    try:
        with pytest.raises(DatabaseError, match="your clearance does not allow this change"):
            ent.create(db, "talking_point", rls.visit_id, {"text": "y", "level": "restricted"})
    finally:
        db.close()


def test_every_table_with_visit_data_forces_row_level_security(rls):
    from sqlalchemy import create_engine

    from briefing_app.core import server_policies as P

    engine = create_engine(rls.owner_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        forced = set(P.protected_tables(conn))
        every = set(P.schema_tables(conn))
    engine.dispose()
    assert every - forced == {*P.READ_ONLY, *P.NO_VISIT_DATA}


def test_under_server_init_the_audit_is_read_by_the_cleared_and_written_by_no_user(rls, tmp_path):
    """`server init` forces row-level security on every table, the audit's too: the
    cleared read the lines of their visit (who changed what), a user without a clearance
    reads none, and nobody writes one by hand."""
    import psycopg

    from briefing_app.core import server_audit
    from briefing_app.core.ops import entities as ent
    from briefing_app.core.server_db import open_server

    db = open_server(rls.url(RESTRICTED))
    try:
        point = ent.create(db, "talking_point", rls.visit_id, {"text": "audited",
                                                                "level": "restricted"})
    finally:
        db.close()
    db = open_server(rls.url(PRESS))
    try:
        lines = server_audit.entries(db, visit_id=rls.visit_id)
    finally:
        db.close()
    assert any(e.login == RESTRICTED and e.table == "talking_points" and e.row_id == point.id
               and e.action == "insert" for e in lines)
    assert "audited" not in repr(lines)  # names and columns, never content
    with psycopg.connect(rls.url(PRESS)) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM audit_log")
    assert main(["server", "add-user", rls.owner_url, "rls_nobody", "--clearance", "public",
                 "--visit", str(rls.visit_id),
                 "--password-file", str(password_file(tmp_path, "rls_nobody"))]) == 0
    from sqlalchemy import create_engine

    engine = create_engine(rls.owner_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM clearances WHERE role_name = 'rls_nobody'")
    engine.dispose()
    db = open_server(rls.url("rls_nobody"))
    try:
        assert server_audit.entries(db, visit_id=rls.visit_id) == []
    finally:
        db.close()


def test_under_server_init_a_cleared_user_deletes_and_takes_offline_only_what_they_may_read(
        rls, tmp_path):
    """A user's delete writes its tombstone (the sync's log of deletions) through the
    policies; a press user's offline copy holds no restricted text, and its sync runs."""
    import contextlib
    import sqlite3

    from sqlalchemy import select

    from briefing_app.core.database import open_database
    from briefing_app.core.models import Visit
    from briefing_app.core.ops import entities as ent
    from briefing_app.core.server_db import open_server
    from briefing_app.core.sync.run import sync, take_offline

    server = open_server(rls.url(RESTRICTED))
    try:
        point = ent.create(db=server, kind="talking_point", visit_id=rls.visit_id,
                           values={"text": "to be deleted", "level": "restricted"})
        assert ent.delete(server, "talking_point", point.id, expected_version=point.row_version)
        with server.read() as s:
            stones = s.connection().exec_driver_sql(
                "SELECT count(*) FROM sync_tombstones WHERE table_name = 'talking_points'"
            ).scalar()
        assert stones == 1
    finally:
        server.close()
    server = open_server(rls.url(PRESS))
    local = open_database(tmp_path / "press-laptop.sqlite", create=True)
    try:
        take_offline(local, server, rls.url(PRESS), str(rls.visit_id))
        with local.read() as s:
            uuid = s.scalar(select(Visit.uuid))
        sync(local, server, uuid)
    finally:
        local.close()
        server.close()
    with contextlib.closing(sqlite3.connect(tmp_path / "press-laptop.sqlite")) as conn:
        dump = "\n".join(conn.iterdump())
    assert PUBLIC_TEXT in dump
    for secret in (*SECRET_RESTRICTED, *SECRET_CONFIDENTIAL):
        assert secret not in dump


def test_a_delete_cascading_into_rows_the_user_may_not_read_is_refused(rls):
    """ON DELETE CASCADE runs past the policies: a press user deleting the visit (which
    they may read) would take its restricted and confidential rows with it. The delete
    guard refuses with the clearance message, and nothing is deleted; a restricted user
    deleting a person whose rows they may all read succeeds."""
    from sqlalchemy import create_engine

    from briefing_app.core.errors import DatabaseError
    from briefing_app.core.ops import entities as ent
    from briefing_app.core.server_db import open_server

    def counts() -> tuple[int, ...]:
        engine = create_engine(rls.owner_url)
        try:
            with engine.connect() as conn:
                return tuple(conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar()
                             for t in ("visits", "talking_points", "people", "rooms",
                                       "delegates", "delegate_passports"))
        finally:
            engine.dispose()

    before = counts()
    db = open_server(rls.url(PRESS))
    try:
        visit = ent.get(db, "visit", rls.visit_id)
        with pytest.raises(DatabaseError, match="your clearance does not allow this change"):
            ent.delete(db, "visit", visit.id, visit.row_version)
        # the press-level delegate: its restricted passport row would go with it
        [delegate] = ent.list_for_visit(db, "delegate", rls.visit_id)
        with pytest.raises(DatabaseError, match="your clearance does not allow this change"):
            ent.delete(db, "delegate", delegate.id, delegate.row_version)
    finally:
        db.close()
    assert counts() == before
    db = open_server(rls.url(RESTRICTED))
    try:
        guest = next(p for p in ent.list_for_visit(db, "person", rls.visit_id)
                     if p.native_name == SECRET_RESTRICTED[2])
        ent.delete(db, "person", guest.id, guest.row_version)  # takes the room with it
    finally:
        db.close()
    assert counts() == (before[0], before[1], before[2] - 1, before[3] - 1, *before[4:])


def test_the_owners_rights_function_tells_nothing_outside_ones_clearance(rls, tmp_path):
    """briefing_participants_readable runs with the owner's rights: it answers for the
    logged-in user only (no rank to pass), false for a visit they hold no clearance for,
    and no role outside the app's users may call it."""
    rows = {}
    for user in (PRESS, RESTRICTED):
        rows[user] = subprocess.run(
            [psql(), "-At", "-d", rls.url(user), "-c",
             "SELECT e.title, public.briefing_participants_readable(e.id) FROM events e "
             "ORDER BY e.title"], capture_output=True, text=True, check=True,
            timeout=60).stdout.split()
    assert f"{LUNCH_TEXT}|f" in rows[PRESS] and f"{LUNCH_TEXT}|t" in rows[RESTRICTED]
    assert f"{PUBLIC_TEXT}|t" in rows[PRESS]
    rls.cluster._admin("DROP ROLE IF EXISTS rls_stranger")
    rls.cluster._admin("CREATE ROLE rls_stranger LOGIN PASSWORD 'rls_stranger-pw'")
    rls.cluster._admin("GRANT CONNECT ON DATABASE rls_visits TO rls_stranger")
    try:
        refused = subprocess.run(
            [psql(), "-At", "-d", rls.url("rls_stranger"), "-c",
             "SELECT public.briefing_participants_readable(1)"],
            capture_output=True, text=True, timeout=60)
        assert refused.returncode != 0 and "permission denied" in refused.stderr
    finally:
        rls.cluster._admin("DROP OWNED BY rls_stranger")
        rls.cluster._admin("DROP ROLE rls_stranger")


def test_after_upgrading_to_0013_passports_stay_hidden_until_server_init(rls):
    """A server with row-level security upgraded over 0013 (the owner runs only the
    migration): users still read the delegation list, with no passport in it, until
    `server init` installs the new table's policy; then the cleared read them again."""
    from alembic import command

    from briefing_app.core.migrations import server_config, upgrade_server
    from briefing_app.core.ops import entities as ent
    from briefing_app.core.search import search
    from briefing_app.core.server_db import open_server

    command.downgrade(server_config(rls.owner_url), "0012_type_columns")
    upgrade_server(rls.owner_url)
    for user in (PRESS, RESTRICTED):
        db = open_server(rls.url(user))
        try:
            [delegate] = ent.list_for_visit(db, "delegate", rls.visit_id)
            assert delegate.delegation_role == DELEGATE_ROLE and delegate.passport_number == ""
            # likewise an event's positions (0014_event_briefs)
            event = next(e for e in ent.list_for_visit(db, "event", rls.visit_id)
                         if e.title == PUBLIC_TEXT)
            assert event.objectives == ""
        finally:
            db.close()
    assert main(["server", "init", rls.owner_url]) == 0
    db = open_server(rls.url(RESTRICTED))
    try:
        [delegate] = ent.list_for_visit(db, "delegate", rls.visit_id)
        assert delegate.passport_number == SECRET_RESTRICTED[1]
        event = next(e for e in ent.list_for_visit(db, "event", rls.visit_id)
                     if e.title == PUBLIC_TEXT)
        assert event.objectives == SECRET_RESTRICTED[3]
        assert [h.kind for h in search(db, SECRET_RESTRICTED[3].split()[0])] == ["event_brief"]
    finally:
        db.close()


def test_a_press_user_edits_an_event_a_hidden_guest_attends(rls):
    """The press user may edit the public lunch, whose search entry holds a restricted
    guest's name they may not read: the save goes through, and the restricted user still
    finds the lunch by the guest's name (the entry is not rebuilt without it)."""
    from briefing_app.core.ops import entities as ent
    from briefing_app.core.search import search
    from briefing_app.core.server_db import open_server

    db = open_server(rls.url(PRESS))
    try:
        lunch = next(e for e in ent.list_for_visit(db, "event", rls.visit_id)
                     if e.title == LUNCH_TEXT)
        ent.update(db, "event", lunch.id, {"title": LUNCH_TEXT + " moved"}, lunch.row_version)
    finally:
        db.close()
    db = open_server(rls.url(RESTRICTED))
    try:
        assert {h.title for h in search(db, SECRET_RESTRICTED[2]) if h.kind == "event"} == {
            LUNCH_TEXT + " moved"}
        assert search(db, "moved") == []  # the entry waits for someone who may rebuild it
        # the next save by such a user rebuilds it, guest and new title together
        ent.create(db, "fact", rls.visit_id, {"statement": "Trade grew"})
        assert [h.kind for h in search(db, f"{SECRET_RESTRICTED[2]} moved")] == ["event"]
    finally:
        db.close()


def test_a_press_users_rename_reindexes_the_brief_they_cannot_read(rls):
    """The brief's entry is titled by its event: renamed by a user who may not read the
    brief, it is still marked for re-indexing (the trigger runs with the owner's rights),
    so a cleared user finds it under the new title and no longer under the old."""
    from briefing_app.core.ops import entities as ent
    from briefing_app.core.search import search
    from briefing_app.core.server_db import open_server

    db = open_server(rls.url(PRESS))
    try:
        event = next(e for e in ent.list_for_visit(db, "event", rls.visit_id)
                     if e.title == PUBLIC_TEXT)
        ent.update(db, "event", event.id, {"title": "Renamed-Rn4 ceremony"}, event.row_version)
    finally:
        db.close()
    db = open_server(rls.url(RESTRICTED))
    try:
        ent.create(db, "fact", rls.visit_id, {"statement": "Trade grew"})  # a save drains
        assert [h.kind for h in search(db, "Renamed-Rn4")] == ["event", "event_brief"]
        assert [h.kind for h in search(db, PUBLIC_TEXT)] == []
    finally:
        db.close()


def test_an_events_history_shows_its_brief_only_to_those_who_may_read_it(rls):
    from briefing_app.core import server_audit
    from briefing_app.core.ops import entities as ent
    from briefing_app.core.server_db import open_server

    db = open_server(rls.url(RESTRICTED))
    try:
        event = next(e for e in ent.list_for_visit(db, "event", rls.visit_id)
                     if e.title == PUBLIC_TEXT)
        ent.update(db, "event", event.id, {"do_not_raise": "Debt"}, event.row_version)
        tables = [e.table for e in server_audit.entries(db, item=("events", event.id))]
        assert "event_briefs" in tables and "events" in tables
    finally:
        db.close()
    db = open_server(rls.url(PRESS))
    try:
        lines = server_audit.entries(db, item=("events", event.id))
        assert lines and {e.table for e in lines} == {"events"}
    finally:
        db.close()


def test_a_press_user_typing_into_a_restricted_field_is_refused_clearly(rls):
    """Their event's positions are hidden from them; writing one would make a restricted
    row above their clearance: refused with the clearance message, nothing saved."""
    from briefing_app.core.errors import DatabaseError
    from briefing_app.core.ops import entities as ent
    from briefing_app.core.server_db import open_server

    db = open_server(rls.url(PRESS))
    try:
        event = next(e for e in ent.list_for_visit(db, "event", rls.visit_id)
                     if e.title == PUBLIC_TEXT)
        with pytest.raises(DatabaseError) as info:
            ent.update(db, "event", event.id, {"if_raised": "Say yes"}, event.row_version)
        assert "your clearance does not allow this change" in str(info.value)
        assert ent.get(db, "event", event.id).row_version == event.row_version
    finally:
        db.close()
    db = open_server(rls.url(RESTRICTED))
    try:
        event = ent.get(db, "event", event.id)
        assert (event.objectives, event.if_raised) == (SECRET_RESTRICTED[3], "")
    finally:
        db.close()


def test_the_policy_functions_need_no_search_path_and_set_none(rls):
    """The functions the policies call per row name everything with its schema, so a
    user's own search_path changes nothing, and they carry no SET clause (a per-call
    setting made a user's save several times slower)."""
    def run(sql: str) -> str:
        return subprocess.run([psql(), "-At", "-d", rls.url(PRESS), "-c", sql],
                              capture_output=True, text=True, check=True, timeout=60).stdout
    count = "SELECT count(*) FROM public.events"
    seen = run(count).strip()
    assert seen != "0" and seen == run(f"SET search_path = ''; {count}").strip().splitlines()[-1]
    configs = run("SELECT proname || ':' || coalesce(array_to_string(proconfig, ','), '') "
                  "FROM pg_proc WHERE proname IN ('briefing_clearance', 'briefing_cap', "
                  "'briefing_may_read') ORDER BY proname").split()
    assert configs == ["briefing_cap:", "briefing_clearance:", "briefing_may_read:"]
