// A ballot prepared in advance (prepareBallot; the worker's "prepare" message) is the same
// ballot as one computed when the button is pressed: the PYTHON verifier accepts both (through
// the cross-language vectors' checker, tests/core/crypto_vectors.py), and a prepared set serves
// one ballot only (docs/performance.md, "The tablet prepares while the delegate marks").
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import * as c from "../../static/js/crypto/index.js";
import { _hasPrepared, handle } from "../../static/js/crypto/worker.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PYTHON = `${ROOT}.venv/bin/python`;
const pk = c.baseMul(c.randomScalar());
const context = globalThis.crypto.getRandomValues(new Uint8Array(32));
const layoutJson = (l) => ({ kind: l.kind, candidates: l.candidates, seats: l.seats, flags: l.flags });

const CASES = [
  ["strike_valid", c.Layout.strike(5, 3, 2), [1, 1, 0, 1, 0], [0, 0]],
  ["strike_flagged", c.Layout.strike(5, 3, 2), [0, 0, 0, 0, 0], [0, 1]],
  ["strike_13", c.Layout.strike(13, 10, 3), [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0], [0, 0, 0]],
  ["strike_all_kept", c.Layout.strike(4, 4, 1), [1, 1, 1, 1], [0]],
  ["approve_valid", c.Layout.approve(3, 1), [1, 0, 0, 0, 0, 1], [0]],
  ["approve_blank", c.Layout.approve(4, 2), [0, 0, 0, 0, 0, 0, 0, 0], [0, 0]],
  ["approve_single", c.Layout.approve(1, 1), [0, 1], [0]],
];

/** An entry of the vectors' format (tests/core/crypto_vectors.py `_check_ballot` reads it). */
function entry(name, layout, made) {
  return {
    name,
    layout: layoutJson(layout),
    pk: c.pointToHex(pk),
    context: c.bytesToHex(context),
    ballot: made.toJson(),
    problems: [],
    receipt: c.receipt(made),
    revealed: c.reveal(made),
    revealed_problems: [],
  };
}

const CHECK = `
import json, sys
from tests.core.crypto_vectors import _check_ballot
failures = []
def expect(label, got, wanted):
    if got != wanted:
        failures.append(f"{label}: got {got!r}, expected {wanted!r}")
for item in json.load(sys.stdin):
    _check_ballot(item, expect)
print(json.dumps(failures))
`;

function pythonFailures(entries) {
  const done = spawnSync(PYTHON, ["-c", CHECK], { cwd: ROOT, input: JSON.stringify(entries), encoding: "utf8" });
  assert.equal(done.status, 0, done.stderr);
  return JSON.parse(done.stdout);
}

test(
  "prepared and unprepared ballots pass the Python verifier, receipts and reveals included",
  { skip: existsSync(PYTHON) ? false : "no .venv/bin/python (the Python verifier)" },
  () => {
    const entries = [];
    for (const [name, layout, marks, flags] of CASES) {
      const prepared = c.prepareBallot(layout, pk);
      const fast = c.encryptBallot(marks, flags, layout, pk, context, { keepSecrets: true, prepared });
      const slow = c.encryptBallot(marks, flags, layout, pk, context, { keepSecrets: true });
      for (const made of [fast, slow]) {
        assert.deepEqual(c.verifyBallot(made, layout, pk, context), [], name);
        assert.deepEqual(c.checkRevealed(made, c.reveal(made), pk), [], name);
      }
      assert.deepEqual(c.reveal(fast).marks, marks);
      entries.push(entry(`${name} prepared`, layout, fast), entry(`${name} computed`, layout, slow));
    }
    // A prepared ballot with the wrong marks claimed is refused on both sides.
    const [, layout, marks, flags] = CASES[0];
    const lie = entry("strike_valid prepared, reveal lies", layout,
      c.encryptBallot(marks, flags, layout, pk, context, { keepSecrets: true, prepared: c.prepareBallot(layout, pk) }));
    lie.revealed.marks[2] = 1;
    lie.revealed_problems = [{ code: "revealed_mark", index: 2 }];
    entries.push(lie);
    assert.deepEqual(pythonFailures(entries), []);
  },
);

test("a prepared set serves one ballot: a second use is refused", () => {
  const [, layout, marks, flags] = CASES[2];
  const prepared = c.prepareBallot(layout, pk);
  assert.equal(prepared.used, false);
  c.encryptBallot(marks, flags, layout, pk, context, { prepared });
  assert.equal(prepared.used, true);
  assert.throws(() => c.encryptBallot(marks, flags, layout, pk, context, { prepared }), /used once/);
  assert.throws(() => prepared.take(), /used once/);
  // A refused marking uses it up too; another layout or key is computed as without one.
  const refused = c.prepareBallot(layout, pk);
  assert.throws(() => c.encryptBallot(Array(13).fill(1), flags, layout, pk, context, { prepared: refused }));
  assert.equal(refused.used, true);
  const other = c.prepareBallot(c.Layout.strike(5, 3, 2), pk);
  const made = c.encryptBallot(marks, flags, layout, pk, context, { prepared: other });
  assert.equal(other.used, true);
  assert.deepEqual(c.verifyBallot(made, layout, pk, context), []);
});

function run(message) {
  const replies = [];
  handle(message, (reply) => replies.push(reply));
  return replies;
}

test("the worker prepares, uses the set for ONE encryption, and never sends it back", () => {
  const layout = { kind: "strike", candidates: 20, seats: 15, flags: 2 };
  const l = new c.Layout(layout.kind, layout.candidates, layout.seats, layout.flags);
  const round = { layout, publicKey: c.pointToHex(pk), context: c.bytesToHex(context) };
  const marks = Array.from({ length: 20 }, (_, i) => (i < 12 ? 1 : 0));
  const ask = { ...round, marks, flags: [0, 0], keepSecrets: true };

  assert.deepEqual(run({ id: 0, type: "prepare", ...round }), [{ id: 0, type: "prepared", ok: true }]);
  assert.equal(_hasPrepared(), true);
  const first = run({ id: 1, ...ask });
  assert.equal(_hasPrepared(), false);
  // The same progress as without preparation.
  assert.deepEqual(first.filter((r) => r.type === "progress").map((p) => p.done), [0, 8, 16, 23]);
  const second = run({ id: 2, ...ask }).at(-1); // a "mark again" that was not prepared
  run({ id: 3, type: "prepare", ...round });
  const third = run({ id: 4, ...ask }).at(-1);
  const done = [first.at(-1), second, third];
  for (const reply of done) {
    assert.equal(reply.type, "done");
    const { ballot, problems } = c.verifyBallotJson(reply.ballot, l, pk, context);
    assert.deepEqual(problems, []);
    assert.deepEqual(c.checkRevealed(ballot, reply.revealed, pk), []);
  }
  // Every ballot its own nonces and ciphertexts.
  const nonces = done.flatMap((r) => [...r.revealed.mark_nonces, ...r.revealed.flag_nonces]);
  assert.equal(new Set(nonces).size, nonces.length);
  const points = done.flatMap((r) => r.ballot.marks.flat());
  assert.equal(new Set(points).size, points.length);
});

test("a preparation for another round, or a failed one, changes nothing but the speed", () => {
  const l = c.Layout.approve(3, 1);
  const layout = layoutJson(l);
  const round = { layout, publicKey: c.pointToHex(pk), context: c.bytesToHex(context) };
  const ask = { ...round, id: 9, marks: [0, 1, 1, 0, 0, 0], flags: [0], keepSecrets: false };
  const otherContext = c.bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(32)));
  for (const prepare of [{ ...round, context: otherContext }, { ...round, publicKey: "zz" }, { ...round, layout: null }]) {
    const [reply] = run({ id: 8, type: "prepare", ...prepare });
    assert.deepEqual(Object.keys(reply).sort(), ["id", "ok", "type"]);
    const done = run(ask).at(-1);
    assert.equal(_hasPrepared(), false);
    assert.equal(done.type, "done");
    assert.deepEqual(c.verifyBallotJson(done.ballot, l, pk, context).problems, []);
  }
  // A refused request drops the prepared set as well.
  run({ id: 10, type: "prepare", ...round });
  assert.equal(run({ ...ask, marks: [1, 1, 1, 1, 1, 1] }).at(-1).code, "shape_not_allowed");
  assert.equal(_hasPrepared(), false);
});
