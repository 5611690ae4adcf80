"""Cross-language vectors: the browser twin (static/js/crypto, @noble/curves) and the Python core
must build the same bytes, the same challenges, accept each other's ballots, commitments, shares,
sealed and wrapped shares and partial decryptions, and refuse the same forgeries with the same
problems (docs/protocol.md §12). What each key-ceremony case must show is pinned in
tests/js/vectors/ceremony_verdicts.json, read by both sides.

Committed sets in tests/js/vectors/ (python.json, js.json) catch a change on either side; fresh
sets are made on every run and exchanged through Node. The producer and checker are in
tests/core/crypto_vectors.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from tests.core.crypto_vectors import BALLOTS, ROOT, SCRIPT, VECTORS, check, produce
from tests.core.crypto_vectors_ceremony import VERDICTS, verdicts
from votesys.core.crypto.hashing import challenge


def _node() -> str:
    node = shutil.which("node")
    if node and (ROOT / "node_modules" / "@noble" / "curves").is_dir():
        return node
    message = "node and node_modules/@noble/curves are needed (npm ci in the repository root)"
    if os.environ.get("VOTESYS_TEST_STRICT") == "1":
        pytest.fail(message + " (VOTESYS_TEST_STRICT=1 forbids skipping)")
    pytest.skip(message)


def _run_node(*args: str, stdin: str | None = None) -> dict:
    done = subprocess.run(
        [_node(), str(SCRIPT), *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def python_vectors() -> dict:
    return produce()


def test_python_vectors_hold_what_they_claim(python_vectors):
    by_name = {b["name"]: b for b in python_vectors["ballots"]}
    for name, *_, forge in BALLOTS:
        assert (by_name[name]["problems"] != []) is forge, name
    assert by_name["forged_mark_2"]["problems"][0] == {"code": "mark_proof", "index": 0}
    assert by_name["flipped_bit"]["problems"] == [{"code": "mark_proof", "index": 0}]
    assert by_name["torsion_point"]["problems"] == [
        {"code": "malformed:invalid_point", "index": None}
    ]
    assert by_name["identity_point"]["problems"][0]["code"] == "malformed:identity_not_allowed"
    assert len(by_name["replayed_context"]["problems"]) == 5 + 2 + 1
    assert [p["valid"] for p in python_vectors["proofs"]] == [
        True,
        True,
        True,
        False,
        True,
        False,
        True,
        False,
    ]
    assert check(python_vectors) == []
    assert verdicts(python_vectors) == json.loads(VERDICTS.read_text())


def test_javascript_verifies_fresh_python_vectors(python_vectors):
    result = _run_node("check", stdin=json.dumps(python_vectors))
    assert result["failures"] == []
    assert result["checked"] > 40


def test_python_verifies_fresh_javascript_vectors():
    js = _run_node("produce")
    assert js["producer"] == "js"
    by_name = {b["name"]: b for b in js["ballots"]}
    assert by_name["strike_valid"]["problems"] == []
    assert by_name["forged_mark_2"]["problems"][0] == {"code": "mark_proof", "index": 0}
    assert verdicts(js) == json.loads(VERDICTS.read_text())
    assert check(js) == []


@pytest.mark.parametrize("name", ["python.json", "js.json"])
def test_committed_vectors_still_hold_in_python(name):
    vectors = json.loads((VECTORS / name).read_text())
    assert check(vectors) == []
    valid = {"benaloh_lie"} | {n for n, *_, forge in BALLOTS if not forge}
    for ballot in vectors["ballots"]:  # every negative vector is refused, every good one passes
        assert (ballot["problems"] == []) is (ballot["name"] in valid), ballot["name"]
    assert verdicts(vectors) == json.loads(VERDICTS.read_text())


def test_pinned_known_answer_from_the_protocol():
    value = challenge("votesys/v1/test", b"\x01\x02", b"")
    assert value == 0x8E4EECB6B500BF31DCF01DABECECDF9A4219FA4B0CC329EB5756C83C0FFF142
