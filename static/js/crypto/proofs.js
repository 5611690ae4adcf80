/**
 * Zero-knowledge proofs made non-interactive by Fiat-Shamir
 * (twin of votesys/core/crypto/proofs.py; docs/protocol.md §5.1-5.3): set membership (CDS),
 * DLEQ (Chaum-Pedersen), Schnorr. Sent compact as (c, z) scalar pairs.
 * @module
 */
import { EncodingError, ProvingError } from "./errors.js";
import {
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
