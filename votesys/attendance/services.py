"""The one write of this domain: the congress's quorum (số lượng tối thiểu, rules.md §8).

No minimum attendance was found in the rules, so the quorum has no default: the secretariat sets
it as a fraction of B ("2/3", "1/2", "50%"), or clears it, and the base page checks it.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from votesys.attendance.queries import parse_quorum, quorum_text
from votesys.audit import services as audit
from votesys.congress.models import Congress
from votesys.roles import Actor, require


def set_quorum(session: Session, actor: Actor, congress: Congress, text: str | None) -> str | None:
    """Set the quorum from ``text`` (stored reduced: "50%" → "1/2"), or clear it when ``text``
    is None or blank. Returns what is stored; refuses anything outside (0, 1] with BadQuorum."""
    require(actor.role, "congress.setup")
    stored = None
    if text is not None and text.strip():
        stored = quorum_text(parse_quorum(text))
    previous = congress.quorum
    congress.quorum = stored
    audit.record(
        session,
        "congress.quorum_set",
        actor.name,
        congress=congress.id,
        quorum=stored,
        previous=previous,
    )
    session.commit()
    return stored
