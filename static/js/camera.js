/* A QR reader on the device's camera: the check-in desk, the voting tablet, the receipt board.
 *
 * getUserMedia, then every 150 ms a frame drawn on a canvas and read by jsQR (served at
 * /static/vendor/jsqr/jsQR.js).
 * The same text seen again within 3 s is ignored, so a card held in front of the camera is
 * read once. Every message comes from the page's data-camera-* attributes, already translated.
 *
 *   var camera = VotesysCamera({ video, canvas, button, message, texts, onCode, facing });
 *   (facing: "user", the screen's side, for a tablet; "environment", the default, for a desk)
 *   camera.start(); camera.stop(); camera.isOn();
 */
(function () {
  "use strict";

  var FRAME_MS = 150;
  var REPEAT_MS = 3000;
  var MAX_WIDTH = 800;

  window.VotesysCamera = function (options) {
    var video = options.video;
    var canvas = options.canvas;
    var texts = options.texts;
    var stream = null;
    var timer = null;
    var last = { text: "", at: 0 };

    function say(text) {
      options.message.textContent = text || "";
    }

    function start() {
      if (!window.isSecureContext) return say(texts.cameraInsecure);
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        return say(texts.cameraUnsupported);
      }
      if (typeof window.jsQR !== "function") return say(texts.cameraNoReader);
      var facing = options.facing || "environment";
      var wanted = { video: { facingMode: { ideal: facing } }, audio: false };
      navigator.mediaDevices.getUserMedia(wanted).then(function (opened) {
        stream = opened;
        video.srcObject = stream;
        video.hidden = false;
        options.button.textContent = texts.cameraStop;
        say(texts.cameraOn);
        return video.play().then(read);
      }).catch(function (error) {
        stop();
        var name = error && error.name;
        if (name === "NotAllowedError" || name === "SecurityError") say(texts.cameraDenied);
        else if (name === "NotFoundError" || name === "OverconstrainedError") {
          say(texts.cameraMissing);
        } else say(texts.cameraFailed + " " + (name || String(error)));
      });
    }

    function stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
      video.srcObject = null;
      video.hidden = true;
      options.button.textContent = texts.cameraStart;
    }

    function isRepeat(text) {
      var now = Date.now();
      var repeat = text === last.text && now - last.at < REPEAT_MS;
      last = { text: text, at: now };
      return repeat;
    }

    function read() {
      if (!stream) return;
      if (video.readyState >= 2 && video.videoWidth > 0) {
        var scale = Math.min(1, MAX_WIDTH / video.videoWidth);
        var width = Math.round(video.videoWidth * scale);
        var height = Math.round(video.videoHeight * scale);
        canvas.width = width;
        canvas.height = height;
        var context = canvas.getContext("2d", { willReadFrequently: true });
        context.drawImage(video, 0, 0, width, height);
        var image = context.getImageData(0, 0, width, height);
        var code = window.jsQR(image.data, width, height, { inversionAttempts: "dontInvert" });
        if (code && code.data && !isRepeat(code.data)) options.onCode(code.data);
      }
      timer = setTimeout(read, FRAME_MS);
    }

    options.button.addEventListener("click", function () {
      if (stream) {
        stop();
        say("");
      } else {
        start();
      }
    });
    window.addEventListener("pagehide", stop);

    return { start: start, stop: stop, isOn: function () { return stream !== null; } };
  };
})();
