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


class NotAddedUp(DomainError):
    code = "tally_not_added_up"
    status = 409
    message = N_(
        'The box of round %(number)s has not been added up yet: press "Add up the box" on the '
        "count page first."
    )


class AwaitingDecryption(DomainError):
    code = "tally_awaiting_decryption"
    status = 409
    message = N_(
        "The totals of round %(number)s are still encrypted: %(have)s of the %(need)s members "
        "needed have decrypted them. The other members open the decryption page on their own "
        "device and type their passphrase."
    )


class NotAKeyHolder(DomainError):
    code = "tally_not_key_holder"
    status = 403
    message = N_(
        "Your account holds no share of the election key of round %(number)s: only the "
        "members of its key ceremony can decrypt."
    )


class AlreadyDecrypted(DomainError):
    code = "tally_already_decrypted"
    status = 409
    message = N_("%(name)s has already decrypted the totals of round %(number)s.")


class BadPartialDecryption(DomainError):
    code = "tally_bad_partial_decryption"
    status = 422
    message = N_(
        "The decryption sent by member %(member)s (%(name)s) does not check: %(failed)s of "
        "%(totals)s proofs fail. It is not used and the refusal is in the audit log. Check the "
        "passphrase and the recovery card, and try again from this member's own device."
    )


class NotAnOpinionResult(DomainError):
    code = "not_an_opinion_result"
    status = 409
    message = N_(
        "Round %(number)s of %(election)s is not an announced opinion ballot: only the names an "
        "announced opinion ballot agreed can be put on a list from here."
    )


class NothingAgreedToAdd(DomainError):
    code = "nothing_agreed_to_add"
    status = 409
    message = N_(
        "Every name the opinion ballot agreed is already on the list of %(election)s (or none "
        "was agreed): nothing to add."
    )
