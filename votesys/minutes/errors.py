"""What can go wrong with the minutes, in words that say how to put it right."""

from __future__ import annotations

from votesys.errors import N_, DomainError


class NotCounted(DomainError):
    code = "minutes_not_counted"
    status = 404
    message = N_(
        "Round %(number)s of %(election)s has no minutes yet: it is %(state)s. The minutes are "
        "drawn up once the counting committee has counted the round on its counting page."
    )


class NotReleased(DomainError):
    code = "minutes_not_released"
    status = 403
    message = N_(
        "The result of round %(number)s of %(election)s is not released to you yet: the "
        "counting committee sees it once counted, the chair once the committee has signed, "
        "everyone once the chair has announced it."
    )


class NothingCounted(DomainError):
    code = "minutes_nothing_counted"
    status = 404
    message = N_(
        "No round of this congress has been counted yet, so there are no minutes to print. "
        "The counting committee counts each closed round first."
    )


class MinutesFontMissing(DomainError):
    code = "minutes_font_missing"
    status = 500
    message = N_(
        "The font file %(path)s is missing, so the minutes cannot be printed as a PDF with "
        "Vietnamese letters. Print the minutes page from the browser meanwhile; install the "
        "Debian package fonts-dejavu-core, or set VOTESYS_FONT_DIR to a folder holding the "
        "DejaVu fonts."
    )
