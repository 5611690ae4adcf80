// The committed cross-language vectors (tests/js/vectors/*.json, made by Python and by this
// twin): JavaScript must agree with every value and refuse every negative vector.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { verdicts } from "./ceremony_vectors.mjs";
import { check, produce } from "./vectors.mjs";

const read = (name) => JSON.parse(readFileSync(new URL(`./vectors/${name}`, import.meta.url), "utf8"));
const VERDICTS = read("ceremony_verdicts.json");
const VALID = ["strike_valid", "benaloh_lie", "strike_flagged", "strike_13", "approve_valid", "approve_single"];

for (const name of ["python", "js"]) {
  test(`committed ${name} vectors hold in JavaScript`, async () => {
    const vectors = read(`${name}.json`);
    const { failures, checked } = await check(vectors);
    assert.deepEqual(failures, []);
    assert.ok(checked > 140);
    assert.deepEqual(verdicts(vectors), VERDICTS);
    for (const ballot of vectors.ballots) {
      assert.equal(ballot.problems.length === 0, VALID.includes(ballot.name), ballot.name);
    }
  });
}

test("fresh JavaScript vectors show what they are meant to, and hold", async () => {
  const vectors = await produce();
  assert.deepEqual(verdicts(vectors), VERDICTS);
  assert.deepEqual((await check(vectors)).failures, []);
});
