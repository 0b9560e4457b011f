"""The content origin's side of a SCORM lesson: the wrapper that holds ``window.API``, the package's files, the
journal endpoint and the API script. Every route is a ``content_route``: it answers on the content host only, to
the token in its path (``learning.scorm.tokens``), never to a session.

The wrapper and the SCO share the content origin, so the SCO finds ``window.API`` through ``window.parent`` as
SCORM 1.2 requires. Their policies keep them there: the package's files load scripts, styles, fonts, media and
workers from the package's own folder (inline scripts and styles included, as authoring tools write them), connect
only to that folder, and may be framed only by the wrapper inside the application's lesson page; the wrapper
connects only to journal endpoints (its own, and those of entries an earlier visit left in its outbox).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import abort, g, render_template, request, send_file, send_from_directory, url_for
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.extensions import csrf, db
from common.models import User
from common.origins import content_origin, content_route
from learning import bp
from learning import queries as q
from learning.scorm import operations as ops
from learning.scorm import runtime, runtime2004, storage, tokens
from learning.scorm.models import PackageVersion, Sco, ScoAttempt

STATIC = Path(__file__).resolve().parent.parent / "static"
SCO_SANDBOX = "allow-scripts allow-same-origin allow-forms allow-modals allow-popups allow-downloads"
MAX_ENTRIES = 200  # journal entries taken in one request; the player sends the rest after the acknowledgement


def _grant(token: str) -> tuple[tokens.Grant, Sco]:
    grant = tokens.for_files(token) or abort(404)
    sco = db.session.get(Sco, grant.sco_id)
    if sco is None or sco.version_id != grant.version_id:
        abort(404)
    return grant, sco


def _folder(token: str) -> str:
    return content_origin() + url_for("learning.scorm_content", token=token, path="_")[:-1]


def launch_path(token: str, path: str, query: str) -> str:
    search, _sep, fragment = query.partition("#")
    return (url_for("learning.scorm_content", token=token, path=path) + (f"?{search}" if search else "")
            + (f"#{fragment}" if fragment else ""))


@bp.route("/scorm/w/<token>")
@content_route
def scorm_wrapper(token: str) -> str:
    """The page the lesson page frames: ``window.API`` for the SCO it frames, and the attempt's outbox."""
    grant, sco = _grant(token)
    attempt = db.session.get(ScoAttempt, grant.attempt_id) if grant.attempt_id else None
    if grant.attempt_id and (attempt is None or attempt.sco_id != sco.id):
        abort(404)
    config = {"commitUrl": url_for("learning.scorm_commit", token=token) if attempt else None,
              "attempt": attempt.id if attempt else None, "appOrigin": grant.app_origin,
              "values": ops.launch_values(sco, attempt, preview=attempt is None and not _enrolled_asset(grant, sco)),
              "model": runtime2004.MODEL if sco.version.standard == "2004" else runtime.MODEL,
              "standard": sco.version.standard,
              "launchUrl": launch_path(token, sco.launch, sco.launch_query)}
    own = content_origin()
    g.csp = (f"default-src 'none'; script-src {own}/learn/scorm/api.js {own}/learn/scorm/api2004.js; "
             f"style-src 'unsafe-inline'; "
             f"connect-src {own}/learn/scorm/w/; frame-src {_folder(token)}; "
             f"frame-ancestors {grant.app_origin}; base-uri 'none'; form-action 'none'; object-src 'none'")
    g.frame_policy = ""
    return render_template("learning/scorm_wrapper.html", config=config, sco=sco, sandbox=SCO_SANDBOX,
                           script_version=int((STATIC / "scorm_api.js").stat().st_mtime),
                           model_version=int((STATIC / "scorm2004_api.js").stat().st_mtime))


def _enrolled_asset(grant: tokens.Grant, sco: Sco) -> bool:
    """An asset opened by a learner enrolled in its course: opened in normal mode (launching it recorded it), not
    a preview, as on the lesson page (``operations.launch``)."""
    if sco.tracked:
        return False
    user = db.session.get(User, grant.user_id)
    course_id = sco.version.lesson.course_id
    enrolment = q.current_enrolments(user.employee_id if user else None, [course_id]).get(course_id)
    return enrolment is not None and enrolment.active


def content_policy(token: str, app_origin: str) -> str:
    """The package's own folder and nothing else, with what authoring tools' packages need from it; framed only
    by its wrapper (this origin) inside the application's lesson page."""
    own = _folder(token)
    return (f"default-src {own}; script-src {own} 'unsafe-inline' 'unsafe-eval' blob:; "
            f"style-src {own} 'unsafe-inline' blob:; img-src {own} data: blob:; media-src {own} data: blob:; "
            f"font-src {own} data:; connect-src {own}; worker-src {own} blob:; frame-src {own} blob:; "
            f"form-action {own}; frame-ancestors 'self' {app_origin}; base-uri {own}; object-src 'none'")


@bp.route("/scorm/c/<token>/<path:path>")
@content_route
def scorm_content(token: str, path: str) -> Response:
    """A file of a package, by its exact path, for whoever holds a token for one of its SCOs."""
    grant, _sco = _grant(token)
    version = db.session.get(PackageVersion, grant.version_id) or abort(404)
    file = storage.file_path(version.digest, path) or abort(404)
    kind = storage.content_type(path)
    response = send_file(file, mimetype=kind, conditional=True, etag=True, max_age=3600)
    response.headers["Content-Type"] = kind  # the package's own <meta charset> decides, as in any SCORM player
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    g.csp, g.frame_policy = content_policy(token, grant.app_origin), ""
    return response


def _entries() -> list[dict[str, Any]]:
    try:
        body = json.loads(request.get_data(cache=False) or b"null")  # a beacon's body is sent as text/plain
    except ValueError:
        body = None
    entries = body.get("entries") if isinstance(body, dict) else None
    return [e for e in entries[:MAX_ENTRIES] if isinstance(e, dict)] if isinstance(entries, list) else []


@bp.route("/scorm/w/<token>/commit", methods=["POST"])
@content_route
@csrf.exempt  # no cookie reaches this origin: the token in the path is the only credential
def scorm_commit(token: str) -> tuple[dict[str, Any], int]:
    """The attempt's journal: ``{"entries": [{kind, page, seq, start, values, calls}, ...]}`` in order. Answers how
    many entries are stored (``acked``); the player keeps the others and sends them again."""
    grant = tokens.for_commits(token)
    if grant is None or grant.attempt_id is None:
        abort(404)
    attempt = ops.lock_attempt(grant.attempt_id)
    user = db.session.get(User, grant.user_id)
    if attempt is None or attempt.sco_id != grant.sco_id or user is None or user.employee_id is None \
            or attempt.enrolment.employee_id != user.employee_id:
        abort(404)
    acked = 0
    for entry in _entries():
        try:
            ops.record_commit(attempt, entry, actor=user)
        except OperationError as error:
            db.session.rollback()
            return {"error": str(error), "acked": 0}, 409
        acked += 1
    return {"acked": acked, "lesson_status": attempt.lesson_status, "closed": attempt.closed}, 200


@bp.route("/scorm/api.js")
@content_route
def scorm_api_js() -> Response:
    """The wrapper's ``window.API`` (static, the same for everyone; the wrapper passes it its data)."""
    return send_from_directory(STATIC, "scorm_api.js", mimetype="text/javascript", max_age=86400)


@bp.route("/scorm/api2004.js")
@content_route
def scorm_api2004_js() -> Response:
    """The SCORM 2004 data model's rules for the wrapper's ``window.API_1484_11`` (static, as ``api.js``)."""
    return send_from_directory(STATIC, "scorm2004_api.js", mimetype="text/javascript", max_age=86400)
