// A key holder decrypts a round's totals on their own device (docs/counting.md, protocol.md §8):
// the passphrase unlocks the wrapped share here (WebCrypto), the share is checked against the
// member's public verification key, then every total gets a partial decryption with its
// Chaum-Pedersen proof. Only the partial decryptions leave the device; the share and the
// passphrase are dropped when the page closes.
const root = document.getElementById("decrypt");
const form = document.getElementById("decrypt-form");
const bar = document.getElementById("decrypt-progress");
const message = document.getElementById("decrypt-message");
const csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
const say = (text, kind) => {
  message.textContent = text;
  message.className = kind ? `flash ${kind}` : "";
};
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

async function decrypt(c, passphrase) {
  const data = await (await fetch(root.dataset.dataUrl, { credentials: "same-origin" })).json();
  if (data.error) throw Object.assign(new Error(data.error), { shown: true });
  const ceremony = c.hexToBytes(data.ceremony_fingerprint);
  const roundFp = c.hexToBytes(data.round_fingerprint);
  say(root.dataset.msgUnlocking);
  let share;
  try {
    const context = c.wrapContext(ceremony, data.member);
    share = await c.unwrapShare(data.wrapped_share, passphrase, context, { minIterations: data.min_iterations });
  } catch (error) {
    if (error.code === "wrong_passphrase") throw Object.assign(new Error(root.dataset.msgWrongPassphrase), { shown: true });
    throw error;
  }
  if (c.pointToHex(c.baseMul(share)) !== data.verification_key) {
    throw Object.assign(new Error(root.dataset.msgNotYourShare), { shown: true });
  }
  bar.hidden = false;
  bar.max = data.totals.length;
  const partials = [];
  for (let i = 0; i < data.totals.length; i += 1) {
    const ct = c.Ciphertext.fromJson(data.totals[i], { allowIdentity: true });
    partials.push(c.partialDecrypt(data.member, share, ct, c.decryptionContext(roundFp, i)).toJson());
    if (i % 8 === 7 || i === data.totals.length - 1) {
      bar.value = i + 1;
      say(fill(root.dataset.msgDecrypting, { done: i + 1, total: data.totals.length }));
      await pause();
    }
  }
  share = null;
  say(root.dataset.msgSending);
  const response = await fetch(root.dataset.postUrl, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
    body: JSON.stringify({ partials }),
  });
  const reply = await response.json().catch(() => ({}));
  if (!response.ok) throw Object.assign(new Error(reply.error || `HTTP ${response.status}`), { shown: true });
  return reply;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const field = document.getElementById("passphrase");
  const passphrase = field.value;
  field.value = "";
  const button = form.querySelector("button");
  button.disabled = true;
  try {
    if (!globalThis.crypto || !globalThis.crypto.subtle) throw Object.assign(new Error(root.dataset.msgNoCrypto), { shown: true });
    const c = await import(root.dataset.cryptoUrl);
    const reply = await decrypt(c, passphrase);
    say(reply.message, "success");
    root.dataset.done = "1";
    setTimeout(() => window.location.assign(reply.next), 1200);
  } catch (error) {
    say(error.shown ? error.message : fill(root.dataset.msgFailed, { reason: error.message || String(error) }), "error");
    button.disabled = false;
    bar.hidden = true;
  }
});
