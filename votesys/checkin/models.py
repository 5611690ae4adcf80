"""Attendance: one row per delegate who has come at least once, and the timeline of changes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from votesys.db import Base, UTCDateTime, utcnow
from votesys.roster.models import Delegate

STATUSES = ("present", "left")  # in the hall / left early (may come back)
EVENT_KINDS = ("check_in", "leave", "return", "undo")
METHODS = ("camera", "scanner", "code", "search", "manual")


class Attendance(Base):
    """A delegate's presence now. No row: not (yet) come; "left": left early."""

    __tablename__ = "attendance"

    delegate_id: Mapped[int] = mapped_column(
        ForeignKey("delegates.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(10))
    checked_in_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    delegate: Mapped[Delegate] = relationship()

    __table_args__ = (CheckConstraint("status IN ('present', 'left')", name="status_known"),)


class CheckinEvent(Base):
    """The timeline at the door: what happened to whom, when, how, by which staff member."""

    __tablename__ = "checkin_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    delegate_id: Mapped[int] = mapped_column(ForeignKey("delegates.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    method: Mapped[str] = mapped_column(String(10))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(120))
    # For an undo: the event it undid.
    undoes_id: Mapped[int | None] = mapped_column(ForeignKey("checkin_events.id"), nullable=True)

    delegate: Mapped[Delegate] = relationship()

    __table_args__ = (
        CheckConstraint("kind IN ('check_in', 'leave', 'return', 'undo')", name="kind_known"),
        CheckConstraint(
            "method IN ('camera', 'scanner', 'code', 'search', 'manual')", name="method_known"
        ),
    )
