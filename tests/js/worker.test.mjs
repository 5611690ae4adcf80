// The ballot worker's protocol (static/js/crypto/worker.js), driven without a worker scope.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as c from "../../static/js/crypto/index.js";
import { handle } from "../../static/js/crypto/worker.js";

const pk = c.baseMul(c.randomScalar());
const context = c.bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(32)));
const layout = { kind: "strike", candidates: 20, seats: 15, flags: 2 };

function run(message) {
  const replies = [];
  handle(message, (reply) => replies.push(reply));
  return replies;
}

test("the worker reports progress, then the ballot, its receipt and the reveal", () => {
  const marks = Array.from({ length: 20 }, (_, i) => (i < 12 ? 1 : 0));
  const replies = run({ id: 7, marks, flags: [0, 0], layout, publicKey: c.pointToHex(pk), context, keepSecrets: true });
  const progress = replies.filter((r) => r.type === "progress");
  const done = replies.at(-1);
  assert.equal(done.type, "done");
  assert.ok(replies.every((r) => r.id === 7));
  assert.deepEqual(progress[0], { id: 7, type: "progress", done: 0, total: 23 });
  assert.deepEqual(progress.at(-1), { id: 7, type: "progress", done: 23, total: 23 });
  assert.deepEqual(progress.map((p) => p.done), [0, 8, 16, 23]);
  const l = new c.Layout(layout.kind, layout.candidates, layout.seats, layout.flags);
  const { ballot, problems } = c.verifyBallotJson(done.ballot, l, pk, c.hexToBytes(context));
  assert.deepEqual(problems, []);
  assert.equal(done.receipt, c.receipt(ballot).code);
  assert.match(done.receipt, /^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
  assert.deepEqual(c.checkRevealed(ballot, done.revealed, pk), []);
  assert.deepEqual(done.revealed.marks, marks);
});

test("without keepSecrets nothing is revealed", () => {
  const marks = [1, ...Array(19).fill(0)];
  const done = run({ id: "a", marks, flags: [0, 0], layout, publicKey: c.pointToHex(pk), context, keepSecrets: false }).at(-1);
  assert.equal(done.type, "done");
  assert.equal(done.revealed, null);
});

test("a refused request says why, with a code", () => {
  const base = { id: 1, marks: Array(20).fill(1), flags: [0, 0], layout, publicKey: c.pointToHex(pk), context };
  const last = (message) => run(message).at(-1);
  assert.equal(last(base).code, "shape_not_allowed");
  assert.match(last(base).message, /rules/);
  const ok = { ...base, marks: [1, ...Array(19).fill(0)] };
  assert.equal(last({ ...ok, publicKey: "01" + "00".repeat(31) }).code, "identity_not_allowed");
  assert.equal(last({ ...ok, publicKey: "zz" }).code, "bad_hex");
  assert.equal(last({ ...ok, layout: { ...layout, kind: "rank" } }).code, "bad_request");
  assert.equal(last({ ...ok, context: 5 }).code, "bad_request");
  assert.deepEqual(run({ ...ok, layout: null }).map((r) => r.type), ["error"]);
});
