"""The Python half of the cross-language vectors: a producer and a checker of the vector format
that tests/js/vectors.mjs also speaks (tests/core/test_crypto_vectors.py runs both).

Both sides have a producer and a checker of one vector format (tests/js/vectors.mjs is the
JavaScript half). Committed sets in tests/js/vectors/ (python.json, js.json) catch a change on
either side; fresh sets are made on every run and exchanged through Node.

The key ceremony's cases are in crypto_vectors_ceremony.py (and tests/js/ceremony_vectors.mjs).

Regenerate the committed sets (only after a deliberate protocol change):
    .venv/bin/python -m tests.core.crypto_vectors
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from nacl import bindings

from tests.core import crypto_vectors_ceremony as ceremony
from votesys.core.crypto import ballot as B
from votesys.core.crypto.ballot import verify_ballot_json
from votesys.core.crypto.benaloh import RevealedBallot, check_revealed, reveal
from votesys.core.crypto.elgamal import Ciphertext, encrypt, keypair
from votesys.core.crypto.errors import EncodingError
from votesys.core.crypto.group import (
    IDENTITY_BYTES,
    L,
    Point,
    base_mul,
    random_scalar,
    scalar_from_hex,
    scalar_to_hex,
)
from votesys.core.crypto.hashing import challenge, digest
from votesys.core.crypto.layout import Layout
from votesys.core.crypto.proofs import (
    ScalarPair,
    SetProof,
    prove_dleq,
    prove_knowledge,
    prove_set,
    verify_dleq,
    verify_knowledge,
    verify_set,
)
from votesys.core.crypto.range_proof import bit_weights
from votesys.core.crypto.receipt import receipt

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "js" / "vectors"
SCRIPT = ROOT / "tests" / "js" / "vectors.mjs"
P = 2**255 - 19
ORDER_8 = bytes.fromhex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05")

# (name, layout, marks, flags, forge): forged ballots break the rules with false proofs.
BALLOTS = [
    ("strike_valid", Layout.strike(5, 3, 2), [1, 1, 0, 1, 0], [0, 0], False),
    ("strike_flagged", Layout.strike(5, 3, 2), [0] * 5, [0, 1], False),
    ("strike_13", Layout.strike(13, 10, 2), [1] * 9 + [0] * 4, [0, 0], False),
    ("approve_valid", Layout.approve(3, 1), [1, 0, 0, 0, 0, 1], [0], False),
    ("approve_single", Layout.approve(1, 1), [0, 1], [0], False),
    ("forged_mark_2", Layout.strike(5, 3, 2), [2, 1, 0, 0, 0], [0, 0], True),
    ("forged_too_many", Layout.strike(5, 3, 2), [1, 1, 1, 1, 0], [0, 0], True),
    ("forged_vote_and_flag", Layout.strike(5, 3, 2), [1, 0, 0, 0, 0], [1, 0], True),
    ("forged_two_boxes", Layout.approve(3, 1), [1, 1, 0, 0, 0, 0], [0], True),
]


def _hex(data: bytes) -> str:
    return data.hex()


def _layout_json(layout: Layout) -> dict:
    return {
        "kind": layout.kind,
        "candidates": layout.candidates,
        "seats": layout.seats,
        "flags": layout.flags,
    }


def _layout(value: dict) -> Layout:
    return Layout(value["kind"], value["candidates"], value["seats"], value["flags"])


def _problems(problems) -> list[dict]:
    return [{"code": p.code, "index": p.index} for p in problems]


def _flip(text: str) -> str:
    """Flip the lowest bit of the first byte of a hex value."""
    return f"{int(text[:2], 16) ^ 1:02x}" + text[2:]


def _mutations(good: dict) -> list[tuple[str, dict, bytes | None]]:
    """(name, ballot JSON, other context or None): every one must be refused by both sides."""
    ballot = good["ballot"]
    a0 = Point.from_hex(ballot["marks"][0][0])
    torsioned = bindings.crypto_core_ed25519_add(a0.encode(), ORDER_8)
    c0 = scalar_from_hex(ballot["mark_proofs"][0][0][0])

    def edit(path, value):
        copy = json.loads(json.dumps(ballot))
        target = copy
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return copy

    swapped = json.loads(json.dumps(ballot))
    swapped["marks"][0], swapped["marks"][1] = swapped["marks"][1], swapped["marks"][0]
    z = ballot["mark_proofs"][0][1][1]
    return [
        ("flipped_bit", edit(["mark_proofs", 0, 1, 1], _flip(z)), None),
        ("replayed_context", ballot, b"another round"),
        ("swapped_marks", swapped, None),
        ("torsion_point", edit(["marks", 0, 0], torsioned.hex()), None),
        ("small_order_point", edit(["marks", 0, 1], ORDER_8.hex()), None),
        ("non_canonical_point", edit(["marks", 0, 0], (P + 1).to_bytes(32, "little").hex()), None),
        ("identity_point", edit(["marks", 0, 0], IDENTITY_BYTES.hex()), None),
        (
            "non_canonical_scalar",
            edit(["mark_proofs", 0, 0, 0], (c0 + L).to_bytes(32, "little").hex()),
            None,
        ),
        ("uppercase_hex", edit(["marks", 0, 0], ballot["marks"][0][0].upper()), None),
    ]


def _point_cases(pk: Point) -> list[dict]:
    torsioned = bindings.crypto_core_ed25519_add(pk.encode(), ORDER_8)
    cases = [
        (pk.hex(), False),
        (base_mul(1).hex(), False),
        (IDENTITY_BYTES.hex(), True),
        (IDENTITY_BYTES.hex(), False),
        ((P - 1).to_bytes(32, "little").hex(), True),  # order 2
        (bytes(32).hex(), True),  # order 4
        (ORDER_8.hex(), True),
        (torsioned.hex(), False),
        ((P + 1).to_bytes(32, "little").hex(), True),  # identity, y not reduced
        ((IDENTITY_BYTES[:31] + b"\x80").hex(), True),  # identity, "negative zero"
        ((2).to_bytes(32, "little").hex(), False),  # not on the curve
        (pk.hex().upper(), False),
        (pk.hex()[:62], False),
    ]
    out = []
    for text, allow in cases:
        try:
            Point.from_hex(text, allow_identity=allow)
            expect = "ok"
        except EncodingError as exc:
            expect = exc.code
        out.append({"hex": text, "allow_identity": allow, "expect": expect})
    return out


def produce() -> dict:
    """A fresh vector set made by Python (random keys, nonces and contexts)."""
    key = keypair()
    pk, context = key.public, os.urandom(32)
    fields = [os.urandom(n) for n in (0, 1, 32, 77)]
    r, k = random_scalar(), random_scalar()
    known = {
        "challenges": [
            {
                "tag": tag,
                "fields": [f.hex() for f in fs],
                "value": scalar_to_hex(challenge(tag, *fs)),
            }
            for tag, fs in [("votesys/v1/test", [b"\x01\x02", b""]), ("votesys/v1/dleq", fields)]
        ],
        "digests": [
            {
                "tag": "votesys/v1/ballot",
                "fields": [f.hex() for f in fields],
                "value": digest("votesys/v1/ballot", *fields).hex(),
            }
        ],
        "layouts": [
            {"layout": _layout_json(lay), "bytes": lay.encode().hex()}
            for lay in (Layout.strike(5, 3, 2), Layout.approve(4, 0), Layout.strike(250, 200, 3))
        ],
        "weights": [
            {"lo": lo, "hi": hi, "weights": list(bit_weights(lo, hi))}
            for lo, hi in [(1, 1), (0, 1), (1, 10), (0, 200), (1, 200)]
        ],
        "base_mul": [{"k": scalar_to_hex(s), "point": base_mul(s).hex()} for s in (1, k, L - 1)],
        "encrypt": [
            {"m": m, "pk": pk.hex(), "r": scalar_to_hex(r), "ct": encrypt(m, pk, r).to_json()}
            for m in (0, 1, 7)
        ],
        "points": _point_cases(pk),
        "scalars": [
            {"hex": (v).to_bytes(32, "little").hex(), "expect": e}
            for v, e in [
                (0, "ok"),
                (L - 1, "ok"),
                (L, "non_canonical_scalar"),
                (2**256 - 1, "non_canonical_scalar"),
            ]
        ],
    }
    return {
        "producer": "python",
        "known": known,
        "proofs": _proofs(pk, key.secret, context),
        "ballots": _ballots(pk, context),
        "ceremony": ceremony.produce(),
    }


def _proofs(pk: Point, secret: int, context: bytes) -> list[dict]:
    out = []
    for m, claim, values in [(1, 1, (0, 1)), (0, 0, (0, 1)), (5, 5, (0, 1, 2, 5)), (2, 1, (0, 1))]:
        r = random_scalar()
        ct = encrypt(m, pk, r)
        proof = prove_set(ct, claim, r, values, pk, context)
        ok = verify_set(ct, proof, values, pk, context)
        out.append(
            {
                "kind": "set",
                "pk": pk.hex(),
                "context": context.hex(),
                "ct": ct.to_json(),
                "values": list(values),
                "proof": proof.to_json(),
                "valid": ok,
            }
        )
    base = base_mul(random_scalar())
    result, dleq = prove_dleq(secret, base, context)
    for ctx in (context, context + b"x"):
        out.append(
            {
                "kind": "dleq",
                "public": pk.hex(),
                "base": base.hex(),
                "result": result.hex(),
                "context": ctx.hex(),
                "proof": dleq.to_json(),
                "valid": verify_dleq(pk, base, result, dleq, ctx),
            }
        )
    schnorr = prove_knowledge(secret, context)
    for ctx in (context, context + b"x"):
        out.append(
            {
                "kind": "schnorr",
                "public": pk.hex(),
                "context": ctx.hex(),
                "proof": schnorr.to_json(),
                "valid": verify_knowledge(pk, schnorr, ctx),
            }
        )
    return out


def _ballots(pk: Point, context: bytes) -> list[dict]:
    out = []
    for name, layout, marks, flags, forge in BALLOTS:
        made = B._encrypt(marks, flags, layout, pk, context, keep_secrets=True, forge=forge)
        value = made.to_json()
        _, problems = verify_ballot_json(value, layout, pk, context)
        entry = {
            "name": name,
            "layout": _layout_json(layout),
            "pk": pk.hex(),
            "context": context.hex(),
            "ballot": value,
            "problems": _problems(problems),
        }
        if not forge:
            rec = receipt(made)
            revealed = reveal(made).to_json()
            entry.update(
                receipt={"code": rec.code, "full": rec.full},
                revealed=revealed,
                revealed_problems=[],
            )
        out.append(entry)
        if name == "strike_valid":
            lie = json.loads(json.dumps(entry["revealed"]))
            lie["marks"][2] = 1
            out.append(
                {
                    **entry,
                    "name": "benaloh_lie",
                    "revealed": lie,
                    "revealed_problems": [{"code": "revealed_mark", "index": 2}],
                }
            )
            for mname, mvalue, other in _mutations(entry):
                ctx = other or context
                _, problems = verify_ballot_json(mvalue, layout, pk, ctx)
                out.append(
                    {
                        "name": mname,
                        "layout": _layout_json(layout),
                        "pk": pk.hex(),
                        "context": ctx.hex(),
                        "ballot": mvalue,
                        "problems": _problems(problems),
                    }
                )
    return out


def check(vectors: dict) -> list[str]:
    """Every disagreement between this side and the vector set (empty: all agree)."""
    failures: list[str] = []

    def expect(label, got, wanted):
        if got != wanted:
            failures.append(f"{vectors['producer']}:{label}: got {got!r}, expected {wanted!r}")

    known = vectors["known"]
    for i, item in enumerate(known["challenges"]):
        fields = [bytes.fromhex(f) for f in item["fields"]]
        expect(f"challenge[{i}]", scalar_to_hex(challenge(item["tag"], *fields)), item["value"])
    for i, item in enumerate(known["digests"]):
        fields = [bytes.fromhex(f) for f in item["fields"]]
        expect(f"digest[{i}]", digest(item["tag"], *fields).hex(), item["value"])
    for i, item in enumerate(known["layouts"]):
        expect(f"layout[{i}]", _layout(item["layout"]).encode().hex(), item["bytes"])
    for i, item in enumerate(known["weights"]):
        expect(f"weights[{i}]", list(bit_weights(item["lo"], item["hi"])), item["weights"])
    for i, item in enumerate(known["base_mul"]):
        expect(f"base_mul[{i}]", base_mul(scalar_from_hex(item["k"])).hex(), item["point"])
    for i, item in enumerate(known["encrypt"]):
        ct = encrypt(item["m"], Point.from_hex(item["pk"]), scalar_from_hex(item["r"]))
        expect(f"encrypt[{i}]", ct.to_json(), item["ct"])
    for i, item in enumerate(known["points"]):
        try:
            point = Point.from_hex(item["hex"], allow_identity=item["allow_identity"])
            got = "ok" if point.hex() == item["hex"] else "re-encoded differently"
        except EncodingError as exc:
            got = exc.code
        expect(f"point[{i}] {item['hex']}", got, item["expect"])
    for i, item in enumerate(known["scalars"]):
        try:
            got = "ok" if scalar_to_hex(scalar_from_hex(item["hex"])) == item["hex"] else "changed"
        except EncodingError as exc:
            got = exc.code
        expect(f"scalar[{i}]", got, item["expect"])
    for i, item in enumerate(vectors["proofs"]):
        expect(f"proof[{i}] {item['kind']}", _verify_proof(item), item["valid"])
    for item in vectors["ballots"]:
        _check_ballot(item, expect)
    ceremony.check(vectors, expect)
    return failures


def _verify_proof(item: dict) -> bool:
    ctx = bytes.fromhex(item["context"])
    if item["kind"] == "set":
        values = tuple(item["values"])
        ct = Ciphertext.from_json(item["ct"])
        proof = SetProof.from_json(item["proof"], len(values))
        return verify_set(ct, proof, values, Point.from_hex(item["pk"]), ctx)
    public, proof = Point.from_hex(item["public"]), ScalarPair.from_json(item["proof"])
    if item["kind"] == "dleq":
        base, result = Point.from_hex(item["base"]), Point.from_hex(item["result"])
        return verify_dleq(public, base, result, proof, ctx)
    return verify_knowledge(public, proof, ctx)


def _check_ballot(item: dict, expect) -> None:
    name, layout, pk = item["name"], _layout(item["layout"]), Point.from_hex(item["pk"])
    ballot, problems = verify_ballot_json(
        item["ballot"], layout, pk, bytes.fromhex(item["context"])
    )
    expect(f"ballot {name} problems", _problems(problems), item["problems"])
    if "receipt" in item and ballot is not None:
        rec = receipt(ballot)
        expect(f"ballot {name} receipt", {"code": rec.code, "full": rec.full}, item["receipt"])
    if "revealed" in item and ballot is not None:
        got = check_revealed(ballot, RevealedBallot.from_json(item["revealed"]), pk)
        expect(f"ballot {name} revealed", _problems(got), item["revealed_problems"])
    if ballot is not None:
        expect(f"ballot {name} round trip", ballot.to_json(), item["ballot"])


def _regenerate() -> None:
    VECTORS.mkdir(parents=True, exist_ok=True)
    (VECTORS / "python.json").write_text(json.dumps(produce(), indent=1) + "\n")
    js = subprocess.run(
        ["node", str(SCRIPT), "produce"], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout
    (VECTORS / "js.json").write_text(json.dumps(json.loads(js), indent=1) + "\n")


if __name__ == "__main__":
    _regenerate()
    sys.exit(0)
