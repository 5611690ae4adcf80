"""The figures of the counting minutes (biên bản kiểm phiếu), pure (rules.md §4-§6).

One ballot round's minutes as frozen dataclasses: the congress and term, what is elected, the
approved list in ballot order, the counting committee, the roll at the vote, the base B, ballots
issued, returned, valid and invalid by reason, each candidate's votes with "votes/B" and % of B,
the elected in announcement order, then the alternates, ties and open seats as codes, the
reconciliation, the settings used, the times and place, the audit head and the round's
fingerprint. The printing layer turns codes into Vietnamese words; it decides nothing.
"""

from votesys.core.minutes.checks import CHECK_CODES, Check, reconcile
from votesys.core.minutes.export import (
    CSV_HEADER,
    FORMAT,
    fingerprint,
    result_json,
    result_rows_csv,
)
from votesys.core.minutes.figures import (
    NOTICE_CODES,
    OUTCOMES,
    Ballots,
    CandidateRow,
    Minutes,
    Notice,
    minutes_figures,
)
from votesys.core.minutes.inputs import (
    CHAIR,
    COMMITTEE_ROLES,
    MEMBER,
    BadMinutes,
    BallotCount,
    CommitteeMember,
    Congress,
    Election,
    RollFigures,
)
from votesys.core.minutes.moments import HALL_TIMEZONE, Moment, moment

__all__ = [
    "CHAIR",
    "CHECK_CODES",
    "COMMITTEE_ROLES",
    "CSV_HEADER",
    "FORMAT",
    "HALL_TIMEZONE",
    "MEMBER",
    "NOTICE_CODES",
    "OUTCOMES",
    "BadMinutes",
    "BallotCount",
    "Ballots",
    "CandidateRow",
    "Check",
    "CommitteeMember",
    "Congress",
    "Election",
    "Minutes",
    "Moment",
    "Notice",
    "RollFigures",
    "fingerprint",
    "minutes_figures",
    "moment",
    "reconcile",
    "result_json",
    "result_rows_csv",
]
