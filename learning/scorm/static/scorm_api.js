/*
 * The SCORM 1.2 run-time API of the lesson player: window.API, found by the SCO through window.parent.
 *
 * The data model (elements, access, data types, error codes) comes from the server with the page
 * (learning/scorm/runtime.py, MODEL), so both sides apply one definition: here to answer the SCO at once,
 * on the server again before anything is stored. Values are kept in memory and sent on LMSCommit and
 * LMSFinish; when the page goes away without LMSFinish, what the SCO set is still sent, with
 * navigator.sendBeacon (or fetch with keepalive), which the browser delivers after the page has closed.
 * Every call (except the three error queries) goes into a journal sent with the next commit, so an
 * administrator can see what a misbehaving package asked for.
 */
(function () {
  "use strict";

  var configNode = document.getElementById("scorm-config");
  var frame = document.getElementById("scorm-frame");
  if (!configNode || !frame) {
    return;
  }
  var config = JSON.parse(configNode.textContent);
  var model = config.model;
  var statusNode = document.getElementById("scorm-status");
  var started = Date.now();
  var values = Object.assign({}, config.values);
  var state = "new"; // new -> running -> finished
  var lastError = "0";
  var lastDiagnostic = "";
  // Every value set since the page loaded, in order, from absolute index `offset`; the server has stored those
  // before index `acked`. Each commit carries all the values not yet confirmed and a sequence number, so the
  // server can drop a commit that arrives after a later one (it has nothing the later one did not bring).
  var journal = [];
  var offset = 0;
  var acked = 0;
  var page = Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
  var seq = 0;
  var calls = [];
  var dropped = 0;
  var unloading = false;
  var MAX_CALLS = 1000;
  var KEEPALIVE_LIMIT = 60000; // browsers carry at most 64 KB of keepalive requests
  var notImplemented = new RegExp("^(?:" + model.notImplemented + ")$");
  var patterns = {};
  Object.keys(model.types).forEach(function (kind) {
    if (model.types[kind].pattern) {
      patterns[kind] = new RegExp("^(?:" + model.types[kind].pattern + ")$");
    }
  });

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function normalise(element) {
    return element.replace(/\.(\d+)(?=\.|$)/g, ".n");
  }

  function known(name) {
    return has(model.elements, name) || has(model.children, name) || model.arrays.indexOf(name) >= 0;
  }

  function count(array) {
    var head = array + ".";
    var last = -1;
    Object.keys(values).forEach(function (key) {
      if (key.indexOf(head) === 0) {
        var index = key.slice(head.length).split(".")[0];
        if (/^\d+$/.test(index)) {
          last = Math.max(last, parseInt(index, 10));
        }
      }
    });
    return last + 1;
  }

  function valid(kind, value) {
    var spec = model.types[kind];
    if (value === "" && spec.blank) {
      return true;
    }
    if (spec.vocab && spec.vocab.indexOf(value) >= 0) {
      return true;
    }
    if (spec.pattern) {
      if (!patterns[kind].test(value)) {
        return false;
      }
      return !spec.range || (parseFloat(value) >= spec.range[0] && parseFloat(value) <= spec.range[1]);
    }
    return spec.max !== undefined && Array.from(value).length <= spec.max;
  }

  function answer(value, error, diagnostic) {
    return { value: value, error: error || "0", diagnostic: diagnostic || "" };
  }

  function indexProblem(element, writing) {
    var pattern = /\.(\d+)(?=\.|$)/g;
    var match;
    while ((match = pattern.exec(element)) !== null) {
      var array = element.slice(0, match.index);
      var index = parseInt(match[1], 10);
      var size = count(array);
      if (index > model.maxIndex) {
        return answer("", "101", array + " holds at most " + (model.maxIndex + 1) + " entries.");
      }
      if (index > size || (index === size && !writing)) {
        return answer("", "201", array + " has " + size + " entries; index " + index + " is out of range.");
      }
    }
    return null;
  }

  function unknown(element) {
    if (notImplemented.test(element)) {
      return answer("", "401", element + " is not part of the SCORM 1.2 data model (SCORM 2004 or AICC); " +
        "this player implements SCORM 1.2.");
    }
    return answer("", "201", element + " is not an element of the SCORM 1.2 data model.");
  }

  function getValue(element) {
    if (!element) {
      return answer("", "201", "LMSGetValue needs the name of an element.");
    }
    var keywords = [["._children", "202"], ["._count", "203"]];
    for (var i = 0; i < keywords.length; i++) {
      var keyword = keywords[i][0];
      if (element.length > keyword.length && element.slice(-keyword.length) === keyword) {
        var base = element.slice(0, -keyword.length);
        var baseName = normalise(base);
        if (keyword === "._children" && has(model.children, baseName)) {
          return answer(model.children[baseName]);
        }
        if (keyword === "._count" && model.arrays.indexOf(baseName) >= 0) {
          return answer(String(count(base)));
        }
        return known(baseName) ? answer("", keywords[i][1], base + " has no " + keyword.slice(1) + ".") : unknown(base);
      }
    }
    var name = normalise(element);
    if (!has(model.elements, name)) {
      return unknown(element);
    }
    if (model.elements[name][0] === "w") {
      return answer("", "404", element + " is write-only.");
    }
    return indexProblem(element, false) || answer(has(values, element) ? values[element] : "");
  }

  function setValue(element, value) {
    if (!element) {
      return answer("false", "201", "LMSSetValue needs the name of an element.");
    }
    if (/\._(children|count)$/.test(element)) {
      var base = element.replace(/\._(children|count)$/, "");
      return known(normalise(base)) ? answer("false", "402", element + " is a keyword and cannot be set.") :
        unknown(base);
    }
    var name = normalise(element);
    if (!has(model.elements, name)) {
      return unknown(element);
    }
    var rule = model.elements[name];
    if (rule[0] === "r") {
      return answer("false", "403", element + " is read-only.");
    }
    var problem = indexProblem(element, true);
    if (problem) {
      return problem;
    }
    if (!valid(rule[1], value)) {
      return answer("false", "405", JSON.stringify(value.slice(0, 50)) + " is not a valid value for " + element +
        " (" + rule[1] + ").");
    }
    values[element] = value;
    journal.push([element, value]);
    return answer("true");
  }

  function show(key) {
    if (statusNode && config.messages[key]) {
      statusNode.textContent = config.messages[key];
    }
  }

  function unsent() {
    return journal.slice(acked - offset);
  }

  function acknowledge(upTo) {
    acked = Math.max(acked, upTo);
    if (acked - offset > 200) {
      journal = journal.slice(acked - offset);
      offset = acked;
    }
  }

  function send(kind, tries) {
    var values = unsent();
    if (!config.commitUrl) {
      acknowledge(offset + journal.length);
      calls = [];
      return;
    }
    if (kind === "commit" && !values.length && !calls.length) {
      return;
    }
    seq += 1;
    var upTo = offset + journal.length;
    var before = acked;
    var sentCalls = calls;
    var sentDropped = dropped;
    var payload = JSON.stringify({ kind: kind, page: page, seq: seq, values: values, calls: sentCalls,
      dropped: sentDropped });
    var body = new URLSearchParams();
    body.set("csrf_token", config.csrfToken);
    body.set("payload", payload);
    calls = [];
    dropped = 0;
    if (kind !== "commit") {
      acknowledge(upTo); // the session ends with these values: a later request must not carry them again
    }
    if (unloading && navigator.sendBeacon && navigator.sendBeacon(config.commitUrl, body)) {
      return;
    }
    fetch(config.commitUrl, {
      method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": config.csrfToken },
      keepalive: unloading || payload.length < KEEPALIVE_LIMIT
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      acknowledge(upTo);
      show(kind === "finish" ? "finished" : "saved");
      if (kind === "finish") { // the lesson page's contents refresh, and move on (scorm_contents.js)
        window.dispatchEvent(new CustomEvent("scorm:finished"));
      }
    }).catch(function () {
      calls = sentCalls.concat(calls);
      dropped += sentDropped;
      show("failed");
      if (kind !== "commit" && (tries || 0) < 3) {
        acked = before;
        window.setTimeout(function () { send(kind, (tries || 0) + 1); }, 3000);
      }
    });
  }

  function track(name, args, result) {
    if (calls.length < MAX_CALLS) {
      calls.push([Date.now() - started, name, args, result, lastError]);
    } else {
      dropped += 1;
    }
    return result;
  }

  function reply(response, name, args) {
    lastError = response.error;
    lastDiagnostic = response.diagnostic;
    return track(name, args, response.value);
  }

  function emptyArgument(parameter) {
    return parameter === undefined || parameter === null || String(parameter) === "";
  }

  function session(name, parameter, action) {
    if (!emptyArgument(parameter)) {
      return reply(answer("false", "201", name + " takes an empty string."), name, [String(parameter)]);
    }
    if (state !== "running") {
      return reply(answer("false", "301", name + " before LMSInitialize, or after LMSFinish."), name, [""]);
    }
    var result = reply(answer("true"), name, [""]); // journaled first, so it travels with its own commit
    action();
    return result;
  }

  window.API = {
    LMSInitialize: function (parameter) {
      if (!emptyArgument(parameter)) {
        return reply(answer("false", "201", "LMSInitialize takes an empty string."), "LMSInitialize",
          [String(parameter)]);
      }
      if (state !== "new") {
        return reply(answer("false", "101", state === "running" ? "LMSInitialize was already called." :
          "LMSFinish was called: the session is over."), "LMSInitialize", [""]);
      }
      state = "running";
      return reply(answer("true"), "LMSInitialize", [""]);
    },
    LMSFinish: function (parameter) {
      return session("LMSFinish", parameter, function () {
        state = "finished";
        send("finish");
      });
    },
    LMSCommit: function (parameter) {
      return session("LMSCommit", parameter, function () { send("commit"); });
    },
    LMSGetValue: function (element) {
      element = emptyArgument(element) ? "" : String(element);
      if (state !== "running") {
        return reply(answer("", "301", "LMSGetValue before LMSInitialize, or after LMSFinish."), "LMSGetValue",
          [element]);
      }
      return reply(getValue(element), "LMSGetValue", [element]);
    },
    LMSSetValue: function (element, value) {
      element = emptyArgument(element) ? "" : String(element);
      value = value === undefined || value === null ? "" : String(value);
      if (state !== "running") {
        return reply(answer("false", "301", "LMSSetValue before LMSInitialize, or after LMSFinish."),
          "LMSSetValue", [element, value]);
      }
      var response = setValue(element, value);
      response.value = response.error === "0" ? "true" : "false";
      return reply(response, "LMSSetValue", [element, value]);
    },
    LMSGetLastError: function () {
      return lastError;
    },
    LMSGetErrorString: function (code) {
      return has(model.errors, String(code)) ? model.errors[String(code)] : "";
    },
    LMSGetDiagnostic: function (code) {
      if (emptyArgument(code) || String(code) === lastError) {
        return lastDiagnostic || (has(model.errors, lastError) ? model.errors[lastError] : "");
      }
      return has(model.errors, String(code)) ? model.errors[String(code)] : "";
    }
  };

  function leave() {
    unloading = true;
    if (state === "running") {
      send("close"); // LMSFinish never came: keep what the SCO set, and its session time
    } else if (unsent().length) {
      send("commit");
    }
  }

  window.addEventListener("pagehide", leave);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && state === "running" && unsent().length) {
      send("commit"); // a phone may never tell the page it is closing; save while we can
    }
  });

  function fit() {
    var top = frame.getBoundingClientRect().top + window.scrollY;
    frame.style.height = Math.max(480, window.innerHeight - Math.min(top, 200) - 24) + "px";
  }
  fit();
  window.addEventListener("resize", fit);
  frame.src = frame.getAttribute("data-src");
}());
