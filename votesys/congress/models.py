from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from votesys.db import Base

KINDS = ("delegate", "member")
UNIT_KINDS = ("cell", "subcommittee")  # chi bộ, đảng bộ bộ phận


class Congress(Base):
    __tablename__ = "congresses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    organisation: Mapped[str] = mapped_column(String(200))  # "Đảng bộ Phường 1"
    level: Mapped[str] = mapped_column(String(40))  # ward, commune, district, province, ...
    ordinal: Mapped[str] = mapped_column(String(20))  # "XIV" (lần thứ)
    term: Mapped[str] = mapped_column(String(20))  # "2025-2030"
    kind: Mapped[str] = mapped_column(String(10))
    venue: Mapped[str] = mapped_column(String(300))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    # Quorum as a fraction of B ("2/3"); no default (rules.md §8).
    quorum: Mapped[str | None] = mapped_column(String(20), nullable=True)

    units: Mapped[list[PartyUnit]] = relationship(
        back_populates="congress", order_by="PartyUnit.position"
    )

    __table_args__ = (
        CheckConstraint("kind IN ('delegate', 'member')", name="kind_known"),
        CheckConstraint("ends_on >= starts_on", name="dates_ordered"),
    )


class PartyUnit(Base):
    __tablename__ = "party_units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congresses.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)

    congress: Mapped[Congress] = relationship(back_populates="units")

    __table_args__ = (
        UniqueConstraint("congress_id", "name"),
        CheckConstraint("kind IN ('cell', 'subcommittee')", name="kind_known"),
    )
