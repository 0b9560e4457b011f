"""The lesson page's table of contents, refreshed without a reload: a small JSON of each item's status and lock,
and the script that applies it and moves on to the next part when one finishes."""

from __future__ import annotations

from typing import Any

from flask import abort, request, send_from_directory, url_for
from werkzeug.wrappers import Response

from common.permissions import public, require
from learning import bp
from learning import queries as q
from learning.scorm import navigation, seq_operations
from learning.scorm import queries as sq
from learning.scorm.forms import STATUS_LABELS
from learning.scorm.views.player import STATIC, learner_lesson

SCRIPT = "scorm_contents.js"
SCRIPT_VERSION = int((STATIC / SCRIPT).stat().st_mtime)


@bp.context_processor
def _contents_script() -> dict[str, Any]:
    return {"contents_script_version": SCRIPT_VERSION}


@bp.route("/courses/<int:course_id>/lessons/<int:lesson_id>/play/contents.json")
@require("signed_in")
def scorm_contents(course_id: int, lesson_id: int) -> dict[str, Any]:
    """Each item's status and lock for the learner, the lesson's completion, and where "next" leads from the item
    given as ``sco`` (when it is done and the next item is open)."""
    course, lesson, enrolment = learner_lesson(course_id, lesson_id)
    version = sq.version_for(lesson, enrolment) or abort(404)
    toc = navigation.contents(version, enrolment)
    items = [{"sco": e.sco.id, "title": e.title, "status": e.status, "done": e.done, "locked": e.locked,
              "reason": e.reason, "label": str(STATUS_LABELS.get(e.status, "")) if e.status != "not attempted" else "",
              "url": url_for(".scorm_play", course_id=course.id, lesson_id=lesson.id, sco=e.sco.id)}
             for e in toc.items]
    current = next((e for e in toc.items if e.sco.id == request.args.get("sco", type=int)), None)
    if version.standard == "2004":  # where the sequencer moved after the SCO's navigation request, if anywhere
        after = seq_operations.moved_to(version, enrolment, current.sco) if current is not None else None
        move_on = url_for(".scorm_play", course_id=course.id, lesson_id=lesson.id, sco=after.sco.id) \
            if after is not None else None
    else:
        after = toc.neighbours(current.sco)[1] if current is not None else None
        move_on = url_for(".scorm_play", course_id=course.id, lesson_id=lesson.id, sco=after.sco.id) \
            if current is not None and current.done and after is not None and not after.locked else None
    return {"items": items, "lesson_done": lesson.id in q.done_lessons(enrolment), "next": move_on,
            "next_title": after.title if move_on else None}


@bp.route("/scorm/contents.js")
@public
def scorm_contents_js() -> Response:
    return send_from_directory(STATIC, SCRIPT, mimetype="text/javascript", max_age=86400)
