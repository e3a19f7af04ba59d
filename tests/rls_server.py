"""A team server set up as docs/team-server.md says (owner, `server init`, users), with
one visit holding a row at every level: what tests/core/test_server_rls.py and
tests/cli/test_server_admin_cli.py look through as users of each clearance."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefing_app.cli import main

OWNER, PRESS, RESTRICTED = "rls_owner", "rls_press", "rls_restricted"
DATABASE = "rls_visits"
# Text that only some may read: none of it may reach a user cleared below its level.
# (the last: a restricted person's name, which a public event's participants and a
# press-level room would otherwise carry into their search entries)
SECRET_RESTRICTED = ("Restricted-line-Qx7 our fallback position", "P7734912",
                     "Hidden-guest-Hq8", "Objective-Ob6 our red line on transit",
                     "Risk-Rv9 protests at the business forum")
SECRET_CONFIDENTIAL = ("Confidential-note-Zk4 the principal's health",)
PUBLIC_TEXT = "Opening-ceremony-Wm2"
LUNCH_TEXT = "Working-lunch-Vb3"  # public, but a restricted person attends it
DELEGATE_ROLE = "Adviser-Rls-Jt5"  # a press-level delegate's role: the press user reads it


@dataclass
class RlsServer:
    cluster: object
    owner_url: str
    visit_id: int

    def url(self, user: str) -> str:
        return self.cluster.libpq_url(DATABASE, user, f"{user}-pw")  # type: ignore[attr-defined]


def password_file(folder: Path, user: str) -> Path:
    path = folder / f"{user}.pw"
    path.write_text(f"{user}-pw\n", encoding="utf-8")
    return path


def drop(cluster: object) -> None:
    cluster.drop_database(DATABASE)  # type: ignore[attr-defined]
    for role in (PRESS, RESTRICTED, "rls_other", f"briefing_{DATABASE}_users", OWNER):
        cluster._admin(f"DROP ROLE IF EXISTS {role}")  # type: ignore[attr-defined]


def set_up(cluster: object, folder: Path) -> RlsServer:
    """Owner and database (step 1), `server init`, and a visit seeded by the owner."""
    from briefing_app.core.ops import entities as ent
    from briefing_app.core.ops.links import add_participants
    from briefing_app.core.server_db import open_server

    drop(cluster)
    cluster._admin(f"CREATE ROLE {OWNER} LOGIN CREATEROLE PASSWORD '{OWNER}-pw'")  # type: ignore[attr-defined]
    cluster._admin(f"CREATE DATABASE {DATABASE} OWNER {OWNER} ENCODING 'UTF8' "  # type: ignore[attr-defined]
                   "TEMPLATE template0")
    owner_url = cluster.libpq_url(DATABASE, OWNER, f"{OWNER}-pw")  # type: ignore[attr-defined]
    assert main(["server", "init", owner_url]) == 0
    db = open_server(owner_url)
    try:
        visit = ent.create(db, "visit", None, {
            "title": "State visit Rls", "visit_type": "state visit", "start_date": "2019-09-10",
            "end_date": "2019-09-12", "home_tz": "Asia/Almaty",
            # the visit's risks, in its restricted brief row (0015)
            "risks": SECRET_RESTRICTED[4]})
        ent.create(db, "event", visit.id, {
            "title": PUBLIC_TEXT, "event_type": "ceremony", "start_local": "2019-09-10 10:00",
            "end_local": "2019-09-10 11:00", "tz": "Asia/Almaty", "press": "open",
            # the public event's positions, in its restricted brief row (0014)
            "objectives": SECRET_RESTRICTED[3]})
        ent.create(db, "talking_point", visit.id, {"text": SECRET_RESTRICTED[0],
                                                    "level": "restricted"})
        ent.create(db, "talking_point", visit.id, {"text": SECRET_CONFIDENTIAL[0],
                                                    "level": "confidential"})
        person = ent.create(db, "person", visit.id, {"native_name": "Delegate Rls"})
        # the delegation list is press-level; the passport data in its own row restricted
        ent.create(db, "delegate", visit.id, {"person_id": person.id, "level": "press",
                                               "delegation_role": DELEGATE_ROLE,
                                               "passport_number": SECRET_RESTRICTED[1]})
        guest = ent.create(db, "person", visit.id, {"native_name": SECRET_RESTRICTED[2],
                                                     "level": "restricted"})
        lunch = ent.create(db, "event", visit.id, {
            "title": LUNCH_TEXT, "event_type": "meal", "start_local": "2019-09-10 13:00",
            "end_local": "2019-09-10 14:00", "tz": "Asia/Almaty", "press": "open"})
        add_participants(db, lunch.id, [guest.id])
        ent.create(db, "room", visit.id, {"person_id": guest.id, "room": "1208",
                                           "level": "press"})
    finally:
        db.close()
    return RlsServer(cluster, owner_url, visit.id)
