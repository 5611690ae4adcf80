// The chair's page: each open round's turnout fetched every few seconds from its JSON endpoint
// (counts only: eligible, issued, voted) and updated in place; the "everyone has voted" notice
// appears when every eligible voter has voted. A failed fetch marks the figures as stale.
(function () {
  "use strict";

  function follow(section) {
    var source = section.getAttribute("data-turnout");
    var every = Math.max(2, parseInt(section.getAttribute("data-every"), 10) || 3) * 1000;
    var bar = section.querySelector(".turnout-bar");
    var allVoted = section.querySelector("[data-all-voted]");
    var stale = section.querySelector("[data-stale]");

    function show(data) {
      ["eligible", "issued", "voted"].forEach(function (name) {
        var element = section.querySelector('[data-field="' + name + '"]');
        if (element && typeof data[name] === "number") {
          element.textContent = String(data[name]);
        }
      });
      bar.max = Math.max(1, data.eligible);
      bar.value = data.voted;
      allVoted.hidden = !(data.eligible > 0 && data.voted === data.eligible);
    }

    function poll() {
      fetch(source, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (data) {
          stale.hidden = true;
          show(data);
        })
        .catch(function () {
          stale.hidden = false;
        })
        .then(function () {
          window.setTimeout(poll, every);
        });
    }

    window.setTimeout(poll, every);
  }

  document.querySelectorAll("[data-turnout]").forEach(follow);
})();
