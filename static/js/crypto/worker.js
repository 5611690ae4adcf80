/**
 * The ballot's encryption off the page's thread (a module Web Worker; the bundle is
 * static/vendor/votesys/crypto-worker.js, started with `new Worker(url, {type: "module"})`).
 *
 * Request: {id, marks, flags, layout: {kind, candidates, seats, flags}, publicKey: hex,
 *           context: hex, keepSecrets: bool}
 * Replies: {id, type: "progress", done, total} while proving, then either
 *          {id, type: "done", ballot: <ballot JSON>, receipt: "ABCDE-FGHIJ", revealed: <JSON|null>}
 *          (revealed only with keepSecrets: the Benaloh reveal) or {id, type: "error", code, message}.
 *
 * Preparing (docs/performance.md, "The tablet prepares while the delegate marks"):
 * {id, type: "prepare", layout, publicKey, context} sent when the ballot screen opens draws
 * every random scalar of the next ballot and computes every multiple of G and of the key
 * (prepareBallot), kept in this worker's memory only: the reply {id, type: "prepared", ok}
 * carries none of it. The next encryption request uses it if it is for the same context (the
 * round's fingerprint, which binds the layout and the key; else it computes as without); either way the prepared set is dropped before
 * that encryption starts: one set, one ballot (a challenged ballot's nonces are published).
 * Messages are handled in order, so an encryption asked for during the preparation waits for it.
 * @module
 */
import { encryptBallot, prepareBallot } from "./ballot.js";
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

let prepared = null; // {set: PreparedBallot, context: hex}, for the next encryption only

/** The round's part of a request (a preparation's whole): its layout and election key. */
function round(message) {
  const { layout: l, publicKey, context } = message;
  if (!l || typeof l !== "object") throw new RangeError("layout must be {kind, candidates, seats, flags}");
  if (typeof context !== "string" || context.length % 2) throw new RangeError("context must be hex");
  return { layout: new Layout(l.kind, l.candidates, l.seats, l.flags), pk: pointFromHex(publicKey) };
}

function request(message) {
  const { marks, flags, context } = message;
  if (!Array.isArray(marks) || !Array.isArray(flags)) throw new RangeError("marks and flags must be lists of 0/1");
  return {
    ...round(message),
    marks,
    flags,
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
  if (message && message.type === "prepare") return prepare(message, post);
  // Whatever this request is, the prepared set leaves the worker's state now: used once at most.
  const ready = prepared;
  prepared = null;
  try {
    const r = request(message || {});
    const onProgress = (done, total) => post({ id, type: "progress", done, total });
    const set = ready && ready.context === message.context ? ready.set : null;
    if (ready && !set) ready.set.take(); // another round's: dropped unused
    const options = { keepSecrets: r.keepSecrets, onProgress, prepared: set };
    const ballot = encryptBallot(r.marks, r.flags, r.layout, r.pk, r.context, options);
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

/** A preparation: replaces any earlier prepared set; a failure leaves none (encrypt computes). */
function prepare(message, post) {
  prepared = null;
  let ok = false;
  try {
    const r = round(message);
    prepared = { set: prepareBallot(r.layout, r.pk), context: message.context };
    ok = true;
  } catch {
    // Not prepared: the encryption will compute everything, and report a bad request itself.
  }
  post({ id: message.id, type: "prepared", ok });
}

/** Tests only: whether a prepared set is waiting for the next encryption. */
export function _hasPrepared() {
  return prepared !== null;
}

// In a worker (not when a test imports this module under Node).
if (typeof WorkerGlobalScope !== "undefined" && globalThis instanceof WorkerGlobalScope) {
  globalThis.addEventListener("message", (event) => handle(event.data, (reply) => globalThis.postMessage(reply)));
}
