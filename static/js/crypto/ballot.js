/**
 * The encrypted ballot (phiếu bầu đã mã hóa): encrypt and prove on the tablet, verify anywhere
 * (twin of votesys/core/crypto/ballot.py; docs/protocol.md §6).
 * @module
 */
import { Ciphertext, addAll, encryptAll } from "./elgamal.js";
import { CryptoError, EncodingError, ProvingError } from "./errors.js";
import { baseMulRaw, mod, mulRaw, normalizeAll, pointToHex, randomScalar, withTable } from "./group.js";
import { TAG_BALLOT, ascii, concat, digest, frame, u32 } from "./hashing.js";
import {
  BIT,
  PREPARED_BIT_POINTS,
  PREPARED_DLEQ_POINTS,
  SetProof,
  prepareBit,
  preparedCiphertext,
  provePreparedBit,
  proveSet,
  verifySet,
} from "./proofs.js";
import { RangeProof, prepareRange, provePreparedRange, proveRange, verifyRange } from "./range_proof.js";

export const FORMAT = "votesys-ballot/1";
const KEYS = ["format", "marks", "flags", "mark_proofs", "flag_proofs", "row_proofs", "shape_proof"];

/** Ciphertexts and proofs of one ballot; `secrets` (plaintexts, nonces) only if kept. */
export class EncryptedBallot {
  constructor({ marks, flags, markProofs, flagProofs, rowProofs, shapeProof, secrets = null }) {
    Object.assign(this, { marks, flags, markProofs, flagProofs, rowProofs, shapeProof, secrets });
    Object.freeze(this);
  }

  /** The canonical JSON form (never includes the secrets). */
  toJson() {
    return {
      format: FORMAT,
      marks: this.marks.map((ct) => ct.toJson()),
      flags: this.flags.map((ct) => ct.toJson()),
      mark_proofs: this.markProofs.map((p) => p.toJson()),
      flag_proofs: this.flagProofs.map((p) => p.toJson()),
      row_proofs: this.rowProofs.map((p) => p.toJson()),
      shape_proof: this.shapeProof.toJson(),
    };
  }

  /**
   * Decode and check every encoding, counts from the layout; throws EncodingError.
   * @param {*} value parsed JSON @param {import("./layout.js").Layout} layout
   */
  static fromJson(value, layout) {
    const keys = value && typeof value === "object" && !Array.isArray(value) ? Object.keys(value) : [];
    if (keys.length !== KEYS.length || !KEYS.every((k) => keys.includes(k)) || value.format !== FORMAT) {
      throw new EncodingError("bad_json", { expected: FORMAT });
    }
    const ct = (item) => Ciphertext.fromJson(item);
    return new EncryptedBallot({
      marks: list(value.marks, layout.markCount, ct),
      flags: list(value.flags, layout.flags, ct),
      markProofs: list(value.mark_proofs, layout.markCount, bitProof),
      flagProofs: list(value.flag_proofs, layout.flags, bitProof),
      rowProofs: list(value.row_proofs, layout.rowCount, bitProof),
      shapeProof: RangeProof.fromJson(value.shape_proof, ...layout.shapeRange),
    });
  }
}

function list(value, count, decode) {
  if (!Array.isArray(value) || value.length !== count) {
    throw new EncodingError("bad_json", { expected: `a list of ${count}` });
  }
  return value.map(decode);
}

function bitProof(value) {
  return SetProof.fromJson(value, BIT.length);
}

/** Binds the proofs to the round, the layout, the key and every ciphertext of this ballot. */
export function ballotDigest(layout, pk, context, marks, flags) {
  return digest(
    TAG_BALLOT,
    context,
    layout.encode(),
    pk.toBytes(),
    concat(marks.map((ct) => ct.encode())),
    concat(flags.map((ct) => ct.encode())),
  );
}

/** frame([ballot digest, role, u32(index)]), role in mark, flag, row, shape. */
export function proofContext(digestBytes, role, index) {
  return frame([digestBytes, ascii(role), u32(index)]);
}

function rows(items, add) {
  const out = [];
  for (let i = 0; i < items.length; i += 2) out.push(add(items[i], items[i + 1]));
  return out;
}

/** The approve rows' sums, made affine together (they are encoded for the row proofs). */
function affineRows(markCts) {
  const sums = rows(markCts, (a, b) => a.add(b));
  const points = normalizeAll(sums.flatMap((ct) => [ct.a, ct.b]));
  return sums.map((_, i) => new Ciphertext(points[2 * i], points[2 * i + 1]));
}

function shape(layout, marks, flags) {
  const total = addAll(marks);
  return flags.length ? total.add(addAll(flags).scale(layout.flagWeight)) : total;
}

/**
 * Encrypt and prove a ballot. Refuses (ProvingError "shape_not_allowed") a marking the rules
 * forbid: the tablet first turns a paper-invalid marking into "all marks 0, one reason flag".
 * @param {number[]} marks @param {number[]} flags @param {import("./layout.js").Layout} layout
 * @param {*} pk election key @param {Uint8Array} context round fingerprint
 * @param {{keepSecrets?: boolean, onProgress?: (done: number, total: number) => void}} [options]
 *   keepSecrets keeps the nonces for a Benaloh challenge; onProgress is called with (0, total)
 *   first, then every few proofs, last with (total, total): total counts the proofs
 *   (marks + flags + rows + the shape).
 * @returns {EncryptedBallot}
 */
export function encryptBallot(
  marks,
  flags,
  layout,
  pk,
  context,
  { keepSecrets = false, onProgress = null, prepared = null } = {},
) {
  // A prepared set is used up here, whatever happens next: never by two ballots.
  const parts = prepared ? prepared.take() : null;
  if (!layout.isWellFormed(marks, flags)) throw new ProvingError("shape_not_allowed");
  if (parts && prepared.matches(layout, pk)) {
    return encryptPrepared(parts, marks, flags, layout, withTable(pk), context, { keepSecrets, onProgress });
  }
  return _encrypt(marks, flags, layout, pk, context, { keepSecrets, onProgress });
}

// --- Prepared in advance (docs/performance.md, "The tablet prepares while the delegate marks"):
// every random scalar a ballot of this layout under this key needs, and every multiple of G
// and of the key, computed before the marks are known (they depend on none): the nonces and
// both possible ciphertexts of each mark, flag, approve row and range-proof bit, the 0/1
// proofs' prepared halves (proofs.js prepareBit), the range proof's bits and zero proof. What
// encryptPrepared does with the marks is choosing among them, hashing and scalar arithmetic:
// the same ballot, with the same distribution, as _encrypt.

const layoutKey = (l) => `${l.kind}:${l.candidates}:${l.seats}:${l.flags}`;

/** One ballot's vote-independent values; used once (take), then dropped. */
export class PreparedBallot {
  #parts;
  #used = false;

  constructor(layout, pk) {
    this.layoutKey = layoutKey(layout);
    this.keyHex = pointToHex(pk);
    this.#parts = prepareParts(layout, withTable(pk));
    Object.freeze(this);
  }

  /** Whether it was made for this layout and this key. */
  matches(layout, pk) {
    return this.layoutKey === layoutKey(layout) && this.keyHex === pointToHex(pk);
  }

  get used() {
    return this.#used;
  }

  /** Its values, once; a second call throws (a nonce must never serve two ballots). */
  take() {
    if (this.#used) throw new Error("a prepared ballot is used once only");
    this.#used = true;
    const parts = this.#parts;
    this.#parts = null;
    return parts;
  }
}

/**
 * Prepare one ballot of `layout` under `pk` (the work of encryptBallot that does not depend on
 * the marks, about all of it). Pass it once to encryptBallot as `prepared`.
 * @returns {PreparedBallot}
 */
export function prepareBallot(layout, pk) {
  return new PreparedBallot(layout, pk);
}

function prepareParts(layout, pk) {
  const fresh = () => {
    const r = randomScalar();
    return prepareBit(r, pk, baseMulRaw(r), mulRaw(pk, r));
  };
  const markBits = Array.from({ length: layout.markCount }, fresh);
  const flagBits = Array.from({ length: layout.flags }, fresh);
  const rowBits = [];
  if (layout.rowCount) {
    for (let i = 0; i < markBits.length; i += 2) {
      const [x, y] = [markBits[i], markBits[i + 1]];
      rowBits.push(prepareBit(x.r + y.r, pk, x.a.add(y.a), x.b0.add(y.b0)));
    }
  }
  const total = (bits) => bits.reduce((s, b) => s + b.r, 0n);
  const shapeNonce = mod(total(markBits) + BigInt(layout.flagWeight) * total(flagBits));
  const range = prepareRange(shapeNonce, ...layout.shapeRange, pk);
  const slots = [];
  for (const bit of [...markBits, ...flagBits, ...rowBits, ...range.bits]) {
    for (const field of PREPARED_BIT_POINTS) slots.push([bit, field]);
  }
  for (const field of PREPARED_DLEQ_POINTS) slots.push([range.zero, field]);
  const affine = normalizeAll(slots.map(([o, f]) => o[f])); // one inversion for them all
  slots.forEach(([o, f], i) => {
    o[f] = affine[i];
  });
  return { markBits, flagBits, rowBits, range };
}

function encryptPrepared(parts, marks, flags, layout, pk, context, { keepSecrets, onProgress }) {
  const { markBits, flagBits, rowBits, range } = parts;
  const tick = progress(onProgress, marks.length + flags.length + layout.rowCount + 1);
  const markCts = marks.map((m, i) => preparedCiphertext(markBits[i], m));
  const flagCts = flags.map((m, i) => preparedCiphertext(flagBits[i], m));
  const bd = ballotDigest(layout, pk, context, markCts, flagCts);
  const rowValues = layout.rowCount ? rows(marks, (a, b) => a + b) : [];
  const rowCts = rowValues.map((m, i) => preparedCiphertext(rowBits[i], m));
  const shapeProof = provePreparedRange(range, layout.shapeValue(marks, flags), pk, proofContext(bd, "shape", 0));
  tick();
  const bits = (role, cts, values, prepared) =>
    cts.map((ct, i) => {
      const proof = provePreparedBit(prepared[i], ct, values[i], pk, proofContext(bd, role, i));
      tick();
      return proof;
    });
  const markProofs = bits("mark", markCts, marks, markBits);
  const flagProofs = bits("flag", flagCts, flags, flagBits);
  const rowProofs = bits("row", rowCts, rowValues, rowBits);
  const secrets = keepSecrets
    ? Object.freeze({
        marks: [...marks],
        flags: [...flags],
        markNonces: markBits.map((b) => b.r),
        flagNonces: flagBits.map((b) => b.r),
      })
    : null;
  return new EncryptedBallot({ marks: markCts, flags: flagCts, markProofs, flagProofs, rowProofs, shapeProof, secrets });
}

/** Proofs between two progress reports. */
export const PROGRESS_EVERY = 8;

function progress(onProgress, total) {
  let done = 0;
  if (onProgress) onProgress(0, total);
  return () => {
    done += 1;
    if (onProgress && (done % PROGRESS_EVERY === 0 || done === total)) onProgress(done, total);
  };
}

/**
 * Tests only, as Python's ballot._encrypt: with `forge` every proof claims the nearest allowed
 * value, giving a ballot that breaks the rules with proofs of false statements (to be refused).
 */
export function _encrypt(marks, flags, layout, pk, context, { keepSecrets = false, forge = false, onProgress = null } = {}) {
  const claim = (v, lo, hi) => (forge ? Math.min(Math.max(v, lo), hi) : v);
  const tick = progress(onProgress, marks.length + flags.length + layout.rowCount + 1);
  pk = withTable(pk);
  const markNonces = marks.map(() => randomScalar());
  const flagNonces = flags.map(() => randomScalar());
  const cts = encryptAll([...marks, ...flags], pk, [...markNonces, ...flagNonces]);
  const markCts = cts.slice(0, marks.length);
  const flagCts = cts.slice(marks.length);
  const bd = ballotDigest(layout, pk, context, markCts, flagCts);
  const bits = (role, cts, values, nonces) =>
    cts.map((ct, i) => {
      const proof = proveSet(ct, claim(values[i], 0, 1), nonces[i], BIT, pk, proofContext(bd, role, i));
      tick();
      return proof;
    });
  const [rowCts, rowValues, rowNonces] = layout.rowCount
    ? [affineRows(markCts), rows(marks, (a, b) => a + b), rows(markNonces, (a, b) => a + b)]
    : [[], [], []];
  const total = (xs) => xs.reduce((s, x) => s + x, 0n);
  const shapeNonce = mod(total(markNonces) + BigInt(layout.flagWeight) * total(flagNonces));
  const [lo, hi] = layout.shapeRange;
  const shapeProof = proveRange(
    shape(layout, markCts, flagCts),
    claim(layout.shapeValue(marks, flags), lo, hi),
    shapeNonce,
    lo,
    hi,
    pk,
    proofContext(bd, "shape", 0),
  );
  tick();
  const secrets = keepSecrets
    ? Object.freeze({ marks: [...marks], flags: [...flags], markNonces, flagNonces })
    : null;
  const markProofs = bits("mark", markCts, marks, markNonces);
  const flagProofs = bits("flag", flagCts, flags, flagNonces);
  const rowProofs = bits("row", rowCts, rowValues, rowNonces);
  return new EncryptedBallot({ marks: markCts, flags: flagCts, markProofs, flagProofs, rowProofs, shapeProof, secrets });
}

/**
 * Every problem found, as {code, index} (code mark_proof, flag_proof, row_proof, shape_proof or
 * wrong_count; index null for the shape); empty: the ballot may be stored.
 */
export function verifyBallot(ballot, layout, pk, context) {
  const b = ballot;
  const counts = [b.marks.length, b.markProofs.length, b.flags.length, b.flagProofs.length];
  const expected = [layout.markCount, layout.markCount, layout.flags, layout.flags];
  if (counts.some((n, i) => n !== expected[i]) || b.rowProofs.length !== layout.rowCount) {
    return [{ code: "wrong_count", index: null }];
  }
  pk = withTable(pk);
  const bd = ballotDigest(layout, pk, context, b.marks, b.flags);
  const groups = [
    ["mark", b.marks, b.markProofs],
    ["flag", b.flags, b.flagProofs],
    ["row", layout.rowCount ? rows(b.marks, (x, y) => x.add(y)) : [], b.rowProofs],
  ];
  const problems = [];
  for (const [role, cts, proofs] of groups) {
    cts.forEach((ct, i) => {
      if (!verifySet(ct, proofs[i], BIT, pk, proofContext(bd, role, i))) {
        problems.push({ code: `${role}_proof`, index: i });
      }
    });
  }
  const s = shape(layout, b.marks, b.flags);
  if (!verifyRange(s, b.shapeProof, ...layout.shapeRange, pk, proofContext(bd, "shape", 0))) {
    problems.push({ code: "shape_proof", index: null });
  }
  return problems;
}

/**
 * Decode then verify, as the server does: {ballot (or null), problems}; a bad encoding gives
 * the single problem "malformed:<code>".
 */
export function verifyBallotJson(value, layout, pk, context) {
  let ballot;
  try {
    ballot = EncryptedBallot.fromJson(value, layout);
  } catch (exc) {
    if (!(exc instanceof CryptoError)) throw exc;
    return { ballot: null, problems: [{ code: `malformed:${exc.code}`, index: null }] };
  }
  return { ballot, problems: verifyBallot(ballot, layout, pk, context) };
}
