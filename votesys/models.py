"""Every domain's models, imported in one place so that Alembic sees the whole schema."""

from votesys.accounts.models import LoginThrottle, StaffSession, StaffUser
from votesys.audit.models import AuditCheckpoint, AuditEntry, AuditHead
from votesys.ballots.models import (
    Ballot,
    BallotPoint,
    BoardSnapshot,
    ChallengedBallot,
    ChallengedPoint,
    PaperCount,
    StationPolicy,
    VotingStation,
)
from votesys.ceremony.models import CeremonyMember, KeyCeremony, SealedShare
from votesys.checkin.models import Attendance, CheckinEvent
from votesys.congress.models import Congress, PartyUnit
from votesys.credentials.models import Card
from votesys.db import Base
from votesys.elections.models import (
    Candidate,
    CountingMember,
    Election,
    Round,
    RoundCandidate,
    RoundVoter,
)
from votesys.motions.models import Motion, MotionSlip, MotionVoter
from votesys.projector.models import ProjectorState
from votesys.roster.models import Delegate
from votesys.tally.models import EncryptedTotals, PartialDecryption, SignOff, Tally

__all__ = [
    "Ballot",
    "BallotPoint",
    "BoardSnapshot",
    "ChallengedBallot",
    "ChallengedPoint",
    "CeremonyMember",
    "EncryptedTotals",
    "KeyCeremony",
    "PartialDecryption",
    "SealedShare",
    "PaperCount",
    "StationPolicy",
    "VotingStation",
    "Attendance",
    "Candidate",
    "Card",
    "CheckinEvent",
    "AuditCheckpoint",
    "AuditEntry",
    "AuditHead",
    "Base",
    "Congress",
    "CountingMember",
    "Delegate",
    "Election",
    "LoginThrottle",
    "Motion",
    "MotionSlip",
    "MotionVoter",
    "PartyUnit",
    "ProjectorState",
    "Round",
    "RoundCandidate",
    "RoundVoter",
    "SignOff",
    "StaffSession",
    "StaffUser",
    "Tally",
]
