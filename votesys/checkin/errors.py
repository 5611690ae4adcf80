"""What can go wrong at the door (điểm danh), in words that say how to fix it.

Three of these (NotACard, UnknownCard, RevokedCard) are not refusals of a request but red answers
of the desk: the scan was read and the card does not admit anyone. They are typed errors all the
same, so that their message is translated like every other one.
"""

from votesys.errors import N_, DomainError


class UnknownDelegate(DomainError):
    code = "unknown_delegate"
    status = 404
    message = N_("There is no delegate %(delegate)s on the roll. Search the delegate again.")


class BadMethod(DomainError):
    code = "bad_method"
    message = N_("Unknown way of checking in: %(method)s. Use one of: %(methods)s.")


class EmptyScan(DomainError):
    code = "empty_scan"
    message = N_(
        "Nothing was scanned or typed. Scan the card's QR code, or type the code printed on it."
    )


class ScanTooLong(DomainError):
    code = "scan_too_long"
    message = N_(
        "What was scanned is %(length)s characters long, too long to be a delegate card "
        "(at most %(maximum)s). Scan the card's QR code again."
    )


class NotACard(DomainError):
    code = "not_a_card"
    message = N_(
        "This is not a delegate card of this congress. Scan the QR code on the delegate's card, "
        "or find the delegate by name."
    )


class UnknownCard(DomainError):
    code = "unknown_card"
    status = 404
    message = N_(
        "No card of this congress has this QR code or code. Do not admit with it: find the "
        "delegate by name and check their papers."
    )


class RevokedCard(DomainError):
    code = "revoked_card"
    status = 410
    message = N_(
        "This card was revoked (%(reason)s) and admits nobody. Ask for the delegate's new "
        "card, or find the delegate by name."
    )


class NotCheckedIn(DomainError):
    code = "not_checked_in"
    status = 409
    message = N_(
        "%(name)s has not checked in, so they cannot leave or come back. Check them in first."
    )


class AlreadyLeft(DomainError):
    code = "already_left"
    status = 409
    message = N_(
        "%(name)s is already marked as having left early. When they come back, scan their card "
        "or press Came back."
    )


class NotLeft(DomainError):
    code = "not_left"
    status = 409
    message = N_("%(name)s is in the hall: they have not left, so they cannot come back.")


class NoEvent(DomainError):
    code = "no_checkin_event"
    status = 404
    message = N_("There is no check-in event %(event)s. Reload the page.")


class NotLastChange(DomainError):
    code = "not_last_change"
    status = 409
    message = N_(
        "Only the last change of %(name)s can be undone, and this is not it (or it was undone "
        "already). Reload the page and undo their latest change."
    )


class UndoUndo(DomainError):
    code = "undo_undo"
    status = 409
    message = N_(
        "An undo cannot itself be undone. Record the change again: scan the card, or use Leaving "
        "early or Came back."
    )


class UndoTooLate(DomainError):
    code = "undo_too_late"
    status = 409
    message = N_(
        "This change was made on %(day)s; only today's changes can be undone. Record the "
        "correction as a new change instead."
    )
