"""The counting committee's ballot-box pages (hòm phiếu, ban kiểm phiếu), rules.md §6.

GET /ballots the rounds whose voting has closed; GET /ballots/<id>/voters the sorted list of who
voted (roll number and name), its count beside the receipts in the box and the ballots issued
and returned; GET /ballots/<id>/paper and POST it: the paper fallback, a round's totals from a
paper count (``services.enter_paper_count``). Printable; the counting committee's only.
"""

from __future__ import annotations

import json

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from votesys.ballots import queries, services
from votesys.ballots.forms import paper_count_form
from votesys.congress.queries import the_congress
from votesys.core.rules.settings import RuleSettings
from votesys.elections import queries as elections
from votesys.elections.models import Round
from votesys.errors import N_, DomainError
from votesys.roles import require
from votesys.web import database
from votesys.web.access import staff_required
from votesys.web.errors import domain_message

blueprint = Blueprint("ballots", __name__)

REASONS = {
    "too_many_kept": N_("more names kept than places"),
    "all_struck": N_("every name struck"),
    "no_mark": N_("neither box marked"),
    "both_marked": N_("both boxes marked"),
    "all_disagree": N_("every row “disagree”"),
    "deliberately_spoilt": N_("spoilt on purpose by the delegate"),
}


@blueprint.get("/ballots")
@staff_required
def index():
    require(g.actor_role, "voters.view")
    session = database.session()
    congress = the_congress(session)
    closed = elections.rounds_in(session, congress, queries.CLOSED)
    listed = [
        (r, queries.ballot_count(session, r), queries.paper_count(session, r)) for r in closed
    ]
    return render_template(
        "ballots/index.html",
        congress=congress,
        rounds=listed,
        voting=elections.rounds_in(session, congress, ("open",)),
    )


@blueprint.get("/ballots/<int:round_id>/voters")
@staff_required
def voters(round_id: int):
    require(g.actor_role, "voters.view")
    session = database.session()
    round_ = elections.round_of(session, round_id)
    receipts = queries.receipts(session, round_)  # refused before voting has closed
    voted = elections.voted_numbers(session, round_)
    return render_template(
        "ballots/voters.html",
        round=round_,
        voted=voted,
        receipts=len(receipts),
        turnout=elections.turnout(session, round_),
        agree=len(voted) == len(receipts),
    )


@blueprint.get("/ballots/<int:round_id>/paper")
@staff_required
def paper(round_id: int):
    require(g.actor_role, "rounds.paper_count")
    session = database.session()
    round_ = elections.round_of(session, round_id)
    return _paper_page(session, round_, _form(session, round_), None)


@blueprint.post("/ballots/<int:round_id>/paper")
@staff_required
def enter_paper(round_id: int):
    require(g.actor_role, "rounds.paper_count")
    reader = database.session()
    round_ = elections.round_of(reader, round_id)
    form = _form(reader, round_)  # the CSRF token is checked before this view runs
    if not form.validate():
        return _paper_page(reader, round_, form, _("Correct the figures marked.")), 400
    session = database.session(write=True)
    try:
        services.enter_paper_count(
            session,
            g.actor,
            round_id,
            form.issued.data,
            form.returned.data,
            form.invalid(),
            form.votes(),
        )
    except DomainError as error:
        session.rollback()
        return _paper_page(reader, round_, form, domain_message(error)), error.status
    flash(_("The paper count of round %(number)s is entered.", number=round_.number), "success")
    return redirect(url_for("ballots.paper", round_id=round_id))


def _form(session, round_: Round):
    listed = elections.round_list(session, round_)
    reasons = {code: _(REASONS[code]) for code in reasons_for(round_, len(listed))}
    return paper_count_form(reasons, [(c.id, c.full_name) for c in listed])


def reasons_for(round_: Round, rows: int) -> list[str]:
    """The reasons a paper ballot of this round can be invalid (rules.md §4)."""
    if round_.layout == "strike":
        return ["too_many_kept", "all_struck", "deliberately_spoilt"]
    if rows == 1:
        return ["no_mark", "both_marked", "deliberately_spoilt"]
    settings = RuleSettings.from_dict(elections.frozen_settings(round_) or {})
    return ([] if settings.is_all_disagree_valid else ["all_disagree"]) + ["deliberately_spoilt"]


def _paper_page(session, round_: Round, form, error: str | None):
    entered = queries.paper_count(session, round_)
    in_box = queries.ballot_count(session, round_)
    return render_template(
        "ballots/paper.html",
        round=round_,
        form=form,
        error=error,
        entered=entered,
        entered_figures=_entered(session, round_, entered),
        in_box=in_box,
        eligible=elections.turnout(session, round_).eligible,
        is_open_to_entry=round_.status == "closed" and not in_box and entered is None,
    )


def _entered(session, round_: Round, entered) -> dict | None:
    """A paper count already entered, for the page: invalid by reason, votes by name."""
    if entered is None:
        return None
    invalid, votes = json.loads(entered.invalid), json.loads(entered.votes)
    return {
        "invalid": [(_(REASONS[code]), count) for code, count in invalid.items()],
        "votes": [(c.full_name, votes[str(c.id)]) for c in elections.round_list(session, round_)],
    }
