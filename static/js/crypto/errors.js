/**
 * Typed errors of the crypto core (twin of votesys/core/crypto/errors.py): a stable code and
 * parameters, never translated text. Verification functions return problem lists instead.
 * @module
 */

/** Base of every error thrown by the crypto twin. */
export class CryptoError extends Error {
  /**
   * @param {string} code stable code, e.g. "invalid_point"
   * @param {object} [params] details
   */
  constructor(code, params = {}) {
    super(code);
    this.name = this.constructor.name;
    this.code = code;
    this.params = params;
  }
}

/** Bytes or hex that are not a canonical encoding (bad_length, bad_hex, non_canonical_scalar,
 * invalid_point, identity_not_allowed, bad_json). */
export class EncodingError extends CryptoError {}

/** The prover was asked to prove something false (value_not_allowed, shape_not_allowed). */
export class ProvingError extends CryptoError {}

/** Decryption could not be completed: out_of_range, too_few_partials, duplicate_member,
 * bad_partial_decryption (params.members names the members whose proofs failed). */
export class DecryptionError extends CryptoError {}

/** Misuse of the key ceremony: bad_members, bad_threshold, unknown_member, identity_key,
 * share_does_not_open, wrong_passphrase. */
export class CeremonyError extends CryptoError {}
