"""The protocol office's order of precedence and seating plans (issue 13).

Revision ID: 0008_precedence_seating
Revises: 0007_venue_country_prior_status
Create Date: 2026-12-02 04:50:00

Three new tables, nothing existing changes: a person's place in their side's
precedence, a seating plan per event (layout, convention, size of the table) and the
seats of a plan. Plans are searched (kind 13: title, notes, layout, convention); their
rows mark themselves dirty like every indexed table's.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_precedence_seating"
down_revision = "0007_venue_country_prior_status"
branch_labels = None
depends_on = None

# Frozen as they are at this revision.
_LAYOUTS = ("round", "rectangular", "T-shape", "U-shape", "boardroom", "theatre rows")
_CONVENTIONS = ("meal", "talks")

# Generated once by core.search_schema.migration_text("seating_plan"), then frozen.
KINDS = [
    ('seating_plan', 13, 'seating_plans', '{r}.visit_id', '{r}.title', "coalesce({r}.notes, '') || ' ' || coalesce({r}.layout, '') || ' ' || coalesce({r}.convention, '')"),
]

CREATE = [
    'CREATE TRIGGER seating_plans_ai AFTER INSERT ON seating_plans BEGIN INSERT INTO search_index_dirty(key) VALUES (NEW.id * 16 + 13); END',
    'CREATE TRIGGER seating_plans_ad AFTER DELETE ON seating_plans BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 13); END',
    'CREATE TRIGGER seating_plans_au AFTER UPDATE ON seating_plans BEGIN INSERT INTO search_index_dirty(key) VALUES (OLD.id * 16 + 13), (NEW.id * 16 + 13); END',
]

DROP = [
    'DROP TRIGGER IF EXISTS seating_plans_ai',
    'DROP TRIGGER IF EXISTS seating_plans_ad',
    'DROP TRIGGER IF EXISTS seating_plans_au',
]


def _row_columns() -> list[sa.Column]:
    return [sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("uuid", sa.String(length=36), nullable=False)]


def _stamps() -> list[sa.Column]:
    return [sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("updated_at", sa.DateTime(), nullable=False),
            sa.Column("row_version", sa.Integer(), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "precedence",
        *_row_columns(),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("office_rank", sa.Integer(), nullable=False),
        sa.Column("appointed_on", sa.Date(), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"],
                                name=op.f("fk_precedence_person_id_people"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_precedence")),
        sa.UniqueConstraint("person_id", name=op.f("uq_precedence_person_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_precedence_uuid")),
    )
    op.create_index(op.f("ix_precedence_person_id"), "precedence", ["person_id"])
    op.create_table(
        "seating_plans",
        *_row_columns(),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("layout", sa.Enum(*_LAYOUTS, name="table_layout", native_enum=False,
                                    create_constraint=True, length=32), nullable=False),
        sa.Column("convention", sa.Enum(*_CONVENTIONS, name="seating_convention",
                                        native_enum=False, create_constraint=True, length=32),
                  nullable=False),
        sa.Column("seat_count", sa.Integer(), nullable=False),
        sa.Column("length_m", sa.Float(), nullable=False),
        sa.Column("width_m", sa.Float(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"],
                                name=op.f("fk_seating_plans_event_id_events"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"],
                                name=op.f("fk_seating_plans_visit_id_visits"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seating_plans")),
        sa.UniqueConstraint("uuid", name=op.f("uq_seating_plans_uuid")),
    )
    op.create_index(op.f("ix_seating_plans_event_id"), "seating_plans", ["event_id"])
    op.create_index(op.f("ix_seating_plans_visit_id"), "seating_plans", ["visit_id"])
    op.create_table(
        "seat_assignments",
        *_row_columns(),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("seat", sa.Integer(), nullable=False),
        sa.Column("behind", sa.Boolean(), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"],
                                name=op.f("fk_seat_assignments_person_id_people"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["plan_id"], ["seating_plans.id"],
                                name=op.f("fk_seat_assignments_plan_id_seating_plans"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seat_assignments")),
        sa.UniqueConstraint("plan_id", "person_id",
                            name=op.f("uq_seat_assignments_plan_id_person_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_seat_assignments_uuid")),
    )
    op.create_index(op.f("ix_seat_assignments_plan_id"), "seat_assignments", ["plan_id"])
    op.create_index(op.f("ix_seat_assignments_person_id"), "seat_assignments", ["person_id"])
    op.create_index("ix_seat_assignments_plan_seat", "seat_assignments", ["plan_id", "seat"])
    for statement in _dialect(CREATE):
        op.execute(statement)


def _dialect(sqlite_statements: list[str]) -> list[str]:
    """The search triggers of CREATE or DROP in this database's dialect (PostgreSQL:
    core/search_pg.py, one trigger per table derived from KINDS)."""
    if op.get_bind().dialect.name != "postgresql":
        return sqlite_statements
    from briefing_app.core import search_pg

    return search_pg.migration_triggers(KINDS, drop=sqlite_statements is DROP)


def downgrade() -> None:
    for statement in _dialect(DROP):
        op.execute(statement)
    op.execute("INSERT INTO search_index_dirty(key) SELECT key FROM search_index_docs "
               "WHERE kind = 'seating_plan'")
    op.drop_table("seat_assignments")
    op.drop_table("seating_plans")
    op.drop_table("precedence")
