"""The key ceremony's part of the cross-language vectors (crypto_vectors.py holds the rest; the
JavaScript half is tests/js/ceremony_vectors.mjs): commitments and their Schnorr proofs, shares
checked against commitments, transport keys, sealed shares, partial decryptions with DLEQ proofs,
decryptions of a total, wrapped shares. Every case carries what its producer's own checker
found (``expect``); the other side must find the same, negatives included.

``expect`` is "ok" (holds), "refused" (a proof or check fails) or an error code; for a sealed or
wrapped share, the share's hex when it opens; for a decryption, the total or the error.
"""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

from nacl import bindings

from votesys.core.crypto import keywrap as kw
from votesys.core.crypto import share_box as sb
from votesys.core.crypto import threshold as th
from votesys.core.crypto.elgamal import ZERO, Ciphertext, add_all, encrypt
from votesys.core.crypto.errors import CryptoError
from votesys.core.crypto.group import G, Point, base_mul, random_scalar, scalar_from_hex
from votesys.core.crypto.group import scalar_to_hex as sx
from votesys.core.crypto.proofs import ScalarPair

ORDER_8 = bytes.fromhex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05")
MEMBERS = [1, 2, 3]
THRESHOLD = 2
ITERATIONS = 1000  # vectors only, so that tests stay fast; the hall uses 600,000
PHRASE = "Mật khẩu của tôi"


def _flip(text: str) -> str:
    return f"{int(text[:2], 16) ^ 1:02x}" + text[2:]


def _torsion(point_hex: str) -> str:
    return bindings.crypto_core_ed25519_add(bytes.fromhex(point_hex), ORDER_8).hex()


def _copy(value):
    return json.loads(json.dumps(value))


def _outcome(fn) -> str:
    try:
        return fn()
    except CryptoError as exc:
        return exc.code


# --- the checkers, shared by the producer (to fill in expect) and the checker ---


def _commitments(item) -> str:
    def run():
        c = th.Commitments.from_json(item["commitments"])
        ok = th.verify_commitments(c, item["threshold"], bytes.fromhex(item["ceremony"]))
        return "ok" if ok else "refused"

    return _outcome(run)


def _share(item, dealers) -> str:
    c = th.Commitments.from_json(dealers[item["dealer"] - 1])
    ok = th.verify_share(item["member"], scalar_from_hex(item["share"]), c)
    return "ok" if ok else "refused"


def _transport(item) -> str:
    def run():
        published = item["published"]
        key, proof = Point.from_hex(published["key"]), ScalarPair.from_json(published["proof"])
        ceremony = bytes.fromhex(item["ceremony"])
        return "ok" if sb.verify_transport_key(key, proof, ceremony, item["member"]) else "refused"

    return _outcome(run)


def _sealed(item) -> str:
    ctx = sb.share_context(bytes.fromhex(item["ceremony"]), item["dealer"], item["recipient"])
    secret = scalar_from_hex(item["secret"])
    return _outcome(lambda: sx(sb.open_share(bytes.fromhex(item["sealed"]), secret, ctx)))


def _partial(item) -> str:
    def run():
        pd = th.PartialDecryption.from_json(item["partial"])
        ct = Ciphertext.from_json(item["ct"], allow_identity=True)
        ctx = th.decryption_context(bytes.fromhex(item["round"]), item["index"])
        return "ok" if th.verify_partial(pd, Point.from_hex(item["key"]), ct, ctx) else "refused"

    return _outcome(run)


def _decrypt(item, keys) -> dict:
    ct = Ciphertext.from_json(item["ct"], allow_identity=True)
    partials = [th.PartialDecryption.from_json(p) for p in item["partials"]]
    ctx = th.decryption_context(bytes.fromhex(item["round"]), item["index"])
    try:
        value = th.decrypt_total(ct, partials, keys, THRESHOLD, ctx, item["max_value"])
    except CryptoError as exc:
        return {"code": exc.code, "members": exc.params.get("members")}
    return {"value": value}


def _wrapped(item) -> str:
    ctx = kw.wrap_context(bytes.fromhex(item["ceremony"]), item["member"])
    minimum = item["min_iterations"]

    def run():
        return sx(kw.unwrap_share(item["wrapped"], item["passphrase"], ctx, min_iterations=minimum))

    return _outcome(run)


def _contexts(ceremony: bytes, points: list[Point], round_fp: bytes) -> list[dict]:
    made = [
        ("commitment", [3, [p.hex() for p in points]], th.commitment_context(ceremony, 3, points)),
        ("share", [1, 2], sb.share_context(ceremony, 1, 2)),
        ("transport", [2], sb.transport_key_context(ceremony, 2)),
        ("wrap", [3], kw.wrap_context(ceremony, 3)),
        ("decryption", [7], th.decryption_context(round_fp, 7)),
    ]
    return [{"kind": kind, "args": args, "bytes": value.hex()} for kind, args, value in made]


def _context_bytes(item, ceremony: bytes, round_fp: bytes) -> bytes:
    kind, args = item["kind"], item["args"]
    if kind == "commitment":
        return th.commitment_context(ceremony, args[0], [Point.from_hex(p) for p in args[1]])
    if kind == "share":
        return sb.share_context(ceremony, *args)
    if kind == "transport":
        return sb.transport_key_context(ceremony, *args)
    if kind == "wrap":
        return kw.wrap_context(ceremony, *args)
    return th.decryption_context(round_fp, *args)


# --- the producer ---


def produce() -> dict:
    ceremony, round_fp = os.urandom(32), os.urandom(32)
    dealings = {i: th.deal(i, MEMBERS, THRESHOLD, ceremony) for i in MEMBERS}
    dealers = [dealings[i].commitments.to_json() for i in MEMBERS]
    commitments = [dealings[i].commitments for i in MEMBERS]
    shares = {j: th.combine_shares(dealings[i].shares[j] for i in MEMBERS) for j in MEMBERS}
    keys = th.verification_keys(commitments, MEMBERS)
    pk = th.joint_public_key(commitments)
    out = {
        "ceremony": ceremony.hex(),
        "round": round_fp.hex(),
        "contexts": _contexts(ceremony, commitments[2].points, round_fp),
        "lagrange": [
            {"members": group, "values": [sx(v) for v in th.lagrange_at_zero(group).values()]}
            for group in ([1, 2], [1, 3], [2, 3], [1, 2, 3])
        ],
        "dealers": dealers,
        "joint_key": pk.hex(),
        "verification_keys": [keys[j].hex() for j in MEMBERS],
    }
    out["commitments"] = _commitment_cases(dealers, ceremony)
    out["shares"] = _share_cases(dealings, dealers)
    secrets_, out["transport"] = _transport_cases(ceremony)
    out["sealed"] = _sealed_cases(ceremony, secrets_, dealings)
    out["partials"], out["decrypt"] = _partial_cases(pk, shares, keys, round_fp)
    out["wrapped"] = _wrapped_cases(ceremony, shares[2])
    return out


def _named(cases, check) -> list[dict]:
    return [{"name": name, **item, "expect": check(item)} for name, item in cases]


def _commitment_cases(dealers, ceremony: bytes) -> list[dict]:
    good = dealers[0]
    flipped, stolen, torsioned = _copy(good), _copy(good), _copy(good)
    flipped["proof"][1] = _flip(good["proof"][1])
    stolen["member"] = 2  # member 2 passes member 1's commitments off as theirs
    torsioned["points"][1] = _torsion(good["points"][1])
    base = {"ceremony": ceremony.hex(), "threshold": THRESHOLD}
    cases = [(f"dealer_{i + 1}", {**base, "commitments": d}) for i, d in enumerate(dealers)]
    cases += [
        ("flipped_bit", {**base, "commitments": flipped}),
        ("replayed_member", {**base, "commitments": stolen}),
        ("replayed_ceremony", {**base, "ceremony": os.urandom(32).hex(), "commitments": good}),
        ("wrong_threshold", {**base, "threshold": THRESHOLD + 1, "commitments": good}),
        ("torsion_point", {**base, "commitments": torsioned}),
    ]
    return _named(cases, _commitments)


def _share_cases(dealings, dealers) -> list[dict]:
    s12 = dealings[1].shares[2]
    cases = [
        (f"s_{i}{j}", {"dealer": i, "member": j, "share": sx(dealings[i].shares[j])})
        for i in MEMBERS
        for j in MEMBERS
    ]
    cases += [
        ("wrong_value", {"dealer": 1, "member": 2, "share": sx(s12 + 1)}),
        ("another_member", {"dealer": 1, "member": 3, "share": sx(s12)}),
    ]
    return _named(cases, lambda item: _share(item, dealers))


def _transport_cases(ceremony: bytes):
    secrets_, cases = {}, []
    for j in MEMBERS:
        made = sb.transport_key(ceremony, j)
        secrets_[j] = made.secret
        published = {"key": made.public.hex(), "proof": made.proof.to_json()}
        cases.append(
            (f"member_{j}", {"ceremony": ceremony.hex(), "member": j, "published": published})
        )
    good = cases[1][1]
    flipped = _copy(good)
    flipped["published"]["proof"][0] = _flip(good["published"]["proof"][0])
    torsioned = _copy(good)
    torsioned["published"]["key"] = _torsion(good["published"]["key"])
    cases += [
        ("replayed_member", {**good, "member": 3}),
        ("flipped_bit", flipped),
        ("torsion_point", torsioned),
    ]
    return secrets_, _named(cases, _transport)


def _sealed_cases(ceremony: bytes, secrets_, dealings) -> list[dict]:
    cases = []
    for i, j in [(1, 2), (2, 2), (3, 1)]:
        ctx = sb.share_context(ceremony, i, j)
        sealed = sb.seal_share(dealings[i].shares[j], base_mul(secrets_[j]), ctx).hex()
        item = {"ceremony": ceremony.hex(), "dealer": i, "recipient": j}
        cases.append((f"s_{i}{j}", {**item, "secret": sx(secrets_[j]), "sealed": sealed}))
    good = cases[0][1]
    tampered = good["sealed"][:80] + _flip(good["sealed"][80:])
    cases += [
        ("another_recipient", {**good, "recipient": 3, "secret": sx(secrets_[3])}),
        ("another_dealer", {**good, "dealer": 3}),
        ("tampered", {**good, "sealed": tampered}),
        ("torsion_point", {**good, "sealed": _torsion(good["sealed"][:64]) + good["sealed"][64:]}),
    ]
    return _named(cases, _sealed)


def _partial_cases(pk: Point, shares, keys, round_fp: bytes):
    ct = add_all(encrypt(v, pk, random_scalar()) for v in (1, 1, 0, 1, 1))
    other = encrypt(1, pk, random_scalar())
    index = 3
    ctx = th.decryption_context(round_fp, index)
    made = {j: th.partial_decrypt(j, shares[j], ct, ctx).to_json() for j in MEMBERS}
    base = {"round": round_fp.hex(), "index": index, "ct": ct.to_json()}
    cases = [(f"member_{j}", {**base, "key": keys[j].hex(), "partial": made[j]}) for j in MEMBERS]
    good = cases[0][1]
    wrong, flipped, torsioned = _copy(good), _copy(good), _copy(good)
    wrong["partial"]["value"] = (Point.from_hex(made[1]["value"]) + G).hex()
    flipped["partial"]["proof"][1] = _flip(made[1]["proof"][1])
    torsioned["partial"]["value"] = _torsion(made[1]["value"])
    cases += [
        ("wrong_value", wrong),
        ("flipped_bit", flipped),
        ("torsion_point", torsioned),
        ("another_round", {**good, "round": os.urandom(32).hex()}),
        ("another_index", {**good, "index": index + 1}),
        ("another_total", {**good, "ct": other.to_json()}),
        ("another_member_key", {**good, "key": keys[2].hex()}),
    ]
    empty = th.partial_decrypt(3, shares[3], ZERO, ctx).to_json()
    cases.append(
        ("empty_total", {**base, "ct": ZERO.to_json(), "key": keys[3].hex(), "partial": empty})
    )
    partials = _named(cases, _partial)
    wrong2 = {**made[2], "value": (Point.from_hex(made[2]["value"]) + G).hex()}
    decrypts = [
        ("members_12", [made[1], made[2]]),
        ("members_23", [made[2], made[3]]),
        ("everyone", [made[1], made[2], made[3]]),
        ("too_few", [made[1]]),
        ("duplicate", [made[1], made[1]]),
        ("bad_partial", [made[1], wrong2, made[3]]),
    ]
    decrypt = [{"name": name, **base, "partials": ps, "max_value": 5} for name, ps in decrypts] + [
        {"name": "out_of_range", **base, "partials": [made[1], made[3]], "max_value": 3}
    ]
    for item in decrypt:
        item["expect"] = _decrypt(item, keys)
    return partials, decrypt


def _wrapped_cases(ceremony: bytes, share: int) -> list[dict]:
    ctx = kw.wrap_context(ceremony, 2)
    wrapped = kw.wrap_share(share, PHRASE, ctx, iterations=ITERATIONS)
    base = {"ceremony": ceremony.hex(), "member": 2, "wrapped": wrapped}
    nfd = unicodedata.normalize("NFD", PHRASE)
    cases = [
        ("good", {**base, "passphrase": PHRASE, "min_iterations": ITERATIONS}),
        ("nfd_passphrase", {**base, "passphrase": nfd, "min_iterations": ITERATIONS}),
        ("wrong_passphrase", {**base, "passphrase": PHRASE + " ", "min_iterations": ITERATIONS}),
        (
            "another_member",
            {**base, "member": 3, "passphrase": PHRASE, "min_iterations": ITERATIONS},
        ),
        ("too_few_iterations", {**base, "passphrase": PHRASE, "min_iterations": ITERATIONS + 1}),
    ]
    return _named(cases, _wrapped)


# --- the checker ---


def check(vectors: dict, expect) -> None:
    """Compare every ceremony case with this side's answer, through expect(label, got, wanted)."""
    v = vectors["ceremony"]
    ceremony, round_fp = bytes.fromhex(v["ceremony"]), bytes.fromhex(v["round"])
    for i, item in enumerate(v["contexts"]):
        got = _context_bytes(item, ceremony, round_fp).hex()
        expect(f"ceremony context[{i}] {item['kind']}", got, item["bytes"])
    for i, item in enumerate(v["lagrange"]):
        got = [sx(x) for x in th.lagrange_at_zero(item["members"]).values()]
        expect(f"lagrange[{i}]", got, item["values"])
    dealers = [th.Commitments.from_json(d) for d in v["dealers"]]
    keys = th.verification_keys(dealers, MEMBERS)
    expect("joint key", th.joint_public_key(dealers).hex(), v["joint_key"])
    expect("verification keys", [keys[j].hex() for j in MEMBERS], v["verification_keys"])
    checks = {
        "commitments": _commitments,
        "shares": lambda item: _share(item, v["dealers"]),
        "transport": _transport,
        "sealed": _sealed,
        "partials": _partial,
        "decrypt": lambda item: _decrypt(item, keys),
        "wrapped": _wrapped,
    }
    for section, run in checks.items():
        for item in v[section]:
            expect(f"{section} {item['name']}", run(item), item["expect"])


VERDICTS = Path(__file__).resolve().parents[1] / "js" / "vectors" / "ceremony_verdicts.json"


def verdicts(vectors: dict) -> dict:
    """What each case is meant to show, to compare with ceremony_verdicts.json: an opened share is
    "opens" only if it is the share that was sealed (s_ij) or wrapped (x_2, checked against X_2)."""
    v = vectors["ceremony"]
    dealt = {item["name"]: item["share"] for item in v["shares"]}

    def opened(section, item):
        wanted = item["expect"]
        if section == "sealed" and wanted == dealt.get(item["name"]):
            return "opens"
        if section == "wrapped" and len(wanted) == 64:
            x_2 = base_mul(scalar_from_hex(wanted)).hex()
            return "opens" if x_2 == v["verification_keys"][1] else "opens another share"
        return wanted

    sections = ("commitments", "shares", "transport", "sealed", "partials", "decrypt", "wrapped")
    return {s: {item["name"]: opened(s, item) for item in v[s]} for s in sections}
