/**
 * The browser twin of votesys/core/crypto (docs/protocol.md), on @noble/curves: group and
 * encodings, framing and challenges, exponential ElGamal, set/DLEQ/Schnorr proofs, the range
 * proof, layouts, ballots, receipts and the Benaloh challenge.
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
