/* The demo package's link to the LMS: finds the SCORM 1.2 API as the standard says (this window's parents, then
   the opener's), and keeps the session open until the learner leaves or finishes. */
var SCO = (function () {
  "use strict";
  function find(win) {
    for (var i = 0; win && i < 10; i++) {
      if (win.API) { return win.API; }
      if (win.parent === win) { break; }
      win = win.parent;
    }
    return null;
  }
  var api = find(window.parent) || (window.opener && find(window.opener)) || null;
  var finished = false;
  function get(name) { return api ? api.LMSGetValue(name) : ""; }
  function set(name, value) { return api ? api.LMSSetValue(name, String(value)) : "false"; }
  function commit() { return api ? api.LMSCommit("") : "false"; }
  function finish(exit) {
    if (!api || finished) { return; }
    finished = true;
    if (exit) { set("cmi.core.exit", exit); }
    api.LMSFinish("");
  }
  if (api) {
    api.LMSInitialize("");
    window.addEventListener("pagehide", function () { finish("suspend"); });
  }
  return { found: !!api, get: get, set: set, commit: commit, finish: finish };
})();
