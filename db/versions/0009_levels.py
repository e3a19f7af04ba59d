"""Who may see what: a level on every item row, the visit's default level, clearances.

Revision ID: 0009_levels
Revises: 0008b_protocol_lists
Create Date: 2026-12-02 11:45:00

Levels are public < press < restricted < confidential (core/levels.py). Rows that exist
take `public` (before levels everyone with the file read everything), except what was
already marked as only for some: a talking point marked restricted, and a delegate with
passport data, become `restricted`. The columns are added in place (ALTER TABLE ADD
COLUMN on both back ends: a SQLite file keeps its tables' SQL and search triggers as they
were); PostgreSQL also gets a CHECK on each. `clearances` says which login role may read
up to which level in which visit (NULL: every visit); the row-level security that reads
it is installed by `briefing-app server init` (core/server_policies.py), not here: a
SQLite file has no users.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_levels"
down_revision = "0008b_protocol_lists"
branch_labels = None
depends_on = None

LEVELS = ("public", "press", "restricted", "confidential")  # frozen as at this revision
TABLES = ("venues", "people", "events", "talking_points", "facts", "agreements", "press_qas",
          "seating_plans", "delegates", "car_seats", "rooms", "gifts", "speeches")


def _columns() -> list[tuple[str, str]]:
    return [(t, "level") for t in TABLES] + [("visits", "default_level")]


def _on_postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    allowed = ", ".join(f"'{name}'" for name in LEVELS)
    for table, column in _columns():
        op.add_column(table, sa.Column(column, sa.String(32), nullable=False,
                                       server_default="public"))
        if _on_postgres():
            op.execute(f"ALTER TABLE {table} ADD CONSTRAINT ck_{table}_{column} "
                       f"CHECK ({column} IN ({allowed}))")
    op.execute("UPDATE talking_points SET level = 'restricted' WHERE restricted")
    op.execute("UPDATE delegates SET level = 'restricted' WHERE passport_number <> '' "
               "OR date_of_birth IS NOT NULL OR passport_expiry IS NOT NULL")
    op.create_table(
        "clearances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role_name", sa.String(length=63), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("level", sa.Enum(*LEVELS, name="level", native_enum=False,
                                   create_constraint=True, length=32), nullable=False),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"],
                                name=op.f("fk_clearances_visit_id_visits"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clearances")),
        sa.UniqueConstraint("role_name", "visit_id", name=op.f("uq_clearances_role_name_visit_id")),
    )
    op.create_index(op.f("ix_clearances_visit_id"), "clearances", ["visit_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_clearances_visit_id"), table_name="clearances")
    op.drop_table("clearances")
    for table, column in reversed(_columns()):
        if _on_postgres():
            op.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS ck_{table}_{column}")
        op.drop_column(table, column)
