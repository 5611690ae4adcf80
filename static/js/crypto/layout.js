/**
 * The ballot layout as the crypto sees it (twin of votesys/core/crypto/layout.py;
 * docs/protocol.md §6.1): strike (gạch tên) or approve (đồng ý / không đồng ý), and the shape
 * S = Σ marks + K·Σ flags that must fall in [lo, K].
 * @module
 */
import { ascii, frame, u32 } from "./hashing.js";

export const STRIKE = "strike";
export const APPROVE = "approve";
export const MAX_CANDIDATES = 10000;

const sum = (xs) => xs.reduce((s, x) => s + x, 0);

/** A ballot layout (immutable). */
export class Layout {
  /**
   * @param {string} kind "strike" or "approve"
   * @param {number} candidates names (strike) or rows (approve)
   * @param {number} seats K, the most marks a valid ballot carries
   * @param {number} flags number of invalid-reason flags
   */
  constructor(kind, candidates, seats, flags) {
    if (kind !== STRIKE && kind !== APPROVE) throw new RangeError(`unknown layout "${kind}"`);
    const int = (n) => Number.isInteger(n);
    if (!int(candidates) || !int(seats) || !int(flags)) throw new RangeError("counts are integers");
    if (candidates < 1 || candidates > MAX_CANDIDATES || flags < 0 || flags > 64) {
      throw new RangeError("candidates must be 1..10000 and flags 0..64");
    }
    if (kind === STRIKE && !(seats >= 1 && seats <= candidates)) {
      throw new RangeError("a strike ballot keeps between 1 and len(candidates) names");
    }
    if (kind === APPROVE && seats !== candidates) {
      throw new RangeError("an approve ballot has as many seats as rows");
    }
    Object.assign(this, { kind, candidates, seats, flags });
    Object.freeze(this);
  }

  static strike(names, seats, flags) {
    return new Layout(STRIKE, names, seats, flags);
  }

  static approve(rows, flags) {
    return new Layout(APPROVE, rows, rows, flags);
  }

  get markCount() {
    return this.kind === STRIKE ? this.candidates : 2 * this.candidates;
  }

  get rowCount() {
    return this.kind === APPROVE ? this.candidates : 0;
  }

  /** K: a flag lifts S to at least K, so a flagged ballot fits only with no mark at all. */
  get flagWeight() {
    return this.seats;
  }

  /** [lo, K]: the range S must fall in. */
  get shapeRange() {
    const single = this.kind === APPROVE && this.candidates === 1;
    return [this.kind === STRIKE || single ? 1 : 0, this.seats];
  }

  /** frame([kind, u32(candidates), u32(K), u32(f)]). */
  encode() {
    return frame([ascii(this.kind), u32(this.candidates), u32(this.seats), u32(this.flags)]);
  }

  shapeValue(marks, flags) {
    return sum(marks) + this.flagWeight * sum(flags);
  }

  /** The plaintexts a ballot may carry, straight from the rules (not from shapeRange). */
  isWellFormed(marks, flags) {
    if (marks.length !== this.markCount || flags.length !== this.flags) return false;
    if ([...marks, ...flags].some((v) => v !== 0 && v !== 1)) return false;
    if (this.kind === APPROVE) {
      for (let i = 0; i < marks.length; i += 2) if (marks[i] + marks[i + 1] > 1) return false;
    }
    if (sum(flags) === 1) return sum(marks) === 0;
    if (sum(flags) > 1) return false;
    if (this.kind === STRIKE) return sum(marks) >= 1 && sum(marks) <= this.seats;
    return this.candidates > 1 || sum(marks) === 1;
  }
}
