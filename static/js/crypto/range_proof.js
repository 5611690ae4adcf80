/**
 * Range proof m in [lo, hi] by weighted bits
 * (twin of votesys/core/crypto/range_proof.py; docs/protocol.md §5.4).
 * @module
 */
import { Ciphertext, ZERO, encryptAll } from "./elgamal.js";
import { EncodingError, ProvingError } from "./errors.js";
import { baseMul, baseMulRaw, mod, mulRaw, randomScalar } from "./group.js";
import { ascii, concat, frame, u32 } from "./hashing.js";
import {
  BIT,
  ScalarPair,
  SetProof,
  prepareBit,
  prepareDleq,
  preparedCiphertext,
  proveDleq,
  provePreparedBit,
  provePreparedDleq,
  proveSet,
  verifyDleq,
  verifySet,
} from "./proofs.js";

/**
 * w_i = 2^i for i < k-1, w_(k-1) = d - (2^(k-1) - 1), d = hi - lo, k = bit length of d.
 * @param {number} lo @param {number} hi @returns {number[]}
 */
export function bitWeights(lo, hi) {
  const d = hi - lo;
  if (d < 0) throw new RangeError("empty range");
  const k = d === 0 ? 0 : Math.floor(Math.log2(d)) + 1;
  const weights = [];
  for (let i = 0; i < k - 1; i++) weights.push(2 ** i);
  if (k) weights.push(d - (2 ** (k - 1) - 1));
  return weights;
}

function bitsOf(x, weights) {
  if (!weights.length) return [];
  const top = x > 2 ** (weights.length - 1) - 1 ? 1 : 0;
  const rest = x - top * weights[weights.length - 1];
  const bits = [];
  for (let i = 0; i < weights.length - 1; i++) bits.push(Math.floor(rest / 2 ** i) % 2);
  return [...bits, top];
}

/** The encrypted bits, their 0/1 proofs and the proof that the difference encrypts 0. */
export class RangeProof {
  constructor(bits, bitProofs, zeroProof) {
    this.bits = Object.freeze([...bits]);
    this.bitProofs = Object.freeze([...bitProofs]);
    this.zeroProof = zeroProof;
    Object.freeze(this);
  }

  /** bits (64 bytes each) ‖ bit proofs (128 bytes each) ‖ c ‖ z of the zero proof. */
  encode() {
    const parts = [...this.bits.map((ct) => ct.encode()), ...this.bitProofs.map((p) => p.encode())];
    return concat([...parts, this.zeroProof.encode()]);
  }

  toJson() {
    return {
      bits: this.bits.map((ct) => ct.toJson()),
      bit_proofs: this.bitProofs.map((p) => p.toJson()),
      zero_proof: this.zeroProof.toJson(),
    };
  }

  /** Decode and check every encoding, in Python's order (same first error on both sides). */
  static fromJson(value, lo, hi) {
    const k = bitWeights(lo, hi).length;
    const keys = value && typeof value === "object" && !Array.isArray(value) ? Object.keys(value) : null;
    if (!keys || keys.length !== 3 || !["bits", "bit_proofs", "zero_proof"].every((x) => keys.includes(x))) {
      throw new EncodingError("bad_json", { expected: "range proof" });
    }
    const { bits, bit_proofs: proofs } = value;
    if (!Array.isArray(bits) || !Array.isArray(proofs) || bits.length !== k) {
      throw new EncodingError("bad_json", { expected: `${k} bits` });
    }
    if (proofs.length !== k) throw new EncodingError("bad_json", { expected: `${k} bit proofs` });
    return new RangeProof(
      bits.map((b) => Ciphertext.fromJson(b)),
      proofs.map((p) => SetProof.fromJson(p, BIT.length)),
      ScalarPair.fromJson(value.zero_proof),
    );
  }
}

function partContext(context, part, index) {
  return frame([context, ascii(part), u32(index)]);
}

/** Σ w_i·Bit_i: doublings for the powers of two, one multiplication for the top weight. */
function weightedSum(bits, weights) {
  if (!bits.length) return ZERO;
  let low = ZERO;
  for (const ct of bits.slice(0, -1).reverse()) low = low.add(low).add(ct);
  return low.add(bits[bits.length - 1].scale(weights[weights.length - 1]));
}

function difference(ct, lo, bits, weights) {
  const shifted = lo ? new Ciphertext(ct.a, ct.b.subtract(baseMul(BigInt(lo)))) : ct;
  return shifted.sub(weightedSum(bits, weights));
}

/**
 * Prove that ct = Enc(m; r) with lo <= m <= hi (only the claim is checked).
 * @param {Ciphertext} ct @param {number} m @param {bigint} r @param {number} lo @param {number} hi
 * @param {*} pk @param {Uint8Array} context @returns {RangeProof}
 */
export function proveRange(ct, m, r, lo, hi, pk, context) {
  if (!(lo <= m && m <= hi)) throw new ProvingError("value_not_allowed", { value: m });
  const weights = bitWeights(lo, hi);
  const values = bitsOf(m - lo, weights);
  const nonces = values.map(() => randomScalar());
  const bits = encryptAll(values, pk, nonces);
  const proofs = bits.map((bit, i) =>
    proveSet(bit, values[i], nonces[i], BIT, pk, partContext(context, "bit", i)),
  );
  const rho = mod(r - weights.reduce((s, w, i) => s + BigInt(w) * nonces[i], 0n));
  const [, zeroProof] = proveDleq(rho, pk, partContext(context, "zero", 0));
  return new RangeProof(bits, proofs, zeroProof);
}

/**
 * The vote-independent part of proveRange(ct, m, r, lo, hi, pk, ·) for a ciphertext of nonce r
 * whatever m: every bit's nonce and prepared 0/1 proof (prepareBit), and the zero proof's
 * secret rho = r − Σ w_i·r_i (independent of the bits' values) with its prepared DLEQ. Points
 * projective; the ballot makes them affine (`bits` and `zero` hold them).
 */
export function prepareRange(r, lo, hi, pk) {
  const weights = bitWeights(lo, hi);
  const nonces = weights.map(() => randomScalar());
  const bits = nonces.map((n) => prepareBit(n, pk, baseMulRaw(n), mulRaw(pk, n)));
  const rho = mod(r - weights.reduce((s, w, i) => s + BigInt(w) * nonces[i], 0n));
  return { lo, hi, weights, bits, zero: prepareDleq(rho, pk) };
}

/** proveRange's proof of m from a prepared range (same proof, same distribution). */
export function provePreparedRange(prepared, m, pk, context) {
  const { lo, hi, weights } = prepared;
  if (!(lo <= m && m <= hi)) throw new ProvingError("value_not_allowed", { value: m });
  const values = bitsOf(m - lo, weights);
  const bits = values.map((v, i) => preparedCiphertext(prepared.bits[i], v));
  const proofs = bits.map((bit, i) =>
    provePreparedBit(prepared.bits[i], bit, values[i], pk, partContext(context, "bit", i)),
  );
  const zeroProof = provePreparedDleq(prepared.zero, pk, partContext(context, "zero", 0));
  return new RangeProof(bits, proofs, zeroProof);
}

/** @returns {boolean} whether `proof` shows ct encrypts a value in [lo, hi] under pk */
export function verifyRange(ct, proof, lo, hi, pk, context) {
  const weights = bitWeights(lo, hi);
  if (proof.bits.length !== weights.length || proof.bitProofs.length !== weights.length) {
    return false;
  }
  for (let i = 0; i < weights.length; i++) {
    if (!verifySet(proof.bits[i], proof.bitProofs[i], BIT, pk, partContext(context, "bit", i))) {
      return false;
    }
  }
  const zero = difference(ct, lo, proof.bits, weights);
  return verifyDleq(zero.a, pk, zero.b, proof.zeroProof, partContext(context, "zero", 0));
}
