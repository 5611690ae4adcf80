// The group twin: validation of every incoming encoding, and deliberate identity handling.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha512 } from "@noble/hashes/sha2.js";
import * as c from "../../static/js/crypto/index.js";

const P = 2n ** 255n - 19n;
const le = (n) => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
const ORDER_8 = c.hexToBytes("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05");
const IDENTITY = c.hexToBytes("01" + "00".repeat(31));
const code = (fn) => {
  try {
    fn();
    return "ok";
  } catch (exc) {
    assert.ok(exc instanceof c.EncodingError, String(exc));
    return exc.code;
  }
};

test("the base point is the Ed25519 generator", () => {
  assert.equal(c.pointToHex(c.G), "58" + "66".repeat(31));
  assert.equal(c.pointToHex(c.baseMul(1n)), "58" + "66".repeat(31));
});

test("small-order points are refused even where the identity is allowed", () => {
  for (const bytes of [le(P - 1n), new Uint8Array(32), ORDER_8]) {
    assert.equal(code(() => c.decodePoint(bytes, { allowIdentity: true })), "invalid_point");
  }
});

test("a point with a torsion component is refused", () => {
  const p = c.baseMul(c.randomScalar());
  const torsioned = p.add(ed25519.Point.fromBytes(ORDER_8)).toBytes();
  assert.equal(code(() => c.decodePoint(torsioned)), "invalid_point");
  assert.ok(c.decodePoint(p.toBytes()).equals(p));
});

test("non-canonical identities and points off the curve are refused", () => {
  const negativeZero = IDENTITY.slice();
  negativeZero[31] = 0x80;
  assert.equal(code(() => c.decodePoint(le(P + 1n), { allowIdentity: true })), "invalid_point");
  assert.equal(code(() => c.decodePoint(negativeZero, { allowIdentity: true })), "invalid_point");
  assert.equal(code(() => c.decodePoint(le(2n))), "invalid_point");
});

test("the identity is accepted only when allowed", () => {
  assert.ok(c.decodePoint(IDENTITY, { allowIdentity: true }).is0());
  assert.equal(code(() => c.decodePoint(IDENTITY)), "identity_not_allowed");
});

test("wrong length, type or hex spelling is refused", () => {
  for (const data of [new Uint8Array(0), new Uint8Array(31), new Uint8Array(33), "00".repeat(32)]) {
    assert.equal(code(() => c.decodePoint(data)), "bad_length");
  }
  for (const text of ["AB".repeat(32), "0".repeat(63), "zz".repeat(32), " " + "0".repeat(63), "0x" + "0".repeat(62)]) {
    assert.equal(code(() => c.hexToBytes(text)), "bad_hex");
  }
});

test("scalars must be reduced", () => {
  assert.equal(c.decodeScalar(c.scalarToBytes(c.L - 1n)), c.L - 1n);
  assert.equal(code(() => c.decodeScalar(le(c.L))), "non_canonical_scalar");
});

test("identity arithmetic as in Python", () => {
  const p = c.baseMul(c.randomScalar());
  assert.ok(c.mul(p, 0n).is0() && c.mul(c.IDENTITY, 5n).is0() && c.baseMul(c.L).is0());
  assert.ok(p.subtract(p).is0() && p.add(c.IDENTITY).equals(p));
  assert.equal(c.pointToHex(c.IDENTITY), "01" + "00".repeat(31));
  assert.ok(c.withTable(c.IDENTITY).is0());
});

test("scalar multiplication is a homomorphism, with or without a table", () => {
  for (let i = 0; i < 5; i++) {
    const [a, b] = [c.randomScalar(), c.randomScalar()];
    assert.ok(c.baseMul(a).add(c.baseMul(b)).equals(c.baseMul(a + b)));
    assert.ok(c.mul(c.baseMul(a), b).equals(c.baseMul(a * b)));
    assert.ok(c.mulPublic(c.withTable(c.baseMul(a)), b).equals(c.baseMul(a * b)));
    assert.ok(c.baseMul(-a).equals(c.baseMul(a).negate()));
  }
});

test("hashToScalar is SHA-512 little-endian mod L; random scalars are non-zero and reduced", () => {
  const data = new TextEncoder().encode("abc");
  assert.equal(c.hashToScalar(data), c.bytesToIntLE(sha512(data)) % c.L);
  const seen = new Set();
  for (let i = 0; i < 50; i++) {
    const k = c.randomScalar();
    assert.ok(k > 0n && k < c.L);
    seen.add(k);
  }
  assert.equal(seen.size, 50);
});

test("the fixed-base tables give noble's multiples, at the digit edges too", () => {
  const key = c.baseMul(c.randomScalar());
  const fast = c.withTable(key);
  const plainG = ed25519.Point.fromBytes(c.G.toBytes());
  const plainKey = ed25519.Point.fromBytes(key.toBytes());
  const edges = [1n, 2n, 127n, 128n, 129n, 255n, 256n, 0x8080n, 0xffffn, c.L - 1n, c.L - 128n, c.L - 256n,
    (c.L - 1n) / 2n, 2n ** 252n, 2n ** 252n - 1n, BigInt("0x" + "80".repeat(31)), BigInt("0x" + "ff".repeat(31))];
  const scalars = [...edges, ...Array.from({ length: 40 }, () => c.randomScalar())];
  for (const k of scalars) {
    const expectG = plainG.multiplyUnsafe(k % c.L);
    const expectKey = plainKey.multiplyUnsafe(k % c.L);
    assert.ok(c.baseMul(k).equals(expectG), `k·G for ${k}`);
    assert.ok(c.baseMulRaw(k).equals(expectG), `raw k·G for ${k}`);
    assert.equal(c.pointToHex(c.baseMul(k)), expectG.toHex());
    assert.ok(c.mul(fast, k).equals(expectKey), `k·pk for ${k}`);
    assert.ok(c.mulPublic(fast, k).equals(expectKey));
    assert.equal(c.pointToHex(c.mulRaw(fast, k)), expectKey.toHex());
  }
  assert.ok(c.mul(fast, 0n).is0() && c.mulRaw(fast, c.L).is0() && c.baseMul(c.L).is0());
  const points = scalars.slice(0, 10).map((k) => c.mulRaw(fast, k));
  assert.deepEqual(c.normalizeAll(points).map(c.pointToHex), points.map(c.pointToHex));
});
