"""motions by show of hands (biểu quyết): the motions, their voters, an anonymous motion's
slips; the projector's motion screen

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

KINDS = (
    "presidium",
    "secretariat",
    "credentials_committee",
    "programme",
    "working_rules",
    "counting_committee",
    "number_to_elect",
    "election_list",
    "withdrawal",
    "resolution",
    "other",
)
CHOICES = "choice IN ('agree', 'disagree', 'abstain')"


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        "motions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("congress_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("is_named", sa.Boolean(), nullable=False),
        sa.Column("election_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("base", sa.Integer(), nullable=True),
        sa.Column("base_breakdown", sa.Text(), nullable=True),
        sa.Column("threshold", sa.Integer(), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(_in("kind", KINDS), name=op.f("ck_motions_kind_known")),
        sa.CheckConstraint(
            "status IN ('draft', 'open', 'closed')", name=op.f("ck_motions_status_known")
        ),
        sa.CheckConstraint(
            "status = 'draft' OR base IS NOT NULL", name=op.f("ck_motions_base_frozen")
        ),
        sa.ForeignKeyConstraint(
            ["congress_id"],
            ["congresses.id"],
            name=op.f("fk_motions_congress_id_congresses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["election_id"],
            ["elections.id"],
            name=op.f("fk_motions_election_id_elections"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_motions")),
        sa.UniqueConstraint(
            "congress_id", "position", name=op.f("uq_motions_congress_id_position")
        ),
    )
    op.create_table(
        "motion_voters",
        sa.Column("motion_id", sa.Integer(), nullable=False),
        sa.Column("delegate_id", sa.Integer(), nullable=False),
        sa.Column("has_voted", sa.Boolean(), nullable=False),
        sa.Column("choice", sa.String(length=10), nullable=True),
        sa.Column("recorded_by", sa.String(length=120), nullable=True),
        sa.CheckConstraint(CHOICES, name=op.f("ck_motion_voters_choice_known")),
        sa.CheckConstraint(
            "choice IS NULL OR has_voted", name=op.f("ck_motion_voters_choice_after_vote")
        ),
        sa.ForeignKeyConstraint(
            ["delegate_id"],
            ["delegates.id"],
            name=op.f("fk_motion_voters_delegate_id_delegates"),
        ),
        sa.ForeignKeyConstraint(
            ["motion_id"],
            ["motions.id"],
            name=op.f("fk_motion_voters_motion_id_motions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("motion_id", "delegate_id", name=op.f("pk_motion_voters")),
    )
    op.create_table(
        "motion_slips",
        sa.Column("motion_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=64), nullable=False),
        sa.Column("choice", sa.String(length=10), nullable=False),
        sa.CheckConstraint(CHOICES, name=op.f("ck_motion_slips_choice_known")),
        sa.ForeignKeyConstraint(
            ["motion_id"],
            ["motions.id"],
            name=op.f("fk_motion_slips_motion_id_motions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("motion_id", "tag", name=op.f("pk_motion_slips")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("projector_states") as batch:
        batch.add_column(sa.Column("motion_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_projector_states_motion_id_motions"),
            "motions",
            ["motion_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.drop_constraint(batch.f("ck_projector_states_mode_known"), type_="check")
        batch.drop_constraint(batch.f("ck_projector_states_round_given"), type_="check")
        batch.create_check_constraint(
            batch.f("ck_projector_states_mode_known"),
            "mode IN ('idle', 'voting', 'counting', 'results', 'motion')",
        )
        batch.create_check_constraint(
            batch.f("ck_projector_states_round_given"),
            "mode IN ('idle', 'counting', 'motion') OR round_id IS NOT NULL",
        )
        batch.create_check_constraint(
            batch.f("ck_projector_states_motion_given"),
            "mode <> 'motion' OR motion_id IS NOT NULL",
        )


def downgrade() -> None:
    op.execute("DELETE FROM projector_states WHERE mode = 'motion'")
    with op.batch_alter_table("projector_states") as batch:
        batch.drop_constraint(batch.f("ck_projector_states_motion_given"), type_="check")
        batch.drop_constraint(batch.f("ck_projector_states_round_given"), type_="check")
        batch.drop_constraint(batch.f("ck_projector_states_mode_known"), type_="check")
        batch.create_check_constraint(
            batch.f("ck_projector_states_mode_known"),
            "mode IN ('idle', 'voting', 'counting', 'results')",
        )
        batch.create_check_constraint(
            batch.f("ck_projector_states_round_given"),
            "mode IN ('idle', 'counting') OR round_id IS NOT NULL",
        )
        batch.drop_constraint(batch.f("fk_projector_states_motion_id_motions"), type_="foreignkey")
        batch.drop_column("motion_id")
    op.drop_table("motion_slips")
    op.drop_table("motion_voters")
    op.drop_table("motions")
