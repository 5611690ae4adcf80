/* The check-in desk at the door (điểm danh): camera, USB scanner or typing, search, undo.
 *
 * Three ways in, one answer: every scan goes to POST /checkin/scan and the answer fills the big
 * coloured panel. The scan field keeps the focus, so a USB scanner (which types the card's URL
 * and presses Enter) works without touching the screen. The camera reads QR codes with jsQR
 * (served by the app at /static/vendor/jsqr/jsQR.js). The same card seen again within 3 s of
 * the last sighting is ignored, so a card held in front of the camera is one check-in.
 * Every text a person reads comes from the server, already translated (data-* attributes).
 */
(function () {
  "use strict";

  var REPEAT_MS = 3000;
  var REFRESH_MS = 20000;
  var ICONS = { green: "\u2714", amber: "\u26A0", red: "\u2716", undone: "\u21BA" };
  var TOKEN = /^[A-Za-z0-9_-]{22}$/;

  var desk = document.getElementById("desk");
  if (!desk) return;
  var text = desk.dataset;
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");

  var scanForm = document.getElementById("scan-form");
  var scanInput = document.getElementById("scan-input");
  var searchInput = document.getElementById("search-input");
  var searchResults = document.getElementById("search-results");
  var searchMessage = document.getElementById("search-message");
  var panel = document.getElementById("result");
  var recentList = document.getElementById("recent");
  var cameraButton = document.getElementById("camera-toggle");
  var cameraMessage = document.getElementById("camera-message");
  var video = document.getElementById("camera-video");
  var canvas = document.getElementById("camera-canvas");
  var buttons = {
    confirm: document.getElementById("result-confirm"),
    undo: document.getElementById("result-undo"),
    leave: document.getElementById("result-leave"),
    back: document.getElementById("result-return"),
  };

  var current = null; // the answer on the panel, with the method that produced it
  var lastSeen = { scan: "", at: 0 };
  var searchTimer = null;
  var searchSerial = 0;

  // --- talking to the server ---

  function request(url, body) {
    var options = {
      method: body === undefined ? "GET" : "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.headers["X-CSRFToken"] = csrf;
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (response) {
      return response.json().then(
        function (data) { return { ok: response.ok, data: data }; },
        function () { return { ok: false, data: {} }; }
      );
    });
  }

  function act(url, body, method) {
    return request(url, body).then(function (reply) {
      if (reply.data && reply.data.status) {
        reply.data.method = method;
        show(reply.data);
      } else {
        showError(reply.data && reply.data.message ? reply.data.message : text.networkError);
      }
    }, function () {
      showError(text.networkError);
    });
  }

  // --- the answer panel ---

  function setText(selector, value) {
    panel.querySelector(selector).textContent = value || "";
  }

  function show(result) {
    current = result;
    panel.className = "result result-" + result.status;
    setText(".result-icon", ICONS[result.status] || "");
    setText(".result-title", result.title);
    setText(".result-name", result.name);
    setText(".result-number", result.number ? text.numberLabel.replace("{n}", result.number) : "");
    setText(".result-unit", result.unit);
    setText(".result-message", result.message);
    var notes = panel.querySelector(".result-notes");
    notes.replaceChildren();
    (result.notes || []).forEach(function (note) {
      var item = document.createElement("li");
      item.textContent = note;
      notes.appendChild(item);
    });
    // A red answer admits nobody: it offers no move for the card's holder.
    var known = Boolean(result.delegate_id) && result.status !== "red";
    buttons.confirm.hidden = !result.can_confirm;
    buttons.undo.hidden = !result.event_id;
    buttons.leave.hidden = !(known && result.presence === "present");
    buttons.back.hidden = !(known && result.presence === "left");
    panel.hidden = false;
    if (result.counts) showCounts(result.counts);
    refreshRecent();
    keepFocus();
  }

  function showError(message) {
    show({ status: "red", title: text.errorTitle, message: message, notes: [] });
  }

  function showCounts(counts) {
    document.getElementById("count-present").textContent = counts.present;
    document.getElementById("count-summoned").textContent = counts.summoned;
    document.getElementById("count-alternates").textContent = counts.alternates_present;
    document.getElementById("count-left").textContent = counts.left;
    document.getElementById("count-not-come").textContent = counts.not_come;
    document.getElementById("count-announced").textContent = counts.announced_absent;
  }

  buttons.undo.addEventListener("click", function () {
    if (current && current.event_id) undo(current.event_id);
  });
  buttons.leave.addEventListener("click", function () {
    if (current) act(text.baseUrl + "/" + current.delegate_id + "/leave", { method: "manual" });
  });
  buttons.back.addEventListener("click", function () {
    if (current) act(text.baseUrl + "/" + current.delegate_id + "/return", { method: "manual" });
  });
  buttons.confirm.addEventListener("click", function () {
    if (!current) return;
    var method = current.method || "manual";
    act(text.baseUrl + "/" + current.delegate_id, { method: method, confirm: true }, method);
  });

  function undo(eventId) {
    act(text.baseUrl + "/undo/" + eventId, {});
  }

  // --- scans: the camera, a USB scanner, typing ---

  function isRepeat(scan) {
    var now = Date.now();
    var repeat = scan === lastSeen.scan && now - lastSeen.at < REPEAT_MS;
    lastSeen = { scan: scan, at: now };
    return repeat;
  }

  function submitScan(scan, method) {
    scan = scan.trim();
    if (!scan) return;
    if (method !== "code" && isRepeat(scan)) return;
    act(text.scanUrl, { scan: scan, method: method }, method);
  }

  function looksScanned(value) {
    return value.indexOf("/") >= 0 || TOKEN.test(value.trim());
  }

  scanForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var value = scanInput.value;
    scanInput.value = "";
    submitScan(value, looksScanned(value) ? "scanner" : "code");
  });

  function keepFocus() {
    if (document.activeElement !== searchInput) scanInput.focus();
  }

  // A click on empty space gives the focus back to the scan field (for the USB scanner).
  document.addEventListener("click", function (event) {
    if (!event.target.closest("input, button, a, select, textarea, label")) scanInput.focus();
  });

  // --- the camera ---

  // The shared reader (static/js/camera.js); a desk's camera faces the card, away from the user.
  window.VotesysCamera({
    video: video,
    canvas: canvas,
    button: cameraButton,
    message: cameraMessage,
    texts: text,
    facing: "environment",
    onCode: function (data) { submitScan(data, "camera"); },
  });

  // --- the search ---

  function runSearch() {
    var query = searchInput.value.trim();
    var serial = ++searchSerial;
    if (!query) {
      searchResults.replaceChildren();
      searchMessage.textContent = "";
      return;
    }
    request(text.searchUrl + "?q=" + encodeURIComponent(query)).then(function (reply) {
      if (serial !== searchSerial) return; // a newer search is on its way
      searchMessage.textContent = reply.data.message || "";
      renderResults(reply.data.results || []);
    }, function () {
      searchMessage.textContent = text.networkError;
    });
  }

  function renderResults(results) {
    searchResults.replaceChildren();
    results.forEach(function (found) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "search-result presence-" + found.presence;
      button.dataset.delegate = found.delegate_id;
      var name = document.createElement("span");
      name.className = "search-name";
      name.textContent = found.name;
      var who = document.createElement("span");
      who.className = "search-who";
      who.textContent = text.numberLabel.replace("{n}", found.number) + " · " + found.unit;
      var where = document.createElement("span");
      where.className = "search-presence";
      where.textContent = found.presence_label + (found.since_local ? " " + found.since_local : "");
      button.append(name, who, where);
      button.addEventListener("click", function () {
        searchInput.value = "";
        searchResults.replaceChildren();
        searchMessage.textContent = "";
        act(text.baseUrl + "/" + found.delegate_id, { method: "search" }, "search").then(
          function () { scanInput.focus(); }
        );
      });
      item.appendChild(button);
      searchResults.appendChild(item);
    });
  }

  searchInput.addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, 250);
  });
  searchInput.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      clearTimeout(searchTimer);
      runSearch();
    } else if (event.key === "Escape") {
      searchInput.value = "";
      runSearch();
      scanInput.focus();
    }
  });

  // --- the latest events, shared by every desk ---

  function refreshRecent() {
    return request(text.recentUrl).then(function (reply) {
      if (!reply.ok) return;
      showCounts(reply.data.counts);
      renderRecent(reply.data.events);
    }, function () { /* the next refresh will try again */ });
  }

  function renderRecent(events) {
    recentList.replaceChildren();
    events.forEach(function (item) {
      var line = document.createElement("li");
      if (item.undone) line.className = "undone";
      var parts = [
        ["recent-time", item.at_local],
        ["recent-kind kind-" + item.kind, item.kind_label],
        ["recent-name", item.name + " (" + text.numberLabel.replace("{n}", item.number) + ")"],
        ["recent-how", item.method_label + " · " + item.actor +
          (item.undone ? " · " + text.undoneLabel : "")],
      ];
      parts.forEach(function (part) {
        var span = document.createElement("span");
        span.className = part[0];
        span.textContent = part[1];
        line.appendChild(span);
      });
      if (item.undoable) line.appendChild(undoButton(item.id));
      recentList.appendChild(line);
    });
  }

  function undoButton(eventId) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button small recent-undo";
    button.dataset.event = eventId;
    button.textContent = text.undoLabel;
    return button;
  }

  recentList.addEventListener("click", function (event) {
    var button = event.target.closest(".recent-undo");
    if (button) undo(button.dataset.event);
  });

  setInterval(refreshRecent, REFRESH_MS);
  scanInput.focus();
})();
