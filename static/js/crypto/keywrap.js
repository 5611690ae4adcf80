/**
 * A member's final share under their passphrase (phần khóa được bảo vệ bằng mật khẩu), in the
 * member's browser with WebCrypto (twin of votesys/core/crypto/keywrap.py; docs/protocol.md §7.3):
 *
 *   key = PBKDF2-HMAC-SHA256(NFC(passphrase) in UTF-8, salt (16 random bytes), iterations)
 *   box = AES-256-GCM(key, iv (12 random bytes), x_j as 32 bytes LE,
 *                     associated data = wrapContext(ceremony, member))
 *
 * PBKDF2 because it is the password-based KDF WebCrypto has (Argon2 is not in it); 600,000
 * iterations as OWASP recommends for PBKDF2-HMAC-SHA256. crypto.subtle exists only in secure
 * contexts (https or localhost) and in Node 20.
 * @module
 */
import { CeremonyError, EncodingError } from "./errors.js";
import { bytesToHex, decodeScalar, hexToBytes, scalarToBytes } from "./group.js";
import { ascii, frame, u32 } from "./hashing.js";

export const WRAP_FORMAT = "votesys-wrapped-share/1";
export const WRAP_KDF = "PBKDF2-SHA256";
export const WRAP_ITERATIONS = 600000;
const KEYS = ["format", "kdf", "iterations", "salt", "iv", "ciphertext"];

/** Binds a wrapped share to its ceremony and member: it cannot be passed off as another's. */
export function wrapContext(ceremony, member) {
  return frame([ceremony, ascii("wrapped-share"), u32(member)]);
}

function subtle() {
  const s = globalThis.crypto && globalThis.crypto.subtle;
  if (!s) throw new CeremonyError("no_webcrypto"); // an http:// page that is not localhost
  return s;
}

async function aesKey(passphrase, salt, iterations) {
  if (typeof passphrase !== "string") throw new TypeError("the passphrase is a string");
  const secret = new TextEncoder().encode(passphrase.normalize("NFC"));
  const base = await subtle().importKey("raw", secret, "PBKDF2", false, ["deriveKey"]);
  return subtle().deriveKey(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    base,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

/**
 * Wrap x_j under a passphrase. @param {bigint} share @param {string} passphrase
 * @param {Uint8Array} context wrapContext(...) @param {{iterations?: number}} [options]
 * @returns {Promise<object>} {format, kdf, iterations, salt, iv, ciphertext}
 */
export async function wrapShare(share, passphrase, context, { iterations = WRAP_ITERATIONS } = {}) {
  if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError("iterations is a positive integer");
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const key = await aesKey(passphrase, salt, iterations);
  const box = await subtle().encrypt({ name: "AES-GCM", iv, additionalData: context }, key, scalarToBytes(share));
  return {
    format: WRAP_FORMAT,
    kdf: WRAP_KDF,
    iterations,
    salt: bytesToHex(salt),
    iv: bytesToHex(iv),
    ciphertext: bytesToHex(new Uint8Array(box)),
  };
}

/**
 * x_j back, or CeremonyError "wrong_passphrase" when the passphrase (or anything in the wrapped
 * share, or the context) is not the one it was made with; EncodingError "bad_json" for a
 * malformed object or fewer than `minIterations` iterations.
 * @returns {Promise<bigint>}
 */
/** More would only freeze the member's browser: a wrapped share beyond it is refused unread. */
export const MAX_ITERATIONS = 10_000_000;

export async function unwrapShare(wrapped, passphrase, context, { minIterations = WRAP_ITERATIONS } = {}) {
  const keys = wrapped && typeof wrapped === "object" && !Array.isArray(wrapped) ? Object.keys(wrapped) : [];
  if (keys.length !== KEYS.length || !KEYS.every((k) => keys.includes(k))) {
    throw new EncodingError("bad_json", { expected: WRAP_FORMAT });
  }
  if (wrapped.format !== WRAP_FORMAT || wrapped.kdf !== WRAP_KDF) {
    throw new EncodingError("bad_json", { expected: WRAP_FORMAT });
  }
  const { iterations } = wrapped;
  if (!Number.isInteger(iterations) || iterations < minIterations || iterations > MAX_ITERATIONS) {
    throw new EncodingError("bad_json", { expected: `${minIterations} to ${MAX_ITERATIONS} iterations` });
  }
  const salt = hexToBytes(wrapped.salt, 16);
  const iv = hexToBytes(wrapped.iv, 12);
  const sealed = hexToBytes(wrapped.ciphertext, 48);
  const key = await aesKey(passphrase, salt, iterations);
  let plain;
  try {
    plain = await subtle().decrypt({ name: "AES-GCM", iv, additionalData: context }, key, sealed);
  } catch {
    throw new CeremonyError("wrong_passphrase");
  }
  return decodeScalar(new Uint8Array(plain));
}
