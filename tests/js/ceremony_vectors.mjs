/**
 * The key ceremony's part of the cross-language vectors (twin of
 * tests/core/crypto_vectors_ceremony.py, same format): commitments and their Schnorr proofs,
 * shares against commitments, transport keys, sealed shares, partial decryptions with DLEQ
 * proofs, decryptions of a total, wrapped shares. Each case carries what its producer found
 * (`expect`: "ok", "refused", an error code, an opened share's hex, or a decryption's result).
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import * as c from "../../static/js/crypto/index.js";

const ORDER_8 = "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05";
const MEMBERS = [1, 2, 3];
const THRESHOLD = 2;
const ITERATIONS = 1000; // vectors only, so that tests stay fast; the hall uses 600,000
const PHRASE = "Mật khẩu của tôi";

const hex = c.bytesToHex;
const sx = c.scalarToHex;
const fromHex = (text) => Uint8Array.from(text.match(/../g) ?? [], (b) => parseInt(b, 16));
const random = (n) => globalThis.crypto.getRandomValues(new Uint8Array(n));
const copy = (value) => JSON.parse(JSON.stringify(value));
const flip = (text) => (parseInt(text.slice(0, 2), 16) ^ 1).toString(16).padStart(2, "0") + text.slice(2);
const torsion = (pointHex) => hex(ed25519.Point.fromHex(pointHex).add(ed25519.Point.fromHex(ORDER_8)).toBytes());

async function outcome(fn) {
  try {
    return await fn();
  } catch (exc) {
    if (exc instanceof c.CryptoError) return exc.code;
    throw exc;
  }
}

// --- the checkers, shared by the producer (to fill in expect) and the checker ---

const checks = {
  commitments: (item) =>
    outcome(() => {
      const cm = c.Commitments.fromJson(item.commitments);
      return c.verifyCommitments(cm, item.threshold, fromHex(item.ceremony)) ? "ok" : "refused";
    }),
  shares: async (item, v) => {
    const cm = c.Commitments.fromJson(v.dealers[item.dealer - 1]);
    return c.verifyShare(item.member, c.scalarFromHex(item.share), cm) ? "ok" : "refused";
  },
  transport: (item) =>
    outcome(() => {
      const key = c.pointFromHex(item.published.key);
      const proof = c.ScalarPair.fromJson(item.published.proof);
      return c.verifyTransportKey(key, proof, fromHex(item.ceremony), item.member) ? "ok" : "refused";
    }),
  sealed: (item) =>
    outcome(() => {
      const ctx = c.shareContext(fromHex(item.ceremony), item.dealer, item.recipient);
      return sx(c.openShare(fromHex(item.sealed), c.scalarFromHex(item.secret), ctx));
    }),
  partials: (item) =>
    outcome(() => {
      const pd = c.PartialDecryption.fromJson(item.partial);
      const ct = c.Ciphertext.fromJson(item.ct, { allowIdentity: true });
      const ctx = c.decryptionContext(fromHex(item.round), item.index);
      return c.verifyPartial(pd, c.pointFromHex(item.key), ct, ctx) ? "ok" : "refused";
    }),
  decrypt: async (item, v) => {
    const keys = new Map(MEMBERS.map((j, i) => [j, c.pointFromHex(v.verification_keys[i])]));
    const ct = c.Ciphertext.fromJson(item.ct, { allowIdentity: true });
    const partials = item.partials.map((p) => c.PartialDecryption.fromJson(p));
    const ctx = c.decryptionContext(fromHex(item.round), item.index);
    try {
      return { value: c.decryptTotal(ct, partials, keys, THRESHOLD, ctx, item.max_value) };
    } catch (exc) {
      if (!(exc instanceof c.CryptoError)) throw exc;
      return { code: exc.code, members: exc.params.members ?? null };
    }
  },
  wrapped: (item) =>
    outcome(async () => {
      const ctx = c.wrapContext(fromHex(item.ceremony), item.member);
      return sx(await c.unwrapShare(item.wrapped, item.passphrase, ctx, { minIterations: item.min_iterations }));
    }),
};

function contextBytes(item, ceremony, round) {
  const [first, ...rest] = item.args;
  switch (item.kind) {
    case "commitment":
      return c.commitmentContext(ceremony, first, rest[0].map((p) => c.pointFromHex(p)));
    case "share":
      return c.shareContext(ceremony, first, ...rest);
    case "transport":
      return c.transportKeyContext(ceremony, first);
    case "wrap":
      return c.wrapContext(ceremony, first);
    default:
      return c.decryptionContext(round, first);
  }
}

// --- the producer ---

async function named(cases, section, v) {
  const out = [];
  for (const [name, item] of cases) out.push({ name, ...item, expect: await checks[section](item, v) });
  return out;
}

/** A fresh ceremony vector set made by JavaScript. */
export async function produce() {
  const ceremony = random(32);
  const round = random(32);
  const dealings = new Map(MEMBERS.map((i) => [i, c.deal(i, MEMBERS, THRESHOLD, ceremony)]));
  const commitments = MEMBERS.map((i) => dealings.get(i).commitments);
  const shares = new Map(MEMBERS.map((j) => [j, c.combineShares(MEMBERS.map((i) => dealings.get(i).shares.get(j)))]));
  const keys = c.verificationKeys(commitments, MEMBERS);
  const pk = c.jointPublicKey(commitments);
  const points = commitments[2].points;
  const v = {
    ceremony: hex(ceremony),
    round: hex(round),
    contexts: [
      ["commitment", [3, points.map(c.pointToHex)], c.commitmentContext(ceremony, 3, points)],
      ["share", [1, 2], c.shareContext(ceremony, 1, 2)],
      ["transport", [2], c.transportKeyContext(ceremony, 2)],
      ["wrap", [3], c.wrapContext(ceremony, 3)],
      ["decryption", [7], c.decryptionContext(round, 7)],
    ].map(([kind, args, bytes]) => ({ kind, args, bytes: hex(bytes) })),
    lagrange: [[1, 2], [1, 3], [2, 3], [1, 2, 3]].map((members) => ({
      members,
      values: [...c.lagrangeAtZero(members).values()].map(sx),
    })),
    dealers: commitments.map((cm) => cm.toJson()),
    joint_key: c.pointToHex(pk),
    verification_keys: MEMBERS.map((j) => c.pointToHex(keys.get(j))),
  };
  v.commitments = await named(commitmentCases(v.dealers, ceremony), "commitments", v);
  v.shares = await named(shareCases(dealings), "shares", v);
  const [secrets, transport] = transportCases(ceremony);
  v.transport = await named(transport, "transport", v);
  v.sealed = await named(sealedCases(ceremony, secrets, dealings), "sealed", v);
  const [partials, decrypt] = partialCases(pk, shares, keys, round);
  v.partials = await named(partials, "partials", v);
  v.decrypt = [];
  for (const item of decrypt) v.decrypt.push({ ...item, expect: await checks.decrypt(item, v) });
  v.wrapped = await named(await wrappedCases(ceremony, shares.get(2)), "wrapped", v);
  return v;
}

function commitmentCases(dealers, ceremony) {
  const good = dealers[0];
  const [flipped, stolen, torsioned] = [copy(good), copy(good), copy(good)];
  flipped.proof[1] = flip(good.proof[1]);
  stolen.member = 2; // member 2 passes member 1's commitments off as theirs
  torsioned.points[1] = torsion(good.points[1]);
  const base = { ceremony: hex(ceremony), threshold: THRESHOLD };
  return [
    ...dealers.map((d, i) => [`dealer_${i + 1}`, { ...base, commitments: d }]),
    ["flipped_bit", { ...base, commitments: flipped }],
    ["replayed_member", { ...base, commitments: stolen }],
    ["replayed_ceremony", { ...base, ceremony: hex(random(32)), commitments: good }],
    ["wrong_threshold", { ...base, threshold: THRESHOLD + 1, commitments: good }],
    ["torsion_point", { ...base, commitments: torsioned }],
  ];
}

function shareCases(dealings) {
  const s12 = dealings.get(1).shares.get(2);
  return [
    ...MEMBERS.flatMap((i) =>
      MEMBERS.map((j) => [`s_${i}${j}`, { dealer: i, member: j, share: sx(dealings.get(i).shares.get(j)) }]),
    ),
    ["wrong_value", { dealer: 1, member: 2, share: sx(s12 + 1n) }],
    ["another_member", { dealer: 1, member: 3, share: sx(s12) }],
  ];
}

function transportCases(ceremony) {
  const secrets = new Map();
  const cases = MEMBERS.map((j) => {
    const made = c.transportKey(ceremony, j);
    secrets.set(j, made.secret);
    const published = { key: c.pointToHex(made.public), proof: made.proof.toJson() };
    return [`member_${j}`, { ceremony: hex(ceremony), member: j, published }];
  });
  const good = cases[1][1];
  const [flipped, torsioned] = [copy(good), copy(good)];
  flipped.published.proof[0] = flip(good.published.proof[0]);
  torsioned.published.key = torsion(good.published.key);
  cases.push(["replayed_member", { ...good, member: 3 }], ["flipped_bit", flipped], ["torsion_point", torsioned]);
  return [secrets, cases];
}

function sealedCases(ceremony, secrets, dealings) {
  const cases = [[1, 2], [2, 2], [3, 1]].map(([i, j]) => {
    const ctx = c.shareContext(ceremony, i, j);
    const sealed = hex(c.sealShare(dealings.get(i).shares.get(j), c.baseMul(secrets.get(j)), ctx));
    return [`s_${i}${j}`, { ceremony: hex(ceremony), dealer: i, recipient: j, secret: sx(secrets.get(j)), sealed }];
  });
  const good = cases[0][1];
  return [
    ...cases,
    ["another_recipient", { ...good, recipient: 3, secret: sx(secrets.get(3)) }],
    ["another_dealer", { ...good, dealer: 3 }],
    ["tampered", { ...good, sealed: good.sealed.slice(0, 80) + flip(good.sealed.slice(80)) }],
    ["torsion_point", { ...good, sealed: torsion(good.sealed.slice(0, 64)) + good.sealed.slice(64) }],
  ];
}

function partialCases(pk, shares, keys, round) {
  const ct = c.addAll([1, 1, 0, 1, 1].map((m) => c.encrypt(m, pk, c.randomScalar())));
  const other = c.encrypt(1, pk, c.randomScalar());
  const index = 3;
  const ctx = c.decryptionContext(round, index);
  const made = new Map(MEMBERS.map((j) => [j, c.partialDecrypt(j, shares.get(j), ct, ctx).toJson()]));
  const base = { round: hex(round), index, ct: ct.toJson() };
  const cases = MEMBERS.map((j) => [`member_${j}`, { ...base, key: c.pointToHex(keys.get(j)), partial: made.get(j) }]);
  const good = cases[0][1];
  const [wrong, flipped, torsioned] = [copy(good), copy(good), copy(good)];
  wrong.partial.value = c.pointToHex(c.pointFromHex(made.get(1).value).add(c.G));
  flipped.partial.proof[1] = flip(made.get(1).proof[1]);
  torsioned.partial.value = torsion(made.get(1).value);
  const empty = c.partialDecrypt(3, shares.get(3), c.ZERO, ctx).toJson();
  cases.push(
    ["wrong_value", wrong],
    ["flipped_bit", flipped],
    ["torsion_point", torsioned],
    ["another_round", { ...good, round: hex(random(32)) }],
    ["another_index", { ...good, index: index + 1 }],
    ["another_total", { ...good, ct: other.toJson() }],
    ["another_member_key", { ...good, key: c.pointToHex(keys.get(2)) }],
    ["empty_total", { ...base, ct: c.ZERO.toJson(), key: c.pointToHex(keys.get(3)), partial: empty }],
  );
  const [m1, m2, m3] = MEMBERS.map((j) => made.get(j));
  const wrong2 = { ...m2, value: c.pointToHex(c.pointFromHex(m2.value).add(c.G)) };
  const decrypt = [
    ["members_12", [m1, m2], 5],
    ["members_23", [m2, m3], 5],
    ["everyone", [m1, m2, m3], 5],
    ["too_few", [m1], 5],
    ["duplicate", [m1, m1], 5],
    ["bad_partial", [m1, wrong2, m3], 5],
    ["out_of_range", [m1, m3], 3],
  ].map(([name, partials, maxValue]) => ({ name, ...base, partials, max_value: maxValue }));
  return [cases, decrypt];
}

async function wrappedCases(ceremony, share) {
  const wrapped = await c.wrapShare(share, PHRASE, c.wrapContext(ceremony, 2), { iterations: ITERATIONS });
  const base = { ceremony: hex(ceremony), member: 2, wrapped, min_iterations: ITERATIONS };
  return [
    ["good", { ...base, passphrase: PHRASE }],
    ["nfd_passphrase", { ...base, passphrase: PHRASE.normalize("NFD") }],
    ["wrong_passphrase", { ...base, passphrase: PHRASE + " " }],
    ["another_member", { ...base, member: 3, passphrase: PHRASE }],
    ["too_few_iterations", { ...base, passphrase: PHRASE, min_iterations: ITERATIONS + 1 }],
  ];
}

// --- the checker ---

/** Compare every ceremony case with this side's answer, through expect(label, got, wanted). */
export async function check(vectors, expect) {
  const v = vectors.ceremony;
  const [ceremony, round] = [fromHex(v.ceremony), fromHex(v.round)];
  v.contexts.forEach((item, i) =>
    expect(`ceremony context[${i}] ${item.kind}`, hex(contextBytes(item, ceremony, round)), item.bytes),
  );
  v.lagrange.forEach((item, i) =>
    expect(`lagrange[${i}]`, [...c.lagrangeAtZero(item.members).values()].map(sx), item.values),
  );
  const dealers = v.dealers.map((d) => c.Commitments.fromJson(d));
  const keys = c.verificationKeys(dealers, MEMBERS);
  expect("joint key", c.pointToHex(c.jointPublicKey(dealers)), v.joint_key);
  expect("verification keys", MEMBERS.map((j) => c.pointToHex(keys.get(j))), v.verification_keys);
  for (const section of Object.keys(checks)) {
    for (const item of v[section]) expect(`${section} ${item.name}`, await checks[section](item, v), item.expect);
  }
}

/**
 * What each case is meant to show, to compare with vectors/ceremony_verdicts.json: an opened
 * share is "opens" only if it is the share that was sealed (s_ij) or wrapped (x_2, against X_2).
 */
export function verdicts(vectors) {
  const v = vectors.ceremony;
  const dealt = new Map(v.shares.map((item) => [item.name, item.share]));
  const opened = (section, item) => {
    const wanted = item.expect;
    if (section === "sealed" && wanted === dealt.get(item.name)) return "opens";
    if (section === "wrapped" && typeof wanted === "string" && wanted.length === 64) {
      const key = c.pointToHex(c.baseMul(c.scalarFromHex(wanted)));
      return key === v.verification_keys[1] ? "opens" : "opens another share";
    }
    return wanted;
  };
  return Object.fromEntries(
    Object.keys(checks).map((s) => [s, Object.fromEntries(v[s].map((item) => [item.name, opened(s, item)]))]),
  );
}
