#!/usr/bin/env python3
"""How long the offline verifier takes on a national-congress record (docs/performance.md).

    .venv/bin/python scripts/bench_verify.py [--ballots 1600] [--candidates 250] [--workers N]

Builds a synthetic but complete record with the pure core alone: a 2-of-3 key ceremony, one
strike round of ``--candidates`` names (K = 80% of them, 3 invalid reasons), ``--ballots``
random ballots encrypted and proven in worker processes (every core), the box added up, two
members' partial decryptions, the result by the rules engine and an audit log whose entries
agree. The file is cached under bench-results/ (git-ignored): building 1,600 × 250 takes a few
minutes. Then it times ``verify_record`` with every core and checks the record passes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from votesys.core import record as manifests  # noqa: E402
from votesys.core.audit_chain import GENESIS, canonical_json, entry_hash  # noqa: E402
from votesys.core.crypto import threshold as th  # noqa: E402
from votesys.core.crypto.ballot import encrypt_ballot  # noqa: E402
from votesys.core.crypto.group import Point  # noqa: E402
from votesys.core.crypto.receipt import receipt  # noqa: E402
from votesys.core.crypto.share_box import transport_key  # noqa: E402
from votesys.core.crypto.totals import add_stored, totals_to_json  # noqa: E402
from votesys.core.minutes import inputs  # noqa: E402
from votesys.core.minutes.export import fingerprint as minutes_fingerprint  # noqa: E402
from votesys.core.minutes.export import result_json  # noqa: E402
from votesys.core.minutes.figures import minutes_figures  # noqa: E402
from votesys.core.rules import marking  # noqa: E402
from votesys.core.rules.base import BaseB  # noqa: E402
from votesys.core.rules.decide import Candidate  # noqa: E402
from votesys.core.rules.settings import RuleSettings  # noqa: E402
from votesys.core.verify import verify_record  # noqa: E402
from votesys.core.verify.record_format import (  # noqa: E402
    FORMAT,
    ROUND_FORMAT,
    receipts_digest,
    record_fingerprint,
    totals_digest,
)

OUT = Path(__file__).resolve().parent.parent / "bench-results"
MEMBERS, THRESHOLD = (1, 2, 3), 2
SETTINGS = RuleSettings()


def ceremony() -> tuple[dict, dict[int, int]]:
    """A 2-of-3 ceremony run in one process: its public transcript and the members' shares."""
    fp = hashlib.sha256(b"bench-ceremony").digest()
    transports = {j: transport_key(fp, j) for j in MEMBERS}
    dealings = {i: th.deal(i, MEMBERS, THRESHOLD, fp) for i in MEMBERS}
    commitments = [dealings[i].commitments for i in MEMBERS]
    keys = th.verification_keys(commitments, MEMBERS)
    shares = {j: th.combine_shares(dealings[i].shares[j] for i in MEMBERS) for j in MEMBERS}
    transcript = {
        "format": "votesys-ceremony-transcript/1",
        "fingerprint": fp.hex(),
        "threshold": THRESHOLD,
        "status": "complete",
        "public_key": th.joint_public_key(commitments).hex(),
        "members": [
            {
                "number": j,
                "account": f"staff:counting{j}",
                "name": f"Thành viên {j}",
                "transport_key": {
                    "key": transports[j].public.hex(),
                    "proof": transports[j].proof.to_json(),
                },
                "commitments": dealings[j].commitments.to_json(),
                "verification_key": keys[j].hex(),
                "complaints": [],
            }
            for j in MEMBERS
        ],
    }
    return transcript, shares


def manifest(transcript: dict, candidates: int, voters: int) -> dict:
    seats = candidates * 4 // 5
    return manifests.round_manifest(
        congress="Đại hội đại biểu toàn quốc (bench)",
        election={"id": 1, "kind": "executive_committee", "title": "Ban Chấp hành (bench)"},
        round_number=1,
        layout="strike",
        seats=seats,
        alternates=0,
        candidates=[
            {"position": n, "id": str(n), "name": f"Ứng cử viên {n:03d}"}
            for n in range(1, candidates + 1)
        ],
        reasons=marking.reasons_for("strike", candidates, SETTINGS),
        crypto_layout=marking.crypto_layout("strike", candidates, seats, 0, SETTINGS),
        base=voters,
        base_breakdown={"kind": "delegate", "summoned": voters, "exclusions": [], "value": voters},
        threshold=voters // 2 + 1,
        settings=SETTINGS.to_dict(),
        public_key=transcript["public_key"],
        ceremony=transcript["fingerprint"],
        key_threshold=THRESHOLD,
        key_members=len(MEMBERS),
    )


def _encrypt(task) -> dict:
    """Worker: one random ballot (most keep 60-95% of the places; one in 50 spoilt)."""
    frozen, seed = task
    rng = random.Random(seed)
    layout = manifests.layout_of(frozen)
    rows, seats = frozen["crypto_layout"]["candidates"], frozen["seats"]
    if rng.random() < 0.02:
        marks, flags = marking.spoilt_plaintexts("strike", rows, SETTINGS)
    else:
        kept = set(rng.sample(range(rows), rng.randint(seats * 3 // 5, seats)))
        marks, flags = marking.plaintexts("strike", [i in kept for i in range(rows)], seats)
    key = Point.from_hex(frozen["election_key"]["public_key"])
    fp = bytes.fromhex(manifests.fingerprint(frozen))
    ballot = encrypt_ballot(marks, flags, layout, key, fp)
    code = receipt(ballot)
    return {"hash": code.full, "receipt": code.code, "ballot": ballot.to_json()}


def build(ballots: int, candidates: int, workers: int) -> dict:
    transcript, shares = ceremony()
    frozen = manifest(transcript, candidates, ballots)
    round_fp = manifests.fingerprint(frozen)
    started = time.monotonic()
    with multiprocessing.Pool(workers) as pool:
        box = []
        for done in pool.imap_unordered(_encrypt, [(frozen, n) for n in range(ballots)], 4):
            box.append(done)
            if len(box) % 50 == 0 or len(box) == ballots:
                print(f"\rencrypted {len(box)}/{ballots}", end="", file=sys.stderr, flush=True)
    print(f" in {time.monotonic() - started:.0f} s", file=sys.stderr)
    box.sort(key=lambda b: b["hash"])
    layout = manifests.layout_of(frozen)
    sums = add_stored([b["ballot"] for b in box], layout.mark_count + layout.flags, workers=2)
    published = totals_to_json(sums)
    fp = bytes.fromhex(round_fp)
    decrypting = MEMBERS[:THRESHOLD]
    partials = {
        j: [th.partial_decrypt(j, shares[j], ct, th.decryption_context(fp, i)) for i, ct in
            enumerate(sums)]
        for j in decrypting
    }  # fmt: skip
    keys = {j: Point.from_hex(m["verification_key"]) for j, m in
            zip(MEMBERS, transcript["members"], strict=True)}  # fmt: skip
    values = [
        th.decrypt_total(ct, [partials[j][i] for j in decrypting], keys, THRESHOLD,
                         th.decryption_context(fp, i), ballots)
        for i, ct in enumerate(sums)
    ]  # fmt: skip
    section = {
        "format": ROUND_FORMAT,
        "round_id": 1,
        "manifest": frozen,
        "round_fingerprint": round_fp,
        "source": "box",
        "ballots": box,
        "encrypted_totals": {
            "ballots": ballots,
            "totals": published,
            "sha256": totals_digest(published),
        },
        "partial_decryptions": [
            {"member": j, "partials": [p.to_json() for p in partials[j]]} for j in decrypting
        ],
        "paper_count": None,
    }
    log = AuditLog()
    log.add(
        "ceremony.completed",
        fingerprint=transcript["fingerprint"],
        public_key=transcript["public_key"],
        threshold=THRESHOLD,
        members=len(MEMBERS),
    )
    log.add(
        "elections.round_opened",
        round=1,
        fingerprint=round_fp,
        base=frozen["base"],
        threshold=frozen["threshold"],
    )
    log.add(
        "ballots.box_sealed",
        round=1,
        ballots=ballots,
        receipts_sha256=receipts_digest(b["receipt"] for b in box),
    )
    log.add("tally.added_up", round=1, ballots=ballots, totals_sha256=totals_digest(published))
    for j in decrypting:
        log.add("tally.partial_decryption", round=1, member=j, failed=0)
    head = log.head
    counted = marking.tally_from_totals(
        "strike", values, ballots, [c["id"] for c in frozen["candidates"]], SETTINGS
    )
    minutes = _minutes(frozen, counted, head, round_fp)
    result = result_json(minutes)
    log.add("tally.counted", round=1, returned=counted.returned, valid=counted.valid,
            invalid=dict(counted.invalid), votes=dict(counted.votes), status=minutes.status,
            elected=result["elected"], alternates=result["alternates"], tied=result["tied"],
            fingerprint=minutes_fingerprint(minutes))  # fmt: skip
    section |= {
        "result": result,
        "minutes_fingerprint": minutes_fingerprint(minutes),
        "audit_head": head,
        "totals": values,
    }
    section["record_fingerprint"] = record_fingerprint(section)
    return {
        "format": FORMAT,
        "congress": {"name": frozen["congress"], "term": "2026-2031"},
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "ceremonies": [transcript],
        "rounds": [section],
        "audit_log": log.lines,
    }


def _minutes(frozen: dict, counted, head: str, round_fp: str):
    voters = frozen["base"]
    now = datetime.now(UTC).replace(microsecond=0)
    return minutes_figures(
        congress=inputs.Congress(frozen["congress"], "2026-2031"),
        election=inputs.Election(frozen["election"]["title"], frozen["seats"], 0),
        round_number=1,
        layout="strike",
        candidates=[Candidate(c["id"], c["name"]) for c in frozen["candidates"]],
        committee=[
            inputs.CommitteeMember(f"Thành viên {j}", inputs.CHAIR if j == 1 else inputs.MEMBER)
            for j in MEMBERS
        ],
        roll=inputs.RollFigures(voters, voters, 0),
        base=BaseB(voters, voters, ()),
        ballots=inputs.BallotCount(voters, counted.returned, counted.valid, dict(counted.invalid)),
        votes=dict(counted.votes),
        settings=SETTINGS,
        closed_at=now,
        counted_at=now,
        place="Hội trường (bench)",
        audit_head=head,
        round_fingerprint=round_fp,
    )


class AuditLog:
    """An unsigned log (no checkpoints) with the entries the verifier looks for."""

    def __init__(self):
        self.lines = [{"type": "header", "format": "votesys-audit/1", "public_key": "00" * 32}]
        self.head = GENESIS

    def add(self, kind: str, **data) -> None:
        seq = len(self.lines)
        entry = {"type": "entry", "seq": seq, "at": f"2026-01-01T00:00:{seq:02d}Z",
                 "actor": "bench", "kind": kind, "data": json.loads(canonical_json(data)),
                 "prev": self.head}  # fmt: skip
        entry["hash"] = self.head = entry_hash(entry)
        self.lines.append(entry)


def run(ballots: int = 1600, candidates: int = 250, workers: int | None = None) -> dict:
    """Build the record once (cached under bench-results/), then read and verify it: the
    figures, with the verifier's first lines."""
    workers = workers or os.cpu_count() or 1
    OUT.mkdir(exist_ok=True)
    path = OUT / f"record-{ballots}x{candidates}.json"
    built = None
    if not path.exists():
        started = time.monotonic()
        record = build(ballots, candidates, workers)
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        built = time.monotonic() - started
    load = os.getloadavg()[0]
    started = time.monotonic()
    record = json.loads(path.read_text(encoding="utf-8"))
    loaded = time.monotonic() - started
    report = verify_record(record, workers=workers)
    total = time.monotonic() - started
    return {
        "ballots": ballots,
        "candidates": candidates,
        "workers": workers,
        "cores": os.cpu_count(),
        "megabytes": round(path.stat().st_size / 1e6, 1),
        "built_s": None if built is None else round(built, 1),
        "read_s": round(loaded, 2),
        "verified_s": round(total, 1),
        "ok": report.ok,
        "report": report.lines()[:5],
        "load_average_before": load,
        "load_average_after": os.getloadavg()[0],
    }


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=1600)
    parser.add_argument("--candidates", type=int, default=250)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    f = run(args.ballots, args.candidates, args.workers)
    print("\n".join(f["report"]))
    if f["built_s"] is not None:
        print(f"built the record in {f['built_s']:.0f} s")
    print(
        f"{f['ballots']} ballots × {f['candidates']} names, {f['megabytes']:.0f} MB: read in"
        f" {f['read_s']:.1f} s, verified in {f['verified_s']:.1f} s with {f['workers']}"
        f" worker(s) on {f['cores']} core(s); load average {f['load_average_before']:.2f}"
        f" before, {f['load_average_after']:.2f} after"
    )
    return f


if __name__ == "__main__":
    sys.exit(0 if main()["ok"] else 1)
