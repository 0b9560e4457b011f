"""The SCORM 2004 sequencer, without a database: the activity tree's tracking state for one learner (leaves read
from their attempts, clusters rolled up), the rules that decide what may be delivered, and navigation requests.

``Tree(definition, leaves, objectives)`` takes the stored definition (``manifest2004``), each leaf's ``Leaf`` (what
its latest attempt says) and the learner's global objectives. It rolls up at once; then ``start``, ``flow``,
``choice`` and ``after_exit`` answer navigation requests with a ``Decision`` (the activity to deliver, or why not),
``choice_refusal`` says why the contents may not jump to an item, and ``written_objectives`` is what the objective
maps write back. ``learning.scorm.seq_operations`` reads and stores; this module decides, and is tested alone.

What it implements of the SN book: control modes (choice, choiceExit, flow, forwardOnly), pre-condition rules
(skip, disabled, hiddenFromChoice, stopForwardTraversal), exit and post-condition rules (exitParent, exitAll, retry,
continue, previous), attemptLimit, objective maps (read and write satisfied status and normalised measure),
measure rollup with weights, satisfied-by-measure, rollup rules and the default rollup (completed when every
contributing child is completed, incomplete when all are known; satisfied when every contributing child is,
not satisfied when all are known). Not implemented: time limits, constrainChoice and preventActivation,
randomisation and selection, rollup considerations; such attributes are read and ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Leaf:
    """What a leaf's latest attempt says (no attempt: all unknown)."""

    attempts: int = 0
    completion: str = "unknown"  # completed, incomplete, unknown (as the LMS evaluates it)
    success: str = "unknown"  # passed, failed, unknown
    measure: float | None = None  # cmi.score.scaled
    open: bool = False  # the latest attempt is still open (suspended or in progress)
    objectives: dict[str, tuple[str, float | None]] = field(default_factory=dict)  # id -> (success, measure)


@dataclass
class Track:
    attempts: int = 0
    progress: str = "unknown"  # completed, incomplete, unknown
    satisfied: bool | None = None
    measure: float | None = None
    open: bool = False


@dataclass
class Decision:
    target: str | None  # the activity to deliver; None with ``reason``, or with ``ended`` (the session is over)
    reason: str = ""
    ended: bool = False


def _fires(results: list[bool | None], combination: str) -> bool:
    return all(r is True for r in results) if combination == "all" else any(r is True for r in results)


class Tree:
    def __init__(self, definition: dict[str, Any], leaves: dict[str, Leaf],
                 objectives: dict[str, dict[str, Any]] | None = None) -> None:
        self.root: str = definition["root"]
        self.acts: dict[str, dict[str, Any]] = definition["activities"]
        self.leaves = leaves
        self.globals = objectives or {}
        self.order: list[str] = []
        self._preorder(self.root)
        self.track: dict[str, Track] = {}
        self._rollup(self.root)

    # --- Structure ----------------------------------------------------------------------------------------------

    def _preorder(self, node: str) -> None:
        self.order.append(node)
        for child in self.acts[node]["children"]:
            self._preorder(child)

    def ancestors(self, node: str) -> list[str]:
        """From the parent up to the root."""
        found, parent = [], self.acts[node]["parent"]
        while parent is not None:
            found.append(parent)
            parent = self.acts[parent]["parent"]
        return found

    def title(self, node: str) -> str:
        return self.acts[node]["title"]

    def leaf_ids(self) -> list[str]:
        return [a for a in self.order if self.acts[a]["leaf"]]

    # --- Tracking and rollup --------------------------------------------------------------------------------------

    def _read(self, objective: dict[str, Any], satisfied: bool | None, measure: float | None
              ) -> tuple[bool | None, float | None]:
        for mapping in objective["maps"]:
            known = self.globals.get(mapping["target"], {})
            if mapping["readSatisfied"] and known.get("satisfied") is not None:
                satisfied = known["satisfied"]
            if mapping["readMeasure"] and known.get("measure") is not None:
                measure = known["measure"]
        return satisfied, measure

    def _rollup(self, node: str) -> Track:
        act = self.acts[node]
        for child in act["children"]:
            self._rollup(child)
        primary = act["objectives"][0]
        if act["leaf"]:
            leaf = self.leaves.get(node, Leaf())
            satisfied = {"passed": True, "failed": False}.get(leaf.success)
            track = Track(leaf.attempts, leaf.completion, satisfied, leaf.measure, leaf.open)
        else:
            kids = [c for c in act["children"] if self.acts[c]["tracked"]]
            # A cluster's attempts are not counted apart: it has had one once a child was attempted, open until it
            # is completed (so an attempt limit on a cluster closes it only when it is done).
            track = Track(attempts=1 if any(self.track[c].attempts for c in kids) else 0)
            track.measure = self._measure(kids)
            track.progress = self._completion(act, kids)
            track.satisfied = self._satisfaction(act, kids)
            track.open = track.progress != "completed"
        if primary["byMeasure"] and track.measure is not None and not act["leaf"]:
            track.satisfied = track.measure >= primary["minMeasure"]
        track.satisfied, track.measure = self._read(primary, track.satisfied, track.measure)
        self.track[node] = track
        return track

    def _measure(self, kids: list[str]) -> float | None:
        weighted = [(self.acts[c]["rollup"]["weight"] or 0.0, self.track[c].measure) for c in kids]
        total = sum(w for w, _m in weighted if w > 0)
        known = [(w, m) for w, m in weighted if w > 0 and m is not None]
        if not known or total <= 0:
            return None
        return sum(w * m for w, m in known) / total

    def _apply_rules(self, act: dict[str, Any], kids: list[str], actions: tuple[str, str],
                     defaults: dict[str, tuple[str, str]]) -> bool | None:
        """Rollup rules for (negative, positive) actions, the default for an action without rules; positive wins."""
        result: bool | None = None
        for action, value in ((actions[0], False), (actions[1], True)):
            rules = [r for r in act["rollup"]["rules"] if r["action"] == action]
            if not rules:
                condition, child_set = defaults[action]
                rules = [{"childSet": child_set, "minCount": 0, "minPercent": 0, "combination": "any",
                          "conditions": [{"condition": condition, "not": False, "objective": "", "threshold": 0}]}]
            if kids and any(self._rollup_rule(rule, kids) for rule in rules):
                result = value
        return result

    def _completion(self, act: dict[str, Any], kids: list[str]) -> str:
        kids = [c for c in kids if self.acts[c]["rollup"]["completion"]]
        result = self._apply_rules(act, kids, ("incomplete", "completed"),
                                   {"incomplete": ("activityProgressKnown", "all"), "completed": ("completed", "all")})
        return {True: "completed", False: "incomplete"}.get(result, "unknown")  # type: ignore[arg-type]

    def _satisfaction(self, act: dict[str, Any], kids: list[str]) -> bool | None:
        kids = [c for c in kids if self.acts[c]["rollup"]["satisfied"]]
        return self._apply_rules(act, kids, ("notSatisfied", "satisfied"),
                                 {"notSatisfied": ("objectiveStatusKnown", "all"), "satisfied": ("satisfied", "all")})

    def _rollup_rule(self, rule: dict[str, Any], kids: list[str]) -> bool:
        hits = [_fires([self.condition(c, cond) for cond in rule["conditions"]], rule["combination"]) for c in kids]
        count, child_set = sum(hits), rule["childSet"]
        if child_set == "all":
            return all(hits)
        if child_set == "any":
            return count > 0
        if child_set == "none":
            return count == 0
        if child_set == "atLeastCount":
            return count >= max(rule["minCount"], 0)
        return bool(kids) and count >= (rule["minPercent"] or 0.0) * len(kids)  # minimumPercent is 0..1

    def _objective(self, node: str, objective_id: str) -> tuple[bool | None, float | None]:
        """A non-primary objective of ``node``: its own value from the content, else what its read maps give."""
        act = self.acts[node]
        objective = next((o for o in act["objectives"] if o["id"] == objective_id), None)
        if objective is None or objective["primary"]:
            return self.track[node].satisfied, self.track[node].measure
        success, measure = self.leaves.get(node, Leaf()).objectives.get(objective_id, ("unknown", None))
        return self._read(objective, {"passed": True, "failed": False}.get(success), measure)

    def condition(self, node: str, cond: dict[str, Any]) -> bool | None:
        """One rule condition on ``node`` (True, False, or None when unknown), with its ``not``."""
        track, name = self.track[node], cond["condition"]
        satisfied, measure = self._objective(node, cond["objective"]) if cond.get("objective") else \
            (track.satisfied, track.measure)
        limit = self.acts[node]["attemptLimit"]
        value: bool | None = {
            "satisfied": satisfied, "objectiveStatusKnown": satisfied is not None,
            "objectiveMeasureKnown": measure is not None,
            "objectiveMeasureGreaterThan": None if measure is None else measure > cond.get("threshold", 0.0),
            "objectiveMeasureLessThan": None if measure is None else measure < cond.get("threshold", 0.0),
            "completed": None if track.progress == "unknown" else track.progress == "completed",
            "activityProgressKnown": track.progress != "unknown", "attempted": track.attempts > 0,
            "attemptLimitExceeded": bool(limit) and track.attempts >= limit and not track.open,
            "always": True,
        }.get(name, False)
        return (None if value is None else not value) if cond.get("not") else value

    def rule_action(self, node: str, kind: str, actions: tuple[str, ...] | None = None) -> str:
        """The action of the first rule of ``kind`` (pre, post, exit) that fires on ``node``, or ""."""
        for rule in self.acts[node][kind]:
            if (actions is None or rule["action"] in actions) and \
                    _fires([self.condition(node, c) for c in rule["conditions"]], rule["combination"]):
                return rule["action"]
        return ""

    def written_objectives(self) -> dict[str, dict[str, Any]]:
        """The global objectives after the write maps of every activity (leaves first, the root last)."""
        written = {key: dict(value) for key, value in self.globals.items()}
        for node in reversed(self.order):
            for objective in self.acts[node]["objectives"]:
                if objective["primary"]:
                    satisfied, measure = self.track[node].satisfied, self.track[node].measure
                else:
                    success, measure = self.leaves.get(node, Leaf()).objectives.get(objective["id"], ("unknown", None))
                    satisfied = {"passed": True, "failed": False}.get(success)
                for mapping in objective["maps"]:
                    slot = written.setdefault(mapping["target"], {"satisfied": None, "measure": None})
                    if mapping["writeSatisfied"] and satisfied is not None:
                        slot["satisfied"] = satisfied
                    if mapping["writeMeasure"] and measure is not None:
                        slot["measure"] = measure
        return written

    # --- What may be delivered ----------------------------------------------------------------------------------

    def blocked(self, node: str) -> str:
        """Why ``node`` cannot be delivered (disabled by a rule, its attempts used up), checking its ancestors."""
        for act in [node, *self.ancestors(node)]:
            if act == self.root:
                continue
            if self.rule_action(act, "pre", ("disabled",)):
                return "disabled"
            if self.condition(act, {"condition": "attemptLimitExceeded"}):
                return "limit"
        return ""

    def skipped(self, node: str) -> bool:
        return any(self.rule_action(a, "pre", ("skip",)) for a in [node, *self.ancestors(node)] if a != self.root)

    def hidden(self, node: str) -> bool:
        return any(self.rule_action(a, "pre", ("hiddenFromChoice",)) for a in [node, *self.ancestors(node)]
                   if a != self.root)

    def _first_leaf(self, node: str, forward: bool = True) -> Decision:
        """Flow into ``node``: itself if a leaf, else its first (last) deliverable, not skipped, descendant."""
        if self.acts[node]["leaf"]:
            return Decision(node)
        if not self.acts[node]["control"]["flow"]:
            return Decision(None, "no-flow")
        children = self.acts[node]["children"] if forward else list(reversed(self.acts[node]["children"]))
        for child in children:
            if self.skipped(child):
                continue
            if self.blocked(child):
                return Decision(None, self.blocked(child))
            found = self._first_leaf(child, forward)
            if found.target or found.reason != "empty":
                return found
        return Decision(None, "empty")

    def start(self) -> Decision:
        """The first activity of a new session (the ``start`` request)."""
        if self.acts[self.root]["control"]["flow"]:
            return self._first_leaf(self.root)
        return next((Decision(a) for a in self.leaf_ids() if not self.choice_refusal(a, None)), Decision(None, "empty"))

    def flow(self, current: str, forward: bool) -> Decision:
        """``continue`` (forward) or ``previous`` from ``current``."""
        parent = self.acts[current]["parent"]
        if parent is None or not self.acts[parent]["control"]["flow"]:
            return Decision(None, "no-flow")
        if not forward and self.acts[parent]["control"]["forwardOnly"]:
            return Decision(None, "forward-only")
        node = current
        while True:
            parent = self.acts[node]["parent"]
            if parent is None:
                return Decision(None, "", ended=forward) if forward else Decision(None, "start")
            siblings = self.acts[parent]["children"]
            index = siblings.index(node)
            rest = siblings[index + 1:] if forward else list(reversed(siblings[:index]))
            for sibling in rest:
                if self.skipped(sibling):
                    continue
                if forward and self.rule_action(sibling, "pre", ("stopForwardTraversal",)):
                    return Decision(None, "stopped")
                if self.blocked(sibling):
                    return Decision(None, self.blocked(sibling))
                found = self._first_leaf(sibling, forward)
                if found.target or found.reason != "empty":
                    return found
            if not forward and self.acts[parent]["control"]["forwardOnly"]:
                return Decision(None, "forward-only")
            node = parent

    def choice_refusal(self, target: str, current: str | None) -> str:
        """Why the learner may not choose ``target`` now (``current``: the activity delivered now), or ""."""
        if target not in self.acts or target == self.root:
            return "unknown"
        if self.hidden(target):
            return "hidden"
        if any(not self.acts[a]["control"]["choice"] for a in self.ancestors(target)):
            return "no-choice"
        reason = self.blocked(target)
        if reason:
            return reason
        if current and current in self.acts and current != target:
            path = set(self.ancestors(target)) | {target}
            common = next(a for a in self.ancestors(current) if a in path)
            for act in [current, *self.ancestors(current)]:
                if act == common:
                    break
                if not self.acts[act]["control"]["choiceExit"]:
                    return "no-exit"
            if self.acts[common]["control"]["forwardOnly"] and self.order.index(target) < self.order.index(current):
                return "forward-only"
        if not self.acts[target]["leaf"]:
            return self._first_leaf(target).reason
        return ""

    def choice(self, target: str, current: str | None) -> Decision:
        reason = self.choice_refusal(target, current)
        return Decision(None, reason) if reason else self._first_leaf(target)

    def after_exit(self, current: str, request: str, *, rules: bool = True) -> Decision:
        """After the SCO of ``current`` terminated with the navigation request ``request`` (``_none_``, continue,
        previous, ``{target=ID}choice``, exit, exitAll...): exit rules of its ancestors, then its post-condition
        rules (which replace the request), then the request itself. ``rules`` False: the attempt was suspended, not
        ended, so only the request counts. ``Decision(current)`` means: stay."""
        for act in reversed(self.ancestors(current)) if rules else []:
            action = self.rule_action(act, "exit")
            if action == "exitAll":
                return Decision(None, ended=True)
        node, action = current, ""
        while rules:
            action = self.rule_action(node, "post")
            if action != "exitParent" or self.acts[node]["parent"] is None:
                break
            node = self.acts[node]["parent"]
        request = {"continue": "continue", "previous": "previous", "exitAll": "exitAll", "retry": "retry",
                   "retryAll": "retryAll"}.get(action, request)
        if request == "retry":
            return self._first_leaf(node) if node != current else Decision(current)
        if request == "retryAll":
            return self.start()
        if request == "continue":  # from the activity the rules exited to (exitParent), else from the SCO's
            return self.flow(node, True)
        if request == "previous":
            return self.flow(node, False)
        if request.startswith("{target=") and request.endswith("}jump"):  # jump: the content decides, rules permitting
            target = request[len("{target="):request.index("}")]
            if target not in self.acts or not self.acts[target]["leaf"]:
                return Decision(None, "unknown")
            return Decision(None, self.blocked(target)) if self.blocked(target) else Decision(target)
        if request.startswith("{target="):
            return self.choice(request[len("{target="):request.index("}")], current)
        if request in ("exitAll", "abandonAll"):
            return Decision(None, ended=True)
        return Decision(current)
