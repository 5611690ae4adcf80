"""What the chair may get wrong choosing the projector's screen, and how to put it right."""

from __future__ import annotations

from votesys.errors import N_, DomainError


class UnknownMode(DomainError):
    code = "projector_unknown_mode"
    status = 400
    message = N_(
        "The projector cannot show “%(mode)s”. Choose idle, voting, counting, results or a motion."
    )


class RoundNeeded(DomainError):
    code = "projector_round_needed"
    status = 400
    message = N_("Choose which round the projector shows: the %(mode)s screen is about one round.")


class NotOpenedYet(DomainError):
    code = "projector_not_opened"
    status = 409
    message = N_(
        "Round %(number)s of %(election)s has not opened: there is no voting to show. "
        "Open voting first, on the chair's page."
    )


class NotAnnounced(DomainError):
    code = "projector_not_announced"
    status = 409
    message = N_(
        "Round %(number)s of %(election)s is %(current)s: results are shown only once announced. "
        "Announce the result first (after the counting committee has signed it)."
    )


class MotionNeeded(DomainError):
    code = "projector_motion_needed"
    status = 400
    message = N_("Choose which motion the projector shows.")


class MotionNotPut(DomainError):
    code = "projector_motion_not_put"
    status = 409
    message = N_(
        "The motion “%(title)s” has not been put to the vote: there is nothing to show. The "
        "chair puts it to the vote first."
    )
