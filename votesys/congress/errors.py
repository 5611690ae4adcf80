from votesys.errors import N_, DomainError


class BadCongress(DomainError):
    code = "bad_congress"
    message = N_(
        "The congress cannot be saved: the field %(field)s is empty or wrong (%(value)s). "
        "Correct it and save again; the last day may not come before the first."
    )


class NoCongress(DomainError):
    code = "no_congress"
    status = 404
    message = N_("No congress is set up yet. Run `votesys demo` or set one up first.")
