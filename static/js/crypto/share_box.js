/**
 * Sealing a ceremony share to one member (twin of votesys/core/crypto/share_box.py;
 * docs/protocol.md §7.2), so that the server carries it blind. A sealed share is E ‖ AEAD:
 *
 *   e random, E = e·G, S = e·P (P the recipient's transport key),
 *   h = SHA-512(frame(["votesys/v1/share-key", context, E, P, S])), key = h[0:32], nonce = h[32:56],
 *   AEAD = XChaCha20-Poly1305(key, nonce, s as 32 bytes LE, associated data = context)
 *
 * with context = shareContext(ceremony, dealer, recipient).
 * @module
 */
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { sha512 } from "@noble/hashes/sha2.js";
import { CeremonyError } from "./errors.js";
import { baseMul, decodePoint, decodeScalar, mul, randomScalar, scalarToBytes } from "./group.js";
import { TAG_SHARE_KEY, ascii, concat, frame, u32 } from "./hashing.js";

/** E, the encrypted share, the Poly1305 tag. */
export const SEALED_BYTES = 32 + 32 + 16;

/** Context of the Schnorr proof a member gives for their transport key P. */
export function transportKeyContext(ceremony, member) {
  return frame([ceremony, ascii("transport"), u32(member)]);
}

/** Binds a sealed share to the ceremony, its dealer and its recipient. */
export function shareContext(ceremony, dealer, recipient) {
  return frame([ceremony, u32(dealer), u32(recipient)]);
}

function keyNonce(context, ephemeral, recipient, shared) {
  const fields = [ascii(TAG_SHARE_KEY), context, ephemeral.toBytes(), recipient.toBytes(), shared.toBytes()];
  const h = sha512(frame(fields));
  return [h.slice(0, 32), h.slice(32, 56)];
}

/**
 * Seal share s to the member whose transport key is `recipient`.
 * @param {bigint} share @param {*} recipient transport key P @param {Uint8Array} context
 * @returns {Uint8Array} 80 bytes
 */
export function sealShare(share, recipient, context) {
  const e = randomScalar();
  const ephemeral = baseMul(e);
  const [key, nonce] = keyNonce(context, ephemeral, recipient, mul(recipient, e));
  const box = xchacha20poly1305(key, nonce, context).encrypt(scalarToBytes(share));
  return concat([ephemeral.toBytes(), box]);
}

/**
 * The recipient opens a sealed share with their transport secret; CeremonyError
 * "share_does_not_open" on any tampering, another recipient or another context.
 * @param {Uint8Array} sealed @param {bigint} secret @param {Uint8Array} context @returns {bigint}
 */
export function openShare(sealed, secret, context) {
  if (!(sealed instanceof Uint8Array) || sealed.length !== SEALED_BYTES) {
    throw new CeremonyError("share_does_not_open");
  }
  try {
    const ephemeral = decodePoint(sealed.slice(0, 32));
    const [key, nonce] = keyNonce(context, ephemeral, baseMul(secret), mul(ephemeral, secret));
    const plain = xchacha20poly1305(key, nonce, context).decrypt(sealed.slice(32));
    return decodeScalar(plain);
  } catch {
    // A forged tag (noble's Error), a bad E or a non-canonical share (our EncodingError).
    throw new CeremonyError("share_does_not_open");
  }
}
