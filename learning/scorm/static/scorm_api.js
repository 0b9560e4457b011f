/*
 * The SCORM run-time API, in the wrapper page on the content origin: window.API (SCORM 1.2) or window.API_1484_11
 * (SCORM 2004, its data model's rules in scorm2004_api.js), found by the SCO (framed here, same origin) through
 * window.parent. Both share the journal below.
 *
 * The data model (elements, access, data types, error codes) comes from the server with the page
 * (learning/scorm/runtime.py, MODEL), so both sides apply one definition: here to answer the SCO at once,
 * on the server again before anything is stored.
 *
 * The journal never loses a value. Every value the SCO sets is numbered within this page load (the session);
 * LMSCommit, LMSFinish and the page closing turn the values not yet sent into an entry of an outbox kept in this
 * origin's local storage, and entries leave it only when the server has acknowledged them, in order. The server
 * stores each value once, whatever is delivered twice. While the page lives the outbox goes by fetch (any size)
 * and is retried until the connection returns; as the page closes, a beacon carries what fits in the browser's
 * 64 KiB, and the next launch delivers the rest before the SCO starts. The lesson page (application origin) is
 * told by postMessage which state to show: "saved" only once the server has acknowledged the last entry.
 */
(function () {
  "use strict";

  var configNode = document.getElementById("scorm-config");
  var frame = document.getElementById("sco-frame");
  if (!configNode || !frame) {
    return;
  }
  var config = JSON.parse(configNode.textContent);
  var model = config.model;
  var started = Date.now();
  var values = Object.assign({}, config.values);
  var state = "new"; // new -> running -> finished
  var lastError = "0";
  var lastDiagnostic = "";
  var page = Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
  var seq = 0;
  var pending = []; // values set since the last entry was made: [[element, value], ...]
  var numbered = 0; // how many of this session's values are in entries
  var calls = [];
  var dropped = 0;
  var MAX_CALLS = 1000;
  var BEACON_LIMIT = 60000; // browsers carry at most 64 KiB of keepalive requests and beacons
  var KEY = "scorm-outbox:";
  var outbox = [];
  var inFlight = 0; // entries at the head of the outbox in the request under way
  var retryDelay = 1000;
  var retryTimer = null;
  var memoryOnly = false;
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
    pending.push([element, value]);
    return answer("true");
  }

  function tell(message) {
    if (config.appOrigin && window.parent !== window) {
      window.parent.postMessage(message, config.appOrigin);
    }
  }

  function report(kind, status) {
    tell({ type: "scorm:state", state: kind, status: status || "" });
  }

  // --- The outbox -------------------------------------------------------------------------------------------

  // The outbox lives in this origin's local storage. Where the browser refuses storage to a framed site (private
  // windows, blocked third-party storage), the lesson page keeps a copy for this attempt instead: it receives the
  // entries as text, stores them, and hands them back at the next launch, evaluating nothing.
  var storage = null;
  try {
    window.localStorage.getItem(KEY);
    storage = window.localStorage;
  } catch (error) {
    storage = null;
  }

  function parse(text) {
    try {
      var entries = JSON.parse(text || "[]");
      return Array.isArray(entries) ? entries : [];
    } catch (error) {
      return [];
    }
  }

  function load(key) {
    return storage ? parse(storage.getItem(key)) : [];
  }

  function save() {
    if (!config.attempt) {
      return;
    }
    var text = JSON.stringify(outbox);
    if (storage && !memoryOnly) {
      try {
        if (outbox.length) {
          storage.setItem(KEY + config.attempt, text);
        } else {
          storage.removeItem(KEY + config.attempt);
        }
        return;
      } catch (error) {
        memoryOnly = true; // storage full: the lesson page keeps the copy
      }
    }
    tell({ type: "scorm:store", entries: text });
  }

  function stronger(kind, other) {
    var rank = { commit: 0, close: 1, finish: 2 };
    return rank[other] > rank[kind] ? other : kind;
  }

  function enqueue(kind) {
    if (!config.commitUrl) {
      pending = [];
      calls = [];
      return;
    }
    if (kind === "commit" && !pending.length && !calls.length) {
      return;
    }
    seq += 1;
    var entry = { url: config.commitUrl, kind: kind, page: page, seq: seq, start: numbered, values: pending,
      calls: calls, dropped: dropped };
    numbered += pending.length;
    pending = [];
    calls = [];
    dropped = 0;
    var last = outbox.length > inFlight ? outbox[outbox.length - 1] : null;
    if (last && last.page === page && last.start + last.values.length === entry.start) {
      last.values = last.values.concat(entry.values);
      last.calls = last.calls.concat(entry.calls);
      last.dropped += entry.dropped;
      last.kind = stronger(last.kind, kind);
      last.seq = entry.seq;
    } else {
      outbox.push(entry);
    }
    save();
  }

  function body(entries) {
    return JSON.stringify({ entries: entries.map(function (entry) {
      return { kind: entry.kind, page: entry.page, seq: entry.seq, start: entry.start, values: entry.values,
        calls: entry.calls, dropped: entry.dropped };
    }) });
  }

  function deliver(url, entries) {
    return fetch(url, { method: "POST", body: body(entries), credentials: "omit",
      headers: { "Content-Type": "application/json" } }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (!response.ok && response.status !== 409) {
          throw new Error("HTTP " + response.status);
        }
        return answer;
      });
    });
  }

  function retryLater() {
    if (retryTimer === null) {
      retryTimer = window.setTimeout(function () {
        retryTimer = null;
        flush();
      }, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 15000);
    }
  }

  function flush() {
    if (inFlight || !outbox.length) {
      return;
    }
    var batch = outbox.slice();
    inFlight = batch.length;
    deliver(batch[0].url, batch).then(function (answer) {
      var acked = Math.max(0, Math.min(inFlight, answer.acked || 0));
      var finished = batch.slice(0, acked).some(function (entry) { return entry.kind === "finish"; });
      outbox = outbox.slice(acked);
      inFlight = 0;
      save();
      if (!acked) {
        throw new Error("not stored");
      }
      retryDelay = 1000;
      if (outbox.length) {
        flush();
      } else {
        report(finished || state === "finished" ? "finished" : "saved", answer.lesson_status);
      }
    }).catch(function () {
      inFlight = 0;
      report(state === "finished" ? "finishPending" : "pending");
      retryLater();
    });
  }

  function fitting(entries, limit) {
    // The longest prefix of the outbox that a beacon may carry; an entry cut short becomes a commit (the session
    // ends only when the rest arrives, from the outbox at the next launch).
    var chosen = [];
    for (var i = 0; i < entries.length; i++) {
      var entry = entries[i];
      if (new Blob([body(chosen.concat([entry]))]).size <= limit) {
        chosen.push(entry);
        continue;
      }
      var low = 0;
      var high = entry.values.length;
      while (low < high) {
        var middle = Math.ceil((low + high) / 2);
        var part = Object.assign({}, entry, { kind: "commit", values: entry.values.slice(0, middle), calls: [] });
        if (new Blob([body(chosen.concat([part]))]).size <= limit) {
          low = middle;
        } else {
          high = middle - 1;
        }
      }
      if (low) {
        chosen.push(Object.assign({}, entry, { kind: "commit", values: entry.values.slice(0, low), calls: [] }));
      }
      break;
    }
    return chosen;
  }

  function beacon() {
    if (!outbox.length) {
      return;
    }
    var entries = fitting(outbox, BEACON_LIMIT);
    if (!entries.length) {
      return;
    }
    var data = new Blob([body(entries)], { type: "text/plain" });
    if (!(navigator.sendBeacon && navigator.sendBeacon(outbox[0].url, data))) {
      fetch(outbox[0].url, { method: "POST", body: data, credentials: "omit", keepalive: true }).catch(function () {});
    }
  }

  function send(kind) {
    enqueue(kind);
    flush();
  }

  function replayOthers(others) {
    // Outboxes of other attempts (another SCO, an earlier visit) left in this browser: deliver them too.
    others.forEach(function (other) {
      var key = other[0];
      var entries = other[1];
      if (!entries.length) {
        return;
      }
      deliver(entries[0].url, entries).then(function (answer) {
        if ((answer.acked || 0) < entries.length) {
          return;
        }
        if (storage) {
          storage.removeItem(key);
        } else {
          tell({ type: "scorm:delivered", key: key });
        }
      }).catch(function () {});
    });
  }

  function storedOthers() {
    var others = [];
    try {
      for (var i = 0; i < storage.length; i++) {
        var key = storage.key(i);
        if (key && key.indexOf(KEY) === 0 && key !== KEY + config.attempt) {
          others.push([key, load(key)]);
        }
      }
    } catch (error) {
      return [];
    }
    return others;
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

  function errorString(code) {
    return has(model.errors, String(code)) ? model.errors[String(code)] : "";
  }

  function diagnostic(code) {
    // The last call's own explanation when asked about its error (or about nothing); else the error's name.
    if (emptyArgument(code) || String(code) === lastError) {
      return lastDiagnostic || errorString(lastError);
    }
    return errorString(code);
  }

  function api2004() {
    // SCORM 2004's API_1484_11: the same journal, the 2004 data model's rules (scorm2004_api.js) and its
    // session error codes (RTE 3.1.7).
    var rules = window.Scorm2004Model(model);
    var codes = { Terminate: ["112", "113"], Commit: ["142", "143"], GetValue: ["122", "123"],
      SetValue: ["132", "133"] };

    function closed(name, args) {
      if (state === "running") {
        return null;
      }
      var value = name === "GetValue" ? "" : "false";
      return reply(answer(value, codes[name][state === "new" ? 0 : 1], name + (state === "new" ?
        " before Initialize." : " after Terminate.")), name, args);
    }

    function ending(name, parameter, action) {
      if (!emptyArgument(parameter)) {
        return reply(answer("false", "201", name + " takes an empty string."), name, [String(parameter)]);
      }
      var refused = closed(name, [""]);
      if (refused !== null) {
        return refused;
      }
      var result = reply(answer("true"), name, [""]);
      action();
      return result;
    }

    return {
      Initialize: function (parameter) {
        if (!emptyArgument(parameter)) {
          return reply(answer("false", "201", "Initialize takes an empty string."), "Initialize",
            [String(parameter)]);
        }
        if (state !== "new") {
          return reply(answer("false", state === "running" ? "103" : "104", state === "running" ?
            "Initialize was already called." : "Terminate was called: the session is over."), "Initialize", [""]);
        }
        state = "running";
        return reply(answer("true"), "Initialize", [""]);
      },
      Terminate: function (parameter) {
        return ending("Terminate", parameter, function () {
          state = "finished";
          send("finish");
        });
      },
      Commit: function (parameter) {
        return ending("Commit", parameter, function () { send("commit"); });
      },
      GetValue: function (element) {
        element = emptyArgument(element) ? "" : String(element);
        var refused = closed("GetValue", [element]);
        return refused !== null ? refused : reply(rules.getValue(values, element), "GetValue", [element]);
      },
      SetValue: function (element, value) {
        element = emptyArgument(element) ? "" : String(element);
        value = value === undefined || value === null ? "" : String(value);
        var refused = closed("SetValue", [element, value]);
        if (refused !== null) {
          return refused;
        }
        var response = rules.setValue(values, element, value);
        if (response.error === "0") {
          pending.push([element, value]);
        }
        return reply(response, "SetValue", [element, value]);
      },
      GetLastError: function () {
        return lastError;
      },
      GetErrorString: errorString,
      GetDiagnostic: diagnostic
    };
  }

  var api12 = {
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
    LMSGetErrorString: errorString,
    LMSGetDiagnostic: diagnostic
  };

  if (config.standard === "2004") {
    window.API_1484_11 = api2004();
  } else {
    window.API = api12;
  }

  function leave() {
    if (state === "running") {
      enqueue("close"); // LMSFinish never came: keep what the SCO set, and its session time
    } else {
      enqueue("commit");
    }
    beacon();
  }

  window.addEventListener("pagehide", leave);
  window.addEventListener("online", function () {
    retryDelay = 1000;
    flush();
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && state === "running" && pending.length) {
      send("commit"); // a phone may never tell the page it is closing; save while we can
    }
  });

  function start() {
    frame.src = frame.getAttribute("data-src");
  }

  function boot(earlierEntries, others) {
    outbox = earlierEntries.concat(outbox);
    replayOthers(others);
    if (!outbox.length) {
      start();
      return;
    }
    // Entries of an earlier visit that never reached the server: deliver them first, then launch again from what
    // the server stores. Without a connection the SCO starts from them, and they leave first when it returns.
    report("replaying");
    var earlier = outbox.slice();
    inFlight = earlier.length;
    deliver(earlier[0].url, earlier).then(function (answer) {
      inFlight = 0;
      if ((answer.acked || 0) < earlier.length) {
        throw new Error("not stored");
      }
      outbox = outbox.slice(earlier.length);
      save();
      tell({ type: "scorm:replayed" });
    }).catch(function () {
      inFlight = 0;
      earlier.forEach(function (entry) {
        (entry.values || []).forEach(function (pair) {
          values[pair[0]] = pair[1];
        });
      });
      report("pending");
      retryLater();
      start();
    });
  }

  if (!config.attempt) {
    start();
  } else if (storage) {
    boot(load(KEY + config.attempt), storedOthers());
  } else {
    var booted = false;
    var asked = 0;
    var asking = window.setInterval(function () {
      asked += 1;
      if (booted) {
        window.clearInterval(asking);
      } else if (asked > 12) { // 3 seconds without an answer: start without an earlier outbox
        window.clearInterval(asking);
        booted = true;
        boot([], []);
      } else {
        tell({ type: "scorm:outbox?" }); // again: the lesson page's script may not have been listening yet
      }
    }, 250);
    window.addEventListener("message", function (event) {
      var data = event.data;
      if (booted || event.origin !== config.appOrigin || event.source !== window.parent || !data ||
          data.type !== "scorm:outbox") {
        return;
      }
      booted = true;
      window.clearInterval(asking);
      var others = Array.isArray(data.others) ? data.others.filter(function (other) {
        return Array.isArray(other) && typeof other[0] === "string" && typeof other[1] === "string";
      }).map(function (other) { return [other[0], parse(other[1])]; }) : [];
      boot(parse(typeof data.current === "string" ? data.current : "[]"), others);
    });
    tell({ type: "scorm:outbox?" });
  }
}());
