"""What the projector shows (trạng thái màn hình chiếu): one row per congress."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from votesys.db import Base, UTCDateTime

# idle: the congress's name; voting: a round's turnout; counting: the committee at work;
# results: an announced round's result; motion: a motion by show of hands (its turnout while
# open, its result once closed).
MODES = ("idle", "voting", "counting", "results", "motion")


class ProjectorState(Base):
    """The screen the chair chose, who chose it and when."""

    __tablename__ = "projector_states"

    congress_id: Mapped[int] = mapped_column(
        ForeignKey("congresses.id", ondelete="CASCADE"), primary_key=True
    )
    mode: Mapped[str] = mapped_column(String(10))
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), nullable=True
    )
    motion_id: Mapped[int | None] = mapped_column(
        ForeignKey("motions.id", ondelete="CASCADE"), nullable=True
    )
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    changed_by: Mapped[str] = mapped_column(String(120))

    __table_args__ = (
        CheckConstraint(
            "mode IN ('idle', 'voting', 'counting', 'results', 'motion')", name="mode_known"
        ),
        CheckConstraint(
            "mode IN ('idle', 'counting', 'motion') OR round_id IS NOT NULL", name="round_given"
        ),
        CheckConstraint("mode <> 'motion' OR motion_id IS NOT NULL", name="motion_given"),
    )
