#!/usr/bin/env python3
"""Crash drill: the server killed (SIGKILL) at random moments while the tablets cast.

    .venv/bin/python scripts/drill_crash.py [--database sqlite|postgresql] [--kills 3]
        [--ballots 30] [--clients 4] [--workers N] [--seed 1] [--postgres URL] [--keep]

Seeds the demo congress (votesys/demo: the roll, the cards, the key ceremony, the elections),
checks in every official delegate, grows the roll if more ballots are asked than the demo has
voters, opens the executive committee's round and encrypts one ballot per voter beforehand (in
worker processes, as the tablets would). Then it starts ``votesys serve`` (Gunicorn) as a
subprocess in its own process group and lets ``--clients`` tablet threads vote over HTTP exactly
as vote.js does: /vote, sign in with the card, open the ballot, cast the ciphertexts with a
submission key. Each time the tablets have received another share of the receipts the server's
whole process group is killed with SIGKILL (after a random delay of up to 0.3 s, so that the kill
lands in any phase of a request), and restarted. A tablet whose request got no answer sends it
again, unchanged (the same cookie, submission key and ciphertexts), until it is answered; every
fifth tablet also resends a cast that was answered, and must get the same receipt back.

At the end (the server still running) it checks, and exits 1 naming what failed:

- every receipt a tablet received is in the box, under the very ciphertexts that tablet sent,
  and the box holds no other ballot; a resend got the same receipt;
- ballots = voters marked as voted = receipts received; nobody marked without having opened the
  ballot; every ballot has all its ciphertexts' points and no point is without a ballot (nothing
  half written); one ``ballots.cast`` audit entry per ballot; the audit chain verifies;
  on SQLite ``PRAGMA integrity_check`` is ok;
- the round closes (sealing), the public board (/receipts/<round>.json, from the server) lists
  exactly the receipts received, the committee adds the box up, two key holders decrypt, and
  each candidate's votes are the sum of the marks the tablets encrypted.

PostgreSQL: the database named by --postgres (default t_drill on 127.0.0.1) is created if
missing and its public schema WIPED. The figures: docs/reliability.md.
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, select, text  # noqa: E402

from votesys import schema  # noqa: E402
from votesys.app import create_app  # noqa: E402
from votesys.audit import queries as audit_queries  # noqa: E402
from votesys.audit.models import AuditEntry  # noqa: E402
from votesys.ballots import services as box  # noqa: E402
from votesys.ballots.models import Ballot, BallotPoint  # noqa: E402
from votesys.checkin import services as checkin  # noqa: E402
from votesys.congress.queries import the_congress  # noqa: E402
from votesys.core import record  # noqa: E402
from votesys.core.crypto.ballot import encrypt_ballot  # noqa: E402
from votesys.core.crypto.group import Point  # noqa: E402
from votesys.core.rules import marking  # noqa: E402
from votesys.credentials import services as cards  # noqa: E402
from votesys.credentials.queries import code_key  # noqa: E402
from votesys.demo.committee import decrypt, unlock  # noqa: E402
from votesys.demo.elections import set_up_elections  # noqa: E402
from votesys.demo.people import person  # noqa: E402
from votesys.demo.seed import PASSPHRASES, seed  # noqa: E402
from votesys.demo.simulate import COUNTERS  # noqa: E402
from votesys.elections import queries as elections  # noqa: E402
from votesys.elections import rounds  # noqa: E402
from votesys.elections.models import Round, RoundVoter  # noqa: E402
from votesys.roles import Actor  # noqa: E402
from votesys.roster import services as roster  # noqa: E402
from votesys.roster.models import Delegate  # noqa: E402
from votesys.roster.services import DelegateFacts  # noqa: E402
from votesys.tally import queries as counted  # noqa: E402
from votesys.tally import services as tally  # noqa: E402

CONSOLE = Actor.console()
CHAIR = Actor("console:chair", "chair")
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/t_drill"
VOTESYS = Path(sys.executable).parent / "votesys"
CSRF_META = re.compile(r'name="csrf-token" content="([^"]+)"')
GONE = (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError, OSError)
ANSWER_WITHIN = 180  # seconds a tablet keeps resending before the drill calls the ballot lost


# --- the congress ---


@dataclass
class Hall:
    """A seeded instance with one open round: the tablets' cards and ballots, made beforehand."""

    instance: Path
    url: str
    round_id: int
    voters: list[int]  # delegate ids
    tokens: dict[int, str]  # delegate id -> card token (what the card's QR code holds)
    ballots: dict[int, dict] = field(default_factory=dict)  # delegate id -> encrypted ballot
    marks: dict[int, list[bool]] = field(default_factory=dict)  # delegate id -> names kept


def prepare_postgres(url: str) -> None:
    """Create the drill's own database if missing, and empty it."""
    name = url.rsplit("/", 1)[1]
    if name in ("test", "postgres") or not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"refusing to wipe the database {name!r}: give the drill its own")
    server = create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        found = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).scalar()
        if not found:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def database_url(kind: str, instance: Path, postgres: str, wipe: bool = True) -> str:
    """The drill's database; ``wipe=False``: PostgreSQL's is already empty (the tests')."""
    if kind == "postgresql":
        if wipe:
            prepare_postgres(postgres)
        return postgres
    return f"sqlite:///{instance / 'votesys.sqlite3'}"


def build_hall(instance: Path, url: str, voters: int, rng: random.Random) -> Hall:
    """Migrate; seed the demo congress; cards for all; every official in the hall (the roll grown
    to ``voters`` if the demo has fewer); the executive committee's round opened."""
    instance.mkdir(parents=True, exist_ok=True)
    schema.upgrade(url)
    app = create_app({"INSTANCE_PATH": str(instance), "DATABASE_URL": url})
    database = app.extensions["votesys.db"]
    with database.session(write=True) as session:
        seed(session)
    with database.session(write=True) as session:
        _grow(session, voters)
    with database.session(write=True) as session:
        congress = the_congress(session)
        issued = cards.issue_missing(session, CONSOLE, congress, code_key(instance))
        tokens = {item.delegate.id: item.token for item in issued}
        officials = session.scalars(
            select(Delegate.id).where(
                Delegate.is_official.is_(True), Delegate.absent_whole_congress.is_(False)
            )
        ).all()
        for delegate_id in officials:
            checkin.check_in(session, CONSOLE, delegate_id, "scanner")
        executive = set_up_elections(session, congress)[0]
        rounds.open_round(session, CHAIR, executive.round_id)
        round_ = elections.round_of(session, executive.round_id)
        everyone = sorted(elections.voter_ids(session, round_))
    database.dispose()
    chosen = rng.sample(everyone, min(voters, len(everyone)))
    hall = Hall(instance, url, executive.round_id, sorted(chosen), tokens)
    encrypt_all(hall, app, rng)
    return hall


def _grow(session, wanted: int) -> None:
    """More official delegates after the demo's, until ``wanted`` of them can vote."""
    congress = the_congress(session)
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
    roster.add_delegates(session, CONSOLE, congress, rows)


def _encrypt(job) -> dict:
    """One tablet's work, in a worker process: the 0/1 plaintexts encrypted and proven."""
    manifest, fingerprint, kept = job
    values, flags = marking.plaintexts("strike", kept, manifest["seats"], 0)
    key = Point.from_hex(manifest["election_key"]["public_key"])
    layout = record.layout_of(manifest)
    return encrypt_ballot(values, flags, layout, key, bytes.fromhex(fingerprint)).to_json()


def encrypt_all(hall: Hall, app, rng: random.Random) -> None:
    """Each voter's ballot, valid (between half the seats and all of them kept), encrypted."""
    database = app.extensions["votesys.db"]
    with database.session() as session:
        round_ = session.get(Round, hall.round_id)
        manifest, fingerprint = json.loads(round_.manifest), round_.fingerprint
    names, seats = len(manifest["candidates"]), manifest["seats"]
    for delegate_id in hall.voters:
        kept = set(rng.sample(range(names), rng.randint(seats // 2, seats)))
        hall.marks[delegate_id] = [i in kept for i in range(names)]
    jobs = [(manifest, fingerprint, hall.marks[d]) for d in hall.voters]
    with ProcessPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        made = pool.map(_encrypt, jobs, chunksize=8)
        hall.ballots = dict(zip(hall.voters, made, strict=True))
    database.dispose()


# --- the server, as the hall runs it ---


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """``votesys serve`` in its own process group (Gunicorn's arbiter and its workers)."""

    def __init__(self, hall: Hall, port: int, workers: int | None, log: Path):
        self.hall, self.port, self.workers, self.log = hall, port, workers, log
        self.process: subprocess.Popen | None = None
        self.base = f"http://127.0.0.1:{port}"
        self.restarts: list[float] = []  # seconds from the kill to the first answer

    def start(self) -> float:
        began = time.monotonic()
        command = [str(VOTESYS), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        if self.workers:
            command += ["--workers", str(self.workers)]
        env = {
            **os.environ,
            "VOTESYS_INSTANCE_PATH": str(self.hall.instance),
            "VOTESYS_DATABASE_URL": self.hall.url,
        }
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own command
                command, env=env, stdout=log, stderr=log, start_new_session=True, cwd=ROOT
            )
        self.wait_ready()
        return time.monotonic() - began

    def wait_ready(self, within: float = 60) -> None:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the server exited ({self.process.returncode}); see {self.log}")
            try:
                with urllib.request.urlopen(self.base + "/receipts", timeout=2):  # noqa: S310
                    return
            except GONE:
                time.sleep(0.05)
        raise SystemExit(f"the server did not answer within {within} s; see {self.log}")

    def kill(self) -> None:
        """SIGKILL to the whole group: nothing is flushed, closed or rolled back by the app."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


# --- the tablets ---


class Lost(Exception):
    """A tablet got no answer within ANSWER_WITHIN seconds, or an answer it should not have."""


class Tablet:
    """One tablet as vote.js drives it: a cookie jar, the page's CSRF token, JSON posts."""

    def __init__(self, base: str, traffic: Traffic):
        self.base, self.traffic = base, traffic
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.csrf = ""

    def welcome(self) -> None:
        page = self._send(urllib.request.Request(self.base + "/vote"))  # noqa: S310 - http://
        self.csrf = CSRF_META.search(page.decode()).group(1)

    def post(self, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(  # noqa: S310 - our http:// server
            self.base + path,
            data=json.dumps(body or {}).encode(),
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "X-CSRFToken": self.csrf,
            },
            method="POST",
        )
        return json.loads(self._send(request))

    def _send(self, request: urllib.request.Request) -> bytes:
        """Send until answered: a request that got no answer is sent again, unchanged."""
        deadline = time.monotonic() + ANSWER_WITHIN
        sent = 0
        while True:
            sent += 1
            self.traffic.begin()
            try:
                with self.opener.open(request, timeout=60) as response:
                    answer = response.read()
                if sent > 1:
                    self.traffic.resent(request.full_url)
                return answer
            except urllib.error.HTTPError as refused:
                raise Lost(f"{request.full_url}: {refused.code} {refused.read()[:300]!r}") from None
            except GONE:
                if time.monotonic() > deadline:
                    raise Lost(f"{request.full_url}: no answer in {ANSWER_WITHIN} s") from None
                time.sleep(0.05)
            finally:
                self.traffic.end()


class Traffic:
    """What the tablets have in flight and what they had to send again (for the report)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.in_flight = 0
        self.resends: Counter = Counter()

    def begin(self) -> None:
        with self.lock:
            self.in_flight += 1

    def end(self) -> None:
        with self.lock:
            self.in_flight -= 1

    def resent(self, url: str) -> None:
        step = url.rsplit("/", 1)[1]
        with self.lock:
            self.resends[step] += 1


@dataclass
class Receipts:
    """Every answer the tablets received: delegate id -> (receipt, submission key)."""

    got: dict[int, tuple[str, str]] = field(default_factory=dict)
    repeats_checked: int = 0
    committed_unanswered: int = 0
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self) -> int:
        with self.lock:
            return len(self.got)


def vote(
    hall: Hall, base: str, delegate_id: int, traffic: Traffic, receipts: Receipts, resend: bool
) -> None:
    """One delegate at a tablet: card, ballot, cast; with ``resend``, the cast sent again once
    it was answered (the tablet missed the answer's display): the same receipt must come back."""
    tablet = Tablet(base, traffic)
    tablet.welcome()
    tablet.post("/vote/sign-in", {"scan": hall.tokens[delegate_id], "method": "scanner"})
    tablet.post(f"/vote/rounds/{hall.round_id}/ballot")
    submission = {"ballot": hall.ballots[delegate_id], "submission_key": secrets.token_urlsafe(24)}
    answer = tablet.post(f"/vote/rounds/{hall.round_id}/cast", submission)
    with receipts.lock:
        receipts.got[delegate_id] = (answer["receipt"], submission["submission_key"])
        if answer["is_repeat"]:  # the cast got in before the kill, its answer did not get out
            receipts.committed_unanswered += 1
    if resend:
        again = tablet.post(f"/vote/rounds/{hall.round_id}/cast", submission)
        with receipts.lock:
            receipts.repeats_checked += 1
            if again["receipt"] != answer["receipt"] or not again["is_repeat"]:
                receipts.problems.append(f"a resend was answered {again}, not {answer['receipt']}")


def cast_all(
    hall: Hall,
    base: str,
    clients: int,
    traffic: Traffic,
    receipts: Receipts,
    voters: list[int] | None = None,
):
    """Every voter's ballot (or these ``voters``') over HTTP, ``clients`` tablets at once; the
    threads."""
    queue = list(hall.voters if voters is None else voters)
    random.Random(len(queue)).shuffle(queue)
    lock = threading.Lock()

    def client() -> None:
        while True:
            with lock:
                if not queue:
                    return
                delegate_id = queue.pop()
                resend = len(queue) % 5 == 0
            try:
                vote(hall, base, delegate_id, traffic, receipts, resend)
            except Lost as lost:
                with receipts.lock:
                    receipts.problems.append(f"delegate id {delegate_id}: {lost}")

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    return threads


# --- the drill ---


@dataclass
class Report:
    database: str
    ballots: int
    clients: int
    workers: int | None
    kills: int = 0
    in_flight_at_kills: list[int] = field(default_factory=list)
    received_at_kills: list[int] = field(default_factory=list)
    recovery_seconds: list[float] = field(default_factory=list)
    resends: dict = field(default_factory=dict)
    repeats_checked: int = 0
    committed_unanswered: int = 0
    casting_seconds: float = 0.0
    in_box: int = 0
    voted: int = 0
    votes: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        recovery = (
            f"{min(self.recovery_seconds):.1f}-{max(self.recovery_seconds):.1f} s"
            if self.recovery_seconds
            else "-"
        )
        return [
            f"{self.database}: {self.ballots} ballots, {self.clients} tablets, "
            f"workers {self.workers or 'default'}; load average {os.getloadavg()[0]:.2f}",
            f"  {self.kills} SIGKILLs, after {self.received_at_kills} receipts, with "
            f"{self.in_flight_at_kills} requests in flight; back up in {recovery}",
            f"  requests sent again after a kill: {dict(self.resends) or 'none'}; casts stored "
            f"but unanswered when killed, answered as repeats on resending: "
            f"{self.committed_unanswered}; answered casts resent on purpose: "
            f"{self.repeats_checked} (same receipt)",
            f"  casting took {self.casting_seconds:.1f} s; in the box {self.in_box}, voters "
            f"marked {self.voted}; votes per name {self.votes}",
            "  OK: nothing lost, nothing half written, the chain verifies, the round counts"
            if not self.problems
            else "  FAILED:\n" + "\n".join(f"    {p}" for p in self.problems),
        ]


def run_drill(
    database: str,
    folder: Path,
    *,
    kills: int,
    ballots: int,
    clients: int,
    workers: int | None,
    seed_value: int,
    postgres: str = POSTGRES,
    wipe: bool = True,
) -> Report:
    rng = random.Random(seed_value)
    instance = folder / "instance"
    url = database_url(database, instance, postgres, wipe)
    hall = build_hall(instance, url, ballots, rng)
    report = Report(database, len(hall.voters), clients, workers)
    server = Server(hall, free_port(), workers, folder / "server.log")
    server.start()
    traffic, receipts = Traffic(), Receipts()
    try:
        began = time.monotonic()
        threads = cast_all(hall, server.base, clients, traffic, receipts)
        for k in range(kills):
            wanted = (k + 1) * len(hall.voters) // (kills + 1)
            while receipts.count() < wanted and any(t.is_alive() for t in threads):
                time.sleep(0.01)
            time.sleep(rng.uniform(0, 0.3))
            report.in_flight_at_kills.append(traffic.in_flight)
            report.received_at_kills.append(receipts.count())
            down = time.monotonic()
            server.kill()
            report.kills += 1
            time.sleep(rng.uniform(0, 0.5))
            server.start()
            report.recovery_seconds.append(time.monotonic() - down)
        for thread in threads:
            thread.join()
        report.casting_seconds = time.monotonic() - began
        report.resends = dict(traffic.resends)
        report.repeats_checked = receipts.repeats_checked
        report.committed_unanswered = receipts.committed_unanswered
        report.problems += receipts.problems
        check(hall, server, receipts, report)
    finally:
        server.stop()
    return report


def check(hall: Hall, server: Server, receipts: Receipts, report: Report) -> None:
    """Every invariant of the box after the kills, then closing and counting the round."""
    problems = report.problems
    app = create_app({"INSTANCE_PATH": str(hall.instance), "DATABASE_URL": hall.url})
    database = app.extensions["votesys.db"]
    with database.session() as session:
        round_ = session.get(Round, hall.round_id)
        stored = dict(
            session.execute(
                select(Ballot.receipt, Ballot.document).where(Ballot.round_id == hall.round_id)
            ).all()
        )
        report.in_box = len(stored)
        turnout = elections.turnout(session, round_)
        report.voted = turnout.voted
        got = {delegate: receipt for delegate, (receipt, _) in receipts.got.items()}
        for delegate_id, receipt in got.items():
            if receipt not in stored:
                problems.append(f"receipt {receipt} was given but is not in the box")
            elif json.loads(stored[receipt]) != hall.ballots[delegate_id]:
                problems.append(f"receipt {receipt} holds another ballot than the one sent")
        if len(set(got.values())) != len(got):
            problems.append("two tablets were given the same receipt")
        extra = set(stored) - set(got.values())
        if extra:
            problems.append(f"{len(extra)} ballots in the box whose receipt nobody received")
        if not (len(stored) == turnout.voted == len(got) == len(hall.voters)):
            problems.append(
                f"ballots {len(stored)}, voters marked {turnout.voted}, receipts {len(got)}, "
                f"voters {len(hall.voters)}: they must all agree"
            )
        unissued = session.scalar(
            select(func.count()).where(
                RoundVoter.round_id == hall.round_id,
                RoundVoter.has_voted.is_(True),
                RoundVoter.is_issued.is_(False),
            )
        )
        if unissued:
            problems.append(f"{unissued} voters marked as voted without a ballot issued")
        layout = record.layout_of(json.loads(round_.manifest))
        points = session.scalar(select(func.count()).where(BallotPoint.round_id == hall.round_id))
        if points != len(stored) * (layout.mark_count + layout.flags):
            problems.append(f"{points} ciphertext points for {len(stored)} ballots: half written")
        kinds = Counter(session.scalars(select(AuditEntry.kind)))
        if kinds["ballots.cast"] != len(stored):
            problems.append(f"{kinds['ballots.cast']} ballots.cast entries, {len(stored)} ballots")
        signer = app.extensions["votesys.signer"]
        verified = audit_queries.verify_database(session, signer.public_key_hex)
        problems += [p.describe() for p in verified.problems]
        if database.is_sqlite:
            integrity = session.execute(text("PRAGMA integrity_check")).scalar()
            if integrity != "ok":
                problems.append(f"SQLite integrity_check: {integrity}")
    count_round(hall, app, server, got, report)
    database.dispose()


def count_round(hall: Hall, app, server: Server, got: dict, report: Report) -> None:
    """Close (seal), check the board the server publishes, add up, decrypt, compare the votes."""
    database = app.extensions["votesys.db"]
    with database.session(write=True) as session:
        box.close_voting(session, CHAIR, hall.round_id)
    with urllib.request.urlopen(f"{server.base}/receipts/{hall.round_id}.json") as answer:  # noqa: S310
        board = json.loads(answer.read())
    if not board["is_final"] or sorted(board["receipts"]) != sorted(got.values()):
        report.problems.append("the sealed board does not list exactly the receipts received")
    with database.session(write=True) as session:
        tally.add_up(session, COUNTERS[0][0], hall.round_id)
        committee = unlock(session, PASSPHRASES)
        decrypt(session, committee, hall.round_id, sorted(committee.members)[: committee.threshold])
        round_ = session.get(Round, hall.round_id)
        result = counted.result_of(counted.tally_of(session, round_))
        signer = app.extensions["votesys.signer"]
        verified = audit_queries.verify_database(session, signer.public_key_hex)
        report.problems += [f"after counting: {p.describe()}" for p in verified.problems]
    report.votes = [row["votes"] for row in result["candidates"]]
    expected = [sum(hall.marks[d][i] for d in got) for i in range(len(report.votes))]
    if report.votes != expected:
        report.problems.append(f"votes {report.votes}, but the tablets encrypted {expected}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--ballots", type=int, default=30)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, help="Gunicorn processes (votesys serve's default)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", default=POSTGRES, help="the drill's OWN database")
    parser.add_argument("--keep", action="store_true", help="keep the instance folder and log")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="drill-crash-"))
    report = run_drill(
        args.database,
        folder,
        kills=args.kills,
        ballots=args.ballots,
        clients=args.clients,
        workers=args.workers,
        seed_value=args.seed,
        postgres=args.postgres,
    )
    print("\n".join(report.lines()))
    if args.keep:
        print(f"  instance and server log in {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    raise SystemExit(1 if report.problems else 0)


if __name__ == "__main__":
    main()
