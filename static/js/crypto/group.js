/**
 * The group: the prime-order subgroup of edwards25519, with the identity handled here
 * (twin of votesys/core/crypto/group.py; docs/protocol.md §1-2).
 *
 * Points are noble `ed25519.Point` objects; every point this module hands out is the identity
 * or a member of the prime-order subgroup. Scalars are BigInts in [0, L).
 * @module
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { normalizeZ } from "@noble/curves/abstract/curve.js";
import { sha512 } from "@noble/hashes/sha2.js";
import { EncodingError } from "./errors.js";

const Point = ed25519.Point;
/** The order of the prime-order subgroup. */
export const L = 2n ** 252n + 27742317777372353535851937790883648493n;
/** The standard base point G. */
export const G = Point.BASE;
/** The identity O = (0, 1). */
export const IDENTITY = Point.ZERO;
export const POINT_BYTES = 32;
export const SCALAR_BYTES = 32;
const IDENTITY_HEX = "01" + "00".repeat(31);
const HEX = /^[0-9a-f]*$/;

/** @param {bigint} k @returns {bigint} k mod L, non-negative */
export function mod(k) {
  const r = k % L;
  return r < 0n ? r + L : r;
}

/**
 * Decode 32 bytes: canonical, on the curve, not small order, in the prime-order subgroup.
 * The identity is refused unless `allowIdentity` (protocol.md, "The identity").
 * @param {Uint8Array} data
 * @param {{allowIdentity?: boolean}} [options]
 * @returns {import("@noble/curves/abstract/edwards.js").EdwardsPoint}
 */
export function decodePoint(data, { allowIdentity = false } = {}) {
  if (!(data instanceof Uint8Array) || data.length !== POINT_BYTES) {
    throw new EncodingError("bad_length", { expected: POINT_BYTES });
  }
  if (bytesToHex(data) === IDENTITY_HEX) {
    if (!allowIdentity) throw new EncodingError("identity_not_allowed");
    return IDENTITY;
  }
  let point;
  try {
    point = Point.fromBytes(data, false); // strict RFC 8032: y < p, no "negative zero"
  } catch {
    throw new EncodingError("invalid_point");
  }
  // Same refusals as libsodium's crypto_core_ed25519_is_valid_point.
  if (point.isSmallOrder() || !point.isTorsionFree() || !equalBytes(point.toBytes(), data)) {
    throw new EncodingError("invalid_point");
  }
  return point;
}

/** @param {string} text lowercase hex @param {{allowIdentity?: boolean}} [options] */
export function pointFromHex(text, options) {
  return decodePoint(hexToBytes(text), options);
}

/** @returns {Uint8Array} the standard 32-byte encoding */
export function encodePoint(point) {
  return point.toBytes();
}

/** @returns {string} 64 lowercase hex characters */
export function pointToHex(point) {
  return bytesToHex(point.toBytes());
}

/** True when the two points are the same group element. */
export function pointsEqual(p, q) {
  return p.equals(q);
}

/**
 * k·P for a secret or public scalar (reduced mod L); 0·P = k·O = O as in Python.
 * A point with a table (G, withTable) is multiplied with it (fixed-base, constant operation count).
 * @param {*} point @param {bigint} k
 */
export function mul(point, k) {
  const s = mod(k);
  if (s === 0n || point.is0()) return IDENTITY;
  const table = tableOf(point);
  return table ? normalizeOne(table.multiply(s)) : point.multiply(s);
}

/** k·P for public scalars only (verification): faster, not constant time. */
export function mulPublic(point, k) {
  const s = mod(k);
  if (s === 0n || point.is0()) return IDENTITY;
  const table = tableOf(point);
  return table ? normalizeOne(table.multiply(s)) : point.multiplyUnsafe(s);
}

/**
 * As `mul`, but a table point's multiple is left in projective form (no inversion): for the
 * hot paths, which make the affine forms of many points at once with `normalizeAll`.
 */
export function mulRaw(point, k) {
  const s = mod(k);
  if (s === 0n || point.is0()) return IDENTITY;
  const table = tableOf(point);
  return table ? table.multiply(s) : point.multiply(s);
}

/** The same points with Z = 1 (one field inversion for all): cheap to encode afterwards. */
export function normalizeAll(points) {
  return points.length ? normalizeZ(Point, points) : [];
}

function normalizeOne(point) {
  return normalizeZ(Point, [point])[0];
}

// Fixed-base tables (docs/performance.md, "Encryption made faster"): for a point P used many
// times (G, the election key), the affine multiples d·256^w·P for w < 32 and 1 <= d <= 128, kept
// as (y + x, y − x, 2d·x·y). k·P is then one mixed addition per byte of k in signed digits
// (k < L < 2^253, so 32 digits in [−128, 128] with no carry out): 32 additions of 7 field
// multiplications, no doubling. Every multiplication makes the same 32 additions (a zero digit
// adds the identity) and reads every entry of each window's row, whatever the scalar.
const FP = Point.Fp.ORDER;
const D2 = (2n * Point.CURVE().d) % FP;
const WINDOWS = 32;
const ROW = 128;

class FixedBaseTable {
  constructor(point) {
    const multiples = [];
    let base = point;
    for (let w = 0; w < WINDOWS; w++) {
      let acc = base;
      for (let d = 1; d <= ROW; d++) {
        multiples.push(acc);
        if (d < ROW) acc = acc.add(base);
      }
      base = acc.double(); // 2·128·256^w·P = 256^(w+1)·P
    }
    const affine = normalizeZ(Point, multiples);
    // Entry 0 of every row is the identity (x = 0, y = 1), added for a zero digit.
    const n = WINDOWS * (ROW + 1);
    this.ypx = new Array(n);
    this.ymx = new Array(n);
    this.xy2d = new Array(n);
    for (let w = 0; w < WINDOWS; w++) {
      const at = w * (ROW + 1);
      this.ypx[at] = 1n;
      this.ymx[at] = 1n;
      this.xy2d[at] = 0n;
      for (let d = 1; d <= ROW; d++) {
        const { X: x, Y: y } = affine[w * ROW + d - 1];
        this.ypx[at + d] = (y + x) % FP;
        this.ymx[at + d] = (y - x + FP) % FP;
        this.xy2d[at + d] = (((D2 * x) % FP) * y) % FP;
      }
    }
  }

  /** k·P for 0 < k < L, in projective form. */
  multiply(k) {
    const bytes = scalarToBytes(k);
    const { ypx, ymx, xy2d } = this;
    let X = 0n;
    let Y = 1n;
    let Z = 1n;
    let T = 0n;
    let carry = 0;
    for (let w = 0; w < WINDOWS; w++) {
      const v = bytes[w] + carry; // 0..256
      carry = (v + ROW) >> 8;
      const digit = v - (carry << 8); // −128..128
      const sign = digit >>> 31; // 1 when negative
      const index = (digit ^ -sign) + sign; // |digit|
      const at = w * (ROW + 1);
      let p = ypx[at];
      let m = ymx[at];
      let t = xy2d[at];
      for (let d = 1; d <= ROW; d++) {
        const hit = d === index;
        p = hit ? ypx[at + d] : p;
        m = hit ? ymx[at + d] : m;
        t = hit ? xy2d[at + d] : t;
      }
      // −(x, y) = (−x, y): y + x and y − x swap, 2d·x·y changes sign.
      const qp = sign ? m : p;
      const qm = sign ? p : m;
      const qt = sign ? FP - t : t;
      // Mixed addition (extended coordinates, a = −1; complete on edwards25519).
      const a = ((Y - X) * qm) % FP;
      const b = ((Y + X) * qp) % FP;
      const c = (T * qt) % FP;
      const dd = 2n * Z;
      const e = b - a;
      const f = dd - c;
      const g = dd + c;
      const h = b + a;
      X = (e * f) % FP;
      Y = (g * h) % FP;
      T = (e * h) % FP;
      Z = (f * g) % FP;
    }
    const fix = (v) => (v < 0n ? v + FP : v);
    return new Point(fix(X), fix(Y), fix(Z), fix(T));
  }
}

const tables = new WeakMap(); // point object -> its FixedBaseTable, built on first use
const withTables = new Map(); // hex -> point object registered for a table
const TABLES_KEPT = 4;

function tableOf(point) {
  const entry = tables.get(point);
  if (entry === undefined) return null;
  if (entry === null) {
    const built = new FixedBaseTable(point);
    tables.set(point, built);
    return built;
  }
  return entry;
}

// A private copy of G with a table (built on the first k·G).
const BASE_POINT = Point.fromBytes(G.toBytes());
tables.set(BASE_POINT, null);

/** k·G (fixed-base table). @param {bigint} k */
export function baseMul(k) {
  return mul(BASE_POINT, k);
}

/** k·G in projective form (see mulRaw). @param {bigint} k */
export function baseMulRaw(k) {
  return mulRaw(BASE_POINT, k);
}

/**
 * The same point with a fixed-base table (about 10x faster multiples, ~15 ms to build on first
 * use): for the election key, used hundreds of times per ballot. A few tables are kept.
 */
export function withTable(point) {
  if (point.is0()) return point;
  const key = pointToHex(point);
  let fast = withTables.get(key);
  if (!fast) {
    if (withTables.size >= TABLES_KEPT) withTables.delete(withTables.keys().next().value);
    fast = Point.fromBytes(point.toBytes());
    tables.set(fast, null);
    withTables.set(key, fast);
  }
  return fast;
}

/** Σ points (O for none). */
export function sumPoints(points) {
  let total = IDENTITY;
  for (const p of points) total = total.add(p);
  return total;
}

/**
 * Lowercase hex of exactly `length` bytes; anything else is refused (one canonical spelling).
 * @param {string} text @param {number} [length] @returns {Uint8Array}
 */
export function hexToBytes(text, length = 32) {
  if (typeof text !== "string" || text.length !== 2 * length || !HEX.test(text)) {
    throw new EncodingError("bad_hex", { expected_chars: 2 * length });
  }
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** @param {Uint8Array} data @returns {string} lowercase hex */
export function bytesToHex(data) {
  let s = "";
  for (const b of data) s += b.toString(16).padStart(2, "0");
  return s;
}

/** @param {Uint8Array} a @param {Uint8Array} b */
export function equalBytes(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/** Little-endian bytes to BigInt. @param {Uint8Array} data */
export function bytesToIntLE(data) {
  let n = 0n;
  for (let i = data.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(data[i]);
  return n;
}

/** @param {bigint} k @returns {Uint8Array} 32 bytes little-endian of k mod L */
export function scalarToBytes(k) {
  let n = mod(k);
  const out = new Uint8Array(SCALAR_BYTES);
  for (let i = 0; i < SCALAR_BYTES; i++, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
}

/** @param {bigint} k @returns {string} */
export function scalarToHex(k) {
  return bytesToHex(scalarToBytes(k));
}

/** 32 bytes little-endian, canonical (< L): non-reduced scalars would make proofs malleable. */
export function decodeScalar(data) {
  if (!(data instanceof Uint8Array) || data.length !== SCALAR_BYTES) {
    throw new EncodingError("bad_length", { expected: SCALAR_BYTES });
  }
  const k = bytesToIntLE(data);
  if (k >= L) throw new EncodingError("non_canonical_scalar");
  return k;
}

/** @param {string} text @returns {bigint} */
export function scalarFromHex(text) {
  return decodeScalar(hexToBytes(text));
}

/** A uniform non-zero scalar: 64 random bytes reduced mod L (bias below 2^-250). */
export function randomScalar() {
  for (;;) {
    const k = bytesToIntLE(globalThis.crypto.getRandomValues(new Uint8Array(64))) % L;
    if (k !== 0n) return k;
  }
}

/** SHA-512 of `data`, read little-endian, reduced mod L (as Ed25519 does). */
export function hashToScalar(data) {
  return bytesToIntLE(sha512(data)) % L;
}
