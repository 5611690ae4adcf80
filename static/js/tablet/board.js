/* The board of receipts: the camera reads a receipt's QR code (its text: ABCDE-FGH23) into the
 * search field and sends the form, as typing it and pressing Find would. */
(function () {
  "use strict";

  var box = document.getElementById("receipt-camera");
  if (!box || typeof window.VotesysCamera !== "function") return;
  var form = document.getElementById("receipt-form");
  var input = document.getElementById("receipt-input");
  var camera = window.VotesysCamera({
    video: document.getElementById("camera-video"),
    canvas: document.getElementById("camera-canvas"),
    button: document.getElementById("camera-toggle"),
    message: document.getElementById("camera-message"),
    texts: box.dataset,
    facing: "user",
    onCode: function (code) {
      camera.stop();
      input.value = code.trim().slice(0, 40);
      form.submit();
    },
  });
})();
