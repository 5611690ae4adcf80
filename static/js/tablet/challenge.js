// The verification page of a challenged ballot (kiểm tra phiếu, docs/protocol.md §6.6), on any
// device, without signing in: the code comes from the URL's fragment (the tablet's QR code holds
// /challenges#CODE, and a fragment is never sent to the server), from the camera or typed; the
// page asks the server for that challenged ballot in a POST body (so no log line holds the code),
// then checks it HERE with the browser twin of the crypto (static/vendor/votesys/crypto.js):
// every proof of the encrypted ballot against the round's frozen layout, key and fingerprint,
// the reveal re-encrypted (benaloh.checkRevealed), and the code being the ballot's own receipt.
// It shows the revealed marks as names kept / struck (agree / disagree), for the delegate to
// compare with what they chose, and says "matches" or "DOES NOT MATCH".
const root = document.getElementById("challenge");
const text = root.dataset;
const form = document.getElementById("challenge-form");
const input = document.getElementById("challenge-input");
const status = document.getElementById("challenge-status");
const result = document.getElementById("challenge-result");
const csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
const REASONS = {
  too_many_kept: "reasonTooManyKept",
  all_struck: "reasonAllStruck",
  no_mark: "reasonNoMark",
  all_disagree: "reasonAllDisagree",
  deliberately_spoilt: "reasonDeliberatelySpoilt",
};

const fill = (template, values) => template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
const pause = () => new Promise((resolve) => setTimeout(resolve, 0));
const named = (problems) => problems.map((p) => (p.index === null || p.index === undefined ? p.code : `${p.code} ${p.index + 1}`)).join(", ");

function make(tag, className, content) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (content !== undefined) node.textContent = content;
  return node;
}

async function find(code) {
  const response = await fetch(text.findUrl, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
    body: JSON.stringify({ code }),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw Object.assign(new Error(data.message || `HTTP ${response.status}`), { shown: true });
  return data;
}

/** Every problem found on this device: the proofs, the reveal, the code. */
function check(c, data) {
  const l = data.crypto.layout;
  const layout = new c.Layout(l.kind, l.candidates, l.seats, l.flags);
  const pk = c.pointFromHex(data.crypto.public_key);
  const context = c.hexToBytes(data.crypto.fingerprint, data.crypto.fingerprint.length / 2);
  const { ballot, problems } = c.verifyBallotJson(data.ballot, layout, pk, context);
  if (!ballot) return problems;
  try {
    problems.push(...c.checkRevealed(ballot, data.revealed, pk));
  } catch (error) {
    if (!(error instanceof c.CryptoError)) throw error;
    problems.push({ code: `malformed_reveal:${error.code}`, index: null });
  }
  const own = c.receipt(ballot);
  if (own.code !== data.code || own.full !== data.ballot_hash) problems.push({ code: "not_its_code", index: null });
  return problems;
}

function markText(layout, marks, index) {
  if (layout === "strike") return marks[index] === 1 ? text.kept : text.struck;
  const [agree, disagree] = [marks[2 * index], marks[2 * index + 1]];
  if (agree === 1 && disagree !== 1) return text.agree;
  if (disagree === 1 && agree !== 1) return text.disagree;
  return text.blank;
}

function showMarks(data) {
  const list = document.getElementById("challenge-marks");
  list.replaceChildren();
  const { marks, flags } = data.revealed;
  const reason = flags.findIndex((flag) => flag === 1);
  if (reason >= 0) {
    const name = data.crypto.invalid_reasons[reason];
    const label = text[REASONS[name]] || name;
    list.appendChild(make("li", "review-spoilt", fill(text.invalid, { reason: label })));
  }
  data.candidates.forEach((candidate, index) => {
    const item = make("li", "review-row");
    const shown = markText(data.round.layout, marks, index);
    const name = make("span", "name", candidate.name);
    if (data.round.layout === "strike" && marks[index] !== 1) name.classList.add("struck");
    item.append(make("span", "position", `${candidate.position}.`), name, make("span", "mark", shown));
    item.dataset.mark = shown;
    list.appendChild(item);
  });
}

function showVerdict(data, problems) {
  const matches = problems.length === 0;
  document.getElementById("challenge-title").textContent = `${data.code} · ${fill(text.roundLabel, data.round)}`;
  const verdict = document.getElementById("challenge-verdict");
  verdict.textContent = matches ? text.matches : `${text.noMatch} ${fill(text.problems, { problems: named(problems) })}`;
  verdict.className = matches ? "receipt-found" : "tablet-alert";
  root.dataset.verdict = matches ? "matches" : "does-not-match";
  const server = data.server;
  document.getElementById("challenge-server").textContent = server.matches
    ? text.serverMatches
    : fill(text.serverNoMatch, { problems: server.problems.join(", ") });
  document.getElementById("challenge-never").textContent = text.neverCounted;
  showMarks(data);
  result.hidden = false;
}

async function run(typed) {
  const code = typed.trim();
  if (!code) return;
  result.hidden = true;
  delete root.dataset.verdict;
  status.textContent = text.checking;
  status.className = "";
  try {
    const data = await find(code);
    const c = await import(text.cryptoUrl);
    await pause(); // let the status show before the proofs take the thread
    const problems = check(c, data);
    status.textContent = "";
    showVerdict(data, problems);
  } catch (error) {
    status.textContent = error.shown ? error.message : fill(text.failed, { reason: error.message || String(error) });
    status.className = "tablet-alert";
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  run(input.value);
});

const box = document.getElementById("challenge-camera");
if (typeof window.VotesysCamera === "function") {
  const camera = window.VotesysCamera({
    video: document.getElementById("camera-video"),
    canvas: document.getElementById("camera-canvas"),
    button: document.getElementById("camera-toggle"),
    message: document.getElementById("camera-message"),
    texts: box.dataset,
    onCode: (code) => {
      camera.stop();
      input.value = code.trim().slice(0, 200);
      run(input.value);
    },
  });
}

function fromFragment() {
  const code = decodeURIComponent(window.location.hash.slice(1));
  if (code) {
    input.value = code;
    run(code);
  }
}
window.addEventListener("hashchange", fromFragment);
fromFragment();
