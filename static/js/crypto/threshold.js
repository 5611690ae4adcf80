/**
 * The counting committee's key (khóa của Ban kiểm phiếu): the t-of-n Pedersen/Feldman ceremony,
 * partial decryptions with proofs and their combination (twin of
 * votesys/core/crypto/threshold.py; docs/protocol.md §7). Members are numbered 1..n.
 *
 *   joint key     pk  = Σ_i C_i0
 *   j's share     x_j = Σ_i s_ij        (never leaves j's device)
 *   j's check key X_j = Σ_k j^k · (Σ_i C_ik) = x_j·G
 *
 * A total (A, B) is opened from any t partial decryptions D_j = x_j·A, each proven (DLEQ)
 * against X_j, combined with Lagrange coefficients at 0.
 * @module
 */
import { discreteLog } from "./elgamal.js";
import { CeremonyError, DecryptionError, EncodingError } from "./errors.js";
import {
  L,
  baseMul,
  decodePoint,
  hexToBytes,
  mod,
  mulPublic,
  pointFromHex,
  pointToHex,
  randomScalar,
  sumPoints,
} from "./group.js";
import { concat, frame, u32 } from "./hashing.js";
import { ScalarPair, proveDleq, proveKnowledge, verifyDleq, verifyKnowledge } from "./proofs.js";
import { transportKeyContext } from "./share_box.js";

export { transportKeyContext };

const isMember = (n) => typeof n === "number" && Number.isInteger(n);

function exactKeys(value, keys) {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  const have = Object.keys(value);
  return have.length === keys.length && keys.every((k) => have.includes(k));
}

/** What member `member` publishes: Feldman commitments C_i0..C_i(t-1) and a Schnorr proof for C_i0. */
export class Commitments {
  /** @param {number} member @param {Array} points @param {ScalarPair} proof */
  constructor(member, points, proof) {
    this.member = member;
    this.points = Object.freeze([...points]);
    this.proof = proof;
    Object.freeze(this);
  }

  /** {member, points: [hex], proof: [c, z]}, as Python's to_json. */
  toJson() {
    return { member: this.member, points: this.points.map(pointToHex), proof: this.proof.toJson() };
  }

  /** Decode and check every point (the identity is refused); throws EncodingError. */
  static fromJson(value) {
    if (!exactKeys(value, ["member", "points", "proof"]) || !isMember(value.member) || !Array.isArray(value.points)) {
      throw new EncodingError("bad_json", { expected: "commitments" });
    }
    const points = value.points.map((p) => pointFromHex(p));
    return new Commitments(value.member, points, ScalarPair.fromJson(value.proof));
  }
}

function checkMembers(members, threshold) {
  const ok = members.every((j) => isMember(j) && j > 0 && j < 2 ** 32);
  if (!ok || new Set(members).size !== members.length) throw new CeremonyError("bad_members");
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > members.length) {
    throw new CeremonyError("bad_threshold", { threshold, members: members.length });
  }
}

/** Binds the proof of knowledge to the ceremony, the member and all their commitments. */
export function commitmentContext(ceremony, member, points) {
  return frame([ceremony, u32(member), concat(points.map((p) => p.toBytes()))]);
}

function evaluate(coefficients, x) {
  let result = 0n;
  for (let k = coefficients.length - 1; k >= 0; k--) result = mod(result * BigInt(x) + coefficients[k]);
  return result;
}

/**
 * Run on member `member`'s own device: the polynomial never leaves it.
 * @param {number} member @param {number[]} members @param {number} threshold t
 * @param {Uint8Array} ceremony the ceremony's fingerprint
 * @returns {{commitments: Commitments, shares: Map<number, bigint>}}
 */
export function deal(member, members, threshold, ceremony) {
  checkMembers(members, threshold);
  if (!members.includes(member)) throw new CeremonyError("unknown_member", { member });
  const coefficients = Array.from({ length: threshold }, () => randomScalar()); // non-zero
  const points = coefficients.map((a) => baseMul(a));
  const proof = proveKnowledge(coefficients[0], commitmentContext(ceremony, member, points));
  const shares = new Map(members.map((j) => [j, evaluate(coefficients, j)]));
  return { commitments: new Commitments(member, points, proof), shares };
}

/** @returns {boolean} t commitments and a valid proof for C_i0 in this ceremony, for this member */
export function verifyCommitments(commitments, threshold, ceremony) {
  const c = commitments;
  if (c.points.length !== threshold) return false;
  return verifyKnowledge(c.points[0], c.proof, commitmentContext(ceremony, c.member, c.points));
}

/** Σ_k j^k·points[k]: the commitment to a polynomial's value at j. */
function at(points, j) {
  let power = 1n;
  const terms = [];
  for (const p of points) {
    terms.push(mulPublic(p, power));
    power = mod(power * BigInt(j));
  }
  return sumPoints(terms);
}

/**
 * Does s_ij = f_i(j)? Member j checks every share received; a failure is a complaint against i.
 * @param {number} j @param {bigint} share @param {Commitments} commitments
 */
export function verifyShare(j, share, commitments) {
  if (typeof share !== "bigint" || share < 0n || share >= L) return false;
  return baseMul(share).equals(at(commitments.points, j));
}

/** Σ_i C_ik for every k: the joint polynomial's commitments; [0] is the election key. */
export function jointCommitments(allCommitments) {
  const list = [...allCommitments];
  if (!list.length) throw new CeremonyError("bad_members");
  const width = list[0].points.length;
  if (list.some((c) => c.points.length !== width)) throw new CeremonyError("bad_threshold", { threshold: width });
  return Array.from({ length: width }, (_, k) => sumPoints(list.map((c) => c.points[k])));
}

/** The election key Σ_i C_i0 (CeremonyError "identity_key" if it cancels out). */
export function jointPublicKey(allCommitments) {
  const key = jointCommitments(allCommitments)[0];
  if (key.is0()) throw new CeremonyError("identity_key");
  return key;
}

/** x_j = Σ_i s_ij, from the shares member j received (their own included). */
export function combineShares(shares) {
  let total = 0n;
  for (const s of shares) total += s;
  return mod(total);
}

/** X_j = x_j·G for every member, from the public commitments alone. @returns {Map<number, *>} */
export function verificationKeys(allCommitments, members) {
  const joint = jointCommitments(allCommitments);
  return new Map(members.map((j) => [j, at(joint, j)]));
}

/**
 * A fresh transport key P = p·G with its Schnorr proof (published as {key, proof}).
 * @returns {{secret: bigint, public: *, proof: ScalarPair}}
 */
export function transportKey(ceremony, member) {
  const secret = randomScalar();
  return { secret, public: baseMul(secret), proof: proveKnowledge(secret, transportKeyContext(ceremony, member)) };
}

/** @returns {boolean} whether `proof` shows knowledge of `public`'s secret for this member */
export function verifyTransportKey(publicKey, proof, ceremony, member) {
  return verifyKnowledge(publicKey, proof, transportKeyContext(ceremony, member));
}

/** Member j's D_j = x_j·A with its DLEQ proof against X_j. */
export class PartialDecryption {
  constructor(member, value, proof) {
    this.member = member;
    this.value = value;
    this.proof = proof;
    Object.freeze(this);
  }

  /** {member, value: hex, proof: [c, z]}. */
  toJson() {
    return { member: this.member, value: pointToHex(this.value), proof: this.proof.toJson() };
  }

  /** The identity is allowed: it is x_j·A when A is the identity (a sum over no ballots). */
  static fromJson(value) {
    if (!exactKeys(value, ["member", "value", "proof"])) {
      throw new EncodingError("bad_json", { expected: "partial decryption" });
    }
    if (!isMember(value.member)) throw new EncodingError("bad_json", { expected: "member number" });
    const d = decodePoint(hexToBytes(value.value), { allowIdentity: true });
    return new PartialDecryption(value.member, d, ScalarPair.fromJson(value.proof));
  }
}

/** Binds a partial decryption to the round and to which total it decrypts. */
export function decryptionContext(roundFingerprint, index) {
  return frame([roundFingerprint, u32(index)]);
}

/** @param {number} member @param {bigint} share x_j @param {Ciphertext} ct @param {Uint8Array} context */
export function partialDecrypt(member, share, ct, context) {
  const [value, proof] = proveDleq(share, ct.a, context);
  return new PartialDecryption(member, value, proof);
}

/** @returns {boolean} whether pd is x_j·A for the x_j behind the check key `key` */
export function verifyPartial(pd, key, ct, context) {
  return verifyDleq(key, ct.a, pd.value, pd.proof, context);
}

function inverse(a) {
  // Extended Euclid mod the prime L.
  let [r0, r1, s0, s1] = [mod(a), L, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return mod(s0);
}

/** λ_j = Π_{m≠j} m / (m - j) mod L. @param {number[]} members @returns {Map<number, bigint>} */
export function lagrangeAtZero(members) {
  const result = new Map();
  for (const j of members) {
    let [num, den] = [1n, 1n];
    for (const m of members) {
      if (m !== j) [num, den] = [mod(num * BigInt(m)), mod(den * BigInt(m - j))];
    }
    result.set(j, mod(num * inverse(den)));
  }
  return result;
}

/** Σ λ_j·D_j = x·A, if the partials come from at least t members. @param {Map<number, *>} partials */
export function combinePartials(partials) {
  const lambdas = lagrangeAtZero([...partials.keys()]);
  return sumPoints([...partials].map(([j, d]) => mulPublic(d, lambdas.get(j))));
}

/**
 * Check every partial decryption, then combine them and recover the total in [0, maxValue].
 * DecryptionError: duplicate_member, too_few_partials, bad_partial_decryption {members},
 * out_of_range. @param {Map<number, *>} keys check keys X_j @returns {number}
 */
export function decryptTotal(ct, partials, keys, threshold, context, maxValue) {
  const members = partials.map((pd) => pd.member);
  if (new Set(members).size !== members.length) throw new DecryptionError("duplicate_member");
  if (members.length < threshold) {
    throw new DecryptionError("too_few_partials", { have: members.length, need: threshold });
  }
  const bad = partials
    .filter((pd) => !keys.has(pd.member) || !verifyPartial(pd, keys.get(pd.member), ct, context))
    .map((pd) => pd.member);
  if (bad.length) throw new DecryptionError("bad_partial_decryption", { members: bad });
  const shared = combinePartials(new Map(partials.map((pd) => [pd.member, pd.value])));
  return discreteLog(ct.b.subtract(shared), maxValue);
}
