// The live attendance dashboard: fetch /attendance.json every few seconds and update the figures
// in place (no reload). Elements carry data-field="<name>"; unit rows data-unit="<id>" with cells
// data-unit-field="<name>". A failed fetch marks the figures as possibly stale, and tries again.
(function () {
  "use strict";

  var root = document.getElementById("attendance-live");
  if (!root) {
    return;
  }
  var source = root.getAttribute("data-source");
  var every = Math.max(2, parseInt(root.getAttribute("data-every"), 10) || 5) * 1000;
  var stale = root.querySelector("[data-stale]");

  function text(value) {
    return value === null || value === undefined ? "" : String(value);
  }

  function setFields(data) {
    root.querySelectorAll("[data-field]").forEach(function (element) {
      var name = element.getAttribute("data-field");
      if (Object.prototype.hasOwnProperty.call(data, name)) {
        element.textContent = text(data[name]);
      }
    });
    root.querySelectorAll("[data-show]").forEach(function (element) {
      var value = data[element.getAttribute("data-show")];
      element.hidden = value === null || value === undefined || value === "";
    });
    var state = root.querySelector("[data-quorum-state]");
    if (state) {
      state.textContent = data.quorum_met === true ? state.getAttribute("data-met")
        : data.quorum_met === false ? state.getAttribute("data-unmet") : "";
      state.classList.toggle("met", data.quorum_met === true);
      state.classList.toggle("unmet", data.quorum_met === false);
    }
  }

  function setUnits(units) {
    units.forEach(function (unit) {
      var key = unit.id === null ? "none" : String(unit.id);
      var row = root.querySelector('tr[data-unit="' + key + '"]');
      if (!row) {
        return;
      }
      row.querySelectorAll("[data-unit-field]").forEach(function (cell) {
        cell.textContent = text(unit[cell.getAttribute("data-unit-field")]);
      });
    });
  }

  function refresh() {
    fetch(source, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        setFields(data);
        setUnits(data.units || []);
        stale.hidden = true;
      })
      .catch(function () {
        stale.hidden = false;
      })
      .then(function () {
        window.setTimeout(refresh, every);
      });
  }

  window.setTimeout(refresh, every);
})();
