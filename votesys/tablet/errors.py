"""What can go wrong on the voting tablet, in words a delegate understands and can act on.

A refusal at sign-in writes nothing (no audit entry, no ballot, no voter row): the tablet only
says why and goes back to its welcome screen.
"""

from __future__ import annotations

from votesys.errors import N_, DomainError


class EmptyScan(DomainError):
    code = "empty_scan"
    message = N_("Nothing was read. Scan the QR code on your card, or type the code printed on it.")


class NotACard(DomainError):
    code = "not_a_card"
    message = N_(
        "This is not a delegate card of this congress. Scan the QR code on your delegate card, "
        "or type the code printed under it."
    )


class UnknownCard(DomainError):
    code = "unknown_card"
    status = 404
    message = N_(
        "No card in force has this QR code or code. Check the code against your card and type "
        "it again, or ask the credentials committee."
    )


class RevokedCard(DomainError):
    code = "revoked_card"
    status = 410
    message = N_(
        "This card has been revoked and cannot vote. Ask the credentials committee for your "
        "new card."
    )


class NoOpenRound(DomainError):
    code = "no_open_round"
    status = 409
    message = N_("No voting is open now. Wait until the chair opens the vote, then scan again.")


class NoVoteHere(DomainError):
    code = "no_vote_here"
    status = 403
    message = N_(
        "Your card has no vote in the voting open now: the voters were fixed when the chair "
        "opened it (official delegates checked in at that moment). Ask the credentials committee."
    )


class VotedEverywhere(DomainError):
    code = "voted_everywhere"
    status = 409
    message = N_(
        "You have already voted in every vote open now: one ballot per delegate. If you did "
        "not vote, tell the counting committee at once."
    )


class NotYourRound(DomainError):
    code = "not_your_round"
    status = 403
    message = N_("This ballot is not one you may open. Go back and choose one from your list.")


class StationRequired(DomainError):
    code = "station_required"
    status = 403
    message = N_(
        "Voting is allowed only on the voting tablets of the hall. Please vote on one of the "
        "tablets prepared by the secretariat."
    )


class NoVoterSession(DomainError):
    code = "no_voter_session"
    status = 401
    message = N_(
        "Your voting session has ended (it lasts a few minutes and ends once you have voted). "
        "Scan your card again."
    )


class OutdatedTablet(DomainError):
    code = "tablet_out_of_date"
    message = N_(
        "This tablet's page is out of date: it did not send an encrypted ballot. Nothing was "
        "cast. Reload the page, scan your card again and vote again."
    )


class BadStationName(DomainError):
    code = "bad_station_name"
    message = N_("Give the tablet a name of 1 to 100 characters, for example: Bàn số 3, hàng A.")


class UnknownStation(DomainError):
    code = "unknown_station"
    status = 404
    message = N_("There is no voting station %(id)s. Reload the page.")


class StationAlreadyRevoked(DomainError):
    code = "station_already_revoked"
    status = 409
    message = N_("The station %(name)s was already revoked.")
