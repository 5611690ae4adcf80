/* The ballot on the tablet (phiếu bầu): marking it, spoiling it, reviewing it (rules.md §3-§4).
 *
 * Strike layout: a tap strikes a name through (aria-pressed="true"), a second tap restores it,
 * and a counter shows the names kept against the places (seats + alternates). Approve layout:
 * Đồng ý / Không đồng ý per row, a second tap leaves the row blank. The review lists exactly
 * what will be cast; an invalid ballot is explained in plain words and is cast only once the
 * delegate ticks the confirmation (a ballot spoilt on purpose has its own confirmation screen).
 * The tablet decides validity (marking.js, the twin of core.rules.marking): the server sees only
 * the encrypted ballot, so an invalid ballot is encrypted as "every mark 0, its reason 1", and
 * plaintexts() refuses to give that before the delegate confirmed it. The marks live only in
 * this closure, and forget() drops them.
 *
 *   var ballot = VotesysBallot(ui);  // ui: text, work, make, button, screen, fill, leaveButton,
 *                                    //     onCast(), onChallenge()
 *   ballot.start(paper)  // false if this page's rules do not match the round's manifest
 *   ballot.restart()     // the same ballot, blank again (after a challenge)
 *   ballot.review()      // back to the review screen, marks kept
 *   ballot.plaintexts(); ballot.crypto(); ballot.roundId(); ballot.forget();
 *
 * The review offers "Check the tablet" (the Benaloh challenge, docs/tablet.md) beside Cast: the
 * same ballot is encrypted and opened instead of cast, and the delegate then marks afresh.
 */
(function () {
  "use strict";

  var REASONS = {
    too_many_kept: "tooManyKept",
    all_struck: "allStruck",
    no_mark: "noMark",
    all_disagree: "allDisagree",
    deliberately_spoilt: "deliberatelySpoilt",
  };

  var marking = window.VotesysMarking;

  /** Whether this page's twin of the rules gives the flags and layout the round froze. */
  function matchesManifest(paper) {
    var round = paper.round;
    var crypto = paper.crypto;
    var rows = paper.candidates.length;
    var reasons = marking.reasonsFor(round.layout, rows, crypto.settings);
    var layout = marking.cryptoLayout(round.layout, rows, round.seats, round.alternates, crypto.settings);
    return JSON.stringify(reasons) === JSON.stringify(crypto.invalid_reasons) &&
      ["kind", "candidates", "seats", "flags"].every(function (name) {
        return layout[name] === crypto.layout[name];
      });
  }

  window.VotesysBallot = function (ui) {
    var text = ui.text;
    var work = ui.work;
    var make = ui.make;
    var button = ui.button;
    var screen = ui.screen;
    var fill = ui.fill;
    var paper = null; // the round and its list, from the server
    var marks = null; // strike: true = kept; approve: "agree", "disagree" or null
    var spoilt = false;
    var confirmed = false; // the delegate confirmed casting this invalid ballot

    function start(opened) {
      if (!matchesManifest(opened)) return false;
      paper = opened;
      var blank = paper.round.layout === "strike" ? true : null;
      marks = paper.candidates.map(function () { return blank; });
      spoilt = false;
      confirmed = false;
      showBallot();
      return true;
    }

    function forget() {
      paper = null;
      marks = null;
      spoilt = false;
      confirmed = false;
    }

    // --- the ballot ---

    function roundTitle() {
      var round = paper.round;
      return fill(text.roundLabel, { title: round.title, number: round.number });
    }

    function showBallot() {
      var round = paper.round;
      screen(roundTitle(), "ballot");
      var isStrike = round.layout === "strike";
      var help = isStrike ? fill(text.strikeHelp, { places: round.places }) : text.approveHelp;
      work.appendChild(make("p", "ballot-help", help));
      var counter = null;
      if (isStrike) {
        counter = make("p", "strike-counter");
        counter.setAttribute("aria-live", "polite");
        counter.dataset.testid = "counter";
        work.appendChild(counter);
      }
      var list = make("ol", "ballot-list ballot-" + round.layout);
      list.dataset.testid = "ballot";
      paper.candidates.forEach(function (candidate, index) {
        list.appendChild(isStrike ? strikeRow(candidate, index, counter) : approveRow(candidate, index));
      });
      work.appendChild(list);
      if (counter) showCounter(counter);
      var actions = make("div", "work-actions");
      actions.appendChild(button(text.review, "primary huge", showReview, "review"));
      actions.appendChild(button(text.spoil, "quiet", showSpoil, "spoil"));
      work.appendChild(actions);
      work.appendChild(ui.leaveButton());
    }

    function candidateText(node, candidate) {
      node.appendChild(make("span", "position", candidate.position + "."));
      var who = make("span", "who");
      who.appendChild(make("span", "name", candidate.name));
      if (candidate.description) who.appendChild(make("span", "description", candidate.description));
      node.appendChild(who);
    }

    function strikeRow(candidate, index, counter) {
      var item = make("li");
      var row = make("button", "strike-row");
      row.type = "button";
      candidateText(row, candidate);
      var status = make("span", "sr-only");
      row.appendChild(status);
      function show() {
        var kept = marks[index];
        row.setAttribute("aria-pressed", kept ? "false" : "true");
        status.textContent = ", " + (kept ? text.kept : text.struck);
      }
      row.addEventListener("click", function () {
        marks[index] = !marks[index];
        show();
        showCounter(counter);
      });
      show();
      item.appendChild(row);
      return item;
    }

    function kept() {
      return marks.filter(function (mark) { return mark === true; }).length;
    }

    function showCounter(counter) {
      var places = paper.round.places;
      counter.textContent = fill(text.counter, { kept: kept(), places: places });
      counter.classList.toggle("over", kept() > places || kept() === 0);
    }

    function approveRow(candidate, index) {
      var item = make("li", "approve-row");
      var name = make("div", "approve-name");
      name.id = "candidate-" + index;
      candidateText(name, candidate);
      var group = make("div", "choices");
      group.setAttribute("role", "group");
      group.setAttribute("aria-labelledby", name.id);
      var choices = [["agree", text.agree], ["disagree", text.disagree]].map(function (pair) {
        var choice = make("button", "choice choice-" + pair[0], pair[1]);
        choice.type = "button";
        choice.dataset.mark = pair[0];
        choice.addEventListener("click", function () {
          marks[index] = marks[index] === pair[0] ? null : pair[0];
          show();
        });
        group.appendChild(choice);
        return choice;
      });
      function show() {
        choices.forEach(function (choice) {
          choice.setAttribute("aria-pressed", String(marks[index] === choice.dataset.mark));
        });
      }
      show();
      item.append(name, group);
      return item;
    }

    // --- validity (rules.md §4): the tablet decides, the box sees only its reason ---

    function verdict() {
      var round = paper.round;
      if (spoilt) return "deliberately_spoilt";
      return marking.verdict(round.layout, marks, round.seats, round.alternates, paper.crypto.settings);
    }

    function reasonText(reason) {
      var template = text[REASONS[reason]];
      return template ? fill(template, { kept: kept(), places: paper.round.places }) : "";
    }

    /** The 0/1 marks and flags to encrypt; an invalid ballot only once confirmed. */
    function plaintexts() {
      var round = paper.round;
      var settings = paper.crypto.settings;
      if (verdict() !== null && !confirmed) throw new Error("an invalid ballot must be confirmed first");
      if (spoilt) return marking.spoilt(round.layout, marks.length, settings);
      return marking.plaintexts(round.layout, marks, round.seats, round.alternates, settings);
    }

    // --- spoiling on purpose ---

    function showSpoil() {
      screen(text.spoilTitle, "spoil");
      work.appendChild(make("p", "work-text", text.spoilText));
      var actions = make("div", "work-actions");
      actions.appendChild(button(text.spoilYes, "danger huge", function () {
        spoilt = true;
        showReview();
      }, "spoil-yes"));
      actions.appendChild(button(text.spoilNo, "huge", showBallot, "spoil-no"));
      work.appendChild(actions);
    }

    // --- the review screen ---

    function markText(index) {
      var mark = marks[index];
      if (paper.round.layout === "strike") return mark ? text.kept : text.struck;
      if (mark === "agree") return text.agree;
      if (mark === "disagree") return text.disagree;
      return text.blank;
    }

    function showReview() {
      var reason = verdict();
      confirmed = false;
      screen(text.reviewTitle, "review");
      work.appendChild(make("p", "work-text", text.reviewText));
      var list = make("ol", "review-list");
      list.dataset.testid = "review-list";
      if (spoilt) {
        list.appendChild(make("li", "review-spoilt", text.spoilt));
      } else {
        paper.candidates.forEach(function (candidate, index) {
          var item = make("li", "review-row");
          var name = make("span", "name", candidate.name);
          var isStruck = paper.round.layout === "strike" && !marks[index];
          if (isStruck) name.classList.add("struck");
          item.appendChild(make("span", "position", candidate.position + "."));
          item.appendChild(name);
          item.appendChild(make("span", "mark mark-" + String(marks[index]), markText(index)));
          list.appendChild(item);
        });
      }
      work.appendChild(list);
      var confirm = null;
      if (reason) {
        var warning = make("div", "tablet-alert invalid-warning");
        warning.setAttribute("role", "alert");
        warning.dataset.testid = "invalid-warning";
        warning.appendChild(make("p", "", reasonText(reason)));
        work.appendChild(warning);
        if (!spoilt) confirm = confirmBox();
      }
      var actions = make("div", "work-actions");
      var cast = button(reason ? text.castInvalid : text.cast, reason ? "danger huge" : "primary huge",
        function () {
          // A spoilt ballot was confirmed on its own screen; any other, by the ticked box.
          confirmed = reason === null || spoilt || Boolean(confirm && confirm.input.checked);
          if (confirmed) ui.onCast();
        }, "cast");
      if (confirm) {
        cast.disabled = true;
        confirm.input.addEventListener("change", function () { cast.disabled = !confirm.input.checked; });
        work.appendChild(confirm.label);
      }
      actions.appendChild(cast);
      var challenge = button(text.challenge, "quiet huge", function () {
        confirmed = reason === null || spoilt || Boolean(confirm && confirm.input.checked);
        if (confirmed) ui.onChallenge();
      }, "challenge");
      if (confirm) {
        challenge.disabled = true;
        confirm.input.addEventListener("change", function () { challenge.disabled = !confirm.input.checked; });
      }
      actions.appendChild(challenge);
      actions.appendChild(button(text.change, "huge", function () {
        spoilt = false;
        showBallot();
      }, "change"));
      work.appendChild(actions);
    }

    function confirmBox() {
      var label = make("label", "confirm-invalid");
      var input = make("input");
      input.type = "checkbox";
      input.dataset.testid = "confirm-invalid";
      label.append(input, make("span", "", text.confirmInvalid));
      return { label: label, input: input };
    }

    /** The same round's ballot again, blank (after a challenge: the delegate marks afresh). */
    function restart() {
      var opened = paper;
      forget();
      return start(opened);
    }

    return {
      start: start,
      restart: restart,
      review: showReview,
      plaintexts: plaintexts,
      crypto: function () { return paper.crypto; },
      roundId: function () { return paper.round.id; },
      forget: forget,
    };
  };
})();
