"""What can go wrong with attendance, the report and the base B, in words that say how to fix it.

The roll's contradictions come from the core (``BadRoll``, ``BadPerson``) as codes; ``roll_error``
and ``person_error`` turn them into these typed errors.
"""

from __future__ import annotations

from votesys.core.composition import BadPerson
from votesys.core.rules.base import BadRoll
from votesys.errors import N_, DomainError


class BadQuorum(DomainError):
    code = "bad_quorum"
    message = N_(
        "The quorum %(value)s is not understood. Write a fraction of B greater than 0 and at "
        "most 1, like 2/3 or 1/2, or a percentage like 50%%; leave it empty for no quorum check."
    )


class AbsentButCheckedIn(DomainError):
    code = "absent_but_checked_in"
    status = 409
    message = N_(
        "Delegates No. %(numbers)s are marked absent for the whole congress but were checked in "
        "at the door. Clear their absence on the roll, or undo the check-in if it was a mistake."
    )


class ConveningMemberReplaced(DomainError):
    code = "convening_member_replaced"
    status = 409
    message = N_(
        "Delegates No. %(numbers)s are members of the convening committee (delegates by right) "
        "but are marked as replaced by an alternate; alternates replace elected delegates only. "
        "Correct the roll."
    )


class DuplicateNumbers(DomainError):
    code = "duplicate_numbers"
    status = 409
    message = N_("The numbers %(numbers)s appear more than once on the roll. Correct the roll.")


class UnknownKind(DomainError):
    code = "unknown_congress_kind"
    status = 409
    message = N_(
        "The kind of congress %(kind)s is unknown. Choose a delegate congress or a "
        "Party-member congress on the congress page."
    )


class BornAfterOpening(DomainError):
    code = "born_after_opening"
    status = 409
    message = N_(
        "Delegate No. %(number)s has a birth date after the congress opens. Correct the birth "
        "date on the roll."
    )


class JoinedAfterOpening(DomainError):
    code = "joined_after_opening"
    status = 409
    message = N_(
        "Delegate No. %(number)s joined the Party after the congress opens, according to the "
        "roll. Correct the date of joining the Party."
    )


class BadDelegateFacts(DomainError):
    code = "bad_delegate_facts"
    status = 409
    message = N_(
        "Delegate No. %(number)s cannot be counted in the report: the field %(field)s is wrong. "
        "Correct it on the roll."
    )


class ReportFontMissing(DomainError):
    code = "report_font_missing"
    status = 500
    message = N_(
        "The font file %(path)s is missing, so the report cannot be printed as a PDF with "
        "Vietnamese letters. Print the report page from the browser meanwhile; install the Debian "
        "package fonts-dejavu-core, or set VOTESYS_FONT_DIR to a folder holding the DejaVu fonts."
    )


def roll_error(error: BadRoll) -> DomainError:
    """The typed error for a roll B cannot be computed from."""
    numbers = ", ".join(str(number) for number in error.numbers)
    if error.code == "present_but_absent":
        return AbsentButCheckedIn(numbers=numbers)
    if error.code == "convening_member_replaced":
        return ConveningMemberReplaced(numbers=numbers)
    if error.code == "duplicate_number":
        return DuplicateNumbers(numbers=numbers)
    if error.code == "unknown_congress_kind":
        return UnknownKind(kind=error.value)
    raise error  # bad_quorum, bad_base: prevented before the core is called; a bug otherwise


def person_error(error: BadPerson) -> DomainError:
    """The typed error for a delegate the report cannot count."""
    if error.code == "born_after_reference":
        return BornAfterOpening(number=error.number)
    if error.code == "joined_after_reference":
        return JoinedAfterOpening(number=error.number)
    return BadDelegateFacts(number=error.number, field=error.field)
