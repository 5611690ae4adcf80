"""Elections by secret ballot (bầu cử bằng phiếu kín, rules.md §1), their lists and rounds.

An election (cuộc bầu) has a list of candidates (danh sách bầu cử) and one or more rounds (lần
bầu); each round has its own list in ballot order, its own base B frozen when voting opens, and
its own eligible voters. The counting committee (ban kiểm phiếu) belongs to the congress.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from votesys.congress.models import Congress
from votesys.db import Base, UTCDateTime

# rules.md §1. "delegates": delegates to the higher congress, alternates on the same ballot when
# the election has alternates; "alternate_delegates": the alternates on a ballot of their own.
KINDS = (
    "executive_committee",  # ban chấp hành
    "standing_committee",  # ban thường vụ
    "secretary",  # bí thư
    "deputy_secretary",  # phó bí thư
    "inspection_committee",  # ủy ban kiểm tra
    "inspection_chair",  # chủ nhiệm ủy ban kiểm tra
    "delegates",  # đại biểu dự đại hội cấp trên
    "alternate_delegates",  # đại biểu dự khuyết (phiếu riêng)
    "opinion",  # phiếu xin ý kiến
)
NOMINATED_BY = ("convening", "congress")  # cấp ủy triệu tập / đại hội đề cử, ứng cử
COUNTING_ROLES = ("head", "member")  # trưởng ban / thành viên
FILLS = ("official", "alternates")
LAYOUTS = ("strike", "approve")
STATUSES = ("draft", "list_approved", "open", "closed", "counted", "signed", "announced")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Election(Base):
    """One election of the congress (cuộc bầu): what is elected and how many."""

    __tablename__ = "elections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    seats: Mapped[int] = mapped_column(Integer)  # 0 for an opinion ballot
    alternates: Mapped[int] = mapped_column(Integer, default=0)
    position: Mapped[int] = mapped_column(Integer)  # order on the congress's agenda
    # Opinion ballot: the election whose list the agreed names would join.
    target_election_id: Mapped[int | None] = mapped_column(
        ForeignKey("elections.id"), nullable=True
    )

    congress: Mapped[Congress] = relationship()
    candidates: Mapped[list[Candidate]] = relationship(
        back_populates="election", order_by="Candidate.id"
    )
    rounds: Mapped[list[Round]] = relationship(back_populates="election", order_by="Round.number")

    __table_args__ = (
        UniqueConstraint("congress_id", "position"),
        CheckConstraint(_in("kind", KINDS), name="kind_known"),
        CheckConstraint("seats >= 0", name="seats_not_negative"),
        CheckConstraint("alternates >= 0", name="alternates_not_negative"),
    )


class Candidate(Base):
    """A person on an election's list (ứng cử viên), from the roll or entered by hand.

    The name is copied from the roll when added, so the printed list does not change with it.
    """

    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("elections.id", ondelete="CASCADE"))
    delegate_id: Mapped[int | None] = mapped_column(ForeignKey("delegates.id"), nullable=True)
    full_name: Mapped[str] = mapped_column(String(200))
    surname: Mapped[str] = mapped_column(String(60))
    middle_name: Mapped[str] = mapped_column(String(120))
    given_name: Mapped[str] = mapped_column(String(60))
    birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    description: Mapped[str] = mapped_column(String(300), default="")  # position, unit
    nominated_by: Mapped[str] = mapped_column(String(10), default="convening")
    is_withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)  # rút khỏi danh sách
    withdrawal_reason: Mapped[str] = mapped_column(String(300), default="")

    election: Mapped[Election] = relationship(back_populates="candidates")

    __table_args__ = (
        UniqueConstraint("election_id", "delegate_id"),
        CheckConstraint(_in("nominated_by", NOMINATED_BY), name="nominated_by_known"),
    )


class CountingMember(Base):
    """A member of the counting committee (ban kiểm phiếu), elected by show of hands."""

    __tablename__ = "counting_members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    delegate_id: Mapped[int | None] = mapped_column(ForeignKey("delegates.id"), nullable=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        UniqueConstraint("congress_id", "delegate_id"),
        UniqueConstraint("congress_id", "position"),
        CheckConstraint(_in("role", COUNTING_ROLES), name="role_known"),
    )


class Round(Base):
    """One ballot round (lần bầu) of an election, with what was frozen when voting opened:
    B and its breakdown (canonical JSON), the threshold, the rule settings (canonical JSON)."""

    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("elections.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    seats: Mapped[int] = mapped_column(Integer)
    alternates: Mapped[int] = mapped_column(Integer, default=0)
    fills: Mapped[str] = mapped_column(String(10), default="official")
    layout: Mapped[str | None] = mapped_column(String(10), nullable=True)  # set at approval
    status: Mapped[str] = mapped_column(String(15), default="draft")
    base: Mapped[int | None] = mapped_column(Integer, nullable=True)
    base_breakdown: Mapped[str | None] = mapped_column(Text, nullable=True)
    threshold: Mapped[int | None] = mapped_column(Integer, nullable=True)
    settings: Mapped[str | None] = mapped_column(Text, nullable=True)
    opened_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Frozen when voting opens (docs/protocol.md §6.2): the manifest (canonical JSON, core.record),
    # its SHA-256 (the round fingerprint every ballot proof is bound to), the election key.
    manifest: Mapped[str | None] = mapped_column(Text, nullable=True)
    fingerprint: Mapped[str | None] = mapped_column(String(64), nullable=True)
    public_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    ceremony_id: Mapped[int | None] = mapped_column(ForeignKey("key_ceremonies.id"), nullable=True)

    election: Mapped[Election] = relationship(back_populates="rounds")

    __table_args__ = (
        UniqueConstraint("election_id", "number"),
        CheckConstraint("number > 0", name="number_positive"),
        CheckConstraint("seats >= 0", name="seats_not_negative"),
        CheckConstraint("alternates >= 0", name="alternates_not_negative"),
        CheckConstraint(_in("fills", FILLS), name="fills_known"),
        CheckConstraint(_in("layout", LAYOUTS), name="layout_known"),
        CheckConstraint(_in("status", STATUSES), name="status_known"),
    )


class RoundCandidate(Base):
    """A name on one round's list; ``position`` (1, 2, …) is its ballot order, set when the
    list is approved (None while the list is a draft)."""

    __tablename__ = "round_candidates"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int | None] = mapped_column(Integer, nullable=True)

    candidate: Mapped[Candidate] = relationship()

    __table_args__ = (
        UniqueConstraint("round_id", "position"),
        CheckConstraint("position > 0", name="position_positive"),
    )


class RoundVoter(Base):
    """A delegate entitled to vote in a round, frozen when it opened (cử tri của lần bầu).

    No timestamps and no ordering column: nothing here may link a voter to a ballot by time
    (design.md, "Who voted and what was voted are never stored together").
    """

    __tablename__ = "round_voters"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    delegate_id: Mapped[int] = mapped_column(ForeignKey("delegates.id"), primary_key=True)
    is_issued: Mapped[bool] = mapped_column(Boolean, default=False)  # opened the ballot
    has_voted: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (CheckConstraint("is_issued OR NOT has_voted", name="voted_after_issue"),)
