"""Who may open the API's routes with a browser session (see ``tests/matrix.py``).

``/api/v1`` never reads the session cookie: every data route refuses every persona's session (401), whatever their
roles; tokens are tested in ``test_tokens.py``. The OpenAPI document and its page are public; the token page is
every signed-in person's own.
"""

from tests.matrix import EVERYONE, SIGNED_IN, Expected

EXPECTED: Expected = {
    "api-docs.openapi_json": ("GET", "/api/v1/openapi.json", EVERYONE),
    "api_docs.page": ("GET", "/api/v1/docs", EVERYONE),
    "api_docs.static": ("GET", "/api/v1/docs/assets/swagger-ui.css", EVERYONE),
    "api_oauth.issue_token": ("POST", "/api/v1/oauth/token", set()),
    "api_directory.org_units": ("GET", "/api/v1/directory/org-units", set()),
    "api_directory.org_unit": ("GET", "/api/v1/directory/org-units/{unit}", set()),
    "api_directory.positions": ("GET", "/api/v1/directory/positions", set()),
    "api_directory.employees": ("GET", "/api/v1/directory/employees", set()),
    "api_directory.employee": ("GET", "/api/v1/directory/employees/{employee}", set()),
    "api_me.documents": ("GET", "/api/v1/me/documents", set()),
    "api_me.indicators": ("GET", "/api/v1/me/indicators", set()),
    "api_me.values": ("GET", "/api/v1/me/values", set()),
    "api_me.submit_values": ("POST", "/api/v1/me/values", set()),
    "api_hr.cycles": ("GET", "/api/v1/hr/cycles", set()),
    "api_hr.results": ("GET", "/api/v1/hr/cycles/1/results", set()),
    "api_hr.cpd": ("GET", "/api/v1/hr/cpd", set()),
    "api_learning.courses": ("GET", "/api/v1/learning/courses", set()),
    "api_learning.enrolments": ("GET", "/api/v1/learning/enrolments", set()),
    "api_learning.certificates": ("GET", "/api/v1/learning/certificates", set()),
    "api_tokens.index": ("GET", "/account/tokens", SIGNED_IN),
    "api_tokens.revoke": ("POST", "/account/tokens/1/revoke", SIGNED_IN),
}

PERSONAL = {
    "api_directory.employees": "search",
    "api_directory.employee": "profile",
    "api_hr.results": "appraisal",
    "api_hr.cpd": "development",
    "api_learning.enrolments": "learning",
    "api_learning.certificates": "certificate",
}
