"""The live attendance dashboard, the credentials report and the base B.

Every staff role may look: /attendance (the dashboard, refreshed from /attendance.json),
/attendance/report and /attendance/report.pdf (the credentials report, always in Vietnamese),
/attendance/base (B with its breakdown). Only the secretariat sets the quorum, on the base page.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from votesys.attendance import document, queries, services
from votesys.attendance.errors import BadQuorum
from votesys.attendance.forms import QuorumForm
from votesys.attendance.pdf import report_pdf
from votesys.congress.queries import the_congress
from votesys.errors import N_, DomainError
from votesys.roles import allows, require
from votesys.web import database
from votesys.web.access import staff_required
from votesys.web.errors import domain_message

blueprint = Blueprint("attendance", __name__)
REFRESH_SECONDS = 5  # ATTENDANCE_REFRESH_SECONDS in the app's config overrides (at least 2)
EXCLUSION_NAMES = {
    "convening_absent": N_("Members of the convening committee absent for the whole congress"),
    "absent_not_replaced": N_(
        "Official delegates absent for the whole congress with no alternate seated in their place"
    ),
    "temporary_elsewhere": N_("Members on temporary Party activity elsewhere"),
    "exempted_absent": N_("Members exempted from Party activity who did not come"),
    "suspended": N_("Members suspended from activity or under prosecution"),
    "absent_with_reason": N_(
        "Members absent for the whole congress with a reason accepted by the convening committee"
    ),
}


@blueprint.get("/attendance")
@staff_required
def dashboard():
    require(g.actor_role, "attendance.view")
    session = database.session()
    congress = the_congress(session)
    return render_template(
        "attendance/dashboard.html",
        congress=congress,
        live=_live(session, congress),
        refresh=current_app.config.get("ATTENDANCE_REFRESH_SECONDS", REFRESH_SECONDS),
    )


@blueprint.get("/attendance.json")
@staff_required
def dashboard_json():
    require(g.actor_role, "attendance.view")
    session = database.session()
    return jsonify(_live(session, the_congress(session)))


@blueprint.get("/attendance/report")
@staff_required
def report():
    require(g.actor_role, "report.view")
    session = database.session()
    figures = queries.report(session, the_congress(session))
    with force_locale("vi"):
        built = document.build(figures, _now())
        body = render_template("attendance/_report_document.html", document=built)
    # The fragment is the output of an autoescaped template: already safe HTML.
    body = Markup(body)  # noqa: S704
    return render_template("attendance/report.html", body=body, title=built.title)


@blueprint.get("/attendance/report.pdf")
@staff_required
def report_as_pdf():
    require(g.actor_role, "report.view")
    session = database.session()
    figures = queries.report(session, the_congress(session))
    with force_locale("vi"):
        data = report_pdf(document.build(figures, _now()))
    response = make_response(data)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = 'attachment; filename="bao-cao-tham-tra.pdf"'
    return response


@blueprint.get("/attendance/base")
@staff_required
def base():
    require(g.actor_role, "attendance.view")
    session = database.session()
    congress = the_congress(session)
    return _base_page(session, congress, QuorumForm(quorum=congress.quorum or ""), None)


@blueprint.post("/attendance/base/quorum")
@staff_required
def set_quorum():
    require(g.actor_role, "congress.setup")
    form = QuorumForm()  # the CSRF token is checked for every POST before this view runs
    session = database.session(write=True)
    text = None if request.form.get("clear") == "1" else form.quorum.data
    try:
        stored = services.set_quorum(session, g.actor, the_congress(session), text)
    except BadQuorum as error:
        session.rollback()
        reader = database.session()
        return _base_page(reader, the_congress(reader), form, domain_message(error)), error.status
    if stored is None:
        flash(_("The quorum is cleared: no quorum check."), "success")
    else:
        flash(_("The quorum is set to %(quorum)s of B.", quorum=stored), "success")
    return redirect(url_for("attendance.base"))


def _base_page(session, congress, form: QuorumForm, error: str | None):
    """The breakdown, or what makes the roll contradictory (the quorum form stays usable)."""
    try:
        now, roll_problem = queries.base_now(session, congress), None
    except DomainError as problem:
        now, roll_problem = None, domain_message(problem)
    return render_template(
        "attendance/base.html",
        congress=congress,
        now=now,
        roll_problem=roll_problem,
        form=form,
        error=error,
        may_set_quorum=allows(g.actor_role, "congress.setup"),
        exclusion_name=lambda code: _(EXCLUSION_NAMES[code]),
        quorum_text=queries.quorum_text,
    )


def _live(session, congress) -> dict:
    """The dashboard's figures as plain JSON-ready data (the page and /attendance.json)."""
    rows = queries.roll(session, congress)
    live = queries.dashboard(session, congress, rows)
    counts = live.counts
    data = {
        "summoned": counts.summoned,
        "present": counts.present,
        "left": counts.left,
        "not_come": counts.not_come,
        "absent": counts.absent,
        "voting_present": live.voting_present,
        "seated": [
            {"number": s.delegate.number, "for_number": s.for_number, "status": s.status}
            for s in live.seated
        ],
        "units": [_unit(row) for row in live.units],
        "at": _now().strftime("%H:%M:%S"),
    }
    data.update(_base_figures(session, congress, rows))
    return data


def _unit(row: queries.UnitRow) -> dict:
    counts = row.counts
    return {
        "id": row.unit.id if row.unit else None,
        "name": row.unit.name if row.unit else _("No Party unit on the roll"),
        "summoned": counts.summoned,
        "present": counts.present,
        "left": counts.left,
        "not_come": counts.not_come,
    }


def _base_figures(session, congress, rows) -> dict:
    """B, the threshold and the quorum, or why B cannot be computed (the counts still show)."""
    try:
        now = queries.base_now(session, congress, rows)
    except DomainError as error:
        return {"base": None, "threshold": None, "base_error": domain_message(error)}
    result = now.quorum_result
    return {
        "base": now.base.value,
        "threshold": now.threshold,
        "base_error": None,
        "quorum": None if now.quorum is None else queries.quorum_text(now.quorum),
        "quorum_required": result.required,
        "quorum_met": result.is_met,
    }


def _now() -> dt.datetime:
    return dt.datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))
