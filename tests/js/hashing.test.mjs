// The framing and challenges: exact bytes, pinned in docs/protocol.md §12.
import assert from "node:assert/strict";
import { test } from "node:test";
import { sha256, sha512 } from "@noble/hashes/sha2.js";
import * as c from "../../static/js/crypto/index.js";

const b = (text) => new TextEncoder().encode(text);

test("frame is length-prefixed big-endian", () => {
  assert.equal(c.bytesToHex(c.frame([b("ab"), b(""), b("c")])), "00000002616200000000" + "0000000163");
});

test("moving a byte between fields changes the challenge", () => {
  assert.notEqual(c.challenge("t", b("ab"), b("c")), c.challenge("t", b("a"), b("bc")));
  assert.notEqual(c.challenge("t", b("abc")), c.challenge("t", b("ab"), b("c")));
  assert.notEqual(c.challenge("t1", b("x")), c.challenge("t2", b("x")));
});

test("challenge and digest hash the framed tag and fields", () => {
  const message = c.concat([new Uint8Array([0, 0, 0, 1]), b("t"), new Uint8Array([0, 0, 0, 2]), b("ab")]);
  assert.equal(c.challenge("t", b("ab")), c.bytesToIntLE(sha512(message)) % c.L);
  assert.deepEqual(c.digest("t", b("ab")), sha256(message));
});

test("known answers of the protocol", () => {
  const value = c.challenge("votesys/v1/test", new Uint8Array([1, 2]), new Uint8Array());
  assert.equal(value, 0x8e4eecb6b500bf31dcf01dabececdf9a4219fa4b0cc329eb5756c83c0fff142n);
  assert.equal(
    c.bytesToHex(c.Layout.strike(5, 3, 2).encode()),
    "00000006737472696b65" + "00000004" + "00000005" + "00000004" + "00000003" + "00000004" + "00000002",
  );
});

test("u32 refuses what does not fit", () => {
  assert.throws(() => c.u32(-1), RangeError);
  assert.throws(() => c.u32(2 ** 32), RangeError);
  assert.throws(() => c.ascii("đ"), RangeError);
});
