#!/usr/bin/env python3
"""The check-in round trip at the door, over real HTTP: p50/p95 of POST /checkin/scan.

    .venv/bin/python scripts/bench_checkin.py [--checkins 300] [--desks 1] [--codes 0.2]
                                              [--workers 1] [--threads 8] [--database URL]

Builds a fresh demo congress (grown to as many delegates as needed), issues every card through
the credentials' service, serves the app with Gunicorn (gthread, as ``votesys serve`` does) in a
child process, signs in one staff member per desk, and times each scan from the request's first
byte to the answer's last byte on a keep-alive connection: N green check-ins (a share of them by
typed short code, the rest by card URL as a USB scanner or the camera sends it), then the same
cards once more (amber: "already checked in"). --database takes an EMPTY database (it is migrated
and seeded here); the default is a temporary SQLite file.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import platform
import random
import re
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir))

from votesys import schema  # noqa: E402
from votesys.app import create_app  # noqa: E402
from votesys.congress.queries import current_congress  # noqa: E402
from votesys.core.codes import format_short_code  # noqa: E402
from votesys.credentials import services as card_services  # noqa: E402
from votesys.credentials.queries import card_url  # noqa: E402
from votesys.demo.people import person  # noqa: E402
from votesys.demo.seed import LOGINS, seed  # noqa: E402
from votesys.roles import Actor  # noqa: E402
from votesys.roster import services as roster  # noqa: E402
from votesys.roster.models import Delegate  # noqa: E402
from votesys.roster.services import DelegateFacts  # noqa: E402

CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CSRF_META = re.compile(r'name="csrf-token" content="([^"]+)"')
BASE = "http://hall.local:5000"


def build(url: str, instance: Path, checkins: int) -> list[tuple[str, str]]:
    """Migrate, seed, grow the roll, issue the cards; (card URL, short code) of the delegates
    whose scan is green (not announced absent, not an alternate without a seat)."""
    schema.upgrade(url)
    app = create_app({"INSTANCE_PATH": str(instance), "DATABASE_URL": url})
    database = app.extensions["votesys.db"]
    with database.session(write=True) as session:
        seed(session)
    with database.session(write=True) as session:
        _grow(session, checkins)
    with database.session(write=True) as session:
        congress = current_congress(session)
        key = app.extensions["votesys.card_code_key"]
        issued = card_services.issue_missing(session, Actor.console(), congress, key)
        green = [
            (card_url(BASE, item.token), format_short_code(item.code))
            for item in issued
            if not item.delegate.absent_whole_congress
            and (item.delegate.is_official or item.delegate.seated_for_number is not None)
        ]
    database.dispose()
    return green[:checkins]


def _grow(session, wanted: int) -> None:
    """Add official delegates after the demo's until ``wanted`` of them can be checked in."""
    congress = current_congress(session)
    delegates = session.query(Delegate).filter_by(congress_id=congress.id).all()
    have = sum(1 for d in delegates if d.is_official and not d.absent_whole_congress) + 1
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


def serve(instance: str, url: str, port: int, workers: int, threads: int) -> None:
    """The child process: the app under Gunicorn, as ``votesys serve`` runs it."""
    from votesys.serving import VotesysServer

    app = create_app({"INSTANCE_PATH": instance, "DATABASE_URL": url})
    options = {
        "bind": f"127.0.0.1:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "keepalive": 30,
    }
    VotesysServer(app, options).run()


class Desk:
    """One staff member's browser: a keep-alive connection and the session cookie."""

    def __init__(self, port: int, username: str, password: str):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie = ""
        page = self.request("GET", "/login")
        token = CSRF_INPUT.search(page).group(1)
        form = urlencode({"username": username, "password": password, "csrf_token": token})
        self.request("POST", "/login", form, "application/x-www-form-urlencoded")
        self.csrf = CSRF_META.search(self.request("GET", "/checkin")).group(1)

    def request(self, method: str, path: str, body: str | None = None, kind: str | None = None):
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if kind:
            headers["Content-Type"] = kind
        if method == "POST" and path.startswith("/checkin"):
            headers["X-CSRFToken"] = self.csrf
            headers["Accept"] = "application/json"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read().decode()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return data

    def scan(self, text: str) -> tuple[float, dict]:
        body = json.dumps({"scan": text})
        start = time.perf_counter()
        answer = self.request("POST", "/checkin/scan", body, "application/json")
        return time.perf_counter() - start, json.loads(answer)


def run_desks(desks: list[Desk], scans: list[str], expected: str) -> list[float]:
    timings: list[float] = []
    lock = threading.Lock()
    problems: list[str] = []

    def work(desk: Desk, share: list[str]) -> None:
        for text in share:
            seconds, answer = desk.scan(text)
            with lock:
                timings.append(seconds)
                if answer.get("status") != expected:
                    problems.append(f"{answer.get('outcome')}: {answer.get('message')}")

    threads = [
        threading.Thread(target=work, args=(desk, scans[i :: len(desks)]))
        for i, desk in enumerate(desks)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if problems:
        raise SystemExit(f"{len(problems)} scans were not {expected}: {problems[:3]}")
    return timings


def report(label: str, timings: list[float], wall: float) -> None:
    ordered = sorted(timings)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000

    print(
        f"{label:<28} n={len(ordered):<5} p50 {pct(50):6.1f} ms  p95 {pct(95):6.1f} ms  "
        f"max {ordered[-1] * 1000:6.1f} ms  mean {statistics.mean(ordered) * 1000:6.1f} ms  "
        f"{len(ordered) / wall:6.1f} scans/s"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkins", type=int, default=300, help="green check-ins to time")
    parser.add_argument("--desks", type=int, default=1, help="desks scanning at the same time")
    parser.add_argument("--codes", type=float, default=0.2, help="share typed as short codes")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--threads", type=int, default=8, help="as `votesys serve`")
    parser.add_argument("--database", help="an EMPTY database URL (default: temporary SQLite)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-checkin-") as folder:
        instance = Path(folder)
        url = args.database or f"sqlite:///{instance / 'votesys.sqlite3'}"
        started = time.perf_counter()
        cards = build(url, instance, args.checkins)
        print(f"set-up: {len(cards)} cards to scan in {time.perf_counter() - started:.1f} s")
        rng = random.Random(1)
        scans = [code if rng.random() < args.codes else link for link, code in cards]
        port = free_port()
        server = multiprocessing.get_context("fork").Process(
            target=serve, args=(str(instance), url, port, args.workers, args.threads)
        )
        server.start()
        try:
            wait_for(port)
            login = next(item for item in LOGINS if item.username == "credentials")
            desks = [Desk(port, login.username, login.password) for _ in range(args.desks)]
            print(
                f"{platform.python_implementation()} {platform.python_version()}, "
                f"{os.cpu_count()} CPUs, {url.split(':', 1)[0]}, Gunicorn {args.workers} worker(s)"
                f" × {args.threads} threads, {args.desks} desk(s), {args.codes:.0%} typed codes"
            )
            for label, expected in (("check-in (green)", "green"), ("scan again (amber)", "amber")):
                wall = time.perf_counter()
                timings = run_desks(desks, scans, expected)
                report(label, timings, time.perf_counter() - wall)
        finally:
            server.terminate()
            server.join(timeout=10)


if __name__ == "__main__":
    main()
