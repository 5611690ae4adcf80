/**
 * The browser twin of votesys/core/crypto (docs/protocol.md), on @noble/curves: group and
 * encodings, framing and challenges, exponential ElGamal, set/DLEQ/Schnorr proofs, the range
 * proof, layouts, ballots, receipts and the Benaloh challenge; the key ceremony (threshold,
 * share_box) and the passphrase-wrapped share (keywrap).
 * @module
 */
export * from "./errors.js";
export * from "./group.js";
export * from "./hashing.js";
export * from "./elgamal.js";
export * from "./proofs.js";
export * from "./range_proof.js";
export * from "./layout.js";
export * from "./ballot.js";
export * from "./receipt.js";
export * from "./benaloh.js";
export * from "./threshold.js";
export * from "./share_box.js";
export * from "./keywrap.js";
