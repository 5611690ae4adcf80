"""What can go wrong when counting, confirming and announcing, and how to put it right."""

from __future__ import annotations

from votesys.errors import N_, DomainError


class NotYet(DomainError):
    code = "tally_not_yet"
    status = 409
    message = N_("Round %(number)s of %(election)s is %(current)s: first %(first)s.")


class TooLate(DomainError):
    code = "tally_too_late"
    status = 409
    message = N_("Round %(number)s of %(election)s is already %(current)s: this step is done.")


class BoxDisagrees(DomainError):
    code = "box_disagrees"
    status = 409
    message = N_(
        "The box holds %(ballots)s ballots but %(voters)s delegates are marked as having voted. "
        "Do not count: the counting committee must examine the audit log and report to the "
        "presidium."
    )


class CountDoesNotAddUp(DomainError):
    code = "count_does_not_add_up"
    status = 409
    message = N_(
        "The count does not reconcile (%(detail)s). Check the figures; a paper count can be "
        "entered again only after the secretariat removes the wrong one."
    )


class AlreadyConfirmed(DomainError):
    code = "already_confirmed"
    status = 409
    message = N_("%(name)s has already confirmed this count: each member confirms once.")


class AlreadySigned(DomainError):
    code = "already_signed"
    status = 409
    message = N_("Round %(number)s is already signed by the counting committee.")
