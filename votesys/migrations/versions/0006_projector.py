"""projector: the screen the chair chose for the hall

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "projector_states",
        sa.Column("congress_id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=120), nullable=False),
        sa.CheckConstraint(
            "mode IN ('idle', 'voting', 'counting', 'results')",
            name=op.f("ck_projector_states_mode_known"),
        ),
        sa.CheckConstraint(
            "mode IN ('idle', 'counting') OR round_id IS NOT NULL",
            name=op.f("ck_projector_states_round_given"),
        ),
        sa.ForeignKeyConstraint(
            ["congress_id"],
            ["congresses.id"],
            name=op.f("fk_projector_states_congress_id_congresses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_projector_states_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("congress_id", name=op.f("pk_projector_states")),
    )


def downgrade() -> None:
    op.drop_table("projector_states")
