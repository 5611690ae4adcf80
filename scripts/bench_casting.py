#!/usr/bin/env python3
"""The ballot box under a burst: 1,600 ballots cast by concurrent clients, then sealed.

    .venv/bin/python scripts/bench_casting.py [--voters 1600] [--names 12,250]
        [--clients 8,16,32] [--backend sqlite|postgres|both] [--postgres URL]

Builds a fresh demo congress grown to ``--voters`` official delegates, all present, and for each
list length and number of clients one election with an open round: every voter's ballot is
encrypted beforehand (in worker processes, as the tablets would, not timed), opened
(``issue_ballot``) in a burst, then cast (``cast_ballot``: every proof checked, copies refused,
ciphertexts stored) in a burst, each client a
thread with its own writing session per call, as a Gunicorn thread per request would; then the
chair closes the round (``close_voting``: rewrite, hashes, VACUUM). Prints ballots per second
and p50/p95/p99 of one cast, and the time the seal takes. The lists: 12 names for 10 seats (a
ward's executive committee) and 250 names for 200 seats (a national congress's committee).

This measures the box's service calls in-process, not HTTP (the tablet's pages add the request,
the voter session and the JSON). PostgreSQL: the database named by --postgres (default
votesys_bench on 127.0.0.1) is created if missing and its public schema WIPED; never point it at
a database you care about.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir))

from sqlalchemy import create_engine, select, text  # noqa: E402

from votesys import schema  # noqa: E402
from votesys.app import create_app  # noqa: E402
from votesys.ballots import services as box  # noqa: E402
from votesys.checkin.models import Attendance  # noqa: E402
from votesys.congress.queries import current_congress  # noqa: E402
from votesys.core import record  # noqa: E402
from votesys.core.crypto.ballot import encrypt_ballot  # noqa: E402
from votesys.core.crypto.group import Point  # noqa: E402
from votesys.core.rules import marking  # noqa: E402
from votesys.demo.people import person  # noqa: E402
from votesys.demo.seed import seed  # noqa: E402
from votesys.elections import queries as elections  # noqa: E402
from votesys.elections import rounds  # noqa: E402
from votesys.elections import services as setup  # noqa: E402
from votesys.elections.models import Round  # noqa: E402
from votesys.roles import Actor  # noqa: E402
from votesys.roster import services as roster  # noqa: E402
from votesys.roster.models import Delegate  # noqa: E402
from votesys.roster.services import DelegateFacts  # noqa: E402

SECRETARIAT = Actor("staff:secretariat", "secretariat")
CHAIR = Actor("staff:chair", "chair")
LISTS = {12: 10, 250: 200}  # names on the list: seats
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/votesys_bench"


def build(url: str, instance: Path, voters: int):
    """Migrate, seed, grow the roll to ``voters`` officials, put them all in the hall."""
    schema.upgrade(url)
    app = create_app({"INSTANCE_PATH": str(instance), "DATABASE_URL": url})
    database = app.extensions["votesys.db"]
    with database.session(write=True) as session:
        seed(session)
    with database.session(write=True) as session:
        _grow(session, voters)
    with database.session(write=True) as session:
        # Straight into the door's table: check-in has its own benchmark (bench_checkin.py).
        officials = session.scalars(
            select(Delegate.id).where(
                Delegate.is_official.is_(True), Delegate.absent_whole_congress.is_(False)
            )
        )
        session.add_all(Attendance(delegate_id=d, status="present") for d in officials)
        session.commit()
    with database.session() as session:
        numbers = list(session.scalars(select(Delegate.number).order_by(Delegate.number)))
    with database.session(write=True) as session:
        members = [
            setup.MemberInput("head" if i == 0 else "member", delegate_id=_id(session, n))
            for i, n in enumerate(numbers[-3:])
        ]
        setup.set_counting_members(session, SECRETARIAT, current_congress(session), members)
    return app, database


def _id(session, number: int) -> int:
    return session.scalar(select(Delegate.id).where(Delegate.number == number))


def _grow(session, wanted: int) -> None:
    """Add official delegates after the demo's until ``wanted`` of them can vote."""
    congress = current_congress(session)
    delegates = session.query(Delegate).filter_by(congress_id=congress.id).all()
    have = sum(1 for d in delegates if d.is_official and not d.absent_whole_congress)
    if have >= wanted:
        return
    rng, taken = random.Random(7), {d.full_name for d in delegates}
    first = max(d.number for d in delegates) + 1
    units = [unit.id for unit in congress.units]
    rows = [
        DelegateFacts(
            number=n, unit_id=units[n % len(units)], **person(rng, congress.starts_on, taken)
        )
        for n in range(first, first + wanted - have)
    ]
    roster.add_delegates(session, Actor.console(), congress, rows)


def open_round(database, names: int, label: str) -> tuple[int, list[int]]:
    """An election with ``names`` delegates on its list, approved and opened; the voters."""
    with database.session(write=True) as session:
        congress = current_congress(session)
        election = setup.create_election(
            session, SECRETARIAT, congress, "executive_committee", label, LISTS[names]
        )
    with database.session() as session:
        candidates = list(session.scalars(select(Delegate.id).order_by(Delegate.number)))[:names]
    for delegate_id in candidates:
        with database.session(write=True) as session:
            setup.add_delegate_candidate(session, SECRETARIAT, election.id, delegate_id)
    with database.session() as session:
        round_id = session.scalar(select(Round.id).where(Round.election_id == election.id))
    with database.session(write=True) as session:
        rounds.approve_list(session, SECRETARIAT, round_id)
    with database.session(write=True) as session:
        rounds.open_round(session, CHAIR, round_id)
    with database.session() as session:
        voters = sorted(elections.voter_ids(session, session.get(Round, round_id)))
    return round_id, voters


def marks(rng: random.Random, names: int) -> list[bool]:
    """A valid strike ballot: keeps between half the seats and all of them."""
    seats = LISTS[names]
    kept = set(rng.sample(range(names), rng.randint(seats // 2, seats)))
    return [i in kept for i in range(names)]


def _encrypt(job) -> dict:
    """One tablet's work (in a worker process): the 0/1 plaintexts, encrypted and proven."""
    manifest, fingerprint, kept = job
    values, flags = marking.plaintexts("strike", kept, manifest["seats"], 0)
    key = Point.from_hex(manifest["election_key"]["public_key"])
    layout = record.layout_of(manifest)
    return encrypt_ballot(values, flags, layout, key, bytes.fromhex(fingerprint)).to_json()


def encrypted_ballots(database, round_id: int, rng: random.Random, count: int, names: int):
    """``count`` distinct encrypted ballots, made before the burst on every core (the tablets'
    share of the work, which the burst does not time)."""
    with database.session() as session:
        round_ = session.get(Round, round_id)
        manifest, fingerprint = json.loads(round_.manifest), round_.fingerprint
    jobs = [(manifest, fingerprint, marks(rng, names)) for _ in range(count)]
    with ProcessPoolExecutor() as pool:
        return list(pool.map(_encrypt, jobs, chunksize=16))


def burst(clients: int, jobs: list, work) -> tuple[list[float], float]:
    """Run ``work(job)`` for every job on ``clients`` threads let go together; the timings."""
    timings: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    failures: list[str] = []

    def client(share: list) -> None:
        start.wait()
        mine = []
        for job in share:
            began = time.perf_counter()
            try:
                work(job)
            except Exception as error:  # a benchmark that loses a ballot must say so
                failures.append(repr(error))
            mine.append(time.perf_counter() - began)
        with lock:
            timings.extend(mine)

    threads = [threading.Thread(target=client, args=(jobs[i::clients],)) for i in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    if failures:
        raise SystemExit(f"{len(failures)} calls failed: {failures[:3]}")
    return timings, wall


def pct(ordered: list[float], p: float) -> float:
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000


def run(database, names: int, clients: int, label: str) -> dict:
    round_id, voters = open_round(database, names, label)
    rng = random.Random(names * 100 + clients)
    began = time.perf_counter()
    ballots = encrypted_ballots(database, round_id, rng, len(voters), names)
    made = time.perf_counter() - began
    print(f"  ({len(ballots)} ballots of {names} names encrypted in {made:.0f} s)")
    papers = [(d, b, secrets.token_urlsafe(16)) for d, b in zip(voters, ballots, strict=True)]
    rng.shuffle(papers)

    def issue(job) -> None:
        with database.session(write=True) as session:
            box.issue_ballot(session, round_id, job[0])

    def cast(job) -> None:
        """As the tablet's cast does: the proofs checked in a reading session, then the cast
        (on SQLite the writing session holds the write lock from its first statement)."""
        delegate_id, document, key = job
        with database.session() as session:
            checked = box.check_ballot(session, round_id, document)
        with database.session(write=True) as session:
            box.cast_ballot(session, round_id, delegate_id, document, key, checked)

    issued, issue_wall = burst(clients, papers, issue)
    timings, wall = burst(clients, papers, cast)
    began = time.perf_counter()
    with database.session(write=True) as session:
        box.close_voting(session, CHAIR, round_id)
    seal = time.perf_counter() - began
    with database.session() as session:
        turnout = elections.turnout(session, session.get(Round, round_id))
    assert turnout.voted == len(voters), turnout
    ordered = sorted(timings)
    return {
        "ballots": len(timings),
        "rate": len(timings) / wall,
        "p50": pct(ordered, 50),
        "p95": pct(ordered, 95),
        "p99": pct(ordered, 99),
        "max": ordered[-1] * 1000,
        "issue_rate": len(issued) / issue_wall,
        "issue_p50": pct(sorted(issued), 50),
        "seal": seal,
    }


def prepare_postgres(url: str) -> None:
    """Create the benchmark's own database if missing, and empty it."""
    name = url.rsplit("/", 1)[1]
    if name in ("test", "postgres"):
        raise SystemExit(f"refusing to wipe the {name} database: give the benchmark its own")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"a plain database name, please (not {name!r})")
    query = f"SELECT 1 FROM pg_database WHERE datname = '{name}'"  # noqa: S608 (checked above)
    found = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", query],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if found != "1":
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {name}"],
            check=True,
            capture_output=True,
        )
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def backend(kind: str, args, folder: Path) -> None:
    instance = folder / kind
    instance.mkdir()
    if kind == "postgres":
        url = args.postgres
        prepare_postgres(url)
    else:
        url = f"sqlite:///{instance / 'votesys.sqlite3'}"
    began = time.perf_counter()
    _app, database = build(url, instance, args.voters)
    print(f"\n{kind}: set-up of {args.voters} voters in {time.perf_counter() - began:.1f} s")
    print(
        f"{'names':>5} {'clients':>7} {'ballots':>7} {'ballots/s':>9} {'p50 ms':>7} "
        f"{'p95 ms':>7} {'p99 ms':>7} {'max ms':>7} {'issue/s':>8} {'seal s':>7}"
    )
    for names in args.names:
        for clients in args.clients:
            r = run(database, names, clients, f"Bench {kind} {names} names {clients} clients")
            print(
                f"{names:>5} {clients:>7} {r['ballots']:>7} {r['rate']:>9.0f} {r['p50']:>7.1f} "
                f"{r['p95']:>7.1f} {r['p99']:>7.1f} {r['max']:>7.0f} {r['issue_rate']:>8.0f} "
                f"{r['seal']:>7.2f}"
            )
    database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=1600)
    parser.add_argument("--names", default="12,250", help="list lengths: 12 and/or 250")
    parser.add_argument("--clients", default="8,16,32", help="concurrent clients, comma-separated")
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--postgres", default=POSTGRES, help="the benchmark's OWN database")
    args = parser.parse_args()
    args.names = [int(n) for n in args.names.split(",")]
    args.clients = [int(n) for n in args.clients.split(",")]
    if set(args.names) - set(LISTS):
        raise SystemExit(f"--names takes {sorted(LISTS)}")
    print(
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"{platform.machine()}; {args.voters} voters; in-process service calls (no HTTP)"
    )
    kinds = ("sqlite", "postgres") if args.backend == "both" else (args.backend,)
    with tempfile.TemporaryDirectory(prefix="bench-casting-") as folder:
        for kind in kinds:
            backend(kind, args, Path(folder))


if __name__ == "__main__":
    main()
