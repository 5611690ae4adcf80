"""A round's count (kết quả kiểm phiếu) and the counting committee's confirmations."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from votesys.db import Base, UTCDateTime


class Tally(Base):
    """What counting a round found, frozen: the ballots, each candidate's votes, the result, the
    minutes' fingerprint and the audit head at the count (canonical JSON where structured)."""

    __tablename__ = "tallies"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    source: Mapped[str] = mapped_column(String(10))  # "box" or "paper"
    issued: Mapped[int] = mapped_column(Integer)
    returned: Mapped[int] = mapped_column(Integer)
    valid: Mapped[int] = mapped_column(Integer)
    invalid: Mapped[str] = mapped_column(Text)  # {"too_many_kept": 1, ...}
    votes: Mapped[str] = mapped_column(Text)  # {"<candidate id>": 71, ...}
    result: Mapped[str] = mapped_column(Text)  # core.minutes.export.result_json
    status: Mapped[str] = mapped_column(String(10))  # complete, tie, short
    fingerprint: Mapped[str] = mapped_column(String(64))
    audit_head: Mapped[str] = mapped_column(String(64))
    counted_by: Mapped[str] = mapped_column(String(120))
    counted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint("source IN ('box', 'paper')", name="source_known"),
        CheckConstraint("status IN ('complete', 'tie', 'short')", name="status_known"),
        CheckConstraint("valid <= returned AND returned <= issued", name="ballots_ordered"),
    )


class SignOff(Base):
    """One counting committee member's confirmation of a counted round (xác nhận), from their
    own account; one per account and round."""

    __tablename__ = "sign_offs"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    account: Mapped[str] = mapped_column(String(120), primary_key=True)  # "staff:counting1"
    display_name: Mapped[str] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(String(64))  # what they confirmed
    confirmed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class EncryptedTotals(Base):
    """A round's box added up without opening a ballot (cộng phiếu mã hóa): one ciphertext per
    mark, then per invalid-reason flag (JSON list of [A, B]), over ``ballots`` ballots; ``digest``
    is the SHA-256 of the canonical JSON of the list."""

    __tablename__ = "encrypted_totals"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    ballots: Mapped[int] = mapped_column(Integer)
    totals: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64))
    added_by: Mapped[str] = mapped_column(String(120))
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class PartialDecryption(Base):
    """Ceremony member ``member``'s partial decryptions of a round's totals, with their
    Chaum-Pedersen proofs (JSON list, core.crypto.threshold.PartialDecryption.to_json), checked
    by the server when they arrive: ``is_valid`` false names a member whose proofs failed."""

    __tablename__ = "partial_decryptions"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    member: Mapped[int] = mapped_column(Integer, primary_key=True)
    account: Mapped[str] = mapped_column(String(120))
    partials: Mapped[str] = mapped_column(Text)
    is_valid: Mapped[bool] = mapped_column(Boolean)
    problems: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON list of indexes
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
