"""What can go wrong with a motion (biểu quyết), in words that say how to put it right."""

from __future__ import annotations

from votesys.errors import N_, DomainError, NotFound


class UnknownMotion(NotFound):
    code = "unknown_motion"
    message = N_("There is no motion No. %(id)s. Choose one from the list of motions.")


class BadMotionKind(DomainError):
    code = "bad_motion_kind"
    message = N_("The kind of motion “%(kind)s” is unknown. Choose one from the list.")


class BadMotionTitle(DomainError):
    code = "bad_motion_title"
    message = N_("Give the motion a title of 1 to 200 characters (now %(length)s).")


class BadQuestion(DomainError):
    code = "bad_motion_question"
    message = N_(
        "Write the question put to the congress, 1 to 2,000 characters (now %(length)s), "
        "for example “The congress approves the programme of the congress”."
    )


class ElectionNeeded(DomainError):
    code = "motion_election_needed"
    message = N_("A motion on %(kind)s is about one election: choose the election it concerns.")


class NotDraft(DomainError):
    code = "motion_not_draft"
    status = 409
    message = N_(
        "The motion “%(title)s” has already been put to the vote: it can no longer be changed, "
        "deleted or opened again. Write a new motion instead."
    )


class AnotherMotionOpen(DomainError):
    code = "another_motion_open"
    status = 409
    message = N_(
        "The motion “%(title)s” is being voted on now. Close it before opening another one."
    )


class NotOpen(DomainError):
    code = "motion_not_open"
    status = 409
    message = N_(
        "The vote on “%(title)s” is not open (it has not started, or the chair has closed it): "
        "no vote can be recorded or changed. Nothing was recorded."
    )


class NotAVoter(DomainError):
    code = "motion_not_a_voter"
    status = 403
    message = N_(
        "Delegate %(who)s is not among the voters of “%(title)s” (the delegates in the hall "
        "with a vote when it opened). Nothing was recorded."
    )


class BadChoice(DomainError):
    code = "motion_bad_choice"
    message = N_("Choose agree, disagree or abstain (received “%(choice)s”). Nothing was recorded.")


class AnonymousByHand(DomainError):
    code = "motion_anonymous_by_hand"
    status = 409
    message = N_(
        "“%(title)s” is an anonymous vote: nobody but the delegate may record it, on a tablet. "
        "A delegate without a tablet lends one from the secretariat."
    )


class NoVotersPresent(DomainError):
    code = "motion_no_voters"
    status = 409
    message = N_(
        "Nobody with a vote is checked in: a motion cannot be put to the vote. Check the "
        "delegates in at the door first."
    )


class QuorumNotMet(DomainError):
    code = "motion_quorum_not_met"
    status = 409
    message = N_(
        "The congress's quorum is not met (%(present)s present, %(required)s required): the "
        "motion cannot be put to the vote."
    )


class NothingToAdd(DomainError):
    code = "motion_list_empty"
    status = 409
    message = N_(
        "The list of %(election)s is empty: add the candidates before putting the list to the vote."
    )
