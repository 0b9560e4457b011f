/*
 * The SCORM 2004 data model's rules in the browser, for the wrapper's window.API_1484_11 (scorm_api.js). The model
 * (elements, access, types, dependencies, error codes) comes from the server (learning/scorm/runtime2004.py,
 * MODEL), which applies the same rules again to every value before anything is stored: this copy only answers
 * the SCO at once. Each function here has its namesake in runtime2004.py.
 */
(function () {
  "use strict";

  window.Scorm2004Model = function (model) {
    var INDEX = /\.(\d+)(?=\.|$)/g;
    var patterns = {};
    Object.keys(model.types).forEach(function (kind) {
      if (model.types[kind].pattern) {
        patterns[kind] = new RegExp("^(?:" + model.types[kind].pattern + ")$");
      }
    });
    var choiceValid = new RegExp("^" + model.choiceValid + "$");
    var needs = Object.keys(model.needs).map(function (pattern) {
      return [new RegExp("^" + pattern + "$"), model.needs[pattern]];
    });

    function has(object, key) {
      return Object.prototype.hasOwnProperty.call(object, key);
    }

    function answer(value, error, diagnostic) {
      return { value: value, error: error || "0", diagnostic: diagnostic || "" };
    }

    function normalise(element) {
      return element.replace(INDEX, ".n");
    }

    function known(name) {
      return has(model.elements, name) || has(model.children, name) || model.arrays.indexOf(name) >= 0;
    }

    function count(values, array) {
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

    function typeProblem(kind, value) {
      var spec = model.types[kind];
      if (spec.vocab && spec.vocab.indexOf(value) >= 0) {
        return "";
      }
      if (spec.lang) {
        value = value.replace(/^\{lang=([a-zA-Z]{2,3}|i|x)?(-[a-zA-Z0-9]{2,8})*\}/, "");
      }
      if (spec.pattern) {
        if (!patterns[kind].test(value)) {
          return "406";
        }
        var number = parseFloat(value);
        if (spec.range && ((spec.range[0] !== null && number < spec.range[0]) ||
            (spec.range[1] !== null && number > spec.range[1]))) {
          return "407";
        }
        return "";
      }
      if (spec.max !== undefined) {
        return Array.from(value).length <= spec.max ? "" : "406";
      }
      return "406";
    }

    function responseOk(kind, value) {
      if (kind === "true-false") {
        return value === "true" || value === "false";
      }
      if (kind === "choice") {
        return value === "" || value.split("[,]").every(function (part) { return /^\S{1,250}$/.test(part); });
      }
      if (kind === "numeric") {
        var real = "-?(\\d+(\\.\\d*)?|\\.\\d+)";
        return new RegExp("^(" + real + ")?(\\[:\\](" + real + ")?)?$").test(value);
      }
      if (kind === "likert") {
        return /^\S{0,250}$/.test(value);
      }
      return Array.from(value).length <= 4000;
    }

    function indexProblem(values, element, writing) {
      var pattern = /\.(\d+)(?=\.|$)/g;
      var match;
      while ((match = pattern.exec(element)) !== null) {
        var array = element.slice(0, match.index);
        var index = parseInt(match[1], 10);
        var size = count(values, array);
        var code = writing ? "351" : "301";
        if (index > model.maxIndex) {
          return answer("", code, array + " holds at most " + (model.maxIndex + 1) + " entries.");
        }
        if (index > size || (index === size && !writing)) {
          return answer("", code, array + " has " + size + " entries; index " + index + " is out of range.");
        }
      }
      return null;
    }

    function evaluated(values, element) {
      if (element === "cmi.completion_status" && (values["cmi.completion_threshold"] || "") !== "") {
        if ((values["cmi.progress_measure"] || "") === "") {
          return "unknown";
        }
        return parseFloat(values["cmi.progress_measure"]) >= parseFloat(values["cmi.completion_threshold"]) ?
          "completed" : "incomplete";
      }
      if (element === "cmi.success_status" && (values["cmi.scaled_passing_score"] || "") !== "") {
        if ((values["cmi.score.scaled"] || "") === "") {
          return "unknown";
        }
        return parseFloat(values["cmi.score.scaled"]) >= parseFloat(values["cmi.scaled_passing_score"]) ?
          "passed" : "failed";
      }
      return has(values, element) ? values[element] : "unknown";
    }

    function getValue(values, element) {
      if (!element) {
        return answer("", "301", "GetValue needs the name of an element.");
      }
      var keywords = ["._children", "._count"];
      for (var i = 0; i < keywords.length; i++) {
        var keyword = keywords[i];
        if (element.length > keyword.length && element.slice(-keyword.length) === keyword) {
          var base = element.slice(0, -keyword.length);
          var baseName = normalise(base);
          if (keyword === "._children" && has(model.children, baseName)) {
            return answer(model.children[baseName]);
          }
          if (keyword === "._count" && model.arrays.indexOf(baseName) >= 0) {
            return answer(String(count(values, base)));
          }
          return known(baseName) ? answer("", "301", base + " has no " + keyword.slice(1) + ".") :
            answer("", "401", base + " is not an element of the SCORM 2004 data model.");
        }
      }
      if (choiceValid.test(element)) {
        return answer(has(values, element) ? values[element] : "unknown");
      }
      var name = normalise(element);
      if (!has(model.elements, name)) {
        return answer("", "401", element + " is not an element of the SCORM 2004 data model.");
      }
      if (model.elements[name][0] === "w") {
        return answer("", "405", element + " is write-only.");
      }
      var problem = indexProblem(values, element, false);
      if (problem) {
        return problem;
      }
      if (element === "cmi.completion_status" || element === "cmi.success_status") {
        return answer(evaluated(values, element));
      }
      if (model.unset.indexOf(name) >= 0 && !has(values, element)) {
        return answer("", "403", element + " has no value yet.");
      }
      return answer(has(values, element) ? values[element] : "");
    }

    function setValue(values, element, value) {
      if (!element) {
        return answer("false", "351", "SetValue needs the name of an element.");
      }
      if (/\._(children|count|version)$/.test(element) || choiceValid.test(element)) {
        var base = element.replace(/\._(children|count|version)$/, "");
        if (known(normalise(base)) || element === "cmi._version" || element.indexOf("adl.nav.request_valid") === 0) {
          return answer("false", "404", element + " is a keyword and cannot be set.");
        }
        return answer("false", "401", base + " is not an element of the SCORM 2004 data model.");
      }
      var name = normalise(element);
      if (!has(model.elements, name)) {
        return answer("false", "401", element + " is not an element of the SCORM 2004 data model.");
      }
      var rule = model.elements[name];
      if (rule[0] === "r") {
        return answer("false", "404", element + " is read-only.");
      }
      var problem = indexProblem(values, element, true);
      if (problem) {
        return problem;
      }
      for (var i = 0; i < needs.length; i++) {
        var match = needs[i][0].exec(element);
        if (match) {
          var needed = needs[i][1].replace("{0}", match[1]);
          if ((values[needed] || "") === "") {
            return answer("false", "408", needed + " must be set before " + element + ".");
          }
        }
      }
      var error = typeProblem(rule[1], value);
      if (error) {
        return answer("false", error, JSON.stringify(value.slice(0, 50)) + " is not a valid value for " + element +
          " (" + rule[1] + ").");
      }
      if (rule[1] === "response") {
        var owner = element.split(".correct_responses")[0].split(".learner_response")[0];
        if (!responseOk(values[owner + ".type"] || "", value)) {
          return answer("false", "406", JSON.stringify(value.slice(0, 50)) + " is not a response of type " +
            values[owner + ".type"] + ".");
        }
      }
      if (/^cmi\.objectives\.\d+\.id$/.test(element)) {
        if (has(values, element) && values[element] !== value) {
          return answer("false", "351", element + " is set already; an objective keeps its identifier.");
        }
        var taken = Object.keys(values).some(function (key) {
          return key !== element && /^cmi\.objectives\.\d+\.id$/.test(key) && values[key] === value;
        });
        if (taken) {
          return answer("false", "351", "Another objective has the identifier " + JSON.stringify(value) + ".");
        }
      }
      values[element] = value;
      return answer("true");
    }

    return { getValue: getValue, setValue: setValue };
  };
}());
