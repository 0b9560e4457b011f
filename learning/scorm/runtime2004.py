"""The SCORM 2004 (3rd and 4th edition) run-time data model, held on the server: elements, access, data types,
dependencies and the error codes 0-408 of the RTE book, and what ``Terminate`` does to an attempt.

As for SCORM 1.2 (``runtime``), one definition serves both sides: ``MODEL`` travels to the wrapper as JSON, where
``static/scorm2004_api.js`` answers ``API_1484_11`` at once with these rules, and the server applies them again to
every value a commit carries (``apply``), so what is stored never rests on trusting the browser. The rules that do
not fit a table (dependencies, unique objective identifiers, arrays filled in order, values "not initialized") are
written here and in the script, side by side, and tested on both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from learning.scorm import runtime
from learning.scorm.runtime import MAX_INDEX, Result, count, normalise

RO, WO, RW = "r", "w", "rw"
ERRORS = {
    "0": "No Error", "101": "General Exception", "102": "General Initialization Failure",
    "103": "Already Initialized", "104": "Content Instance Terminated", "111": "General Termination Failure",
    "112": "Termination Before Initialization", "113": "Termination After Termination",
    "122": "Retrieve Data Before Initialization", "123": "Retrieve Data After Termination",
    "132": "Store Data Before Initialization", "133": "Store Data After Termination",
    "142": "Commit Before Initialization", "143": "Commit After Termination", "201": "General Argument Error",
    "301": "General Get Failure", "351": "General Set Failure", "391": "General Commit Failure",
    "401": "Undefined Data Model Element", "402": "Unimplemented Data Model Element",
    "403": "Data Model Element Value Not Initialized", "404": "Data Model Element Is Read Only",
    "405": "Data Model Element Is Write Only", "406": "Data Model Element Type Mismatch",
    "407": "Data Model Element Value Out Of Range", "408": "Data Model Dependency Not Established",
}
REAL = r"-?(\d+(\.\d*)?|\.\d+)"
LANG = r"([a-zA-Z]{2,3}|i|x)(-[a-zA-Z0-9]{2,8})*"
TYPES: dict[str, dict[str, Any]] = {
    "string250": {"max": 250}, "string1000": {"max": 1000}, "string4000": {"max": 4000},
    "string64000": {"max": 64000},
    "localized250": {"max": 250, "lang": True}, "localized4000": {"max": 4000, "lang": True},
    "identifier": {"pattern": r"[^\s]{1,4000}"},
    "real": {"pattern": REAL}, "real01": {"pattern": REAL, "range": [0, 1]},
    "real11": {"pattern": REAL, "range": [-1, 1]}, "real0": {"pattern": REAL, "range": [0, None]},
    "time": {"pattern": r"\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{1,2})?(Z|[+-]\d{2}(:\d{2})?)?)?)?)?)?)?"},
    "timeinterval": {"pattern": r"P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?"},
    "completion": {"vocab": ["completed", "incomplete", "not attempted", "unknown"]},
    "success": {"vocab": ["passed", "failed", "unknown"]},
    "exit": {"vocab": ["time-out", "suspend", "logout", "normal", ""]},
    "interaction_type": {"vocab": ["true-false", "choice", "fill-in", "long-fill-in", "matching", "performance",
                                   "sequencing", "likert", "numeric", "other"]},
    "result": {"vocab": ["correct", "incorrect", "unanticipated", "neutral"], "pattern": REAL},
    "captioning": {"vocab": ["-1", "0", "1"]},
    "language": {"pattern": f"({LANG})?"},
    "response": {"max": 4000},  # checked further by interaction type: ``response_ok``
    "nav": {"pattern": r"_none_|continue|previous|exit|exitAll|abandon|abandonAll|suspendAll"
                       r"|\{target=[^\s{}]{1,4000}\}(choice|jump)"},
    "fixed": {},  # set by the LMS only
}
ELEMENTS: dict[str, tuple[str, str]] = {
    "cmi._version": (RO, "fixed"), "cmi.completion_status": (RW, "completion"),
    "cmi.completion_threshold": (RO, "fixed"), "cmi.credit": (RO, "fixed"), "cmi.entry": (RO, "fixed"),
    "cmi.exit": (WO, "exit"), "cmi.launch_data": (RO, "fixed"), "cmi.learner_id": (RO, "fixed"),
    "cmi.learner_name": (RO, "fixed"), "cmi.location": (RW, "string1000"), "cmi.max_time_allowed": (RO, "fixed"),
    "cmi.mode": (RO, "fixed"), "cmi.progress_measure": (RW, "real01"), "cmi.scaled_passing_score": (RO, "fixed"),
    "cmi.score.scaled": (RW, "real11"), "cmi.score.raw": (RW, "real"), "cmi.score.min": (RW, "real"),
    "cmi.score.max": (RW, "real"), "cmi.session_time": (WO, "timeinterval"), "cmi.success_status": (RW, "success"),
    "cmi.suspend_data": (RW, "string64000"), "cmi.time_limit_action": (RO, "fixed"), "cmi.total_time": (RO, "fixed"),
    "cmi.learner_preference.audio_level": (RW, "real0"), "cmi.learner_preference.language": (RW, "language"),
    "cmi.learner_preference.delivery_speed": (RW, "real0"),
    "cmi.learner_preference.audio_captioning": (RW, "captioning"),
    "cmi.comments_from_learner.n.comment": (RW, "localized4000"),
    "cmi.comments_from_learner.n.location": (RW, "string250"), "cmi.comments_from_learner.n.timestamp": (RW, "time"),
    "cmi.comments_from_lms.n.comment": (RO, "fixed"), "cmi.comments_from_lms.n.location": (RO, "fixed"),
    "cmi.comments_from_lms.n.timestamp": (RO, "fixed"),
    "cmi.objectives.n.id": (RW, "identifier"), "cmi.objectives.n.score.scaled": (RW, "real11"),
    "cmi.objectives.n.score.raw": (RW, "real"), "cmi.objectives.n.score.min": (RW, "real"),
    "cmi.objectives.n.score.max": (RW, "real"), "cmi.objectives.n.success_status": (RW, "success"),
    "cmi.objectives.n.completion_status": (RW, "completion"), "cmi.objectives.n.progress_measure": (RW, "real01"),
    "cmi.objectives.n.description": (RW, "localized250"),
    "cmi.interactions.n.id": (RW, "identifier"), "cmi.interactions.n.type": (RW, "interaction_type"),
    "cmi.interactions.n.objectives.n.id": (RW, "identifier"), "cmi.interactions.n.timestamp": (RW, "time"),
    "cmi.interactions.n.correct_responses.n.pattern": (RW, "response"), "cmi.interactions.n.weighting": (RW, "real"),
    "cmi.interactions.n.learner_response": (RW, "response"), "cmi.interactions.n.result": (RW, "result"),
    "cmi.interactions.n.latency": (RW, "timeinterval"), "cmi.interactions.n.description": (RW, "localized250"),
    "adl.nav.request": (RW, "nav"), "adl.nav.request_valid.continue": (RO, "fixed"),
    "adl.nav.request_valid.previous": (RO, "fixed"),
}
CHILDREN = {
    "cmi.score": "scaled,raw,min,max", "cmi.objectives.n.score": "scaled,raw,min,max",
    "cmi.learner_preference": "audio_level,language,delivery_speed,audio_captioning",
    "cmi.comments_from_learner": "comment,location,timestamp", "cmi.comments_from_lms": "comment,location,timestamp",
    "cmi.objectives": "id,score,success_status,completion_status,progress_measure,description",
    "cmi.interactions": "id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,"
                        "description",
    "cmi.interactions.n.objectives": "id", "cmi.interactions.n.correct_responses": "pattern",
}
ARRAYS = ("cmi.comments_from_learner", "cmi.comments_from_lms", "cmi.objectives", "cmi.interactions",
          "cmi.interactions.n.objectives", "cmi.interactions.n.correct_responses")
# Elements without a default: reading them before anything set them is error 403.
UNSET = ("cmi.location", "cmi.suspend_data", "cmi.progress_measure", "cmi.score.scaled", "cmi.score.raw",
         "cmi.score.min", "cmi.score.max", "cmi.completion_threshold", "cmi.scaled_passing_score",
         "cmi.max_time_allowed", "cmi.launch_data", "cmi.objectives.n.score.scaled", "cmi.objectives.n.score.raw",
         "cmi.objectives.n.score.min", "cmi.objectives.n.score.max", "cmi.objectives.n.progress_measure",
         "cmi.objectives.n.description", "cmi.interactions.n.type", "cmi.interactions.n.timestamp",
         "cmi.interactions.n.weighting", "cmi.interactions.n.learner_response", "cmi.interactions.n.result",
         "cmi.interactions.n.latency", "cmi.interactions.n.description", "cmi.comments_from_learner.n.comment",
         "cmi.comments_from_learner.n.location", "cmi.comments_from_learner.n.timestamp")
# The element whose value must be set before these may be (408): the owner's identifier, or the interaction type.
NEEDS = {r"(cmi\.objectives\.\d+)\.(?!id$).+": "{0}.id",
         r"(cmi\.interactions\.\d+)\.(?!id$)(?!correct_responses|learner_response).+": "{0}.id",
         r"(cmi\.interactions\.\d+)\.(correct_responses\.\d+\.pattern|learner_response)": "{0}.type"}
CHOICE_VALID = r"adl\.nav\.request_valid\.(choice|jump)\.\{target=([^\s{}]+)\}"
SUSPEND_DATA_MAX = 64000
MODEL = {"elements": {k: list(v) for k, v in ELEMENTS.items()}, "children": CHILDREN, "arrays": list(ARRAYS),
         "types": TYPES, "errors": ERRORS, "unset": list(UNSET), "needs": NEEDS, "maxIndex": MAX_INDEX,
         "choiceValid": CHOICE_VALID, "version": "2004"}
_INDEX = re.compile(r"\.(\d+)(?=\.|$)")


def type_problem(kind: str, value: str) -> str:
    """"" when ``value`` fits ``kind``; else the error code: 406 (type mismatch) or 407 (out of range)."""
    spec = TYPES[kind]
    if value in spec.get("vocab", ()):
        return ""
    if spec.get("lang"):
        match = re.match(r"\{lang=(" + LANG + r")?\}", value)
        value = value[match.end():] if match else value
    if "pattern" in spec:
        if not re.fullmatch(spec["pattern"], value, re.ASCII):
            return "406"
        low, high = spec.get("range", (None, None))
        if (low is not None and float(value) < low) or (high is not None and float(value) > high):
            return "407"
        return ""
    if "max" in spec:
        return "" if len(value) <= spec["max"] else "406"
    return "406"


def response_ok(kind: str, value: str) -> bool:
    """A learner response or correct-response pattern in the format of the interaction's type (RTE 4.2.9)."""
    if kind == "true-false":
        return value in ("true", "false")
    if kind == "choice":
        return value == "" or all(re.fullmatch(r"[^\s]{1,250}", part) for part in value.split("[,]"))
    if kind == "numeric":
        return bool(re.fullmatch(f"({REAL})?(\\[:\\]({REAL})?)?", value, re.ASCII))
    if kind == "likert":
        return bool(re.fullmatch(r"[^\s]{0,250}", value))
    return len(value) <= 4000


def _index_problem(values: dict[str, str], element: str, *, writing: bool) -> Result | None:
    for match in _INDEX.finditer(element):
        array, index = element[:match.start()], int(match.group(1))
        size = count(values, array)
        if index > MAX_INDEX:
            return Result(error="351" if writing else "301", diagnostic=f"{array} holds at most {MAX_INDEX + 1} "
                                                                         "entries.")
        if index > size or (index == size and not writing):
            return Result(error="351" if writing else "301",
                          diagnostic=f"{array} has {size} entries; index {index} is out of range.")
    return None


def _known(name: str) -> bool:
    return name in ELEMENTS or name in CHILDREN or name in ARRAYS


def evaluated(values: dict[str, str], element: str) -> str:
    """``cmi.completion_status`` and ``cmi.success_status`` as the LMS reports them: decided by the completion
    threshold and the scaled passing score when the package gives them (RTE 4.2.4.1, 4.2.22.1)."""
    if element == "cmi.completion_status" and values.get("cmi.completion_threshold", "") != "":
        progress = values.get("cmi.progress_measure", "")
        if progress == "":
            return "unknown"
        return "completed" if float(progress) >= float(values["cmi.completion_threshold"]) else "incomplete"
    if element == "cmi.success_status" and values.get("cmi.scaled_passing_score", "") != "":
        scaled = values.get("cmi.score.scaled", "")
        if scaled == "":
            return "unknown"
        return "passed" if float(scaled) >= float(values["cmi.scaled_passing_score"]) else "failed"
    return values.get(element, "unknown")


def get_value(values: dict[str, str], element: str) -> Result:
    """GetValue: ``values`` holds the launch values and what the SCO set."""
    if not element:
        return Result(error="301", diagnostic="GetValue needs the name of an element.")
    for keyword in ("._children", "._count"):
        if element.endswith(keyword):
            base = element[:-len(keyword)]
            name = normalise(base)
            if keyword == "._children" and name in CHILDREN:
                return Result(CHILDREN[name])
            if keyword == "._count" and name in ARRAYS:
                return Result(str(count(values, base)))
            if _known(name):
                return Result(error="301", diagnostic=f"{base} has no {keyword[1:]}.")
            return Result(error="401", diagnostic=f"{base} is not an element of the SCORM 2004 data model.")
    if re.fullmatch(CHOICE_VALID, element):
        return Result(values.get(element, "unknown"))
    name = normalise(element)
    if name not in ELEMENTS:
        return Result(error="401", diagnostic=f"{element} is not an element of the SCORM 2004 data model.")
    if ELEMENTS[name][0] == WO:
        return Result(error="405", diagnostic=f"{element} is write-only.")
    problem = _index_problem(values, element, writing=False)
    if problem is not None:
        return problem
    if element in ("cmi.completion_status", "cmi.success_status"):
        return Result(evaluated(values, element))
    if name in UNSET and element not in values:
        return Result(error="403", diagnostic=f"{element} has no value yet.")
    return Result(values.get(element, ""))


def set_value(values: dict[str, str], element: str, value: Any) -> Result:
    """SetValue: check the element, its access, its dependencies and its data type, then store it in ``values``."""
    result = _set(values, element, "" if value is None else str(value))
    result.value = "true" if result.ok else "false"
    return result


def _set(values: dict[str, str], element: str, value: str) -> Result:
    if not element:
        return Result(error="351", diagnostic="SetValue needs the name of an element.")
    if element.endswith(("._children", "._count", "._version")) or re.fullmatch(CHOICE_VALID, element):
        base = element.rsplit("._", 1)[0]
        if _known(normalise(base)) or element == "cmi._version" or element.startswith("adl.nav.request_valid"):
            return Result(error="404", diagnostic=f"{element} is a keyword and cannot be set.")
        return Result(error="401", diagnostic=f"{base} is not an element of the SCORM 2004 data model.")
    name = normalise(element)
    if name not in ELEMENTS:
        return Result(error="401", diagnostic=f"{element} is not an element of the SCORM 2004 data model.")
    access, kind = ELEMENTS[name]
    if access == RO:
        return Result(error="404", diagnostic=f"{element} is read-only.")
    problem = _index_problem(values, element, writing=True)
    if problem is not None:
        return problem
    for pattern, needed in NEEDS.items():
        match = re.fullmatch(pattern, element)
        if match and values.get(needed.format(match.group(1)), "") == "":
            return Result(error="408", diagnostic=f"{needed.format(match.group(1))} must be set before {element}.")
    error = type_problem(kind, value)
    if error:
        return Result(error=error, diagnostic=f"{value[:50]!r} is not a valid value for {element} ({kind}).")
    if kind == "response":
        owner = element.split(".correct_responses")[0].split(".learner_response")[0]
        if not response_ok(values.get(owner + ".type", ""), value):
            return Result(error="406", diagnostic=f"{value[:50]!r} is not a response of type "
                                                  f"{values.get(owner + '.type')}.")
    if re.fullmatch(r"cmi\.objectives\.\d+\.id", element):
        if values.get(element, value) != value:
            return Result(error="351", diagnostic=f"{element} is set already; an objective keeps its identifier.")
        others = [k for k, v in values.items() if re.fullmatch(r"cmi\.objectives\.\d+\.id", k) and k != element]
        if any(values[k] == value for k in others):
            return Result(error="351", diagnostic=f"Another objective has the identifier {value[:50]!r}.")
    values[element] = value
    return Result("true")


def apply(values: dict[str, str], pairs: Any, limit: int = 5000) -> tuple[list[list[str]], list[list[str]]]:
    """Apply a commit's ``[[element, value], ...]`` in order with the 2004 rules (``runtime.apply``)."""
    return runtime.apply(values, pairs, limit, setter=set_value)


# --- Time (ISO 8601 durations) ----------------------------------------------------------------------------------

def centiseconds(span: str) -> int:
    """A ``timeinterval`` (``PT1H2M3.5S``) in hundredths of a second; anything else counts as nothing. Years and
    months count as 365 and 30 days (the RTE leaves them to the LMS)."""
    match = re.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,2})?)S)?)?",
                         span or "")
    if not match or span in ("P", "PT"):
        return 0
    years, months, days, hours, minutes = (int(x or 0) for x in match.groups()[:5])
    seconds = float(match.group(6) or 0)
    return round((((years * 365 + months * 30 + days) * 24 + hours) * 60 + minutes) * 6000 + seconds * 100)


def interval(total: int) -> str:
    hours, rest = divmod(max(0, total), 360000)
    minutes, rest = divmod(rest, 6000)
    return f"PT{hours}H{minutes}M{rest // 100}.{rest % 100:02d}S"


# --- Launch and the end of a session ---------------------------------------------------------------------------

DEFAULTS = {"cmi.completion_status": "unknown", "cmi.success_status": "unknown",
            "cmi.learner_preference.audio_level": "1", "cmi.learner_preference.language": "",
            "cmi.learner_preference.delivery_speed": "1", "cmi.learner_preference.audio_captioning": "0",
            "adl.nav.request": "_none_"}


def launch_values(stored: dict[str, str], *, learner_id: str, learner_name: str, credit: bool, entry: str,
                  total_time: str, mode: str, definition: dict[str, Any], navigation: dict[str, str]
                  ) -> dict[str, str]:
    """Everything a SCO may read at launch: the LMS's read-only values (with the activity's completion threshold
    and scaled passing score from the manifest), what earlier sessions of this attempt stored, and which
    navigation requests the sequencer would accept now (``adl.nav.request_valid.*``)."""
    fixed = {"cmi._version": "1.0", "cmi.learner_id": learner_id, "cmi.learner_name": learner_name,
             "cmi.credit": "credit" if credit else "no-credit", "cmi.entry": entry, "cmi.total_time": total_time,
             "cmi.mode": mode, "adl.nav.request": "_none_", **navigation}
    for key, source in (("cmi.completion_threshold", "completionThreshold"),
                        ("cmi.scaled_passing_score", "passingScore")):
        if definition.get(source) is not None:
            fixed[key] = f"{definition[source]:g}"
    for key, source in (("cmi.launch_data", "launchData"), ("cmi.max_time_allowed", "maxTimeAllowed"),
                        ("cmi.time_limit_action", "timeLimitAction")):
        if definition.get(source):
            fixed[key] = definition[source]
    fixed.setdefault("cmi.time_limit_action", "continue,no message")
    return DEFAULTS | stored | fixed


@dataclass
class SessionEnd:
    completion: str
    success: str
    total_time: str
    entry: str  # cmi.entry at the next launch of this attempt
    exit: str
    request: str  # adl.nav.request at Terminate


def end_session(values: dict[str, str], total_time: str, *, finished: bool) -> SessionEnd:
    """Terminate (``finished``), or the page closing without it: add the session time, decide the statuses as the
    LMS reports them, and keep the navigation request for the sequencer. The read-only launch values are not
    stored with the attempt (they are given again at each launch)."""
    completion, success = evaluated(values, "cmi.completion_status"), evaluated(values, "cmi.success_status")
    session = values.pop("cmi.session_time", "")
    total = interval(centiseconds(total_time) + centiseconds(session))
    exit_mode = values.pop("cmi.exit", "")
    request = values.pop("adl.nav.request", "_none_") if finished else "_none_"
    values.pop("adl.nav.request", None)
    return SessionEnd(completion, success, total, "resume" if exit_mode == "suspend" else "", exit_mode,
                      request)


def summary_status(completion: str, success: str) -> str:
    """One word for the pages that show an item's state (the 1.2 vocabulary they already label)."""
    if success in ("passed", "failed"):
        return success
    return {"completed": "completed", "incomplete": "incomplete", "unknown": "incomplete"}.get(completion,
                                                                                                "not attempted")
