#!/usr/bin/env python3
"""Where the time of one cast goes: the tablet's POST of a ballot, profiled in the server.

    .venv/bin/python scripts/profile_cast.py [--voters 40] [--names 250] [--seats 200]
        [--database sqlite|postgresql] [--postgres URL] [--html PATH]

Builds the hall of scripts/bench_cast_http.py (the demo congress grown to ``--voters`` officials,
every one carded and in the hall, one round of ``--names`` for ``--seats``, every ballot encrypted
beforehand), then, one tablet after another through the Flask app in this process (the same
WSGI stack Gunicorn calls: the session cookie, CSRF, the JSON, the view, the service, the
database), opens each ballot and casts it. Only the cast requests run under pyinstrument
(https://pyinstrument.readthedocs.io, a statistical profiler: its samples cost little, so the
shares hold as they would unprofiled). Prints the wall time of the casts with and without the
profiler, the call tree, and the shares of the parts of the cast path that matter
(the proofs' check, decoding the JSON, the insert, the audit entry, the rest).

pyinstrument is not a dependency of votesys: this script installs it into the running
interpreter (``pip install pyinstrument``) when it is missing.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import bench_cast_http  # noqa: E402
import drill_crash as drill  # noqa: E402

from votesys.app import create_app  # noqa: E402

CSRF_META = re.compile(r'name="csrf-token" content="([^"]+)"')

# The parts of the cast path: (file path ending, function). A sample counts for the innermost
# part on its stack, so the audit entry written inside cast_ballot is the audit's, not the box's.
PARTS = (
    ("the proofs' check (check_ballot)", ("ballots/services.py", "check_ballot")),
    (
        "storing the ballot (cast_ballot: rows, points, the voter)",
        ("ballots/services.py", "cast_ballot"),
    ),
    ("the audit entry (audit.record: the hash chain, its row)", ("audit/services.py", "record")),
    ("reading the JSON body (get_json)", ("request.py", "get_json")),
)


def pyinstrument():
    try:
        import pyinstrument as module  # noqa: PLC0415 - optional, installed on demand
    except ImportError:
        print("[profile] installing pyinstrument (not a votesys dependency)", flush=True)
        subprocess.run(  # noqa: S603 - our own interpreter
            [sys.executable, "-m", "pip", "install", "--quiet", "pyinstrument>=4.6"], check=True
        )
        import pyinstrument as module  # noqa: PLC0415
    return module


def tablets(app, hall):
    """For each voter: a test client signed in with the card, the ballot opened; the cast's
    request ready to send."""
    for delegate_id in hall.voters:
        client = app.test_client()
        page = client.get("/vote").get_data(as_text=True)
        headers = {"X-CSRFToken": CSRF_META.search(page).group(1), "Accept": "application/json"}
        for path, body in (
            ("/vote/sign-in", {"scan": hall.tokens[delegate_id], "method": "scanner"}),
            (f"/vote/rounds/{hall.round_id}/ballot", {}),
        ):
            answer = client.post(path, json=body, headers=headers)
            if answer.status_code != 200:
                raise SystemExit(f"{path}: {answer.status_code} {answer.get_data()[:300]!r}")
        body = json.dumps(
            {"ballot": hall.ballots[delegate_id], "submission_key": secrets.token_urlsafe(24)}
        )
        yield client, headers, body


def cast(hall, client, headers, body) -> None:
    answer = client.post(
        f"/vote/rounds/{hall.round_id}/cast",
        data=body,
        headers=headers,
        content_type="application/json",
    )
    if answer.status_code != 200:
        raise SystemExit(f"cast: {answer.status_code} {answer.get_data()[:300]!r}")


def shares(session) -> list[tuple[str, float]]:
    """Each part's time from the profile's frame tree: every frame's own time (its time less its
    children's) counts for the innermost part among it and its callers."""
    found = {label: 0.0 for label, _ in PARTS}
    rest = "the rest: the request, the session, CSRF, the view, the answer"
    found[rest] = 0.0

    def part_of(frame) -> str | None:
        for label, (path, function) in PARTS:
            if frame.function == function and (frame.file_path or "").endswith(path):
                return label
        return None

    def walk(frame, part: str) -> None:
        part = part_of(frame) or part
        found[part] += frame.time - sum(child.time for child in frame.children)
        for child in frame.children:
            walk(child, part)

    walk(session.root_frame(), rest)
    return [(label, found[label]) for label in found]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voters", type=int, default=40)
    parser.add_argument("--names", type=int, default=250)
    parser.add_argument("--seats", type=int, default=200)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--postgres", default=bench_cast_http.POSTGRES, help="WIPED")
    parser.add_argument("--html", type=Path, help="also write pyinstrument's HTML report here")
    args = parser.parse_args(argv)
    profiler_module = pyinstrument()
    folder = Path(tempfile.mkdtemp(prefix="profile-cast-"))
    try:
        instance = folder / "instance"
        url = drill.database_url(args.database, instance, args.postgres)
        print(f"[profile] building the hall: {args.voters} voters × {args.names} names", flush=True)
        hall = bench_cast_http.build_hall(
            instance, url, args.voters, args.names, args.seats, random.Random(5)
        )
        app = create_app({"INSTANCE_PATH": str(instance), "DATABASE_URL": url})
        ready = list(tablets(app, hall))
        half = len(ready) // 2
        began = time.perf_counter()
        for client, headers, body in ready[:half]:  # unprofiled, for the profiler's own cost
            cast(hall, client, headers, body)
        plain = (time.perf_counter() - began) / max(half, 1)
        profiler = profiler_module.Profiler(interval=0.0005)
        began = time.perf_counter()
        with profiler:
            for client, headers, body in ready[half:]:
                cast(hall, client, headers, body)
        profiled = (time.perf_counter() - began) / max(len(ready) - half, 1)
        app.extensions["votesys.db"].dispose()
        session = profiler.last_session
        print(
            f"\n{args.database}, {args.names} names (K = {args.seats}): one cast "
            f"{plain * 1000:.1f} ms unprofiled ({half} casts), {profiled * 1000:.1f} ms "
            f"profiled ({len(ready) - half} casts)\n"
        )
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        total = session.root_frame().time
        print("| part of the cast | share |\n|---|---|")
        for label, seconds in shares(session):
            print(f"| {label} | {100 * seconds / total:.0f}% |")
        if args.html:
            args.html.write_text(profiler.output_html(), encoding="utf-8")
            print(f"\n[profile] HTML report: {args.html}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
