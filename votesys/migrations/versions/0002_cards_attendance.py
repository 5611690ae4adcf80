"""roll: cards, attendance

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "attendance",
        sa.Column("delegate_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('present', 'left')", name=op.f("ck_attendance_status_known")
        ),
        sa.ForeignKeyConstraint(
            ["delegate_id"],
            ["delegates.id"],
            name=op.f("fk_attendance_delegate_id_delegates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("delegate_id", name=op.f("pk_attendance")),
    )
    op.create_table(
        "cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delegate_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.String(length=120), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(length=120), nullable=True),
        sa.Column("revoke_reason", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["delegate_id"],
            ["delegates.id"],
            name=op.f("fk_cards_delegate_id_delegates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cards")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_cards_code_hash")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_cards_token_hash")),
    )
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.create_index(
            "uq_cards_one_active_per_delegate",
            ["delegate_id"],
            unique=True,
            sqlite_where=sa.text("revoked_at IS NULL"),
            postgresql_where=sa.text("revoked_at IS NULL"),
        )

    op.create_table(
        "checkin_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delegate_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("undoes_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('check_in', 'leave', 'return', 'undo')",
            name=op.f("ck_checkin_events_kind_known"),
        ),
        sa.CheckConstraint(
            "method IN ('camera', 'scanner', 'code', 'search', 'manual')",
            name=op.f("ck_checkin_events_method_known"),
        ),
        sa.ForeignKeyConstraint(
            ["delegate_id"],
            ["delegates.id"],
            name=op.f("fk_checkin_events_delegate_id_delegates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["undoes_id"],
            ["checkin_events.id"],
            name=op.f("fk_checkin_events_undoes_id_checkin_events"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_events")),
    )
    with op.batch_alter_table("delegates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seated_for_number", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("note", sa.String(length=300), nullable=False, server_default="")
        )


def downgrade() -> None:

    with op.batch_alter_table("delegates", schema=None) as batch_op:
        batch_op.drop_column("note")
        batch_op.drop_column("seated_for_number")

    op.drop_table("checkin_events")
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_cards_one_active_per_delegate",
            sqlite_where=sa.text("revoked_at IS NULL"),
            postgresql_where=sa.text("revoked_at IS NULL"),
        )

    op.drop_table("cards")
    op.drop_table("attendance")
