"""SCORM 2004 without a browser: the run-time data model's validation (error codes 0-408), reading manifests'
sequencing, and the sequencing engine (control modes, pre- and post-condition rules, attempt limits, objective
maps, rollup) on the packages of ``tests.learning.packages2004`` and on small hand-written trees."""

from __future__ import annotations

import copy
import zipfile
from io import BytesIO

import pytest

from learning.scorm import importer, runtime2004
from learning.scorm.runtime2004 import get_value, set_value
from learning.scorm.sequencing import Leaf, Tree
from tests.learning import packages, packages2004

# --- The data model ---------------------------------------------------------------------------------------------

READY = {"cmi.objectives.0.id": "obj1", "cmi.interactions.0.id": "q1", "cmi.interactions.0.type": "true-false",
         "cmi.interactions.1.id": "q2"}


@pytest.mark.parametrize(("element", "value", "error"), [
    ("cmi.completion_status", "completed", "0"), ("cmi.completion_status", "passed", "406"),
    ("cmi.success_status", "passed", "0"), ("cmi.success_status", "completed", "406"),
    ("cmi.score.scaled", "0.5", "0"), ("cmi.score.scaled", "-1", "0"), ("cmi.score.scaled", "1.01", "407"),
    ("cmi.score.scaled", "abc", "406"), ("cmi.score.raw", "-12.5", "0"), ("cmi.progress_measure", "1", "0"),
    ("cmi.progress_measure", "-0.1", "407"), ("cmi.location", "x" * 1000, "0"), ("cmi.location", "x" * 1001, "406"),
    ("cmi.suspend_data", "x" * 64000, "0"), ("cmi.suspend_data", "x" * 64001, "406"),
    ("cmi.exit", "suspend", "0"), ("cmi.exit", "normal", "0"), ("cmi.exit", "pause", "406"),
    ("cmi.session_time", "PT1H2M3.5S", "0"), ("cmi.session_time", "P1DT2H", "0"), ("cmi.session_time", "PT", "406"),
    ("cmi.session_time", "0000:00:10", "406"), ("cmi.mode", "review", "404"), ("cmi.learner_id", "x", "404"),
    ("cmi.entry", "resume", "404"), ("cmi.completion_threshold", "0.5", "404"), ("cmi._version", "2", "404"),
    ("cmi.objectives._count", "1", "404"), ("cmi.interactions._children", "x", "404"),
    ("cmi.objectives.0.success_status", "passed", "0"), ("cmi.objectives.1.success_status", "passed", "408"),
    ("cmi.objectives.1.id", "obj1", "351"), ("cmi.objectives.0.id", "other", "351"),
    ("cmi.objectives.1.id", "obj2", "0"), ("cmi.objectives.2.id", "obj3", "351"),
    ("cmi.objectives.0.score.scaled", "2", "407"),
    ("cmi.interactions.0.learner_response", "true", "0"), ("cmi.interactions.0.learner_response", "maybe", "406"),
    ("cmi.interactions.1.learner_response", "true", "408"), ("cmi.interactions.1.result", "correct", "0"),
    ("cmi.interactions.1.result", "wrong", "406"), ("cmi.interactions.1.result", "0.5", "0"),
    ("cmi.interactions.2.type", "choice", "408"), ("cmi.interactions.2.id", "q3", "0"),
    ("cmi.interactions.0.timestamp", "2026-12-05T10:30:00Z", "0"), ("cmi.interactions.0.timestamp", "yesterday", "406"),
    ("cmi.interactions.0.description", "{lang=ka}კითხვა", "0"),
    ("cmi.learner_preference.audio_captioning", "1", "0"), ("cmi.learner_preference.audio_captioning", "2", "406"),
    ("adl.nav.request", "continue", "0"), ("adl.nav.request", "{target=exam}choice", "0"),
    ("adl.nav.request", "jump somewhere", "406"), ("adl.nav.request_valid.continue", "true", "404"),
    ("cmi.core.lesson_status", "passed", "401"), ("cmi.nonsense", "1", "401"), ("", "x", "351"),
])
def test_set_value_checks_access_dependencies_and_types(element, value, error):
    values = dict(READY)
    result = set_value(values, element, value)
    assert (result.error, result.value) == (error, "true" if error == "0" else "false")
    assert (values.get(element) == value) is (error == "0" or READY.get(element) == value)


@pytest.mark.parametrize(("element", "value", "error"), [
    ("cmi._version", "1.0", "0"), ("cmi.completion_status", "unknown", "0"), ("cmi.location", "", "403"),
    ("cmi.suspend_data", "", "403"), ("cmi.score.scaled", "", "403"), ("cmi.exit", "", "405"),
    ("cmi.session_time", "", "405"), ("cmi.objectives._count", "1", "0"), ("cmi.objectives.0.id", "obj1", "0"),
    ("cmi.objectives.1.id", "", "301"), ("cmi.objectives.0.score.scaled", "", "403"),
    ("cmi.score._children", "scaled,raw,min,max", "0"), ("cmi.location._children", "", "301"),
    ("cmi.location._count", "", "301"), ("cmi.interactions.0.objectives._count", "0", "0"),
    ("adl.nav.request", "_none_", "0"), ("adl.nav.request_valid.choice.{target=exam}", "false", "0"),
    ("adl.nav.request_valid.choice.{target=nowhere}", "unknown", "0"), ("cmi.nothing", "", "401"),
    ("", "", "301"),
])
def test_get_value_reports_unset_write_only_and_out_of_range(element, value, error):
    values = runtime2004.launch_values(dict(READY), learner_id="7", learner_name="Gelashvili, Levan", credit=True,
                                       entry="ab-initio", total_time="PT0S", mode="normal", definition={},
                                       navigation={"adl.nav.request_valid.choice.{target=exam}": "false"})
    result = get_value(values, element)
    assert (result.value, result.error) == (value, error)


def test_the_lms_evaluates_completion_and_success_from_threshold_and_passing_score():
    values = {"cmi.completion_threshold": "0.8", "cmi.scaled_passing_score": "0.7",
              "cmi.completion_status": "completed", "cmi.success_status": "passed"}
    assert get_value(values, "cmi.completion_status").value == "unknown"  # no progress measure yet
    set_value(values, "cmi.progress_measure", "0.5")
    set_value(values, "cmi.score.scaled", "0.65")
    assert (get_value(values, "cmi.completion_status").value, get_value(values, "cmi.success_status").value) == \
        ("incomplete", "failed")
    set_value(values, "cmi.progress_measure", "0.8")
    set_value(values, "cmi.score.scaled", "0.7")
    end = runtime2004.end_session(values | {"cmi.session_time": "PT1M0.5S", "cmi.exit": "suspend",
                                            "adl.nav.request": "suspendAll"}, "PT1H", finished=True)
    assert (end.completion, end.success, end.total_time, end.entry, end.request) == \
        ("completed", "passed", "PT1H1M0.50S", "resume", "suspendAll")
    assert runtime2004.centiseconds("P1DT1S") == 8640100 and runtime2004.centiseconds("0000:00:01") == 0
    rejected = runtime2004.apply({}, [["cmi.score.scaled", "3"], ["cmi.learner_name", "Forged"], "junk",
                                      ["cmi.location", "p2"]])
    assert rejected == ([["cmi.location", "p2"]], [["cmi.score.scaled", "3", "407"],
                                                    ["cmi.learner_name", "Forged", "404"], ["junk", "", "201"]])


# --- Reading the manifest -------------------------------------------------------------------------------------

def parsed(data: bytes) -> importer.Package:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return importer.parse_manifest(archive.read("imsmanifest.xml"), set(archive.namelist()))


def test_a_third_edition_single_sco_is_read_with_its_objective():
    package = parsed(packages2004.single_sco_3rd())
    assert package.standard == "2004" and [s.identifier for s in package.scos] == ["golf_sco"]
    sco = package.sequencing["activities"]["golf_sco"]
    assert sco["passingScore"] == 0.8 and sco["objectives"][0]["id"] == "golf" and sco["leaf"]
    assert package.sequencing["root"] == "org" and package.sequencing["activities"]["org"]["children"] == ["golf_sco"]


def test_a_fourth_edition_package_keeps_its_sequencing_definition():
    acts = parsed(packages2004.forced_sequential()).sequencing["activities"]
    assert acts["org"]["control"] == {"choice": False, "choiceExit": False, "flow": True, "forwardOnly": True}
    assert [r["action"] for r in acts["org"]["rollup"]["rules"]] == ["satisfied", "notSatisfied"]
    assert acts["lesson1"]["completionThreshold"] == 1.0 and acts["lesson1"]["rollup"]["satisfied"] is False
    assert acts["lesson2"]["post"][0]["action"] == "continue"
    assert acts["lesson2"]["objectives"][0]["maps"][0] == {"target": "g.lesson2", "readSatisfied": True,
                                                           "readMeasure": True, "writeSatisfied": True,
                                                           "writeMeasure": False}
    post = acts["posttest"]
    assert post["attemptLimit"] == 2 and post["passingScore"] == 0.7
    assert post["pre"][0]["conditions"][0] == {"condition": "satisfied", "not": True, "objective": "lesson2_done",
                                                "threshold": 0.0}


def test_a_sequencing_collection_is_shared_by_reference_and_unknown_rules_are_refused():
    xml = packages2004.manifest2004(
        [packages2004.Activity("a", "A", "a.html", sequencing=""), packages2004.Activity("b", "B", "b.html")],
        collection='<imsss:sequencing ID="common"><imsss:limitConditions attemptLimit="3"/></imsss:sequencing>')
    xml = xml.replace('<item identifier="b" identifierref="res_b"><title>B</title>',
                      '<item identifier="b" identifierref="res_b"><title>B</title>'
                      '<imsss:sequencing IDRef="common"><imsss:controlMode choice="false"/></imsss:sequencing>')
    data = packages.make_zip({"a.html": "a", "b.html": "b"}, with_manifest=xml, index=False)
    acts = parsed(data).sequencing["activities"]
    assert (acts["b"]["attemptLimit"], acts["b"]["control"]["choice"], acts["a"]["attemptLimit"]) == (3, False, None)
    bad = xml.replace('action="', 'action="').replace("<imsss:controlMode choice=\"false\"/>",
                                                      '<imsss:sequencingRules><imsss:preConditionRule>'
                                                      '<imsss:ruleConditions><imsss:ruleCondition condition="sunny"/>'
                                                      '</imsss:ruleConditions><imsss:ruleAction action="skip"/>'
                                                      '</imsss:preConditionRule></imsss:sequencingRules>')
    with pytest.raises(Exception, match="sunny"):
        parsed(packages.make_zip({"a.html": "a", "b.html": "b"}, with_manifest=bad, index=False))


# --- The sequencing engine --------------------------------------------------------------------------------------

def forced() -> dict:
    return parsed(packages2004.forced_sequential()).sequencing


DONE = Leaf(attempts=1, completion="completed", success="passed")


def test_forced_sequential_order_flows_forward_only_and_refuses_choice():
    tree = Tree(forced(), {})
    assert tree.start().target == "lesson1"
    assert tree.flow("lesson1", True).target == "lesson2"
    assert tree.flow("lesson2", False).reason == "forward-only"
    assert tree.choice("lesson2", "lesson1").reason == "no-choice"
    assert tree.flow("lesson2", True).reason == "disabled"  # the post-test waits for lesson 2's global objective
    tree = Tree(forced(), {"lesson1": DONE}, {"g.lesson2": {"satisfied": True, "measure": None}})
    assert tree.flow("lesson2", True).target == "posttest"
    assert tree.flow("posttest", True).ended


def test_objective_maps_write_lesson_2_for_the_post_test_to_read():
    tree = Tree(forced(), {"lesson1": DONE, "lesson2": DONE})
    written = tree.written_objectives()
    assert written["g.lesson2"]["satisfied"] is True
    again = Tree(forced(), {"lesson1": DONE, "lesson2": DONE}, written)
    assert not again.blocked("posttest")
    # The post-condition rule of lesson 2 (continue when completed) moves on without a request from the SCO.
    assert again.after_exit("lesson2", "_none_").target == "posttest"
    assert again.after_exit("lesson1", "_none_").target == "lesson1"  # no rule, no request: stay


def test_the_post_test_alone_decides_satisfaction_and_the_attempt_limit_counts():
    leaves = {"lesson1": DONE, "lesson2": Leaf(1, "completed", "failed"),
              "posttest": Leaf(1, "completed", "passed", 0.9)}
    tree = Tree(forced(), leaves)
    root = tree.track["org"]
    assert (root.progress, root.satisfied, root.measure) == ("completed", True, 0.9)
    leaves["posttest"] = Leaf(2, "completed", "failed", 0.4)
    tree = Tree(forced(), leaves, {"g.lesson2": {"satisfied": True}})
    assert (tree.track["org"].progress, tree.track["org"].satisfied) == ("completed", False)
    assert tree.blocked("posttest") == "limit"  # two attempts, both over
    leaves["posttest"] = Leaf(2, "incomplete", "unknown", None, open=True)
    assert Tree(forced(), leaves, {"g.lesson2": {"satisfied": True}}).blocked("posttest") == ""
    leaves["lesson1"] = Leaf(1, "incomplete")
    assert Tree(forced(), leaves).track["org"].progress == "incomplete"  # known, not all completed


def choice_tree(leaves=None, objectives=None) -> Tree:
    return Tree(parsed(packages2004.free_choice()).sequencing, leaves or {}, objectives)


def test_choice_is_limited_by_disabled_and_hidden_rules():
    tree = choice_tree()
    assert tree.choice("practice", "reading").target == "practice"
    assert tree.choice("exam", "reading").reason == "disabled"
    assert tree.choice_refusal("answers", None) == "hidden"
    assert tree.flow("reading", False).target is None  # nothing before the first
    practised = choice_tree({"practice": DONE})
    objectives = practised.written_objectives()
    assert choice_tree({"practice": DONE}, objectives).choice("exam", "practice").target == "exam"
    # Flow to the hidden item still works: hidden from choice is not disabled.
    assert choice_tree({}, objectives).flow("exam", True).target == "answers"


def _act(children=(), leaf=False, parent=None, **extra) -> dict:
    base = {"title": extra.pop("title", "x"), "parent": parent, "children": list(children), "leaf": leaf,
            "visible": True, "control": {"choice": True, "choiceExit": True, "flow": True, "forwardOnly": False},
            "pre": [], "post": [], "exit": [], "attemptLimit": None,
            "rollup": {"satisfied": True, "completion": True, "weight": 1.0, "rules": []},
            "objectives": [{"id": "p", "primary": True, "byMeasure": False, "minMeasure": 1.0, "maps": []}],
            "tracked": True, "completionByContent": False, "objectiveByContent": False,
            "completionThreshold": None, "passingScore": None}
    return copy.deepcopy(base) | extra


def rule(condition: str, action: str, negate: bool = False) -> dict:
    return {"combination": "all", "action": action,
            "conditions": [{"condition": condition, "not": negate, "objective": "", "threshold": 0.0}]}


def small_tree() -> dict:
    """root > [intro, module > [m1, m2], quiz]"""
    acts = {"root": _act(["intro", "module", "quiz"]), "intro": _act(leaf=True, parent="root"),
            "module": _act(["m1", "m2"], parent="root"), "m1": _act(leaf=True, parent="module"),
            "m2": _act(leaf=True, parent="module"), "quiz": _act(leaf=True, parent="root")}
    return {"root": "root", "activities": acts}


def test_skip_rules_choice_exit_and_post_condition_retry_and_exit_all():
    definition = small_tree()
    acts = definition["activities"]
    acts["intro"]["pre"] = [rule("completed", "skip")]
    acts["module"]["control"]["choiceExit"] = False
    acts["quiz"]["post"] = [rule("satisfied", "retry", negate=True), rule("satisfied", "exitAll")]
    tree = Tree(definition, {"intro": DONE})
    assert tree.start().target == "m1"  # intro is done: skipped
    assert tree.choice("quiz", "m1").reason == "no-exit"  # the module may not be left by choice
    assert tree.choice("m2", "m1").target == "m2"  # inside it, choice is free
    assert tree.flow("m2", True).target == "quiz"
    failed = Tree(definition, {"quiz": Leaf(1, "completed", "failed")})
    assert failed.after_exit("quiz", "_none_").target == "quiz"  # retry
    passed = Tree(definition, {"quiz": Leaf(1, "completed", "passed")})
    assert passed.after_exit("quiz", "previous").ended  # the rule replaces the learner's request


def test_default_rollup_measure_weights_and_satisfied_by_measure():
    definition = small_tree()
    acts = definition["activities"]
    acts["root"]["objectives"][0] |= {"byMeasure": True, "minMeasure": 0.6}
    acts["intro"]["rollup"]["weight"] = 0.0
    leaves = {"intro": DONE, "m1": Leaf(1, "completed", "passed", 1.0), "m2": Leaf(1, "completed", "passed", 0.5),
              "quiz": Leaf(1, "completed", "passed", 0.3)}
    tree = Tree(definition, leaves)
    assert tree.track["module"].measure == 0.75 and tree.track["module"].satisfied is True
    assert tree.track["root"].measure == pytest.approx((0.75 + 0.3) / 2)
    assert tree.track["root"].satisfied is False  # 0.525 < 0.6, whatever the children's statuses
    assert tree.track["root"].progress == "completed"
    leaves["m2"] = Leaf()
    tree = Tree(definition, leaves)
    assert (tree.track["module"].progress, tree.track["module"].satisfied) == ("unknown", None)


def test_attempt_limit_and_disabled_stop_the_flow():
    definition = small_tree()
    acts = definition["activities"]
    acts["m2"]["attemptLimit"] = 1
    tree = Tree(definition, {"m2": Leaf(1, "incomplete", "unknown")})
    assert tree.flow("m1", True).reason == "limit"
    acts["m2"]["pre"] = [rule("always", "disabled")]
    assert Tree(definition, {}).choice("m2", None).reason == "disabled"
    acts["module"]["control"]["flow"] = False
    assert Tree(definition, {}).flow("m1", True).reason == "no-flow"


def test_a_jump_needs_only_a_deliverable_leaf():
    tree = choice_tree()
    assert tree.after_exit("reading", "{target=answers}jump").target == "answers"
    assert tree.after_exit("reading", "{target=exam}jump").reason == "disabled"
    assert tree.after_exit("reading", "{target=org}jump").reason == "unknown"
    assert tree.after_exit("reading", "{target=practice}choice").target == "practice"


def test_exit_parent_continues_after_the_cluster_and_a_cluster_limit_closes_it_once_done():
    definition = small_tree()
    acts = definition["activities"]
    acts["m1"]["post"] = [rule("satisfied", "exitParent")]
    acts["module"]["post"] = [rule("always", "continue")]
    acts["module"]["attemptLimit"] = 1
    tree = Tree(definition, {"m1": DONE})
    assert tree.after_exit("m1", "_none_").target == "quiz"  # m2 is left out with its module
    assert not tree.blocked("m2")  # the module's one attempt is still open
    done = Tree(definition, {"m1": DONE, "m2": DONE})
    assert done.blocked("m2") == "limit" and done.choice("m1", "quiz").reason == "limit"


def test_a_suspended_sco_may_ask_to_continue_without_its_post_conditions():
    definition = small_tree()
    definition["activities"]["intro"]["post"] = [rule("always", "exitAll")]
    tree = Tree(definition, {"intro": Leaf(1, "incomplete", open=True)})
    assert tree.after_exit("intro", "continue").ended  # the attempt ended: its post-condition rule decides
    assert tree.after_exit("intro", "continue", rules=False).target == "m1"
