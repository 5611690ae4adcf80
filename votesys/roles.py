"""Roles, actors and who may do what (vai trò, quyền).

Services call ``require``; the web shell only hides what ``allows`` refuses. Each action is named
for what it does in the hall; the roles come from design.md's table. Delegates have no role: they
come in through their card.
"""

from __future__ import annotations

from dataclasses import dataclass

from votesys.errors import Forbidden

ROLES = ("secretariat", "credentials", "counting", "chair", "observer")
ALL_STAFF = frozenset(ROLES)

ACTIONS: dict[str, frozenset[str]] = {
    "users.manage": frozenset({"secretariat"}),
    "congress.setup": frozenset({"secretariat"}),
    "roster.manage": frozenset({"secretariat"}),
    "roster.export": frozenset({"secretariat", "credentials"}),
    "cards.issue": frozenset({"secretariat"}),
    "cards.revoke": frozenset({"secretariat", "credentials"}),
    "checkin.record": frozenset({"credentials", "secretariat"}),
    "attendance.view": ALL_STAFF,
    "report.view": ALL_STAFF,
    "audit.verify": ALL_STAFF,
    "audit.view": ALL_STAFF,
    # Elections (bầu cử): the secretariat prepares them, the chair opens and closes voting.
    "elections.view": ALL_STAFF,
    "elections.manage": frozenset({"secretariat"}),
    "rounds.open_close": frozenset({"chair"}),
    "stations.manage": frozenset({"secretariat"}),
    # The counting committee (ban kiểm phiếu): who voted, and a paper count entered as totals.
    "voters.view": frozenset({"counting"}),
    "rounds.paper_count": frozenset({"counting"}),
    # Counting (kiểm phiếu): the committee counts and confirms; the chair announces.
    "tally.count": frozenset({"counting"}),
    "tally.sign": frozenset({"counting"}),
    "results.announce": frozenset({"chair"}),
    # Motions by show of hands (biểu quyết): the secretariat writes them and records a raised
    # card by hand; the chair puts them to the vote and closes it.
    "motions.view": ALL_STAFF,
    "motions.manage": frozenset({"secretariat"}),
    "motions.open_close": frozenset({"chair"}),
    # The key ceremony (lễ tạo khóa): the counting committee makes the election key together.
    "ceremony.view": ALL_STAFF,
    "ceremony.run": frozenset({"counting"}),
    # Decryption of a round's totals by the members of the ceremony (giải mã kết quả).
    "tally.decrypt": frozenset({"counting"}),
}


@dataclass(frozen=True)
class Actor:
    """Who is acting: ``name`` goes into the audit log; ``role`` is checked against ACTIONS."""

    name: str
    role: str | None

    @classmethod
    def console(cls) -> Actor:
        """The operator at the server's own console (``votesys``) acts as the secretariat."""
        return cls("console", "secretariat")

    @classmethod
    def anonymous(cls) -> Actor:
        return cls("anonymous", None)


def allows(role: str | None, action: str) -> bool:
    return role is not None and role in ACTIONS[action]


def require(role: str | None, action: str) -> None:
    """Raise Forbidden unless ``role`` may do ``action`` (an unknown action is a bug)."""
    if action not in ACTIONS:
        raise KeyError(action)
    if not allows(role, action):
        raise Forbidden(role=role or "-", action=action)
