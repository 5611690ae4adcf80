/**
 * The Benaloh challenge (kiểm tra phiếu) (twin of votesys/core/crypto/benaloh.py;
 * docs/protocol.md §6.6): the tablet opens a ballot instead of casting it; anyone re-encrypts.
 * A revealed ballot is spoiled: never cast it, encrypt again with fresh nonces.
 * @module
 */
import { encrypt } from "./elgamal.js";
import { CryptoError, EncodingError } from "./errors.js";
import { scalarFromHex, scalarToHex, withTable } from "./group.js";

const KEYS = ["marks", "flags", "mark_nonces", "flag_nonces"];

/**
 * The revealed ballot of a ballot encrypted with keepSecrets, as JSON
 * {marks, flags, mark_nonces, flag_nonces}.
 */
export function reveal(ballot) {
  const s = ballot.secrets;
  if (!s) throw new CryptoError("no_secrets");
  return {
    marks: [...s.marks],
    flags: [...s.flags],
    mark_nonces: s.markNonces.map(scalarToHex),
    flag_nonces: s.flagNonces.map(scalarToHex),
  };
}

/** Decode a revealed ballot's JSON; throws EncodingError. */
export function revealedFromJson(value) {
  const keys = value && typeof value === "object" && !Array.isArray(value) ? Object.keys(value) : [];
  if (keys.length !== KEYS.length || !KEYS.every((k) => keys.includes(k))) {
    throw new EncodingError("bad_json", { expected: "revealed ballot" });
  }
  if (!KEYS.every((k) => Array.isArray(value[k]))) {
    throw new EncodingError("bad_json", { expected: "lists" });
  }
  if (![...value.marks, ...value.flags].every(Number.isInteger)) {
    throw new EncodingError("bad_json", { expected: "integer marks" });
  }
  return {
    marks: [...value.marks],
    flags: [...value.flags],
    markNonces: value.mark_nonces.map(scalarFromHex),
    flagNonces: value.flag_nonces.map(scalarFromHex),
  };
}

/**
 * Problems found re-encrypting the revealed values ({code, index}, code revealed_mark,
 * revealed_flag or wrong_count); empty: the tablet encrypted faithfully.
 * @param {import("./ballot.js").EncryptedBallot} ballot @param {*} revealedJson @param {*} pk
 */
export function checkRevealed(ballot, revealedJson, pk) {
  const r = revealedFromJson(revealedJson);
  const key = withTable(pk);
  const groups = [
    ["revealed_mark", ballot.marks, r.marks, r.markNonces],
    ["revealed_flag", ballot.flags, r.flags, r.flagNonces],
  ];
  if (groups.some(([, cts, vs, rs]) => cts.length !== vs.length || cts.length !== rs.length)) {
    return [{ code: "wrong_count", index: null }];
  }
  const problems = [];
  for (const [code, cts, values, nonces] of groups) {
    cts.forEach((ct, i) => {
      const v = values[i];
      const bad = (v !== 0 && v !== 1) || nonces[i] === 0n || !encrypt(v, key, nonces[i]).equals(ct);
      if (bad) problems.push({ code, index: i });
    });
  }
  return problems;
}
