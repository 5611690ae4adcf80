"""Signing in and out, and the secretariat's list of staff accounts."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select

from votesys.accounts import services
from votesys.accounts.access import end_session, lifetime, start_session
from votesys.accounts.forms import LoginForm, UserForm
from votesys.accounts.models import StaffUser
from votesys.errors import DomainError
from votesys.roles import require
from votesys.web import database
from votesys.web.access import staff_required
from votesys.web.errors import domain_message
from votesys.web.home import home_endpoint

blueprint = Blueprint("accounts", __name__)


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.sign_in(
                database.session(write=True),
                form.username.data,
                form.password.data,
                request.remote_addr or "-",
                current_app.config["LOGIN_MAX_FAILURES"],
                current_app.config["LOGIN_LOCK_SECONDS"],
            )
        except DomainError as error:
            return render_template("accounts/login.html", form=form, error=domain_message(error)), (
                error.status
            )
        token = services.open_session(database.session(write=True), user, lifetime())
        start_session(user, token)
        return redirect(url_for(home_endpoint(user.role)))
    return render_template("accounts/login.html", form=form, error=None)


@blueprint.post("/logout")
@staff_required
def logout():
    services.sign_out(database.session(write=True), g.actor, session.get("sid"))
    end_session()
    return redirect(url_for("accounts.login"))


@blueprint.get("/users")
@staff_required
def users():
    require(g.actor_role, "users.manage")
    rows = database.session().scalars(
        select(StaffUser).order_by(StaffUser.role, StaffUser.username)
    )
    return render_template("accounts/users.html", users=list(rows), form=UserForm())


@blueprint.post("/users")
@staff_required
def add_user():
    require(g.actor_role, "users.manage")
    form = UserForm()
    if not form.validate_on_submit():
        flash(_("Fill in every field of the new account."), "error")
        return redirect(url_for("accounts.users"))
    try:
        services.create_user(
            database.session(write=True),
            g.actor,
            form.username.data,
            form.display_name.data,
            form.role.data,
            form.password.data,
        )
    except DomainError as error:
        if error.status == 403:
            raise
        flash(domain_message(error), "error")
        return redirect(url_for("accounts.users"))
    flash(_("Account %(username)s created.", username=form.username.data), "success")
    return redirect(url_for("accounts.users"))


@blueprint.post("/users/<int:user_id>/active")
@staff_required
def set_active(user_id: int):
    active = request.form.get("active") == "1"
    services.set_active(database.session(write=True), g.actor, user_id, active)
    return redirect(url_for("accounts.users"))
