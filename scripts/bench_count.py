#!/usr/bin/env python3
"""A congress counted, from the chair's "close" to the announced result (kiểm phiếu).

    .venv/bin/python scripts/bench_count.py [--runs 3] [--congress ward|national]

Ward (the default): a fresh SQLite demo congress (``votesys.demo``: 100 delegates summoned, its
key ceremony and its elections), every delegate who may vote put in the hall, the executive
committee's round (12 names, 10 seats, 3 reasons) opened and one encrypted ballot cast by each
voter through the ballot box, as the demo's simulation does (not timed).

National: the same demo congress grown to 1,600 official delegates, all in the hall, the demo's
counting committee, and one executive committee election of 250 names for 200 seats; every
voter's valid strike ballot encrypted in a process pool as the tablets would, its proofs checked
in a process pool as the server's threads would (``check_ballot``'s work), and cast through the
ballot box (``cast_ballot``) one after another (not timed: about 5 minutes on 2 cores).

Then the server's steps are timed, each in its own writing session as one request would be:

1. close: the chair closes voting, the box is sealed (``close_voting``);
2. add up: the committee adds the encrypted box up (``add_up``);
3. the t = 2 key holders' partial decryptions, computed beforehand as their devices would (not
   timed), sent (``submit_partials``: every proof checked, the totals combined and their
   discrete logs found, the count by the rules engine and the minutes' figures with the second);
4. minutes: the printable minutes' PDF of the round;
5. sign-off: each member's "I confirm this count" the rule asks for, and the chair's
   announcement.

The committee's typing (passphrases, confirmations) is not in it. ``run(...)`` returns the
figures as a dict.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir))
sys.path.insert(0, os.path.dirname(__file__))  # drill_crash: the roll grown as the drills do

import drill_crash as drill  # noqa: E402
from sqlalchemy import select  # noqa: E402

from votesys import schema  # noqa: E402
from votesys.app import create_app  # noqa: E402
from votesys.ballots import services as ballots  # noqa: E402
from votesys.checkin.models import Attendance  # noqa: E402
from votesys.congress.queries import current_congress  # noqa: E402
from votesys.core.crypto.threshold import decryption_context, partial_decrypt  # noqa: E402
from votesys.core.crypto.totals import stored_ciphertext  # noqa: E402
from votesys.demo import simulate  # noqa: E402
from votesys.demo.committee import unlock  # noqa: E402
from votesys.demo.elections import (  # noqa: E402
    COUNTING_COMMITTEE,
    EXECUTIVE_TITLE,
    set_up_elections,
)
from votesys.demo.seed import PASSPHRASES, seed  # noqa: E402
from votesys.elections import queries as elections  # noqa: E402
from votesys.elections import rounds  # noqa: E402
from votesys.elections import services as setup  # noqa: E402
from votesys.elections.models import Round  # noqa: E402
from votesys.minutes import queries as minutes  # noqa: E402
from votesys.minutes.document import build_election  # noqa: E402
from votesys.minutes.pdf import minutes_pdf  # noqa: E402
from votesys.roster.models import Delegate  # noqa: E402
from votesys.tally import services as tally  # noqa: E402
from votesys.tally.models import EncryptedTotals  # noqa: E402

STEPS = ("close", "add_up", "partial_decryptions", "minutes_pdf", "sign_off")
# (voters, names, seats) of each congress; the ward's are the demo's own.
CONGRESSES = {"ward": None, "national": (1600, 250, 200)}
NATIONAL_TITLE = "Ban Chấp hành Trung ương (bench, 250 names)"


def _seeded_hall(instance: Path, grow_to: int | None = None):
    """A fresh SQLite demo congress (the roll grown to ``grow_to`` officials, as the drills
    grow it), every official who may vote in the hall: the app and its database."""
    url = f"sqlite:///{instance / 'count.sqlite3'}"
    schema.upgrade(url)
    app = create_app({"INSTANCE_PATH": str(instance), "DATABASE_URL": url})
    database = app.extensions["votesys.db"]
    with database.session(write=True) as session:
        seed(session)
    if grow_to:
        with database.session(write=True) as session:
            drill._grow(session, grow_to)
    with database.session(write=True) as session:
        officials = session.scalars(
            select(Delegate.id).where(
                Delegate.is_official.is_(True), Delegate.absent_whole_congress.is_(False)
            )
        )
        session.add_all(Attendance(delegate_id=d, status="present") for d in officials)
        session.commit()
    return app, database


def _hall(instance: Path):
    """A fresh demo congress with every delegate who may vote present; the committee's shares
    unlocked (as their devices would be); the executive committee's round id."""
    app, database = _seeded_hall(instance)
    with database.session(write=True) as session:
        made = set_up_elections(session, current_congress(session))
        round_id = next(e.round_id for e in made if e.title == EXECUTIVE_TITLE)
    with database.session(write=True) as session:
        committee = unlock(session, PASSPHRASES)
    return app, database, committee, round_id


def _national_hall(instance: Path, voters: int, names: int, seats: int):
    """The demo congress grown to ``voters`` officials, all in the hall, the demo's counting
    committee, one election of ``names`` for ``seats`` (not the counting members) ready to open."""
    app, database = _seeded_hall(instance, grow_to=voters)
    console = drill.CONSOLE
    with database.session(write=True) as session:
        congress = current_congress(session)
        numbers = dict(session.execute(select(Delegate.number, Delegate.id)).tuples().all())
        members = [
            setup.MemberInput("head" if i == 0 else "member", delegate_id=numbers[n])
            for i, n in enumerate(COUNTING_COMMITTEE)
        ]
        setup.set_counting_members(session, console, congress, members)
        election = setup.create_election(
            session, console, congress, "executive_committee", NATIONAL_TITLE, seats
        )
        listed = [numbers[n] for n in sorted(numbers) if n not in COUNTING_COMMITTEE][:names]
        for delegate_id in listed:
            setup.add_delegate_candidate(session, console, election.id, delegate_id)
        round_id = session.scalar(select(Round.id).where(Round.election_id == election.id))
    with database.session(write=True) as session:
        rounds.approve_list(session, console, round_id)
    with database.session(write=True) as session:
        committee = unlock(session, PASSPHRASES)
    return app, database, committee, round_id


def _checked(job):
    """A worker process: one ballot's proofs checked as check_ballot does (CheckedBallot)."""
    number, fingerprint, manifest, value = job
    return ballots._verified(number, fingerprint, manifest, value)


def _vote_all_valid(database, round_id: int, rng: random.Random) -> int:
    """Every voter's valid strike ballot (between half the seats and all kept), encrypted and
    checked in process pools, then cast through the box one after another."""
    with database.session(write=True) as session:
        rounds.open_round(session, simulate.CHAIR, round_id)
    with database.session(write=True) as session:
        round_ = elections.round_of(session, round_id)
        voters = sorted(elections.voter_ids(session, round_))
        number, fingerprint, manifest = round_.number, round_.fingerprint, round_.manifest
        for delegate_id in voters:
            ballots.issue_ballot(session, round_id, delegate_id)
    frozen = json.loads(manifest)
    names, seats = len(frozen["candidates"]), frozen["seats"]
    jobs = []
    for _ in voters:
        kept = set(rng.sample(range(names), rng.randint(seats // 2, seats)))
        jobs.append((frozen, fingerprint, [i in kept for i in range(names)]))
    workers = min(4, os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        made = list(pool.map(drill._encrypt, jobs, chunksize=8))
        checks = [(number, fingerprint, manifest, value) for value in made]
        checked = list(pool.map(_checked, checks, chunksize=8))
    for delegate_id, value, ok in zip(voters, made, checked, strict=True):
        with database.session(write=True) as session:
            ballots.cast_ballot(
                session, round_id, delegate_id, value, secrets.token_urlsafe(16), ok
            )
    return len(voters)


def _vote(database, round_id: int, rng: random.Random) -> int:
    with database.session(write=True) as session:
        rounds.open_round(session, simulate.CHAIR, round_id)
    with database.session(write=True) as session:
        round_ = elections.round_of(session, round_id)
        simulate._vote(session, round_, rng)
        return len(elections.voter_ids(session, round_))


def _partials(database, committee, round_id: int) -> dict[int, list]:
    """What each of the t key holders' devices computes from the published totals."""
    with database.session() as session:
        totals = json.loads(session.get(EncryptedTotals, round_id).totals)
        round_fp = bytes.fromhex(session.get(Round, round_id).fingerprint)
    return {
        number: [
            partial_decrypt(
                number,
                committee.members[number].share,
                stored_ciphertext(ct),
                decryption_context(round_fp, i),
            ).to_json()
            for i, ct in enumerate(totals)
        ]
        for number in sorted(committee.members)[: committee.threshold]
    }


def count_once(seed: int = 14, congress: str = "ward", size: tuple | None = None) -> dict:
    """One congress voted, then counted; the seconds of each step and the whole. ``size``
    (voters, names, seats) stands for the national congress's own (scripts/bench --quick)."""
    with tempfile.TemporaryDirectory() as folder:
        if CONGRESSES[congress] is None:
            app, database, committee, round_id = _hall(Path(folder))
            voters = _vote(database, round_id, random.Random(seed))
        else:
            size = size or CONGRESSES[congress]
            app, database, committee, round_id = _national_hall(Path(folder), *size)
            voters = _vote_all_valid(database, round_id, random.Random(seed))
        times: dict = {}

        def timed(step: str, work):
            started = time.perf_counter()
            result = work()
            times[step] = time.perf_counter() - started
            return result

        with database.session(write=True) as session:
            timed("close", lambda: ballots.close_voting(session, simulate.CHAIR, round_id))
        with database.session(write=True) as session:
            timed("add_up", lambda: tally.add_up(session, simulate.COUNTERS[0][0], round_id))
        partials = _partials(database, committee, round_id)

        def decrypt():
            for number, values in partials.items():
                with database.session(write=True) as session:
                    actor = committee.members[number].actor
                    tally.submit_partials(session, actor, round_id, values)

        timed("partial_decryptions", decrypt)
        # The PDF page's request (the minutes link the record by its full address).
        with database.session() as session, app.test_request_context(f"/minutes/{round_id}.pdf"):
            pdf = timed(
                "minutes_pdf",
                lambda: minutes_pdf([build_election(minutes.counted(session, round_id))]),
            )

        def sign_off():
            with database.session(write=True) as session:
                needed = tally.required_confirmations(
                    session, elections.round_of(session, round_id)
                )
            for actor, name in simulate.COUNTERS[:needed]:
                with database.session(write=True) as session:
                    tally.confirm_count(session, actor, round_id, name)
            with database.session(write=True) as session:
                tally.announce(session, simulate.CHAIR, round_id)

        timed("sign_off", sign_off)
        with database.session() as session:
            status = elections.round_of(session, round_id).status
            manifest = elections.round_of(session, round_id).manifest
        app.extensions["votesys.db"].engine.dispose()
    assert status == "announced", status
    times["total"] = sum(times[step] for step in STEPS)
    names = len(json.loads(manifest)["candidates"])
    return {"ballots": voters, "names": names, "minutes_pdf_bytes": len(pdf), **times}


def run(runs: int = 3, congress: str = "ward", size: tuple | None = None) -> dict:
    load = os.getloadavg()[0]
    counted = [count_once(seed=14 + i, congress=congress, size=size) for i in range(runs)]
    figures: dict = {
        "congress": congress,
        "runs": runs,
        "ballots": counted[0]["ballots"],
        "names": counted[0]["names"],
        "load_average": load,
    }
    for step in (*STEPS, "total"):
        values = [c[step] for c in counted]
        figures[step] = {
            "median_s": round(statistics.median(values), 3),
            "max_s": round(max(values), 3),
        }
    figures["load_average_after"] = os.getloadavg()[0]
    return figures


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--congress", choices=tuple(CONGRESSES), default="ward")
    args = parser.parse_args(argv)
    figures = run(args.runs, args.congress)
    print(
        f"{args.congress} congress, {figures['ballots']} ballots of {figures['names']} names, "
        f"{args.runs} run(s), load average {figures['load_average']:.2f}:"
    )
    for step in (*STEPS, "total"):
        f = figures[step]
        print(f"  {step:20s} median {f['median_s']:6.3f} s   max {f['max_s']:6.3f} s")
    return figures


if __name__ == "__main__":
    main()
