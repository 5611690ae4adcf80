"""A whole election at once for a newcomer (``votesys demo --simulate``): every round voted,
closed, counted, signed and announced.

The chair opens each approved round; every eligible delegate opens the ballot and casts one
through the ballot box's services, exactly as a tablet does (``issue_ballot``, then the ballot
encrypted and proven under the round's key, ``cast_ballot`` with a fresh submission key); the
chair closes; the counting committee adds the box up (``tally.services.add_up``), two of the
three demo key holders unlock their shares with their passphrases and decrypt the totals (which
counts the round: the result by the rules engine), the members confirm the count from their own
accounts, the chair announces each result and puts the last one on the projector.

Secrecy, even for made-up votes: the seed (``--seed``) fixes the bundle of ballots, so the
results are reproducible, but which delegate casts which ballot, and in what order, is drawn
from the operating system's randomness and never kept. Only totals are returned.
"""

from __future__ import annotations

import json
import random
import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from votesys.ballots import queries as box
from votesys.ballots import services as ballots
from votesys.congress.models import Congress
from votesys.core import record
from votesys.core.crypto.ballot import encrypt_ballot
from votesys.core.crypto.group import Point
from votesys.core.rules import marking
from votesys.core.rules.decide import Decision
from votesys.core.rules.settings import RuleSettings
from votesys.core.rules.validity import AGREE, DISAGREE, SPOILT
from votesys.demo.committee import Committee, decrypt, unlock
from votesys.demo.seed import PASSPHRASES
from votesys.elections import queries as elections
from votesys.elections import rounds
from votesys.elections.models import Round
from votesys.projector import services as projector
from votesys.roles import Actor
from votesys.tally import queries as counted
from votesys.tally import services as tally

CHAIR = Actor("console:chair", "chair")  # the demo's console acts as the presidium
# The counting committee's members, each on their own account (the demo's logins).
COUNTERS = [
    (Actor("staff:counting1", "counting"), "Lê Văn Bình"),
    (Actor("staff:counting2", "counting"), "Phạm Thị Lan"),
    (Actor("staff:counting3", "counting"), "Võ Minh Tuấn"),
]
SHUFFLE = secrets.SystemRandom()  # who casts which ballot: never reproducible
REASON_NAMES = {
    "too_many_kept": "more names kept than places",
    "all_struck": "every name struck",
    "no_mark": "no box marked",
    "both_marked": "both boxes marked",
    "all_disagree": "every row disagree",
    "deliberately_spoilt": "spoilt on purpose",
}


@dataclass(frozen=True)
class CandidateVotes:
    name: str
    votes: int
    percent: str  # of B, decimal comma


@dataclass(frozen=True)
class RoundResult:
    """One round's counted totals; nothing in it names a voter next to a ballot."""

    election: str
    number: int
    layout: str
    seats: int
    alternates: int
    status: str  # the round's state: "closed"
    eligible: int
    issued: int
    returned: int
    valid: int
    invalid: dict[str, int]
    base: int
    threshold: int
    candidates: tuple[CandidateVotes, ...]  # ballot order
    decision: Decision
    names: dict[str, str]  # candidate id -> name
    receipts: int
    voters: int


def simulate(session: Session, congress: Congress, rng: random.Random) -> list[RoundResult]:
    """Open, vote, close, count, confirm and announce every round whose list is approved, in
    agenda order; the last announced result goes on the projector."""
    results = []
    committee = unlock(session, PASSPHRASES)  # the key holders' devices, unlocked
    for waiting in elections.rounds_in(session, congress, ("list_approved",)):
        round_id = waiting.id
        rounds.open_round(session, CHAIR, round_id)
        _vote(session, elections.round_of(session, round_id), rng)
        ballots.close_voting(session, CHAIR, round_id)
        _count_and_announce(session, round_id, committee)
        results.append(count(session, elections.round_of(session, round_id)))
    if results:
        projector.show(session, CHAIR, congress, "results", round_id)
    return results


def _count_and_announce(session: Session, round_id: int, committee: Committee) -> None:
    """The counting committee adds the box up, the key holders decrypt the totals (which
    counts the round), the committee confirms (one account per member, as many as the rule
    asks), then the chair announces."""
    tally.add_up(session, COUNTERS[0][0], round_id)
    members = sorted(committee.members)[: committee.threshold]
    decrypt(session, committee, round_id, members)
    needed = tally.required_confirmations(session, elections.round_of(session, round_id))
    for actor, name in COUNTERS[:needed]:
        tally.confirm_count(session, actor, round_id, name)
    tally.announce(session, CHAIR, round_id)


def _vote(session: Session, round_: Round, rng: random.Random) -> None:
    """Every voter casts one ballot encrypted as the tablet encrypts it (marks to 0/1 values
    by core.rules.marking, then ciphertexts and proofs under the round's key)."""
    voters = sorted(elections.voter_ids(session, round_))
    manifest = json.loads(round_.manifest)
    rows = len(manifest["candidates"])
    places = round_.seats + round_.alternates
    papers = ballot_bundle(rng, round_.layout, rows, places, len(voters))
    SHUFFLE.shuffle(voters)
    round_id = round_.id
    for delegate_id, (marks, _is_valid) in zip(voters, papers, strict=True):
        ballots.issue_ballot(session, round_id, delegate_id)
        ballot = _encrypted(manifest, bytes.fromhex(round_.fingerprint), marks)
        ballots.cast_ballot(
            session, round_id, delegate_id, ballot.to_json(), secrets.token_urlsafe(16)
        )


def _encrypted(manifest: dict, fingerprint: bytes, marks):
    settings = RuleSettings.from_dict(manifest["settings"])
    layout, rows = manifest["layout"], len(manifest["candidates"])
    if marks is SPOILT:
        values, flags = marking.spoilt_plaintexts(layout, rows, settings)
    else:
        seats = manifest["seats"] if manifest["election"]["kind"] != "opinion" else 1
        values, flags = marking.plaintexts(layout, marks, seats, manifest["alternates"], settings)
    key = Point.from_hex(manifest["election_key"]["public_key"])
    return encrypt_ballot(values, flags, record.layout_of(manifest), key, fingerprint)


def ballot_bundle(
    rng: random.Random, layout: str, rows: int, places: int, count: int
) -> list[tuple[object, bool]]:
    """``count`` realistic ballots and whether each is valid: most keep about as many names as
    places, a few strike more, one or two are invalid on purpose (and confirmed)."""
    liking = [rng.uniform(0.55, 0.97) for _ in range(rows)]  # each candidate's standing
    invalid = min(count, rng.randint(1, 2))
    papers = [_invalid_paper(rng, layout, rows) for _ in range(invalid)]
    maker = _strike_paper if layout == "strike" else _approve_paper
    papers += [(maker(rng, liking, places), True) for _ in range(count - invalid)]
    rng.shuffle(papers)
    return papers


def _strike_paper(rng: random.Random, liking: list[float], places: int) -> list[bool]:
    keep = places if rng.random() < 0.85 else rng.randint(max(1, places - 3), max(1, places - 1))
    struck: set[int] = set()
    while len(liking) - len(struck) > keep:
        left = [i for i in range(len(liking)) if i not in struck]
        struck.add(rng.choices(left, weights=[1.0 - liking[i] for i in left])[0])
    return [i not in struck for i in range(len(liking))]


def _approve_paper(rng: random.Random, liking: list[float], _places: int) -> list:
    rows = []
    for standing in liking:
        draw = rng.random()
        rows.append(AGREE if draw < standing else None if draw > 0.97 else DISAGREE)
    return rows


def _invalid_paper(rng: random.Random, layout: str, rows: int) -> tuple[object, bool]:
    if layout == "strike" and rng.random() < 0.5:
        return [True] * rows, False  # no name struck at all
    return SPOILT, False


def count(session: Session, round_: Round) -> RoundResult:
    """The round's counted totals as the counting committee stored them (its Tally)."""
    stored = counted.tally_of(session, round_)
    result = counted.result_of(stored)
    turnout = elections.turnout(session, round_)
    rows = result["candidates"]
    return RoundResult(
        election=round_.election.title,
        number=round_.number,
        layout=round_.layout,
        seats=round_.seats,
        alternates=round_.alternates,
        status=round_.status,
        eligible=turnout.eligible,
        issued=stored.issued,
        returned=stored.returned,
        valid=stored.valid,
        invalid={r: n for r, n in json.loads(stored.invalid).items() if n},
        base=round_.base,
        threshold=round_.threshold,
        candidates=tuple(
            CandidateVotes(row["name"], row["votes"], row["percent"].rstrip("%")) for row in rows
        ),
        decision=counted.decision_of(stored),
        names={row["id"]: row["name"] for row in rows},
        receipts=len(box.receipts(session, round_)),
        voters=len(elections.voted_numbers(session, round_)),
    )


def describe(result: RoundResult) -> list[str]:
    """The round's counted figures as the console prints them (totals only)."""
    decision = result.decision
    places = f"{result.seats} seats" + (
        f" + {result.alternates} alternate(s)" if result.alternates else ""
    )
    invalid = ", ".join(f"{REASON_NAMES[r]}: {n}" for r, n in result.invalid.items()) or "none"
    lines = [
        f"{result.election}, round {result.number} ({places}; {result.layout} layout, "
        f"{len(result.candidates)} names): {result.status}",
        f"  eligible {result.eligible}; ballots issued {result.issued}, returned "
        f"{result.returned}; valid {result.valid}; invalid {sum(result.invalid.values())} "
        f"({invalid})",
        f"  B = {result.base}; elected with at least {result.threshold} votes (more than half "
        "of B)",
    ]
    width = max(len(c.name) for c in result.candidates)
    for position, candidate in enumerate(result.candidates, start=1):
        lines.append(
            f"  {position:>2}. {candidate.name:<{width}} {candidate.votes:>4}  "
            f"{candidate.percent:>6}%  ({candidate.votes}/{result.base})"
        )
    lines += [
        f"  elected ({len(decision.elected)}): {_names(result, decision.elected)}",
        *(
            [f"  alternates ({len(decision.alternates)}): {_names(result, decision.alternates)}"]
            if result.alternates
            else []
        ),
        *([f"  tied across the cut-off: {_names(result, decision.tied)}"] if decision.tied else []),
        f"  open seats: {decision.open_seats}"
        + (f", open alternate places: {decision.open_alternates}" if result.alternates else ""),
        f"  receipts in the box: {result.receipts}; delegates who voted: {result.voters}"
        + (" (they agree)" if result.receipts == result.voters else " (THEY DISAGREE)"),
    ]
    return lines


def _names(result: RoundResult, ids: tuple[str, ...]) -> str:
    return ", ".join(result.names[cid] for cid in ids) or "none"
