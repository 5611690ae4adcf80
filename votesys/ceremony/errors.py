"""What can go wrong in the key ceremony, and how to put it right."""

from __future__ import annotations

from votesys.errors import N_, DomainError


class BadCommittee(DomainError):
    code = "ceremony_bad_committee"
    status = 400
    message = N_(
        "Choose between 1 and %(max)s counting committee accounts and a threshold between 1 and "
        "the number chosen (now %(members)s accounts, threshold %(threshold)s)."
    )


class NotACountingAccount(DomainError):
    code = "ceremony_not_counting"
    status = 400
    message = N_(
        "%(account)s is not an active counting committee account. Ask the secretariat to create "
        "it with the role counting, then start the ceremony again."
    )


class KeyInUse(DomainError):
    code = "ceremony_key_in_use"
    status = 409
    message = N_(
        "The election key of the ceremony of %(started)s is already used by a round that was "
        "opened: it cannot be replaced in this congress."
    )


class CeremonyRunning(DomainError):
    code = "ceremony_running"
    status = 409
    message = N_(
        "A key ceremony is already under way. Finish it, or abandon it (with a reason) before "
        "starting another."
    )


class NoCeremony(DomainError):
    code = "ceremony_none"
    status = 404
    message = N_("There is no such key ceremony. Start one on the ceremony page.")


class NotAMember(DomainError):
    code = "ceremony_not_member"
    status = 403
    message = N_(
        "Your account is not a member of this key ceremony: only the members chosen when it "
        "started take part."
    )


class WrongStep(DomainError):
    code = "ceremony_wrong_step"
    status = 409
    message = N_(
        'The ceremony is at the step "%(current)s"; this belongs to the step "%(expected)s". '
        "Reload the page: it shows what to do now."
    )


class AlreadyDone(DomainError):
    code = "ceremony_already_done"
    status = 409
    message = N_("You have already done this step (%(step)s) of the ceremony; wait for the others.")


class BadPublication(DomainError):
    code = "ceremony_bad_publication"
    status = 400
    message = N_(
        'What your browser sent for the step "%(step)s" does not check (%(detail)s). Nothing '
        "was stored. Reload the page and do the step again; if it fails again, the browser may "
        "be out of date."
    )


class NotComplete(DomainError):
    code = "ceremony_not_complete"
    status = 409
    message = N_(
        "The counting committee has no election key yet: its members complete the key "
        "ceremony (the Key ceremony page, /ceremony) before voting opens."
    )
