"""encrypted ballots: the key ceremony, the round's frozen manifest and key, the box's
ciphertext points, the encrypted totals and the members' partial decryptions

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "key_ceremonies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("congress_id", sa.Integer(), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=True),
        sa.Column("started_by", sa.String(length=120), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('keys', 'dealing', 'checking', 'complete', 'abandoned')",
            name=op.f("ck_key_ceremonies_status_known"),
        ),
        sa.CheckConstraint(
            "threshold >= 1 AND threshold <= members",
            name=op.f("ck_key_ceremonies_threshold_in_range"),
        ),
        sa.ForeignKeyConstraint(
            ["congress_id"],
            ["congresses.id"],
            name=op.f("fk_key_ceremonies_congress_id_congresses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_key_ceremonies")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_key_ceremonies_fingerprint")),
    )
    op.create_table(
        "ceremony_members",
        sa.Column("ceremony_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=120), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("transport_key", sa.Text(), nullable=True),
        sa.Column("commitments", sa.Text(), nullable=True),
        sa.Column("shares_checked", sa.Boolean(), nullable=False),
        sa.Column("complaints", sa.Text(), nullable=True),
        sa.Column("verification_key", sa.String(length=64), nullable=True),
        sa.Column("wrapped_share", sa.Text(), nullable=True),
        sa.CheckConstraint("number >= 1", name=op.f("ck_ceremony_members_number_positive")),
        sa.ForeignKeyConstraint(
            ["ceremony_id"],
            ["key_ceremonies.id"],
            name=op.f("fk_ceremony_members_ceremony_id_key_ceremonies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("ceremony_id", "number", name=op.f("pk_ceremony_members")),
        sa.UniqueConstraint(
            "ceremony_id", "account", name=op.f("uq_ceremony_members_ceremony_id_account")
        ),
    )
    op.create_table(
        "sealed_shares",
        sa.Column("ceremony_id", sa.Integer(), nullable=False),
        sa.Column("dealer", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.Integer(), nullable=False),
        sa.Column("sealed", sa.String(length=160), nullable=False),
        sa.ForeignKeyConstraint(
            ["ceremony_id"],
            ["key_ceremonies.id"],
            name=op.f("fk_sealed_shares_ceremony_id_key_ceremonies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "ceremony_id", "dealer", "recipient", name=op.f("pk_sealed_shares")
        ),
    )
    op.create_table(
        "ballot_points",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("point", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_ballot_points_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "point", name=op.f("pk_ballot_points")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "encrypted_totals",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("ballots", sa.Integer(), nullable=False),
        sa.Column("totals", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("added_by", sa.String(length=120), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_encrypted_totals_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", name=op.f("pk_encrypted_totals")),
    )
    op.create_table(
        "partial_decryptions",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("member", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=120), nullable=False),
        sa.Column("partials", sa.Text(), nullable=False),
        sa.Column("is_valid", sa.Boolean(), nullable=False),
        sa.Column("problems", sa.Text(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_partial_decryptions_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "member", name=op.f("pk_partial_decryptions")),
    )
    # Not in batch mode: recreating the table would lose its WITHOUT ROWID on SQLite.
    op.add_column("ballots", sa.Column("ballot_hash", sa.String(length=64), nullable=True))
    op.create_index("ix_ballots_ballot_hash", "ballots", ["ballot_hash"], unique=True)

    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("manifest", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("fingerprint", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("public_key", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("ceremony_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_rounds_ceremony_id_key_ceremonies"),
            "key_ceremonies",
            ["ceremony_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_rounds_ceremony_id_key_ceremonies"), type_="foreignkey"
        )
        batch_op.drop_column("ceremony_id")
        batch_op.drop_column("public_key")
        batch_op.drop_column("fingerprint")
        batch_op.drop_column("manifest")

    op.drop_index("ix_ballots_ballot_hash", table_name="ballots")
    op.drop_column("ballots", "ballot_hash")

    op.drop_table("partial_decryptions")
    op.drop_table("encrypted_totals")
    op.drop_table("ballot_points")
    op.drop_table("sealed_shares")
    op.drop_table("ceremony_members")
    op.drop_table("key_ceremonies")
