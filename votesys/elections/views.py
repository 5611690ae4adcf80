"""The secretariat's pages for the elections (bầu cử): what the congress elects, the lists, the
counting committee. Every staff role may read them; only the secretariat writes.

GET /elections (POST: a new election); GET /elections/<id> with POST .../delegate, .../named,
.../withdraw/<candidate id> (GET: the confirmation), .../approve, .../reopen;
GET and POST /elections/counting-committee. Opening and closing voting are the chair's
(``votesys.chair``). A refused write re-renders its form with the error and changes nothing.
"""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from votesys.congress.queries import the_congress
from votesys.core.rules import lists
from votesys.elections import forms, queries, rounds, services, words
from votesys.errors import DomainError
from votesys.roles import allows, require
from votesys.roster import queries as roster
from votesys.web import database
from votesys.web.access import staff_required

blueprint = Blueprint("elections", __name__)
VIEW, MANAGE = "elections.view", "elections.manage"


@blueprint.app_template_global()
def election_kind(kind: str) -> str:
    return words.kind_name(kind)


@blueprint.app_template_global()
def round_status(status: str) -> str:
    return words.status_name(status)


# --- the list of elections ---


@blueprint.get("/elections")
@staff_required
def index():
    require(g.actor_role, VIEW)
    return _index_page(forms.ElectionForm())


@blueprint.post("/elections")
@staff_required
def create():
    require(g.actor_role, MANAGE)
    form = forms.ElectionForm()
    _target_choices(form)
    if not form.validate_on_submit():
        return _index_page(form, status=400)
    session = database.session(write=True)
    try:
        election = services.create_election(
            session,
            g.actor,
            the_congress(session),
            form.kind.data,
            form.title.data,
            int(form.seats.data),
            int(form.alternates.data),
            int(form.target.data) if form.target.data else None,
        )
    except DomainError as error:
        return _index_page(form, error=_refused(error), status=error.status)
    flash(
        _("The election “%(title)s” is created, with a draft list.", title=election.title),
        "success",
    )
    return redirect(url_for("elections.show", election_id=election.id))


def _index_page(form, error: str | None = None, status: int = 200):
    session = database.session()
    congress = the_congress(session)
    _target_choices(form)
    elections = queries.elections(session, congress)
    page = render_template(
        "elections/index.html",
        congress=congress,
        elections=[(e, queries.latest_round(session, e)) for e in elections],
        members=queries.counting_members(session, congress),
        may_manage=allows(g.actor_role, MANAGE),
        form=form,
        error=error,
    )
    return page, status


def _target_choices(form) -> None:
    session = database.session()
    others = queries.elections(session, the_congress(session))
    form.target.choices = forms.options(
        [("", _("None (not an opinion ballot)"))]
        + [(str(e.id), e.title) for e in others if e.kind != "opinion"]
    )


# --- one election and its list ---


@blueprint.get("/elections/<int:election_id>")
@staff_required
def show(election_id: int):
    require(g.actor_role, VIEW)
    return _election_page(election_id)


@blueprint.post("/elections/<int:election_id>/delegate")
@staff_required
def add_delegate(election_id: int):
    require(g.actor_role, MANAGE)
    form = forms.DelegateCandidateForm()
    _roll_choices(form.delegate, offered=False)
    if not form.validate_on_submit():
        return _election_page(election_id, status=400, delegate_form=form)
    description = (form.description.data or "").strip() or None
    return _write(
        election_id,
        lambda s: services.add_delegate_candidate(
            s, g.actor, election_id, int(form.delegate.data), form.nominated_by.data, description
        ),
        lambda c: _("%(name)s is on the list.", name=c.full_name),
        delegate_form=form,
    )


@blueprint.post("/elections/<int:election_id>/named")
@staff_required
def add_named(election_id: int):
    require(g.actor_role, MANAGE)
    form = forms.NamedCandidateForm()
    if not form.validate_on_submit():
        return _election_page(election_id, status=400, named_form=form)
    return _write(
        election_id,
        lambda s: services.add_named_candidate(
            s,
            g.actor,
            election_id,
            form.full_name.data,
            forms.as_date(form.birth_date.data),
            form.description.data or "",
            form.nominated_by.data,
        ),
        lambda c: _("%(name)s is on the list.", name=c.full_name),
        named_form=form,
    )


@blueprint.get("/elections/<int:election_id>/withdraw/<int:candidate_id>")
@staff_required
def confirm_withdraw(election_id: int, candidate_id: int):
    require(g.actor_role, MANAGE)
    return _withdraw_page(election_id, candidate_id, forms.WithdrawForm())


@blueprint.post("/elections/<int:election_id>/withdraw/<int:candidate_id>")
@staff_required
def withdraw(election_id: int, candidate_id: int):
    require(g.actor_role, MANAGE)
    form = forms.WithdrawForm()
    if not form.validate_on_submit():
        return _withdraw_page(election_id, candidate_id, form, status=400)
    session = database.session(write=True)
    try:
        candidate = services.withdraw_candidate(
            session, g.actor, election_id, candidate_id, form.reason.data
        )
    except DomainError as error:
        return _withdraw_page(election_id, candidate_id, form, _refused(error), error.status)
    flash(_("%(name)s is withdrawn from the list.", name=candidate.full_name), "success")
    return redirect(url_for("elections.show", election_id=election_id))


def _withdraw_page(election_id, candidate_id, form, error=None, status=200):
    session = database.session()
    election = queries.election(session, election_id)
    candidate = queries.candidate(session, election, candidate_id)
    page = render_template(
        "elections/withdraw.html", election=election, candidate=candidate, form=form, error=error
    )
    return page, status


@blueprint.post("/elections/<int:election_id>/approve")
@staff_required
def approve(election_id: int):
    require(g.actor_role, MANAGE)
    form = forms.ApproveForm()
    if not form.validate_on_submit():
        return _election_page(election_id, status=400, approve_form=form)
    round_id = _current_round_id(election_id)
    return _write(
        election_id,
        lambda s: rounds.approve_list(s, g.actor, round_id, bool(form.confirm_surplus.data)),
        lambda r: _(
            "The list of round %(number)s is approved: the chair may open voting.", number=r.number
        ),
        approve_form=form,
    )


@blueprint.post("/elections/<int:election_id>/reopen")
@staff_required
def reopen(election_id: int):
    require(g.actor_role, MANAGE)
    form = forms.ReopenForm()
    if not form.validate_on_submit():
        return _election_page(election_id, status=400, reopen_form=form)
    round_id = _current_round_id(election_id)
    return _write(
        election_id,
        lambda s: rounds.reopen_list(s, g.actor, round_id, form.reason.data),
        lambda r: _("The list of round %(number)s is a draft again.", number=r.number),
        reopen_form=form,
    )


def _current_round_id(election_id: int) -> int:
    session = database.session()
    return queries.latest_round(session, queries.election(session, election_id)).id


def _write(election_id, change, done, **form):
    """Run one service; on success flash ``done(result)`` and show the election again, on a
    refusal re-render the election page with the form as sent and the error."""
    session = database.session(write=True)
    try:
        result = change(session)
    except DomainError as error:
        return _election_page(election_id, status=error.status, error=_refused(error), **form)
    flash(done(result), "success")
    return redirect(url_for("elections.show", election_id=election_id))


def _election_page(election_id: int, status: int = 200, error: str | None = None, **given):
    session = database.session()
    election = queries.election(session, election_id)
    congress = the_congress(session)
    round_ = queries.latest_round(session, election)
    names = queries.round_list(session, round_)
    members = queries.counting_members(session, congress)
    delegate_form = given.get("delegate_form") or forms.DelegateCandidateForm()
    _roll_choices(delegate_form.delegate, {c.delegate_id for c in names})
    page = render_template(
        "elections/election.html",
        election=election,
        round=round_,
        names=names,
        withdrawn=[c for c in election.candidates if c.is_withdrawn],
        surplus=queries.surplus_of(session, round_),
        layout=_layout(election, round_, len(names)),
        layout_words=words.LAYOUTS,
        conflicts=services.counting_conflicts(session, round_, members),
        members=members,
        target=queries.election(session, election.target_election_id)
        if election.target_election_id
        else None,
        may_manage=allows(g.actor_role, MANAGE),
        error=error,
        delegate_form=delegate_form,
        named_form=given.get("named_form") or forms.NamedCandidateForm(),
        approve_form=given.get("approve_form") or forms.ApproveForm(),
        reopen_form=given.get("reopen_form") or forms.ReopenForm(),
    )
    return page, status


def _layout(election, round_, count: int) -> str | None:
    if round_.layout:
        return round_.layout
    if election.kind == "opinion":
        return lists.APPROVE
    places = round_.seats + round_.alternates
    return lists.layout(count, places) if count and places else None


def _roll_choices(field, taken: set[int | None] = frozenset(), offered: bool = True) -> None:
    """The select offers the delegates who may stand (not reserve members, not already on the
    list), by roll number. A posted form accepts any delegate of the roll, so that the service
    says why one cannot stand rather than "choose from the list"."""
    session = database.session()
    roll = sorted(roster.delegates(session, the_congress(session)), key=lambda d: d.number)
    field.choices = forms.options(
        [("", _("Choose a delegate"))]
        + [
            (str(d.id), f"{d.number} · {d.full_name}" + (f" · {d.unit.name}" if d.unit else ""))
            for d in roll
            if not offered or (not d.is_reserve_member and d.id not in taken)
        ]
    )


# --- the counting committee ---


@blueprint.get("/elections/counting-committee")
@staff_required
def counting():
    require(g.actor_role, VIEW)
    session = database.session()
    members = queries.counting_members(session, the_congress(session))
    form = forms.CountingForm(
        data={
            "members": [
                {
                    "delegate": str(m.delegate_id or ""),
                    "full_name": "" if m.delegate_id else m.full_name,
                    "role": m.role,
                }
                for m in members
            ]
        }
    )
    return _counting_page(form)


@blueprint.post("/elections/counting-committee")
@staff_required
def save_counting():
    require(g.actor_role, MANAGE)
    form = forms.CountingForm()
    _member_choices(form)
    if not form.validate_on_submit():
        return _counting_page(form, status=400)
    members = [
        services.MemberInput(
            row.role.data,
            delegate_id=int(row.delegate.data) if row.delegate.data else None,
            full_name=row.full_name.data or "",
        )
        for row in form.filled()
    ]
    session = database.session(write=True)
    try:
        services.set_counting_members(session, g.actor, the_congress(session), members)
    except DomainError as error:
        return _counting_page(form, _refused(error), error.status)
    flash(_("The counting committee is recorded."), "success")
    return redirect(url_for("elections.counting"))


def _counting_page(form, error: str | None = None, status: int = 200):
    session = database.session()
    congress = the_congress(session)
    _member_choices(form)
    page = render_template(
        "elections/counting.html",
        members=queries.counting_members(session, congress),
        at_work=queries.rounds_in(session, congress, queries.AT_WORK),
        may_manage=allows(g.actor_role, MANAGE),
        form=form,
        error=error,
    )
    return page, status


def _member_choices(form) -> None:
    session = database.session()
    roll = sorted(roster.delegates(session, the_congress(session)), key=lambda d: d.number)
    choices = forms.options(
        [("", _("Not from the roll"))] + [(str(d.id), f"{d.number} · {d.full_name}") for d in roll]
    )
    for entry in form.members:
        entry.form.delegate.choices = choices
        entry.form.role.choices = forms.options((k, _(v)) for k, v in words.ROLE_NAMES.items())


def _refused(error: DomainError) -> str:
    """Nothing of a refused write may stay in the session: roll it back, then say why."""
    database.session(write=True).rollback()
    return words.message(error)
