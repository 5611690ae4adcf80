"""challenged ballots (the Benaloh challenge) and their ciphertext points, the public board's
batches while voting is open

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "challenged_ballots",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=11), nullable=False),
        sa.Column("ballot_hash", sa.String(length=64), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("revealed", sa.Text(), nullable=False),
        sa.Column("is_match", sa.Boolean(), nullable=False),
        sa.Column("problems", sa.Text(), nullable=False),
        sa.CheckConstraint("length(id) = 32", name=op.f("ck_challenged_ballots_id_random_hex")),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_challenged_ballots_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenged_ballots")),
        sa.UniqueConstraint("code", name=op.f("uq_challenged_ballots_code")),
        sa.UniqueConstraint("ballot_hash", name=op.f("uq_challenged_ballots_ballot_hash")),
        sqlite_with_rowid=False,
    )
    op.create_index(
        op.f("ix_challenged_ballots_round_id"), "challenged_ballots", ["round_id"], unique=False
    )
    op.create_table(
        "challenged_points",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("point", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_challenged_points_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "point", name=op.f("pk_challenged_points")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "board_snapshots",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ballots", sa.Integer(), nullable=False),
        sa.Column("voted", sa.Integer(), nullable=False),
        sa.Column("challenged", sa.Integer(), nullable=False),
        sa.Column("entries", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_board_snapshots_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", name=op.f("pk_board_snapshots")),
    )


def downgrade() -> None:
    op.drop_table("board_snapshots")
    op.drop_table("challenged_points")
    op.drop_index(op.f("ix_challenged_ballots_round_id"), table_name="challenged_ballots")
    op.drop_table("challenged_ballots")
