"""The learner's own pages: my courses, my certificates (PDF), my transcript (PDF), asking for an exemption."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from common.errors import OperationError
from common.extensions import db
from common.i18n import gettext as _
from common.permissions import can_view_certificate, require
from common.reads import personal_data, shows
from common.web import refused
from learning import bp
from learning import operations as ops
from learning import queries as q
from learning.certificates import certificate_pdf, transcript_pdf
from learning.dates import today
from learning.forms import ReasonForm
from learning.models import Certificate, Enrolment
from learning.views.helpers import actor, learner


def _pdf(data: bytes, name: str) -> Response:
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/my")
@require("signed_in")
def my_courses() -> str:
    person = learner()
    return render_template("learning/my_courses.html", courses=q.my_courses(person.id, today()), form=ReasonForm())


@bp.route("/my/certificates")
@require("signed_in")
def my_certificates() -> str:
    person = learner()
    return render_template("learning/my_certificates.html", certificates=q.my_certificates(person.id),
                           history=q.transcript(person.id))


@bp.route("/certificates/<int:certificate_id>.pdf")
@require("signed_in")
@personal_data("certificate")
def certificate(certificate_id: int) -> Response:
    certificate = db.session.get(Certificate, certificate_id) or abort(404)
    if not can_view_certificate(current_user, certificate):
        abort(403)
    shows(certificate.employee_id, about=certificate)
    return _pdf(certificate_pdf(certificate), f"{certificate.serial}.pdf")


@bp.route("/my/transcript.pdf")
@require("signed_in")
def transcript() -> Response:
    person = learner()
    return _pdf(transcript_pdf(person, q.transcript(person.id)), f"transcript-{person.personal_number}.pdf")


@bp.route("/enrolments/<int:enrolment_id>/exemption", methods=["POST"])
@require("signed_in")
def request_exemption(enrolment_id: int) -> Response:
    enrolment = db.session.get(Enrolment, enrolment_id) or abort(404)
    if enrolment.employee_id != learner().id:
        abort(404)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            ops.request_exemption(enrolment, form.reason.data, actor=actor())
        except OperationError as error:
            refused(error)
        else:
            flash(_("Your exemption request was sent to the learning administrator."), "success")
    else:
        flash(_("Give the reason for the exemption (at least 5 characters)."), "error")
    return redirect(url_for(".my_courses"))
