// The committed cross-language vectors (tests/js/vectors/*.json, made by Python and by this
// twin): JavaScript must agree with every value and refuse every negative vector.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { check } from "./vectors.mjs";

const VALID = ["strike_valid", "benaloh_lie", "strike_flagged", "strike_13", "approve_valid", "approve_single"];

for (const name of ["python", "js"]) {
  test(`committed ${name} vectors hold in JavaScript`, () => {
    const vectors = JSON.parse(readFileSync(new URL(`./vectors/${name}.json`, import.meta.url), "utf8"));
    const { failures, checked } = check(vectors);
    assert.deepEqual(failures, []);
    assert.ok(checked > 80);
    for (const ballot of vectors.ballots) {
      assert.equal(ballot.problems.length === 0, VALID.includes(ballot.name), ballot.name);
    }
  });
}
