/**
 * The delegate's receipt (mã biên nhận) (twin of votesys/core/crypto/receipt.py;
 * docs/protocol.md §6.5): SHA-256 over the ballot's binary form, shown as XXXXX-XXXXX.
 * @module
 */
import { bytesToHex } from "./group.js";
import { TAG_RECEIPT, concat, digest } from "./hashing.js";

export const CODE_CHARS = 10;
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** SHA-256 over the canonical binary form of everything the ballot carries (no secrets). */
export function ballotHash(ballot) {
  const join = (items) => concat(items.map((x) => x.encode()));
  return digest(
    TAG_RECEIPT,
    join(ballot.marks),
    join(ballot.flags),
    join(ballot.markProofs),
    join(ballot.flagProofs),
    join(ballot.rowProofs),
    ballot.shapeProof.encode(),
  );
}

/** RFC 4648 base32, upper case, without padding. @param {Uint8Array} data */
export function base32(data) {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of data) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * The receipt: `code` "ABCDE-FGHIJ" (first 10 base32 characters of the hash) and `full`
 * (64 lowercase hex). @returns {{code: string, full: string}}
 */
export function receipt(ballot) {
  const full = ballotHash(ballot);
  const short = base32(full).slice(0, CODE_CHARS);
  return { code: `${short.slice(0, 5)}-${short.slice(5)}`, full: bytesToHex(full) };
}
