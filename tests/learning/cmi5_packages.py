"""cmi5 courses for the tests, built in memory: ``structure`` writes ``cmi5.xml`` (a course, blocks, AUs with url,
moveOn, masteryScore, launchMethod, launchParameters, entitlementKey), ``au_page`` an AU that does what an AU does
(the fetch URL, LMS.LaunchData, initialized, passed with a score or completed, terminated), and ``course_zip`` the
zip. ``two_au_course`` is the course of the done-when line: a scored quiz (Passed, masteryScore 0.8) and a
reading (Completed), both in one block."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from tests.learning.packages import make_zip

NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
COURSE_ID = "https://example.gov.ge/cmi5/ethics"


@dataclass
class Au:
    id: str
    title: str
    url: str
    move_on: str | None = None
    mastery: float | None = None
    launch_method: str | None = None
    launch_parameters: str = ""
    entitlement_key: str = ""


@dataclass
class Block:
    id: str
    title: str
    children: list = field(default_factory=list)


def _title(text: str) -> str:
    return f'<title><langstring lang="en-US">{escape(text)}</langstring></title>'


def _node(node: Au | Block) -> str:
    if isinstance(node, Block):
        return f'<block id="{escape(node.id)}">{_title(node.title)}{"".join(_node(c) for c in node.children)}</block>'
    attributes = f'id="{escape(node.id)}"'
    if node.move_on:
        attributes += f' moveOn="{node.move_on}"'
    if node.mastery is not None:
        attributes += f' masteryScore="{node.mastery:g}"'
    if node.launch_method:
        attributes += f' launchMethod="{node.launch_method}"'
    extra = f"<launchParameters>{escape(node.launch_parameters)}</launchParameters>" if node.launch_parameters else ""
    extra += f"<entitlementKey>{escape(node.entitlement_key)}</entitlementKey>" if node.entitlement_key else ""
    return f"<au {attributes}>{_title(node.title)}<url>{escape(node.url)}</url>{extra}</au>"


def structure(nodes: list[Au | Block], *, course_id: str = COURSE_ID, title: str = "Ethics in the civil service",
              georgian: str = "ეთიკა საჯარო სამსახურში") -> str:
    titles = (f'<title><langstring lang="en-US">{escape(title)}</langstring>'
              f'<langstring lang="ka-GE">{escape(georgian)}</langstring></title>')
    return (f'<?xml version="1.0" encoding="utf-8"?><courseStructure xmlns="{NS}">'
            f'<course id="{escape(course_id)}">{titles}<description><langstring lang="en-US">About ethics'
            f'</langstring></description></course>{"".join(_node(n) for n in nodes)}</courseStructure>')


VERBS = {"initialized": "http://adlnet.gov/expapi/verbs/initialized",
         "passed": "http://adlnet.gov/expapi/verbs/passed",
         "completed": "http://adlnet.gov/expapi/verbs/completed",
         "terminated": "http://adlnet.gov/expapi/verbs/terminated"}
CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"


def au_page(title: str, *, outcome: str, score: float = 0.9) -> str:
    """An AU: on load it takes its auth token from the fetch URL, reads LMS.LaunchData, states initialized, then
    passed (with ``score``) or completed (``outcome``), then terminated, and shows what happened."""
    result = ("{success: true, completion: true, score: {scaled: " + str(score) + "}}" if outcome == "passed"
              else "{completion: true}")
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title></head>
<body><h1>{escape(title)}</h1><p id="status">Starting…</p><a id="back" hidden>Back to the course</a>
<script>
(async function () {{
  const p = new URLSearchParams(location.search);
  const endpoint = p.get("endpoint"), registration = p.get("registration"), activityId = p.get("activityId");
  const actor = JSON.parse(p.get("actor"));
  window.fetchUrl = p.get("fetch");
  const answer = await (await fetch(window.fetchUrl, {{method: "POST"}})).json();
  if (!answer["auth-token"]) throw new Error(JSON.stringify(answer));
  const headers = {{"Authorization": "Basic " + answer["auth-token"], "X-Experience-API-Version": "1.0.3",
                   "Content-Type": "application/json"}};
  const where = new URLSearchParams({{stateId: "LMS.LaunchData", activityId: activityId, agent: JSON.stringify(actor),
                                      registration: registration}});
  const launchData = await (await fetch(endpoint + "activities/state?" + where, {{headers: headers}})).json();
  function statement(verb, result) {{
    const context = JSON.parse(JSON.stringify(launchData.contextTemplate));
    context.registration = registration;
    context.contextActivities.category = [{{id: "{CMI5_CATEGORY}"}}];
    const s = {{actor: actor, verb: {{id: verb}}, object: {{objectType: "Activity", id: activityId}}, context: context,
               timestamp: new Date().toISOString()}};
    if (result) s.result = result;
    return s;
  }}
  async function send(s) {{
    const r = await fetch(endpoint + "statements", {{method: "POST", headers: headers, body: JSON.stringify(s)}});
    if (!r.ok) throw new Error(s.verb.id + " refused: " + r.status + " " + await r.text());
  }}
  await send(statement("{VERBS['initialized']}"));
  await send(statement("{VERBS[outcome]}", {result}));
  await send(statement("{VERBS['terminated']}"));
  document.getElementById("status").textContent = "Results sent (moveOn " + launchData.moveOn + ")";
  const back = document.getElementById("back");
  back.href = launchData.returnURL;
  back.hidden = false;
}})().catch(function (e) {{ document.getElementById("status").textContent = "Error: " + e.message; }});
</script></body></html>"""


QUIZ = Au("https://example.gov.ge/cmi5/ethics/quiz", "Ethics quiz", "quiz/index.html", move_on="Passed", mastery=0.8)
READING = Au("https://example.gov.ge/cmi5/ethics/reading", "Reading on conflicts of interest", "reading/index.html",
             move_on="Completed", launch_parameters="chapter=1")
BLOCK_ID = "https://example.gov.ge/cmi5/ethics/block-1"


def course_zip(nodes: list[Au | Block], files: dict[str, str | bytes] | None = None, **options: str) -> bytes:
    return make_zip({"cmi5.xml": structure(nodes, **options), **(files or {})}, with_manifest="")


def two_au_course(*, score: float = 0.9) -> bytes:
    """One block with a scored quiz (moveOn Passed, masteryScore 0.8) and a reading (moveOn Completed)."""
    return course_zip([Block(BLOCK_ID, "Part one", [QUIZ, READING])], {
        "quiz/index.html": au_page("Ethics quiz", outcome="passed", score=score),
        "reading/index.html": au_page("Reading on conflicts of interest", outcome="completed")})


def cmi5_course(data: bytes, *, code: str = "CMI-101", published: bool = True, text_lessons: int = 0):
    """A course (1.5 professional-development hours) whose required lessons are the cmi5 course and
    ``text_lessons`` readings; returns (course, lesson, version)."""
    from decimal import Decimal

    from learning import operations as ops
    from learning.cmi5 import operations as cmi5_ops

    course = ops.create_course({"code": code, "title_ka": "ეთიკა", "title_en": "Ethics", "summary_ka": "",
                                "summary_en": "", "category": "management", "level": "basic", "language": "en",
                                "duration_minutes": 30, "cpd_hours": Decimal("1.5"), "self_enrol": True,
                                "enrol_approval": False, "provider_unit_id": None}, actor=None)
    section = ops.add_section(course, "ნაწილი", "Part 1", actor=None)
    for n in range(1, text_lessons + 1):
        ops.save_lesson(section, {"kind": "text", "title_ka": f"ტექსტი {n}", "title_en": f"Reading {n}",
                                  "required": True, "body_en": "<p>Read me</p>"}, actor=None)
    version = cmi5_ops.import_course(section, {}, data, "ethics.zip", actor=None)
    if published:
        ops.set_published(course, True, actor=None)
    return course, version.lesson, version
