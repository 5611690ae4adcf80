"""elections: elections, candidates, counting committee, rounds, round lists and voters

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "elections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("congress_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("alternates", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("target_election_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('executive_committee', 'standing_committee', 'secretary', "
            "'deputy_secretary', 'inspection_committee', 'inspection_chair', 'delegates', "
            "'alternate_delegates', 'opinion')",
            name=op.f("ck_elections_kind_known"),
        ),
        sa.CheckConstraint("alternates >= 0", name=op.f("ck_elections_alternates_not_negative")),
        sa.CheckConstraint("seats >= 0", name=op.f("ck_elections_seats_not_negative")),
        sa.ForeignKeyConstraint(
            ["congress_id"],
            ["congresses.id"],
            name=op.f("fk_elections_congress_id_congresses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_election_id"],
            ["elections.id"],
            name=op.f("fk_elections_target_election_id_elections"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_elections")),
        sa.UniqueConstraint(
            "congress_id", "position", name=op.f("uq_elections_congress_id_position")
        ),
    )
    op.create_table(
        "rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("election_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("alternates", sa.Integer(), nullable=False),
        sa.Column("fills", sa.String(length=10), nullable=False),
        sa.Column("layout", sa.String(length=10), nullable=True),
        sa.Column("status", sa.String(length=15), nullable=False),
        sa.Column("base", sa.Integer(), nullable=True),
        sa.Column("base_breakdown", sa.Text(), nullable=True),
        sa.Column("threshold", sa.Integer(), nullable=True),
        sa.Column("settings", sa.Text(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "fills IN ('official', 'alternates')", name=op.f("ck_rounds_fills_known")
        ),
        sa.CheckConstraint("layout IN ('strike', 'approve')", name=op.f("ck_rounds_layout_known")),
        sa.CheckConstraint(
            "status IN ('draft', 'list_approved', 'open', 'closed', 'counted', 'signed', "
            "'announced')",
            name=op.f("ck_rounds_status_known"),
        ),
        sa.CheckConstraint("alternates >= 0", name=op.f("ck_rounds_alternates_not_negative")),
        sa.CheckConstraint("number > 0", name=op.f("ck_rounds_number_positive")),
        sa.CheckConstraint("seats >= 0", name=op.f("ck_rounds_seats_not_negative")),
        sa.ForeignKeyConstraint(
            ["election_id"],
            ["elections.id"],
            name=op.f("fk_rounds_election_id_elections"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rounds")),
        sa.UniqueConstraint("election_id", "number", name=op.f("uq_rounds_election_id_number")),
    )
    op.create_table(
        "candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("election_id", sa.Integer(), nullable=False),
        sa.Column("delegate_id", sa.Integer(), nullable=True),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("surname", sa.String(length=60), nullable=False),
        sa.Column("middle_name", sa.String(length=120), nullable=False),
        sa.Column("given_name", sa.String(length=60), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("nominated_by", sa.String(length=10), nullable=False),
        sa.Column("is_withdrawn", sa.Boolean(), nullable=False),
        sa.Column("withdrawal_reason", sa.String(length=300), nullable=False),
        sa.CheckConstraint(
            "nominated_by IN ('convening', 'congress')",
            name=op.f("ck_candidates_nominated_by_known"),
        ),
        sa.ForeignKeyConstraint(
            ["delegate_id"], ["delegates.id"], name=op.f("fk_candidates_delegate_id_delegates")
        ),
        sa.ForeignKeyConstraint(
            ["election_id"],
            ["elections.id"],
            name=op.f("fk_candidates_election_id_elections"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidates")),
        sa.UniqueConstraint(
            "election_id", "delegate_id", name=op.f("uq_candidates_election_id_delegate_id")
        ),
    )
    op.create_table(
        "counting_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("congress_id", sa.Integer(), nullable=False),
        sa.Column("delegate_id", sa.Integer(), nullable=True),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "role IN ('head', 'member')", name=op.f("ck_counting_members_role_known")
        ),
        sa.ForeignKeyConstraint(
            ["congress_id"],
            ["congresses.id"],
            name=op.f("fk_counting_members_congress_id_congresses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["delegate_id"],
            ["delegates.id"],
            name=op.f("fk_counting_members_delegate_id_delegates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counting_members")),
        sa.UniqueConstraint(
            "congress_id", "delegate_id", name=op.f("uq_counting_members_congress_id_delegate_id")
        ),
        sa.UniqueConstraint(
            "congress_id", "position", name=op.f("uq_counting_members_congress_id_position")
        ),
    )
    op.create_table(
        "round_voters",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("delegate_id", sa.Integer(), nullable=False),
        sa.Column("is_issued", sa.Boolean(), nullable=False),
        sa.Column("has_voted", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "is_issued OR NOT has_voted", name=op.f("ck_round_voters_voted_after_issue")
        ),
        sa.ForeignKeyConstraint(
            ["delegate_id"], ["delegates.id"], name=op.f("fk_round_voters_delegate_id_delegates")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_round_voters_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "delegate_id", name=op.f("pk_round_voters")),
    )
    op.create_table(
        "round_candidates",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.CheckConstraint("position > 0", name=op.f("ck_round_candidates_position_positive")),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_round_candidates_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_round_candidates_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "candidate_id", name=op.f("pk_round_candidates")),
        sa.UniqueConstraint(
            "round_id", "position", name=op.f("uq_round_candidates_round_id_position")
        ),
    )


def downgrade() -> None:
    op.drop_table("round_candidates")
    op.drop_table("round_voters")
    op.drop_table("counting_members")
    op.drop_table("candidates")
    op.drop_table("rounds")
    op.drop_table("elections")
