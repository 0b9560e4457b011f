"""The auditor's page: filter the log by person, object, action and date."""

from __future__ import annotations

from flask import current_app, render_template, request

from common.auditlog import bp, describe, present
from common.auditlog import queries as q
from common.auditlog.forms import AuditFilterForm, rendered_fields
from common.i18n import get_locale
from common.i18n import lazy_gettext as _l
from common.permissions import require
from common.reads import personal_data
from common.shell_url import shell_url


@bp.route("/")
@require("audit.view")
@personal_data("audit")
def index() -> str:
    form = AuditFilterForm(request.args)
    locale, actions = get_locale(), q.known_actions()
    form.action.choices = [("", _l("All")), *describe.filter_choices(actions, str(locale))]
    valid = form.validate()
    filters = q.AuditFilter(page=request.args.get("page", 1, type=int))
    if valid:
        filters = q.AuditFilter(
            person=(form.person.data or "").strip(), looked_at=(form.looked_at.data or "").strip(),
            object_type=(form.object_type.data or "").strip(),
            object_id=(form.object_id.data or "").strip(), action=form.action.data or "", kind=form.kind.data or "",
            date_from=form.date_from.data, date_to=form.date_to.data, page=filters.page,
        )
    page = q.audit_events(filters, current_app.config["PAGE_SIZE"] * 2, current_app.config["AUDIT_COUNT_CAP"])
    english = locale.language == "en"
    rows = present.rows(page.items, q.subjects_of(page.items), describe.object_names(page.items),
                        describe.labels(page.items), shell_url("auditlog.index") + "?looked_at=", english)
    return render_template("audit/index.html", fields=rendered_fields(form, actions, str(locale)), page=page, rows=rows)
