/**
 * The group: the prime-order subgroup of edwards25519, with the identity handled here
 * (twin of votesys/core/crypto/group.py; docs/protocol.md §1-2).
 *
 * Points are noble `ed25519.Point` objects; every point this module hands out is the identity
 * or a member of the prime-order subgroup. Scalars are BigInts in [0, L).
 * @module
 */
import { ed25519 } from "@noble/curves/ed25519.js";
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
 * @param {*} point @param {bigint} k
 */
export function mul(point, k) {
  const s = mod(k);
  if (s === 0n || point.is0()) return IDENTITY;
  return point.multiply(s);
}

/** k·P for public scalars only (verification): faster, not constant time. */
export function mulPublic(point, k) {
  const s = mod(k);
  if (s === 0n || point.is0()) return IDENTITY;
  return point.multiplyUnsafe(s);
}

// noble precomputes its own BASE lazily with a small window; a private copy with a larger
// window makes k·G about 4x faster (one table for the page's lifetime).
const BASE_TABLE = Point.fromBytes(G.toBytes()).precompute(8, false);
const tables = new Map();
const TABLES_KEPT = 4;

/** k·G (precomputed base table). @param {bigint} k */
export function baseMul(k) {
  return mul(BASE_TABLE, k);
}

/**
 * The same point with a precomputed multiplication table (about 6x faster multiples, ~40 ms to
 * build): for the election key, used hundreds of times per ballot. A few tables are cached.
 */
export function withTable(point) {
  const key = pointToHex(point);
  let fast = tables.get(key);
  if (!fast) {
    if (tables.size >= TABLES_KEPT) tables.delete(tables.keys().next().value);
    fast = point.is0() ? point : Point.fromBytes(point.toBytes()).precompute(6, false);
    tables.set(key, fast);
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
