"""Who may open the M&E routes (see ``tests/matrix.py``).

{document} is a published strategy owned by ministry B (the M&E officer's scope), {indicator} one of its
indicators reported by ministry B, {unit} ministry B, {evidence} an evidence file of one of its values.
"""

from tests.matrix import EVERYONE, Expected

USE = {"admin", "me_officer", "me_approver"}
MANAGE = {"admin", "me_officer"}  # the officer's agency owns the document
ENTER = {"admin", "me_officer"}
APPROVE = {"admin", "me_approver"}
VALUES = "period=2025Q1&unit={unit}"

EXPECTED: Expected = {
    "monitoring.index": ("GET", "/me/", USE),
    "monitoring.static": ("GET", "/me/static/monitoring.css", EVERYONE),
    "monitoring.new_document": ("GET", "/me/documents/new", MANAGE),
    "monitoring.document": ("GET", "/me/documents/{document}", USE),
    "monitoring.edit_document": ("GET", "/me/documents/{document}/edit", MANAGE),
    "monitoring.publish": ("POST", "/me/documents/{document}/publish", APPROVE),
    "monitoring.add_rule": ("POST", "/me/documents/{document}/rules", MANAGE),
    "monitoring.new_result": ("GET", "/me/documents/{document}/results/new", MANAGE),
    "monitoring.result": ("GET", "/me/results/{result}", USE),
    "monitoring.export": ("GET", "/me/documents/{document}/export.csv", USE),
    "monitoring.new_indicator": ("GET", "/me/documents/{document}/indicators/new", MANAGE),
    "monitoring.edit_indicator": ("GET", "/me/indicators/{indicator}/edit", MANAGE),
    "monitoring.indicator": ("GET", "/me/indicators/{indicator}", USE),
    "monitoring.values": ("GET", "/me/indicators/{indicator}/values?" + VALUES, USE),
    "monitoring.reopen": ("POST", "/me/indicators/{indicator}/values/reopen?" + VALUES, APPROVE),
    "monitoring.evidence": ("GET", "/me/evidence/{evidence}", USE),
    "monitoring.grid": ("GET", "/me/entry", ENTER),
    "monitoring.approvals": ("GET", "/me/approvals", APPROVE),
    "monitoring.import_page": ("GET", "/me/import", ENTER),
    "monitoring.import_template": ("GET", "/me/import/template.csv", ENTER),
    "monitoring_api.submit_values": ("POST", "/api/me/values", ENTER),
    "monitoring_api.indicator": ("GET", "/api/me/indicators/{indicator_code}", USE),
    "public.index": ("GET", "/public/", EVERYONE),
    "public.document": ("GET", "/public/documents/{document}", EVERYONE),
    "public.indicator": ("GET", "/public/indicators/{indicator}", EVERYONE),
    "public.open_data": ("GET", "/public/documents/{document}/data.csv", EVERYONE),
}
