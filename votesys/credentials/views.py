"""Delegate cards: printing, reprinting and revoking (thẻ đại biểu), and the card's own page.

Staff: /cards (the roll with each card's status), /cards/print (every missing card, as a PDF),
/cards/<id>/reissue and /cards/<id>/revoke (each with a confirmation page), /cards/find (a card
by its typed code). Anyone: /c/<token> (what the QR opens) and /c (type the card's code).

A card URL is a credential: it is never logged (see ``RedactCardUrls``), never cached (every page
here is no-store), and never sent on as a Referer (the app's Referrer-Policy is no-referrer).
"""

from __future__ import annotations

import logging
import re
from ipaddress import ip_address
from pathlib import Path
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from votesys.congress.models import Congress
from votesys.congress.queries import the_congress
from votesys.credentials import queries, services
from votesys.credentials.errors import BadShortCode, CardGuessLocked, NoCardInForce, NoDelegate
from votesys.credentials.forms import CodeForm, PrintForm, ReasonForm
from votesys.credentials.pdf import CardSheets
from votesys.credentials.queries import ACTIVE, REVOKED
from votesys.errors import DomainError
from votesys.roles import allows, require
from votesys.web import database
from votesys.web.access import staff_required
from votesys.web.errors import domain_message

blueprint = Blueprint("credentials", __name__)
KEY = "votesys.card_code_key"
CARD_URL_IN_LOG = re.compile(r"/c/[^\s\"'?#]+")


class RedactCardUrls(logging.Filter):
    """Hide card tokens in log lines: whoever read "GET /c/<token>" in a log could use the card."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/c/" in message:
            record.msg, record.args = CARD_URL_IN_LOG.sub("/c/[hidden]", message), None
        return True


REDACT = RedactCardUrls()


@blueprint.record_once
def _set_up(state) -> None:
    """Create the code key at start-up (before Gunicorn forks) and filter the request loggers."""
    app = state.app
    app.extensions[KEY] = queries.code_key(Path(app.config["INSTANCE_PATH"]))
    for name in ("werkzeug", "gunicorn.error", "gunicorn.access", app.logger.name):
        logging.getLogger(name).addFilter(REDACT)


def code_key() -> bytes:
    """The installation's code key (the check-in desk and the tablets pass it to the look-ups)."""
    return current_app.extensions[KEY]


# --- the secretariat's and the credentials committee's pages ---


@blueprint.get("/cards")
@staff_required
def cards():
    _require_card_staff()
    session = database.session()
    congress = the_congress(session)
    roll = queries.card_roll(session, congress)
    base = _base_url()
    return render_template(
        "credentials/cards.html",
        congress=congress,
        roll=roll,
        without=sum(entry.card is None for entry in roll),
        base_url=base,
        unreachable=_is_loopback(base),
        may_issue=allows(g.actor_role, "cards.issue"),
        may_revoke=allows(g.actor_role, "cards.revoke"),
        print_form=PrintForm(),
        code_form=CodeForm(),
    )


@blueprint.post("/cards/print")
@staff_required
def print_missing():
    require(g.actor_role, "cards.issue")
    session = database.session(write=True)
    congress = the_congress(session)
    sheets = _sheets(congress)  # fonts and address checked before any card is issued
    issued = services.issue_missing(session, g.actor, congress, code_key())
    return _pdf(sheets.add_all(issued).output(), "the-dai-bieu.pdf")


@blueprint.get("/cards/<int:delegate_id>/<any(reissue, revoke):action>")
@staff_required
def confirm(delegate_id: int, action: str):
    require(g.actor_role, "cards.issue" if action == "reissue" else "cards.revoke")
    return _confirm_page(delegate_id, action, ReasonForm(), None)


@blueprint.post("/cards/<int:delegate_id>/reissue")
@staff_required
def reissue(delegate_id: int):
    require(g.actor_role, "cards.issue")
    form = ReasonForm()
    session = database.session(write=True)
    congress = the_congress(session)
    sheets = _sheets(congress)
    try:
        issued = services.reissue(
            session,
            g.actor,
            congress,
            code_key(),
            delegate_id,
            form.reason.data or "",
            replace=request.form.get("replace") == "1",
        )
    except DomainError as error:
        return _refused(delegate_id, "reissue", form, error)
    sheets.add(issued)
    return _pdf(sheets.output(), f"the-dai-bieu-so-{issued.delegate.number}.pdf")


@blueprint.post("/cards/<int:delegate_id>/revoke")
@staff_required
def revoke(delegate_id: int):
    require(g.actor_role, "cards.revoke")
    form = ReasonForm()
    session = database.session(write=True)
    try:
        card = services.revoke(
            session, g.actor, the_congress(session), delegate_id, form.reason.data or ""
        )
    except DomainError as error:
        return _refused(delegate_id, "revoke", form, error)
    flash(
        _(
            "The card of delegate No. %(number)s is revoked: it no longer works.",
            number=card.delegate.number,
        ),
        "success",
    )
    return redirect(url_for("credentials.cards"))


@blueprint.route("/cards/find", methods=["GET", "POST"])
@staff_required
def find():
    """The door's look-up by typed code: throttled per staff member, less strictly than /c."""
    _require_card_staff()
    form = CodeForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("credentials/find.html", form=form, found=None, error=None), status
    throttle = _throttle(services.DESK, "CARD_DESK")
    try:
        found = services.lookup_code(
            database.session(write=True), code_key(), form.code.data, throttle, g.actor.name
        )
    except (BadShortCode, CardGuessLocked) as error:
        message = domain_message(error)
        page = render_template("credentials/find.html", form=form, found=None, error=message)
        return page, error.status
    status = 404 if found.status not in (ACTIVE, REVOKED) else 200
    return render_template("credentials/find.html", form=form, found=found, error=None), status


# --- the card holder's pages ---


@blueprint.get("/c/<token>")
def holder(token: str):
    found = queries.check_token(database.session(), token)
    if found.status not in (ACTIVE, REVOKED):
        abort(404)
    return _holder_page(found)


@blueprint.route("/c", methods=["GET", "POST"])
def enter_code():
    """A delegate types the code printed on their card (5 codes matching no card, then a wait)."""
    form = CodeForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("credentials/enter_code.html", form=form, error=None), status
    throttle = _throttle(services.PUBLIC, "CARD_CODE")
    who = request.remote_addr or "-"
    try:
        found = services.lookup_code(
            database.session(write=True), code_key(), form.code.data, throttle, who
        )
    except (BadShortCode, CardGuessLocked) as error:
        message = domain_message(error)
        page = render_template("credentials/enter_code.html", form=form, error=message)
        return page, error.status
    if found.status not in (ACTIVE, REVOKED):
        error = _("No card in force has this code. Check it against your card and type it again.")
        return render_template("credentials/enter_code.html", form=form, error=error), 404
    return _holder_page(found)


# --- helpers ---


def _holder_page(found):
    """The card's own page: whose card it is, or that it was revoked (410: gone for good)."""
    congress = database.session().get(Congress, found.card.delegate.congress_id)
    page = render_template("credentials/holder.html", found=found, congress=congress)
    return page, (200 if found.status == ACTIVE else 410)


def _require_card_staff() -> None:
    """The card pages are for whoever may issue or revoke cards."""
    if not allows(g.actor_role, "cards.issue"):
        require(g.actor_role, "cards.revoke")


def _base_url() -> str:
    """The address printed in QR codes: PUBLIC_URL (VOTESYS_PUBLIC_URL), else this request's."""
    return queries.check_base_url(current_app.config.get("PUBLIC_URL") or request.host_url)


def _is_loopback(base: str) -> bool:
    host = urlsplit(base).hostname or ""
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def _sheets(congress) -> CardSheets:
    return CardSheets(
        congress.name, _base_url(), current_app.config.get("BABEL_DEFAULT_TIMEZONE", "UTC")
    )


def _throttle(default: services.Throttle, prefix: str) -> services.Throttle:
    config = current_app.config
    return services.Throttle(
        default.scope,
        int(config.get(f"{prefix}_MAX_FAILURES", default.max_failures)),
        int(config.get(f"{prefix}_LOCK_SECONDS", default.lock_seconds)),
    )


def _pdf(data: bytes, filename: str):
    response = make_response(data)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _confirm_page(delegate_id: int, action: str, form: ReasonForm, error: str | None):
    session = database.session()
    delegate = queries.delegate_of(session, the_congress(session), delegate_id)
    if delegate is None:
        raise NoDelegate(delegate=delegate_id)
    card = queries.active_card(session, delegate)
    if action == "revoke" and card is None and error is None:
        error = domain_message(NoCardInForce(number=delegate.number))
    page = render_template(
        "credentials/confirm.html",
        action=action,
        delegate=delegate,
        card=card,
        form=form,
        error=error,
    )
    return page, (400 if error and request.method == "POST" else 200)


def _refused(delegate_id: int, action: str, form: ReasonForm, error: DomainError):
    """A refused reissue or revocation: the confirmation page again, saying what to fix."""
    if error.status in (403, 404):
        raise error
    database.session(write=True).rollback()
    page, _status = _confirm_page(delegate_id, action, form, domain_message(error))
    return page, error.status
