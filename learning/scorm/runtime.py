"""The SCORM 1.2 run-time data model, held on the server: elements, access rules, data types, error codes, and
what LMSFinish (or a page closed without it) does to an attempt.

One definition serves both sides. The player's ``window.API`` (``static/scorm_api.js``) receives ``MODEL`` as
JSON and applies these rules at once, because a SCO expects an answer from ``LMSSetValue`` before it goes on;
the server applies them again to every value a commit carries (``apply``), so what is stored never rests on
trusting the browser. Error strings are the protocol's own (English, read by the content, not by people).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

RO, WO, RW = "r", "w", "rw"
ERRORS = {
    "0": "No error", "101": "General exception", "201": "Invalid argument error",
    "202": "Element cannot have children", "203": "Element not an array - cannot have count",
    "301": "Not initialized", "401": "Not implemented error", "402": "Invalid set value, element is a keyword",
    "403": "Element is read only", "404": "Element is write only", "405": "Incorrect data type",
}
DECIMAL = r"-?(\d+(\.\d*)?|\.\d+)"
TYPES: dict[str, dict[str, Any]] = {
    "string255": {"max": 255},
    "string4096": {"max": 4096},
    "identifier": {"pattern": r"[\x21-\x7e]{1,255}"},  # printable, no white space
    "decimal": {"pattern": DECIMAL},
    "score": {"pattern": r"(\d+(\.\d*)?|\.\d+)", "range": [0, 100], "blank": True},
    "timespan": {"pattern": r"\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?"},
    "time": {"pattern": r"([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?"},
    "lesson_status": {"vocab": ["passed", "completed", "failed", "incomplete", "browsed"]},
    "objective_status": {"vocab": ["passed", "completed", "failed", "incomplete", "browsed", "not attempted"]},
    "exit": {"vocab": ["time-out", "suspend", "logout", ""]},
    "interaction_type": {"vocab": ["true-false", "choice", "fill-in", "matching", "performance", "likert",
                                   "sequencing", "numeric"]},
    "result": {"vocab": ["correct", "wrong", "unanticipated", "neutral"], "pattern": DECIMAL},
    "audio": {"pattern": r"-?\d+", "range": [-1, 100]},
    "speed": {"pattern": r"-?\d+", "range": [-100, 100]},
    "text": {"pattern": r"-?\d+", "range": [-1, 1]},
    "fixed": {},  # set by the LMS only
}
_SCORE = {f"{base}.{part}": (RW, "score") for base in ("cmi.core.score", "cmi.objectives.n.score")
          for part in ("raw", "min", "max")}
ELEMENTS: dict[str, tuple[str, str]] = {
    "cmi.core.student_id": (RO, "fixed"), "cmi.core.student_name": (RO, "fixed"),
    "cmi.core.lesson_location": (RW, "string255"), "cmi.core.credit": (RO, "fixed"),
    "cmi.core.lesson_status": (RW, "lesson_status"), "cmi.core.entry": (RO, "fixed"),
    "cmi.core.total_time": (RO, "fixed"), "cmi.core.lesson_mode": (RO, "fixed"),
    "cmi.core.exit": (WO, "exit"), "cmi.core.session_time": (WO, "timespan"),
    "cmi.suspend_data": (RW, "string4096"), "cmi.launch_data": (RO, "fixed"),
    "cmi.comments": (RW, "string4096"), "cmi.comments_from_lms": (RO, "fixed"),
    "cmi.objectives.n.id": (RW, "identifier"), "cmi.objectives.n.status": (RW, "objective_status"),
    "cmi.student_data.mastery_score": (RO, "fixed"), "cmi.student_data.max_time_allowed": (RO, "fixed"),
    "cmi.student_data.time_limit_action": (RO, "fixed"),
    "cmi.student_preference.audio": (RW, "audio"), "cmi.student_preference.language": (RW, "string255"),
    "cmi.student_preference.speed": (RW, "speed"), "cmi.student_preference.text": (RW, "text"),
    "cmi.interactions.n.id": (WO, "identifier"), "cmi.interactions.n.objectives.n.id": (WO, "identifier"),
    "cmi.interactions.n.time": (WO, "time"), "cmi.interactions.n.type": (WO, "interaction_type"),
    "cmi.interactions.n.correct_responses.n.pattern": (WO, "string255"),
    "cmi.interactions.n.weighting": (WO, "decimal"), "cmi.interactions.n.student_response": (WO, "string255"),
    "cmi.interactions.n.result": (WO, "result"), "cmi.interactions.n.latency": (WO, "timespan"),
    **_SCORE,
}
CHILDREN = {
    "cmi": "core,suspend_data,launch_data,comments,objectives,student_data,student_preference,interactions",
    "cmi.core": "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,"
                "exit,session_time",
    "cmi.core.score": "raw,min,max", "cmi.objectives": "id,score,status", "cmi.objectives.n.score": "raw,min,max",
    "cmi.student_data": "mastery_score,max_time_allowed,time_limit_action",
    "cmi.student_preference": "audio,language,speed,text",
    "cmi.interactions": "id,objectives,time,type,correct_responses,weighting,student_response,result,latency",
}
ARRAYS = ("cmi.objectives", "cmi.interactions", "cmi.interactions.n.objectives", "cmi.interactions.n.correct_responses")
# Names from SCORM 2004 or the wider AICC model: a SCO that asks for them is told "not implemented" (401), which
# tells whoever diagnoses it that the package speaks another version of the standard.
NOT_IMPLEMENTED = (r"cmi\.(completion_status|success_status|location|session_time|exit|progress_measure|mode|credit"
                   r"|scaled_passing_score|entry|total_time|completion_threshold|time_limit_action|max_time_allowed"
                   r"|_version|learner_id|learner_name)|cmi\.(score|learner_preference|comments_from_learner"
                   r"|comments_from_lms|student_demographics|evaluation|paths)\..*|adl\..*")
MAX_INDEX = 999  # arrays longer than this are refused (101): a SCO cannot grow an attempt without bound
MODEL = {"elements": {k: list(v) for k, v in ELEMENTS.items()}, "children": CHILDREN, "arrays": list(ARRAYS),
         "types": TYPES, "errors": ERRORS, "notImplemented": NOT_IMPLEMENTED, "maxIndex": MAX_INDEX}
_INDEX = re.compile(r"\.(\d+)(?=\.|$)")


@dataclass
class Result:
    value: str = ""
    error: str = "0"
    diagnostic: str = ""

    @property
    def ok(self) -> bool:
        return self.error == "0"


def normalise(element: str) -> str:
    """``cmi.interactions.3.objectives.0.id`` -> ``cmi.interactions.n.objectives.n.id``."""
    return _INDEX.sub(".n", element)


def valid(kind: str, value: str) -> bool:
    spec = TYPES[kind]
    if value == "" and spec.get("blank"):
        return True
    if value in spec.get("vocab", ()):
        return True
    if "pattern" in spec:
        if not re.fullmatch(spec["pattern"], value, re.ASCII):
            return False
        low, high = spec.get("range", (None, None))
        return low is None or low <= float(value) <= high
    return "max" in spec and len(value) <= spec["max"]


def count(values: dict[str, str], array: str) -> int:
    """How many entries ``array`` (e.g. ``cmi.interactions`` or ``cmi.interactions.0.objectives``) holds."""
    head, last = array + ".", -1
    for key in values:
        if key.startswith(head):
            index = key[len(head):].split(".", 1)[0]
            if index.isdigit():
                last = max(last, int(index))
    return last + 1


def _index_problem(values: dict[str, str], element: str, *, writing: bool) -> Result | None:
    """Arrays are filled in order: a SCO may write the next index, read only existing ones."""
    for match in _INDEX.finditer(element):
        array, index = element[:match.start()], int(match.group(1))
        size = count(values, array)
        if index > MAX_INDEX:
            return Result(error="101", diagnostic=f"{array} holds at most {MAX_INDEX + 1} entries.")
        if index > size or (index == size and not writing):
            return Result(error="201", diagnostic=f"{array} has {size} entries; index {index} is out of range.")
    return None


def _unknown(element: str) -> Result:
    if re.fullmatch(NOT_IMPLEMENTED, element):
        return Result(error="401", diagnostic=f"{element} is not part of the SCORM 1.2 data model (SCORM 2004 or "
                                              "AICC); this player implements SCORM 1.2.")
    return Result(error="201", diagnostic=f"{element} is not an element of the SCORM 1.2 data model.")


def _known(name: str) -> bool:
    return name in ELEMENTS or name in CHILDREN or name in ARRAYS


def get_value(values: dict[str, str], element: str) -> Result:
    """LMSGetValue: ``values`` holds the launch values and what the SCO wrote."""
    if not element:
        return Result(error="201", diagnostic="LMSGetValue needs the name of an element.")
    for keyword, error in (("._children", "202"), ("._count", "203")):
        if element.endswith(keyword):
            base = element[:-len(keyword)]
            name = normalise(base)
            if keyword == "._children" and name in CHILDREN:
                return Result(CHILDREN[name])
            if keyword == "._count" and name in ARRAYS:
                return Result(str(count(values, base)))
            if _known(name):
                return Result(error=error, diagnostic=f"{base} has no {keyword[1:]}.")
            return _unknown(base)
    name = normalise(element)
    if name not in ELEMENTS:
        return _unknown(element)
    if ELEMENTS[name][0] == WO:
        return Result(error="404", diagnostic=f"{element} is write-only.")
    return _index_problem(values, element, writing=False) or Result(values.get(element, ""))


def set_value(values: dict[str, str], element: str, value: Any) -> Result:
    """LMSSetValue: check the element, its access and its data type, then store the value in ``values``."""
    result = _set(values, element, "" if value is None else str(value))
    result.value = "true" if result.ok else "false"
    return result


def _set(values: dict[str, str], element: str, value: str) -> Result:
    if not element:
        return Result(error="201", diagnostic="LMSSetValue needs the name of an element.")
    if element.endswith(("._children", "._count")):
        base = element.rsplit("._", 1)[0]
        if _known(normalise(base)):
            return Result(error="402", diagnostic=f"{element} is a keyword and cannot be set.")
        return _unknown(base)
    name = normalise(element)
    if name not in ELEMENTS:
        return _unknown(element)
    access, kind = ELEMENTS[name]
    if access == RO:
        return Result(error="403", diagnostic=f"{element} is read-only.")
    problem = _index_problem(values, element, writing=True)
    if problem is not None:
        return problem
    if not valid(kind, value):
        return Result(error="405", diagnostic=f"{value[:50]!r} is not a valid value for {element} ({kind}).")
    values[element] = value
    return Result("true")


def apply(values: dict[str, str], pairs: Any, limit: int = 5000, *,
          setter: Callable[[dict[str, str], str, Any], Result] | None = None
          ) -> tuple[list[list[str]], list[list[str]]]:
    """Apply a commit's ``[[element, value], ...]`` in order; returns (accepted, rejected with error codes).
    ``setter`` is the data model's SetValue (SCORM 1.2's unless another is given: ``runtime2004`` passes its own)."""
    setter = setter or set_value
    accepted: list[list[str]] = []
    rejected: list[list[str]] = []
    for pair in (pairs if isinstance(pairs, list) else [])[:limit]:
        if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)
                and isinstance(pair[1], (str, int, float))):
            rejected.append([str(pair)[:200], "", "201"])
            continue
        element = pair[0][:255]
        result = setter(values, element, pair[1])
        if result.ok:
            accepted.append([element, values[element]])
        else:
            rejected.append([element, str(pair[1])[:200], result.error])
    return accepted, rejected


# --- Time -----------------------------------------------------------------------------------------------------

def centiseconds(span: str) -> int:
    """``HHHH:MM:SS.SS`` (CMITimespan) in hundredths of a second; anything else counts as nothing."""
    if not re.fullmatch(TYPES["timespan"]["pattern"], span or "", re.ASCII):
        return 0
    hours, minutes, seconds = span.split(":")
    return int(hours) * 360000 + int(minutes) * 6000 + round(float(seconds) * 100)


def timespan(total: int) -> str:
    total = min(total, 9999 * 360000 + 359999)
    hours, rest = divmod(total, 360000)
    minutes, rest = divmod(rest, 6000)
    return f"{hours:04d}:{minutes:02d}:{rest // 100:02d}.{rest % 100:02d}"


# --- Launch and the end of a session ---------------------------------------------------------------------------

DEFAULTS = {"cmi.core.lesson_status": "not attempted", "cmi.core.lesson_location": "", "cmi.core.score.raw": "",
            "cmi.core.score.min": "", "cmi.core.score.max": "", "cmi.suspend_data": "", "cmi.comments": "",
            "cmi.student_preference.audio": "0", "cmi.student_preference.language": "",
            "cmi.student_preference.speed": "0", "cmi.student_preference.text": "0"}


def launch_values(stored: dict[str, str], *, student_id: str, student_name: str, credit: bool, entry: str,
                  total_time: str, mode: str, mastery_score: float | None, launch_data: str, max_time_allowed: str,
                  time_limit_action: str) -> dict[str, str]:
    """Everything a SCO may read at launch: the LMS's read-only values, then what earlier sessions stored."""
    fixed = {"cmi.core.student_id": student_id, "cmi.core.student_name": student_name,
             "cmi.core.credit": "credit" if credit else "no-credit", "cmi.core.entry": entry,
             "cmi.core.total_time": total_time, "cmi.core.lesson_mode": mode, "cmi.launch_data": launch_data,
             "cmi.comments_from_lms": "",
             "cmi.student_data.mastery_score": "" if mastery_score is None else f"{mastery_score:g}",
             "cmi.student_data.max_time_allowed": max_time_allowed,
             "cmi.student_data.time_limit_action": time_limit_action}
    return DEFAULTS | stored | fixed


@dataclass
class SessionEnd:
    status: str
    total_time: str
    entry: str  # cmi.core.entry at the next launch
    exit: str


def end_session(values: dict[str, str], total_time: str, *, finished: bool, mastery_score: float | None,
                credit: bool) -> SessionEnd:
    """LMSFinish (``finished``), or the page closing without it: add the session time to the total, and decide
    what the next launch says. Only a real LMSFinish turns "not attempted" into "completed" and applies the
    mastery score, so a learner who opens a SCO and closes the tab at once has not completed it."""
    status = values.get("cmi.core.lesson_status", "not attempted")
    if finished:
        if status == "not attempted":
            status = "completed"
        raw = values.get("cmi.core.score.raw", "")
        if credit and mastery_score is not None and raw != "":
            status = "passed" if float(raw) >= mastery_score else "failed"
        values["cmi.core.lesson_status"] = status
    session = values.pop("cmi.core.session_time", "")
    total = timespan(centiseconds(total_time) + centiseconds(session))
    exit_mode = values.pop("cmi.core.exit", "")
    return SessionEnd(status, total, "resume" if exit_mode == "suspend" else "", exit_mode)


def score_percent(values: dict[str, str]) -> float | None:
    """The raw score as a percentage of the SCO's own range (0-100 when it gives none)."""
    raw = values.get("cmi.core.score.raw", "")
    if raw == "":
        return None
    low = float(values.get("cmi.core.score.min") or 0)
    high = float(values.get("cmi.core.score.max") or 100)
    if high <= low:
        return max(0.0, min(100.0, float(raw)))
    return round(max(0.0, min(100.0, (float(raw) - low) * 100 / (high - low))), 1)
