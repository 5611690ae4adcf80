"""Reading cards (thẻ đại biểu): who holds a card in force, and finding a card by its QR or code.

The door (check-in) and the tablets call ``check_token`` / ``find_by_token`` with what the QR
gave, and ``services.lookup_code`` (throttled) with what a person typed. Only hashes are stored:
the token as SHA-256, the short code as HMAC-SHA256 under the installation's key (a 40-bit code
hashed without a key could be recovered from a leaked database by trying every code).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from votesys.config import read_or_create_secret
from votesys.congress.models import Congress
from votesys.core.codes import BadCode, parse_short_code, token_hash
from votesys.credentials.errors import (
    BadPublicUrl,
    BadShortCode,
    ShortCodeCharacter,
    ShortCodeCheck,
    ShortCodeLength,
)
from votesys.credentials.models import Card
from votesys.roster import queries as roster_queries
from votesys.roster.models import Delegate

CODE_KEY_FILE = "card_code_key"
CARD_PATH = "/c/"
# new_token(): 16 random bytes in URL-safe base 64, no padding.
TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")
SCANNED_URL = re.compile(r"/c/([A-Za-z0-9_-]{22})/?$")

ACTIVE, REVOKED, UNKNOWN = "active", "revoked", "unknown"


@dataclass(frozen=True)
class CardLookup:
    """The answer to "whose card is this?": ``active`` (card in force), ``revoked``, ``unknown``."""

    status: str
    card: Card | None = None

    @property
    def delegate(self) -> Delegate | None:
        """The holder, only for a card in force (a revoked card identifies nobody any more)."""
        return self.card.delegate if self.card is not None and self.status == ACTIVE else None


@dataclass(frozen=True)
class RollEntry:
    """A delegate on the cards page: their card in force (if any), how many were revoked."""

    delegate: Delegate
    card: Card | None
    revoked: int


# --- the installation's code key and the stored hashes ---


def code_key(instance: Path) -> bytes:
    """The installation's secret for code hashes (instance/card_code_key), made on first use.

    Losing it makes every printed short code useless (the QR codes keep working): back it up
    with the database.
    """
    path = instance / CODE_KEY_FILE
    try:
        return read_or_create_secret(path, lambda: secrets.token_bytes(32))
    except FileExistsError:  # another process created it between our check and our write
        return path.read_bytes()


def code_digest(key: bytes, normalised_code: str) -> str:
    """HMAC-SHA256 hex of a normalised short code: the only form of the code stored."""
    return hmac.new(key, normalised_code.encode("ascii"), hashlib.sha256).hexdigest()


def parse_code(text: str) -> str:
    """The normalised code typed in ``text``, or a typed BadShortCode saying what is wrong."""
    try:
        return parse_short_code(text)
    except BadCode as error:
        kind = {
            "bad_length": ShortCodeLength,
            "bad_character": ShortCodeCharacter,
            "bad_check": ShortCodeCheck,
        }.get(error.code, BadShortCode)
        raise kind(**error.params) from None


# --- URLs printed in the QR codes ---


def check_base_url(url: str) -> str:
    """The public address for QR codes, without a trailing slash, or BadPublicUrl."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise BadPublicUrl(url=url or "-")
    return url.strip().rstrip("/")


def card_url(base: str, token: str) -> str:
    return f"{base}{CARD_PATH}{token}"


def token_from_scan(text: str) -> str | None:
    """The token in what a scanner read: a card URL (any host) or a bare token; else None."""
    text = text.strip()
    if TOKEN.match(text):
        return text
    match = SCANNED_URL.search(urlsplit(text).path) if "://" in text else None
    return match.group(1) if match else None


# --- lookups ---


def check_token(session: Session, token: str) -> CardLookup:
    """Whose card carries this token: active, revoked or unknown (a malformed token: unknown)."""
    if not TOKEN.match(token or ""):
        return CardLookup(UNKNOWN)
    return _lookup(session, Card.token_hash == token_hash(token))


def find_by_token(session: Session, token: str) -> Card | None:
    """The card in force that carries this token, or None (revoked and unknown alike)."""
    found = check_token(session, token)
    return found.card if found.status == ACTIVE else None


def check_code(session: Session, key: bytes, text: str) -> CardLookup:
    """Whose card has this typed code (not throttled: callers facing people use
    ``services.lookup_code``). Raises BadShortCode for a mistyped code."""
    return _lookup(session, Card.code_hash == code_digest(key, parse_code(text)))


def find_by_code(session: Session, key: bytes, text: str) -> Card | None:
    """The card in force with this typed code, or None; BadShortCode for a mistyped code."""
    found = check_code(session, key, text)
    return found.card if found.status == ACTIVE else None


def _lookup(session: Session, condition) -> CardLookup:
    card = session.scalars(
        select(Card).where(condition).options(joinedload(Card.delegate).joinedload(Delegate.unit))
    ).first()
    if card is None:
        return CardLookup(UNKNOWN)
    return CardLookup(ACTIVE if card.is_active else REVOKED, card)


# --- the roll with its cards ---


def card_roll(session: Session, congress: Congress) -> list[RollEntry]:
    """Every delegate in Vietnamese alphabetical order with their card in force, if any."""
    cards = session.scalars(
        select(Card).join(Delegate).where(Delegate.congress_id == congress.id)
    ).all()
    active = {card.delegate_id: card for card in cards if card.is_active}
    revoked: dict[int, int] = {}
    for card in cards:
        if not card.is_active:
            revoked[card.delegate_id] = revoked.get(card.delegate_id, 0) + 1
    return [
        RollEntry(delegate, active.get(delegate.id), revoked.get(delegate.id, 0))
        for delegate in roster_queries.delegates(session, congress)
    ]


def delegate_of(session: Session, congress: Congress, delegate_id: int) -> Delegate | None:
    delegate = session.get(Delegate, delegate_id)
    return delegate if delegate is not None and delegate.congress_id == congress.id else None


def delegate_by_number(session: Session, congress: Congress, number: int) -> Delegate | None:
    return session.scalars(
        select(Delegate).where(Delegate.congress_id == congress.id, Delegate.number == number)
    ).first()


def active_card(session: Session, delegate: Delegate, for_update: bool = False) -> Card | None:
    """The delegate's card in force; ``for_update`` locks it (PostgreSQL) for a revocation."""
    query = select(Card).where(Card.delegate_id == delegate.id, Card.revoked_at.is_(None))
    return session.scalars(query.with_for_update() if for_update else query).first()


def code_hashes(session: Session) -> set[str]:
    """Every stored code hash (to keep a new code from colliding with an old one)."""
    return set(session.scalars(select(Card.code_hash)))
