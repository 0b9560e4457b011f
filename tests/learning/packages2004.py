"""SCORM 2004 packages for the tests, built in memory like ``tests.learning.packages``: ``Activity`` describes an
item with its sequencing, ``manifest2004`` writes ``imsmanifest.xml`` (3rd or 4th edition), ``sco2004`` a SCO that
drives ``API_1484_11`` from buttons, and the builders give the three packages the tests share: one SCO (3rd
edition), forced sequential order with a post-test rollup (4th edition), and free choice limited by rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from tests.learning.packages import make_zip

EDITIONS = {3: "2004 3rd Edition", 4: "2004 4th Edition"}
NAMESPACES = ('xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" '
              'xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3" '
              'xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3" '
              'xmlns:imsss="http://www.imsglobal.org/xsd/imsss"')


@dataclass
class Activity:
    """An item: launches ``href`` (a SCO) or holds ``children``; ``sequencing`` is the inner XML of its
    ``<imsss:sequencing>`` (empty: none)."""

    identifier: str
    title: str
    href: str | None = None
    children: list[Activity] = field(default_factory=list)
    sequencing: str = ""
    threshold: str = ""  # the adlcp:completionThreshold element, whole
    scormtype: str = "sco"


def _item(activity: Activity) -> str:
    reference = f' identifierref="res_{activity.identifier}"' if activity.href else ""
    inner = "".join(_item(child) for child in activity.children)
    sequencing = f"<imsss:sequencing>{activity.sequencing}</imsss:sequencing>" if activity.sequencing else ""
    return (f'<item identifier="{activity.identifier}"{reference}><title>{escape(activity.title)}</title>{inner}'
            f"{activity.threshold}{sequencing}</item>")


def _leaves(activities: list[Activity]) -> list[Activity]:
    return [x for a in activities for x in ([a] if a.href else []) + _leaves(a.children)]


def manifest2004(activities: list[Activity], *, edition: int = 4, title: str = "SCORM 2004 package",
                 root_sequencing: str = "", collection: str = "") -> str:
    resources = "".join(
        f'<resource identifier="res_{a.identifier}" type="webcontent" adlcp:scormType="{a.scormtype}" '
        f'href="{escape(a.href)}"><file href="{escape(a.href)}"/></resource>' for a in _leaves(activities))
    root = f"<imsss:sequencing>{root_sequencing}</imsss:sequencing>" if root_sequencing else ""
    items = "".join(_item(a) for a in activities)
    extra = f"<imsss:sequencingCollection>{collection}</imsss:sequencingCollection>" if collection else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="test.2004" version="1" {NAMESPACES}>
  <metadata><schema>ADL SCORM</schema><schemaversion>{EDITIONS[edition]}</schemaversion></metadata>
  <organizations default="org"><organization identifier="org"><title>{escape(title)}</title>{items}{root}
  </organization></organizations>
  <resources>{resources}</resources>{extra}
</manifest>"""


FIND_API = """function findAPI(win) { for (var i = 0; win && i < 10; i++) { if (win.API_1484_11) {
  return win.API_1484_11; } if (win.parent === win) { break; } win = win.parent; } return null; }
var api = findAPI(window.parent);"""


def sco2004(title: str, *, score: float | None = None, request: str = "continue", pages: int = 3) -> str:
    """A SCO with pages: "Next page" keeps the page in ``cmi.location`` and the pages read in ``cmi.suspend_data``;
    "Suspend" leaves with ``suspendAll``; "Finish" reports completed (and ``score`` as ``cmi.score.scaled``), sets
    ``adl.nav.request`` to ``request`` and terminates. The page shows the entry, page and suspend data it read."""
    score_js = f"api.SetValue('cmi.score.scaled', '{score:g}');" if score is not None else ""
    nav_js = f"api.SetValue('adl.nav.request', '{request}');" if request else ""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title></head>
<body><h1>{escape(title)}</h1><p id="where"></p>
<button type="button" id="next">Next page</button> <button type="button" id="suspend">Suspend</button>
<button type="button" id="finish">Finish this part</button>
<script>{FIND_API}
api.Initialize('');
var page = parseInt(api.GetValue('cmi.location'), 10) || 1;
var read = api.GetValue('cmi.suspend_data');
function show() {{ document.getElementById('where').textContent = 'entry ' + api.GetValue('cmi.entry') +
  '; page ' + page + ' of {pages}; read ' + read; }}
show();
api.SetValue('cmi.completion_status', 'incomplete');
document.getElementById('next').addEventListener('click', function () {{
  page = Math.min(page + 1, {pages}); read = read ? read + ',' + page : '1,' + page;
  api.SetValue('cmi.location', String(page)); api.SetValue('cmi.suspend_data', read);
  api.SetValue('cmi.progress_measure', String(page / {pages})); api.Commit(''); show(); }});
document.getElementById('suspend').addEventListener('click', function () {{
  api.SetValue('cmi.exit', 'suspend'); api.SetValue('adl.nav.request', 'suspendAll');
  api.SetValue('cmi.session_time', 'PT1M30S'); api.Terminate('');
  document.getElementById('where').textContent = 'suspended'; }});
document.getElementById('finish').addEventListener('click', function () {{
  {score_js} api.SetValue('cmi.completion_status', 'completed'); api.SetValue('cmi.exit', 'normal');
  api.SetValue('cmi.session_time', 'PT2M'); {nav_js} api.Terminate('');
  document.getElementById('finish').disabled = true; }});
</script></body></html>"""


def single_sco_3rd() -> bytes:
    """SCORM 2004 3rd edition, one SCO that reports completion and a passing scaled score (0.85 against 0.8)."""
    sco = Activity("golf_sco", "Golf explained", "index.html", sequencing=(
        '<imsss:objectives><imsss:primaryObjective objectiveID="golf" satisfiedByMeasure="true">'
        "<imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure></imsss:primaryObjective></imsss:objectives>"))
    files = {"index.html": sco2004("Golf explained", score=0.85, request="exitAll")}
    return make_zip(files, with_manifest=manifest2004([sco], edition=3, title="Golf 2004"), index=False)


FORCED = ('<imsss:controlMode choice="false" choiceExit="false" flow="true" forwardOnly="true"/>'
          '<imsss:rollupRules><imsss:rollupRule childActivitySet="any"><imsss:rollupConditions>'
          '<imsss:rollupCondition condition="satisfied"/></imsss:rollupConditions>'
          '<imsss:rollupAction action="satisfied"/></imsss:rollupRule>'
          '<imsss:rollupRule childActivitySet="any"><imsss:rollupConditions>'
          '<imsss:rollupCondition condition="satisfied" operator="not"/></imsss:rollupConditions>'
          '<imsss:rollupAction action="notSatisfied"/></imsss:rollupRule></imsss:rollupRules>')
CONTENT_ROLLUP = '<imsss:rollupRules rollupObjectiveSatisfied="false" objectiveMeasureWeight="0"/>'
LESSON_2_WRITES = ('<imsss:objectives><imsss:primaryObjective objectiveID="lesson2">'
                   '<imsss:mapInfo targetObjectiveID="g.lesson2" writeSatisfiedStatus="true"/>'
                   '</imsss:primaryObjective></imsss:objectives>')
POST_TEST = ('<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions conditionCombination="any">'
             '<imsss:ruleCondition referencedObjective="lesson2_done" condition="satisfied" operator="not"/>'
             '<imsss:ruleCondition referencedObjective="lesson2_done" condition="objectiveStatusKnown" '
             'operator="not"/>'
             '</imsss:ruleConditions><imsss:ruleAction action="disabled"/></imsss:preConditionRule>'
             '</imsss:sequencingRules><imsss:limitConditions attemptLimit="2"/>'
             '<imsss:objectives><imsss:primaryObjective objectiveID="post" satisfiedByMeasure="true">'
             '<imsss:minNormalizedMeasure>0.7</imsss:minNormalizedMeasure></imsss:primaryObjective>'
             '<imsss:objective objectiveID="lesson2_done"><imsss:mapInfo targetObjectiveID="g.lesson2" '
             'readSatisfiedStatus="true"/></imsss:objective></imsss:objectives>')
CONTINUE_WHEN_COMPLETED = ('<imsss:sequencingRules><imsss:postConditionRule><imsss:ruleConditions>'
                           '<imsss:ruleCondition condition="completed"/></imsss:ruleConditions>'
                           '<imsss:ruleAction action="continue"/></imsss:postConditionRule></imsss:sequencingRules>')


def forced_sequential(post_score: float = 0.9) -> bytes:
    """SCORM 2004 4th edition: two lessons then a post-test, in forced order (no choice, forward only). Lesson 1
    asks to continue itself; lesson 2 relies on a post-condition rule (continue when completed) and writes its
    satisfaction to a global objective that the post-test reads in its pre-condition (disabled until then). The
    lessons do not count for satisfaction: the course is satisfied by the post-test alone (rollup rules)."""
    activities = [
        Activity("lesson1", "Lesson 1", "lesson1/index.html", sequencing=CONTENT_ROLLUP,
                 threshold='<adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="1.0"/>'),
        Activity("lesson2", "Lesson 2", "lesson2/index.html",
                 sequencing=CONTINUE_WHEN_COMPLETED + LESSON_2_WRITES + CONTENT_ROLLUP),
        Activity("posttest", "Post-test", "posttest/index.html", sequencing=POST_TEST),
    ]
    files = {"lesson1/index.html": sco2004("Lesson 1"), "lesson2/index.html": sco2004("Lesson 2", request=""),
             "posttest/index.html": sco2004("Post-test", score=post_score, request="exitAll", pages=1)}
    return make_zip(files, with_manifest=manifest2004(activities, title="Forced order", root_sequencing=FORCED),
                    index=False)


def free_choice() -> bytes:
    """SCORM 2004 4th edition, choice and flow: "Reading" and "Practice"; "Exam" is disabled until "Practice" is
    completed; "Answers" is hidden from choice."""
    disabled_until_practice = (
        '<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions conditionCombination="any">'
        '<imsss:ruleCondition referencedObjective="practice_done" condition="satisfied" operator="not"/>'
        '<imsss:ruleCondition referencedObjective="practice_done" condition="objectiveStatusKnown" operator="not"/>'
        '</imsss:ruleConditions><imsss:ruleAction action="disabled"/></imsss:preConditionRule>'
        '</imsss:sequencingRules><imsss:objectives><imsss:primaryObjective objectiveID="exam"/>'
        '<imsss:objective objectiveID="practice_done"><imsss:mapInfo targetObjectiveID="g.practice"/>'
        '</imsss:objective></imsss:objectives>')
    practice_writes = ('<imsss:objectives><imsss:primaryObjective objectiveID="practice">'
                       '<imsss:mapInfo targetObjectiveID="g.practice" writeSatisfiedStatus="true"/>'
                       '</imsss:primaryObjective></imsss:objectives>')
    hidden = ('<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions>'
              '<imsss:ruleCondition condition="always"/></imsss:ruleConditions>'
              '<imsss:ruleAction action="hiddenFromChoice"/></imsss:preConditionRule></imsss:sequencingRules>'
              '<imsss:deliveryControls tracked="false"/>')
    activities = [Activity("reading", "Reading", "reading.html"),
                  Activity("practice", "Practice", "practice.html", sequencing=practice_writes),
                  Activity("exam", "Exam", "exam.html", sequencing=disabled_until_practice),
                  Activity("answers", "Answers", "answers.html", sequencing=hidden)]
    files = {f"{a.identifier}.html": sco2004(a.title, request="") for a in activities}
    return make_zip(files, with_manifest=manifest2004(
        activities, title="Choose your way",
        root_sequencing='<imsss:controlMode choice="true" flow="true"/>'), index=False)
