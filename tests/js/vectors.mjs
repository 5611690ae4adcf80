/**
 * The JavaScript half of the cross-language vectors (tests/core/test_crypto_vectors.py is the
 * Python half; both produce and check the same format).
 *
 *   node tests/js/vectors.mjs check < vectors.json   -> {"failures": [...], "checked": n}
 *   node tests/js/vectors.mjs produce                -> a fresh vector set made in JavaScript
 *
 * The key ceremony's cases are in ceremony_vectors.mjs. produce and check are async (WebCrypto).
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import * as c from "../../static/js/crypto/index.js";
import * as ceremony from "./ceremony_vectors.mjs";

const P = 2n ** 255n - 19n;
const ORDER_8 = "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05";
const IDENTITY_HEX = "01" + "00".repeat(31);
const hex = c.bytesToHex;
const fromHex = (text) => Uint8Array.from(text.match(/../g) ?? [], (b) => parseInt(b, 16));
const intHex = (n) => hex(Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn)));
const clone = (value) => JSON.parse(JSON.stringify(value));
const randomBytes = (n) => globalThis.crypto.getRandomValues(new Uint8Array(n));

const BALLOTS = [
  ["strike_valid", c.Layout.strike(5, 3, 2), [1, 1, 0, 1, 0], [0, 0], false],
  ["strike_flagged", c.Layout.strike(5, 3, 2), [0, 0, 0, 0, 0], [0, 1], false],
  ["strike_13", c.Layout.strike(13, 10, 2), [1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0], [0, 0], false],
  ["approve_valid", c.Layout.approve(3, 1), [1, 0, 0, 0, 0, 1], [0], false],
  ["approve_single", c.Layout.approve(1, 1), [0, 1], [0], false],
  ["forged_mark_2", c.Layout.strike(5, 3, 2), [2, 1, 0, 0, 0], [0, 0], true],
  ["forged_too_many", c.Layout.strike(5, 3, 2), [1, 1, 1, 1, 0], [0, 0], true],
  ["forged_vote_and_flag", c.Layout.strike(5, 3, 2), [1, 0, 0, 0, 0], [1, 0], true],
  ["forged_two_boxes", c.Layout.approve(3, 1), [1, 1, 0, 0, 0, 0], [0], true],
];

const layoutJson = (l) => ({ kind: l.kind, candidates: l.candidates, seats: l.seats, flags: l.flags });
const layoutOf = (v) => new c.Layout(v.kind, v.candidates, v.seats, v.flags);
const flip = (text) => (parseInt(text.slice(0, 2), 16) ^ 1).toString(16).padStart(2, "0") + text.slice(2);

function attempt(fn) {
  try {
    return fn();
  } catch (exc) {
    if (exc instanceof c.EncodingError) return exc.code;
    throw exc;
  }
}

function mutations(ballot) {
  const a0 = ed25519.Point.fromHex(ballot.marks[0][0]);
  const torsioned = hex(a0.add(ed25519.Point.fromHex(ORDER_8)).toBytes());
  const c0 = c.scalarFromHex(ballot.mark_proofs[0][0][0]);
  const edit = (path, value) => {
    const copy = clone(ballot);
    let target = copy;
    for (const key of path.slice(0, -1)) target = target[key];
    target[path[path.length - 1]] = value;
    return copy;
  };
  const swapped = clone(ballot);
  [swapped.marks[0], swapped.marks[1]] = [swapped.marks[1], swapped.marks[0]];
  return [
    ["flipped_bit", edit(["mark_proofs", 0, 1, 1], flip(ballot.mark_proofs[0][1][1])), null],
    ["replayed_context", ballot, new TextEncoder().encode("another round")],
    ["swapped_marks", swapped, null],
    ["torsion_point", edit(["marks", 0, 0], torsioned), null],
    ["small_order_point", edit(["marks", 0, 1], ORDER_8), null],
    ["non_canonical_point", edit(["marks", 0, 0], intHex(P + 1n)), null],
    ["identity_point", edit(["marks", 0, 0], IDENTITY_HEX), null],
    ["non_canonical_scalar", edit(["mark_proofs", 0, 0, 0], intHex(c0 + c.L)), null],
    ["uppercase_hex", edit(["marks", 0, 0], ballot.marks[0][0].toUpperCase()), null],
  ];
}

function pointCases(pk) {
  const torsioned = hex(pk.add(ed25519.Point.fromHex(ORDER_8)).toBytes());
  const pkHex = c.pointToHex(pk);
  const cases = [
    [pkHex, false], [c.pointToHex(c.G), false], [IDENTITY_HEX, true], [IDENTITY_HEX, false],
    [intHex(P - 1n), true], ["00".repeat(32), true], [ORDER_8, true], [torsioned, false],
    [intHex(P + 1n), true], ["01" + "00".repeat(30) + "80", true], [intHex(2n), false],
    [pkHex.toUpperCase(), false], [pkHex.slice(0, 62), false],
  ];
  return cases.map(([text, allow]) => ({
    hex: text,
    allow_identity: allow,
    expect: attempt(() => (c.pointFromHex(text, { allowIdentity: allow }), "ok")),
  }));
}

/** A fresh vector set made by JavaScript (random keys, nonces and contexts). */
export async function produce() {
  const secret = c.randomScalar();
  const pk = c.baseMul(secret);
  const context = randomBytes(32);
  const fields = [0, 1, 32, 77].map(randomBytes);
  const [r, k] = [c.randomScalar(), c.randomScalar()];
  const known = {
    challenges: [
      ["votesys/v1/test", [new Uint8Array([1, 2]), new Uint8Array()]],
      ["votesys/v1/dleq", fields],
    ].map(([tag, fs]) => ({ tag, fields: fs.map(hex), value: c.scalarToHex(c.challenge(tag, ...fs)) })),
    digests: [{ tag: "votesys/v1/ballot", fields: fields.map(hex), value: hex(c.digest("votesys/v1/ballot", ...fields)) }],
    layouts: [c.Layout.strike(5, 3, 2), c.Layout.approve(4, 0), c.Layout.strike(250, 200, 3)].map((l) => ({
      layout: layoutJson(l),
      bytes: hex(l.encode()),
    })),
    weights: [[1, 1], [0, 1], [1, 10], [0, 200], [1, 200]].map(([lo, hi]) => ({ lo, hi, weights: c.bitWeights(lo, hi) })),
    base_mul: [1n, k, c.L - 1n].map((s) => ({ k: c.scalarToHex(s), point: c.pointToHex(c.baseMul(s)) })),
    encrypt: [0, 1, 7].map((m) => ({ m, pk: c.pointToHex(pk), r: c.scalarToHex(r), ct: c.encrypt(m, pk, r).toJson() })),
    points: pointCases(pk),
    scalars: [[0n, "ok"], [c.L - 1n, "ok"], [c.L, "non_canonical_scalar"], [2n ** 256n - 1n, "non_canonical_scalar"]].map(
      ([v, expect]) => ({ hex: intHex(v), expect }),
    ),
  };
  return {
    producer: "js",
    known,
    proofs: proofs(pk, secret, context),
    ballots: ballots(pk, context),
    ceremony: await ceremony.produce(),
  };
}

function proofs(pk, secret, context) {
  const out = [];
  const ctx = hex(context);
  for (const [m, claim, values] of [[1, 1, [0, 1]], [0, 0, [0, 1]], [5, 5, [0, 1, 2, 5]], [2, 1, [0, 1]]]) {
    const r = c.randomScalar();
    const ct = c.encrypt(m, pk, r);
    const proof = c.proveSet(ct, claim, r, values, pk, context);
    const valid = c.verifySet(ct, proof, values, pk, context);
    out.push({ kind: "set", pk: c.pointToHex(pk), context: ctx, ct: ct.toJson(), values, proof: proof.toJson(), valid });
  }
  const base = c.baseMul(c.randomScalar());
  const [result, dleq] = c.proveDleq(secret, base, context);
  const schnorr = c.proveKnowledge(secret, context);
  for (const other of [context, c.concat([context, new Uint8Array([0x78])])]) {
    out.push({
      kind: "dleq", public: c.pointToHex(pk), base: c.pointToHex(base), result: c.pointToHex(result),
      context: hex(other), proof: dleq.toJson(), valid: c.verifyDleq(pk, base, result, dleq, other),
    });
  }
  for (const other of [context, c.concat([context, new Uint8Array([0x78])])]) {
    out.push({
      kind: "schnorr", public: c.pointToHex(pk), context: hex(other), proof: schnorr.toJson(),
      valid: c.verifyKnowledge(pk, schnorr, other),
    });
  }
  return out;
}

function ballots(pk, context) {
  const out = [];
  const base = { pk: c.pointToHex(pk) };
  for (const [name, layout, marks, flags, forge] of BALLOTS) {
    const made = c._encrypt(marks, flags, layout, pk, context, { keepSecrets: true, forge });
    const value = made.toJson();
    const { problems } = c.verifyBallotJson(value, layout, pk, context);
    const entry = { name, layout: layoutJson(layout), ...base, context: hex(context), ballot: value, problems };
    if (!forge) Object.assign(entry, { receipt: c.receipt(made), revealed: c.reveal(made), revealed_problems: [] });
    out.push(entry);
    if (name !== "strike_valid") continue;
    const lie = clone(entry.revealed);
    lie.marks[2] = 1;
    out.push({ ...entry, name: "benaloh_lie", revealed: lie, revealed_problems: [{ code: "revealed_mark", index: 2 }] });
    for (const [mname, mvalue, other] of mutations(value)) {
      const ctx = other ?? context;
      const got = c.verifyBallotJson(mvalue, layout, pk, ctx).problems;
      out.push({ name: mname, layout: layoutJson(layout), ...base, context: hex(ctx), ballot: mvalue, problems: got });
    }
  }
  return out;
}

/** Every disagreement between JavaScript and the vector set; `checked` counts the comparisons. */
export async function check(vectors) {
  const failures = [];
  let checked = 0;
  const expect = (label, got, wanted) => {
    checked += 1;
    if (JSON.stringify(got) !== JSON.stringify(wanted)) {
      failures.push(`${vectors.producer}:${label}: got ${JSON.stringify(got)}, expected ${JSON.stringify(wanted)}`);
    }
  };
  const k = vectors.known;
  k.challenges.forEach((it, i) => expect(`challenge[${i}]`, c.scalarToHex(c.challenge(it.tag, ...it.fields.map(fromHex))), it.value));
  k.digests.forEach((it, i) => expect(`digest[${i}]`, hex(c.digest(it.tag, ...it.fields.map(fromHex))), it.value));
  k.layouts.forEach((it, i) => expect(`layout[${i}]`, hex(layoutOf(it.layout).encode()), it.bytes));
  k.weights.forEach((it, i) => expect(`weights[${i}]`, c.bitWeights(it.lo, it.hi), it.weights));
  k.base_mul.forEach((it, i) => expect(`base_mul[${i}]`, c.pointToHex(c.baseMul(c.scalarFromHex(it.k))), it.point));
  k.encrypt.forEach((it, i) =>
    expect(`encrypt[${i}]`, c.encrypt(it.m, c.pointFromHex(it.pk), c.scalarFromHex(it.r)).toJson(), it.ct),
  );
  k.points.forEach((it, i) => {
    const got = attempt(() => {
      const p = c.pointFromHex(it.hex, { allowIdentity: it.allow_identity });
      return c.pointToHex(p) === it.hex ? "ok" : "re-encoded differently";
    });
    expect(`point[${i}] ${it.hex}`, got, it.expect);
  });
  k.scalars.forEach((it, i) =>
    expect(`scalar[${i}]`, attempt(() => (c.scalarToHex(c.scalarFromHex(it.hex)) === it.hex ? "ok" : "changed")), it.expect),
  );
  vectors.proofs.forEach((it, i) => expect(`proof[${i}] ${it.kind}`, verifyProof(it), it.valid));
  for (const it of vectors.ballots) checkBallot(it, expect);
  await ceremony.check(vectors, expect);
  return { failures, checked };
}

function verifyProof(it) {
  const ctx = fromHex(it.context);
  if (it.kind === "set") {
    const proof = c.SetProof.fromJson(it.proof, it.values.length);
    return c.verifySet(c.Ciphertext.fromJson(it.ct), proof, it.values, c.pointFromHex(it.pk), ctx);
  }
  const pub = c.pointFromHex(it.public);
  const proof = c.ScalarPair.fromJson(it.proof);
  if (it.kind === "dleq") return c.verifyDleq(pub, c.pointFromHex(it.base), c.pointFromHex(it.result), proof, ctx);
  return c.verifyKnowledge(pub, proof, ctx);
}

function checkBallot(it, expect) {
  const layout = layoutOf(it.layout);
  const pk = c.pointFromHex(it.pk);
  const { ballot, problems } = c.verifyBallotJson(it.ballot, layout, pk, fromHex(it.context));
  expect(`ballot ${it.name} problems`, problems, it.problems);
  if (!ballot) return;
  if (it.receipt) expect(`ballot ${it.name} receipt`, c.receipt(ballot), it.receipt);
  if (it.revealed) expect(`ballot ${it.name} revealed`, c.checkRevealed(ballot, it.revealed, pk), it.revealed_problems);
  expect(`ballot ${it.name} round trip`, ballot.toJson(), it.ballot);
}

async function main(command) {
  if (command === "produce") {
    process.stdout.write(JSON.stringify(await produce()) + "\n");
  } else if (command === "check") {
    const chunks = [];
    for await (const chunk of process.stdin) chunks.push(chunk);
    const vectors = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    process.stdout.write(JSON.stringify(await check(vectors)) + "\n");
  } else {
    process.stderr.write("usage: node tests/js/vectors.mjs produce|check < vectors.json\n");
    process.exitCode = 2;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv[2]);
