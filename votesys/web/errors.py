"""Turning errors into pages (or JSON) that say what is wrong and how to fix it."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from votesys.db import is_storage_full
from votesys.errors import N_, DomainError, StorageFull

HTTP_MESSAGES = {
    400: N_("The request was not understood. Reload the page and try again."),
    403: N_("You may not open this page with your role. Sign in with another account."),
    404: N_("This page does not exist. Check the address, or go back to the start page."),
    405: N_("This address does not accept that kind of request."),
    413: N_("The file is too large. Split it or remove what is not needed."),
    429: N_("Too many attempts. Wait a little and try again."),
}
CSRF_MESSAGE = N_(
    "The form has expired or did not come from this site. Reload the page and send it again."
)


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(OperationalError, _database_error)


def render_error(status: int, code: str, message: str):
    if _wants_json():
        return jsonify(error=code, message=message), status
    return render_template("errors.html", status=status, message=message), status


def domain_message(error: DomainError) -> str:
    return gettext(error.message, **{k: str(v) for k, v in error.params.items()})


def _domain_error(error: DomainError):
    return render_error(error.status, error.code, domain_message(error))


def _csrf_error(error: CSRFError):
    return render_error(400, "csrf", gettext(CSRF_MESSAGE))


def _http_error(error: HTTPException):
    status = error.code or 500
    message = HTTP_MESSAGES.get(status)
    return render_error(status, f"http_{status}", gettext(message) if message else error.name)


def _database_error(error: OperationalError):
    """A write that failed because the disk is full wrote nothing: say so (507), not a 500."""
    if not is_storage_full(error):
        raise error
    current_app.logger.error("a write failed: the database's disk is full")
    return _domain_error(StorageFull())


def _wants_json() -> bool:
    return request.is_json or request.accept_mimetypes.best == "application/json"
