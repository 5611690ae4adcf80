/**
 * The ballot's encryption off the page's thread (a module Web Worker; the bundle is
 * static/vendor/votesys/crypto-worker.js, started with `new Worker(url, {type: "module"})`).
 *
 * Request: {id, marks, flags, layout: {kind, candidates, seats, flags}, publicKey: hex,
 *           context: hex, keepSecrets: bool}
 * Replies: {id, type: "progress", done, total} while proving, then either
 *          {id, type: "done", ballot: <ballot JSON>, receipt: "ABCDE-FGHIJ", revealed: <JSON|null>}
 *          (revealed only with keepSecrets: the Benaloh reveal) or {id, type: "error", code, message}.
 * @module
 */
import { encryptBallot } from "./ballot.js";
import { reveal } from "./benaloh.js";
import { CryptoError } from "./errors.js";
import { hexToBytes, pointFromHex } from "./group.js";
import { Layout } from "./layout.js";
import { receipt } from "./receipt.js";

const MESSAGES = {
  shape_not_allowed: "the marks and flags break the ballot's rules: no ballot can be made of them",
  bad_hex: "publicKey or context is not lowercase hex of the right length",
  invalid_point: "publicKey is not a point of the election group",
  identity_not_allowed: "publicKey is the identity: the round has no usable key",
};

function request(message) {
  const { layout: l, marks, flags, publicKey, context } = message;
  if (!l || typeof l !== "object") throw new RangeError("layout must be {kind, candidates, seats, flags}");
  if (!Array.isArray(marks) || !Array.isArray(flags)) throw new RangeError("marks and flags must be lists of 0/1");
  if (typeof context !== "string" || context.length % 2) throw new RangeError("context must be hex");
  return {
    marks,
    flags,
    layout: new Layout(l.kind, l.candidates, l.seats, l.flags),
    pk: pointFromHex(publicKey),
    context: hexToBytes(context, context.length / 2),
    keepSecrets: message.keepSecrets === true,
  };
}

/**
 * Answer one request; `post` receives every reply (progress messages, then done or error).
 * Exported for tests under Node, where there is no worker scope.
 */
export function handle(message, post) {
  const id = message && message.id;
  try {
    const r = request(message || {});
    const onProgress = (done, total) => post({ id, type: "progress", done, total });
    const ballot = encryptBallot(r.marks, r.flags, r.layout, r.pk, r.context, { keepSecrets: r.keepSecrets, onProgress });
    const revealed = r.keepSecrets ? reveal(ballot) : null;
    post({ id, type: "done", ballot: ballot.toJson(), receipt: receipt(ballot).code, revealed });
  } catch (exc) {
    if (exc instanceof CryptoError) {
      post({ id, type: "error", code: exc.code, message: MESSAGES[exc.code] || exc.message });
    } else if (exc instanceof RangeError || exc instanceof TypeError) {
      post({ id, type: "error", code: "bad_request", message: `the request is malformed: ${exc.message}` });
    } else {
      post({ id, type: "error", code: "worker_failed", message: String(exc && exc.message) });
    }
  }
}

// In a worker (not when a test imports this module under Node).
if (typeof WorkerGlobalScope !== "undefined" && globalThis instanceof WorkerGlobalScope) {
  globalThis.addEventListener("message", (event) => handle(event.data, (reply) => globalThis.postMessage(reply)));
}
