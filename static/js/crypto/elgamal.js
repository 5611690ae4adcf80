/**
 * Exponential ElGamal: Enc(m; r) = (r·G, m·G + r·pk)
 * (twin of votesys/core/crypto/elgamal.py; docs/protocol.md §4). No whole-key decryption here: the
 * committee's totals are opened by threshold.js, which ends with discreteLog.
 * @module
 */
import { DecryptionError, EncodingError } from "./errors.js";
import {
  G,
  IDENTITY,
  baseMul,
  baseMulRaw,
  decodePoint,
  hexToBytes,
  mod,
  mulPublic,
  mulRaw,
  normalizeAll,
  pointToHex,
} from "./group.js";
import { concat } from "./hashing.js";

/** A ciphertext (A, B) = (r·G, m·G + r·pk). */
export class Ciphertext {
  constructor(a, b) {
    this.a = a;
    this.b = b;
    Object.freeze(this);
  }

  /** Enc(m1 + m2; r1 + r2). */
  add(other) {
    return new Ciphertext(this.a.add(other.a), this.b.add(other.b));
  }

  sub(other) {
    return new Ciphertext(this.a.subtract(other.a), this.b.subtract(other.b));
  }

  /** Enc(k·m; k·r) for a public integer k. @param {bigint|number} k */
  scale(k) {
    return new Ciphertext(mulPublic(this.a, BigInt(k)), mulPublic(this.b, BigInt(k)));
  }

  /** A ‖ B, 64 bytes. */
  encode() {
    return concat([this.a.toBytes(), this.b.toBytes()]);
  }

  equals(other) {
    return this.a.equals(other.a) && this.b.equals(other.b);
  }

  /** @returns {[string, string]} */
  toJson() {
    return [pointToHex(this.a), pointToHex(this.b)];
  }

  /**
   * Decode `[a_hex, b_hex]`; submitted ciphertexts refuse the identity (protocol.md §2).
   * @param {*} value @param {{allowIdentity?: boolean}} [options]
   */
  static fromJson(value, { allowIdentity = false } = {}) {
    if (!Array.isArray(value) || value.length !== 2) {
      throw new EncodingError("bad_json", { expected: "[a, b]" });
    }
    const [a, b] = value.map((x) => decodePoint(hexToBytes(x), { allowIdentity }));
    return new Ciphertext(a, b);
  }
}

/** The empty sum Enc(0; 0). */
export const ZERO = new Ciphertext(IDENTITY, IDENTITY);

/**
 * Enc(m; r). `r` must be fresh, secret and non-zero (randomScalar()).
 * @param {number|bigint} m non-negative plaintext
 * @param {*} pk election key
 * @param {bigint} r nonce
 */
export function encrypt(m, pk, r) {
  return encryptAll([m], pk, [r])[0];
}

/**
 * Enc(values[i]; nonces[i]) for every i, the points made affine together (one inversion): what
 * `encrypt` gives one by one. `pk` is best given with its table (withTable).
 * @param {Array<number|bigint>} values @param {*} pk @param {bigint[]} nonces
 * @returns {Ciphertext[]}
 */
export function encryptAll(values, pk, nonces) {
  const raw = [];
  values.forEach((m, i) => {
    const value = BigInt(m);
    if (value < 0n) throw new RangeError("exponential ElGamal encrypts non-negative integers only");
    if (mod(nonces[i]) === 0n) throw new RangeError("a zero nonce would publish m·G in the clear");
    raw.push(baseMulRaw(nonces[i]), valuePoint(value).add(mulRaw(pk, nonces[i])));
  });
  const points = normalizeAll(raw);
  return values.map((_, i) => new Ciphertext(points[2 * i], points[2 * i + 1]));
}

/** m·G: the marks' 0 and 1 without a multiplication. */
function valuePoint(value) {
  if (value === 0n) return IDENTITY;
  return value === 1n ? G : baseMul(value);
}

/** Σ ciphertexts (ZERO for none). */
export function addAll(ciphertexts) {
  let total = ZERO;
  for (const ct of ciphertexts) total = total.add(ct);
  return total;
}

/** Baby-step table entries kept (as Python's BABY_STEPS_MAX). */
export const BABY_STEPS_MAX = 4096;
const baby = { index: new Map([[pointToHex(IDENTITY), 0]]), last: IDENTITY };

/**
 * The m in [0, maxValue] with m·G = point (baby-step giant-step), else DecryptionError
 * "out_of_range". @param {*} point @param {number} maxValue @returns {number}
 */
export function discreteLog(point, maxValue) {
  const size = Math.min(maxValue + 1, BABY_STEPS_MAX);
  while (baby.index.size < size) {
    baby.last = baby.last.add(G);
    baby.index.set(pointToHex(baby.last), baby.index.size);
  }
  const giant = baseMul(BigInt(size));
  let current = point;
  for (let start = 0; start <= maxValue; start += size) {
    const found = baby.index.get(pointToHex(current));
    if (found !== undefined && found < size && start + found <= maxValue) return start + found;
    current = current.subtract(giant);
  }
  throw new DecryptionError("out_of_range", { max_value: maxValue });
}
