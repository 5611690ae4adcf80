"""Typed domain errors: a stable code, parameters, and an HTTP status for the web shell.

Services raise these; the web layer turns them into translated messages that say what is wrong
and how to fix it. ``message`` is an English msgid marked with ``N_`` for extraction; it is
translated only when shown.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a string for translation without translating it now (gettext's N_ convention)."""
    return message


class DomainError(Exception):
    code = "error"
    status = 400
    message = N_("The request could not be carried out.")

    def __init__(self, code: str | None = None, **params):
        self.code = code or self.code
        self.params = params
        super().__init__(f"{self.code}: {params}" if params else self.code)


class Forbidden(DomainError):
    code = "forbidden"
    status = 403
    message = N_("Your role (%(role)s) may not do this: %(action)s. Ask the secretariat.")


class NotFound(DomainError):
    code = "not_found"
    status = 404
    message = N_("Not found: %(what)s.")


class Conflict(DomainError):
    code = "conflict"
    status = 409
    message = N_("This conflicts with the current state: %(detail)s.")


class InvalidInput(DomainError):
    code = "invalid_input"
    status = 400
    message = N_("Invalid input in %(field)s: %(detail)s.")


class StorageFull(DomainError):
    code = "storage_full"
    status = 507
    message = N_(
        "The server's disk is full: nothing of what you sent was saved. Call the secretariat."
    )
