"""ballot box: ballots (no delegate, no time, no rowid), voting stations, paper counts

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ballots",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("receipt", sa.String(length=11), nullable=False),
        sa.Column("retry_tag", sa.String(length=64), nullable=False),
        sa.CheckConstraint("length(id) = 32", name=op.f("ck_ballots_id_random_hex")),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_ballots_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ballots")),
        sa.UniqueConstraint("receipt", name=op.f("uq_ballots_receipt")),
        sa.UniqueConstraint("retry_tag", name=op.f("uq_ballots_retry_tag")),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f("ix_ballots_round_id"), "ballots", ["round_id"], unique=False)
    op.create_table(
        "voting_stations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("congress_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("registered_by", sa.String(length=120), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["congress_id"],
            ["congresses.id"],
            name=op.f("fk_voting_stations_congress_id_congresses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voting_stations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_voting_stations_token_hash")),
    )
    op.create_table(
        "station_policies",
        sa.Column("congress_id", sa.Integer(), nullable=False),
        sa.Column("is_required", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["congress_id"],
            ["congresses.id"],
            name=op.f("fk_station_policies_congress_id_congresses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("congress_id", name=op.f("pk_station_policies")),
    )
    op.create_table(
        "paper_counts",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("issued", sa.Integer(), nullable=False),
        sa.Column("returned", sa.Integer(), nullable=False),
        sa.Column("invalid", sa.Text(), nullable=False),
        sa.Column("votes", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=120), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("issued >= 0", name=op.f("ck_paper_counts_issued_not_negative")),
        sa.CheckConstraint(
            "returned >= 0 AND returned <= issued",
            name=op.f("ck_paper_counts_returned_at_most_issued"),
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_paper_counts_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", name=op.f("pk_paper_counts")),
    )


def downgrade() -> None:
    op.drop_table("paper_counts")
    op.drop_table("station_policies")
    op.drop_table("voting_stations")
    op.drop_index(op.f("ix_ballots_round_id"), table_name="ballots")
    op.drop_table("ballots")
