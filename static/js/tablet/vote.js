/* The voting tablet (máy tính bảng bỏ phiếu): sign in with the card, mark, review, cast, wipe.
 *
 * One page, one history entry: after the welcome screen everything happens in #work, built
 * from the server's JSON, and the ballot's marks live only in this script's memory. Wiping
 * (Done, the receipt's countdown, the idle timer, "Finish without voting") empties #work,
 * forgets the state, ends the voter session on the server and reloads the welcome screen with
 * location.replace, so Back leads to no ballot. Every text comes from data-* attributes,
 * already translated; names are set with textContent only.
 *
 * Casting: the tablet encrypts the ballot itself, in a Web Worker (the bundle
 * static/vendor/votesys/crypto-worker.js, from static/js/crypto/worker.js) with a progress bar,
 * under the round's election key and fingerprint. The worker is started when the ballot screen
 * opens and asked to prepare (every nonce and every multiple of the ballot, none of which
 * depends on the marks, kept in the worker only), so pressing the button leaves it little to do;
 * it is terminated as soon as it has answered, and by every wipe, so a prepared set dies with it
 * and serves one ballot at most ("mark again" after a challenge starts a fresh worker). The
 * marks are then forgotten: what is sent is {ballot, submission_key} only, the ciphertexts and
 * proofs, never a mark. The submission key is made once per ballot
 * (crypto.getRandomValues, base64url, 22 characters); a network error or a 5xx answer is
 * retried with the same key and the SAME encrypted ballot (kept in memory only, never in any
 * storage), and the box answers a resend with the same receipt, so a ballot is counted once.
 * The receipt shown is the server's, checked against the one the worker computed.
 * A challenge (Benaloh, docs/protocol.md §6.6) encrypts the same way with keepSecrets, posts the
 * encrypted ballot and its reveal to /vote/rounds/<id>/challenge instead of casting it, shows
 * the challenge's code and QR code (the verification page's URL, the code after #), and lets
 * the delegate mark a blank ballot again: the voter session is untouched, nothing was cast.
 * A motion by show of hands (biểu quyết) is three big buttons (agree, disagree, abstain), a
 * confirmation, then POST /vote/motions/<id> {choice}; the delegate may come back and change it
 * until the chair closes the vote, and sees only their own current choice.
 * The ballot itself (marking, spoiling, the review) is ballot.js; the camera is camera.js.
 */
(function () {
  "use strict";

  var app = document.getElementById("tablet");
  if (!app) return;
  var text = app.dataset;
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var welcome = document.getElementById("welcome");
  var work = document.getElementById("work");
  var welcomeError = document.getElementById("welcome-error");
  var idleWarning = document.getElementById("idle-warning");
  var scanForm = document.getElementById("scan-form");
  var scanInput = document.getElementById("scan-input");

  var TOKEN = /^[A-Za-z0-9_-]{22}$/;
  var WARN_SECONDS = Math.min(20, Math.floor(Number(text.idleSeconds) / 2));
  var RETRY_MS = [1000, 2000, 3000, 5000];
  var MAX_ATTEMPTS = 12;

  var state = null; // the delegate being served: voter, rounds, then the ballot being marked
  var timers = { idle: null, receipt: null, retry: null };
  var worker = null; // the ballot's Web Worker: from the ballot screen's opening to its answer
  var encrypting = null; // {bar, status, onDone} while the worker encrypts
  var idleDeadline = 0;
  var wiping = false;

  // --- small helpers ---

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function make(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined && content !== null) node.textContent = content;
    return node;
  }

  function button(label, className, action, testId) {
    var node = make("button", "button " + (className || ""), label);
    node.type = "button";
    if (testId) node.dataset.testid = testId;
    node.addEventListener("click", action);
    return node;
  }

  function screen(title, testId) {
    work.replaceChildren();
    var heading = make("h2", "work-title", title);
    heading.tabIndex = -1;
    work.dataset.screen = testId;
    work.appendChild(heading);
    setTimeout(function () { heading.focus(); }, 0);
    return heading;
  }

  function newKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    var binary = "";
    bytes.forEach(function (b) { binary += String.fromCharCode(b); });
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  // --- talking to the server ---

  function call(method, url, body) {
    var options = {
      method: method,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    };
    if (method === "POST") {
      options.headers["Content-Type"] = "application/json";
      options.headers["X-CSRFToken"] = csrf;
      options.body = JSON.stringify(body || {});
    }
    return fetch(url, options).then(function (response) {
      return response.json().then(
        function (data) { return { ok: response.ok, status: response.status, data: data }; },
        function () { return { ok: false, status: response.status, data: {} }; }
      );
    });
  }

  function roundUrl(roundId, action) {
    return text.roundsUrl + roundId + "/" + action;
  }

  // --- the welcome screen: camera, USB scanner, typed code ---

  function showWelcomeError(message) {
    welcomeError.textContent = message || "";
    welcomeError.hidden = !message;
  }

  function signIn(scan, method) {
    if (state || wiping || !scan.trim()) return;
    showWelcomeError("");
    call("POST", text.signInUrl, { scan: scan, method: method }).then(function (reply) {
      if (reply.ok) begin(reply.data);
      else showWelcomeError(reply.data.message || text.networkError);
    }, function () {
      showWelcomeError(text.networkError);
    });
  }

  scanForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var value = scanInput.value;
    scanInput.value = "";
    var scanned = value.indexOf("/") >= 0 || TOKEN.test(value.trim());
    signIn(value, scanned ? "scanner" : "code");
  });

  var camera = window.VotesysCamera({
    video: document.getElementById("camera-video"),
    canvas: document.getElementById("camera-canvas"),
    button: document.getElementById("camera-toggle"),
    message: document.getElementById("camera-message"),
    texts: text,
    facing: "user", // the tablet's front camera: the delegate holds the card to the screen
    onCode: function (code) { signIn(code, "camera"); },
  });

  var ballot = window.VotesysBallot({
    text: text,
    work: work,
    make: make,
    button: button,
    screen: screen,
    fill: fill,
    leaveButton: leaveButton,
    onCast: send,
    onChallenge: function () { showChallengeIntro(); },
  });

  // A tap on empty space gives the focus back to the code field (for the USB scanner).
  welcome.addEventListener("click", function (event) {
    if (!event.target.closest("input, button, a, label")) scanInput.focus();
  });

  function begin(data) {
    camera.stop();
    state = { voter: data.voter, rounds: data.rounds, motions: data.motions || [] };
    welcome.hidden = true;
    work.hidden = false;
    document.body.classList.add("tablet-busy");
    startIdle();
    showRounds();
  }

  // --- the rounds the delegate may vote in ---

  function showRounds() {
    screen(text.choose, "rounds");
    work.appendChild(make("p", "voter-name", fill(text.voter, { name: state.voter.name })));
    var list = make("ul", "round-list");
    state.rounds.forEach(function (round) {
      var item = make("li");
      var label = fill(text.roundLabel, { title: round.title, number: round.number });
      item.appendChild(button(label, "primary huge round-choice", function () {
        openBallot(round);
      }));
      list.appendChild(item);
    });
    (state.motions || []).forEach(function (motion) {
      var item = make("li");
      var label = fill(text.motionLabel, { title: motion.title });
      var choice = make("span", "motion-current",
        motion.choice ? fill(text.motionYours, { choice: choiceName(motion.choice) }) : text.motionNotYet);
      var open = button(label, "primary huge round-choice motion-choice", function () {
        showMotion(motion);
      }, "motion-" + motion.id);
      open.appendChild(choice);
      item.appendChild(open);
      list.appendChild(item);
    });
    work.appendChild(list);
    work.appendChild(leaveButton());
  }

  // --- a motion by show of hands: three big buttons, a confirmation, changeable until closed ---

  var CHOICES = ["agree", "disagree", "abstain"];

  function choiceName(code) {
    return text["choice" + code.charAt(0).toUpperCase() + code.slice(1)] || code;
  }

  function showMotion(motion) {
    screen(motion.title, "motion");
    work.appendChild(make("p", "motion-question", motion.question));
    work.appendChild(make("p", "work-text", motion.is_named ? text.motionNamed : text.motionAnonymous));
    if (motion.choice) {
      work.appendChild(make("p", "motion-now", fill(text.motionYours, { choice: choiceName(motion.choice) })));
    }
    var row = make("div", "motion-hands");
    CHOICES.forEach(function (code) {
      var hand = button(choiceName(code), "huge hand hand-" + code, function () {
        confirmChoice(motion, code);
      }, "hand-" + code);
      if (motion.choice === code) hand.classList.add("chosen");
      hand.setAttribute("aria-pressed", motion.choice === code ? "true" : "false");
      row.appendChild(hand);
    });
    work.appendChild(row);
    work.appendChild(button(text.motionBack, "", showRounds, "motion-back"));
  }

  function confirmChoice(motion, code) {
    screen(text.motionConfirmTitle, "motion-confirm");
    work.appendChild(make("p", "motion-question", motion.question));
    var chosen = make("p", "motion-confirm-choice hand-" + code, choiceName(code));
    chosen.dataset.testid = "motion-confirm-choice";
    work.appendChild(chosen);
    work.appendChild(make("p", "work-text", text.motionChangeable));
    var actions = make("div", "work-actions");
    actions.appendChild(button(text.motionConfirm, "primary huge", function (event) {
      event.target.disabled = true;
      sendChoice(motion, code);
    }, "motion-confirm"));
    actions.appendChild(button(text.motionChange, "huge", function () { showMotion(motion); }, "motion-change"));
    work.appendChild(actions);
  }

  function sendChoice(motion, code) {
    call("POST", text.motionsUrl + motion.id, { choice: code }).then(function (reply) {
      if (!reply.ok) return showProblem(reply.data.message);
      state.motions = reply.data.motions || [];
      showRecorded(motion, reply.data);
    }, function () {
      showProblem(text.networkError);
    });
  }

  function showRecorded(motion, data) {
    screen(text.motionRecordedTitle, "motion-recorded");
    var done = make("p", "motion-recorded hand-" + data.choice,
      fill(data.is_change ? text.motionChanged : text.motionRecorded, { choice: choiceName(data.choice) }));
    done.dataset.testid = "motion-recorded";
    done.setAttribute("role", "status");
    work.appendChild(done);
    work.appendChild(make("p", "work-text", text.motionChangeable));
    var actions = make("div", "work-actions");
    actions.appendChild(button(text.done, "primary huge", wipe, "done"));
    if (state.rounds.length || state.motions.length) {
      actions.appendChild(button(text.motionOther, "huge", showRounds, "motion-other"));
    }
    work.appendChild(actions);
  }

  function leaveButton() {
    return button(text.leave, "leave", wipe, "leave");
  }

  function openBallot(round) {
    call("POST", roundUrl(round.id, "ballot")).then(function (reply) {
      if (!reply.ok) return showProblem(reply.data.message);
      state.key = newKey(); // one key per ballot: a resend must carry the same one
      if (!ballot.start(reply.data)) return showProblem(text.outdated);
      prepareWorker();
    }, function () {
      showProblem(text.networkError);
    });
  }

  function showProblem(message) {
    startIdle(); // a problem screen left alone wipes itself too
    screen(message || text.networkError, "problem");
    work.appendChild(button(text.backToStart, "primary huge", wipe, "back-to-start"));
  }

  // --- encrypting in the worker, then casting with retries under the same key ---

  /** A new worker for the ballot just opened, asked to prepare it (nothing comes back but
   * {type: "prepared"}); false if no worker could be started (encrypt will try again). */
  function startWorker() {
    stopWorker();
    try {
      worker = new Worker(text.workerUrl, { type: "module" });
    } catch (error) {
      worker = null;
      return false;
    }
    worker.addEventListener("error", function (event) {
      event.preventDefault();
      var failed = encrypting;
      stopWorker();
      if (failed) showProblem(text.encryptFailed); // else encrypt starts a worker afresh
    });
    worker.addEventListener("message", function (event) {
      var reply = event.data || {};
      if (!encrypting || reply.type === "prepared") return;
      var bar = encrypting.bar;
      if (reply.type === "progress") {
        bar.max = reply.total;
        bar.value = reply.done;
        var percent = reply.total ? Math.floor((100 * reply.done) / reply.total) : 100;
        encrypting.status.textContent = fill(text.encryptingProgress, { percent: percent });
        return;
      }
      var onDone = encrypting.onDone;
      stopWorker();
      if (reply.type !== "done") {
        return showProblem(fill(text.encryptFailed + " ({code})", { code: reply.code || "?" }));
      }
      onDone(reply);
    });
    return true;
  }

  function roundRequest(extra) {
    var crypto = ballot.crypto();
    var message = { layout: crypto.layout, publicKey: crypto.public_key, context: crypto.fingerprint };
    Object.keys(extra).forEach(function (name) { message[name] = extra[name]; });
    return message;
  }

  /** While the delegate reads and marks: the worker draws the nonces and computes the ballot's
   * multiples (docs/performance.md, "The tablet prepares while the delegate marks"). */
  function prepareWorker() {
    if (startWorker()) worker.postMessage(roundRequest({ id: 0, type: "prepare" }));
  }

  /** Encrypt the marked ballot in the worker under a progress bar; onDone(reply) gets its
   * answer ({ballot, receipt, revealed}); revealed only with keepSecrets (a challenge). */
  function encrypt(keepSecrets, onDone) {
    // A second tap that reached Cast (or Check) before the screen changed: one ballot is being
    // encrypted or sent already. Encrypting again would make a second ballot under the same
    // submission key, which the box refuses (replayed_submission) after taking the first.
    if (encrypting || state.sending) return;
    stopIdle();
    var plain = ballot.plaintexts();
    state.roundId = ballot.roundId();
    screen(text.encrypting, "encrypting");
    var bar = make("progress", "encrypt-progress");
    bar.dataset.testid = "encrypt-progress";
    bar.max = 1;
    bar.value = 0;
    bar.setAttribute("aria-label", text.encrypting);
    var status = make("p", "sending-status", fill(text.encryptingProgress, { percent: 0 }));
    status.setAttribute("role", "status");
    status.dataset.testid = "encrypt-status";
    work.append(bar, status);
    // The worker prepared since the ballot opened (or is still preparing: the request waits for
    // it); without one (it failed to start), a new worker computes everything.
    if (!worker && !startWorker()) return showProblem(text.encryptFailed);
    encrypting = { bar: bar, status: status, onDone: onDone };
    worker.postMessage(roundRequest({
      id: 1,
      marks: plain.marks,
      flags: plain.flags,
      keepSecrets: keepSecrets,
    }));
    plain = null;
  }

  function send() {
    encrypt(false, function (reply) {
      // From here on only the ciphertexts and proofs exist: the marks are dropped.
      ballot.forget();
      state.sending = { ballot: reply.ballot, receipt: reply.receipt, attempt: 0 };
      startSending();
    });
  }

  // --- the challenge (Benaloh): encrypt, then open the ballot instead of casting it ---

  function showChallengeIntro() {
    screen(text.challengeTitle, "challenge-intro");
    work.appendChild(make("p", "work-text", text.challengeText));
    work.appendChild(make("p", "work-text", text.challengePublic));
    var actions = make("div", "work-actions");
    actions.appendChild(button(text.challengeYes, "primary huge", challenge, "challenge-yes"));
    actions.appendChild(button(text.challengeNo, "huge", ballot.review, "challenge-no"));
    work.appendChild(actions);
  }

  function challenge() {
    encrypt(true, function (reply) {
      // The marks stay on the ballot screen only until the delegate marks afresh.
      var body = { ballot: reply.ballot, revealed: reply.revealed };
      reply = null;
      screen(text.challengeSending, "challenge-sending");
      work.appendChild(make("div", "spinner"));
      call("POST", roundUrl(state.roundId, "challenge"), body).then(function (answer) {
        body = null;
        if (!state) return; // wiped meanwhile
        if (!answer.ok) return showProblem(answer.data.message);
        showChallenged(answer.data);
      }, function () {
        body = null;
        if (state) showProblem(text.networkError);
      });
    });
  }

  function showChallenged(data) {
    startIdle();
    screen(text.challengedTitle, "challenged");
    if (!data.matches) {
      var alert = make("p", "tablet-alert", text.challengedServerNoMatch);
      alert.setAttribute("role", "alert");
      alert.dataset.testid = "challenge-alarm";
      work.appendChild(alert);
    }
    work.appendChild(make("p", "receipt-label", text.challengeCodeLabel));
    var code = make("p", "receipt-code", data.code);
    code.dataset.testid = "challenge-code";
    work.appendChild(code);
    var image = make("img", "receipt-qr");
    image.src = data.qr;
    image.alt = fill(text.challengeQr, { code: data.code });
    work.appendChild(image);
    var where = make("p", "work-text", fill(text.challengeHow, { url: data.verify_url.split("#")[0] }));
    where.dataset.testid = "challenge-how";
    work.appendChild(where);
    work.appendChild(make("p", "work-text", text.challengeAfter));
    var actions = make("div", "work-actions");
    actions.appendChild(button(text.markAgain, "primary huge", function () {
      state.key = newKey(); // a fresh ballot: fresh nonces, and its own submission key
      if (!ballot.restart()) return showProblem(text.outdated);
      prepareWorker(); // a new worker, new nonces: the challenged ballot's are public now
    }, "mark-again"));
    work.appendChild(actions);
    work.appendChild(leaveButton());
  }

  /** Terminate the worker, and with it any prepared nonces (after its answer, on every wipe). */
  function stopWorker() {
    if (worker) worker.terminate();
    worker = null;
    encrypting = null;
  }

  function startSending() {
    screen(text.sending, "sending");
    var progress = make("p", "sending-status");
    progress.setAttribute("role", "status");
    progress.dataset.testid = "sending-status";
    work.appendChild(make("div", "spinner"));
    work.appendChild(progress);
    attempt(progress);
  }

  function attempt(progress) {
    var sending = state.sending;
    sending.attempt += 1;
    if (sending.attempt > 1) {
      progress.textContent = sending.problem || fill(text.retrying, { attempt: sending.attempt });
      showPending(sending);
    }
    var body = { ballot: sending.ballot, submission_key: state.key };
    call("POST", roundUrl(state.roundId, "cast"), body).then(function (reply) {
      if (!state || state.sending !== sending) return; // wiped while the answer was on its way
      if (reply.ok) return showReceipt(reply.data);
      if (reply.status >= 500) {
        // The server's own words (e.g. its disk is full: NOT cast), the ballot kept and resent.
        sending.problem = reply.data.message || null;
        if (sending.problem) progress.textContent = sending.problem;
        return retry(progress);
      }
      state.sending = null;
      showProblem(reply.data.message);
    }, function () {
      if (!state || state.sending !== sending) return;
      sending.problem = null;
      retry(progress);
    });
  }

  function showPending(sending) {
    // The code the box will answer (the hash of the ciphertexts sent), said to be unconfirmed:
    // if the answer never comes (a reload, a flat battery) the delegate can still look for it.
    if (work.querySelector(".pending-receipt")) return;
    var note = make("p", "pending-receipt", fill(text.pendingReceipt, { code: sending.receipt }));
    note.dataset.testid = "pending-receipt";
    work.appendChild(note);
  }

  function retry(progress) {
    var sending = state.sending;
    if (sending.attempt >= MAX_ATTEMPTS) {
      progress.textContent = sending.problem || text.failed;
      work.appendChild(button(text.sendAgain, "primary huge", function (event) {
        event.currentTarget.remove();
        sending.attempt = 0;
        attempt(progress);
      }, "send-again"));
      return;
    }
    var wait = RETRY_MS[Math.min(sending.attempt - 1, RETRY_MS.length - 1)];
    timers.retry = setTimeout(function () { attempt(progress); }, wait);
  }

  // --- the receipt ---

  function showReceipt(data) {
    // The ballot is in the box: drop it before showing anything else.
    var expected = state.sending.receipt;
    ballot.forget();
    state.sending = null;
    if (data.receipt !== expected) return showMismatch(data.receipt, expected);
    screen(text.receiptTitle, "receipt");
    work.appendChild(make("p", "receipt-label", text.receiptLabel));
    var code = make("p", "receipt-code", data.receipt);
    code.dataset.testid = "receipt";
    work.appendChild(code);
    var image = make("img", "receipt-qr");
    image.src = data.qr;
    image.alt = fill(text.receiptQr, { code: data.receipt });
    work.appendChild(image);
    work.appendChild(make("p", "work-text", text.receiptHelp));
    var countdown = make("p", "returning");
    work.appendChild(countdown);
    work.appendChild(button(text.done, "primary huge", wipe, "done"));
    var left = Number(text.receiptSeconds);
    function tick() {
      countdown.textContent = fill(text.returning, { seconds: left });
      if (left <= 0) return wipe();
      left -= 1;
      timers.receipt = setTimeout(tick, 1000);
    }
    tick();
  }

  function showMismatch(server, tablet) {
    startIdle();
    screen(text.mismatchTitle, "receipt-mismatch");
    var alert = make("p", "tablet-alert", fill(text.mismatch, { server: server, tablet: tablet }));
    alert.setAttribute("role", "alert");
    alert.dataset.testid = "receipt-mismatch";
    work.appendChild(alert);
    work.appendChild(button(text.done, "primary huge", wipe, "done"));
  }

  // --- the idle timer: no touch for a while wipes the tablet ---

  function startIdle() {
    idleDeadline = Date.now() + Number(text.idleSeconds) * 1000;
    if (!timers.idle) timers.idle = setInterval(idleTick, 250);
    idleTick();
  }

  function stopIdle() {
    clearInterval(timers.idle);
    timers.idle = null;
    idleWarning.hidden = true;
  }

  function idleTick() {
    var left = Math.ceil((idleDeadline - Date.now()) / 1000);
    if (left <= 0) return wipe();
    idleWarning.hidden = left > WARN_SECONDS;
    if (!idleWarning.hidden) idleWarning.textContent = fill(text.idle, { seconds: left });
  }

  ["pointerdown", "keydown", "touchstart"].forEach(function (kind) {
    document.addEventListener(kind, function () {
      if (timers.idle) startIdle();
    }, { passive: true });
  });

  // --- wiping: the tablet keeps nothing ---

  function forget() {
    Object.keys(timers).forEach(function (name) {
      clearTimeout(timers[name]);
      clearInterval(timers[name]);
      timers[name] = null;
    });
    camera.stop();
    stopWorker();
    ballot.forget();
    state = null;
    work.replaceChildren();
    work.hidden = true;
    idleWarning.hidden = true;
    idleWarning.textContent = "";
  }

  function wipe() {
    if (wiping) return;
    wiping = true;
    forget();
    var back = function () { window.location.replace(text.welcomeUrl); };
    call("POST", text.finishUrl).then(back, back);
  }

  window.addEventListener("pagehide", function () {
    if (state && !wiping && navigator.sendBeacon) {
      var form = new FormData();
      form.append("csrf_token", csrf);
      navigator.sendBeacon(text.finishUrl, form);
    }
    forget();
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) window.location.replace(text.welcomeUrl);
  });

  // --- start: the card holder's page may have signed the delegate in already ---

  if (text.signedIn === "true") {
    call("GET", text.sessionUrl).then(function (reply) {
      if (reply.ok && reply.data.voter) begin(reply.data);
    }, function () { showWelcomeError(text.networkError); });
  } else {
    scanInput.focus();
  }
})();
