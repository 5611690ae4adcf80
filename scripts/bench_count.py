#!/usr/bin/env python3
"""A ward congress counted, from the chair's "close" to the announced result (kiểm phiếu).

    .venv/bin/python scripts/bench_count.py [--runs 3]

A fresh SQLite demo congress (``votesys.demo``: 100 delegates summoned, its key ceremony and
its elections), every delegate who may vote put in the hall, the executive committee's round
(12 names, 10 seats, 3 reasons) opened and one encrypted ballot cast by each voter through the
ballot box, as the demo's simulation does (not timed). Then the server's steps are timed, each
in its own writing session as one request would be:

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
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir))

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
from votesys.demo.elections import EXECUTIVE_TITLE, set_up_elections  # noqa: E402
from votesys.demo.seed import PASSPHRASES, seed  # noqa: E402
from votesys.elections import queries as elections  # noqa: E402
from votesys.elections import rounds  # noqa: E402
from votesys.elections.models import Round  # noqa: E402
from votesys.minutes import queries as minutes  # noqa: E402
from votesys.minutes.document import build_election  # noqa: E402
from votesys.minutes.pdf import minutes_pdf  # noqa: E402
from votesys.roster.models import Delegate  # noqa: E402
from votesys.tally import services as tally  # noqa: E402
from votesys.tally.models import EncryptedTotals  # noqa: E402

STEPS = ("close", "add_up", "partial_decryptions", "minutes_pdf", "sign_off")


def _hall(instance: Path):
    """A fresh demo congress with every delegate who may vote present; the committee's shares
    unlocked (as their devices would be); the executive committee's round id."""
    url = f"sqlite:///{instance / 'count.sqlite3'}"
    schema.upgrade(url)
    app = create_app({"INSTANCE_PATH": str(instance), "DATABASE_URL": url})
    database = app.extensions["votesys.db"]
    with database.session(write=True) as session:
        committee = seed(session)
    with database.session(write=True) as session:
        officials = session.scalars(
            select(Delegate.id).where(
                Delegate.is_official.is_(True), Delegate.absent_whole_congress.is_(False)
            )
        )
        session.add_all(Attendance(delegate_id=d, status="present") for d in officials)
        session.commit()
    with database.session(write=True) as session:
        made = set_up_elections(session, current_congress(session))
        round_id = next(e.round_id for e in made if e.title == EXECUTIVE_TITLE)
    with database.session(write=True) as session:
        committee = unlock(session, PASSPHRASES)
    return app, database, committee, round_id


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


def count_once(seed: int = 14) -> dict:
    """One ward congress voted, then counted; the seconds of each step and the whole."""
    with tempfile.TemporaryDirectory() as folder:
        app, database, committee, round_id = _hall(Path(folder))
        voters = _vote(database, round_id, random.Random(seed))
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
        app.extensions["votesys.db"].engine.dispose()
    assert status == "announced", status
    times["total"] = sum(times[step] for step in STEPS)
    return {"ballots": voters, "minutes_pdf_bytes": len(pdf), **times}


def run(runs: int = 3) -> dict:
    load = os.getloadavg()[0]
    counted = [count_once(seed=14 + i) for i in range(runs)]
    figures: dict = {"runs": runs, "ballots": counted[0]["ballots"], "load_average": load}
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
    args = parser.parse_args(argv)
    figures = run(args.runs)
    print(
        f"ward congress, {figures['ballots']} ballots of 12 names, {args.runs} run(s), "
        f"load average {figures['load_average']:.2f}:"
    )
    for step in (*STEPS, "total"):
        f = figures[step]
        print(f"  {step:20s} median {f['median_s']:6.3f} s   max {f['max_s']:6.3f} s")
    return figures


if __name__ == "__main__":
    main()
