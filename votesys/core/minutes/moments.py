"""Times as the minutes print them (thời gian), in the hall's timezone.

The server may keep UTC; the minutes are read in Vietnam, where a vote closed at 17:30 UTC closed
at 00:30 the next day. Vietnamese minutes write "14 giờ 05 phút, ngày 21 tháng 05 năm 2025".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

HALL_TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class Moment:
    """One time of the minutes: ISO 8601 with the hall's offset, and the Vietnamese text."""

    iso: str
    text: str


def moment(at: datetime) -> Moment:
    """``at`` (an aware datetime) in the hall's timezone; a naive one is refused."""
    if at.utcoffset() is None:
        raise ValueError("naive datetime: give the timezone, the server's may not be the hall's")
    local = at.astimezone(HALL_TIMEZONE)
    text = f"{local:%H} giờ {local:%M} phút, ngày {local:%d} tháng {local:%m} năm {local.year}"
    return Moment(iso=local.isoformat(timespec="seconds"), text=text)
