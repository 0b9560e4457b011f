"""Input no page expects answers 400 or 404 with the suite's error page, never a 500."""

from __future__ import annotations

import sys

import pytest

from common.models.users import ADMIN, AUDITOR, ME_APPROVER

HUGE = "9223372036854775807"


def test_an_unknown_group_in_the_approval_queue_is_a_message_not_a_500(login_as, factory, db):
    client = login_as(factory.user(roles=[(ME_APPROVER, None)]))
    response = client.post("/me/approvals", data={"groups": ["1:2025:424242"], "action": "approve"},
                           follow_redirects=True)
    assert response.status_code == 200
    assert "Some of the chosen rows do not exist" in response.get_data(as_text=True)
    for token in (f"{HUGE}:2025:1", f"1:2025:{HUGE}", "²:2025:1", "1:2025:", "::", "x"):
        response = client.post("/me/approvals", data={"groups": [token], "action": "approve"}, follow_redirects=True)
        assert response.status_code == 200, token
        assert "Choose at least one row." in response.get_data(as_text=True), token


@pytest.mark.parametrize("path", ["/directory/employees", "/learn/", "/directory/accounts/"])
def test_a_huge_page_number_shows_the_last_page(login_as, factory, db, path):
    unit = factory.unit()
    factory.employee(unit)
    client = login_as(factory.user(roles=[(ADMIN, None)], employee=factory.employee(unit)))
    for page in (HUGE, "99999999999999999999999999", "-5", "0", "abc"):
        assert client.get(f"{path}?page={page}").status_code == 200, page


def test_a_huge_page_number_in_the_audit_log(login_as, factory, db):
    client = login_as(factory.user(roles=[(AUDITOR, None)]))
    assert client.get(f"/audit/?page={HUGE}").status_code == 200


def test_ids_too_large_for_any_table_are_404_or_400(login_as, factory, db):
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    assert client.get(f"/directory/employees/{HUGE}").status_code == 404
    assert client.get(f"/directory/units/{HUGE}0000").status_code == 404
    assert client.get(f"/directory/employees?unit={HUGE}0000").status_code in (200, 400)


@pytest.mark.parametrize("path", [
    "/dashboards/_dash-component-suites/dash/../../../etc/passwd",
    "/dashboards/_dash-component-suites/dash/%2e%2e/%2e%2e/__init__.py",
    "/dashboards/_dash-component-suites/dash/..%2f..%2f__init__.py",
    "/dashboards/_dash-component-suites/dash/..%5c..%5capp.py",
    "/dashboards/_dash-component-suites/plotly/../dash/__init__.py",
    "/dashboards/_dash-component-suites/nonexistent/x.js",
    "/dashboards/_dash-component-suites/dash/deps/nope.js",
])
def test_traversal_on_dash_component_suites_is_404(login_as, factory, db, path):
    client = login_as(factory.user(roles=[(ADMIN, None)]))
    response = client.get(path)
    assert response.status_code == 404
    assert "root:" not in response.get_data(as_text=True)


def test_dash_page_config_names_no_versions(login_as, factory, db):
    import dash
    import plotly

    client = login_as(factory.user(roles=[(ADMIN, None)]))
    page = client.get("/dashboards/").get_data(as_text=True)
    config = page.split('id="_dash-config"', 1)[1].split("</script>", 1)[0]
    for leak in ("dash_version", "python_version", "plotly_version", sys.version.split()[0], dash.__version__,
                 plotly.__version__):
        assert leak not in config, leak
