"""Every URL of the app's url_map, made concrete with rows of the seeded demo congress."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from sqlalchemy import select
from werkzeug.routing.converters import AnyConverter

from votesys.accounts.models import StaffUser
from votesys.ceremony.models import KeyCeremony
from votesys.elections.models import Candidate, Election, Round
from votesys.roster.models import Delegate

WRITES = ("POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Call:
    endpoint: str
    method: str
    url: str
    choice: str | None  # the value of an <any(...)> part, when the rule has one

    @property
    def writes(self) -> bool:
        return self.method in WRITES


def sample_values(db) -> dict[str, object]:
    """A real id for every kind of path parameter (the newest election and round), or a junk one
    where the demo has none."""
    with db.session() as session:
        election = session.scalars(select(Election).order_by(Election.id.desc())).first()
        candidate = session.scalars(
            select(Candidate).where(Candidate.election_id == election.id).order_by(Candidate.id)
        ).first()
        values = {
            "round_id": session.scalar(select(Round.id).order_by(Round.id.desc())),
            "election_id": election.id,
            "candidate_id": candidate.id,
            "delegate_id": session.scalar(select(Delegate.id).order_by(Delegate.id)),
            "ceremony_id": session.scalar(select(KeyCeremony.id).order_by(KeyCeremony.id)),
            "user_id": session.scalar(
                select(StaffUser.id).where(StaffUser.username == "counting3")
            ),
            "event_id": 1,
            "station_id": 1,
            "motion_id": 1,
            "token": "A" * 22,
            "filename": "css/app.css",
        }
    return values


def calls(app, values: dict[str, object]) -> list[Call]:
    """One call per (endpoint, method, choice of every <any(...)> part)."""
    found = []
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        choices = {
            name: sorted(converter.items) if isinstance(converter, AnyConverter) else [None]
            for name, converter in rule._converters.items()
        }
        missing = [
            name for name, options in choices.items() if options == [None] and name not in values
        ]
        assert not missing, f"{rule.rule}: give tests/security/urls.py a value for {missing}"
        names = sorted(choices)
        for combination in itertools.product(*(choices[name] for name in names)):
            arguments = {
                name: (value if value is not None else values[name])
                for name, value in zip(names, combination, strict=True)
            }
            url = adapter.build(rule.endpoint, arguments)
            choice = next((value for value in combination if value is not None), None)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append(Call(rule.endpoint, method, url, choice))
    return found
