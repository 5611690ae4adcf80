// The committee's t-of-n key in JavaScript (n = 5, t = 3): dealing, share checks, sealed shares,
// transport keys, partial decryptions and their combination (twin of test_crypto_threshold.py).
import assert from "node:assert/strict";
import { test } from "node:test";
import * as c from "../../static/js/crypto/index.js";

const MEMBERS = [1, 2, 3, 4, 5];
const T = 3;
const CEREMONY = new TextEncoder().encode("ceremony-of-congress-1");
const ROUND = new TextEncoder().encode("round-1");

const dealings = MEMBERS.map((i) => c.deal(i, MEMBERS, T, CEREMONY));
const commitments = dealings.map((d) => d.commitments);
const shares = new Map(MEMBERS.map((j) => [j, c.combineShares(dealings.map((d) => d.shares.get(j)))]));
const keys = c.verificationKeys(commitments, MEMBERS);
const pk = c.jointPublicKey(commitments);

function combinations(items, k) {
  if (k === 0) return [[]];
  return items.flatMap((x, i) => combinations(items.slice(i + 1), k - 1).map((rest) => [x, ...rest]));
}

function total(votes) {
  return c.addAll(votes.map((v) => c.encrypt(v, pk, c.randomScalar())));
}

function partials(ct, members, context) {
  return members.map((j) => c.partialDecrypt(j, shares.get(j), ct, context));
}

function refusal(fn) {
  try {
    fn();
  } catch (exc) {
    return { code: exc.code, params: exc.params, type: exc.constructor.name };
  }
  return null;
}

test("everything published checks out, and the joint key is Lagrange of any t shares", () => {
  for (const d of dealings) {
    const back = c.Commitments.fromJson(JSON.parse(JSON.stringify(d.commitments.toJson())));
    assert.ok(c.verifyCommitments(back, T, CEREMONY));
    for (const j of MEMBERS) assert.ok(c.verifyShare(j, d.shares.get(j), d.commitments));
  }
  for (const j of MEMBERS) assert.ok(keys.get(j).equals(c.baseMul(shares.get(j))));
  const lambdas = c.lagrangeAtZero([1, 3, 5]);
  const secret = c.mod([1, 3, 5].reduce((s, j) => s + lambdas.get(j) * shares.get(j), 0n));
  assert.ok(pk.equals(c.baseMul(secret)));
});

test("a wrong share, a stolen proof, a rogue commitment are refused", () => {
  const d = dealings[0];
  assert.ok(!c.verifyShare(2, c.mod(d.shares.get(2) + 1n), d.commitments));
  assert.ok(!c.verifyShare(3, d.shares.get(2), d.commitments));
  const stolen = new c.Commitments(2, d.commitments.points, d.commitments.proof);
  assert.ok(!c.verifyCommitments(stolen, T, CEREMONY));
  assert.ok(!c.verifyCommitments(d.commitments, T, new TextEncoder().encode("another ceremony")));
  assert.ok(!c.verifyCommitments(d.commitments, T + 1, CEREMONY));
  const rogue = new c.Commitments(1, [c.baseMul(5n), ...d.commitments.points.slice(1)], d.commitments.proof);
  assert.ok(!c.verifyCommitments(rogue, T, CEREMONY));
  const json = d.commitments.toJson();
  json.points[1] = "01" + "00".repeat(31);
  assert.equal(refusal(() => c.Commitments.fromJson(json)).code, "identity_not_allowed");
  assert.equal(refusal(() => c.Commitments.fromJson({ ...d.commitments.toJson(), extra: 1 })).code, "bad_json");
});

test("any 3 of the 5 decrypt a total", () => {
  const ct = total([1, 0, 1, 1, 0, 1, 1]);
  const context = c.decryptionContext(ROUND, 0);
  const groups = combinations(MEMBERS, T);
  assert.equal(groups.length, 10);
  for (const group of groups) assert.equal(c.decryptTotal(ct, partials(ct, group, context), keys, T, context, 10), 5);
  assert.equal(c.decryptTotal(ct, partials(ct, MEMBERS, context), keys, T, context, 10), 5);
});

test("2 of the 5 cannot: the combination is useless and decryptTotal refuses", () => {
  const ct = total([1, 1, 0]);
  const context = c.decryptionContext(ROUND, 0);
  const two = partials(ct, [2, 4], context);
  const combined = c.combinePartials(new Map(two.map((pd) => [pd.member, pd.value])));
  assert.ok(!ct.b.subtract(combined).equals(c.baseMul(2n)));
  const err = refusal(() => c.decryptTotal(ct, two, keys, T, context, 10));
  assert.deepEqual(err, { code: "too_few_partials", params: { have: 2, need: 3 }, type: "DecryptionError" });
});

test("a bad partial decryption is named; another total's, a duplicate, a stranger are refused", () => {
  const ct = total([1, 1]);
  const context = c.decryptionContext(ROUND, 3);
  const made = partials(ct, [1, 2, 3], context);
  made[1] = new c.PartialDecryption(2, made[1].value.add(c.G), made[1].proof);
  assert.deepEqual(refusal(() => c.decryptTotal(ct, made, keys, T, context, 10)).params, { members: [2] });
  const other = c.decryptionContext(ROUND, 1);
  const mixed = [...partials(ct, [1, 2], context), ...partials(ct, [4], other)];
  const err = refusal(() => c.decryptTotal(ct, mixed, keys, T, other, 10));
  assert.deepEqual([err.code, err.params.members], ["bad_partial_decryption", [1, 2]]);
  assert.equal(refusal(() => c.decryptTotal(ct, [mixed[0], mixed[0], mixed[0]], keys, T, other, 10)).code, "duplicate_member");
  const stranger = [...partials(ct, [1, 2], context), new c.PartialDecryption(9, made[2].value, made[2].proof)];
  assert.deepEqual(refusal(() => c.decryptTotal(ct, stranger, keys, T, context, 10)).params, { members: [9] });
});

test("a total over no ballots decrypts to zero; out of range is refused", () => {
  const context = c.decryptionContext(ROUND, 0);
  const made = partials(c.ZERO, [1, 2, 5], context).map((pd) => c.PartialDecryption.fromJson(pd.toJson()));
  assert.equal(c.decryptTotal(c.ZERO, made, keys, T, context, 10), 0);
  const ct = total([1, 1, 1]);
  const three = partials(ct, [1, 2, 3], context);
  assert.equal(refusal(() => c.decryptTotal(ct, three, keys, T, context, 2)).code, "out_of_range");
  assert.equal(c.discreteLog(c.baseMul(5000n), 6000), 5000);
});

test("impossible ceremonies are refused", () => {
  for (const [members, t, code] of [
    [[1, 1, 2], 2, "bad_members"],
    [[0, 1], 1, "bad_members"],
    [[1, 2], 3, "bad_threshold"],
    [[1, 2], 0, "bad_threshold"],
    [[2, 3], 1, "unknown_member"],
  ]) {
    assert.equal(refusal(() => c.deal(1, members, t, CEREMONY)).code, code, JSON.stringify(members));
  }
});

test("a transport key's proof holds for its member and ceremony only", () => {
  const made = c.transportKey(CEREMONY, 2);
  assert.ok(made.public.equals(c.baseMul(made.secret)));
  assert.ok(c.verifyTransportKey(made.public, made.proof, CEREMONY, 2));
  assert.ok(!c.verifyTransportKey(made.public, made.proof, CEREMONY, 3));
  assert.ok(!c.verifyTransportKey(made.public, made.proof, ROUND, 2));
  const published = JSON.parse(JSON.stringify({ key: c.pointToHex(made.public), proof: made.proof.toJson() }));
  assert.ok(c.verifyTransportKey(c.pointFromHex(published.key), c.ScalarPair.fromJson(published.proof), CEREMONY, 2));
});

test("a sealed share opens only for its recipient and context", () => {
  const me = c.transportKey(CEREMONY, 2);
  const other = c.transportKey(CEREMONY, 3);
  const context = c.shareContext(CEREMONY, 1, 2);
  const sealed = c.sealShare(12345n, me.public, context);
  assert.equal(sealed.length, c.SEALED_BYTES);
  assert.equal(c.openShare(sealed, me.secret, context), 12345n);
  const tampered = sealed.slice();
  tampered[40] ^= 1;
  for (const [box, secret, ctx] of [
    [tampered, me.secret, context],
    [sealed, me.secret, c.shareContext(CEREMONY, 3, 2)],
    [sealed, other.secret, c.shareContext(CEREMONY, 1, 3)],
    [sealed, me.secret + 1n, context],
    [sealed.slice(0, -1), me.secret, context],
  ]) {
    assert.deepEqual(refusal(() => c.openShare(box, secret, ctx)), { code: "share_does_not_open", params: {}, type: "CeremonyError" });
  }
});

test("a wrapped share opens with its passphrase (NFC or not) and context only", async () => {
  const context = c.wrapContext(CEREMONY, 4);
  const wrapped = await c.wrapShare(shares.get(4), "Mật khẩu của tôi", context, { iterations: 1000 });
  assert.deepEqual(Object.keys(wrapped).sort(), ["ciphertext", "format", "iterations", "iv", "kdf", "salt"]);
  const open = (w, phrase, ctx, min = 1000) => c.unwrapShare(w, phrase, ctx, { minIterations: min });
  assert.equal(await open(wrapped, "Mật khẩu của tôi".normalize("NFD"), context), shares.get(4));
  const code = (promise) => promise.then(() => null, (exc) => exc.code);
  assert.equal(await code(open(wrapped, "mật khẩu của tôi", context)), "wrong_passphrase");
  assert.equal(await code(open(wrapped, "Mật khẩu của tôi", c.wrapContext(CEREMONY, 5))), "wrong_passphrase");
  assert.equal(await code(open(wrapped, "Mật khẩu của tôi", context, 600000)), "bad_json");
  assert.equal(await code(open({ ...wrapped, kdf: "PBKDF2-SHA1" }, "Mật khẩu của tôi", context)), "bad_json");
  assert.equal(await code(open({ ...wrapped, iv: wrapped.iv.toUpperCase() }, "Mật khẩu của tôi", context)), "bad_hex");
});
