"""Who may open the learning routes (see ``tests/matrix.py``).

{course} is provided by ministry A (where the learning administrator's scope is); the ``employee`` persona
is enrolled in it with {enrolment}, has {attempt} at its quiz {quiz}; {certificate} belongs to the ``person``
whose manager is the ``manager`` persona.
"""

from tests.matrix import EVERYONE, SIGNED_IN, Expected

PEOPLE = {"employee", "manager"}  # accounts linked to a person in the directory
EDITORS = {"learning_admin", "admin"}
LEARNERS_ADMIN = {"hr_in_scope", "hr_out_of_scope", "learning_admin", "admin"}

EXPECTED: Expected = {
    "learning.index": ("GET", "/learn/", SIGNED_IN),
    "learning.course": ("GET", "/learn/courses/{course}", SIGNED_IN),
    "learning.enrol": ("POST", "/learn/courses/{course}/enrol", PEOPLE),
    "learning.lesson": ("GET", "/learn/courses/{course}/lessons/{lesson}", {"employee"} | EDITORS),
    "learning.lesson_done": ("POST", "/learn/courses/{course}/lessons/{lesson}/done", {"employee"}),
    "learning.lesson_file": ("GET", "/learn/courses/{course}/lessons/{file_lesson}/file", {"employee"} | EDITORS),
    "learning.lesson_completion": ("GET", "/learn/api/lessons/{lesson}/completion", {"employee"}),
    "learning.start_attempt": ("POST", "/learn/quizzes/{quiz}/attempts", {"employee"}),
    "learning.attempt": ("GET", "/learn/attempts/{attempt}", {"employee"}),
    "learning.my_courses": ("GET", "/learn/my", PEOPLE),
    "learning.my_certificates": ("GET", "/learn/my/certificates", PEOPLE),
    "learning.transcript": ("GET", "/learn/my/transcript.pdf", PEOPLE),
    "learning.certificate": ("GET", "/learn/certificates/{certificate}.pdf",
                             {"manager", "hr_in_scope", "learning_admin", "admin"}),
    "learning.request_exemption": ("POST", "/learn/enrolments/{enrolment}/exemption", {"employee"}),
    "learning.admin_index": ("GET", "/learn/admin/", EDITORS),
    "learning.course_new": ("GET", "/learn/admin/courses/new", EDITORS),
    "learning.course_edit": ("GET", "/learn/admin/courses/{course}", EDITORS),
    "learning.course_results": ("GET", "/learn/admin/courses/{course}/results", EDITORS),
    "learning.course_results_csv": ("GET", "/learn/admin/courses/{course}/results.csv", EDITORS),
    "learning.course_publish": ("POST", "/learn/admin/courses/{course}/publish", EDITORS),
    "learning.section_add": ("POST", "/learn/admin/courses/{course}/sections", EDITORS),
    "learning.lesson_edit": ("GET", "/learn/admin/sections/{section}/lessons/{lesson}", EDITORS),
    "learning.question_edit": ("GET", "/learn/admin/courses/{course}/questions/{question}", EDITORS),
    "learning.compliance": ("GET", "/learn/admin/compliance", LEARNERS_ADMIN),
    "learning.remind_overdue": ("POST", "/learn/admin/compliance/remind", LEARNERS_ADMIN),
    "learning.course_enrolments": ("GET", "/learn/admin/courses/{course}/enrolments", LEARNERS_ADMIN),
    "learning.assign": ("GET", "/learn/assign", LEARNERS_ADMIN | {"manager"}),
    "learning.decide_request": ("POST", "/learn/admin/enrolments/{enrolment}/approve", EDITORS),
    "learning.decide_exemption": ("POST", "/learn/admin/enrolments/{enrolment}/exemption/reject", EDITORS),
    "learning.revoke": ("GET", "/learn/admin/certificates/{certificate}/revoke", EDITORS),
    "learning.rules": ("GET", "/learn/admin/rules", EDITORS),
    "learning.banks": ("GET", "/learn/admin/banks", EDITORS),
    "learning.bank": ("GET", "/learn/admin/banks/{bank}", EDITORS),
    "learning.bank_import": ("POST", "/learn/admin/banks/{bank}/import", EDITORS),
    "learning.bank_question": ("GET", "/learn/admin/banks/{bank}/questions/new", EDITORS),
    "learning.rule_active": ("POST", "/learn/admin/rules/{rule}/active", EDITORS),
    "verify.lookup": ("GET", "/verify/", EVERYONE),
    "verify.check": ("GET", "/verify/{code}", EVERYONE),
}

# SCORM lessons (learning/scorm), checked by test_scorm_permissions.py on a world with a package: {scorm_lesson} in
# {course}, its {scorm_version}, and {scorm_attempt} by the enrolled ``employee`` persona.
SCORM: Expected = {
    "learning.scorm_play": ("GET", "/learn/courses/{course}/lessons/{scorm_lesson}/play", {"employee"} | EDITORS),
    # The content origin's routes answer on the content host only, to an attempt's token, never to a session: on
    # the application's host nobody reaches them (test_scorm_serving.py checks them on the content host).
    "learning.scorm_wrapper": ("GET", "/learn/scorm/w/{scorm_version}", set()),
    "learning.scorm_content": ("GET", "/learn/scorm/c/{scorm_version}/index.html", set()),
    "learning.scorm_commit": ("POST", "/learn/scorm/w/{scorm_version}/commit", set()),
    "learning.scorm_api_js": ("GET", "/learn/scorm/api.js", set()),
    "learning.scorm_api2004_js": ("GET", "/learn/scorm/api2004.js", set()),
    "learning.scorm_lesson_js": ("GET", "/learn/scorm/lesson.js", EVERYONE),
    "learning.scorm_contents": ("GET", "/learn/courses/{course}/lessons/{scorm_lesson}/play/contents.json",
                                {"employee"} | EDITORS),
    "learning.scorm_contents_js": ("GET", "/learn/scorm/contents.js", EVERYONE),
    "learning.scorm_new": ("GET", "/learn/admin/sections/{section}/scorm/new", EDITORS),
    "learning.scorm_lesson": ("GET", "/learn/admin/lessons/{scorm_lesson}/scorm", EDITORS),
    "learning.scorm_details": ("POST", "/learn/admin/lessons/{scorm_lesson}/scorm/details", EDITORS),
    "learning.scorm_attempts": ("GET", "/learn/admin/lessons/{scorm_lesson}/scorm/attempts", EDITORS),
    "learning.scorm_attempt": ("GET", "/learn/admin/scorm/attempts/{scorm_attempt}", EDITORS),
}
EXPECTED |= SCORM

# cmi5 lessons (learning/cmi5), checked by test_cmi5_permissions.py: {cmi5_lesson} in {course} with its AU {cmi5_au}.
CMI5: Expected = {
    "learning.cmi5_play": ("GET", "/learn/courses/{course}/lessons/{cmi5_lesson}/cmi5", {"employee"} | EDITORS),
    # Editors are not enrolled: they are sent back to the lesson page, told that only learners open the units.
    "learning.cmi5_launch_au": ("GET", "/learn/courses/{course}/lessons/{cmi5_lesson}/cmi5/aus/{cmi5_au}/launch",
                                {"employee"} | EDITORS),
    # The content origin's routes answer on the content host only (test_cmi5_launch.py checks them there).
    "learning.cmi5_content": ("GET", "/learn/cmi5/c/{cmi5_lesson}/index.html", set()),
    "learning.cmi5_fetch": ("POST", "/learn/cmi5/fetch/{cmi5_lesson}", set()),
    "learning.cmi5_new": ("GET", "/learn/admin/sections/{section}/cmi5/new", EDITORS),
    "learning.cmi5_lesson": ("GET", "/learn/admin/lessons/{cmi5_lesson}/cmi5", EDITORS),
}
EXPECTED |= CMI5

# The second column: routes that show other people's personal data (declared with ``@personal_data``), and what.
# A certificate's public check shows its holder's name to anyone with the code: logged too, by address.
PERSONAL: dict[str, str] = {
    "learning.certificate": "certificate",
    "learning.revoke": "certificate",
    "learning.compliance": "compliance",
    "learning.assign": "search",
    "learning.course_enrolments": "enrolments",
    "learning.scorm_attempts": "scorm",
    "learning.scorm_attempt": "scorm",
    "learning.course_results": "scorm",
    "learning.course_results_csv": "scorm",
    "verify.lookup": "certificate",
    "verify.check": "certificate",
}

# The xAPI learning record store (issue 21): HTTP Basic credentials, not sessions.
from tests.learning.xapi.matrix_rows import XAPI, XAPI_PERSONAL  # noqa: E402

EXPECTED |= XAPI
PERSONAL |= XAPI_PERSONAL
