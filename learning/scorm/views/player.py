"""The learner's side of a SCORM lesson on the application origin: the lesson page and its script.

The lesson page frames a wrapper served by the content origin (``content.py``), reached with a token bound to the
learner's attempt; the wrapper holds ``window.API`` and frames the SCO, so the package runs on an origin where the
application's cookies are never sent and no application page can be read. The lesson page hears from the wrapper
only by ``postMessage``, from that origin and that frame, and only which state to show ("saved", "will be sent").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import abort, g, render_template, request, send_from_directory, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.i18n import gettext as _
from common.origins import content_origin, request_origin
from common.permissions import can_edit_course, can_open_lessons, public, require
from common.web import CSP
from learning import bp
from learning import queries as q
from learning.models import Lesson
from learning.scorm import navigation, seq_operations, tokens
from learning.scorm import operations as ops
from learning.scorm import queries as sq
from learning.views.helpers import actor

STATIC = Path(__file__).resolve().parent.parent / "static"
# The wrapper is on the content origin, so keeping its own origin (allow-same-origin, for its outbox in local
# storage and for the SCO to reach window.API) gives it nothing of the application's; no top navigation.
SANDBOX = "allow-scripts allow-same-origin allow-forms allow-modals allow-popups allow-downloads"


def learner_lesson(course_id: int, lesson_id: int) -> tuple[Any, Lesson, Any]:
    """The SCORM lesson as the lesson page and its contents load it: a visible course, the lesson open to this
    user, and their active enrolment (None for an editor's preview)."""
    course = q.course_outline(course_id) or abort(404)
    if not course.published and not can_edit_course(current_user, course):
        abort(404)
    lesson = next((x for section in course.sections for x in section.lessons if x.id == lesson_id), None)
    if lesson is None or lesson.kind != "scorm":
        abort(404)
    enrolment = q.current_enrolments(current_user.employee_id, [course.id]).get(course.id)
    if not can_open_lessons(current_user, course, enrolment):
        abort(403)
    mine = enrolment if enrolment is not None and enrolment.active else None
    return course, lesson, mine


@bp.route("/courses/<int:course_id>/lessons/<int:lesson_id>/play")
@require("signed_in")
def scorm_play(course_id: int, lesson_id: int) -> str:
    """The lesson page of a SCORM lesson: the contents, and the content origin's wrapper in a frame."""
    course, lesson, enrolment = learner_lesson(course_id, lesson_id)
    version = sq.version_for(lesson, enrolment) or abort(404)
    wanted = request.args.get("sco", type=int)
    wanted_sco = next((s for s in version.scos if s.id == wanted), None)
    if version.standard == "2004":
        delivery = seq_operations.deliver(version, enrolment, wanted_sco, request.args.get("nav", ""))
        toc = navigation.contents(version, enrolment)
        sco = delivery.sco or wanted_sco or version.scos[0]
        neighbours = _flow_neighbours(version, enrolment, sco)
    else:
        toc = navigation.contents(version, enrolment)
        sco = wanted_sco or toc.first_to_do().sco
        neighbours = toc.neighbours(sco)
    page = {"course": course, "lesson": lesson, "version": version, "sco": sco, "toc": toc, "neighbours": neighbours,
            "done": q.done_lessons(enrolment), "refused": "", "ended": False,
            "script_version": _mtime("scorm_lesson.js"), **_lessons_around(course, lesson)}
    if version.standard == "2004" and delivery.sco is None:
        page |= {"refused": delivery.refused, "ended": delivery.ended}
        return render_template("learning/scorm_player.html", launch=None, wrapper=None, locked="",
                               values_missing=False, config={}, sandbox=SANDBOX, **page)
    if version.standard != "2004" and toc.entry(sco).locked:
        return render_template("learning/scorm_player.html", launch=None, wrapper=None, locked=toc.entry(sco).reason,
                               values_missing=False, config={}, sandbox=SANDBOX, **page)
    origin = content_origin()
    launch = None
    if origin is not None:
        try:
            launch = ops.launch(sco, enrolment, actor=actor())
        except OperationError:
            abort(403)
        if not sco.tracked and enrolment is not None:
            page["toc"] = navigation.contents(version, enrolment)  # the asset is completed by this launch
            page["done"] = q.done_lessons(enrolment)
    wrapper = None
    if launch is not None:
        token = tokens.issue(tokens.Grant(version.id, sco.id, launch.attempt.id if launch.attempt else None,
                                          current_user.id, request_origin()))
        wrapper = origin + url_for("learning.scorm_wrapper", token=token)
        g.csp = f"{CSP}; frame-src {origin}"  # the only page of the application that frames anything
    config = {"contentOrigin": origin, "attempt": launch.attempt.id if launch and launch.attempt else None,
              "messages": {"saved": _("Your progress is saved."),
                           "pending": _("Your progress is not saved yet: it is kept in this browser and will be "
                                        "sent when the connection returns."),
                           "finished": _("This part is finished. Your result is saved."),
                           "finishPending": _("This part is finished, but your result is not saved yet: it is "
                                              "kept in this browser and will be sent when the connection returns, "
                                              "or the next time you open this lesson."),
                           "replaying": _("Sending the results this browser kept from your last visit…"),
                           "preview": _("Preview: nothing you do here is recorded.")}}
    return render_template("learning/scorm_player.html", launch=launch, wrapper=wrapper, locked="", config=config,
                           sandbox=SANDBOX,
                           values_missing=bool(launch and launch.attempt and sq.values_missing(launch.attempt.id)),
                           **page)


def _flow_neighbours(version: Any, enrolment: Any, sco: Any) -> tuple[Any, Any]:
    """SCORM 2004: previous and next are the package's flow (``previous`` and ``continue`` requests), shown only
    where it allows them."""
    before, after = seq_operations.flow_neighbours(version, enrolment, sco)
    return tuple(navigation.Entry(s.identifier, s.title, 0, s, nav=nav) if s is not None else None
                 for s, nav in ((before, "previous"), (after, "continue")))


def _mtime(name: str) -> int:
    return int((STATIC / name).stat().st_mtime)


def _lessons_around(course: Any, lesson: Lesson) -> dict[str, Lesson | None]:
    lessons = [x for section in course.sections for x in section.lessons]
    index = lessons.index(lesson)
    return {"previous": lessons[index - 1] if index > 0 else None,
            "next": lessons[index + 1] if index + 1 < len(lessons) else None}


@bp.route("/scorm/lesson.js")
@public
def scorm_lesson_js() -> Response:
    """The lesson page's script (static, the same for everyone)."""
    return send_from_directory(STATIC, "scorm_lesson.js", mimetype="text/javascript", max_age=86400)
