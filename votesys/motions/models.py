"""Motions voted by show of hands (biểu quyết), their voters and, for anonymous motions, slips.

A motion (nội dung biểu quyết) is a question put to the congress: agree, disagree or abstain
(tán thành / không tán thành / không biểu quyết). Its voters and B are frozen when it opens.

Named motions (biểu quyết công khai) keep each voter's choice next to the voter, as a raised
card is public. Anonymous motions never do: ``motion_voters`` says only who has voted, and each
choice is in ``motion_slips`` under a tag (an HMAC of the motion and the delegate under a key
derived from the instance's secret, so that a delegate may change their vote), with no time and
no order (WITHOUT ROWID); the slips are deleted when the motion closes, leaving only the totals.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from votesys.congress.models import Congress
from votesys.core.rules.motions import CHOICES
from votesys.db import Base, UTCDateTime

# The usual items of a congress (rules.md §1), in the order they usually come; "other": any
# question the secretariat writes on the spot.
KINDS = (
    "presidium",  # Đoàn Chủ tịch
    "secretariat",  # Đoàn Thư ký
    "credentials_committee",  # Ban Thẩm tra tư cách đại biểu
    "programme",  # Chương trình đại hội
    "working_rules",  # Quy chế làm việc
    "counting_committee",  # Ban Kiểm phiếu
    "number_to_elect",  # số lượng cấp ủy / đại biểu
    "election_list",  # danh sách bầu cử
    "withdrawal",  # cho rút khỏi danh sách
    "resolution",  # Nghị quyết đại hội
    "other",
)
STATUSES = ("draft", "open", "closed")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Motion(Base):
    """One question voted by show of hands, with what was frozen when it opened (B, its
    breakdown, the threshold, the voters) and its result once closed (canonical JSON)."""

    __tablename__ = "motions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # order on the congress's agenda
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(Text)
    is_named: Mapped[bool] = mapped_column(Boolean, default=True)
    # The election a motion on the number to elect or on the list is about.
    election_id: Mapped[int | None] = mapped_column(
        ForeignKey("elections.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(10), default="draft")
    base: Mapped[int | None] = mapped_column(Integer, nullable=True)
    base_breakdown: Mapped[str | None] = mapped_column(Text, nullable=True)
    threshold: Mapped[int | None] = mapped_column(Integer, nullable=True)
    result: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_by: Mapped[str] = mapped_column(String(120))
    opened_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)

    congress: Mapped[Congress] = relationship()

    __table_args__ = (
        UniqueConstraint("congress_id", "position"),
        CheckConstraint(_in("kind", KINDS), name="kind_known"),
        CheckConstraint(_in("status", STATUSES), name="status_known"),
        CheckConstraint("status = 'draft' OR base IS NOT NULL", name="base_frozen"),
    )


class MotionVoter(Base):
    """A delegate entitled to vote on a motion, frozen when it opened. ``choice`` and
    ``recorded_by`` (the tablet, or the staff member who recorded a raised card) only for a
    named motion; no timestamp, no order."""

    __tablename__ = "motion_voters"

    motion_id: Mapped[int] = mapped_column(
        ForeignKey("motions.id", ondelete="CASCADE"), primary_key=True
    )
    delegate_id: Mapped[int] = mapped_column(ForeignKey("delegates.id"), primary_key=True)
    has_voted: Mapped[bool] = mapped_column(Boolean, default=False)
    choice: Mapped[str | None] = mapped_column(String(10), nullable=True)
    recorded_by: Mapped[str | None] = mapped_column(String(120), nullable=True)

    __table_args__ = (
        CheckConstraint(_in("choice", CHOICES), name="choice_known"),
        CheckConstraint("choice IS NULL OR has_voted", name="choice_after_vote"),
    )


class MotionSlip(Base):
    """An anonymous motion's choice under its voter's tag (64 hex): no delegate, no time, no
    order; deleted when the motion closes."""

    __tablename__ = "motion_slips"

    motion_id: Mapped[int] = mapped_column(
        ForeignKey("motions.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(64), primary_key=True)
    choice: Mapped[str] = mapped_column(String(10))

    __table_args__ = (
        CheckConstraint(_in("choice", CHOICES), name="choice_known"),
        {"sqlite_with_rowid": False},
    )
