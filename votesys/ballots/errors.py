"""What can go wrong at the ballot box, in words that tell the delegate or the staff what to do.

A refused ballot changes nothing: the box, the voters and the receipts stay as they were, and
only the refusal (its code and the round, never the marks nor the delegate) enters the audit log.
"""

from __future__ import annotations

from votesys.errors import N_, DomainError, NotFound


class RoundNotOpen(DomainError):
    code = "round_not_open"
    status = 409
    message = N_(
        "Voting in round %(number)s of %(election)s is not open (it is %(current)s). Wait for "
        "the chair to open it, or ask the counting committee."
    )


class VotingClosed(RoundNotOpen):
    """A cast (or an opening) that came after the chair closed voting: refused, nothing kept.
    A resend of a ballot that went in before the closing is answered with its receipt instead
    (``cast_ballot``), so this message is only ever shown for a ballot that is not in the box."""

    code = "voting_closed"
    message = N_(
        "Voting in round %(number)s of %(election)s is closed: the chair closed it and the box "
        "is sealed. This ballot was NOT cast. If you did not vote in this round, tell the "
        "counting committee at once."
    )


class NotAVoter(DomainError):
    code = "not_a_voter"
    status = 403
    message = N_(
        "This card has no vote in round %(number)s of %(election)s: the round's voters were "
        "fixed when voting opened (official delegates present in the hall). Ask the credentials "
        "committee."
    )


class AlreadyVoted(DomainError):
    code = "already_voted"
    status = 409
    message = N_(
        "This card has already voted in round %(number)s of %(election)s: one ballot per "
        "delegate. If you did not vote, tell the counting committee at once."
    )


class BoxFull(DomainError):
    code = "box_full"
    status = 507
    message = N_(
        "Your ballot was NOT cast: the server's disk is full and nothing of your ballot was "
        "kept. Call the secretariat. The tablet keeps your ballot and sends it again by itself; "
        "it will be counted once."
    )


class NotIssued(DomainError):
    code = "ballot_not_issued"
    status = 409
    message = N_("Open the ballot on the tablet first, then mark it and cast it.")


class BadBallot(DomainError):
    code = "bad_ballot"
    message = N_(
        "This ballot does not match the list of round %(number)s (%(detail)s). Reload the "
        "ballot on the tablet and mark it again."
    )


class CopiedBallot(DomainError):
    code = "copied_ballot"
    status = 409
    message = N_(
        "This ballot repeats an encrypted ballot already in the box: a copy cannot be cast. "
        "Reload the ballot on the tablet and mark it again; if it happens again, tell the "
        "counting committee."
    )


class BadSubmissionKey(DomainError):
    code = "bad_submission_key"
    message = N_("The tablet sent no usable submission key. Reload the ballot page and cast again.")


class ReplayedSubmission(DomainError):
    code = "replayed_submission"
    status = 409
    message = N_(
        "This submission was already used for a different ballot. Reload the ballot page, mark "
        "it again and cast it."
    )


class BoxNotClosed(DomainError):
    code = "box_not_closed"
    status = 409
    message = N_(
        "Round %(number)s of %(election)s is %(current)s: its receipts and its voters are "
        "published once voting is closed."
    )


class UnknownReceipt(NotFound):
    code = "unknown_receipt"
    message = N_(
        "No ballot of this round has the receipt %(code)s. Check the code against the one the "
        "tablet showed (10 letters and digits, e.g. ABCDE-FGH23)."
    )


class PaperCountRefused(DomainError):
    code = "paper_count_refused"
    status = 409
    message = N_("A paper count cannot be entered for round %(number)s: %(detail)s.")


class BadPaperCount(DomainError):
    code = "bad_paper_count"
    message = N_(
        "The paper count does not add up: %(detail)s. Check the tally sheets and correct it."
    )


class ChallengedBallotCast(DomainError):
    code = "challenged_ballot"
    status = 409
    message = N_(
        "This ballot was challenged (opened to check the tablet): its marks are public and it "
        "can never be cast. Mark the ballot again: the tablet encrypts it afresh."
    )


class BadChallenge(DomainError):
    code = "bad_challenge"
    message = N_(
        "The challenged ballot cannot be read for round %(number)s (%(detail)s). Nothing was "
        "published. Reload the page, scan your card again and challenge again."
    )


class CastBallotChallenged(DomainError):
    code = "cast_ballot_challenged"
    status = 409
    message = N_(
        "This ballot is in the box already: a cast ballot cannot be opened as a challenge. "
        "Tell the counting committee."
    )


class ChallengeReplaced(DomainError):
    code = "challenge_replaced"
    status = 409
    message = N_(
        "A challenged ballot with this code was already published with another reveal. Tell "
        "the counting committee."
    )


class UnknownChallenge(NotFound):
    code = "unknown_challenge"
    message = N_(
        "No challenged ballot has the code %(typed)s. Check it against the one the tablet "
        "showed (10 letters and digits, e.g. ABCDE-FGH23)."
    )


class BoardNotOpen(DomainError):
    code = "board_not_open"
    status = 409
    message = N_(
        "Voting in round %(number)s of %(election)s has not opened yet (it is %(current)s): "
        "its receipts are listed here from the moment it opens."
    )
