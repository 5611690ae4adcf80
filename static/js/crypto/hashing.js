/**
 * Fiat-Shamir challenges and digests over the length-prefixed framing
 * (twin of votesys/core/crypto/hashing.py; docs/protocol.md §3).
 * @module
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { hashToScalar } from "./group.js";

export const TAG_SET_PROOF = "votesys/v1/set-proof";
export const TAG_DLEQ = "votesys/v1/dleq";
export const TAG_SCHNORR = "votesys/v1/schnorr";
export const TAG_BALLOT = "votesys/v1/ballot";
export const TAG_RECEIPT = "votesys/v1/receipt";
export const TAG_SHARE_KEY = "votesys/v1/share-key";

/** ASCII text to bytes (tags, roles, layout kinds). @param {string} text */
export function ascii(text) {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) throw new RangeError(`${JSON.stringify(text)} is not ASCII`);
    out[i] = c;
  }
  return out;
}

/** n as 4 bytes big-endian (0 <= n < 2^32). @param {number} n */
export function u32(n) {
  if (!Number.isInteger(n) || n < 0 || n >= 2 ** 32) {
    throw new RangeError(`${n} does not fit in 32 bits`);
  }
  return new Uint8Array([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
}

/** Concatenate byte arrays. @param {Uint8Array[]} parts */
export function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Each field preceded by its length (u32). @param {Uint8Array[]} fields */
export function frame(fields) {
  return concat(fields.flatMap((f) => [u32(f.length), f]));
}

/** A challenge scalar: SHA-512(frame([tag, ...fields])) little-endian mod L. @returns {bigint} */
export function challenge(tag, ...fields) {
  return hashToScalar(frame([ascii(tag), ...fields]));
}

/** A 32-byte digest: SHA-256(frame([tag, ...fields])). @returns {Uint8Array} */
export function digest(tag, ...fields) {
  return sha256(frame([ascii(tag), ...fields]));
}
