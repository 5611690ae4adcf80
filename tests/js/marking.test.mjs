// The shared marking cases (tests/tablet/marking_cases.json) against the tablet's twin,
// static/js/tablet/marking.js; tests/tablet/test_marking_cases.py checks the same file against
// votesys/core/rules/marking.py, so the twins cannot drift.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { Layout } from "../../static/js/crypto/layout.js";
import "../../static/js/tablet/marking.js";

const CASES = JSON.parse(readFileSync(new URL("../tablet/marking_cases.json", import.meta.url), "utf8"));
const m = globalThis.VotesysMarking;

for (const c of CASES.cases) {
  test(`marking: ${c.name}`, () => {
    const spoilt = c.marks === "spoilt";
    const rows = spoilt ? c.rows : c.marks.length;
    assert.deepEqual(m.reasonsFor(c.layout, rows, c.settings), c.reasons);
    const made = m.cryptoLayout(c.layout, rows, c.seats, c.alternates, c.settings);
    assert.deepEqual(made, c.crypto_layout);
    if (!spoilt) assert.equal(m.verdict(c.layout, c.marks, c.seats, c.alternates, c.settings), c.reason);
    const plain = spoilt
      ? m.spoilt(c.layout, rows, c.settings)
      : m.plaintexts(c.layout, c.marks, c.seats, c.alternates, c.settings);
    assert.deepEqual(plain, c.plaintexts);
    const layout = new Layout(made.kind, made.candidates, made.seats, made.flags);
    assert.ok(layout.isWellFormed(plain.marks, plain.flags), "the proofs would refuse these plaintexts");
  });
}

for (const c of CASES.refused) {
  test(`refused: ${c.name}`, () => {
    assert.throws(
      () => m.plaintexts(c.layout, c.marks, c.seats, c.alternates, c.settings),
      (error) => error.name === "MarkingError" && error.code === c.error,
    );
  });
}

test("the twin is frozen: a page script cannot swap a rule", () => {
  assert.ok(Object.isFrozen(m));
  assert.throws(() => { "use strict"; m.verdict = () => null; }, TypeError);
});
