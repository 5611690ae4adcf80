"""What can go wrong with elections, lists and rounds, in words that say how to fix it."""

from __future__ import annotations

from votesys.errors import N_, DomainError, NotFound


class UnknownElection(NotFound):
    code = "unknown_election"
    message = N_("There is no election No. %(id)s. Choose one from the list of elections.")


class UnknownRound(NotFound):
    code = "unknown_round"
    message = N_("There is no ballot round No. %(id)s. Choose one from the election's page.")


class UnknownCandidate(NotFound):
    code = "unknown_candidate"
    message = N_("There is no candidate No. %(id)s in this election. Reload the list.")


class UnknownDelegate(NotFound):
    code = "unknown_delegate"
    message = N_("There is no delegate No. %(id)s on this congress's roll. Search the roll again.")


class BadKind(DomainError):
    code = "bad_election_kind"
    message = N_("The kind of election %(kind)s is unknown. Choose one of: %(allowed)s.")


class BadTitle(DomainError):
    code = "bad_election_title"
    message = N_("Give the election a title of 1 to 200 characters (now %(length)s).")


class BadSeats(DomainError):
    code = "bad_seats"
    message = N_(
        "The number to elect for %(kind)s must be %(expected)s (you gave %(seats)s). "
        "Correct the number the congress decided."
    )


class AlternatesNotAllowed(DomainError):
    code = "alternates_not_allowed"
    message = N_(
        "Only the election of delegates to the higher congress has alternates on its ballot "
        "(you gave %(alternates)s for %(kind)s). Set the alternates to 0."
    )


class AlternatesBallotConflict(DomainError):
    code = "alternates_ballot_conflict"
    status = 409
    message = N_(
        "The alternate delegates are elected either on the official delegates' ballot or on a "
        "ballot of their own, not both: %(detail)s. Keep one way for the whole congress."
    )


class BadTarget(DomainError):
    code = "bad_opinion_target"
    message = N_(
        "An opinion ballot needs the election whose list the agreed names would join, and only "
        "an opinion ballot has one. Choose an election of this congress that is not itself an "
        "opinion ballot."
    )


class BadName(DomainError):
    code = "bad_candidate_name"
    message = N_("Write the candidate's full name (surname, middle name, given name).")


class BadText(DomainError):
    code = "bad_text"
    message = N_("%(field)s must be at most %(limit)s characters (now %(length)s). Shorten it.")


class BadNominatedBy(DomainError):
    code = "bad_nominated_by"
    message = N_(
        "Say who put the name forward: the convening committee or the congress "
        "(you gave %(value)s)."
    )


class ReserveMemberCannotStand(DomainError):
    code = "reserve_member_cannot_stand"
    status = 409
    message = N_(
        "Delegate No. %(number)s, %(name)s, is a reserve Party member and cannot stand for "
        "election. Correct the roll if this is wrong."
    )


class AlreadyOnList(DomainError):
    code = "already_on_list"
    status = 409
    message = N_("%(name)s is already on the list of this election.")


class ListApproved(DomainError):
    code = "list_approved"
    status = 409
    message = N_(
        "The list of round %(number)s is approved: names can be added or withdrawn only while "
        "it is a draft. Reopen the list first, then have the congress approve it again."
    )


class ListVotedOn(DomainError):
    code = "list_voted_on"
    status = 409
    message = N_(
        "Round %(number)s has been opened for voting (%(current)s): its list can no longer "
        "change. Changes go into a new round."
    )


class AlreadyWithdrawn(DomainError):
    code = "already_withdrawn"
    status = 409
    message = N_("%(name)s has already withdrawn from this election.")


class NotOnRoundList(DomainError):
    code = "not_on_round_list"
    status = 409
    message = N_(
        "%(name)s is not on the list of round %(number)s, so there is nothing to withdraw from."
    )


class ReasonRequired(DomainError):
    code = "reason_required"
    message = N_("Write the reason (at most 300 characters): it goes into the minutes.")


class BadCountingCommittee(DomainError):
    code = "bad_counting_committee"
    message = N_("The counting committee cannot be set: %(detail)s.")


class CountingCommitteeAtWork(DomainError):
    code = "counting_committee_at_work"
    status = 409
    message = N_(
        "The counting committee cannot change while round %(number)s of %(election)s is "
        "%(current)s. Wait until its ballots are counted."
    )


class CountingMemberOnList(DomainError):
    code = "counting_member_on_list"
    status = 409
    message = N_(
        "Members of the counting committee may not be on a list they count (Art. 8): "
        "%(names)s on the list of %(election)s. Withdraw them from the list, or have the "
        "congress replace them on the counting committee."
    )


class EmptyList(DomainError):
    code = "empty_list"
    status = 409
    message = N_(
        "The list of round %(number)s has no candidates. Add candidates before approving it."
    )


class SurplusOverLimit(DomainError):
    code = "surplus_over_limit"
    status = 409
    message = N_(
        "The surplus is %(count)s candidates for %(places)s places, %(share)s, above the 30%% "
        "the rules allow. Shorten the list, or approve it again confirming the surplus the "
        "congress voted."
    )


class NotYet(DomainError):
    code = "round_not_yet"
    status = 409
    message = N_(
        "Round %(number)s of %(election)s is %(current)s, so it cannot be %(target)s yet: "
        "first %(first)s."
    )


class TooLate(DomainError):
    code = "round_too_late"
    status = 409
    message = N_(
        "Round %(number)s of %(election)s is already %(current)s: it cannot be %(target)s any more."
    )


class QuorumNotMet(DomainError):
    code = "quorum_not_met"
    status = 409
    message = N_(
        "Voting cannot open: %(present)s delegates with a vote are in the hall, the quorum "
        "needs %(required)s. Wait for delegates to come in, or change the quorum."
    )


class NoCountingCommittee(DomainError):
    code = "no_counting_committee"
    status = 409
    message = N_(
        "Voting cannot open before the congress has a counting committee: record the members "
        "it elected first."
    )


class NoVoters(DomainError):
    code = "no_voters"
    status = 409
    message = N_(
        "Voting cannot open: no delegate with a vote is in the hall. Check the delegates in "
        "at the door first."
    )


class NothingOpen(DomainError):
    code = "nothing_open"
    status = 409
    message = N_("Round %(number)s filled every place: there is no next round to make.")


class NextRoundExists(DomainError):
    code = "next_round_exists"
    status = 409
    message = N_("Round %(number)s already has a next round (round %(next)s).")


class BadDecision(DomainError):
    code = "bad_decision"
    status = 409
    message = N_(
        "The result given does not belong to round %(number)s: %(detail)s. Count the round again."
    )


class BadAddedName(DomainError):
    code = "bad_added_name"
    status = 409
    message = N_("%(name)s cannot be added to the next round: %(detail)s.")
