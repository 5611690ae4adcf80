// Ballots in the browser twin: good ballots pass, forged shapes and replays are refused.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as c from "../../static/js/crypto/index.js";

const secret = c.randomScalar();
const PK = c.baseMul(secret);
const ROUND = Uint8Array.from({ length: 32 }, (_, i) => i);
const STRIKE = c.Layout.strike(5, 3, 2);
const APPROVE = c.Layout.approve(3, 1);
const SINGLE = c.Layout.approve(1, 1);
const roundTrip = (ballot) => JSON.parse(JSON.stringify(ballot.toJson()));

test("well-formed ballots verify, also after a JSON round trip", () => {
  const cases = [
    [STRIKE, [1, 1, 1, 0, 0], [0, 0]], [STRIKE, [0, 1, 0, 0, 0], [0, 0]], [STRIKE, [0, 0, 0, 0, 0], [0, 1]],
    [APPROVE, [1, 0, 0, 1, 0, 0], [0]], [APPROVE, [0, 0, 0, 0, 0, 0], [1]], [SINGLE, [0, 1], [0]],
    [SINGLE, [0, 0], [1]], [c.Layout.strike(3, 2, 0), [1, 0, 1], []],
  ];
  for (const [layout, marks, flags] of cases) {
    const ballot = c.encryptBallot(marks, flags, layout, PK, ROUND);
    assert.deepEqual(c.verifyBallot(ballot, layout, PK, ROUND), []);
    const { ballot: decoded, problems } = c.verifyBallotJson(roundTrip(ballot), layout, PK, ROUND);
    assert.deepEqual(problems, []);
    assert.deepEqual(decoded.toJson(), ballot.toJson());
  }
});

test("the encrypter refuses markings the rules forbid", () => {
  for (const [layout, marks, flags] of [
    [STRIKE, [1, 1, 1, 1, 0], [0, 0]], [STRIKE, [0, 0, 0, 0, 0], [0, 0]], [STRIKE, [1, 0, 0, 0, 0], [1, 0]],
    [APPROVE, [1, 1, 0, 0, 0, 0], [0]], [SINGLE, [0, 0], [0]], [STRIKE, [2, 0, 0, 0, 0], [0, 0]],
  ]) {
    assert.throws(() => c.encryptBallot(marks, flags, layout, PK, ROUND), (e) => e.code === "shape_not_allowed");
  }
});

test("forged ballots are refused with the failing proof named", () => {
  const forged = (layout, marks, flags) =>
    c.verifyBallot(c._encrypt(marks, flags, layout, PK, ROUND, { forge: true }), layout, PK, ROUND);
  assert.deepEqual(forged(STRIKE, [1, 1, 1, 1, 0], [0, 0]), [{ code: "shape_proof", index: null }]);
  assert.deepEqual(forged(STRIKE, [1, 0, 0, 0, 0], [1, 0]), [{ code: "shape_proof", index: null }]);
  assert.deepEqual(forged(APPROVE, [0, 0, 1, 1, 0, 0], [0]), [{ code: "row_proof", index: 1 }]);
  assert.deepEqual(forged(STRIKE, [1, 0, 2, 0, 0], [0, 0])[0], { code: "mark_proof", index: 2 });
});

test("a ballot replayed in another round fails every proof", () => {
  const ballot = c.encryptBallot([1, 0, 1, 0, 0], [0, 0], STRIKE, PK, ROUND);
  const problems = c.verifyBallot(ballot, STRIKE, PK, new Uint8Array(32));
  assert.equal(problems.length, 5 + 2 + 1);
  assert.deepEqual(c.verifyBallotJson({ ...roundTrip(ballot), format: "x" }, STRIKE, PK, ROUND).problems, [
    { code: "malformed:bad_json", index: null },
  ]);
  assert.deepEqual(c.verifyBallotJson(roundTrip(ballot), APPROVE, PK, ROUND).problems, [
    { code: "malformed:bad_json", index: null },
  ]);
});

test("range proofs hold exactly inside the range", () => {
  for (const [lo, hi] of [[0, 0], [1, 1], [0, 1], [1, 10], [0, 200]]) {
    for (const m of new Set([lo, hi, Math.floor((lo + hi) / 2)])) {
      const r = c.randomScalar();
      const ct = c.encrypt(m, PK, r);
      const proof = c.proveRange(ct, m, r, lo, hi, PK, ROUND);
      assert.ok(c.verifyRange(ct, proof, lo, hi, PK, ROUND), `${m} in [${lo}, ${hi}]`);
      assert.ok(!c.verifyRange(ct, proof, lo, hi, PK, new Uint8Array(1)));
    }
    const r = c.randomScalar();
    const outside = c.encrypt(hi + 1, PK, r);
    const lie = c.proveRange(outside, hi, r, lo, hi, PK, ROUND);
    assert.ok(!c.verifyRange(outside, lie, lo, hi, PK, ROUND));
  }
  for (let d = 0; d < 300; d++) {
    let sums = new Set([0]);
    for (const w of c.bitWeights(0, d)) sums = new Set([...sums, ...[...sums].map((s) => s + w)]);
    assert.equal(sums.size, d + 1);
  }
});

test("the receipt is the base32 of the full hash, as XXXXX-XXXXX", () => {
  const enc = new TextEncoder();
  assert.equal(c.base32(enc.encode("foobar")), "MZXW6YTBOI");
  assert.equal(c.base32(enc.encode("fooba")), "MZXW6YTB");
  const ballot = c.encryptBallot([1, 0, 1, 0, 0], [0, 0], STRIKE, PK, ROUND);
  const { code, full } = c.receipt(ballot);
  assert.match(code, /^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
  assert.match(full, /^[0-9a-f]{64}$/);
  assert.equal(code.replace("-", ""), c.base32(c.hexToBytes(full)).slice(0, 10));
});

test("Benaloh: a faithful reveal checks, a lie is named", () => {
  const ballot = c.encryptBallot([1, 0, 1, 0, 0], [0, 0], STRIKE, PK, ROUND, { keepSecrets: true });
  const revealed = c.reveal(ballot);
  assert.deepEqual(c.checkRevealed(ballot, revealed, PK), []);
  assert.deepEqual(c.checkRevealed(ballot, { ...revealed, marks: [1, 1, 1, 0, 0] }, PK), [
    { code: "revealed_mark", index: 1 },
  ]);
  assert.deepEqual(c.checkRevealed(ballot, { ...revealed, flags: [0] }, PK), [{ code: "wrong_count", index: null }]);
  assert.throws(() => c.reveal(c.encryptBallot([1, 0, 0, 0, 0], [0, 0], STRIKE, PK, ROUND)), (e) => e.code === "no_secrets");
  assert.equal(JSON.stringify(ballot.toJson()).includes(revealed.mark_nonces[0]), false);
});
