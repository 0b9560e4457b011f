"""Who may open the M&E routes (see ``tests/matrix.py``).

{document} is a published strategy owned by ministry B (the M&E officer's scope), {indicator} one of its
indicators reported by ministry B, {unit} ministry B, {evidence} an evidence file of one of its draft values,
{target} a target revision and {proposed_result} a result proposed by the M&E officer, {group} a group of values
the M&E officer submitted.
The M&E officer outside the agency (ministry A) reads the published strategy's approved data, never ministry B's
drafts or evidence, and changes nothing of it.
"""

from tests.matrix import EVERYONE, Expected, Writes

READ = {"admin", "me_officer", "me_approver", "me_out_of_agency"}  # approved data of a published strategy
USE = {"admin", "me_officer", "me_approver"}  # drafts and evidence: the agency's officers and the approvers
MANAGE = {"admin", "me_officer"}  # the officer's agency owns the document
ANY_OFFICER = {"admin", "me_officer", "me_out_of_agency"}  # pages for their own agency (new document, entry grid)
ENTER = {"admin", "me_officer"}
APPROVE = {"admin", "me_approver"}
VALUES = "period=2025Q1&unit={unit}"

EXPECTED: Expected = {
    "monitoring.index": ("GET", "/me/", READ),
    "monitoring.static": ("GET", "/me/static/monitoring.css", EVERYONE),
    "monitoring.new_document": ("GET", "/me/documents/new", ANY_OFFICER),
    "monitoring.document": ("GET", "/me/documents/{document}", READ),
    "monitoring.edit_document": ("GET", "/me/documents/{document}/edit", MANAGE),
    "monitoring.publish": ("POST", "/me/documents/{document}/publish", APPROVE),
    "monitoring.add_rule": ("POST", "/me/documents/{document}/rules", MANAGE),
    "monitoring.new_result": ("GET", "/me/documents/{document}/results/new", MANAGE),
    "monitoring.result": ("GET", "/me/results/{result}", READ),
    "monitoring.record_spending": ("POST", "/me/results/{result}/spending", ENTER),
    "monitoring.export": ("GET", "/me/documents/{document}/export.csv", READ),
    "monitoring.new_indicator": ("GET", "/me/documents/{document}/indicators/new", MANAGE),
    "monitoring.edit_indicator": ("GET", "/me/indicators/{indicator}/edit", MANAGE),
    "monitoring.indicator": ("GET", "/me/indicators/{indicator}", READ),
    "monitoring.values": ("GET", "/me/indicators/{indicator}/values?" + VALUES, READ),
    "monitoring.reopen": ("POST", "/me/indicators/{indicator}/values/reopen?" + VALUES, APPROVE),
    "monitoring.evidence": ("GET", "/me/evidence/{evidence}", USE),
    "monitoring.decide_target": ("POST", "/me/targets/{target}/decide", APPROVE),
    "monitoring.decide_change": ("POST", "/me/documents/{document}/changes/result/{proposed_result}", APPROVE),
    "monitoring.grid": ("GET", "/me/entry", ANY_OFFICER),
    "monitoring.approvals": ("GET", "/me/approvals", APPROVE),
    "monitoring.import_page": ("GET", "/me/import", ANY_OFFICER),
    "monitoring.import_template": ("GET", "/me/import/template.csv", ANY_OFFICER),
    "monitoring_api.submit_values": ("POST", "/api/me/values", ANY_OFFICER),
    "monitoring_api.indicator": ("GET", "/api/me/indicators/{indicator_code}", READ),
    "public.index": ("GET", "/public/", EVERYONE),
    "public.document": ("GET", "/public/documents/{document}", EVERYONE),
    "public.indicator": ("GET", "/public/indicators/{indicator}", EVERYONE),
    "public.open_data": ("GET", "/public/documents/{document}/data.csv", EVERYONE),
}

# Valid forms, posted in this order (see ``tests/matrix.py``): a draft saved, a target proposed, the officer's
# proposed target and submitted group decided by an approver (never by their author), an activity reported.
WRITES: Writes = {
    "save values": ("POST", "/me/indicators/{indicator}/values?" + VALUES, ENTER, {"v_0_value": "7", "action": "save"}),
    "propose a target": ("POST", "/me/indicators/{indicator}", MANAGE,
                         {"period": "2026", "value": "55", "reason": "Revised with the 2026 budget"}),
    "approve a target": ("POST", "/me/targets/{target}/decide", APPROVE, {"action": "approve"}),
    "approve a result": ("POST", "/me/documents/{document}/changes/result/{proposed_result}", APPROVE,
                         {"action": "approve"}),
    "approve values": ("POST", "/me/approvals", APPROVE, {"groups": ["{group}"], "action": "approve"}),
    "reopen values": ("POST", "/me/indicators/{indicator}/values/reopen?period=2025Q2&unit={unit}", APPROVE,
                      {"reason": "The register was corrected"}),
    "report an activity": ("POST", "/me/results/{result}", ENTER,
                           {"period": "2025S1", "status": "mostly", "narrative": "Two of three trainings held"}),
    "record spending": ("POST", "/me/results/{result}/spending", ENTER,
                        {"amount": "120000", "as_of": "2025-03-31", "note": "First instalment"}),
}
