/**
 * Zero-knowledge proofs made non-interactive by Fiat-Shamir
 * (twin of votesys/core/crypto/proofs.py; docs/protocol.md §5.1-5.3): set membership (CDS),
 * DLEQ (Chaum-Pedersen), Schnorr. Sent compact as (c, z) scalar pairs.
 * @module
 */
import { Ciphertext } from "./elgamal.js";
import { EncodingError, ProvingError } from "./errors.js";
import {
  G,
  baseMul,
  baseMulRaw,
  mod,
  mul,
  mulPublic,
  mulRaw,
  normalizeAll,
  randomScalar,
  scalarFromHex,
  scalarToBytes,
  scalarToHex,
} from "./group.js";
import { TAG_DLEQ, TAG_SCHNORR, TAG_SET_PROOF, challenge, concat, u32 } from "./hashing.js";

/** The values of a mark, a flag, an approve row and a range-proof bit. */
export const BIT = Object.freeze([0, 1]);

/** A compact sigma proof, or one branch of a set proof: challenge c and response z. */
export class ScalarPair {
  /** @param {bigint} c @param {bigint} z */
  constructor(c, z) {
    this.c = c;
    this.z = z;
    Object.freeze(this);
  }

  /** c ‖ z, 64 bytes. */
  encode() {
    return concat([scalarToBytes(this.c), scalarToBytes(this.z)]);
  }

  toJson() {
    return [scalarToHex(this.c), scalarToHex(this.z)];
  }

  static fromJson(value) {
    if (!Array.isArray(value) || value.length !== 2) {
      throw new EncodingError("bad_json", { expected: "[c, z]" });
    }
    return new ScalarPair(scalarFromHex(value[0]), scalarFromHex(value[1]));
  }
}

/** One (c_j, z_j) per allowed value, in the order of the values. */
export class SetProof {
  /** @param {ScalarPair[]} branches */
  constructor(branches) {
    this.branches = Object.freeze([...branches]);
    Object.freeze(this);
  }

  encode() {
    return concat(this.branches.map((b) => b.encode()));
  }

  toJson() {
    return this.branches.map((b) => b.toJson());
  }

  static fromJson(value, branches) {
    if (!Array.isArray(value) || value.length !== branches) {
      throw new EncodingError("bad_json", { expected: `${branches} branches` });
    }
    return new SetProof(value.map((item) => ScalarPair.fromJson(item)));
  }
}

function valuesField(values) {
  return concat(values.map((v) => u32(v)));
}

function setChallenge(ct, values, pk, context, commitments) {
  const points = commitments.flatMap(([a, b]) => [a.toBytes(), b.toBytes()]);
  const statement = [pk.toBytes(), ct.a.toBytes(), ct.b.toBytes(), valuesField(values)];
  return challenge(TAG_SET_PROOF, context, ...statement, ...points);
}

/** The commitments (a, b) that make branch v verify for challenge c and response z. */
function simulated(ct, v, pk, c, z) {
  const shifted = v === 0 ? ct.b : ct.b.subtract(baseMul(BigInt(v)));
  const a = baseMul(z).subtract(mulPublic(ct.a, c));
  return [a, mulPublic(pk, z).subtract(mulPublic(shifted, c))];
}

/**
 * The same commitments as `simulated` for ct = Enc(m; r), from the witness: with A = r·G and
 * B = m·G + r·pk, z·G − c·A = t·G and z·pk − c·(B − v·G) = t·pk + c·(v − m)·G for t = z − c·r.
 * Fixed-base multiplications only (G's and the key's tables) instead of two variable-base ones.
 * When ct does not encrypt m with r, they are not the verifier's commitments: the proof fails.
 */
function simulatedFromWitness(v, m, r, pk, c, z) {
  const t = mod(z - c * r);
  return [baseMulRaw(t), mulRaw(pk, t).add(baseMulRaw(c * BigInt(v - m)))];
}

/**
 * Prove that ct = Enc(m; r) with m in `values`, without revealing which.
 * Only the claim m is checked (as in Python): a ciphertext of another value yields a proof of a
 * false statement, which verifySet rejects. `pk` is best given with its table (withTable).
 * @param {import("./elgamal.js").Ciphertext} ct
 * @param {number} m @param {bigint} r @param {number[]} values @param {*} pk
 * @param {Uint8Array} context
 * @returns {SetProof}
 */
export function proveSet(ct, m, r, values, pk, context) {
  const real = values.indexOf(m);
  if (real < 0) throw new ProvingError("value_not_allowed", { value: m });
  const sim = values.map((_, j) => (j === real ? null : [randomScalar(), randomScalar()]));
  const k = randomScalar();
  const raw = values.flatMap((v, j) =>
    j === real ? [baseMulRaw(k), mulRaw(pk, k)] : simulatedFromWitness(v, m, r, pk, ...sim[j]),
  );
  const affine = normalizeAll(raw); // one inversion for the 2n commitments
  const commitments = values.map((_, j) => [affine[2 * j], affine[2 * j + 1]]);
  const c = setChallenge(ct, values, pk, context, commitments);
  const cReal = mod(c - sim.reduce((s, p) => (p ? s + p[0] : s), 0n));
  return new SetProof(
    values.map((_, j) =>
      j === real ? new ScalarPair(cReal, mod(k + cReal * r)) : new ScalarPair(...sim[j]),
    ),
  );
}

/** @returns {boolean} whether `proof` shows ct encrypts a value of `values` under pk */
export function verifySet(ct, proof, values, pk, context) {
  if (proof.branches.length !== values.length || new Set(values).size !== values.length) {
    return false;
  }
  const commitments = values.map((v, j) => {
    const { c, z } = proof.branches[j];
    return simulated(ct, v, pk, c, z);
  });
  const c = setChallenge(ct, values, pk, context, commitments);
  return mod(proof.branches.reduce((s, b) => s + b.c, 0n)) === c;
}

function dleqChallenge(context, ...points) {
  return challenge(TAG_DLEQ, context, ...points.map((p) => p.toBytes()));
}

/**
 * Compute result = secret·base and prove log_G(secret·G) = log_base(result).
 * @returns {[*, ScalarPair]} [result, proof]
 */
export function proveDleq(secret, base, context) {
  const k = randomScalar();
  const pub = baseMul(secret);
  const result = mul(base, secret);
  const c = dleqChallenge(context, pub, base, result, baseMul(k), mul(base, k));
  return [result, new ScalarPair(c, mod(k + c * secret))];
}

/** @returns {boolean} whether log_G(pub) = log_base(result) is proven */
export function verifyDleq(pub, base, result, proof, context) {
  const a = baseMul(proof.z).subtract(mulPublic(pub, proof.c));
  const b = mulPublic(base, proof.z).subtract(mulPublic(result, proof.c));
  return dleqChallenge(context, pub, base, result, a, b) === proof.c;
}

/** Schnorr proof of knowledge of `secret` for secret·G. */
export function proveKnowledge(secret, context) {
  const k = randomScalar();
  const c = challenge(TAG_SCHNORR, context, baseMul(secret).toBytes(), baseMul(k).toBytes());
  return new ScalarPair(c, mod(k + c * secret));
}

/** @returns {boolean} */
export function verifyKnowledge(pub, proof, context) {
  const a = baseMul(proof.z).subtract(mulPublic(pub, proof.c));
  return challenge(TAG_SCHNORR, context, pub.toBytes(), a.toBytes()) === proof.c;
}

// --- The vote-independent half of a 0/1 proof, made in advance (docs/performance.md, "The
// tablet prepares while the delegate marks"). For a ciphertext with nonce r, whatever its value
// m in BIT: proveSet draws k for the real branch and (c, z) for the other one, the same three
// uniform scalars whichever branch is real, so they are drawn here once, and every multiple the
// proof can need is computed: k·G, k·pk, t·G and t·pk ± c·G (t = z − c·r; the simulated branch
// v = 1 − m has v − m = +1 when m = 0, −1 when m = 1). What is left once m is known is a choice,
// the hash and two scalar operations: the same proof, with the same distribution, as proveSet.

/**
 * The prepared 0/1 proof of a ciphertext (r·G, m·G + r·pk): its points projective (`raw`),
 * to be made affine in one batch with the rest of a ballot (`affineFields`).
 * @param {bigint} r the ciphertext's nonce @param {*} pk (withTable) @param {*} a r·G (raw)
 * @param {*} b0 r·pk (raw) @returns {object}
 */
export function prepareBit(r, pk, a, b0) {
  const k = randomScalar();
  const c = randomScalar();
  const z = randomScalar();
  const t = mod(z - c * r);
  const tPk = mulRaw(pk, t);
  const cG = baseMulRaw(c);
  return {
    r, k, c, z,
    a, // the ciphertext: (a, b0) for m = 0, (a, b1) for m = 1
    b0,
    b1: b0.add(G),
    kG: baseMulRaw(k),
    kPk: mulRaw(pk, k),
    tG: baseMulRaw(t),
    tPkPlus: tPk.add(cG), // branch 1 simulated (m = 0)
    tPkMinus: tPk.subtract(cG), // branch 0 simulated (m = 1)
  };
}

/** The point fields of a prepared bit, made affine together by the ballot. */
export const PREPARED_BIT_POINTS = Object.freeze(["a", "b0", "b1", "kG", "kPk", "tG", "tPkPlus", "tPkMinus"]);

/**
 * The ciphertext of value m (0 or 1) of a prepared bit. @param {object} bit @param {number} m
 * @returns {import("./elgamal.js").Ciphertext}
 */
export function preparedCiphertext(bit, m) {
  if (m !== 0 && m !== 1) throw new ProvingError("value_not_allowed", { value: m });
  return new Ciphertext(bit.a, m === 1 ? bit.b1 : bit.b0);
}

/**
 * proveSet(ct, m, r, BIT, pk, context) from a prepared bit (ct its ciphertext of m): the same
 * proof as proveSet would make with these k, c, z.
 */
export function provePreparedBit(bit, ct, m, pk, context) {
  if (m !== 0 && m !== 1) throw new ProvingError("value_not_allowed", { value: m });
  const realCommitment = [bit.kG, bit.kPk];
  const simCommitment = m === 0 ? [bit.tG, bit.tPkPlus] : [bit.tG, bit.tPkMinus];
  const commitments = m === 0 ? [realCommitment, simCommitment] : [simCommitment, realCommitment];
  const c = setChallenge(ct, BIT, pk, context, commitments);
  const cReal = mod(c - bit.c);
  const real = new ScalarPair(cReal, mod(bit.k + cReal * bit.r));
  const sim = new ScalarPair(bit.c, bit.z);
  return new SetProof(m === 0 ? [real, sim] : [sim, real]);
}

/**
 * The vote-independent part of proveDleq(secret, pk, ·): k, secret·G, secret·pk, k·G, k·pk
 * (projective, made affine by the ballot).
 */
export function prepareDleq(secret, pk) {
  const k = randomScalar();
  return { secret, k, pub: baseMulRaw(secret), result: mulRaw(pk, secret), kG: baseMulRaw(k), kBase: mulRaw(pk, k) };
}

export const PREPARED_DLEQ_POINTS = Object.freeze(["pub", "result", "kG", "kBase"]);

/** proveDleq(secret, pk, context)'s proof from a prepared DLEQ. @returns {ScalarPair} */
export function provePreparedDleq(prepared, pk, context) {
  const { secret, k, pub, result, kG, kBase } = prepared;
  const c = dleqChallenge(context, pub, pk, result, kG, kBase);
  return new ScalarPair(c, mod(k + c * secret));
}
