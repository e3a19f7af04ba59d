"""The audit trail on a team server (issue 11, "Working together").

Revision ID: 0010_audit
Revises: 0008b_protocol_lists
Create Date: 2026-12-02 11:45:00

PostgreSQL only: the `audit_log` table, its SECURITY DEFINER writer functions, a trigger
on every data table and the guards that keep the trail append-only
(core/server_audit.py). A SQLite file gets nothing: it has one user and no login, and
whoever holds the file can rewrite any table in it, so an audit there would prove
nothing (docs/team-server.md). Only the revision number moves.
"""

from alembic import op

revision = "0010_audit"
down_revision = "0009_levels"
branch_labels = None
depends_on = None

# Frozen as they are at this revision (core.server_audit.audit_targets(); a test compares
# them): the table, and what its trigger is given to find the row's visit.
TARGETS = [
    ('visits', ('id',)),
    ('venues', ('visit_id',)),
    ('people', ('visit_id',)),
    ('events', ('visit_id',)),
    ('press_qas', ('visit_id',)),
    ('participations', ('event_id', 'events')),
    ('talking_points', ('visit_id',)),
    ('facts', ('visit_id',)),
    ('event_talking_points', ('event_id', 'events')),
    ('talking_point_facts', ('talking_point_id', 'talking_points')),
    ('event_facts', ('event_id', 'events')),
    ('agreements', ('visit_id',)),
    ('agreement_status_changes', ('agreement_id', 'agreements')),
    ('agreement_signatories', ('agreement_id', 'agreements')),
    ('agreement_versions', ('agreement_id', 'agreements')),
    ('precedence', ('person_id', 'people')),
    ('seating_plans', ('visit_id',)),
    ('seat_assignments', ('plan_id', 'seating_plans')),
    ('delegates', ('visit_id',)),
    ('car_seats', ('visit_id',)),
    ('rooms', ('visit_id',)),
    ('gifts', ('visit_id',)),
    ('speeches', ('visit_id',)),
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    from briefing_app.core import server_audit

    server_audit.install(op.get_bind(), TARGETS)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    from briefing_app.core import server_audit

    server_audit.uninstall(op.get_bind(), TARGETS)
