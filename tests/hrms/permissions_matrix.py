"""Who may open the HR routes (see ``tests/matrix.py``).

{cycle} runs over ministry A; {appraisal} is the ``employee`` persona's own, evaluated by the
``manager`` persona; {appeal} and {proposal} concern the ``person`` of the base world (same manager);
{feedback} asks the ``employee`` persona about that person. POSTs are sent empty: a person allowed in
gets the page back with the reason (or a redirect), anyone else a refusal.
"""

from tests.matrix import SIGNED_IN, Expected, Writes

HR = {"admin", "hr_in_scope", "hr_out_of_scope"}
HR_IN_SCOPE = {"admin", "hr_in_scope"}
VIEWERS = {"employee", "manager", "admin", "hr_in_scope"}
APPRAISAL = "/hr/appraisals/{appraisal}"

EXPECTED: Expected = {
    "hrms.index": ("GET", "/hr/", SIGNED_IN),
    "hrms.team": ("GET", "/hr/team", SIGNED_IN),
    "hrms.templates": ("GET", "/hr/templates", HR),
    "hrms.template_edit": ("GET", "/hr/templates/new", HR),
    "hrms.cycles": ("GET", "/hr/cycles", HR),
    "hrms.cycle_new": ("GET", "/hr/cycles/new", HR),
    "hrms.cycle": ("GET", "/hr/cycles/{cycle}", HR_IN_SCOPE),
    "hrms.cycle_generate": ("POST", "/hr/cycles/{cycle}/generate", HR_IN_SCOPE),
    "hrms.cycle_release": ("POST", "/hr/cycles/{cycle}/release", HR_IN_SCOPE),
    "hrms.cycle_finalise": ("POST", "/hr/cycles/{cycle}/finalise", HR_IN_SCOPE),
    "hrms.calibration": ("GET", "/hr/cycles/{cycle}/calibration", HR_IN_SCOPE),
    "hrms.calibrate": ("POST", "/hr/cycles/{cycle}/calibration/{appraisal}", HR_IN_SCOPE),
    "hrms.calibrate_many": ("POST", "/hr/cycles/{cycle}/calibration", HR_IN_SCOPE),
    "hrms.consequences": ("GET", "/hr/cycles/{cycle}/consequences", HR_IN_SCOPE),
    "hrms.decide_consequence": ("POST", "/hr/consequences/{proposal}", HR_IN_SCOPE),
    "hrms.appraisal": ("GET", APPRAISAL, VIEWERS),
    "hrms.save_objectives": ("POST", APPRAISAL + "/objectives", VIEWERS),
    "hrms.agree_objectives": ("POST", APPRAISAL + "/agree", VIEWERS),
    "hrms.add_evidence": ("POST", APPRAISAL + "/objectives/{objective}/evidence", VIEWERS),
    "hrms.record_midyear": ("POST", APPRAISAL + "/midyear", VIEWERS),
    "hrms.self_assessment": ("POST", APPRAISAL + "/self-assessment", VIEWERS),
    "hrms.manager_assessment": ("POST", APPRAISAL + "/assessment", VIEWERS),
    "hrms.release": ("POST", APPRAISAL + "/release", HR_IN_SCOPE),
    "hrms.finalise": ("POST", APPRAISAL + "/finalise", HR_IN_SCOPE),
    "hrms.acknowledge": ("POST", APPRAISAL + "/acknowledge", VIEWERS),
    "hrms.appeal": ("POST", APPRAISAL + "/appeal", VIEWERS),
    "hrms.change_evaluator": ("POST", APPRAISAL + "/evaluator", HR_IN_SCOPE),
    "hrms.record_interim": ("POST", APPRAISAL + "/interim/{interim}", VIEWERS),
    # The person appraised neither chooses nor sees whom feedback is asked of: the manager and HR do.
    "hrms.request_feedback": ("POST", APPRAISAL + "/feedback", VIEWERS - {"employee"}),
    "hrms.close_feedback": ("POST", APPRAISAL + "/feedback/close", VIEWERS - {"employee"}),
    "hrms.appeals": ("GET", "/hr/appeals", HR),
    "hrms.appeal_detail": ("GET", "/hr/appeals/{appeal}", HR_IN_SCOPE),
    "hrms.assign_reviewer": ("POST", "/hr/appeals/{appeal}/reviewer", HR_IN_SCOPE),
    "hrms.decide_appeal": ("POST", "/hr/appeals/{appeal}/decision", HR_IN_SCOPE),
    "hrms.feedback_answer": ("GET", "/hr/feedback/{feedback}", {"employee"}),
    # The official form: whoever may open the appraisal prints it (showing no more than the page).
    "hrms.appraisal_form_pdf": ("GET", APPRAISAL + "/form.pdf", VIEWERS),
    # Lists to work from and safe bulk actions (issue 17): HR in scope of the cycle; a person's appraisals for the
    # person, their manager and HR in scope of their unit.
    "hrms.cycle_appraisals": ("GET", "/hr/cycles/{cycle}/appraisals?no_evaluator=1", HR_IN_SCOPE),
    "hrms.cycle_appraisals_export": ("GET", "/hr/cycles/{cycle}/appraisals.csv", HR_IN_SCOPE),
    "hrms.list_assign_evaluator": ("POST", "/hr/cycles/{cycle}/appraisals/{appraisal}/evaluator", HR_IN_SCOPE),
    "hrms.person_appraisals": ("GET", "/hr/people/{employee}/appraisals", {"manager", "hr_in_scope", "admin"}),
    "hrms.cycle_release_confirm": ("GET", "/hr/cycles/{cycle}/release/confirm", HR_IN_SCOPE),
    "hrms.cycle_cancel": ("GET", "/hr/cycles/{cycle}/cancel", HR_IN_SCOPE),
    "hrms.cycle_remind": ("POST", "/hr/cycles/{cycle}/remind", HR_IN_SCOPE),
}

# Professional development (checked by ``test_development_permissions.py``): {employee} is the base world's
# ``person``, whose manager is the ``manager`` persona; {need}, {plan} and {action} are theirs. The analysis is
# asked for ministry A ({unit}), which HR out of scope may not read.
PD = "/hr/development"
DEVELOPMENT_VIEWERS = {"manager", "hr_in_scope", "admin"}
HR_DEVELOPMENT = {"admin", "hr_in_scope", "hr_out_of_scope"}
DEVELOPMENT: Expected = {
    "hrms.development": ("GET", PD + "/", SIGNED_IN),
    "hrms.development_person": ("GET", PD + "/people/{employee}", DEVELOPMENT_VIEWERS),
    "hrms.add_need": ("POST", PD + "/people/{employee}/needs", DEVELOPMENT_VIEWERS),
    "hrms.dismiss_need": ("POST", PD + "/needs/{need}/dismiss", DEVELOPMENT_VIEWERS),
    "hrms.start_plan": ("POST", PD + "/people/{employee}/plans", DEVELOPMENT_VIEWERS),
    "hrms.save_plan": ("POST", PD + "/plans/{plan}", DEVELOPMENT_VIEWERS),
    "hrms.choose_course": ("POST", PD + "/plans/{plan}/courses", DEVELOPMENT_VIEWERS),
    "hrms.add_action": ("POST", PD + "/plans/{plan}/actions", DEVELOPMENT_VIEWERS),
    "hrms.complete_action": ("POST", PD + "/actions/{action}/complete", DEVELOPMENT_VIEWERS),
    "hrms.cancel_action": ("POST", PD + "/actions/{action}/cancel", DEVELOPMENT_VIEWERS),
    "hrms.approve_hours": ("POST", PD + "/actions/{action}/hours", DEVELOPMENT_VIEWERS),
    "hrms.development_record": ("GET", PD + "/people/{employee}/record", DEVELOPMENT_VIEWERS),
    "hrms.development_record_export": ("GET", PD + "/people/{employee}/record.csv", DEVELOPMENT_VIEWERS),
    "hrms.development_plan_pdf": ("GET", PD + "/plans/{plan}/plan.pdf", DEVELOPMENT_VIEWERS),
    "hrms.needs_analysis": ("GET", PD + "/analysis?unit={unit}", {"admin", "hr_in_scope", "learning_admin"}),
    "hrms.needs_analysis_export": ("GET", PD + "/analysis.xlsx?unit={unit}", {"admin", "hr_in_scope",
                                                                             "learning_admin"}),
    "hrms.programmes": ("GET", PD + "/programmes", HR_DEVELOPMENT),
    "hrms.programme_compliance": ("GET", PD + "/programmes/compliance", HR_DEVELOPMENT),
    "hrms.programme_compliance_export": ("GET", PD + "/programmes/compliance.csv", HR_DEVELOPMENT),
}
EXPECTED |= DEVELOPMENT

# Valid forms (see ``tests/matrix.py``): HR in scope names an evaluator and an appeal committee; the manager and HR
# in scope record a need, save the plan and approve the hours the person declared. HR of another ministry, the M&E
# officers and everyone else are refused however valid the form.
WRITES: Writes = {
    "change the evaluator": ("POST", APPRAISAL + "/evaluator", HR_IN_SCOPE, {"personal_number": "{person_number}"}),
    "assign an appeal committee": ("POST", "/hr/appeals/{appeal}/reviewer", HR_IN_SCOPE,
                                   {"committee": "Appeals committee of the ministry"}),
}
DEVELOPMENT_WRITES: Writes = {
    "record a need": ("POST", PD + "/people/{employee}/needs", DEVELOPMENT_VIEWERS,
                      {"competency_id": "{competency}", "priority": "high", "note": "New duties"}),
    "save the plan": ("POST", PD + "/plans/{plan}", DEVELOPMENT_VIEWERS,
                      {"goals": "Lead the budget reform", "due_date": "{due_date}"}),
    "approve declared hours": ("POST", PD + "/actions/{done_action}/hours", DEVELOPMENT_VIEWERS, {}),
}

# The second column: routes that show other people's personal data (declared with ``@personal_data``), and what.
# Every route of an appraisal shows it (a refused form is shown again with the appraisal).
PERSONAL: dict[str, str] = {
    endpoint: "appraisal" for endpoint, (_method, url, _who) in EXPECTED.items() if url.startswith(APPRAISAL)
} | {
    "hrms.team": "team",
    "hrms.cycle": "appraisal",
    "hrms.calibration": "calibration",
    "hrms.calibrate": "calibration",
    "hrms.calibrate_many": "calibration",
    "hrms.consequences": "consequences",
    "hrms.appeals": "appraisal",
    "hrms.appeal_detail": "appraisal",
    "hrms.assign_reviewer": "appraisal",
    "hrms.decide_appeal": "appraisal",
    "hrms.feedback_answer": "appraisal",
    "hrms.cycle_appraisals": "appraisal",
    "hrms.cycle_appraisals_export": "export",
    "hrms.list_assign_evaluator": "appraisal",
    "hrms.person_appraisals": "appraisal",
    "hrms.cycle_release_confirm": "appraisal",
    "hrms.development": "development",
    "hrms.development_person": "development",
    "hrms.add_need": "development",
    "hrms.save_plan": "development",
    "hrms.add_action": "development",
    "hrms.complete_action": "development",
    "hrms.development_record": "development",
    "hrms.development_record_export": "development",
    "hrms.development_plan_pdf": "development",
    "hrms.programme_compliance": "compliance",
    "hrms.programme_compliance_export": "compliance",
}
