/**
 * The member's guided page of the key ceremony (docs/ceremony.md, docs/protocol.md §7).
 *
 * Step 1 makes the transport key, step 2 deals (commitments and one sealed share per member),
 * step 3 opens and checks every share, computes x_j, checks x_j·G = X_j, and publishes X_j with
 * x_j wrapped under the member's passphrase; step 4 is the recovery card. The page polls the
 * status and shows the next step by itself when the others are ready.
 *
 * The transport secret and the dealing live only in this tab (sessionStorage, so that a reload
 * continues), and are wiped once the member's share is kept. x_j lives only in memory.
 */

const root = document.getElementById("ceremony-member");
const data = root.dataset;
const csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
const me = Number(data.number);
const threshold = Number(data.threshold);
const numbers = data.numbers.split(",").map(Number);
const storageKey = `votesys.ceremony.${data.fingerprint}.${me}`;
const $ = (testid) => root.querySelector(`[data-testid="${testid}"]`);

let c = null; // the crypto module, loaded below
let fingerprint = null;
let status = null;
let busy = false;
let share = null; // x_j and X_j between the check and the passphrase (memory only)
let pollTimer = null;

// --- words ---

function say(name, params = {}) {
  let text = data[name] || name;
  for (const [key, value] of Object.entries(params)) text = text.split(`{${key}}`).join(String(value));
  return text;
}

function showError(text) {
  const box = $("ceremony-error");
  box.textContent = text;
  box.hidden = !text;
  if (text) box.scrollIntoView({ block: "center" });
}

function showNotice(text) {
  const box = $("ceremony-notice");
  box.textContent = text;
  box.hidden = !text;
}

function nameOf(number) {
  const member = status && status.members.find((m) => m.number === number);
  return member ? member.name : String(number);
}

function names(list) {
  return list.map((n) => `${nameOf(n)} (${n})`).join(", ");
}

// --- what this tab keeps ---

function load() {
  try {
    return JSON.parse(sessionStorage.getItem(storageKey)) || {};
  } catch {
    return {};
  }
}

function save(state) {
  sessionStorage.setItem(storageKey, JSON.stringify(state));
}

function wipe() {
  sessionStorage.removeItem(storageKey);
}

// --- the server ---

class ServerError extends Error {}

async function call(url, body) {
  const options = { headers: { Accept: "application/json" }, credentials: "same-origin" };
  if (body !== undefined) {
    options.method = "POST";
    options.headers["Content-Type"] = "application/json";
    options.headers["X-CSRFToken"] = csrf;
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, options);
  } catch (error) {
    throw new ServerError(say("network", { detail: error.message }));
  }
  let payload = null;
  try {
    payload = await response.json();
  } catch {
    payload = null;
  }
  if (!response.ok) {
    const detail = payload && payload.message ? payload.message : `HTTP ${response.status}`;
    throw new ServerError(payload && payload.message ? detail : say("network", { detail }));
  }
  return payload;
}

// --- the steps ---

async function publishTransportKey() {
  const state = load();
  if (!state.secret) {
    const made = c.transportKey(fingerprint, me);
    state.secret = c.scalarToHex(made.secret);
    state.transport = { key: c.pointToHex(made.public), proof: asJson(made.proof) };
    save(state);
  }
  status = await call(data.transportKeyUrl, state.transport);
  showNotice(say("publishedKey"));
}

async function publishDealing() {
  const state = load();
  if (!state.secret) throw new ServerError(say("lostSecret"));
  if (!state.dealing) {
    // Kept until published, so that a retry sends the very same dealing.
    const dealt = c.deal(me, numbers, threshold, fingerprint);
    const shares = {};
    for (const [j, s] of dealt.shares) shares[j] = c.scalarToHex(s);
    state.dealing = { commitments: asJson(dealt.commitments), shares };
    save(state);
  }
  const sealed = {};
  for (const j of numbers) {
    const member = status.members.find((m) => m.number === j);
    const recipient = c.pointFromHex(member.transport_key.key);
    const s = c.scalarFromHex(state.dealing.shares[j]);
    sealed[String(j)] = c.bytesToHex(c.sealShare(s, recipient, c.shareContext(fingerprint, me, j)));
  }
  status = await call(data.dealingUrl, { commitments: state.dealing.commitments, sealed });
  showNotice(say("publishedDealing"));
}

async function checkShares() {
  const state = load();
  if (!state.secret) throw new ServerError(say("lostSecret"));
  const secret = c.scalarFromHex(state.secret);
  const rows = (await call(data.sharesUrl)).shares;
  if (rows.length !== numbers.length) {
    throw new ServerError(say("missingShares", { got: rows.length, want: numbers.length }));
  }
  const list = $("share-checks");
  list.replaceChildren();
  const complaints = [];
  const shares = [];
  const commitments = [];
  for (const row of rows) {
    const verdict = checkOne(row, secret);
    const item = document.createElement("li");
    item.className = verdict.ok ? "ok" : "bad";
    item.dataset.testid = `share-from-${row.dealer}`;
    item.textContent = `${verdict.ok ? "✔" : "✖"} ${say(verdict.word, { number: row.dealer, name: nameOf(row.dealer) })}`;
    list.append(item);
    if (verdict.ok) {
      shares.push(verdict.share);
      commitments.push(verdict.commitments);
    } else complaints.push(row.dealer);
  }
  if (complaints.length) {
    status = await call(data.confirmUrl, { complaints, verification_key: null, wrapped_share: null });
    throw new ServerError(say("complaintFiled", { names: names(complaints) }));
  }
  const x = c.combineShares(shares);
  const keys = c.verificationKeys(commitments, numbers);
  const expected = keys instanceof Map ? keys.get(me) : keys[me];
  const mine = c.baseMul(x);
  if (!expected || c.pointToHex(mine) !== c.pointToHex(expected)) {
    throw new ServerError(say("keyMismatch"));
  }
  share = { x, key: c.pointToHex(expected) };
  $("check-shares").hidden = true;
  $("passphrase-form").hidden = false;
  $("passphrase").focus();
}

/** One dealer's share: its commitments check, it opens, it matches them. */
function checkOne(row, secret) {
  let commitments;
  try {
    commitments = c.Commitments.fromJson(row.commitments);
    if (commitments.member !== row.dealer || !c.verifyCommitments(commitments, threshold, fingerprint)) {
      return { ok: false, word: "commitmentsBad" };
    }
  } catch {
    return { ok: false, word: "commitmentsBad" };
  }
  let value;
  try {
    const sealed = c.hexToBytes(row.sealed, 80);
    value = c.openShare(sealed, secret, c.shareContext(fingerprint, row.dealer, me));
  } catch {
    return { ok: false, word: "shareUnopened" };
  }
  if (!c.verifyShare(me, value, commitments)) return { ok: false, word: "shareBad" };
  return { ok: true, word: "shareOk", share: value, commitments };
}

async function keepShare(passphrase) {
  let wrapped;
  const context = c.wrapContext(fingerprint, me);
  try {
    wrapped = await c.wrapShare(share.x, passphrase, context);
    // The card must open with what was typed: unwrap once before publishing.
    const back = await c.unwrapShare(wrapped, passphrase, context);
    if (back !== share.x) throw new Error("unwrap");
  } catch (error) {
    throw new ServerError(say("wrapFailed", { detail: error.message }));
  }
  status = await call(data.confirmUrl, {
    complaints: [],
    verification_key: share.key,
    wrapped_share: wrapped,
  });
  share = null;
  wipe(); // nothing secret is needed any more: the share is kept wrapped
}

// --- the passphrase ---

function strength(text) {
  const classes = [/[a-zà-ỹ]/, /[A-ZÀ-Ỹ]/, /[0-9]/, /[^A-Za-z0-9\s]/].filter((r) => r.test(text)).length;
  const words = text.trim().split(/\s+/).filter(Boolean).length;
  const distinct = new Set(text).size;
  const min = Number(data.minPassphrase);
  if (text.length < min || distinct < 6) return "strengthWeak";
  if (text.length >= 20 || words >= 4 || (text.length >= 16 && classes >= 3)) return "strengthStrong";
  return "strengthFair";
}

function passphraseProblem(first, second) {
  const min = Number(data.minPassphrase);
  const count = [...first].length;
  if (count < min) return say("passphraseShort", { min, count });
  if (first !== second) return say("passphraseDiffer");
  return null;
}

// --- showing where we are ---

function myRow() {
  return status.members.find((m) => m.number === me);
}

function panelFor() {
  const mine = myRow();
  if (status.status === "abandoned") return null;
  if (mine.step === "done") return "done";
  // After any complaint the ceremony cannot complete: nobody goes on with it.
  if (status.members.some((m) => m.complaints.length)) return null;
  if (status.status === "keys" && mine.step === "keys") return "keys";
  if (status.status === "dealing" && mine.step === "dealing") return "dealing";
  if (status.status === "checking" && mine.step === "checking") return "checking";
  return null;
}

function waitingText() {
  const waitingFor = { keys: "keys", dealing: "dealing", checking: "checking" }[status.status];
  if (!waitingFor) return "";
  const missing = status.members.filter((m) => m.step === waitingFor && !m.complaints.length);
  if (!missing.length) return "";
  const word = { keys: "waitingKeys", dealing: "waitingDealing", checking: "waitingChecking" }[waitingFor];
  return say(word, { names: names(missing.map((m) => m.number)) });
}

function render() {
  const panel = panelFor();
  for (const section of root.querySelectorAll("[data-panel]")) {
    const shown = section.dataset.panel === panel;
    if (section.hidden === shown) section.hidden = !shown;
  }
  if (panel !== "checking" || share === null) $("passphrase-form").hidden = true;
  const mine = myRow();
  const order = ["keys", "dealing", "checking", "done"];
  for (const item of root.querySelectorAll(".progress [data-step]")) {
    const index = order.indexOf(item.dataset.step);
    item.classList.toggle("current", item.dataset.step === mine.step);
    item.classList.toggle("passed", index < order.indexOf(mine.step));
  }
  const waiting = $("waiting");
  waiting.textContent = waitingText();
  waiting.hidden = !waiting.textContent;
  renderMembers();
  renderEnd();
  const state = load();
  if (panel && panel !== "keys" && panel !== "done" && !state.secret) {
    showError(say("lostSecret"));
    for (const button of root.querySelectorAll("[data-action]")) button.disabled = true;
  }
}

function renderMembers() {
  const rows = status.members.map((m) => {
    const row = document.createElement("tr");
    row.dataset.testid = `progress-${m.number}`;
    row.dataset.step = m.complaints.length ? "complained" : m.step;
    const cells = [String(m.number), m.name, say(m.complaints.length ? "stepComplained" : `step${capital(m.step)}`)];
    for (const text of cells) {
      const cell = document.createElement("td");
      cell.textContent = text;
      row.append(cell);
    }
    row.firstChild.className = "num";
    return row;
  });
  $("member-rows").replaceChildren(...rows);
}

function renderEnd() {
  if (status.status === "abandoned") {
    showError(say("abandoned"));
    stopPolling();
    return;
  }
  const complainers = status.members.filter((m) => m.complaints.length);
  if (complainers.length && !$("ceremony-error").textContent) {
    const against = [...new Set(complainers.flatMap((m) => m.complaints))];
    showError(say("complaintSeen", { who: names(complainers.map((m) => m.number)), names: names(against) }));
  }
  if (status.status === "complete") {
    const note = $("complete-note");
    note.textContent = say("complete");
    note.hidden = false;
    $("public-key").textContent = status.public_key;
    $("public-key-row").hidden = false;
    wipe();
    stopPolling();
  }
}

function capital(word) {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

// --- polling ---

async function poll() {
  pollTimer = null;
  try {
    const fresh = await call(data.statusUrl);
    if (!busy) {
      status = fresh;
      render();
    }
  } catch (error) {
    if (!busy) showError(error.message);
  }
  if (status === null || !["complete", "abandoned"].includes(status.status)) {
    pollTimer = setTimeout(poll, Number(data.pollMs));
  }
}

function stopPolling() {
  if (pollTimer !== null) clearTimeout(pollTimer);
  pollTimer = null;
}

async function act(work) {
  if (busy) return;
  busy = true;
  showError("");
  showNotice(say("working"));
  for (const button of root.querySelectorAll("button")) button.disabled = true;
  try {
    await work();
    if ($("ceremony-notice").textContent === say("working")) showNotice("");
  } catch (error) {
    showNotice("");
    showError(error instanceof ServerError ? error.message : say("failed", { detail: error.message }));
  } finally {
    busy = false;
    for (const button of root.querySelectorAll("button")) button.disabled = false;
    if (status) render();
  }
}

// --- helpers ---

function asJson(value) {
  return value && typeof value.toJson === "function" ? value.toJson() : value;
}

// --- start ---

root.addEventListener("click", (event) => {
  const button = event.target.closest("[data-action]");
  if (!button) return;
  const work = { keys: publishTransportKey, dealing: publishDealing, check: checkShares }[button.dataset.action];
  act(work);
});

$("passphrase").addEventListener("input", (event) => {
  $("strength").textContent = say(strength(event.target.value));
  $("strength").dataset.level = strength(event.target.value);
});

$("passphrase-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const first = $("passphrase").value;
  const problem = passphraseProblem(first, $("passphrase-again").value);
  if (problem) {
    showError(problem);
    return;
  }
  act(async () => {
    await keepShare(first);
    $("passphrase-form").reset();
    $("passphrase-form").hidden = true;
  });
});

try {
  c = await import(data.cryptoUrl);
  fingerprint = c.hexToBytes(data.fingerprint, 32);
  poll();
} catch (error) {
  showError(say("cryptoMissing", { detail: error.message }));
}
