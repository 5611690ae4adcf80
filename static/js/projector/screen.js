/* The projector (màn hình chiếu): shows what the chair chose, polling the server.
 *
 * GET /projector/state.json every few seconds (data-poll-ms); the answer names the mode (idle,
 * voting, counting, results), its figures and its words, already translated by the server.
 * Every text goes in with textContent: nothing from the server is read as HTML. When the server
 * does not answer, the last screen stays up with a small notice in the corner.
 */
(function () {
  "use strict";

  var root = document.getElementById("projector");
  if (!root) return;
  var MODES = ["idle", "voting", "counting", "results", "motion"];
  var MANY_ROWS = 10;
  var url = root.dataset.stateUrl;
  var pollMs = parseInt(root.dataset.pollMs, 10) || 2500;
  var lost = document.getElementById("lost");
  var timer = null;

  function fill(section, fields) {
    var slots = section.querySelectorAll("[data-field]");
    for (var i = 0; i < slots.length; i++) {
      var name = slots[i].getAttribute("data-field");
      if (Object.prototype.hasOwnProperty.call(fields, name)) {
        slots[i].textContent = fields[name] === null || fields[name] === undefined ? "" : String(fields[name]);
        slots[i].hidden = !fields[name];
      }
    }
  }

  function cell(row, value, className) {
    var td = document.createElement("td");
    td.textContent = value === null || value === undefined ? "" : String(value);
    if (className) td.className = className;
    row.appendChild(td);
  }

  function showResults(section, data) {
    var text = data.text;
    fill(section, {
      heading: text.heading,
      round: text.round,
      summary: text.summary,
      alternates: text.alternates || "",
      base: text.base || "",
      record_label: text.record_label || "",
      record_fingerprint: data.record_fingerprint || "",
      record_where: text.record_where || "",
    });
    var body = document.getElementById("results-rows");
    body.textContent = "";
    data.candidates.forEach(function (candidate) {
      var row = document.createElement("tr");
      row.className = candidate.outcome;
      cell(row, candidate.name, "mark");
      cell(row, candidate.votes, "num");
      cell(row, candidate.of_base, "num");
      cell(row, candidate.percent, "num");
      cell(row, (text.outcomes || {})[candidate.outcome] || "", "outcome");
      body.appendChild(row);
    });
    section.classList.toggle("many", data.candidates.length > MANY_ROWS);
    var notices = document.getElementById("results-notices");
    notices.textContent = "";
    (text.notices || []).forEach(function (sentence) {
      var item = document.createElement("li");
      item.textContent = sentence;
      notices.appendChild(item);
    });
  }

  function showMotion(section, data) {
    var text = data.text;
    var motion = data.motion;
    var closed = !!motion.result;
    fill(section, {
      heading: text.heading,
      title: text.title,
      question: text.question,
      state: text.state,
      kind: text.kind,
      turnout_label: closed ? "" : text.turnout_label,
      turnout: closed ? "" : text.turnout,
      result_line: closed ? text.result_line : "",
      verdict: closed ? text.verdict : "",
    });
    section.classList.toggle("passed", closed && motion.result.is_passed);
    section.classList.toggle("not-passed", closed && !motion.result.is_passed);
    document.getElementById("motion-bar-box").hidden = closed;
    document.getElementById("motion-bar").style.width = Math.max(0, Math.min(100, motion.share)) + "%";
    var body = document.getElementById("motion-rows");
    body.textContent = "";
    (closed ? text.figures : []).forEach(function (figure) {
      var row = document.createElement("tr");
      cell(row, figure.label, "mark");
      cell(row, figure.count, "num");
      cell(row, figure.percent, "num");
      body.appendChild(row);
    });
  }

  function show(data) {
    var mode = MODES.indexOf(data.mode) >= 0 ? data.mode : "idle";
    root.setAttribute("data-mode", mode);
    MODES.forEach(function (name) {
      document.getElementById("screen-" + name).hidden = name !== mode;
    });
    var section = document.getElementById("screen-" + mode);
    var text = data.text || {};
    if (mode === "idle") {
      fill(section, { heading: text.heading, venue: data.congress.venue });
    } else if (mode === "voting") {
      fill(section, {
        heading: text.heading,
        round: text.round,
        state: text.state,
        turnout_label: text.turnout_label,
        turnout: data.turnout,
        hash_label: data.opening_hash ? root.dataset.hashLabel : "",
        opening_hash: data.opening_hash || "",
      });
      document.getElementById("turnout-bar").style.width = Math.max(0, Math.min(100, data.share)) + "%";
    } else if (mode === "motion") {
      showMotion(section, data);
    } else if (mode === "counting") {
      fill(section, { heading: text.heading, round: text.round || "", state: text.state });
    } else {
      showResults(section, data);
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        lost.hidden = true;
        show(data);
      }, function () {
        lost.textContent = root.dataset.lost;
        lost.hidden = false;
      })
      .then(function () {
        timer = window.setTimeout(poll, pollMs);
      });
  }

  poll();
  window.addEventListener("pagehide", function () {
    if (timer) window.clearTimeout(timer);
  });
})();
