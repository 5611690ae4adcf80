"""What can go wrong with the election record, in words that say how to put it right."""

from __future__ import annotations

from votesys.errors import N_, DomainError


class NotAnnounced(DomainError):
    code = "record_not_announced"
    status = 404
    message = N_(
        "Round %(number)s of %(election)s has no election record yet: it is %(state)s. The "
        "record is published once the chair has announced the round's result."
    )


class NothingAnnounced(DomainError):
    code = "record_nothing_announced"
    status = 404
    message = N_(
        "No round of this congress has been announced yet, so there is no election record to "
        "download. The chair announces each result once the counting committee has signed it."
    )
