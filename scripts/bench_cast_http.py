#!/usr/bin/env python3
"""Casting over HTTP as the tablets do, against ``votesys serve`` (Gunicorn), all voters at once.

    .venv/bin/python scripts/bench_cast_http.py [--database sqlite|postgresql] [--voters 100]
        [--names 13] [--seats 10] [--tablets 16] [--workers N] [--postgres URL] [--json PATH]

Seeds the demo congress (its roll, its key ceremony), grows the roll to ``--voters`` official
delegates, issues their cards and checks them all in, then opens one executive committee round
of ``--names`` delegates for ``--seats`` seats. Every voter's strike ballot is encrypted
beforehand in a process pool (the tablets' work, not timed). Then ``votesys serve`` is started as
a subprocess (scripts/drill_crash.py's Server: Gunicorn, 8 threads a worker; SQLite one worker
process, PostgreSQL ``--workers`` processes, default votesys serve's 2 x CPUs + 1) and
``--tablets`` tablet threads vote over HTTP exactly as vote.js does (drill_crash.py's Tablet):
/vote, sign in with the card, open the ballot, cast the ciphertexts with a submission key; each
tablet takes the next voter as soon as it is done, until every voter has cast.

Reported: ballots per second over the whole burst (first request to last receipt), and p50 /
p95 / p99 / max of the cast request as the tablet sees it (the POST of the ciphertexts to its
receipt: the proofs checked, the ballot stored, the audit entry), and of the whole visit (page,
sign-in, ballot, cast). Every receipt is checked to be in the box at the end.

PostgreSQL: the database named by --postgres (default t_bench on 127.0.0.1) is created if
missing and its public schema WIPED. ``run(...)`` returns the figures as a dict.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import drill_crash as drill  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from votesys import schema  # noqa: E402
from votesys.app import create_app  # noqa: E402
from votesys.ballots.models import Ballot  # noqa: E402
from votesys.checkin import services as checkin  # noqa: E402
from votesys.congress.queries import the_congress  # noqa: E402
from votesys.credentials import services as cards  # noqa: E402
from votesys.credentials.queries import code_key  # noqa: E402
from votesys.demo.seed import seed  # noqa: E402
from votesys.elections import queries as elections  # noqa: E402
from votesys.elections import rounds  # noqa: E402
from votesys.elections import services as setup  # noqa: E402
from votesys.elections.models import Round  # noqa: E402
from votesys.roles import Actor  # noqa: E402
from votesys.roster.models import Delegate  # noqa: E402

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/t_bench"
SECRETARIAT = Actor("staff:secretariat", "secretariat")


def build_hall(instance: Path, url: str, voters: int, names: int, seats: int, rng) -> drill.Hall:
    """The demo congress grown to ``voters`` officials, all carded and in the hall; one round
    of ``names`` for ``seats`` opened; every voter's ballot encrypted (drill_crash's pool)."""
    instance.mkdir(parents=True, exist_ok=True)
    schema.upgrade(url)
    app = create_app({"INSTANCE_PATH": str(instance), "DATABASE_URL": url})
    database = app.extensions["votesys.db"]
    with database.session(write=True) as session:
        seed(session)
    with database.session(write=True) as session:
        drill._grow(session, max(voters, names + 3))  # the list and the committee need them
    with database.session(write=True) as session:
        congress = the_congress(session)
        issued = cards.issue_missing(session, drill.CONSOLE, congress, code_key(instance))
        tokens = {item.delegate.id: item.token for item in issued}
        officials = session.scalars(
            select(Delegate.id).where(
                Delegate.is_official.is_(True), Delegate.absent_whole_congress.is_(False)
            )
        ).all()
        for delegate_id in officials:
            checkin.check_in(session, drill.CONSOLE, delegate_id, "scanner")
    with database.session() as session:
        numbers = list(session.scalars(select(Delegate.number).order_by(Delegate.number)))
    with database.session(write=True) as session:
        # The counting committee: the last three on the roll (the candidates are the first).
        members = [
            setup.MemberInput("head" if i == 0 else "member", delegate_id=_id(session, n))
            for i, n in enumerate(numbers[-3:])
        ]
        setup.set_counting_members(session, SECRETARIAT, the_congress(session), members)
    with database.session(write=True) as session:
        election = setup.create_election(
            session,
            SECRETARIAT,
            the_congress(session),
            "executive_committee",
            f"Ban Chấp hành (bench, {names} names)",
            seats,
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
        rounds.open_round(session, drill.CHAIR, round_id)
    with database.session() as session:
        everyone = sorted(elections.voter_ids(session, session.get(Round, round_id)))
    database.dispose()
    chosen = sorted(rng.sample(everyone, min(voters, len(everyone))))
    hall = drill.Hall(instance, url, round_id, chosen, tokens)
    drill.encrypt_all(hall, app, rng)
    return hall


def _id(session, number: int) -> int:
    return session.scalar(select(Delegate.id).where(Delegate.number == number))


def _pct(ordered: list[float], p: float) -> float:
    return round(ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000, 1)


def _summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {
        "p50_ms": _pct(ordered, 50),
        "p95_ms": _pct(ordered, 95),
        "p99_ms": _pct(ordered, 99),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def burst(hall: drill.Hall, base: str, tablets: int) -> dict:
    """Every voter over HTTP, ``tablets`` at once; the timings of the casts and the visits."""
    queue = list(hall.voters)
    random.Random(len(queue)).shuffle(queue)
    lock = threading.Lock()
    casts: list[float] = []
    visits: list[float] = []
    receipts: dict[int, str] = {}
    problems: list[str] = []
    traffic = drill.Traffic()
    start = threading.Barrier(tablets + 1)

    def tablet_thread() -> None:
        start.wait()
        while True:
            with lock:
                if not queue:
                    return
                delegate_id = queue.pop()
            began = time.perf_counter()
            try:
                tablet = drill.Tablet(base, traffic)
                tablet.welcome()
                tablet.post(
                    "/vote/sign-in", {"scan": hall.tokens[delegate_id], "method": "scanner"}
                )
                tablet.post(f"/vote/rounds/{hall.round_id}/ballot")
                submission = {
                    "ballot": hall.ballots[delegate_id],
                    "submission_key": secrets.token_urlsafe(24),
                }
                sent = time.perf_counter()
                answer = tablet.post(f"/vote/rounds/{hall.round_id}/cast", submission)
                done = time.perf_counter()
            except drill.Lost as lost:
                with lock:
                    problems.append(f"delegate id {delegate_id}: {lost}")
                continue
            with lock:
                casts.append(done - sent)
                visits.append(done - began)
                receipts[delegate_id] = answer["receipt"]

    threads = [threading.Thread(target=tablet_thread, daemon=True) for _ in range(tablets)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    if problems:
        raise SystemExit(f"{len(problems)} tablets failed: {problems[:3]}")
    return {"wall": wall, "casts": casts, "visits": visits, "receipts": receipts}


def run(
    database: str = "sqlite",
    voters: int = 100,
    names: int = 13,
    seats: int = 10,
    tablets: int = 16,
    workers: int | None = None,
    postgres: str = POSTGRES,
    seed_value: int = 3,
) -> dict:
    """Build the hall, serve it, cast every ballot over HTTP; the figures."""
    rng = random.Random(seed_value)
    folder = Path(tempfile.mkdtemp(prefix="bench-cast-http-"))
    try:
        instance = folder / "instance"
        url = drill.database_url(database, instance, postgres)
        began = time.perf_counter()
        hall = build_hall(instance, url, voters, names, seats, rng)
        prepared = time.perf_counter() - began
        workers = 1 if database == "sqlite" else (workers or 2 * (os.cpu_count() or 1) + 1)
        server = drill.Server(hall, drill.free_port(), workers, folder / "server.log")
        server.start()
        load = os.getloadavg()[0]
        try:
            got = burst(hall, server.base, tablets)
        finally:
            server.stop()
        app = create_app({"INSTANCE_PATH": str(instance), "DATABASE_URL": url})
        with app.extensions["votesys.db"].session() as session:
            stored = set(
                session.scalars(select(Ballot.receipt).where(Ballot.round_id == hall.round_id))
            )
            in_box = session.scalar(select(func.count()).where(Ballot.round_id == hall.round_id))
        app.extensions["votesys.db"].dispose()
        missing = [r for r in got["receipts"].values() if r not in stored]
        if missing or in_box != len(hall.voters):
            raise SystemExit(f"{len(missing)} receipts not in the box; {in_box} ballots stored")
        return {
            "database": database,
            "transport": "HTTP, votesys serve (Gunicorn, 8 threads a worker)",
            "server_processes": workers,
            "tablets": tablets,
            "voters": len(hall.voters),
            "names": names,
            "seats": seats,
            "prepared_s": round(prepared, 1),
            "wall_s": round(got["wall"], 2),
            "ballots_per_s": round(len(got["casts"]) / got["wall"], 2),
            "cast": _summary(got["casts"]),
            "visit": _summary(got["visits"]),
            "load_average_before": load,
            "load_average_after": os.getloadavg()[0],
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--voters", type=int, default=100)
    parser.add_argument("--names", type=int, default=13)
    parser.add_argument("--seats", type=int, default=10)
    parser.add_argument("--tablets", type=int, default=16)
    parser.add_argument("--workers", type=int, help="Gunicorn processes on PostgreSQL")
    parser.add_argument("--postgres", default=POSTGRES, help="the benchmark's OWN database (WIPED)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    figures = run(
        args.database, args.voters, args.names, args.seats, args.tablets, args.workers,
        args.postgres,
    )  # fmt: skip
    c, v = figures["cast"], figures["visit"]
    print(
        f"{figures['database']}, {figures['server_processes']} server process(es), "
        f"{figures['tablets']} tablets, {figures['voters']} voters, {figures['names']} names: "
        f"{figures['ballots_per_s']:.1f} ballots/s ({figures['wall_s']:.1f} s in all); cast "
        f"p50 {c['p50_ms']} / p95 {c['p95_ms']} / p99 {c['p99_ms']} / max {c['max_ms']} ms; "
        f"whole visit p50 {v['p50_ms']} / p95 {v['p95_ms']} ms; load average "
        f"{figures['load_average_before']:.2f} → {figures['load_average_after']:.2f}"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return figures


if __name__ == "__main__":
    main()
