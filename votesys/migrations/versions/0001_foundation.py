"""foundation: staff, audit log, congress, roll

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "audit_entries",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=80), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("prev", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("seq > 0", name=op.f("ck_audit_entries_seq_positive")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_entries")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_entries_hash")),
    )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entries_kind"), ["kind"], unique=False)

    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_head_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.create_table(
        "congresses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("level", sa.String(length=40), nullable=False),
        sa.Column("ordinal", sa.String(length=20), nullable=False),
        sa.Column("term", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("venue", sa.String(length=300), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("quorum", sa.String(length=20), nullable=True),
        sa.CheckConstraint("kind IN ('delegate', 'member')", name=op.f("ck_congresses_kind_known")),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_congresses_dates_ordered")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_congresses")),
    )
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttle")),
    )
    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('secretariat', 'credentials', 'counting', 'chair', 'observer')",
            name=op.f("ck_staff_users_role_known"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_users")),
        sa.UniqueConstraint("username", name=op.f("uq_staff_users_username")),
    )
    # The single head row exists from the start, so that the first writers lock it, not race it.
    op.bulk_insert(
        sa.table("audit_head", sa.column("id"), sa.column("seq"), sa.column("hash")),
        [{"id": 1, "seq": 0, "hash": "0" * 64}],
    )
    op.create_table(
        "audit_checkpoints",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["seq"], ["audit_entries.seq"], name=op.f("fk_audit_checkpoints_seq_audit_entries")
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_checkpoints")),
    )
    op.create_table(
        "party_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("congress_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('cell', 'subcommittee')", name=op.f("ck_party_units_kind_known")
        ),
        sa.ForeignKeyConstraint(
            ["congress_id"],
            ["congresses.id"],
            name=op.f("fk_party_units_congress_id_congresses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_units")),
        sa.UniqueConstraint("congress_id", "name", name=op.f("uq_party_units_congress_id_name")),
    )
    op.create_table(
        "delegates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("congress_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("surname", sa.String(length=60), nullable=False),
        sa.Column("middle_name", sa.String(length=120), nullable=False),
        sa.Column("given_name", sa.String(length=60), nullable=False),
        sa.Column("gender", sa.String(length=10), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("ethnicity", sa.String(length=60), nullable=False),
        sa.Column("joined_party_on", sa.Date(), nullable=True),
        sa.Column("official_member_on", sa.Date(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.String(length=300), nullable=False),
        sa.Column("education", sa.String(length=60), nullable=False),
        sa.Column("political_theory", sa.String(length=60), nullable=False),
        sa.Column("how_came", sa.String(length=10), nullable=False),
        sa.Column("is_official", sa.Boolean(), nullable=False),
        sa.Column("is_reserve_member", sa.Boolean(), nullable=False),
        sa.Column("absent_whole_congress", sa.Boolean(), nullable=False),
        sa.Column("absence_reason", sa.String(length=300), nullable=False),
        sa.Column("absence_reason_accepted", sa.Boolean(), nullable=False),
        sa.Column("replaced_by_alternate", sa.Boolean(), nullable=False),
        sa.Column("temporary_activity_elsewhere", sa.Boolean(), nullable=False),
        sa.Column("exempted_from_activity", sa.Boolean(), nullable=False),
        sa.Column("suspended_or_prosecuted", sa.Boolean(), nullable=False),
        sa.CheckConstraint("gender IN ('female', 'male')", name=op.f("ck_delegates_gender_known")),
        sa.CheckConstraint(
            "how_came IN ('by_right', 'elected')", name=op.f("ck_delegates_how_came_known")
        ),
        sa.CheckConstraint("number > 0", name=op.f("ck_delegates_number_positive")),
        sa.ForeignKeyConstraint(
            ["congress_id"],
            ["congresses.id"],
            name=op.f("fk_delegates_congress_id_congresses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["party_units.id"], name=op.f("fk_delegates_unit_id_party_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegates")),
        sa.UniqueConstraint("congress_id", "number", name=op.f("uq_delegates_congress_id_number")),
    )


def downgrade() -> None:

    op.drop_table("delegates")
    op.drop_table("party_units")
    op.drop_table("audit_checkpoints")
    op.drop_table("staff_users")
    op.drop_table("login_throttle")
    op.drop_table("congresses")
    op.drop_table("audit_head")
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entries_kind"))

    op.drop_table("audit_entries")
