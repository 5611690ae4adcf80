from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from votesys.congress.models import PartyUnit
from votesys.db import Base

HOW_CAME = ("by_right", "elected")  # đương nhiên (convening committee member) / được bầu
GENDERS = ("female", "male")


class Delegate(Base):
    """A delegate (đại biểu) of a delegate congress, or a member of a Party-member congress."""

    __tablename__ = "delegates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    full_name: Mapped[str] = mapped_column(String(200))
    surname: Mapped[str] = mapped_column(String(60))
    middle_name: Mapped[str] = mapped_column(String(120))
    given_name: Mapped[str] = mapped_column(String(60))
    gender: Mapped[str] = mapped_column(String(10))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    ethnicity: Mapped[str] = mapped_column(String(60), default="Kinh")
    joined_party_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    official_member_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("party_units.id"), nullable=True)
    position: Mapped[str] = mapped_column(String(300), default="")
    education: Mapped[str] = mapped_column(String(60), default="")
    political_theory: Mapped[str] = mapped_column(String(60), default="")
    how_came: Mapped[str] = mapped_column(String(10), default="elected")
    is_official: Mapped[bool] = mapped_column(Boolean, default=True)  # False: alternate (dự khuyết)
    is_reserve_member: Mapped[bool] = mapped_column(Boolean, default=False)  # đảng viên dự bị
    absent_whole_congress: Mapped[bool] = mapped_column(Boolean, default=False)
    absence_reason: Mapped[str] = mapped_column(String(300), default="")
    absence_reason_accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    replaced_by_alternate: Mapped[bool] = mapped_column(Boolean, default=False)
    temporary_activity_elsewhere: Mapped[bool] = mapped_column(Boolean, default=False)
    exempted_from_activity: Mapped[bool] = mapped_column(Boolean, default=False)
    suspended_or_prosecuted: Mapped[bool] = mapped_column(Boolean, default=False)
    # An alternate seated in place of an absent official delegate: the official's number.
    seated_for_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str] = mapped_column(String(300), default="")

    unit: Mapped[PartyUnit | None] = relationship()

    __table_args__ = (
        UniqueConstraint("congress_id", "number"),
        CheckConstraint("number > 0", name="number_positive"),
        CheckConstraint("gender IN ('female', 'male')", name="gender_known"),
        CheckConstraint("how_came IN ('by_right', 'elected')", name="how_came_known"),
    )
