"""The ceremony's tables: what the members published, and the shares the server carries sealed.

Nothing here is secret to the server: transport keys, commitments and proofs are public; a sealed
share opens only with its recipient's transport secret, which never leaves their browser; a
wrapped share opens only with its member's passphrase, which the server never sees.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from votesys.db import Base, UTCDateTime

STATUSES = ("keys", "dealing", "checking", "complete", "abandoned")


class KeyCeremony(Base):
    """One ceremony of a congress: ``members`` counting accounts, any ``threshold`` of whom can
    decrypt a round's totals. ``fingerprint`` (hex) is the context every proof of the ceremony
    is bound to; ``public_key`` is set when it completes."""

    __tablename__ = "key_ceremonies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    threshold: Mapped[int] = mapped_column(Integer)
    members: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="keys")
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    public_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    started_by: Mapped[str] = mapped_column(String(120))
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (
        CheckConstraint("threshold >= 1 AND threshold <= members", name="threshold_in_range"),
        CheckConstraint(
            "status IN ('keys', 'dealing', 'checking', 'complete', 'abandoned')",
            name="status_known",
        ),
    )


class CeremonyMember(Base):
    """Member ``number`` (1..n) of a ceremony, a counting committee account, and what they
    published: the transport key (JSON {key, proof}), the Feldman commitments (JSON, as
    core.crypto.threshold.Commitments.to_json), whether the shares they received checked out
    (``complaints``: JSON list of dealers whose share failed), and their passphrase-wrapped final
    share (JSON, core.crypto.keywrap) with its verification key X_j."""

    __tablename__ = "ceremony_members"

    ceremony_id: Mapped[int] = mapped_column(
        ForeignKey("key_ceremonies.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    account: Mapped[str] = mapped_column(String(120))  # "staff:counting1"
    display_name: Mapped[str] = mapped_column(String(200))
    transport_key: Mapped[str | None] = mapped_column(Text, nullable=True)
    commitments: Mapped[str | None] = mapped_column(Text, nullable=True)
    shares_checked: Mapped[bool] = mapped_column(Boolean, default=False)
    complaints: Mapped[str | None] = mapped_column(Text, nullable=True)
    verification_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    wrapped_share: Mapped[str | None] = mapped_column(Text, nullable=True)

    __table_args__ = (
        UniqueConstraint("ceremony_id", "account"),
        CheckConstraint("number >= 1", name="number_positive"),
    )


class SealedShare(Base):
    """The share s_ij that dealer i made for member j, sealed to j's transport key (hex, 80
    bytes: core.crypto.share_box). The server can carry it but not open it."""

    __tablename__ = "sealed_shares"

    ceremony_id: Mapped[int] = mapped_column(
        ForeignKey("key_ceremonies.id", ondelete="CASCADE"), primary_key=True
    )
    dealer: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipient: Mapped[int] = mapped_column(Integer, primary_key=True)
    sealed: Mapped[str] = mapped_column(String(160))
