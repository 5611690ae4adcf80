"""Every write at the door (điểm danh): check-in, leaving early, coming back, undo.

Each answer is an ``Outcome`` whose code the desk shows in one of three colours: green (let the
delegate in: checked in, or came back), amber (look at this before anything else: already in
the hall, left early, needs a confirmation, not seated) and red (this card admits nobody).

Decisions (docs/checkin.md):
- A delegate the roll marks absent for the whole congress (absent_whole_congress) is not checked
  in silently: the desk answers amber and checks them in only when staff confirm. The roll's flag
  is left as it is (changing it is the secretariat's, roster.manage); the audit entry says the
  check-in was made despite the flag.
- An alternate (dự khuyết) not seated in place of an official delegate holds no seat and no vote:
  amber, not checked in. Once the secretariat seats them, their card checks them in.
- A reserve Party member (đảng viên dự bị) is checked in (they attend) with a note that they have
  no vote and cannot stand (rules.md §7); a seated alternate with a note naming the official.
- Scanning the card of a delegate who left early brings them back ("returned", green).
- Undo takes back only the delegate's latest change still in force, made the same day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from votesys.audit import services as audit
from votesys.checkin import queries
from votesys.checkin.errors import (
    AlreadyLeft,
    BadMethod,
    EmptyScan,
    NoEvent,
    NotACard,
    NotCheckedIn,
    NotLastChange,
    NotLeft,
    RevokedCard,
    ScanTooLong,
    UndoTooLate,
    UndoUndo,
    UnknownCard,
    UnknownDelegate,
)
from votesys.checkin.models import METHODS, Attendance, CheckinEvent
from votesys.checkin.queries import LEFT, NONE, PRESENT, Match
from votesys.congress.models import Congress
from votesys.credentials import queries as cards
from votesys.credentials import services as card_services
from votesys.credentials.errors import BadShortCode, CardGuessLocked
from votesys.db import utcnow
from votesys.errors import DomainError
from votesys.roles import Actor, require
from votesys.roster.models import Delegate

GREEN, AMBER, RED = "green", "amber", "red"
COLOURS = {
    "checked_in": GREEN,
    "returned": GREEN,
    "already": AMBER,
    "left": AMBER,
    "confirm_absent": AMBER,
    "not_seated": AMBER,
    "not_a_card": RED,
    "unknown_card": RED,
    "revoked_card": RED,
    "bad_code": RED,
    "locked": RED,
}
SCAN_METHODS = ("camera", "scanner", "code")
MAX_SCAN = 500
DEFAULT_ZONE = "Asia/Ho_Chi_Minh"
# A short code as typed in the search box: 8 to 10 letters and digits, at least one of each
# (a name has no digit, a number no letter; a code without any digit is typed in the scan field).
CODE_LIKE = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9]{8,10}$")
# As printed on the card, XXXX-XXXX-X: a code even when it happens to hold no digit (about one
# code in 30 is letters only), which no name looks like.
CODE_AS_PRINTED = re.compile(r"^\s*[A-Za-z0-9]{4}\s*-\s*[A-Za-z0-9]{4}\s*-\s*[A-Za-z0-9]\s*$")


@dataclass(frozen=True)
class Note:
    """Something the desk must say beside a green or amber answer (``code`` with its params)."""

    code: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """The desk's answer. ``at``: the moment the answer speaks of (checked in, came back, left);
    ``since``: the moment before it (when they had left, when they had checked in)."""

    code: str
    delegate: Delegate | None = None
    presence: str = NONE
    at: dt.datetime | None = None
    since: dt.datetime | None = None
    event: CheckinEvent | None = None
    notes: tuple[Note, ...] = ()
    error: DomainError | None = None

    @property
    def colour(self) -> str:
        return COLOURS[self.code]


@dataclass(frozen=True)
class Undone:
    """An undo: the new ``event`` (kind undo), the change it ``undid``, the delegate's presence."""

    event: CheckinEvent
    undid: CheckinEvent
    delegate: Delegate
    presence: str


@dataclass(frozen=True)
class Found:
    """Search results; ``error`` when a typed card code could not be used."""

    matches: list[Match]
    total: int
    error: DomainError | None = None


# --- the three ways in: a scan, a search, a tap on a search result ---


def scan(
    session: Session,
    actor: Actor,
    key: bytes,
    text: str,
    method: str | None = None,
    throttle: card_services.Throttle = card_services.DESK,
) -> Outcome:
    """Check in whoever holds the card read by the camera or a scanner, or typed (a card URL, a
    bare token, or a short code). Codes matching no card count against the staff member
    (credentials' throttle, committed by its look-up before the check-in's own transaction)."""
    require(actor.role, "checkin.record")
    text = (text or "").strip()
    if not text:
        raise EmptyScan()
    if len(text) > MAX_SCAN:
        raise ScanTooLong(length=len(text), maximum=MAX_SCAN)
    if method is not None and method not in SCAN_METHODS:
        raise BadMethod(method=method, methods=", ".join(SCAN_METHODS))
    token = cards.token_from_scan(text)
    if token is not None:
        found = cards.check_token(session, token)
    elif method == "camera" or "/" in text or ":" in text:
        return Outcome("not_a_card", error=NotACard())  # a QR code, but not a card's
    else:
        try:
            found = card_services.lookup_code(session, key, text, throttle, actor.name)
        except BadShortCode as error:
            return Outcome("bad_code", error=error)
        except CardGuessLocked as error:
            return Outcome("locked", error=error)
    how = method or ("scanner" if token is not None else "code")
    if found.status == cards.ACTIVE:
        return check_in(session, actor, found.card.delegate_id, how)
    if found.status == cards.REVOKED:
        return _revoked(session, actor, found.card, how)
    return Outcome("unknown_card", error=UnknownCard())


def find(
    session: Session,
    actor: Actor,
    congress: Congress,
    key: bytes,
    text: str,
    throttle: card_services.Throttle = card_services.DESK,
) -> Found:
    """The search box: a name (accents optional), a number, or a card's short code. A code goes
    through the credentials' throttled look-up (it counts a code matching no card)."""
    require(actor.role, "checkin.record")
    text = (text or "").strip()[:MAX_SCAN]
    if not is_code_like(text):
        return Found(*queries.search(session, congress, text))
    try:
        found = card_services.lookup_code(session, key, text, throttle, actor.name)
    except (BadShortCode, CardGuessLocked) as error:
        return Found([], 0, error)
    if found.status == cards.REVOKED:
        return Found([], 0, RevokedCard(reason=found.card.revoke_reason))
    if found.status != cards.ACTIVE:
        return Found([], 0, UnknownCard())
    delegate = found.card.delegate
    attendance = queries.attendance_of(session, delegate.id)
    since = attendance.changed_at if attendance is not None else None
    return Found([Match(delegate, queries.presence_of(attendance), since)], 1)


def is_code_like(text: str) -> bool:
    """Whether the search box holds a card's short code rather than a name or a number."""
    text = text or ""
    return bool(CODE_AS_PRINTED.match(text) or CODE_LIKE.match(re.sub(r"[\s-]", "", text)))


def check_in(
    session: Session, actor: Actor, delegate_id: int, method: str, confirm: bool = False
) -> Outcome:
    """Record that the delegate came in (or came back after leaving early).

    Already present: amber with the time, nothing written. Absent for the whole congress per the
    roll: amber until ``confirm``. An alternate not seated: amber, nothing written.
    """
    require(actor.role, "checkin.record")
    _check_method(method)
    delegate = _lock_delegate(session, delegate_id)
    attendance = queries.attendance_of(session, delegate.id)
    notes = _notes(session, delegate)
    if attendance is not None and attendance.status == PRESENT:
        return _unchanged(session, "already", delegate, attendance, notes)
    if not queries.is_expected(delegate):
        return _unchanged(session, "not_seated", delegate, attendance, notes)
    if delegate.absent_whole_congress and not confirm:
        return _unchanged(session, "confirm_absent", delegate, attendance, notes)
    if attendance is not None:  # status "left": they come back through the door
        return _return(session, actor, delegate, attendance, method, notes)
    now = utcnow()
    attendance = Attendance(
        delegate_id=delegate.id, status=PRESENT, checked_in_at=now, changed_at=now
    )
    session.add(attendance)
    event = _event(session, actor, delegate, "check_in", method, now)
    extra = {"despite_absence_flag": True} if delegate.absent_whole_congress else {}
    _audit(session, actor, "checkin.check_in", delegate, event, **extra)
    session.commit()
    return Outcome("checked_in", delegate, PRESENT, now, None, event, notes)


def leave(session: Session, actor: Actor, delegate_id: int, method: str = "manual") -> Outcome:
    """Record that a present delegate left early (ra về sớm): not present at a vote until back."""
    require(actor.role, "checkin.record")
    _check_method(method)
    delegate = _lock_delegate(session, delegate_id)
    attendance = queries.attendance_of(session, delegate.id)
    if attendance is None:
        raise NotCheckedIn(name=delegate.full_name)
    if attendance.status == LEFT:
        raise AlreadyLeft(name=delegate.full_name)
    now = utcnow()
    attendance.status, attendance.changed_at = LEFT, now
    event = _event(session, actor, delegate, "leave", method, now)
    _audit(session, actor, "checkin.leave", delegate, event)
    session.commit()
    return Outcome(
        "left", delegate, LEFT, now, attendance.checked_in_at, event, _notes(session, delegate)
    )


def come_back(session: Session, actor: Actor, delegate_id: int, method: str = "manual") -> Outcome:
    """Record that a delegate who left early is back in the hall (trở lại)."""
    require(actor.role, "checkin.record")
    _check_method(method)
    delegate = _lock_delegate(session, delegate_id)
    attendance = queries.attendance_of(session, delegate.id)
    if attendance is None:
        raise NotCheckedIn(name=delegate.full_name)
    if attendance.status == PRESENT:
        raise NotLeft(name=delegate.full_name)
    return _return(session, actor, delegate, attendance, method, _notes(session, delegate))


def undo(session: Session, actor: Actor, event_id: int, zone: str = DEFAULT_ZONE) -> Undone:
    """Take back the delegate's latest change still in force (hoàn tác), if made today in the
    hall's time zone: a check-in (back to not come), a leave (back in the hall) or a return
    (back to having left). The undo is itself an event; it cannot be undone."""
    require(actor.role, "checkin.record")
    target = session.get(CheckinEvent, event_id)
    if target is None:
        raise NoEvent(event=event_id)
    if target.kind == "undo":
        raise UndoUndo()
    delegate = _lock_delegate(session, target.delegate_id)
    last = queries.last_change(session, delegate.id)
    if last is None or last.id != target.id:
        raise NotLastChange(name=delegate.full_name)
    now = utcnow()
    if not queries.same_day(target.at, now, zone):
        raise UndoTooLate(day=target.at.astimezone(ZoneInfo(zone)).strftime("%d/%m/%Y"))
    presence = _take_back(session, delegate, target.kind, now)
    event = _event(session, actor, delegate, "undo", "manual", now, undoes_id=target.id)
    _audit(session, actor, "checkin.undo", delegate, event, undid=target.id, undid_kind=target.kind)
    session.commit()
    return Undone(event, target, delegate, presence)


# --- helpers ---


def _take_back(session: Session, delegate: Delegate, kind: str, now: dt.datetime) -> str:
    attendance = queries.attendance_of(session, delegate.id)
    if kind == "check_in":
        session.delete(attendance)
        return NONE
    attendance.status = PRESENT if kind == "leave" else LEFT
    attendance.changed_at = now
    return attendance.status


def _return(session, actor, delegate, attendance, method, notes) -> Outcome:
    now = utcnow()
    left_at = attendance.changed_at
    attendance.status, attendance.changed_at = PRESENT, now
    event = _event(session, actor, delegate, "return", method, now)
    _audit(session, actor, "checkin.return", delegate, event)
    session.commit()
    return Outcome("returned", delegate, PRESENT, now, left_at, event, notes)


def _revoked(session: Session, actor: Actor, card, method: str) -> Outcome:
    """A revoked card at the door is audited: it may be a lost card in someone else's hand."""
    delegate = card.delegate
    audit.record(
        session,
        "checkin.revoked_card",
        actor.name,
        delegate=delegate.number,
        card=card.id,
        method=method,
    )
    session.commit()
    presence = queries.presence_of(queries.attendance_of(session, delegate.id))
    error = RevokedCard(reason=card.revoke_reason or "-")
    return Outcome("revoked_card", delegate, presence, card.revoked_at, error=error)


def _unchanged(session, code, delegate, attendance, notes) -> Outcome:
    """An answer that writes nothing; the transaction (and its lock) ends here."""
    session.commit()
    presence = queries.presence_of(attendance)
    at = attendance.checked_in_at if attendance is not None else None
    since = attendance.changed_at if attendance is not None else None
    return Outcome(code, delegate, presence, at, since, None, notes)


def _notes(session: Session, delegate: Delegate) -> tuple[Note, ...]:
    notes = []
    if delegate.is_reserve_member:
        notes.append(Note("reserve_member"))
    if not delegate.is_official and delegate.seated_for_number is not None:
        notes.append(Note("seated_alternate", {"number": delegate.seated_for_number}))
    if delegate.absent_whole_congress:
        reason = delegate.absence_reason or "-"
        notes.append(Note("absent_flag", {"reason": reason}))
        if delegate.replaced_by_alternate:
            seated = queries.seated_in_place_of(session, delegate)
            notes.append(Note("replaced", {"number": seated.number if seated else "-"}))
    return tuple(notes)


def _lock_delegate(session: Session, delegate_id: int) -> Delegate:
    """The delegate's row, locked on PostgreSQL: two desks scanning one card take turns."""
    delegate = session.scalars(
        select(Delegate)
        .where(Delegate.id == delegate_id)
        .options(joinedload(Delegate.unit))
        .with_for_update(of=Delegate)
    ).first()
    if delegate is None:
        raise UnknownDelegate(delegate=delegate_id)
    return delegate


def _check_method(method: str) -> None:
    if method not in METHODS:
        raise BadMethod(method=method, methods=", ".join(METHODS))


def _event(session, actor, delegate, kind, method, now, undoes_id=None) -> CheckinEvent:
    event = CheckinEvent(
        delegate_id=delegate.id,
        kind=kind,
        method=method,
        at=now,
        actor=actor.name,
        undoes_id=undoes_id,
    )
    session.add(event)
    session.flush()
    return event


def _audit(session, actor: Actor, kind: str, delegate: Delegate, event, **extra) -> None:
    audit.record(
        session,
        kind,
        actor.name,
        delegate=delegate.number,
        event=event.id,
        method=event.method,
        **extra,
    )
