#!/usr/bin/env python3
"""ElectionGuard 1.4.0 (the Python reference implementation) doing our work, on this machine.

    python3 scripts/bench_electionguard.py --setup        # once: .venv-electionguard, Python 3.10
    .venv-electionguard/bin/python scripts/bench_electionguard.py \\
        [--cases 13:10,250:200] [--runs 3] [--tally-ballots 100] [--distinct 5] \\
        [--json bench-results/electionguard.json] [--quick]

A benchmark, not a test: scripts/test never runs it and no test imports it. It runs in its own
virtualenv (electionguard 1.4.0 needs Python 3.10 and gmpy2), so it imports nothing of votesys;
it only calls ElectionGuard's public API (no ElectionGuard code is copied here).

For each case CANDIDATES:LIMIT (13:10 is our ward ballot, 250:200 the national one; 11:1 is the
shape of ElectionGuard's published orientation figures):

- ceremony: 3 guardians (`Guardian.from_nonce`, quorum 2), the `KeyCeremonyMediator`'s three
  rounds (public keys with their Schnorr proofs, partial key backups, backup verification), the
  joint key. Reported, not compared.
- the election: a `Manifest` with one `CandidateContestDescription` of CANDIDATES selections,
  `VoteVariationType.n_of_m`, `number_elected = votes_allowed = LIMIT`; `InternalManifest`; the
  `CiphertextElectionContext` from `make_ciphertext_election_context` (3 guardians, quorum 2).
- encrypt: `encrypt_ballot` of one random plaintext ballot (a random 1..LIMIT of the candidates
  marked), `should_verify_proofs=False` (ElectionGuard's default: the proofs are made, not
  re-checked), then `cast_ballot`. Each of --runs ballots is a different one; best and median.
- verify: what a verifier does with one published ballot: decode the `SubmittedBallot` from its
  JSON (`serialize.from_raw`, the twin of our `verify_ballot_json`'s decoding), then
  `ballot_is_valid_for_election(..., should_validate=True)`: the style, the hashes, every
  selection's disjunctive Chaum-Pedersen 0/1 proof and the contest's constant Chaum-Pedersen
  proof that the selections add up to LIMIT. Best and median of --runs ballots; the share of the
  decoding alone is in the notes.
- tally: `CiphertextTally.batch_append(..., should_validate=False)` of --tally-ballots cast
  ballots (the homomorphic products only: the ballots were checked when cast, as our add-up does;
  with `should_validate=True` ElectionGuard would re-check every proof, as its `tally_ballots`
  does). ElectionGuard's `Scheduler` runs the products in its process pool (on this machine
  `psutil.cpu_count(logical=False)` processes); the pool is started before the clock.
- decrypt: guardians 1 and 2 present, 3 missing: each present guardian's
  `compute_tally_share` (partial decryptions with Chaum-Pedersen proofs), `announce`,
  `announce_missing` of guardian 3, each present guardian's `compute_compensated_tally_share`
  for guardian 3 (ElectionGuard 1.4.0 needs these for a missing guardian: it reconstructs the
  missing guardian's share, `reconstruct_shares_for_tally`, from the others' backups, rather
  than using Lagrange coefficients on the present guardians' shares alone), then
  `get_plaintext_tally` (checks every share's proof, combines, discrete logs). The totals are
  checked against the plaintext ballots' sums.

The tally's ballots: encrypting 100 ballots of 250 names at several seconds each is too slow
for one run, so --distinct (default 5) distinct ballots are encrypted (the --runs timed ones
among them) and each is submitted again under new ids: `make_ciphertext_submitted_ballot` with a
fresh object_id and the same encrypted contests (so each copy's hash and code are its own).
ElectionGuard's tally accepts them: it refuses a ballot id twice, not a ciphertext twice, and a
modular multiplication costs the same whatever is encrypted. The expected totals are the sums
of the reused plaintexts.

Placeholders: ElectionGuard encodes "at most LIMIT of CANDIDATES" as exactly LIMIT: it appends
LIMIT placeholder selections to the contest, and sets as many of them to 1 as the voter left
unused. Every real and placeholder selection is an ElGamal encryption with a disjunctive 0/1
proof, and the contest carries one constant proof that they all add up to LIMIT. So a 250:200
ballot holds 450 encryptions and 450 0/1 proofs (we encrypt 250 marks and prove their sum is at
most 200 with a range proof of 8 bit-ciphertexts). The tally and its decryption cover only the
CANDIDATES real selections. ElectionGuard's group is the 4096-bit prime field of its spec with a
256-bit subgroup (gmpy2), ours edwards25519.

ElectionGuard's INFO log (every encryption's numbers, to stdout) is turned down to warnings
through its own `LOG.set_stream_log_level`; 1.4.0 still builds each message, as it always does.

The JSON (--json): {"tool", "version", "python", "machine": {"cpus", "loadavg": [the 1-minute
load average before, after]}, "cases": [{"candidates", "limit", "encrypt_s": {"best",
"median"}, "verify_s": {...}, "tally_ballots", "tally_s", "decrypt_s", "guardians", "quorum",
"ceremony_s", "notes"}]}; seconds. The notes say what was done and the load per case.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir))
VENV = os.path.join(ROOT, ".venv-electionguard")
VENV_PYTHON = os.path.join(VENV, "bin", "python")
EG_VERSION = "1.4.0"
PY_WANTED = "3.10.13"
SETUP_FIRST = "run scripts/bench_electionguard.py --setup first"
RUN_HINT = ".venv-electionguard/bin/python scripts/bench_electionguard.py"
GUARDIANS, QUORUM = 3, 2
# What pip's output says when gmpy2 cannot be built, and the Debian package that brings it.
MISSING_HEADERS = {
    "gmp.h": "libgmp-dev",
    "mpfr.h": "libmpfr-dev",
    "mpc.h": "libmpc-dev",
    "Python.h": "python3-dev (or rebuild the pyenv Python)",
}


# --- setup (runs under any Python 3) -------------------------------------------------------


def find_python310() -> str:
    """The pyenv Python 3.10: 3.10.13 if there, else the newest 3.10.x; exits if none."""
    roots = []
    if os.environ.get("PYENV_ROOT"):
        roots.append(os.environ["PYENV_ROOT"])
    pyenv = shutil.which("pyenv") or (
        "/root/.pyenv/bin/pyenv" if os.path.exists("/root/.pyenv/bin/pyenv") else None
    )
    if pyenv:
        try:
            out = subprocess.run(
                [pyenv, "root"], capture_output=True, text=True, timeout=30, check=True
            )
            roots.append(out.stdout.strip())
        except (OSError, subprocess.SubprocessError):
            pass
    roots.append(os.path.expanduser("~/.pyenv"))
    roots.append("/root/.pyenv")
    seen = []
    for root in roots:
        if root and root not in seen:
            seen.append(root)
    for root in seen:
        exact = os.path.join(root, "versions", PY_WANTED, "bin", "python")
        if os.access(exact, os.X_OK):
            return exact
    for root in seen:
        versions = os.path.join(root, "versions")
        if not os.path.isdir(versions):
            continue
        found = sorted(
            (v for v in os.listdir(versions) if v.startswith("3.10.")),
            key=lambda v: [int(p) if p.isdigit() else 0 for p in v.split(".")],
        )
        for version in reversed(found):
            python = os.path.join(versions, version, "bin", "python")
            if os.access(python, os.X_OK):
                return python
    sys.exit(
        "bench_electionguard: no Python 3.10 found under pyenv (looked in "
        + ", ".join(os.path.join(r, "versions") for r in seen)
        + f"). electionguard {EG_VERSION} needs Python 3.10: install it with "
        f"`pyenv install {PY_WANTED}` (pyenv from https://github.com/pyenv/pyenv), then run "
        "scripts/bench_electionguard.py --setup again."
    )


def venv_ready() -> str | None:
    """The venv's Python version if it has electionguard 1.4.0, else None."""
    if not os.access(VENV_PYTHON, os.X_OK):
        return None
    probe = (
        "import sys, importlib.metadata as m, electionguard, gmpy2; "
        "print('%d.%d.%d' % sys.version_info[:3], m.version('electionguard'))"
    )
    try:
        out = subprocess.run(
            [VENV_PYTHON, "-c", probe], capture_output=True, text=True, timeout=120
        )
    except (OSError, subprocess.SubprocessError):
        return None
    parts = out.stdout.split()
    if out.returncode != 0 or len(parts) != 2 or parts[1] != EG_VERSION:
        return None
    if not parts[0].startswith("3.10."):
        return None
    return parts[0]


def explain_pip_failure(output: str) -> str:
    missing = [pkg for header, pkg in MISSING_HEADERS.items() if header in output]
    if missing:
        return (
            "gmpy2 could not be built: a C header is missing. Install the Debian package(s) "
            + ", ".join(missing)
            + " (apt-get install "
            + " ".join(p.split()[0] for p in missing)
            + "), then run --setup again."
        )
    if "gmpy2" in output:
        return (
            "gmpy2 failed to install (no wheel for this Python and no build): install "
            "libgmp-dev libmpfr-dev libmpc-dev (apt-get install libgmp-dev libmpfr-dev "
            "libmpc-dev), then run --setup again."
        )
    return "pip failed; its output is above."


def setup() -> None:
    version = venv_ready()
    if version:
        print(f"{VENV}: Python {version}, electionguard {EG_VERSION}: already set up.")
        return
    python = find_python310()
    if os.path.exists(VENV) and not os.access(VENV_PYTHON, os.X_OK):
        sys.exit(f"bench_electionguard: {VENV} exists but has no bin/python: remove it first.")
    if not os.path.exists(VENV):
        print(f"creating {VENV} with {python}")
        subprocess.run([python, "-m", "venv", VENV], check=True)
    print(f"installing electionguard=={EG_VERSION} into {VENV}")
    pip = subprocess.run(
        [VENV_PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q",
         f"electionguard=={EG_VERSION}"],
        capture_output=True,
        text=True,
    )  # fmt: skip
    if pip.returncode != 0:
        sys.stderr.write(pip.stdout[-4000:] + pip.stderr[-8000:])
        sys.exit("bench_electionguard: " + explain_pip_failure(pip.stdout + pip.stderr))
    version = venv_ready()
    if not version:
        sys.exit(f"bench_electionguard: {VENV} still cannot import electionguard {EG_VERSION}.")
    print(f"{VENV}: Python {version}, electionguard {EG_VERSION}: ready. Now: {RUN_HINT}")


# --- the benchmark (runs under the venv's Python 3.10) -------------------------------------


def load_electionguard():
    """Import ElectionGuard, or exit saying what to do."""
    if sys.version_info[:2] != (3, 10):
        sys.exit(
            f"bench_electionguard: this is Python {platform.python_version()}; the benchmark "
            f"runs with the ElectionGuard virtualenv's Python 3.10: {SETUP_FIRST}, then "
            f"{RUN_HINT}"
        )
    try:
        import importlib.metadata as metadata

        import electionguard  # noqa: F401

        version = metadata.version("electionguard")
    except Exception as exc:  # ImportError, or a broken install
        sys.exit(f"bench_electionguard: electionguard is missing ({exc}): {SETUP_FIRST}")
    if version != EG_VERSION:
        sys.exit(
            f"bench_electionguard: electionguard {version} is installed, not {EG_VERSION}: "
            f"{SETUP_FIRST}"
        )
    return version


def build_manifest(candidates: int, limit: int):
    from electionguard.manifest import (
        BallotStyle,
        Candidate,
        CandidateContestDescription,
        ElectionType,
        GeopoliticalUnit,
        Manifest,
        ReportingUnitType,
        SelectionDescription,
        SpecVersion,
        VoteVariationType,
    )

    unit = GeopoliticalUnit("congress", "Đại hội", ReportingUnitType.county)
    people = [Candidate(f"candidate-{i}") for i in range(candidates)]
    selections = [
        SelectionDescription(f"selection-{i}", i, f"candidate-{i}") for i in range(candidates)
    ]
    contest = CandidateContestDescription(
        object_id="executive-committee",
        sequence_order=0,
        electoral_district_id="congress",
        vote_variation=VoteVariationType.n_of_m,
        number_elected=limit,
        votes_allowed=limit,
        name=f"{candidates} candidates, at most {limit}",
        ballot_selections=selections,
    )
    style = BallotStyle("ballot", geopolitical_unit_ids=["congress"])
    manifest = Manifest(
        election_scope_id=f"bench-{candidates}-{limit}",
        spec_version=SpecVersion.EG1_0,
        type=ElectionType.general,
        start_date=datetime(2026, 12, 3, 8, 0),
        end_date=datetime(2026, 12, 3, 18, 0),
        geopolitical_units=[unit],
        parties=[],
        candidates=people,
        contests=[contest],
        ballot_styles=[style],
    )
    if not manifest.is_valid():
        raise RuntimeError("ElectionGuard refuses the manifest")
    return manifest


def key_ceremony():
    from electionguard.guardian import Guardian
    from electionguard.key_ceremony import CeremonyDetails
    from electionguard.key_ceremony_mediator import KeyCeremonyMediator

    guardians = [
        Guardian.from_nonce(str(i + 1), i + 1, GUARDIANS, QUORUM) for i in range(GUARDIANS)
    ]
    mediator = KeyCeremonyMediator("mediator", CeremonyDetails(GUARDIANS, QUORUM))
    for guardian in guardians:  # round 1: public keys (with their proofs)
        mediator.announce(guardian.share_key())
    for guardian in guardians:
        for key in mediator.share_announced(guardian.id) or []:
            guardian.save_guardian_key(key)
    for guardian in guardians:  # round 2: partial key backups
        guardian.generate_election_partial_key_backups()
        mediator.receive_backups(guardian.share_election_partial_key_backups())
    for guardian in guardians:
        for backup in mediator.share_backups(guardian.id) or []:
            guardian.save_election_partial_key_backup(backup)
    for guardian in guardians:  # round 3: each checks the others' backups
        verifications = [
            guardian.verify_election_partial_key_backup(other.id)
            for other in guardians
            if other.id != guardian.id
        ]
        mediator.receive_backup_verifications([v for v in verifications if v is not None])
    joint = mediator.publish_joint_key()
    if joint is None:
        raise RuntimeError("the key ceremony did not complete")
    return guardians, joint


def plaintext_ballot(index: int, candidates: int, limit: int, rng: random.Random):
    from electionguard.ballot import (
        PlaintextBallot,
        PlaintextBallotContest,
        PlaintextBallotSelection,
    )

    marked = sorted(rng.sample(range(candidates), rng.randint(1, limit)))
    contest = PlaintextBallotContest(
        "executive-committee",
        [PlaintextBallotSelection(f"selection-{i}", 1, False) for i in marked],
    )
    return PlaintextBallot(f"ballot-{index}", "ballot", [contest]), marked


def timings(samples: list[float]) -> dict:
    return {"best": round(min(samples), 4), "median": round(statistics.median(samples), 4)}


def run_case(
    candidates: int, limit: int, runs: int, tally_ballots: int, distinct: int, scheduler
) -> dict:
    from electionguard.ballot import (
        BallotBoxState,
        SubmittedBallot,
        make_ciphertext_submitted_ballot,
    )
    from electionguard.ballot_box import cast_ballot
    from electionguard.ballot_validator import ballot_is_valid_for_election
    from electionguard.decryption_mediator import DecryptionMediator
    from electionguard.election import make_ciphertext_election_context
    from electionguard.encrypt import encrypt_ballot
    from electionguard.manifest import InternalManifest
    from electionguard.serialize import from_raw, to_raw
    from electionguard.tally import CiphertextTally

    load_before = os.getloadavg()[0]
    rng = random.Random(f"{candidates}:{limit}")

    start = time.perf_counter()
    guardians, joint = key_ceremony()
    ceremony_s = time.perf_counter() - start

    manifest = build_manifest(candidates, limit)
    internal = InternalManifest(manifest)
    context = make_ciphertext_election_context(
        GUARDIANS, QUORUM, joint.joint_public_key, joint.commitment_hash, manifest.crypto_hash()
    )

    # Encrypt: the first `runs` are timed, the rest only make up the distinct ballots.
    encrypted, marks, encrypt_samples = [], [], []
    seed = internal.manifest_hash
    for index in range(max(runs, distinct)):
        plain, marked = plaintext_ballot(index, candidates, limit, rng)
        start = time.perf_counter()
        ciphertext = encrypt_ballot(plain, internal, context, seed)
        if ciphertext is None:
            raise RuntimeError("encrypt_ballot failed")
        submitted = cast_ballot(ciphertext)
        elapsed = time.perf_counter() - start
        if index < runs:
            encrypt_samples.append(elapsed)
        seed = ciphertext.code  # each ballot's code seeds the next, as on a device
        encrypted.append(submitted)
        marks.append(marked)
    selections = sum(len(c.ballot_selections) for c in encrypted[0].contests)

    # Verify: decode the published JSON, then every proof.
    verify_samples, decode_samples = [], []
    for ballot in encrypted[:runs]:
        raw = to_raw(ballot)
        start = time.perf_counter()
        decoded = from_raw(SubmittedBallot, raw)
        decoded_at = time.perf_counter()
        valid = ballot_is_valid_for_election(decoded, internal, context, should_validate=True)
        end = time.perf_counter()
        if not valid:
            raise RuntimeError("ElectionGuard refused its own ballot")
        verify_samples.append(end - start)
        decode_samples.append(decoded_at - start)
    ballot_json_bytes = len(raw.encode())

    # The tally: the distinct ballots again under new ids.
    box = []
    expected = [0] * candidates
    for i in range(tally_ballots):
        base = encrypted[i % len(encrypted)]
        box.append(
            make_ciphertext_submitted_ballot(
                f"cast-{i}",
                base.style_id,
                base.manifest_hash,
                base.code_seed,
                base.contests,
                None,
                state=BallotBoxState.CAST,
            )
        )
        for c in marks[i % len(encrypted)]:
            expected[c] += 1
    tally = CiphertextTally("tally", internal, context)
    start = time.perf_counter()
    if not tally.batch_append(
        [(b.object_id, b) for b in box], should_validate=False, scheduler=scheduler
    ):
        raise RuntimeError("the tally refused the ballots")
    tally_s = time.perf_counter() - start
    if tally.cast() != tally_ballots:
        raise RuntimeError(f"the tally holds {tally.cast()} ballots, not {tally_ballots}")

    # Decrypt with guardians 1 and 2; guardian 3 is missing.
    present, missing = guardians[:QUORUM], guardians[QUORUM:]
    share_s = {}
    start = time.perf_counter()
    mediator = DecryptionMediator("decryption", context)
    for guardian in present:
        t0 = time.perf_counter()
        share = guardian.compute_tally_share(tally, context)
        share_s[guardian.id] = time.perf_counter() - t0
        if share is None:
            raise RuntimeError(f"guardian {guardian.id}: no tally share")
        mediator.announce(guardian.share_key(), share)
    for guardian in missing:
        mediator.announce_missing(present[0].share_other_guardian_key(guardian.id))
    compensated_s = 0.0
    for guardian in present:
        for absent in mediator.get_missing_guardians():
            t0 = time.perf_counter()
            comp = guardian.compute_compensated_tally_share(absent.owner_id, tally, context)
            compensated_s += time.perf_counter() - t0
            if comp is None:
                raise RuntimeError(f"guardian {guardian.id}: no compensated share")
            mediator.receive_tally_compensation_share(comp)
    t0 = time.perf_counter()
    mediator.reconstruct_shares_for_tally(tally)
    reconstruct_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = mediator.get_plaintext_tally(tally, manifest)
    combine_s = time.perf_counter() - t0
    decrypt_s = time.perf_counter() - start
    if result is None:
        raise RuntimeError("the decryption failed")
    got = [
        result.contests["executive-committee"].selections[f"selection-{i}"].tally
        for i in range(candidates)
    ]
    if got != expected:
        raise RuntimeError("the decrypted totals are not the ballots' sums")

    load_after = os.getloadavg()[0]
    notes = (
        f"ElectionGuard {EG_VERSION}, one n_of_m contest, number_elected = votes_allowed = "
        f"{limit}: each ballot holds {selections} encrypted selections ({candidates} real + "
        f"{limit} placeholders), each with a disjunctive 0/1 proof, and one constant proof "
        f"that they add up to {limit}; ballot JSON {ballot_json_bytes / 1e6:.2f} MB. "
        f"encrypt: encrypt_ballot (should_verify_proofs=False) + cast_ballot, {runs} random "
        f"ballots. verify: serialize.from_raw of the SubmittedBallot JSON + "
        f"ballot_is_valid_for_election(should_validate=True); of which decoding "
        f"{statistics.median(decode_samples):.3f} s (median). tally: {tally_ballots} cast "
        f"ballots made from {len(encrypted)} distinct encrypted ballots, each resubmitted "
        f"under a new id (make_ciphertext_submitted_ballot), CiphertextTally.batch_append("
        f"should_validate=False) in ElectionGuard's process pool. decrypt: guardians 1, 2 "
        f"present, 3 missing: tally shares {share_s[present[0].id]:.2f} + "
        f"{share_s[present[1].id]:.2f} s, compensated shares for guardian 3 "
        f"{compensated_s:.2f} s, reconstruction {reconstruct_s:.2f} s, get_plaintext_tally "
        f"(proofs checked, combined, discrete logs) {combine_s:.2f} s; totals checked against "
        f"the plaintexts. ceremony: 3 guardians, quorum 2, KeyCeremonyMediator rounds 1-3. "
        f"Load average (1 min) {load_before:.2f} before, {load_after:.2f} after this case."
    )
    return {
        "candidates": candidates,
        "limit": limit,
        "encrypt_s": timings(encrypt_samples),
        "verify_s": timings(verify_samples),
        "tally_ballots": tally_ballots,
        "tally_s": round(tally_s, 4),
        "decrypt_s": round(decrypt_s, 4),
        "guardians": GUARDIANS,
        "quorum": QUORUM,
        "ceremony_s": round(ceremony_s, 4),
        "notes": notes,
    }


def parse_cases(text: str) -> list[tuple[int, int]]:
    cases = []
    for item in text.split(","):
        try:
            candidates, limit = (int(x) for x in item.strip().split(":"))
        except ValueError:
            sys.exit(f"bench_electionguard: --cases wants CANDIDATES:LIMIT,..., not {item!r}")
        if not 1 <= limit <= candidates:
            sys.exit(f"bench_electionguard: {item}: the limit must be 1..candidates")
        cases.append((candidates, limit))
    return cases


def secs(x: float) -> str:
    return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--setup", action="store_true", help="create .venv-electionguard")
    parser.add_argument("--cases", default="13:10,250:200", help="CANDIDATES:LIMIT,...")
    parser.add_argument("--runs", type=int, default=3, help="ballots timed for encrypt/verify")
    parser.add_argument("--tally-ballots", type=int, default=100)
    parser.add_argument("--distinct", type=int, default=5, help="distinct ballots in the tally")
    parser.add_argument("--json", metavar="PATH", help="write the results there")
    parser.add_argument("--quick", action="store_true", help="the smallest case, 20 ballots")
    args = parser.parse_args()
    if args.setup:
        setup()
        return
    version = load_electionguard()
    cases = parse_cases(args.cases)
    if args.quick:
        cases = [min(cases)]
        args.tally_ballots = 20
    if args.runs < 1 or args.tally_ballots < 1 or args.distinct < 1:
        sys.exit("bench_electionguard: --runs, --tally-ballots and --distinct must be >= 1")

    from electionguard.logs import LOG
    from electionguard.scheduler import Scheduler

    # ElectionGuard prints every INFO message (each encryption's numbers) to stdout; keep its
    # warnings. Its messages are still built (1.4.0 formats them before the level check).
    LOG.set_stream_log_level(logging.WARNING)
    # The tally's process pool, started before the clock. (ElectionGuard's Scheduler is not a
    # singleton: each decryption share starts a pool of its own, inside the timing, as it does.)
    scheduler = Scheduler()
    load_before = os.getloadavg()[0]
    results = []
    for candidates, limit in cases:
        print(f"ElectionGuard {version}: {candidates} candidates, limit {limit} ...", flush=True)
        case = run_case(candidates, limit, args.runs, args.tally_ballots, args.distinct, scheduler)
        results.append(case)
        print(
            f"  encrypt {secs(case['encrypt_s']['best'])} best / "
            f"{secs(case['encrypt_s']['median'])} median; verify "
            f"{secs(case['verify_s']['best'])} / {secs(case['verify_s']['median'])}; "
            f"tally of {case['tally_ballots']} {secs(case['tally_s'])}; decrypt (2 of 3) "
            f"{secs(case['decrypt_s'])}; ceremony {secs(case['ceremony_s'])}",
            flush=True,
        )
    load_after = os.getloadavg()[0]
    report = {
        "tool": "electionguard",
        "version": version,
        "python": platform.python_version(),
        "machine": {"cpus": os.cpu_count(), "loadavg": [load_before, load_after]},
        "cases": results,
    }
    print()
    print(f"{'case':>9} {'encrypt':>9} {'verify':>9} {'tally':>14} {'decrypt':>9} {'ceremony':>9}")
    for c in results:
        print(
            f"{c['candidates']:>4}:{c['limit']:<4} {secs(c['encrypt_s']['median']):>9} "
            f"{secs(c['verify_s']['median']):>9} "
            f"{secs(c['tally_s']) + ' /' + str(c['tally_ballots']):>14} "
            f"{secs(c['decrypt_s']):>9} {secs(c['ceremony_s']):>9}"
        )
    print(f"(medians of {args.runs}; load average {load_before:.2f} -> {load_after:.2f})")
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(report, out, indent=2, ensure_ascii=False)
            out.write("\n")
        print(f"written {args.json}")
    scheduler.close()


if __name__ == "__main__":
    main()
