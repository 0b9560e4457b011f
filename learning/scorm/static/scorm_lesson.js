/*
 * The SCORM lesson page (application origin). The package runs in a wrapper framed from the content origin, which
 * holds window.API and the attempt's outbox. This page only hears from that frame, by postMessage, from exactly
 * that origin and that window, which state to show: it never evaluates what it receives and shows only its own
 * (translated) messages. When LMSFinish has been acknowledged by the server it dispatches, on this window,
 * `scorm:finished` with {status}, for whatever moves the learner on.
 *
 * Where the browser refuses storage to the framed content origin (private windows, blocked third-party storage),
 * this page keeps the wrapper's outbox for it: text stored under this attempt's key (never under a key the
 * message names), size-bounded, never evaluated, and handed back to the wrapper at the next launch.
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
  var KEY = "scorm-outbox:";
  var MAX_OUTBOX = 4000000; // characters of one attempt's outbox this page keeps for the wrapper
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
    } else if (data.type === "scorm:store" && typeof data.entries === "string" && config.attempt) {
      keep(KEY + config.attempt, data.entries);
    } else if (data.type === "scorm:outbox?") {
      handBack();
    } else if (data.type === "scorm:delivered" && typeof data.key === "string" && data.key.indexOf(KEY) === 0) {
      keep(data.key, "[]");
    } else if (data.type === "scorm:replayed") {
      window.location.reload(); // the outbox of a previous visit is stored: launch again from what it holds
    }
  });

  function keep(key, text) {
    try {
      if (text === "[]") {
        window.localStorage.removeItem(key);
      } else if (text.length <= MAX_OUTBOX) {
        window.localStorage.setItem(key, text);
      }
    } catch (error) {
      // storage refused here too: the wrapper still holds the entries in memory while the page lives
    }
  }

  function handBack() {
    var current = "[]";
    var others = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf(KEY) === 0) {
          if (key === KEY + config.attempt) {
            current = window.localStorage.getItem(key) || "[]";
          } else {
            others.push([key, window.localStorage.getItem(key) || "[]"]);
          }
        }
      }
    } catch (error) {
      current = "[]";
    }
    frame.contentWindow.postMessage({ type: "scorm:outbox", current: current, others: others }, config.contentOrigin);
  }

  function fit() {
    var top = frame.getBoundingClientRect().top + window.scrollY;
    frame.style.height = Math.max(480, window.innerHeight - Math.min(top, 200) - 24) + "px";
  }
  fit();
  window.addEventListener("resize", fit);
}());
