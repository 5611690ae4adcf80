"""The motions' pages (biểu quyết): the agenda of motions, one motion with its live turnout or
its result, the secretariat's forms, the chair's open and close.

GET /motions (POST: a new motion); POST /motions/usual (the usual items as drafts); POST
/motions/list/<election id> (the motion on that election's list, written from the list as it
stands); GET /motions/<id>; GET and POST /motions/<id>/edit; POST /motions/<id>/delete; GET and
POST /motions/<id>/<open|close> (the chair; GET: the confirmation); POST /motions/<id>/by-hand
(the secretariat records a raised card, named motions only); GET /motions/<id>/turnout.json
(how many may vote and have voted: never how, while it is open).
"""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import Blueprint, current_app, flash, g, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _

from votesys.congress.queries import the_congress
from votesys.elections import queries as elections
from votesys.errors import DomainError
from votesys.motions import forms, queries, services, words
from votesys.roles import allows, require
from votesys.web import database
from votesys.web.access import staff_required

blueprint = Blueprint("motions", __name__)
VIEW = "motions.view"
REFRESH_SECONDS = 2
SLIP_INFO = b"votesys/motions/slip-key/v1"
STEPS = {"open": services.open_motion, "close": services.close_motion}


def slip_key() -> bytes:
    """The key of anonymous motions' slip tags, derived from the instance's secret (never
    stored): whoever lacks the secret cannot tell whose slip is whose."""
    app = current_app
    cached = app.extensions.get("votesys.motion_slip_key")
    if cached is None:
        secret = app.secret_key
        secret = secret.encode() if isinstance(secret, str) else secret
        cached = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=SLIP_INFO).derive(
            secret
        )
        app.extensions["votesys.motion_slip_key"] = cached
    return cached


@blueprint.app_template_global()
def motion_kind(code: str) -> str:
    return words.kind(code)


@blueprint.app_template_global()
def motion_status(code: str) -> str:
    return words.status(code)


@blueprint.app_template_global()
def motion_choice(code: str | None) -> str:
    return words.choice(code) if code else _("did not vote")


@blueprint.app_template_global()
def list_motion(election_id: int) -> dict | None:
    """The latest motion on an election's list, with its result words (the election's page)."""
    motion = queries.list_motion(database.session(), election_id)
    if motion is None:
        return None
    result = queries.result_of(motion)
    line = words.result_line(result) if result else None
    return {"motion": motion, "result": result, "line": line}


# --- the agenda ---


@blueprint.get("/motions")
@staff_required
def index():
    require(g.actor_role, VIEW)
    return _index(_motion_form())


@blueprint.post("/motions")
@staff_required
def create():
    require(g.actor_role, services.MANAGE)
    form = _motion_form()
    if not form.validate_on_submit():
        return _index(form, status=400)
    session = database.session(write=True)
    try:
        motion = services.create_motion(session, g.actor, the_congress(session), _input(form))
    except DomainError as error:
        return _index(form, _refused(error), error.status)
    flash(_("The motion “%(title)s” is on the agenda.", title=motion.title), "success")
    return redirect(url_for("motions.show", motion_id=motion.id))


@blueprint.post("/motions/usual")
@staff_required
def usual():
    require(g.actor_role, services.MANAGE)
    session = database.session(write=True)
    made = services.create_usual(session, g.actor, the_congress(session))
    if made:
        message = _("%(count)s usual motions are on the agenda, as drafts.", count=len(made))
        flash(message, "success")
    else:
        flash(_("The agenda has every usual motion already."), "success")
    return redirect(url_for("motions.index"))


@blueprint.post("/motions/list/<int:election_id>")
@staff_required
def put_list(election_id: int):
    require(g.actor_role, services.MANAGE)
    session = database.session(write=True)
    try:
        motion = services.put_list(session, g.actor, election_id)
    except DomainError as error:
        if error.status == 403:
            raise
        flash(_refused(error), "error")
        return redirect(url_for("elections.show", election_id=election_id))
    flash(_("The motion on the list is written from the list as it stands."), "success")
    return redirect(url_for("motions.show", motion_id=motion.id))


# --- one motion ---


@blueprint.get("/motions/<int:motion_id>")
@staff_required
def show(motion_id: int):
    require(g.actor_role, VIEW)
    return _motion_page(motion_id)


@blueprint.route("/motions/<int:motion_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(motion_id: int):
    require(g.actor_role, services.MANAGE)
    session = database.session()
    motion = queries.motion_of(session, motion_id)
    form = _motion_form(motion)
    error, status = None, 200
    if form.is_submitted():
        if form.validate():
            try:
                services.update_motion(
                    database.session(write=True), g.actor, motion_id, _input(form)
                )
            except DomainError as refused:
                error, status = _refused(refused), refused.status
            else:
                flash(_("The motion is changed."), "success")
                return redirect(url_for("motions.show", motion_id=motion_id))
        else:
            status = 400
    return render_template("motions/edit.html", motion=motion, form=form, error=error), status


@blueprint.post("/motions/<int:motion_id>/delete")
@staff_required
def remove(motion_id: int):
    require(g.actor_role, services.MANAGE)
    session = database.session(write=True)
    try:
        services.delete_motion(session, g.actor, motion_id)
    except DomainError as error:
        if error.status == 403:
            raise
        flash(_refused(error), "error")
        return redirect(url_for("motions.show", motion_id=motion_id))
    flash(_("The motion is deleted."), "success")
    return redirect(url_for("motions.index"))


@blueprint.get("/motions/<int:motion_id>/<any(open, close):step>")
@staff_required
def confirm(motion_id: int, step: str):
    require(g.actor_role, services.OPEN_CLOSE)
    session = database.session()
    motion = queries.motion_of(session, motion_id)
    turnout = queries.turnout(session, motion) if step == "close" else None
    return render_template(
        "motions/confirm.html", motion=motion, step=step, turnout=turnout, form=forms.ConfirmForm()
    )


@blueprint.post("/motions/<int:motion_id>/<any(open, close):step>")
@staff_required
def change(motion_id: int, step: str):
    require(g.actor_role, services.OPEN_CLOSE)
    session = database.session(write=True)
    try:
        motion = STEPS[step](session, g.actor, motion_id)
    except DomainError as error:
        if error.status == 403:
            raise
        session.rollback()
        return _motion_page(motion_id, _refused(error), error.status)
    if step == "open":
        flash(_("The vote on “%(title)s” is open on the tablets.", title=motion.title), "success")
    else:
        flash(_("The vote on “%(title)s” is closed and counted.", title=motion.title), "success")
    return redirect(url_for("motions.show", motion_id=motion_id))


@blueprint.post("/motions/<int:motion_id>/by-hand")
@staff_required
def by_hand(motion_id: int):
    require(g.actor_role, services.MANAGE)
    form = forms.ByHandForm()
    form.set_choices()
    if not form.validate_on_submit():
        return _motion_page(motion_id, by_hand_form=form, status=400)
    number = (form.number.data or "").strip()
    if not number.isdigit() or len(number) > 6:
        form.number.errors = [_("Write the delegate's number, as on their card.")]
        return _motion_page(motion_id, by_hand_form=form, status=400)
    session = database.session(write=True)
    try:
        done = services.record_by_hand(session, g.actor, motion_id, int(number), form.choice.data)
    except DomainError as error:
        if error.status == 403 and error.code == "forbidden":
            raise
        session.rollback()
        return _motion_page(motion_id, _refused(error), error.status, form)
    flash(
        _(
            "Recorded for delegate No. %(number)s: %(choice)s.",
            number=int(number),
            choice=words.choice(done.choice),
        ),
        "success",
    )
    return redirect(url_for("motions.show", motion_id=motion_id))


@blueprint.get("/motions/<int:motion_id>/turnout.json")
@staff_required
def turnout(motion_id: int):
    """How many may vote and how many have: counts only, never a choice."""
    require(g.actor_role, VIEW)
    session = database.session()
    motion = queries.motion_of(session, motion_id)
    counted = queries.turnout(session, motion)
    return jsonify(eligible=counted.voters, voted=counted.voted, status=motion.status)


# --- helpers ---


def _index(form: forms.MotionForm, error: str | None = None, status: int = 200):
    session = database.session()
    congress = the_congress(session)
    page = render_template(
        "motions/index.html",
        congress=congress,
        motions=queries.motions(session, congress),
        results={m.id: queries.result_of(m) for m in queries.motions(session, congress)},
        open_motion=queries.open_motion(session, congress),
        form=form,
        confirm_form=forms.ConfirmForm(),
        error=error,
        may_manage=allows(g.actor_role, services.MANAGE),
        may_open=allows(g.actor_role, services.OPEN_CLOSE),
        words=words,
    )
    return page, status


def _motion_page(motion_id: int, error=None, status: int = 200, by_hand_form=None):
    session = database.session()
    motion = queries.motion_of(session, motion_id)
    if by_hand_form is None:
        by_hand_form = forms.ByHandForm()
        by_hand_form.set_choices()
    election = (
        elections.election(session, motion.election_id) if motion.election_id is not None else None
    )
    result = queries.result_of(motion)
    page = render_template(
        "motions/motion.html",
        motion=motion,
        election=election,
        turnout=queries.turnout(session, motion) if motion.status != "draft" else None,
        result=result,
        breakdown=queries.breakdown_of(motion),
        by_unit=queries.named_votes(session, motion),
        voters=queries.voter_numbers(session, motion) if motion.status == "open" else [],
        by_hand_form=by_hand_form,
        confirm_form=forms.ConfirmForm(),
        error=error,
        refresh=REFRESH_SECONDS,
        may_manage=allows(g.actor_role, services.MANAGE),
        may_open=allows(g.actor_role, services.OPEN_CLOSE),
        words=words,
    )
    return page, status


def _motion_form(motion=None) -> forms.MotionForm:
    session = database.session()
    form = forms.MotionForm(obj=None)
    if motion is not None and not form.is_submitted():
        form.kind.data, form.title.data = motion.kind, motion.title
        form.question.data, form.is_named.data = motion.question, motion.is_named
        form.election.data = str(motion.election_id) if motion.election_id else ""
    elif motion is None and not form.is_submitted():
        form.is_named.data = True
    form.set_choices(elections.elections(session, the_congress(session)))
    return form


def _input(form: forms.MotionForm) -> services.MotionInput:
    election = form.election.data
    return services.MotionInput(
        kind=form.kind.data,
        title=form.title.data or "",
        question=form.question.data or "",
        is_named=bool(form.is_named.data),
        election_id=int(election) if election and election.isdigit() else None,
    )


def _refused(error: DomainError) -> str:
    if error.status == 403 and error.code == "forbidden":
        raise error
    return words.message(error)
