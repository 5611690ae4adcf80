/* From the delegate's marks to the 0/1 plaintexts the tablet encrypts (rules.md §3-§4;
 * docs/protocol.md §6.1): the JavaScript twin of votesys/core/rules/marking.py and of the
 * validity rules it uses (votesys/core/rules/validity.py, check_ballot). The shared cases in
 * tests/tablet/marking_cases.json are checked against both twins, so they cannot drift.
 *
 * The tablet decides validity itself: the server sees ciphertexts only. A ballot the rules
 * count as invalid is encrypted as "every mark 0, its reason 1" (the delegate confirms it
 * first); the flags are the invalid reasons that can arise on a tablet, in the minutes' order.
 *
 *   var m = globalThis.VotesysMarking;
 *   m.reasonsFor("strike", 6, settings)              // ["too_many_kept", "all_struck", ...]
 *   m.cryptoLayout("strike", 6, 5, 0, settings)      // {kind, candidates, seats, flags}
 *   m.verdict("strike", kept, 5, 0, settings)        // null (valid) or the reason
 *   m.plaintexts("strike", kept, 5, 0, settings)     // {marks: [0/1...], flags: [0/1...]}
 *   m.spoilt("strike", 6, settings)                  // a ballot spoilt on purpose
 *
 * ``settings``: the round's frozen rule settings (the manifest's "settings"); only
 * is_all_disagree_valid matters here (true when absent, as in RuleSettings). Strike marks are
 * booleans (true = name kept); approve marks are "agree", "disagree", "both" or null. Marks that
 * are not a ballot of the layout throw a MarkingError whose code is the Python BadMarks code.
 */
(function (root) {
  "use strict";

  var AGREE = "agree";
  var DISAGREE = "disagree";
  var BOTH = "both";
  var APPROVE_MARKS = [AGREE, DISAGREE, null, BOTH];

  function MarkingError(code, params) {
    var error = new Error(code + (params ? " " + JSON.stringify(params) : ""));
    error.name = "MarkingError";
    error.code = code;
    error.params = params || {};
    return error;
  }

  function allDisagreeValid(settings) {
    return !settings || settings.is_all_disagree_valid !== false;
  }

  function reasonsFor(layout, rows, settings) {
    if (layout === "strike") return ["too_many_kept", "all_struck", "deliberately_spoilt"];
    if (layout !== "approve") throw MarkingError("unknown_layout", { layout: layout });
    if (rows === 1) return ["no_mark", "deliberately_spoilt"];
    if (!allDisagreeValid(settings)) return ["all_disagree", "deliberately_spoilt"];
    return ["deliberately_spoilt"];
  }

  function cryptoLayout(layout, rows, seats, alternates, settings) {
    var flags = reasonsFor(layout, rows, settings).length;
    if (layout === "strike") {
      return { kind: "strike", candidates: rows, seats: Math.min(seats + (alternates || 0), rows), flags: flags };
    }
    return { kind: "approve", candidates: rows, seats: rows, flags: flags };
  }

  function checkStrike(kept, seats, alternates) {
    if (!Array.isArray(kept)) throw MarkingError("marks_not_a_sequence");
    var problems = [];
    kept.forEach(function (mark, row) {
      if (typeof mark !== "boolean") problems.push(["mark_not_allowed", { row: row, mark: mark }]);
    });
    if (seats < 1 || alternates < 0) problems.push(["bad_places", { seats: seats, alternates: alternates }]);
    if (problems.length) throw MarkingError(problems[0][0], problems[0][1]);
    var count = kept.filter(function (mark) { return mark; }).length;
    if (count === 0) return "all_struck";
    if (count > seats + alternates) return "too_many_kept";
    return null;
  }

  function checkApprove(rows, settings) {
    if (!Array.isArray(rows)) throw MarkingError("marks_not_a_sequence");
    if (!rows.length) throw MarkingError("no_rows");
    for (var i = 0; i < rows.length; i += 1) {
      if (APPROVE_MARKS.indexOf(rows[i]) < 0) throw MarkingError("mark_not_allowed", { row: i, mark: rows[i] });
    }
    if (rows.length === 1 && rows[0] === null) return "no_mark";
    if (rows.length === 1 && rows[0] === BOTH) return "both_marked";
    var everyDisagree = rows.every(function (row) { return row === DISAGREE; });
    if (rows.length > 1 && everyDisagree && !allDisagreeValid(settings)) return "all_disagree";
    return null;
  }

  /** check_ballot's verdict: null for a valid ballot, else the reason it is invalid. */
  function verdict(layout, marks, seats, alternates, settings) {
    if (layout !== "strike" && layout !== "approve") throw MarkingError("unknown_layout", { layout: layout });
    if (layout === "strike") return checkStrike(marks, seats, alternates || 0);
    return checkApprove(marks, settings);
  }

  function zeros(count) {
    var list = [];
    for (var i = 0; i < count; i += 1) list.push(0);
    return list;
  }

  function width(layout, rows) {
    return layout === "strike" ? rows : 2 * rows;
  }

  function plaintexts(layout, marks, seats, alternates, settings) {
    if (!Array.isArray(marks)) throw MarkingError("marks_not_a_sequence");
    var reasons = reasonsFor(layout, marks.length, settings);
    var reason = verdict(layout, marks, seats, alternates, settings);
    if (reason !== null) {
      if (reasons.indexOf(reason) < 0) throw MarkingError("reason_not_on_tablet", { reason: reason });
      return {
        marks: zeros(width(layout, marks.length)),
        flags: reasons.map(function (each) { return each === reason ? 1 : 0; }),
      };
    }
    var values = [];
    marks.forEach(function (mark) {
      if (layout === "strike") values.push(mark ? 1 : 0);
      else values.push(mark === AGREE ? 1 : 0, mark === DISAGREE ? 1 : 0);
    });
    return { marks: values, flags: zeros(reasons.length) };
  }

  function spoilt(layout, rows, settings) {
    var reasons = reasonsFor(layout, rows, settings);
    return {
      marks: zeros(width(layout, rows)),
      flags: reasons.map(function (each) { return each === "deliberately_spoilt" ? 1 : 0; }),
    };
  }

  root.VotesysMarking = Object.freeze({
    reasonsFor: reasonsFor,
    cryptoLayout: cryptoLayout,
    verdict: verdict,
    plaintexts: plaintexts,
    spoilt: spoilt,
  });
})(globalThis);
