"""The sequencing definition of a SCORM 2004 manifest (IMS Simple Sequencing with the ADL extensions), read into
plain JSON that ``PackageVersion.sequencing`` stores and ``learning.scorm.sequencing`` runs.

``{"root": id, "activities": {id: {...}}}``: one activity per item of the default organisation, the organisation
itself being the root. Each activity has its ``parent`` and ``children``, ``leaf`` (it launches a resource),
``control`` (choice, choiceExit, flow, forwardOnly), ``pre``/``post``/``exit`` sequencing rules, ``attemptLimit``,
``rollup`` (whether it counts for its parent's satisfaction and completion, its measure weight, its rollup rules),
``objectives`` (the primary one first; each with its ``maps`` to global objectives), ``tracked``,
``completionByContent``/``objectiveByContent`` (when false, ending an attempt the content left unknown counts
as completed/satisfied), ``completionThreshold`` and ``passingScore`` (the primary objective's minimum normalised
measure, when it is satisfied by measure). A ``<imsss:sequencing IDRef>`` takes the collection's definition and
adds the item's own. Unknown or malformed values fall back to the specification's defaults; what cannot run
at all is refused.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from common.i18n import lazy_gettext as _l
from learning.scorm.formats import refuse
from learning.scorm.manifest_xml import attribute_of, child_of, children_of, local_name, text_of

PRE_ACTIONS = ("skip", "disabled", "hiddenFromChoice", "stopForwardTraversal")
POST_ACTIONS = ("exitParent", "exitAll", "retry", "retryAll", "continue", "previous")
EXIT_ACTIONS = ("exit", "exitParent", "exitAll")
CONDITIONS = ("satisfied", "objectiveStatusKnown", "objectiveMeasureKnown", "objectiveMeasureGreaterThan",
              "objectiveMeasureLessThan", "completed", "activityProgressKnown", "attempted",
              "attemptLimitExceeded", "timeLimitExceeded", "outsideAvailableTimeRange", "always")
ROLLUP_CONDITIONS = ("satisfied", "objectiveStatusKnown", "objectiveMeasureKnown", "completed",
                     "activityProgressKnown", "attempted", "attemptLimitExceeded", "timeLimitExceeded",
                     "outsideAvailableTimeRange")
ROLLUP_ACTIONS = ("satisfied", "notSatisfied", "completed", "incomplete")


def _flag(element: Element | None, name: str, default: bool) -> bool:
    if element is None:
        return default
    value = attribute_of(element, name).lower()
    return default if value not in ("true", "false") else value == "true"


def _action(rule: Element, tag: str) -> str:
    node = child_of(rule, tag)
    return attribute_of(node if node is not None else rule, "action")


def _float(value: str, default: float | None) -> float | None:
    try:
        return float(value) if value != "" else default
    except ValueError:
        return default


def _sequencing(item: Element, collection: dict[str, Element]) -> list[Element]:
    """The item's ``<imsss:sequencing>``, after the collection's one it names by ``IDRef`` (the item's wins)."""
    own = child_of(item, "sequencing")
    if own is None:
        return []
    reference = attribute_of(own, "IDRef")
    if reference and reference not in collection:
        raise refuse(_l("Item %(item)s uses the sequencing definition %(ref)s, which the manifest does not define.",
                        item=item.get("identifier", "")[:100], ref=reference[:100]))
    return ([collection[reference]] if reference else []) + [own]


def _last(parts: list[Element], name: str) -> Element | None:
    found = [child_of(part, name) for part in parts]
    found = [f for f in found if f is not None]
    return found[-1] if found else None


def _conditions(rule: Element, known: tuple[str, ...], tag: str) -> tuple[str, list[dict[str, Any]]]:
    holder = child_of(rule, "ruleConditions") if tag == "ruleCondition" else child_of(rule, "rollupConditions")
    combination = attribute_of(holder, "conditionCombination") if holder is not None else ""
    conditions = []
    for node in children_of(holder, tag):
        name = attribute_of(node, "condition")
        if name not in known:
            raise refuse(_l("The manifest uses the condition %(name)s, which SCORM 2004 does not define.",
                            name=name[:60]))
        conditions.append({"condition": name, "not": attribute_of(node, "operator") == "not",
                           "objective": attribute_of(node, "referencedObjective"),
                           "threshold": _float(attribute_of(node, "measureThreshold"), 0.0)})
    default = "all" if tag == "ruleCondition" else "any"
    return combination if combination in ("all", "any") else default, conditions


def _rules(parts: list[Element], kind: str, actions: tuple[str, ...]) -> list[dict[str, Any]]:
    rules = []
    for holder in [child_of(part, "sequencingRules") for part in parts]:
        for rule in children_of(holder, f"{kind}ConditionRule"):
            action = _action(rule, "ruleAction")
            if action not in actions:
                raise refuse(_l("The manifest uses the rule action %(name)s where SCORM 2004 does not allow it.",
                                name=action[:60]))
            combination, conditions = _conditions(rule, CONDITIONS, "ruleCondition")
            rules.append({"combination": combination, "conditions": conditions, "action": action})
    return rules


def _rollup(parts: list[Element]) -> dict[str, Any]:
    holder = _last(parts, "rollupRules")
    rules = []
    for part in parts:
        for rule in children_of(child_of(part, "rollupRules"), "rollupRule"):
            action = _action(rule, "rollupAction")
            if action not in ROLLUP_ACTIONS:
                raise refuse(_l("The manifest uses the rollup action %(name)s, which SCORM 2004 does not define.",
                                name=action[:60]))
            combination, conditions = _conditions(rule, ROLLUP_CONDITIONS, "rollupCondition")
            child_set = attribute_of(rule, "childActivitySet") or "all"
            rules.append({"childSet": child_set if child_set in ("all", "any", "none", "atLeastCount",
                                                                  "atLeastPercent") else "all",
                          "minCount": int(_float(attribute_of(rule, "minimumCount"), 0) or 0),
                          "minPercent": _float(attribute_of(rule, "minimumPercent"), 0.0),
                          "combination": combination, "conditions": conditions, "action": action})
    return {"satisfied": _flag(holder, "rollupObjectiveSatisfied", True),
            "completion": _flag(holder, "rollupProgressCompletion", True),
            "weight": _float(attribute_of(holder, "objectiveMeasureWeight") if holder is not None else "", 1.0),
            "rules": rules}


def _objectives(parts: list[Element], identifier: str) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    primary = ""
    for holder in [child_of(part, "objectives") for part in parts]:
        for node in list(children_of(holder, "primaryObjective")) + list(children_of(holder, "objective")):
            is_primary = local_name(node.tag) == "primaryObjective"
            objective_id = attribute_of(node, "objectiveID") or (f"{identifier}#primary" if is_primary else "")
            if not objective_id:
                continue
            primary = objective_id if is_primary else primary
            found[objective_id] = {
                "id": objective_id[:255], "primary": is_primary,
                "byMeasure": _flag(node, "satisfiedByMeasure", False),
                "minMeasure": _float(text_of(node, "minNormalizedMeasure"), 1.0),
                "maps": [{"target": attribute_of(m, "targetObjectiveID")[:255],
                          "readSatisfied": _flag(m, "readSatisfiedStatus", True),
                          "readMeasure": _flag(m, "readNormalizedMeasure", True),
                          "writeSatisfied": _flag(m, "writeSatisfiedStatus", False),
                          "writeMeasure": _flag(m, "writeNormalizedMeasure", False)}
                         for m in children_of(node, "mapInfo") if attribute_of(m, "targetObjectiveID")]}
    if not primary:
        found[f"{identifier}#primary"] = {"id": f"{identifier}#primary", "primary": True, "byMeasure": False,
                                          "minMeasure": 1.0, "maps": []}
        primary = f"{identifier}#primary"
    return [found[primary]] + [o for key, o in found.items() if key != primary]


def _threshold(item: Element) -> float | None:
    """``adlcp:completionThreshold``: the 3rd edition's text, or the 4th edition's ``minProgressMeasure``."""
    node = child_of(item, "completionThreshold")
    if node is None:
        return None
    if not _flag(node, "completedByMeasure", True) and attribute_of(node, "minProgressMeasure"):
        return None
    value = _float(attribute_of(node, "minProgressMeasure") or (node.text or "").strip(), None)
    return value if value is not None and 0 <= value <= 1 else None


def activity(element: Element, identifier: str, parent: str | None, leaf: bool,
             collection: dict[str, Element]) -> dict[str, Any]:
    """One activity's definition from its ``<item>`` (or the ``<organization>``, the root)."""
    parts = _sequencing(element, collection)
    control = _last(parts, "controlMode")
    limits = _last(parts, "limitConditions")
    delivery = _last(parts, "deliveryControls")
    objectives = _objectives(parts, identifier)
    primary = objectives[0]
    limit = attribute_of(limits, "attemptLimit") if limits is not None else ""
    return {
        "title": (text_of(element, "title") or identifier)[:255], "parent": parent, "children": [], "leaf": leaf,
        "visible": element.get("isvisible", "true").strip().lower() != "false",
        "control": {"choice": _flag(control, "choice", True), "choiceExit": _flag(control, "choiceExit", True),
                    "flow": _flag(control, "flow", False), "forwardOnly": _flag(control, "forwardOnly", False)},
        "pre": _rules(parts, "pre", PRE_ACTIONS), "post": _rules(parts, "post", POST_ACTIONS),
        "exit": _rules(parts, "exit", EXIT_ACTIONS),
        "attemptLimit": int(limit) if limit.isdigit() and int(limit) > 0 else None,
        "rollup": _rollup(parts), "objectives": objectives,
        "tracked": _flag(delivery, "tracked", True),
        "completionByContent": _flag(delivery, "completionSetByContent", False),
        "objectiveByContent": _flag(delivery, "objectiveSetByContent", False),
        "completionThreshold": _threshold(element),
        "passingScore": primary["minMeasure"] if primary["byMeasure"] else None,
    }


def definition(root: Element, organisation: Element) -> dict[str, Any]:
    """The activity tree of the default organisation, with every activity's sequencing definition."""
    collection = {node.get("ID", ""): node for node in children_of(child_of(root, "sequencingCollection"),
                                                                   "sequencing") if node.get("ID")}
    root_id = organisation.get("identifier", "").strip()[:255] or "organisation"
    activities = {root_id: activity(organisation, root_id, None, False, collection)}

    def walk(parent_element: Element, parent_id: str) -> None:
        for item in children_of(parent_element, "item"):
            identifier = item.get("identifier", "").strip()[:255]
            leaf = bool(item.get("identifierref", "").strip())
            activities[identifier] = activity(item, identifier, parent_id, leaf, collection)
            activities[parent_id]["children"].append(identifier)
            walk(item, identifier)

    walk(organisation, root_id)
    return {"root": root_id, "activities": activities,
            "globalToSystem": _flag(organisation, "objectivesGlobalToSystem", True)}
