from votesys.errors import N_, DomainError


class LoginRefused(DomainError):
    code = "login_refused"
    status = 401
    message = N_("Wrong username or password. Check both and try again.")


class LoginLocked(DomainError):
    code = "login_locked"
    status = 429
    message = N_(
        "Too many failed sign-ins. Wait %(seconds)s seconds, or ask the secretariat to check "
        "the account."
    )


class BadUsername(DomainError):
    code = "bad_username"
    message = N_(
        "The username must be 3 to 64 characters: lower-case letters without accents, digits, "
        "dot, dash or underscore."
    )


class UsernameTaken(DomainError):
    code = "username_taken"
    status = 409
    message = N_("The username %(username)s is taken. Choose another one.")


class UnknownRole(DomainError):
    code = "unknown_role"
    message = N_("Unknown role %(role)s. Choose one of: %(roles)s.")


class EmptyName(DomainError):
    code = "empty_name"
    message = N_("The full name is empty. Type the person's full name.")


class ShortPassword(DomainError):
    code = "short_password"
    message = N_("The password is too short: use at least %(minimum)s characters.")


class NoAccount(DomainError):
    code = "no_account"
    status = 404
    message = N_("There is no account number %(user_id)s.")
