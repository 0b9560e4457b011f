"""Who may open the reporting routes and every route of the Dash app (see ``tests/matrix.py``).

``{unit}`` is ministry A; ``{job}`` a finished report job of the ``hr_in_scope`` persona (nobody else's).
The callback endpoint needs a JSON body: ``test_permissions_matrix.py`` posts a real one for every persona.
"""

from tests.matrix import SIGNED_IN, Expected

HR_STATISTICS = {"hr_in_scope", "me_approver", "admin"}  # hr_out_of_scope: ministry A is outside their scope
DASHBOARDS = {"hr_in_scope", "hr_out_of_scope", "me_officer", "me_out_of_agency", "me_approver", "learning_admin",
              "admin"}
HR_DASHBOARD = {"hr_in_scope", "hr_out_of_scope", "me_approver", "admin"}
ME_DASHBOARD = {"me_officer", "me_out_of_agency", "me_approver", "admin"}
ME_STRATEGY = {"me_officer", "me_approver", "admin"}  # {document} is ministry B's: not the officer outside it
LEARNING_DASHBOARD = {"hr_in_scope", "hr_out_of_scope", "learning_admin", "admin"}
LEARNING_STATISTICS = {"hr_in_scope", "learning_admin", "admin"}  # hr_out_of_scope: ministry A is outside scope
CALLBACK = "/dashboards/_dash-update-component"

EXPECTED: Expected = {
    "reports.index": ("GET", "/reports/", SIGNED_IN),
    "reports.hr": ("GET", "/reports/hr?unit={unit}", HR_STATISTICS),
    "reports.hr_export": ("GET", "/reports/hr/by_rank.csv?unit={unit}", HR_STATISTICS),
    "reports.hr_report_request": ("POST", "/reports/hr/report", HR_STATISTICS | {"hr_out_of_scope"}),
    "reports.me": ("GET", "/reports/me", ME_DASHBOARD),
    "reports.me_export": ("GET", "/reports/me/levels.csv?document={document}", ME_STRATEGY),
    "reports.me_pivot_export": ("GET", "/reports/me/pivot.csv?document={document}", ME_STRATEGY),
    "reports.me_report_request": ("POST", "/reports/me/report", ME_DASHBOARD),
    "reports.learning": ("GET", "/reports/learning?unit={unit}", LEARNING_STATISTICS),
    "reports.learning_export": ("GET", "/reports/learning/courses.csv?unit={unit}", LEARNING_STATISTICS),
    "reports.learning_report_request": ("POST", "/reports/learning/report", LEARNING_DASHBOARD),
    "reports.job": ("GET", "/reports/jobs/{job}", {"hr_in_scope"}),
    "reports.job_file": ("GET", "/reports/jobs/{job}/file", {"hr_in_scope"}),
    "/dashboards/": ("GET", "/dashboards/", DASHBOARDS),
    "/dashboards/<path:path>": ("GET", "/dashboards/hr", HR_DASHBOARD),
    "/dashboards/_dash-layout": ("GET", "/dashboards/_dash-layout", DASHBOARDS),
    "/dashboards/_dash-dependencies": ("GET", "/dashboards/_dash-dependencies", DASHBOARDS),
    CALLBACK: ("POST", CALLBACK, DASHBOARDS),
    "/dashboards/_dash-component-suites/<string:package_name>/<path:fingerprinted_path>": (
        "GET", "/dashboards/_dash-component-suites/dash/dash-renderer/build/dash_renderer.min.js", DASHBOARDS),
    "/dashboards/_reload-hash": ("GET", "/dashboards/_reload-hash", DASHBOARDS),
    "/dashboards/_favicon.ico": ("GET", "/dashboards/_favicon.ico", DASHBOARDS),
    "_dashboards_dash_assets.static": ("GET", "/dashboards/assets/dashboards.css", DASHBOARDS),
}

# Dashboard pages share the ``/dashboards/<path:path>`` endpoint: each page URL is checked by role here as well.
PAGES: dict[str, tuple[str, str, set[str]]] = {
    "hr": ("GET", "/dashboards/hr", HR_DASHBOARD),
    "me": ("GET", "/dashboards/me", ME_DASHBOARD),
    "learning": ("GET", "/dashboards/learning", LEARNING_DASHBOARD),
}
