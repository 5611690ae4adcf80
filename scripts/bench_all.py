#!/usr/bin/env python3
"""Every benchmark in one command (scripts/bench runs this): a JSON of results and the tables
of docs/performance.md.

    scripts/bench [--quick] [--only casting,browser,ballot,count,verify,electionguard,scaling]
                  [--out PATH] [--no-docs] [--postgres URL] [--skip-electionguard]
    scripts/bench --render JSON      (the docs' tables again from a results file, running nothing)

For a ward congress (100 delegates, 13 names for 10 seats) and a national one (1,600 delegates,
250 names for 200 seats):

- casting: every delegate casts over HTTP against ``votesys serve`` (scripts/bench_cast_http.py,
  the tablet's requests of scripts/drill_crash.py), SQLite with one server process and
  PostgreSQL with Gunicorn's default worker processes; ballots/s and p50/p95/p99 of the cast;
- browser: encrypting and proving one ballot in headless Chromium, normal and CPU throttled 4x
  (scripts/bench_browser.py, a subprocess);
- ballot: verifying one ballot on the server, p50/p95 (scripts/bench_ballot_verify.py);
- count: a ward and a national congress from "close" to announced (scripts/bench_count.py);
- verify: the ward's and the national election record verified (scripts/bench_verify.py; each
  record is cached under bench-results/, building the national one takes minutes the first time);
- electionguard: ElectionGuard 1.4.0 on the same work (scripts/bench_electionguard.py, in its
  own interpreter .venv-electionguard/bin/python; set up with --setup when missing; a failure is
  recorded and the rest goes on);
- scaling: the cost of one ballot's check, adding up and decrypting at 13/50/100/250 names,
  measured, and casting, counting and verifying for 100/400/1,600 delegates computed from them.

Writes bench-results/bench-<date>.json (or --out), then rewrites the generated tables of
docs/performance.md between ``<!-- bench:begin -->`` and ``<!-- bench:end -->`` (and
``<!-- scaling:begin -->`` / ``<!-- scaling:end -->``), unless --no-docs. The timings are never
asserted anywhere; the machine's load average is recorded before and after every step.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
OUT = ROOT / "bench-results"
DOCS = ROOT / "docs" / "performance.md"
EG_PYTHON = ROOT / ".venv-electionguard" / "bin" / "python"
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/t_bench"
STEPS = ("casting", "browser", "ballot", "count", "verify", "electionguard", "scaling")
BENCH_MARKERS = ("<!-- bench:begin -->", "<!-- bench:end -->")
SCALING_MARKERS = ("<!-- scaling:begin -->", "<!-- scaling:end -->")

# The two congresses of the issue: delegates, names on the list, seats.
FULL = {"ward": (100, 13, 10), "national": (1600, 250, 200)}
QUICK = {"ward": (30, 13, 10), "national": (40, 250, 200)}
TABLETS = 16  # tablets casting at once
TARGETS = {  # the issue's, in seconds
    "ballot_250": 0.150,
    "count_ward": 5.0,
    "verify_national": 600.0,
}
FASTER = 50  # every figure at least 50 times ElectionGuard's


# --- the pure part: rendering and the docs' markers (tests/scripts/test_bench.py) ---


class MarkerError(ValueError):
    """The docs file has not exactly one begin marker followed by one end marker."""


def replace_between(text: str, markers: tuple[str, str], body: str) -> str:
    """``text`` with what lies between the two markers replaced by ``body``; MarkerError when a
    marker is missing, repeated, or the end comes first."""
    begin, end = markers
    for marker in markers:
        count = text.count(marker)
        if count != 1:
            found = "missing" if count == 0 else f"there {count} times"
            raise MarkerError(f"the marker {marker} is {found}; expected exactly once")
    head, rest = text.split(begin)
    if end not in rest:
        raise MarkerError(f"the marker {end} comes before {begin}")
    _, tail = rest.split(end)
    return f"{head}{begin}\n{body.strip()}\n{end}{tail}"


def rewrite_docs(path: Path, sections: list[tuple[tuple[str, str], str]]) -> None:
    """Replace every (markers, body) in the file at once: on any MarkerError nothing is written."""
    text = path.read_text(encoding="utf-8")
    new = text
    for markers, body in sections:
        try:
            new = replace_between(new, markers, body)
        except MarkerError as error:
            raise MarkerError(f"{path}: {error}; nothing was changed") from None
    if new != text:
        path.write_text(new, encoding="utf-8")


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds >= 10:
        return f"{seconds:.0f} s" if seconds < 600 else f"{seconds / 60:.1f} min"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def _get(data, *path):
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _eg_case(results: dict, candidates: int) -> dict | None:
    for case in _get(results, "electionguard", "cases") or []:
        if case.get("candidates") == candidates:
            return case
    return None


def compare(ours: float | None, theirs: float | None) -> tuple[str, str, str]:
    """(EG's figure, ours / theirs, "N× faster") or dashes."""
    if ours is None or theirs is None or ours <= 0:
        return ("—" if theirs is None else _ms(theirs)), "—", "—"
    ratio = ours / theirs
    return _ms(theirs), f"{ratio:.3f}", f"{theirs / ours:.0f}×"


def figure_rows(results: dict) -> list[dict]:
    """One row per figure: what, ours (text), EG, ratio, faster, target met."""
    rows: list[dict] = []
    sizes = results.get("sizes", FULL)

    def row(what, ours, theirs=None, target=None, text=None, eg_what=None):
        eg, ratio, faster = compare(ours, theirs)
        checks = []
        if target is not None and ours is not None:
            checks.append(("yes" if ours < target else "**no**") + f" (< {_ms(target)})")
        if theirs is not None and ours is not None:
            checks.append(("yes" if theirs / ours >= FASTER else "**no**") + f" (≥ {FASTER}×)")
        rows.append(
            {
                "what": what,
                "ours": text if text is not None else _ms(ours),
                "eg": eg if eg_what is None or theirs is None else f"{eg} ({eg_what})",
                "ratio": ratio,
                "faster": faster,
                "target": "; ".join(checks) or "—",
            }
        )

    for kind, label in (("sqlite", "SQLite, 1 process"), ("postgresql", "PostgreSQL")):
        for congress in ("ward", "national"):
            c = _get(results, "casting", f"{kind}_{congress}")
            voters, names, _ = sizes[congress]
            if not isinstance(c, dict) or "cast" not in c:
                row(f"casting, {label}, {congress} ({voters} × {names} names)", None, text="—")
                continue
            procs = c.get("server_processes")
            server = label if kind == "sqlite" else f"PostgreSQL, {procs} worker processes"
            head = f"casting over HTTP, {server}"
            head += (
                f", {congress} ({c['voters']} voters × {c['names']} names, {c['tablets']} tablets)"
            )
            cast = c["cast"]
            rate = f"{c['ballots_per_s']:.1f} ballots/s ({_ms(c['wall_s'])} in all)"
            row(f"{head}: throughput", None, text=rate)
            for p in ("p50", "p95", "p99"):
                row(f"{head}: cast {p}", cast[f"{p}_ms"] / 1000)
    browser = _get(results, "browser", "results") or {}
    for names, seats in ((13, 10), (250, 200)):
        case = browser.get(f"{names} names") or {}
        eg = _eg_case(results, names)
        eg_encrypt = _get(eg, "encrypt_s", "median")
        prepare, press = case.get("worker prepare, CPU x1"), case.get("worker after press, CPU x1")
        if prepare is not None and press is not None:
            # As the tablet runs now: the multiplications while the delegate marks, then the
            # choices and hashes after the button. The sum is all the work (bests added).
            case = {**case, "prepared total": prepare + press}
        for key, label in (
            ("worker, CPU x1", "in the Web Worker, all at the button"),
            ("prepared total", "prepared while marking + after the button: all the work"),
            ("worker after press, CPU x1", "prepared while marking: the wait after the button"),
            ("page, CPU x4", "page thread, CPU throttled 4x"),
            ("worker, CPU x4", "Web Worker, CPU throttled 4x (the throttle barely reaches it)"),
        ):
            value = case.get(key)
            if value is None and key in ("prepared total", "worker after press, CPU x1"):
                continue  # a bench_browser.py from before the tablet prepared
            row(
                f"browser: encrypt + prove {names} names (K = {seats}), {label}",
                None if value is None else value / 1000,
                eg_encrypt,
                eg_what="encrypt, median",
            )
    ballot = results.get("ballot") or {}
    for names in (13, 250):
        case = ballot.get(f"{names}_names") or {}
        eg_verify = _get(_eg_case(results, names), "verify_s", "median")
        for threads in (1, 3) if names == 250 else (1,):
            figures = case.get(f"quick_{threads}_threads")
            if figures is None:
                continue
            how = "1 thread" if threads == 1 else f"{threads} threads (as the server)"
            for p in ("p50", "p95"):
                row(
                    f"server: verify one ballot, {names} names, {how}, {p}",
                    figures[f"{p}_ms"] / 1000,
                    eg_verify,
                    TARGETS["ballot_250"] if names == 250 else None,
                    eg_what="verify, median",
                )
    count = results.get("count") or {}
    if "total" in count:  # a JSON from before the national count: the ward's alone
        count = {"ward": count}
    for congress in ("ward", "national"):
        c = count.get(congress) or {}
        if not c.get("total"):
            continue
        ballots, names = c.get("ballots"), c.get("names", 12)
        eg = _eg_case(results, 13 if congress == "ward" else 250)
        eg_count, eg_what = None, None
        if eg and eg.get("tally_s") is not None and eg.get("decrypt_s") is not None:
            tallied = eg.get("tally_ballots") or 100
            if congress == "ward":  # its 100 ballots against our 97: as measured
                eg_count, eg_what = eg["tally_s"] + eg["decrypt_s"], f"tally of {tallied}"
            else:
                eg_count = eg["tally_s"] * ballots / tallied + eg["decrypt_s"]
                eg_what = f"its tally of {tallied} × {ballots / tallied:g}"
            eg_what += " + 2-of-3 decrypt" + (", extrapolated" if congress != "ward" else "")
        row(
            f"{congress} counted, close → announced ({ballots} ballots × {names} names, SQLite)",
            c["total"]["median_s"],
            None,
            TARGETS["count_ward"] if congress == "ward" else None,
        )
        row(
            f"{congress}: add up + 2 partial decryptions checked, combined, counted",
            c["add_up"]["median_s"] + c["partial_decryptions"]["median_s"],
            eg_count,
            eg_what=eg_what,
        )
    verify = results.get("verify") or {}
    if "verified_s" in verify:  # a JSON from before the ward's record: the national's alone
        verify = {"national": verify}
    for congress in ("ward", "national"):
        v = verify.get(congress) or {}
        if v.get("verified_s") is None:
            continue
        eg = _eg_case(results, v["candidates"])
        eg_verify = None
        if eg and _get(eg, "verify_s", "median") is not None:
            # ElectionGuard's per-ballot check × ballots, spread perfectly over as many processes
            # as ours used (generous to it), plus its decryption.
            eg_verify = eg["verify_s"]["median"] * v["ballots"] / v["workers"]
            eg_verify += eg.get("decrypt_s") or 0
        row(
            f"record verified ({v['ballots']} ballots × {v['candidates']} names,"
            f" {v['workers']} processes{'' if v.get('ok') else ', FAILED'})",
            v["verified_s"],
            eg_verify,
            TARGETS["verify_national"] if v["ballots"] >= 1600 else None,
            eg_what="its ballot check × ballots / processes + decrypt, extrapolated",
        )
    return rows


def render_table(results: dict) -> str:
    """The markdown between the bench markers: the run's conditions, then one row a figure."""
    machine = results.get("machine", {})
    lines = [
        f"_Generated by `scripts/bench{' --quick' if results.get('quick') else ''}` on "
        f"{results.get('date', '?')} (commit {str(machine.get('commit', '?'))[:10]}), "
        f"{machine.get('cpus', '?')} CPUs, Python {machine.get('python', '?')}, "
        f"{machine.get('chromium') or 'no Chromium'}; load average (1 min) before → after each "
        f"step: {_loads(results)}._",
    ]
    at: dict[str, list[str]] = {}  # commit -> the steps that saw it (at their start or end)
    for step, pair in (results.get("commits") or {}).items():
        for head in dict.fromkeys(h for h in pair if h):
            at.setdefault(head[:10], []).append(step)
    if len(at) > 1:
        lines.append("")
        lines.append(
            "The checkout moved while it ran: "
            + "; ".join(f"{head} for {', '.join(steps)}" for head, steps in at.items())
            + "."
        )
    for merged in results.get("merged") or []:
        lines.append("")
        lines.append(
            f"Run again on {merged['date']} and merged in (`{merged['file']}`):"
            f" {', '.join(merged['steps'])}."
        )
    if [m for m in machine.get("modified") or [] if m] or machine.get("dirty"):
        lines.append("")
        lines.append(
            "Uncommitted changes were in the checkout when it started (listed in the JSON)."
        )
    if results.get("quick"):
        lines.append("")
        lines.append(
            "**QUICK RUN** (small sizes, to check the script): not the figures of the issue."
        )
    errors = {k: v["error"] for k, v in results.items() if isinstance(v, dict) and "error" in v}
    for case, value in (results.get("casting") or {}).items():
        if isinstance(value, dict) and "error" in value:
            errors[f"casting {case}"] = value["error"]
    if errors:
        lines.append("")
        for step, error in errors.items():
            first = str(error).strip().splitlines()[-1] if str(error).strip() else "?"
            lines.append(f"- `{step}` failed: {first[:200]}")
    lines += [
        "",
        "| figure | ours | ElectionGuard 1.4.0 | ours / theirs | faster | target met |",
        "|---|---|---|---|---|---|",
    ]
    for r in figure_rows(results):
        lines.append(
            f"| {r['what']} | {r['ours']} | {r['eg']} | {r['ratio']} | {r['faster']} | "
            f"{r['target']} |"
        )
    return "\n".join(lines)


def _load(results: dict, step: str) -> str:
    load = _get(results, "loadavg", step)
    return f"{load[0]:.1f} → {load[1]:.1f}" if load else "?"


def _loads(results: dict) -> str:
    parts = []
    for step in STEPS:
        load = _get(results, "loadavg", step)
        if load:
            parts.append(f"{step} {load[0]:.1f} → {load[1]:.1f}")
    return ", ".join(parts) or "?"


def scaling_rows(scaling: dict) -> list[list[str]]:
    """Casting, counting and verifying for each (names, delegates), from the measured costs."""
    rows = []
    workers = scaling.get("workers", 2)
    for names in scaling.get("names", []):
        m = scaling["measured"][str(names)]
        for delegates in scaling.get("delegates", []):
            cast = m["verify_s"] * delegates
            count = m["add_up_per_ballot_s"] * delegates + m["decrypt_s"]
            verify = m["verify_s"] * delegates / workers + m["decrypt_s"]
            rows.append([f"{names}", f"{delegates:,}", _ms(cast), _ms(count), _ms(verify)])
    return rows


def render_scaling(results: dict) -> str:
    scaling = results["scaling"]
    lines = [
        f"_Generated by `scripts/bench{' --quick' if results.get('quick') else ''}`"
        " (its scaling step)"
        f" on {results.get('date', '?')}, load average {_load(results, 'scaling')};"
        f" {scaling['samples']} ballot(s) per size._",
        "",
        "**Measured** (one ballot, one thread; strike ballots, K = 80% of the names, 3 flags):",
        "",
        "| names | encrypt + prove (Python) | check one ballot (server) | add up, per ballot | "
        "decrypt all totals (2 of 3, checked) |",
        "|---|---|---|---|---|",
    ]
    for names in scaling["names"]:
        m = scaling["measured"][str(names)]
        lines.append(
            f"| {names} | {_ms(m['encrypt_s'])} | {_ms(m['verify_s'])} | "
            f"{_ms(m['add_up_per_ballot_s'])} | {_ms(m['decrypt_s'])} |"
        )
    lines += [
        "",
        "The decryption is measured on the totals of"
        f" {scaling.get('added', '?')} ballots: its discrete logs are table look-ups, nearly free"
        " at 1,600.",
        "",
        "**Extrapolated** (linear in the ballots: per ballot × delegates; the decryption once):"
        f" casting = the server's check of every ballot on one core; counting = add up + decrypt;"
        f" verifying = every ballot's check over {scaling['workers']} processes + decrypt:",
        "",
        "| names | delegates | casting, server CPU | counting | verifying the record |",
        "|---|---|---|---|---|",
    ]
    lines += ["| " + " | ".join(r) + " |" for r in scaling_rows(scaling)]
    return "\n".join(lines)


# --- the impure part: running the benchmarks ---


def machine() -> dict:
    def out(command: list[str]) -> str | None:
        try:
            return (
                subprocess.run(
                    command, capture_output=True, text=True, cwd=ROOT, timeout=30
                ).stdout.strip()
                or None
            )
        except (OSError, subprocess.SubprocessError):
            return None

    chromium = os.environ.get("VOTESYS_TEST_CHROMIUM") or shutil.which("chromium")
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "chromium": out([chromium, "--version"]) if chromium else None,
        "commit": out(["git", "rev-parse", "HEAD"]),
        # Uncommitted changes the benchmarks ran with (others' work in the same checkout).
        "modified": (out(["git", "status", "--porcelain", "--untracked-files=no"]) or "").split(
            "\n"
        ),
    }


def _head() -> str | None:
    done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)  # noqa: S607
    return done.stdout.strip() or None


def _import(name: str):
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return __import__(name)


def step_casting(args, sizes) -> dict:
    bench = _import("bench_cast_http")
    out = {}
    for kind in ("sqlite", "postgresql"):
        for congress, (voters, names, seats) in sizes.items():
            print(f"  casting: {kind}, {congress}: {voters} voters × {names} names", flush=True)
            try:
                out[f"{kind}_{congress}"] = bench.run(
                    kind, voters, names, seats, TABLETS, postgres=args.postgres
                )
                c = out[f"{kind}_{congress}"]
                print(f"    {c['ballots_per_s']} ballots/s, cast p50 {c['cast']['p50_ms']} ms")
            except BaseException as error:  # noqa: BLE001 - one case failing must not stop the rest
                if isinstance(error, KeyboardInterrupt):
                    raise
                out[f"{kind}_{congress}"] = {"error": _error(error)}
    return out


def step_browser(args, sizes) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "browser.json"
        runs = "1" if args.quick else "5"
        _subprocess(
            [sys.executable, str(SCRIPTS / "bench_browser.py"), "--runs", runs, "--json", str(path)]
        )
        return json.loads(path.read_text())


def step_ballot(args, sizes) -> dict:
    bench = _import("bench_ballot_verify")
    return bench.run(ballots=4 if args.quick else 20, names=(13, 250), threads=(1, 3))


def step_count(args, sizes) -> dict:
    """The ward (the demo congress, as its simulation votes) three times; the national once
    (its 1,600 ballots take minutes to make and cast, not timed)."""
    bench = _import("bench_count")
    national = sizes["national"]
    if args.quick:
        national = (national[0], 25, 20)  # a quick run's national: few voters, a short list
    return {
        "ward": bench.run(runs=1 if args.quick else 3),
        "national": bench.run(runs=1, congress="national", size=national),
    }


def step_verify(args, sizes) -> dict:
    workers = os.cpu_count() or 1
    bench = _import("bench_verify")
    return {
        congress: bench.run(sizes[congress][0], sizes[congress][1], workers)
        for congress in ("ward", "national")
    }


def step_electionguard(args, sizes) -> dict:
    if not EG_PYTHON.exists():
        print("  ElectionGuard's interpreter is missing: scripts/bench_electionguard.py --setup")
        _subprocess(
            [
                shutil.which("python3") or sys.executable,
                str(SCRIPTS / "bench_electionguard.py"),
                "--setup",
            ]
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "eg.json"
        command = [str(EG_PYTHON), str(SCRIPTS / "bench_electionguard.py"), "--json", str(path)]
        command += ["--quick"] if args.quick else ["--cases", "13:10,250:200"]
        _subprocess(command)
        return json.loads(path.read_text())


def step_scaling(args, sizes) -> dict:
    _import("bench_verify")
    from bench_verify import ceremony  # the 2-of-3 ceremony of the record benchmark

    from votesys.core.crypto import threshold as th
    from votesys.core.crypto.ballot import encrypt_ballot, verify_ballot_json
    from votesys.core.crypto.group import Point
    from votesys.core.crypto.layout import Layout
    from votesys.core.crypto.totals import add_stored

    samples = 1 if args.quick else 3
    added = 10 if args.quick else 50
    transcript, shares = ceremony()
    key = Point.from_hex(transcript["public_key"])
    keys = {m["number"]: Point.from_hex(m["verification_key"]) for m in transcript["members"]}
    context = b"bench-scaling".ljust(32, b"\0")
    measured = {}
    for names in (13, 50, 100, 250):
        seats = max(1, names * 4 // 5) if names != 13 else 10
        layout = Layout.strike(names, seats, 3)
        encrypt, verify, ballots = [], [], []
        for i in range(samples):
            marks = [1 if j < seats - i % 3 else 0 for j in range(names)]
            began = time.perf_counter()
            ballot = encrypt_ballot(marks, [0, 0, 0], layout, key, context).to_json()
            encrypt.append(time.perf_counter() - began)
            began = time.perf_counter()
            _, problems = verify_ballot_json(ballot, layout, key, context, workers=1)
            verify.append(time.perf_counter() - began)
            assert not problems, problems
            ballots.append(ballot)
        box = [ballots[i % len(ballots)] for i in range(added)]
        width = layout.mark_count + layout.flags
        began = time.perf_counter()
        sums = add_stored(box, width, workers=1)
        add_up = (time.perf_counter() - began) / added
        partials = {
            j: [th.partial_decrypt(j, shares[j], ct, th.decryption_context(context, i))
                for i, ct in enumerate(sums)]
            for j in (1, 2)
        }  # fmt: skip
        began = time.perf_counter()
        for i, ct in enumerate(sums):
            th.decrypt_total(ct, [partials[1][i], partials[2][i]], keys, 2,
                             th.decryption_context(context, i), added)  # fmt: skip
        decrypt = time.perf_counter() - began
        measured[str(names)] = {
            "seats": seats,
            "encrypt_s": statistics.median(encrypt),
            "verify_s": statistics.median(verify),
            "add_up_per_ballot_s": add_up,
            "decrypt_s": decrypt,
        }
        print(f"  scaling: {names} names: check {verify[0] * 1000:.0f} ms", flush=True)
    return {
        "samples": samples,
        "added": added,
        "names": [13, 50, 100, 250],
        "delegates": [100, 400, 1600],
        "workers": os.cpu_count() or 1,
        "measured": measured,
    }


def _subprocess(command: list[str]) -> None:
    print("  $ " + " ".join(command), flush=True)
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} exited {done.returncode}:\n"
            f"{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
        )


def _error(error: BaseException) -> str:
    return "".join(traceback.format_exception_only(type(error), error)).strip()[-4000:]


RUNNERS = {
    "casting": step_casting,
    "browser": step_browser,
    "ballot": step_ballot,
    "count": step_count,
    "verify": step_verify,
    "electionguard": step_electionguard,
    "scaling": step_scaling,
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/bench",
        description="Every benchmark in one command: bench-results/bench-<date>.json and the "
        "tables of docs/performance.md.",
        epilog="PostgreSQL: the --postgres database is created if missing and WIPED (its public "
        "schema dropped) by the casting benchmark; never point it at a database you care about.",
    )
    parser.add_argument("--quick", action="store_true", help="small sizes: checks the script")
    parser.add_argument("--only", help="comma-separated: " + ",".join(STEPS))
    parser.add_argument("--no-docs", action="store_true", help="leave docs/performance.md alone")
    parser.add_argument(
        "--out", type=Path, help="the JSON (default bench-results/bench-<date>.json)"
    )
    parser.add_argument("--postgres", default=POSTGRES, help="the benchmarks' OWN database: WIPED")
    parser.add_argument("--skip-electionguard", action="store_true")
    parser.add_argument(
        "--render", type=Path, metavar="JSON", help="run nothing: the docs' tables from that JSON"
    )
    args = parser.parse_args(argv)
    if args.render:
        results = json.loads(args.render.read_text(encoding="utf-8"))
        ran = [step for step in STEPS if step in results]
        rewrite_docs(DOCS, _doc_sections(results, ran))
        print(f"[bench] {DOCS.relative_to(ROOT)} rewritten from {args.render}")
        return 0
    steps = list(STEPS) if not args.only else [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(steps) - set(STEPS)
    if unknown:
        parser.error(f"unknown step(s) {sorted(unknown)}; choose from {','.join(STEPS)}")
    if args.skip_electionguard and "electionguard" in steps:
        steps.remove("electionguard")
    sizes = QUICK if args.quick else FULL
    now = datetime.now(UTC)
    out = args.out or OUT / f"bench-{now:%Y-%m-%d}{'-quick' if args.quick else ''}.json"
    if not args.no_docs:  # a docs file without its markers fails now, not after half an hour
        rewrite_docs(DOCS, _doc_sections({"sizes": sizes, "quick": args.quick}, steps, check=True))
    results: dict = {
        "date": now.isoformat(timespec="seconds"),
        "quick": args.quick,
        "sizes": sizes,
        "machine": machine(),
        "loadavg": {},
        "commits": {},  # HEAD before and after each step: others commit while it runs
        "seconds": {},
    }
    for step in steps:
        print(f"[bench] {step}", flush=True)
        before, began, commit = os.getloadavg()[0], time.monotonic(), _head()
        try:
            results[step] = RUNNERS[step](args, sizes)
        except Exception as error:  # noqa: BLE001 - recorded; the other benchmarks still run
            results[step] = {"error": _error(error)}
            print(f"[bench] {step} FAILED: {_error(error)[-500:]}", flush=True)
        results["loadavg"][step] = [round(before, 2), round(os.getloadavg()[0], 2)]
        results["commits"][step] = [commit, _head()]
        results["seconds"][step] = round(time.monotonic() - began, 1)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"[bench] results in {out}")
    print(render_table(results))
    if "scaling" in results and "error" not in results["scaling"]:
        print(render_scaling(results))
    if not args.no_docs:
        rewrite_docs(DOCS, _doc_sections(results, steps))
        print(f"[bench] {DOCS.relative_to(ROOT)} rewritten between the markers")
    return 0


def _doc_sections(results: dict, steps: list[str], check: bool = False):
    """The (markers, body) to rewrite: the figures' table if any benchmark but scaling ran, the
    scaling table if scaling ran (``check``: placeholder bodies, to test the markers first)."""
    sections = []
    if set(steps) - {"scaling"}:
        sections.append((BENCH_MARKERS, "" if check else render_table(results)))
    if "scaling" in steps and (check or "error" not in results.get("scaling", {})):
        sections.append((SCALING_MARKERS, "" if check else render_scaling(results)))
    if check:  # only the markers are checked: nothing is written
        text = DOCS.read_text(encoding="utf-8")
        for markers, body in sections:
            try:
                replace_between(text, markers, body)
            except MarkerError as error:
                raise SystemExit(f"{DOCS}: {error}; nothing was changed") from None
        return []
    return sections


if __name__ == "__main__":
    sys.exit(main())
