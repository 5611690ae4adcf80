"""Every write on delegate cards (thẻ đại biểu): issuing, reissuing, revoking, throttled look-ups.

Only hashes are stored, so a card can be printed only when it is issued: printing is issuing.
The token and the code of a new card live in the returned ``IssuedCard`` until the caller has
printed them, and nowhere else (not in the database, not in the audit log, not on disk).
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from votesys.accounts.models import LoginThrottle
from votesys.audit import services as audit
from votesys.congress.models import Congress
from votesys.core.codes import new_short_code, new_token, token_hash
from votesys.credentials import queries
from votesys.credentials.errors import (
    BadReason,
    CardGuessLocked,
    CardInForce,
    CardsChanged,
    NoCardInForce,
    NoDelegate,
    NothingToPrint,
)
from votesys.credentials.models import Card
from votesys.credentials.queries import UNKNOWN, CardLookup
from votesys.db import utcnow
from votesys.roles import Actor, require
from votesys.roster.models import Delegate

MAX_REASON = 300


@dataclass(frozen=True)
class IssuedCard:
    """A card just issued (thẻ vừa cấp). ``token`` and ``code`` exist only here: print them."""

    delegate: Delegate
    card: Card
    token: str = field(repr=False)
    code: str = field(repr=False)  # normalised, 9 characters


@dataclass(frozen=True)
class Throttle:
    """How many codes matching no card a client may type before it must wait.

    ``scope`` names who is counted: "addr" (a device's address, for anyone typing a code on a
    tablet or the card page) or "desk" (a signed-in staff member at the door).
    """

    scope: str
    max_failures: int
    lock_seconds: int


# Anyone: 5 wrong codes lock the address for 5 minutes (at most 1,440 guesses a day).
PUBLIC = Throttle("addr", 5, 300)
# Staff at the door type many codes and are signed in: 20 wrong codes lock the account 1 minute.
DESK = Throttle("desk", 20, 60)


def issue_missing(
    session: Session, actor: Actor, congress: Congress, key: bytes
) -> list[IssuedCard]:
    """Issue a card to every delegate who has none in force (the first printing), in roll order."""
    require(actor.role, "cards.issue")
    missing = [entry.delegate for entry in queries.card_roll(session, congress) if not entry.card]
    if not missing:
        raise NothingToPrint()
    taken = queries.code_hashes(session)
    with _one_card_in_force(session):
        issued = [_new_card(session, actor, delegate, key, taken) for delegate in missing]
        session.flush()
        audit.record(
            session,
            "cards.issued",
            actor.name,
            count=len(issued),
            delegates=[item.delegate.number for item in issued],
        )
        session.commit()
    return issued


def reissue(
    session: Session,
    actor: Actor,
    congress: Congress,
    key: bytes,
    delegate_id: int,
    reason: str,
    replace: bool = True,
) -> IssuedCard:
    """Issue one delegate a new card (cấp lại thẻ). A card in force is revoked in the same
    transaction, so it stops working the moment the new one exists; with ``replace=False`` a card
    in force is refused instead (CardInForce: printing a first card must not replace one)."""
    require(actor.role, "cards.issue")
    delegate = _delegate(session, congress, delegate_id)
    old = queries.active_card(session, delegate, for_update=True)
    replaces = None
    if old is not None:
        if not replace:
            raise CardInForce(number=delegate.number)
        _revoke(session, actor, delegate, old, _reason(reason))
        replaces = old.id
    with _one_card_in_force(session):
        new = _new_card(session, actor, delegate, key, queries.code_hashes(session))
        session.flush()
        audit.record(
            session,
            "card.issued",
            actor.name,
            delegate=delegate.number,
            card=new.card.id,
            replaces=replaces,
        )
        session.commit()
    return new


def revoke(
    session: Session, actor: Actor, congress: Congress, delegate_id: int, reason: str
) -> Card:
    """Revoke a delegate's card in force without a new one (thu hồi thẻ): it stops at once."""
    require(actor.role, "cards.revoke")
    delegate = _delegate(session, congress, delegate_id)
    reason = _reason(reason)
    card = queries.active_card(session, delegate, for_update=True)
    if card is None:
        raise NoCardInForce(number=delegate.number)
    with _one_card_in_force(session):
        _revoke(session, actor, delegate, card, reason)
        session.commit()
    return card


def lookup_code(
    session: Session, key: bytes, text: str, throttle: Throttle, who: str
) -> CardLookup:
    """Whose card has this typed code, counting codes that match no card against ``who``.

    A mistyped code (BadShortCode) is refused before the database is asked, so it tells a guesser
    nothing and is not counted. A well-formed code matching no card counts one failure; at
    ``throttle.max_failures`` the client is locked for ``throttle.lock_seconds`` (CardGuessLocked,
    HTTP 429) and the lock is audited. Commits (the count must survive the answer).
    """
    try:
        return _lookup_code(session, key, text, throttle, who)
    except IntegrityError:  # two first failures of one client at once (PostgreSQL): recount
        session.rollback()
        return _lookup_code(session, key, text, throttle, who)


def _lookup_code(session, key: bytes, text: str, throttle: Throttle, who: str) -> CardLookup:
    now = utcnow()
    row_key = f"card:{throttle.scope}:{who}"
    # Locked (PostgreSQL) so that parallel guesses from one client are each counted.
    row = session.get(LoginThrottle, row_key, with_for_update=True)
    if row is not None and row.locked_until is not None and row.locked_until > now:
        raise CardGuessLocked(seconds=int((row.locked_until - now).total_seconds()) + 1)
    found = queries.check_code(session, key, text)
    if found.status == UNKNOWN:
        _count_failure(session, row, row_key, now, throttle, who)
    session.commit()
    return found


def _count_failure(session, row, row_key, now, throttle: Throttle, who: str) -> None:
    if row is None:
        row = LoginThrottle(key=row_key, failures=0)
        session.add(row)
    row.failures = (row.failures or 0) + 1
    if row.failures >= throttle.max_failures:
        row.locked_until = now + dt.timedelta(seconds=throttle.lock_seconds)
        row.failures = 0
        audit.record(
            session,
            "card.code_locked",
            f"{throttle.scope}:{who}",
            scope=throttle.scope,
            seconds=throttle.lock_seconds,
        )


def _delegate(session: Session, congress: Congress, delegate_id: int) -> Delegate:
    delegate = queries.delegate_of(session, congress, delegate_id)
    if delegate is None:
        raise NoDelegate(delegate=delegate_id)
    return delegate


def _reason(text: str) -> str:
    reason = " ".join((text or "").split())
    if not reason or len(reason) > MAX_REASON:
        raise BadReason(maximum=MAX_REASON)
    return reason


def _revoke(session, actor: Actor, delegate: Delegate, card: Card, reason: str) -> None:
    card.revoked_at = utcnow()
    card.revoked_by = actor.name
    card.revoke_reason = reason
    # Flushed now: the new card of a reissue may only exist once the old one is out of force.
    session.flush()
    audit.record(
        session, "card.revoked", actor.name, delegate=delegate.number, card=card.id, reason=reason
    )


def _new_card(session, actor: Actor, delegate: Delegate, key: bytes, taken: set) -> IssuedCard:
    code = new_short_code()
    digest = queries.code_digest(key, code)
    while digest in taken:  # about one batch in a million meets an old code: draw again
        code = new_short_code()
        digest = queries.code_digest(key, code)
    taken.add(digest)
    token = new_token()
    card = Card(
        delegate=delegate,
        token_hash=token_hash(token),
        code_hash=digest,
        issued_by=actor.name,
    )
    session.add(card)
    return IssuedCard(delegate, card, token, code)


@contextmanager
def _one_card_in_force(session: Session):
    """Another request that issued a card for the same delegate first (the partial unique index,
    on PostgreSQL where writers do not queue) becomes a clear conflict instead of a crash."""
    try:
        yield
    except IntegrityError:
        session.rollback()
        raise CardsChanged() from None
