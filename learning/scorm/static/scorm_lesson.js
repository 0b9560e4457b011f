/*
 * The SCORM lesson page (application origin). The package runs in a wrapper framed from the content origin, which
 * holds window.API and the attempt's outbox. This page only hears from that frame, by postMessage, from exactly
 * that origin and that window, which state to show: it never evaluates what it receives and shows only its own
 * (translated) messages. When LMSFinish has been acknowledged by the server it dispatches, on this window,
 * `scorm:finished` with {status}, for whatever moves the learner on.
 */
(function () {
  "use strict";

  var frame = document.getElementById("scorm-frame");
  var configNode = document.getElementById("scorm-config");
  if (!frame || !configNode) {
    return;
  }
  var config = JSON.parse(configNode.textContent);
  var statusNode = document.getElementById("scorm-status");
  var STATES = { saved: "saved", pending: "pending", finished: "finished", finishPending: "finishPending",
    replaying: "replaying" };

  function show(key) {
    if (statusNode && config.messages[key]) {
      statusNode.textContent = config.messages[key];
      statusNode.setAttribute("data-state", key);
    }
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== config.contentOrigin || event.source !== frame.contentWindow) {
      return;
    }
    var data = event.data;
    if (!data || typeof data !== "object" || typeof data.type !== "string") {
      return;
    }
    if (data.type === "scorm:state" && Object.prototype.hasOwnProperty.call(STATES, data.state)) {
      show(STATES[data.state]);
      if (data.state === "finished") {
        window.dispatchEvent(new CustomEvent("scorm:finished", { detail: { status: String(data.status || "") } }));
      }
    } else if (data.type === "scorm:replayed") {
      window.location.reload(); // the outbox of a previous visit is stored: launch again from what it holds
    }
  });

  function fit() {
    var top = frame.getBoundingClientRect().top + window.scrollY;
    frame.style.height = Math.max(480, window.innerHeight - Math.min(top, 200) - 24) + "px";
  }
  fit();
  window.addEventListener("resize", fit);
}());
