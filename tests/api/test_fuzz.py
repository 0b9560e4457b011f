"""The API fuzzed from its own OpenAPI document (schemathesis, in-process against the WSGI app).

Every operation of ``/api/v1/openapi.json`` is called with generated parameters and bodies, by a service client
holding every scope but scoped to ministry A. No answer may be a 500, break the document (status, media type,
body, headers), or show anything of ministry B: its units' codes, its people's personal numbers or names, its
draft values. Examples per operation are few (``MAX_EXAMPLES``) so the whole run stays within two minutes.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from sqlalchemy import select

from common.models import Employee
from common.models.users import ME_OFFICER
from hrms.models import Appraisal
from learning.models import Enrolment
from monitoring.models import DataValue
from tests.api.conftest import bearer
from tests.api.test_learning_api import course_and_enrolments

MAX_EXAMPLES = 15


@pytest.fixture(scope="module")
def api_schema(app: Any) -> Any:
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture()
def fuzz_world(factory: Any, db: Any, service_client: Any) -> dict[str, Any]:
    ministry_a, ministry_b = factory.unit("MINA"), factory.unit("MINB")
    office = factory.unit("MINA-1", parent=ministry_a, kind="division")
    factory.employee(office)
    secret = factory.employee(ministry_b)
    document = factory.me_document(ministry_b, code="SECRETDOC", published=False)
    indicator = factory.me_indicator(document, code="SECRET-1")
    own = factory.me_document(ministry_a, code="OWNDOC", published=True)
    factory.me_indicator(own, code="OWN-1")
    db.session.add(DataValue(indicator_id=indicator.id, period="2024Q1", org_unit_id=ministry_b.id, value=4242.5,
                             status="draft"))
    factory.user(roles=[(ME_OFFICER, ministry_a)])
    course_and_enrolments(factory, office, ministry_b)
    secret_learner = db.session.execute(select(Enrolment.employee_id).join(Employee).where(
        Employee.org_unit_id == ministry_b.id)).scalar_one()
    factory.hr_cycle(ministry_b)
    factory.hr_cycle(ministry_a)
    for appraisal in db.session.execute(select(Appraisal)).scalars():
        appraisal.state, appraisal.score, appraisal.label = "released", 3.5, "good"
    db.session.commit()
    _row, token = service_client("Fuzzer", ["directory:read", "hr:read", "me:read", "me:write", "learning:read"],
                                 ministry_a)
    forbidden = ["MINB", secret.personal_number, f"{secret.first_name_en} {secret.last_name_en}", "SECRETDOC",
                 "SECRET-1", "4242.5", f'"employee_id":{secret_learner}', f'"employee_id": {secret_learner}']
    return {"token": token, "forbidden": forbidden}


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_every_operation_survives_fuzzing_within_its_scope(case: Any, fuzz_world: dict[str, Any]) -> None:
    # The in-process WSGI transport does not undo Content-Encoding, and the app compresses JSON for clients that
    # ask (Flask-Compress): this caller asks for the body as it is, as the document describes it.
    response = case.call_and_validate(headers={**bearer(fuzz_world["token"]), "Accept-Encoding": "identity"})
    assert response.status_code < 500
    body = response.text
    leaked = [marker for marker in fuzz_world["forbidden"] if marker in body]
    assert not leaked, f"{case.method} {case.formatted_path} showed data outside the caller's scope: {leaked}"
