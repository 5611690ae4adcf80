"""The life cycle of a ballot round (lần bầu), with no way around it.

draft (dự thảo danh sách) → list_approved (đại hội thông qua danh sách) → open (bỏ phiếu) →
closed (kết thúc bỏ phiếu) → counted (kiểm phiếu xong) → signed (ký biên bản) → announced
(công bố kết quả). The one step back: an approved list may be reopened as a draft before voting
opens (a withdrawal accepted by the congress changes the list, which is then approved again).
Plain data: the services check every change of state here.
"""

from __future__ import annotations

from votesys.elections.models import STATUSES

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("list_approved",),
    "list_approved": ("draft", "open"),
    "open": ("closed",),
    "closed": ("counted",),
    "counted": ("signed",),
    "signed": ("announced",),
    "announced": (),
}

# The step that takes a round into each state, as the errors name it.
STEP_INTO = {
    "draft": "reopen the list",
    "list_approved": "approve the list",
    "open": "open voting",
    "closed": "close voting",
    "counted": "count the ballots",
    "signed": "sign the minutes",
    "announced": "announce the result",
}


def allows(current: str, target: str) -> bool:
    """Whether a round in ``current`` may go straight to ``target``."""
    return target in TRANSITIONS[current]


def first_step(current: str, target: str) -> str | None:
    """What must happen first for a round in ``current`` to reach ``target``, or None when
    ``target`` lies behind it (the life cycle does not go back, but for reopening a list)."""
    here, there = STATUSES.index(current), STATUSES.index(target)
    if there <= here:
        return None
    return STEP_INTO[STATUSES[here + 1]]
