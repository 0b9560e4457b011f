"""Shared question banks: the list (by category) with a form for a new bank, a bank's page (its questions, the
quizzes using it, the spreadsheet import), and its questions' form (the same as a course's)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from common.errors import OperationError
from common.extensions import db
from common.i18n import gettext as _
from common.i18n import ngettext
from common.permissions import can_edit_bank, require
from common.web import refused
from learning import bank_queries, bp
from learning import operations as ops
from learning.forms import BankForm, ImportForm, question_form, question_values
from learning.models import Question, QuestionBank
from learning.question_import import COLUMNS, ImportRefused
from learning.views.helpers import actor


@bp.route("/admin/banks", methods=["GET", "POST"])
@require("learning.admin")
def banks() -> str | Response:
    form = BankForm()
    if form.validate_on_submit():
        try:
            bank = ops.create_bank({"name_ka": form.name_ka.data, "name_en": form.name_en.data,
                                    "category": form.category.data}, actor=actor())
        except OperationError as error:
            refused(error, form)
        else:
            flash(_("Question bank created."), "success")
            return redirect(url_for(".bank", bank_id=bank.id))
    return render_template("learning/banks.html", form=form, banks=bank_queries.question_banks(),
                           counts=bank_queries.question_counts())


def _bank(bank_id: int, *, edit: bool = False) -> QuestionBank:
    bank = db.session.get(QuestionBank, bank_id) or abort(404)
    if edit and not can_edit_bank(current_user, bank):
        abort(403)
    return bank


@bp.route("/admin/banks/<int:bank_id>")
@require("learning.admin")
def bank(bank_id: int) -> str:
    bank = _bank(bank_id)
    return render_template("learning/bank.html", bank=bank, questions=bank_queries.bank_questions(bank),
                           quizzes=bank_queries.bank_quizzes(bank), form=ImportForm(), columns=COLUMNS,
                           editable=can_edit_bank(current_user, bank), errors=[])


@bp.route("/admin/banks/<int:bank_id>/import", methods=["POST"])
@require("learning.admin")
def bank_import(bank_id: int) -> str | Response:
    """All or nothing: a file with any wrong row adds no question, and the page lists every problem."""
    bank = _bank(bank_id, edit=True)
    form, errors = ImportForm(), []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            added = ops.import_questions(bank, upload.read(), upload.filename or "", actor=actor())
        except ImportRefused as error:
            flash(str(error), "error")
            errors = error.errors
        except OperationError as error:
            refused(error, form)
        else:
            flash(ngettext("%(num)d question imported.", "%(num)d questions imported.", added), "success")
            return redirect(url_for(".bank", bank_id=bank.id))
    return render_template("learning/bank.html", bank=bank, questions=bank_queries.bank_questions(bank),
                           quizzes=bank_queries.bank_quizzes(bank), form=form, columns=COLUMNS, editable=True,
                           errors=errors), 422 if errors else 200


@bp.route("/admin/banks/<int:bank_id>/questions/new", methods=["GET", "POST"], defaults={"question_id": None})
@bp.route("/admin/banks/<int:bank_id>/questions/<int:question_id>", methods=["GET", "POST"])
@require("learning.admin")
def bank_question(bank_id: int, question_id: int | None) -> str | Response:
    bank = _bank(bank_id, edit=True)
    question = db.session.get(Question, question_id) if question_id else None
    if question_id and (question is None or question.bank_id != bank.id):
        abort(404)
    form = question_form(question)
    if form.validate_on_submit():
        values, choices = question_values(form)
        try:
            ops.save_question(None, values, choices, question=question, bank=bank, actor=actor())
        except OperationError as error:
            refused(error, form)
        else:
            flash(_("Question saved."), "success")
            return redirect(url_for(".bank", bank_id=bank.id))
    return render_template("learning/question_form.html", form=form, course=None, bank=bank, question=question)
